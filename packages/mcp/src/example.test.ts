/**
 * The README's stdio example, run for real: the example process is spawned over stdio by an MCP
 * client, and ASCEND is a real local HTTP server on 127.0.0.1. Needs the built package
 * (`pnpm --filter @ascend/mcp build`), since the example imports `@ascend/mcp` like a user would.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const example = join(packageDir, 'examples', 'stdio-server.mjs');

let ascend: Server;
let baseUrl: string;
const received: Array<{ path: string; body: Record<string, unknown> }> = [];
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('@ascend/mcp is not built: run `pnpm --filter @ascend/mcp build` before this test');
  }
  dir = await mkdtemp(join(tmpdir(), 'ascend-mcp-example-'));
  ascend = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      received.push({ path, body });
      res.setHeader('content-type', 'application/json');
      if (path === '/api/v1/actions/submit') {
        const deny = body['action_type'] === 'filesystem.delete';
        res.end(
          JSON.stringify(
            deny
              ? { action_id: 2, decision: 'denied', status: 'denied', reason: 'Deletes are frozen', execution_allowed: false }
              : { action_id: 1, decision: 'allowed', status: 'approved', execution_allowed: true },
          ),
        );
        return;
      }
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => ascend.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(ascend.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => ascend?.close(() => resolve()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('examples/stdio-server.mjs', () => {
  it('serves governed tools over stdio: an allowed read runs, a denied delete does not', async () => {
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello from disk');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [example],
      cwd: packageDir,
      env: { PATH: process.env['PATH'] ?? '', ASCEND_API_KEY: 'ascend_example_key_123456', ASCEND_API_URL: baseUrl },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'example-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['delete_file', 'read_file']);

      const read = (await client.callTool({ name: 'read_file', arguments: { path: file } })) as CallToolResult;
      expect(read.content[0]).toEqual({ type: 'text', text: 'hello from disk' });

      const del = (await client.callTool({ name: 'delete_file', arguments: { path: file } })) as CallToolResult;
      expect(del.isError).toBe(true);
      expect(del.content[0]).toEqual({ type: 'text', text: 'Denied by ASCEND governance: Deletes are frozen' });
      expect(await readFile(file, 'utf8')).toBe('hello from disk');

      const submits = received.filter((r) => r.path === '/api/v1/actions/submit');
      expect(submits.map((s) => s.body['action_type'])).toEqual(['filesystem.read', 'filesystem.delete']);
      expect(submits[1]?.body['context']).toMatchObject({ risk_level: 'high', require_human_approval: true, mcp_server: 'fs-server' });
      expect(received.some((r) => r.path === '/api/agent-action/1/complete')).toBe(true);
    } finally {
      await client.close();
    }
  });
});
