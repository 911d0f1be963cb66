// A governed MCP server on MCP TypeScript SDK 2.x over stdio. Run: ASCEND_API_KEY=… ASCEND_API_URL=… node examples/stdio-server-v2.mjs
import { readFile, rm } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';
import { AscendClient } from '@ascend/node';
import { governedServer, McpKillSwitchConsumer, stderrJsonLogger } from '@ascend/mcp/server';

// stdout is the MCP channel: every log line goes to stderr.
const ascend = new AscendClient({ agentId: 'fs-mcp', agentName: 'File server', logger: stderrJsonLogger });
const killSwitch = new McpKillSwitchConsumer(); // feed it from your queue: killSwitch.apply(message.Body)
// serveStdio speaks both protocol eras (2026-07-28 and 2025): it builds the server from this factory.
function buildServer() {
  const server = new McpServer({ name: 'fs-server', version: '1.0.0' });
  const tools = governedServer(server, ascend, { serverName: 'fs-server', killSwitch, logger: stderrJsonLogger });

  tools.tool(
    'read_file',
    {
      description: 'Read a UTF-8 text file',
      inputSchema: z.object({ path: z.string() }),
      annotations: { readOnlyHint: true },
      governance: { actionType: 'filesystem.read', resource: ({ path }) => path },
    },
    async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] }),
  );

  tools.highRiskTool(
    'delete_file',
    {
      description: 'Delete a file (a human approves)',
      inputSchema: z.object({ path: z.string() }),
      governance: { actionType: 'filesystem.delete', resource: ({ path }) => path },
    },
    async ({ path }) => {
      await rm(path);
      return { content: [{ type: 'text', text: `deleted ${path}` }] };
    },
  );
  return server;
}

const served = serveStdio(buildServer);
// The client closing stdin ends the session: flush the last reports, then the process exits by itself.
const shutdown = () => void served.close().then(() => ascend.close());
process.stdin.once('end', shutdown);
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, shutdown);
