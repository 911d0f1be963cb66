// A small governed MCP server over stdio, spawned by the package's real-client tests. It imports
// the built packages like a user would, and ends by itself when its client closes stdin.
//
// Env: ASCEND_API_URL, ASCEND_API_KEY (required); FIXTURE_TASKS=1 runs governed tools as MCP
// tasks; FIXTURE_PROGRESS_MS, FIXTURE_POLL_MS tune the approval wait for scaled-down tests.
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { AscendClient } from '@ascend/node';
import { GovernedTaskStore, governedServer, stderrJsonLogger } from '@ascend/mcp';

const tasks = process.env.FIXTURE_TASKS === '1';
const ascend = new AscendClient({ agentId: 'ops-mcp', agentName: 'Ops server', logger: stderrJsonLogger, retry: { maxRetries: 0 } });
const taskStore = tasks ? new GovernedTaskStore(new InMemoryTaskStore()) : undefined;
const server = new McpServer(
  { name: 'ops', version: '1.0.0' },
  taskStore ? { taskStore, capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } } : {},
);
const tools = governedServer(server, ascend, {
  serverName: 'ops',
  logger: stderrJsonLogger,
  logLevel: 'info',
  approvalPollIntervalMs: Number(process.env.FIXTURE_POLL_MS ?? 100),
  approvalProgressIntervalMs: Number(process.env.FIXTURE_PROGRESS_MS ?? 15_000),
  ...(taskStore ? { taskStore, taskPollIntervalMs: 100 } : {}),
});

tools.tool(
  'read_config',
  { description: 'Read a configuration value', inputSchema: { key: z.string() }, annotations: { readOnlyHint: true }, governance: { actionType: 'config.read' } },
  async ({ key }) => ({ content: [{ type: 'text', text: `value of ${key}` }] }),
);
tools.highRiskTool(
  'restart',
  { description: 'Restart a service (a human approves)', inputSchema: { service: z.string() }, governance: { actionType: 'service.restart', resource: ({ service }) => service } },
  async ({ service }) => {
    process.stderr.write(`TOOL RAN restart ${service}\n`);
    return { content: [{ type: 'text', text: `restarted ${service}` }] };
  },
);

let closing = false;
async function shutdown(why) {
  if (closing) return;
  closing = true;
  process.stderr.write(`FIXTURE CLOSING: ${why}\n`);
  await server.close();
  await taskStore?.close();
  await ascend.close({ flushDeadlineMs: 1000 });
}
process.stdin.once('end', () => void shutdown('stdin ended'));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void shutdown(signal));
await server.connect(new StdioServerTransport());
