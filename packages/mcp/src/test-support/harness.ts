/**
 * Test harness: a real `McpServer` and MCP `Client` linked in memory, a real `AscendClient`
 * from `@ascend/node`, and the local msw fake of ASCEND.
 */
import { AscendClient, silentLogger, type FailMode } from '@ascend/node';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export const BASE_URL = 'https://ascend.test';
export const API_KEY = 'ascend_test_key_0123456789';

/** A real client pointed at the fake; no retries so failures are immediate. */
export function makeClient(failMode: FailMode = 'closed'): AscendClient {
  return new AscendClient({
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    agentId: 'mcp-agent',
    agentName: 'MCP Agent',
    failMode,
    retry: { maxRetries: 0 },
    logger: silentLogger,
  });
}

/** A connected MCP server/client pair. */
export interface McpPair {
  server: McpServer;
  client: Client;
  call(name: string, args?: Record<string, unknown>, options?: RequestOptions): Promise<CallToolResult>;
  close(): Promise<void>;
}

/** Creates the server; call `connect()` after registering tools. */
export function makeServer(name = 'fs-server'): { server: McpServer; connect(): Promise<McpPair> } {
  const server = new McpServer({ name, version: '1.0.0' });
  return {
    server,
    async connect() {
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await server.connect(serverSide);
      const client = new Client({ name: 'test-client', version: '1.0.0' });
      await client.connect(clientSide);
      return {
        server,
        client,
        call: async (toolName, args = {}, options) => (await client.callTool({ name: toolName, arguments: args }, undefined, options)) as CallToolResult,
        close: async () => {
          await client.close();
          await server.close();
        },
      };
    },
  };
}

/** The text of a result's first content item. */
export function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}
