// A small governed MCP server on MCP TypeScript SDK 2.x (@modelcontextprotocol/server) over stdio,
// spawned by the package's 2.x tests with plain `node`. It imports the built packages like a user
// would, is served by `serveStdio` (a 2026-07-28 client and a 2025-era client both get an instance
// from the factory), and ends by itself when its client closes stdin: nothing keeps it alive afterwards.
//
// Env: ASCEND_API_URL, ASCEND_API_KEY (required); FIXTURE_PROGRESS_MS, FIXTURE_POLL_MS tune the
// approval wait for scaled-down tests.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { AscendClient } from '@ascend/node';
import { governedServer, stderrJsonLogger } from '@ascend/mcp/server';

const ascend = new AscendClient({ agentId: 'ops-mcp-v2', agentName: 'Ops server (MCP SDK 2.x)', logger: stderrJsonLogger, retry: { maxRetries: 0 } });
function buildServer() {
  const server = new McpServer({ name: 'ops', version: '1.0.0' });
  const tools = governedServer(server, ascend, {
    serverName: 'ops',
    logger: stderrJsonLogger,
    logLevel: 'info',
    approvalPollIntervalMs: Number(process.env.FIXTURE_POLL_MS ?? 100),
    approvalProgressIntervalMs: Number(process.env.FIXTURE_PROGRESS_MS ?? 15_000),
  });
  tools.tool(
    'read_config',
    { description: 'Read a configuration value', inputSchema: z.object({ key: z.string() }), annotations: { readOnlyHint: true }, governance: { actionType: 'config.read' } },
    async ({ key }) => ({ content: [{ type: 'text', text: `value of ${key}` }] }),
  );
  tools.highRiskTool(
    'restart',
    {
      description: 'Restart a service (a human approves)',
      inputSchema: z.object({ service: z.string() }),
      governance: { actionType: 'service.restart', resource: ({ service }) => service },
    },
    async ({ service }) => {
      process.stderr.write(`TOOL RAN restart ${service}\n`);
      return { content: [{ type: 'text', text: `restarted ${service}` }] };
    },
  );
  return server;
}

let closing = false;
async function shutdown(why) {
  if (closing) return;
  closing = true;
  process.stderr.write(`FIXTURE CLOSING: ${why}\n`);
  await served.close();
  await ascend.close({ flushDeadlineMs: 1000 });
}
// Written only when the event loop has drained by itself (the fixture never calls process.exit).
process.once('exit', (code) => process.stderr.write(`FIXTURE EXITED ${code}\n`));
process.stdin.once('end', () => void shutdown('stdin ended'));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void shutdown(signal));
const served = serveStdio(() => buildServer(), { onerror: (error) => process.stderr.write(`FIXTURE TRANSPORT ERROR ${error.message}\n`) });
