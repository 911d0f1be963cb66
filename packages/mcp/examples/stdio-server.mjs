// A governed MCP server over stdio. Run: ASCEND_API_KEY=… ASCEND_API_URL=… node examples/stdio-server.mjs
import { readFile, rm } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { AscendClient } from '@ascend/node';
import { governedServer, McpKillSwitchConsumer, stderrJsonLogger } from '@ascend/mcp';

// stdout is the MCP channel: every log line goes to stderr.
const ascend = new AscendClient({ agentId: 'fs-mcp', agentName: 'File server', logger: stderrJsonLogger });
const killSwitch = new McpKillSwitchConsumer(); // feed it from your queue: killSwitch.apply(message.Body)
const server = new McpServer({ name: 'fs-server', version: '1.0.0' });
const tools = governedServer(server, ascend, { serverName: 'fs-server', killSwitch, logger: stderrJsonLogger });

tools.tool(
  'read_file',
  { description: 'Read a UTF-8 text file', inputSchema: { path: z.string() }, governance: { actionType: 'filesystem.read', resource: ({ path }) => path } },
  async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] }),
);

tools.highRiskTool(
  'delete_file',
  {
    description: 'Delete a file (a human approves)',
    inputSchema: { path: z.string() },
    governance: { actionType: 'filesystem.delete', resource: ({ path }) => path },
  },
  async ({ path }) => {
    await rm(path);
    return { content: [{ type: 'text', text: `deleted ${path}` }] };
  },
);

await server.connect(new StdioServerTransport());
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void server.close().then(() => ascend.close()));
