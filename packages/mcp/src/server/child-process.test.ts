/**
 * The built `@ascend/mcp/server` in the shape users run it: a governed MCP server on SDK 2.x
 * (`test-fixtures/governed-stdio-server-v2.mjs`) started with plain `node` by a real 2.x
 * `Client` over stdio, against the dev server (`ascend-dev`) embedded in this process. A
 * high-risk call waits, with progress, past the client's own request timeout until a reviewer
 * approves through the dev server's admin API; then the tool runs once, and when the client
 * closes stdin the server process ends by itself.
 *
 * The README's 2.x example runs the same way.
 *
 * The only timing asserted is "did not hang": the SDK's transport ends a child that has not
 * exited 2 s after stdin closed, and then the child's exit line is missing.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { Client, type CallToolResult } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin as adminOf, pendingActionId, until } from '../test-support/dev-admin.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(packageDir, 'test-fixtures', 'governed-stdio-server-v2.mjs');
const example = join(packageDir, 'examples', 'stdio-server-v2.mjs');
/** The scaled-down client request timeout (the SDK's default is 60 s): the approval arrives after it. */
const CLIENT_TIMEOUT_MS = 2_000;

let server: DevServer;

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist', 'server', 'index.js'))) {
    throw new Error('@ascend/mcp is not built: run `pnpm --filter @ascend/mcp build` before this test');
  }
  server = await startDevServer({ port: 0, host: '127.0.0.1', logger: { log() {} } });
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const admin = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => adminOf<T>(server, method, path, body);

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}

describe('node governed-stdio-server-v2.mjs (SDK 2.x) against ascend-dev', () => {
  it('a high-risk call waits through a human approval on the dev server, runs once, and the server ends by itself', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fixture],
      cwd: packageDir,
      env: { PATH: process.env['PATH'] ?? '', ASCEND_API_KEY: server.apiKey, ASCEND_API_URL: server.url, FIXTURE_PROGRESS_MS: '400' },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Pinned to the 2026-07-28 revision, which serveStdio offers (SDK 2.x clients default to the 2025 era).
    const client = new Client({ name: 'stdio-test-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: '2026-07-28' } } });
    await client.connect(transport);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      const { tools } = await client.listTools();
      expect(tools.map((t) => [t.name, t.annotations])).toEqual([
        ['read_config', { readOnlyHint: true }],
        ['restart', { destructiveHint: true }],
      ]);

      // An allowed call runs at once.
      expect(textOf(await client.callTool({ name: 'read_config', arguments: { key: 'region' } }))).toBe('value of region');

      const progress: string[] = [];
      const call = client.callTool(
        { name: 'restart', arguments: { service: 'db' } },
        { onprogress: (p) => void progress.push(p.message ?? ''), resetTimeoutOnProgress: true, timeout: CLIENT_TIMEOUT_MS, maxTotalTimeout: 60_000 },
      );
      const actionId = await pendingActionId(server);
      expect(server.fake.getAction(actionId)).toMatchObject({ actionType: 'service.restart', decision: 'pending' });
      // The reviewer answers only after the client's own request timeout has passed: progress keeps it waiting.
      await sleep(CLIENT_TIMEOUT_MS + 700);
      expect(stderr).not.toContain('TOOL RAN');
      await admin('POST', `/_admin/approvals/${actionId}/approve`, { by: 'oncall@corp.example' });

      const result = await call;
      expect(textOf(result)).toBe('restarted db');
      expect(progress.length).toBeGreaterThan(1);
      expect(progress[0]).toBe(`Waiting for human approval in ASCEND (action ${actionId})`);
      expect(stderr.match(/TOOL RAN restart db/g)).toHaveLength(1);
      await until(() => (server.fake.getAction(actionId)?.execution ? true : undefined), 'the completion report');
      expect(server.fake.getAction(actionId)).toMatchObject({
        execution: { state: 'completed' },
        context: { source: 'mcp_server', tool_name: 'restart', mcp_server: 'ops' },
      });
    } finally {
      await client.close();
    }
    // Ended by itself once stdin closed: the exit line is written only when its event loop drained.
    await until(() => (stderr.includes('FIXTURE EXITED') ? true : undefined), 'the server process to exit');
    expect(stderr).toContain('FIXTURE CLOSING: stdin ended');
    expect(stderr).toContain('FIXTURE EXITED 0');
  }, 60_000);

  it("the README's examples/stdio-server-v2.mjs: an allowed read runs; a delete a reviewer rejects never runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ascend-mcp-v2-example-'));
    const file = join(dir, 'notes.txt');
    await writeFile(file, 'hello from disk');
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [example],
      cwd: packageDir,
      env: { PATH: process.env['PATH'] ?? '', ASCEND_API_KEY: server.apiKey, ASCEND_API_URL: server.url },
      stderr: 'pipe',
    });
    // A client on the SDK's defaults: the 2025-11-25 revision.
    const client = new Client({ name: 'example-test-v2', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      expect(textOf(await client.callTool({ name: 'read_file', arguments: { path: file } }))).toBe('hello from disk');
      const deleting = client.callTool({ name: 'delete_file', arguments: { path: file } });
      const actionId = await pendingActionId(server);
      await admin('POST', `/_admin/approvals/${actionId}/reject`, { by: 'oncall@corp.example', comment: 'not today' });
      const del = await deleting;
      expect(del.isError).toBe(true);
      expect(textOf(del)).toMatch(/^Rejected by a human reviewer in ASCEND/);
      expect(await readFile(file, 'utf8')).toBe('hello from disk');
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
