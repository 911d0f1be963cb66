/**
 * Governed servers driven by real MCP clients, with and without tasks:
 * - over stdio: the SDK's `Client` spawns `test-fixtures/governed-stdio-server.mjs` (built
 *   packages, nothing else alive in it; it ends by itself when stdin closes);
 * - over Streamable HTTP: an `McpServer` behind the SDK's Streamable HTTP transport on 127.0.0.1;
 * - the MCP Inspector CLI, when it can run here.
 * ASCEND is `@ascend/testing`'s fake (default policy) over real HTTP on 127.0.0.1; a reviewer
 * approves through the fake's API. Client request timeouts are scaled down to 2 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolResultSchema, ErrorCode, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AscendClient, silentLogger } from '@ascend/node';
import { createFakeAscend, DEFAULT_POLICY_RULES, type FakeApproval, type FakeAscend } from '@ascend/testing';
import { expectWithdrawnOnCancel } from './test-support/withdrawn.js';
import { governedServer, type ServerGovernanceDefaults } from './governed-server.js';
import { GovernedTaskStore } from './task-store.js';
import { serveFake, type FakeHost } from './test-support/fake-http.js';
import { textOf } from './test-support/harness.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const fixture = join(packageDir, 'test-fixtures', 'governed-stdio-server.mjs');
const API_KEY = 'ascend_real_client_key_0123456789';
/** The scaled-down client request timeout: every approval below arrives after it. */
const CLIENT_TIMEOUT_MS = 2_000;
const TASK_CAPABILITIES = { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } };

let fake: FakeAscend;
let host: FakeHost;
let cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) {
    throw new Error('@ascend/mcp is not built: run `pnpm --filter @ascend/mcp build` before this test');
  }
});
beforeEach(async () => {
  fake = createFakeAscend({ apiKeys: [API_KEY], firstActionId: 9001, policy: DEFAULT_POLICY_RULES });
  host = await serveFake(fake);
});
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
  await host.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 1500; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const firstPending = () => until<FakeApproval>(() => fake.listPending()[0], 'a pending approval');

/** The approval arrives only after the client's own request timeout has passed. */
async function approveAfterClientTimeout(pending: FakeApproval): Promise<void> {
  await sleep(CLIENT_TIMEOUT_MS + 700);
  fake.approve(pending.actionId, { by: 'oncall@corp.example' });
}

// ---------------------------------------------------------------------------------------------
// stdio

interface StdioHandle {
  client: Client;
  stderr: () => string;
  close(): Promise<void>;
}

async function stdio(env: Record<string, string> = {}): Promise<StdioHandle> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [fixture],
    cwd: packageDir,
    env: { PATH: process.env['PATH'] ?? '', ASCEND_API_KEY: API_KEY, ASCEND_API_URL: host.url, ...env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  const handle: StdioHandle = { client, stderr: () => err, close: () => client.close() };
  cleanup.push(() => client.close());
  return handle;
}

