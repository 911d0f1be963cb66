/**
 * Governed tools as MCP tasks (2025-11-25), in memory: a real McpServer with a GovernedTaskStore
 * over the SDK's InMemoryTaskStore, a real MCP Client, a real AscendClient, and the ASCEND side
 * served by `@ascend/testing`'s fake (default policy) through msw.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/stores/in-memory.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolResultSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { silentLogger, type AscendClient } from '@ascend/node';
import { createFakeAscend, DEFAULT_POLICY_RULES, type FakeApproval, type FakeAscend } from '@ascend/testing';
import { ascendHandlers } from '@ascend/testing/msw';
import { expectWithdrawnOnCancel } from './test-support/withdrawn.js';
import { governTool, withGovernance, type GovernToolOptions } from './govern-tool.js';
import { governedServer, type ServerGovernanceDefaults } from './governed-server.js';
import { GovernedTaskStore } from './task-store.js';
import { API_KEY, BASE_URL, makeClient, textOf } from './test-support/harness.js';

const msw = setupServer();
let fake: FakeAscend;
let ascend: AscendClient | undefined;
let cleanup: Array<() => Promise<void>> = [];

beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());
beforeEach(() => {
  fake = createFakeAscend({ apiKeys: [API_KEY], firstActionId: 7001, policy: DEFAULT_POLICY_RULES });
  msw.resetHandlers(...ascendHandlers(fake, { baseUrl: BASE_URL }));
});
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
  await ascend?.close({ flushDeadlineMs: 10 });
  ascend = undefined;
});

const TASK_CAPABILITIES = { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } };

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const firstPending = () => until<FakeApproval>(() => fake.listPending()[0], 'a pending approval');

/** A task-capable governed server with a high-risk `restart` and an ordinary `read_config`. */
async function setup(defaults: ServerGovernanceDefaults = {}) {
  ascend = makeClient();
  const taskStore = new GovernedTaskStore(new InMemoryTaskStore());
  const server = new McpServer({ name: 'ops', version: '1.0.0' }, { taskStore, capabilities: TASK_CAPABILITIES });
  const tools = governedServer(server, ascend, {
    serverName: 'ops',
    logger: silentLogger,
    approvalPollIntervalMs: 20,
    taskStore,
    taskPollIntervalMs: 20,
    ...defaults,
  });
  const runs: string[] = [];
  tools.highRiskTool('restart', { description: 'Restart a service', inputSchema: { service: z.string() } }, async ({ service }) => {
    runs.push(service);
    return { content: [{ type: 'text', text: `restarted ${service}` }] };
  });
  tools.tool(
    'read_config',
    {
      description: 'Read the config',
      inputSchema: { key: z.string() },
      annotations: { readOnlyHint: true, title: 'Config reader' },
      governance: { actionType: 'config.read' },
    },
    async ({ key }) => ({ content: [{ type: 'text', text: `value of ${key}` }] }),
  );
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'tasks-test', version: '1.0.0' });
  await client.connect(clientSide);
  cleanup.push(async () => {
    await client.close();
    await server.close();
    await taskStore.close();
  });
  return { tools, runs, client, taskStore };
}