describe('stdio: the SDK Client drives a governed server in a child process', { timeout: 30_000 }, () => {
  it('tools/list: every governed tool, high-risk ones destructive, user annotations kept; the child ends by itself', async () => {
    const s = await stdio({ FIXTURE_TASKS: '1' });
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => [t.name, t.annotations, t.execution])).toEqual([
      ['read_config', { readOnlyHint: true }, { taskSupport: 'optional' }],
      ['restart', { destructiveHint: true }, { taskSupport: 'optional' }],
    ]);
    await s.close();
    expect(s.stderr()).toContain('FIXTURE CLOSING: stdin ended');
    expect(s.stderr()).not.toContain('FIXTURE CLOSING: SIGTERM');
  });

  it('acceptance 1 (tasks): an approval after the client request timeout completes through tasks/get and tasks/result', async () => {
    const s = await stdio({ FIXTURE_TASKS: '1' });
    const stream = s.client.experimental.tasks.callToolStream({ name: 'restart', arguments: { service: 'api' } }, CallToolResultSchema, {
      timeout: CLIENT_TIMEOUT_MS,
      task: { ttl: 600_000 },
    });
    const statuses: string[] = [];
    let result: CallToolResult | undefined;
    const approving = firstPending().then(approveAfterClientTimeout);
    for await (const message of stream) {
      if (message.type === 'taskStatus') statuses.push(`${message.task.status}:${message.task.statusMessage ?? ''}`);
      if (message.type === 'result') result = message.result;
      if (message.type === 'error') throw message.error;
    }
    await approving;
    expect(result && textOf(result)).toBe('restarted api');
    expect(statuses.some((s2) => s2.startsWith('working:Waiting for human approval in ASCEND'))).toBe(true);
    expect(statuses.at(-1)).toMatch(/^completed/);
    expect(s.stderr()).toContain('TOOL RAN restart api');
  });

  it('acceptance 1 (progress) and 3: highRiskTool on the default policy is held for a human; progress with resetTimeoutOnProgress outlives the client timeout', async () => {
    const s = await stdio({ FIXTURE_PROGRESS_MS: '400' });
    const progress: string[] = [];
    const call = s.client.callTool({ name: 'restart', arguments: { service: 'db' } }, undefined, {
      onprogress: (p) => void progress.push(p.message ?? ''),
      resetTimeoutOnProgress: true,
      timeout: CLIENT_TIMEOUT_MS,
      maxTotalTimeout: 60_000,
    });
    const pending = await firstPending();
    // Held for a human although the default policy would allow a service restart.
    expect(fake.getAction(pending.actionId)).toMatchObject({ actionType: 'service.restart', decision: 'pending' });
    expect(s.stderr()).not.toContain('TOOL RAN');
    await approveAfterClientTimeout(pending);
    const result = (await call) as CallToolResult;
    expect(textOf(result)).toBe('restarted db');
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0]).toBe(`Waiting for human approval in ASCEND (action ${pending.actionId})`);
  });

  it('acceptance 2: the client times out (no resetTimeoutOnProgress) and cancels, then a human approves: nothing runs; the cancellation is logged and reported', async () => {
    const s = await stdio({ FIXTURE_PROGRESS_MS: '400' });
    const call = s.client.callTool({ name: 'restart', arguments: { service: 'cache' } }, undefined, {
      onprogress: () => {},
      timeout: CLIENT_TIMEOUT_MS,
    });
    const pending = await firstPending();
    await expect(call).rejects.toMatchObject({ code: ErrorCode.RequestTimeout });
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    // The report withdrew the action: a human approving now is refused, and the audit log has it.
    expectWithdrawnOnCancel(fake, pending.actionId, 'request');
    await sleep(500);

    expect(s.stderr()).not.toContain('TOOL RAN');
    const [report] = fake.requestsFor('logActionFailed');
    expect(report?.path).toBe(`/api/agent-action/${pending.actionId}/fail`);
    expect((report?.json as { error?: unknown }).error).toMatchObject({ code: 'CANCELLED_BY_CLIENT', cancelled_via: 'request' });
    expect(report?.outcome).toMatchObject({ kind: 'response', status: 200 });
    const logLine = s
      .stderr()
      .split('\n')
      .find((line) => line.includes('tool call cancelled by the MCP client'));
    expect(logLine && JSON.parse(logLine)).toMatchObject({ level: 'warn', kind: 'cancelled', actionId: String(pending.actionId), cancelledVia: 'request' });
  });

  it('acceptance 2 (tasks): tasks/cancel, then approve: nothing runs', async () => {
    const s = await stdio({ FIXTURE_TASKS: '1' });
    const created = await s.client.request(
      { method: 'tools/call', params: { name: 'restart', arguments: { service: 'queue' }, task: {} } },
      z.object({ task: z.object({ taskId: z.string() }) }),
      { timeout: CLIENT_TIMEOUT_MS },
    );
    const pending = await firstPending();
    expect((await s.client.experimental.tasks.cancelTask(created.task.taskId)).status).toBe('cancelled');
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    expectWithdrawnOnCancel(fake, pending.actionId, 'tasks/cancel');
    await sleep(500);
    expect(s.stderr()).not.toContain('TOOL RAN');
    expect((fake.requestsFor('logActionFailed')[0]?.json as { error?: unknown }).error).toMatchObject({
      code: 'CANCELLED_BY_CLIENT',
      cancelled_via: 'tasks/cancel',
    });
    expect((await s.client.experimental.tasks.getTask(created.task.taskId)).status).toBe('cancelled');
  });
});

// ---------------------------------------------------------------------------------------------
// Streamable HTTP

interface HttpHandle {
  client: Client;
  runs: string[];
  taskStore: GovernedTaskStore | undefined;
}

/** A governed McpServer behind Streamable HTTP on 127.0.0.1 (one session), and a connected client. */
async function http(options: { tasks: boolean; progressMs?: number; defaults?: ServerGovernanceDefaults }): Promise<HttpHandle> {
  const ascend = new AscendClient({
    apiKey: API_KEY,
    baseUrl: host.url,
    agentId: 'ops-http',
    agentName: 'Ops over HTTP',
    retry: { maxRetries: 0 },
    logger: silentLogger,
  });
  const taskStore = options.tasks ? new GovernedTaskStore(new InMemoryTaskStore()) : undefined;
  const mcp = new McpServer({ name: 'ops', version: '1.0.0' }, taskStore ? { taskStore, capabilities: TASK_CAPABILITIES } : {});
  const tools = governedServer(mcp, ascend, {
    serverName: 'ops',
    logger: silentLogger,
    approvalPollIntervalMs: 100,
    approvalProgressIntervalMs: options.progressMs ?? 15_000,
    ...(taskStore ? { taskStore, taskPollIntervalMs: 100 } : {}),
    ...options.defaults,
  });
  const runs: string[] = [];
  tools.highRiskTool(
    'restart',
    { description: 'Restart a service', inputSchema: { service: z.string() }, governance: { actionType: 'service.restart' } },
    async ({ service }) => {
      runs.push(service);
      return { content: [{ type: 'text', text: `restarted ${service}` }] };
    },
  );
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID() });
  await mcp.connect(transport);
  const server: HttpServer = createServer((req, res) => void transport.handleRequest(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`);
  const client = new Client({ name: 'http-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url));
  cleanup.push(async () => {
    await client.close();
    await mcp.close();
    await taskStore?.close();
    await ascend.close({ flushDeadlineMs: 100 });
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { client, runs, taskStore };
}

describe('Streamable HTTP: the SDK Client against a governed server on 127.0.0.1', { timeout: 30_000 }, () => {
  it('acceptance 1 (tasks): an approval after the client request timeout completes through tasks', async () => {
    const h = await http({ tasks: true });
    const approving = firstPending().then(approveAfterClientTimeout);
    let result: CallToolResult | undefined;
    for await (const message of h.client.experimental.tasks.callToolStream({ name: 'restart', arguments: { service: 'web' } }, CallToolResultSchema, {
      timeout: CLIENT_TIMEOUT_MS,
      task: {},
    })) {
      if (message.type === 'result') result = message.result;
      if (message.type === 'error') throw message.error;
    }
    await approving;
    expect(result && textOf(result)).toBe('restarted web');
    expect(h.runs).toEqual(['web']);
  });

  it('acceptance 1 (progress): progress with resetTimeoutOnProgress outlives the client timeout (no tasks on the server)', async () => {
    const h = await http({ tasks: false, progressMs: 400 });
    let progress = 0;
    const call = h.client.callTool({ name: 'restart', arguments: { service: 'search' } }, undefined, {
      onprogress: () => void progress++,
      resetTimeoutOnProgress: true,
      timeout: CLIENT_TIMEOUT_MS,
      maxTotalTimeout: 60_000,
    });
    await approveAfterClientTimeout(await firstPending());
    expect(textOf((await call) as CallToolResult)).toBe('restarted search');
    expect(progress).toBeGreaterThan(1);
    expect(h.runs).toEqual(['search']);
  });

  it('acceptance 2 (tasks): tasks/cancel, then approve: nothing runs and the cancellation is reported', async () => {
    const h = await http({ tasks: true });
    const created = await h.client.request(
      { method: 'tools/call', params: { name: 'restart', arguments: { service: 'db' }, task: {} } },
      z.object({ task: z.object({ taskId: z.string() }) }),
    );
    const pending = await firstPending();
    await until(() => (h.taskStore?.running === 1 ? true : undefined), 'the task to run');
    await h.client.experimental.tasks.cancelTask(created.task.taskId);
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    expectWithdrawnOnCancel(fake, pending.actionId, 'tasks/cancel');
    await sleep(300);
    expect(h.runs).toEqual([]);
    expect((fake.requestsFor('logActionFailed')[0]?.json as { error?: unknown }).error).toMatchObject({
      code: 'CANCELLED_BY_CLIENT',
      cancelled_via: 'tasks/cancel',
    });
  });

  it('acceptance 2 (no tasks): an aborted request (notifications/cancelled), then approve: nothing runs', async () => {
    const h = await http({ tasks: false });
    const controller = new AbortController();
    const call = h.client.callTool({ name: 'restart', arguments: { service: 'mail' } }, undefined, { signal: controller.signal });
    const pending = await firstPending();
    controller.abort('the user pressed stop');
    await expect(call).rejects.toBeInstanceOf(Error);
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    expectWithdrawnOnCancel(fake, pending.actionId, 'request');
    await sleep(300);
    expect(h.runs).toEqual([]);
  });

  it('a plain client on defaults gets a clear approval-timeout result (not a transport timeout) when nobody decides', async () => {
    // Scaled down: the plain-call cap is 45 s against the SDK's 60 s; here 500 ms against 2 s.
    const { client, runs } = await http({ tasks: false, defaults: { plainCallApprovalTimeoutMs: 500 } });
    const result = (await client.callTool({ name: 'restart', arguments: { service: 'x' } }, undefined, { timeout: CLIENT_TIMEOUT_MS })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Approval timed out: .* This MCP call could not wait longer/);
    expect(runs).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// MCP Inspector CLI

// The Inspector's current major needs Node >= 22: it runs on the Node 24 binary from npm, both
// held by the workspace package runtimes/mcp-inspector so that their bins shadow nothing here.
const inspectorDir = join(packageDir, '..', '..', 'runtimes', 'mcp-inspector', 'node_modules');
const NODE24 = join(inspectorDir, 'node24', 'bin', 'node');
const INSPECTOR = join(inspectorDir, '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
const inspectorProbe =
  existsSync(NODE24) && existsSync(INSPECTOR) ? spawnSync(NODE24, [INSPECTOR, '--cli', '--help'], { encoding: 'utf8', timeout: 60_000 }) : undefined;
const inspectorReason =
  inspectorProbe?.status === 0
    ? undefined
    : `the MCP Inspector CLI cannot start (${inspectorProbe ? String(inspectorProbe.error ?? inspectorProbe.stderr).slice(0, 200) : `missing ${NODE24} or ${INSPECTOR}; run pnpm install`})`;
// CI installs it with the workspace: there, a missing Inspector is a failure, never a skip.
if (inspectorReason && process.env['CI']) throw new Error(inspectorReason);

/** Runs the Inspector CLI against the stdio fixture; resolves with its stdout. */
function inspector(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      NODE24,
      [
        INSPECTOR,
        '--cli',
        '-e',
        `ASCEND_API_KEY=${API_KEY}`,
        '-e',
        `ASCEND_API_URL=${host.url}`,
        '-e',
        `PATH=${process.env['PATH'] ?? ''}`,
        process.execPath,
        fixture,
        ...args,
      ],
      { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(inspectorReason !== undefined)(`MCP Inspector CLI${inspectorReason ? ` (skipped: ${inspectorReason})` : ''}`, () => {
  it('lists the governed tools with their annotations, and a held call runs once a human approves', async () => {
    const listed = await inspector(['--method', 'tools/list']);
    expect(listed.code).toBe(0);
    const tools = (JSON.parse(listed.stdout) as { tools: Array<{ name: string; annotations?: unknown }> }).tools;
    expect(tools.map((t) => [t.name, t.annotations])).toEqual([
      ['read_config', { readOnlyHint: true }],
      ['restart', { destructiveHint: true }],
    ]);

    const calling = inspector(['--method', 'tools/call', '--tool-name', 'restart', '--tool-arg', 'service=api']);
    fake.approve((await firstPending()).actionId);
    const called = await calling;
    expect(called.code).toBe(0);
    expect((JSON.parse(called.stdout) as CallToolResult).content[0]).toEqual({ type: 'text', text: 'restarted api' });
  }, 60_000);
});