describe('governed tools as MCP tasks', () => {
  it('a task-augmented call returns a task at once; tasks/get shows the wait; approval completes it through tasks/result', async () => {
    const { client, runs } = await setup();
    const created = await client.request(
      { method: 'tools/call', params: { name: 'restart', arguments: { service: 'api' }, task: { ttl: 60_000 } } },
      z.object({ task: z.object({ taskId: z.string(), status: z.string() }) }),
    );
    const { taskId } = created.task;
    expect(created.task.status).toBe('working');
    const pending = await firstPending();
    const status = await client.experimental.tasks.getTask(taskId);
    expect(status.status).toBe('working');
    expect(runs).toEqual([]);

    fake.approve(pending.actionId, { by: 'oncall@corp.example' });
    const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    expect(textOf(result)).toBe('restarted api');
    expect(runs).toEqual(['api']);
    expect((await client.experimental.tasks.getTask(taskId)).status).toBe('completed');
    expect(fake.getAction(pending.actionId)?.execution?.state).toBe('completed');
  });

  it('tasks/get carries the "waiting for human approval" status message', async () => {
    const { client } = await setup();
    const created = await client.request(
      { method: 'tools/call', params: { name: 'restart', arguments: { service: 'db' }, task: {} } },
      z.object({ task: z.object({ taskId: z.string() }) }),
    );
    const pending = await firstPending();
    let seen: string | undefined;
    for (let i = 0; i < 200 && seen === undefined; i++) {
      seen = (await client.experimental.tasks.getTask(created.task.taskId)).statusMessage;
      if (seen === undefined) await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toBe(`Waiting for human approval in ASCEND (action ${pending.actionId})`);
    fake.reject(pending.actionId, { reason: 'not now' });
    const result = await client.experimental.tasks.getTaskResult(created.task.taskId, CallToolResultSchema);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Rejected by a human reviewer in ASCEND: not now');
    // The spec: a tool call whose result is an error ends its task as failed.
    const final = await client.experimental.tasks.getTask(created.task.taskId);
    expect(final.status).toBe('failed');
    expect(final.statusMessage).toBe('Rejected by a human reviewer in ASCEND: not now');
  });

  it('tasks/cancel, then approve: the wait stops at once, the tool never runs, onCancelled sees "task", and the cancellation is reported', async () => {
    const onCancelled = vi.fn();
    const { client, runs, taskStore } = await setup({ onCancelled });
    const created = await client.request(
      { method: 'tools/call', params: { name: 'restart', arguments: { service: 'api' }, task: {} } },
      z.object({ task: z.object({ taskId: z.string() }) }),
    );
    const pending = await firstPending();
    await until(() => (taskStore.running === 1 ? true : undefined), 'the task to run');
    const cancelled = await client.experimental.tasks.cancelTask(created.task.taskId);
    expect(cancelled.status).toBe('cancelled');
    await until(() => (onCancelled.mock.calls.length > 0 ? true : undefined), 'onCancelled');
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    expectWithdrawnOnCancel(fake, pending.actionId, 'tasks/cancel');
    await new Promise((r) => setTimeout(r, 100));

    expect(runs).toEqual([]);
    expect(taskStore.running).toBe(0);
    expect(onCancelled.mock.calls[0]?.[0]).toMatchObject({ kind: 'cancelled', cancelledVia: 'task', actionId: String(pending.actionId) });
    const reports = fake.requestsFor('logActionFailed');
    expect(reports).toHaveLength(1);
    expect((reports[0]?.json as { error?: unknown }).error).toMatchObject({
      code: 'CANCELLED_BY_CLIENT',
      cancelled_via: 'tasks/cancel',
      decision_at_cancel: 'pending',
    });
    expect((await client.experimental.tasks.getTask(created.task.taskId)).status).toBe('cancelled');
  });

  it('a plain call to a task-capable tool is an ordinary tools/call: allowed runs, and a held call still waits for the human', async () => {
    const { client, runs } = await setup();
    const read = (await client.callTool({ name: 'read_config', arguments: { key: 'port' } })) as CallToolResult;
    expect(textOf(read)).toBe('value of port');

    const call = client.callTool({ name: 'restart', arguments: { service: 'worker' } });
    const pending = await firstPending();
    fake.approve(pending.actionId);
    expect(textOf((await call) as CallToolResult)).toBe('restarted worker');
    expect(runs).toEqual(['worker']);
  });

  it('a plain call cancelled with notifications/cancelled stops too', async () => {
    const onCancelled = vi.fn();
    const { client, runs } = await setup({ onCancelled });
    const controller = new AbortController();
    const call = client.callTool({ name: 'restart', arguments: { service: 'api' } }, undefined, { signal: controller.signal });
    const pending = await firstPending();
    controller.abort();
    await expect(call).rejects.toThrow();
    await until(() => (onCancelled.mock.calls.length > 0 ? true : undefined), 'onCancelled');
    await until(() => (fake.requestsFor('logActionFailed').length > 0 ? true : undefined), 'the cancellation report');
    expectWithdrawnOnCancel(fake, pending.actionId, 'request');
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toEqual([]);
    expect(onCancelled.mock.calls[0]?.[0]).toMatchObject({ cancelledVia: 'request' });
  });
});

describe('registry and annotations', () => {
  it('the registry lists every governed tool with its options; high-risk tools are destructive; annotations reach tools/list', async () => {
    const { client, tools } = await setup();
    expect(tools.registry.names).toEqual(['restart', 'read_config']);
    expect(tools.registry.get('restart')).toEqual({
      name: 'restart',
      highRisk: true,
      tasks: true,
      annotations: { destructiveHint: true },
      governance: { serverName: 'ops', riskLevel: 'high', requireHumanApproval: true, approvalPollIntervalMs: 20 },
      functions: ['logger'],
    });
    expect(tools.registry.get('read_config')).toMatchObject({
      highRisk: false,
      governance: { actionType: 'config.read' },
      annotations: { readOnlyHint: true, title: 'Config reader' },
    });

    const { tools: listed } = await client.listTools();
    const byName = Object.fromEntries(listed.map((t) => [t.name, t]));
    expect(byName['restart']?.annotations).toEqual({ destructiveHint: true });
    expect(byName['read_config']?.annotations).toEqual({ readOnlyHint: true, title: 'Config reader' });
    expect(byName['restart']?.execution).toEqual({ taskSupport: 'optional' });
    expect(listed.map((t) => t.name).sort()).toEqual(tools.registry.names.sort());
  });

  it('a high-risk tool keeps annotations the user gives, and removing a tool removes it from the registry', async () => {
    ascend = makeClient();
    const server = new McpServer({ name: 'fs', version: '1.0.0' });
    const tools = governedServer(server, ascend, { serverName: 'fs', logger: silentLogger });
    const wipe = tools.highRiskTool('wipe', { annotations: { idempotentHint: true, destructiveHint: true, openWorldHint: false } }, async () => ({
      content: [],
    }));
    tools.highRiskTool('archive', { annotations: { destructiveHint: false } }, async () => ({ content: [] }));
    expect(tools.registry.get('wipe')?.annotations).toEqual({ destructiveHint: true, idempotentHint: true, openWorldHint: false });
    expect(tools.registry.get('archive')?.annotations).toEqual({ destructiveHint: false });
    wipe.remove();
    expect(tools.registry.names).toEqual(['archive']);
    expect(tools.isGoverned('wipe')).toBe(false);
  });

  it('withGovernance lists what it wraps, functions named but never copied', () => {
    ascend = makeClient();
    const govern = withGovernance(ascend, { serverName: 'crm', approvalTimeoutMs: 60_000, logger: silentLogger });
    const options: GovernToolOptions<{ id: string }> = {
      toolName: 'lookup',
      resource: (a) => `customer/${a.id}`,
      riskLevel: 'high',
      requireHumanApproval: true,
      metadata: { team: 'crm' },
      onDenied: () => {},
    };
    govern(options, async () => ({ content: [] }));
    govern({ toolName: 'search', actionType: 'crm.search' }, async () => ({ content: [] }));
    expect(govern.registry.names).toEqual(['lookup', 'search']);
    expect(govern.registry.get('lookup')).toEqual({
      name: 'lookup',
      highRisk: true,
      tasks: false,
      annotations: undefined,
      governance: { serverName: 'crm', approvalTimeoutMs: 60_000, riskLevel: 'high', requireHumanApproval: true, metadata: { team: 'crm' } },
      functions: ['logger', 'onDenied', 'resource'],
    });
    // A copy: changing it changes nothing inside.
    const copy = govern.registry.list()[0]!;
    copy.governance.metadata!['team'] = 'changed';
    expect(govern.registry.get('lookup')?.governance.metadata).toEqual({ team: 'crm' });
    expect(typeof governTool).toBe('function');
  });

  it('a taskStore that is not a GovernedTaskStore is refused', () => {
    ascend = makeClient();
    const server = new McpServer({ name: 'x', version: '1.0.0' });
    expect(() => governedServer(server, ascend!, { taskStore: new InMemoryTaskStore() as unknown as GovernedTaskStore })).toThrow(/GovernedTaskStore/);
  });
});
