/**
 * End-to-end: a real McpServer and MCP Client over InMemoryTransport, a real AscendClient, and
 * the ASCEND side served by `@ascend/testing`'s fake service through its msw handlers.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { GOVERNANCE_META_KEY, type GovernanceBlock } from './govern-tool.js';
import { governedServer, registerGovernedTool } from './governed-server.js';
import { McpKillSwitchConsumer } from './kill-switch-consumer.js';
import { API_KEY, BASE_URL, makeClient, makeServer, textOf, type McpPair } from './test-support/harness.js';
import { silentLogger, type AscendClient } from '@ascend/node';
import {
  createFakeAscend,
  DEFAULT_POLICY_RULES,
  type FakeApproval,
  type FakeAscend,
  type FakeAscendOptions,
  type OperationName,
  type PolicyRule,
} from '@ascend/testing';
import { ascendHandlers } from '@ascend/testing/msw';
import { expectWithdrawnOnCancel } from './test-support/withdrawn.js';

const msw = setupServer();
let fake: FakeAscend;
let pair: McpPair | undefined;
let ascend: AscendClient | undefined;

beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());
const ALLOW_ALL: PolicyRule[] = [{ id: 'allow-all', outcome: 'allow' }];

function useFake(options: FakeAscendOptions = {}): FakeAscend {
  fake = createFakeAscend({ apiKeys: [API_KEY], firstActionId: 5001, policy: ALLOW_ALL, ...options });
  msw.resetHandlers(...ascendHandlers(fake, { baseUrl: BASE_URL }));
  return fake;
}

/** The recorded requests of one operation: parsed body and raw bytes. */
function sent(operation: OperationName): Array<{ path: string; raw: string; body: Record<string, unknown> }> {
  return fake.requestsFor(operation).map((r) => ({ path: r.path, raw: r.body, body: (r.json ?? {}) as Record<string, unknown> }));
}

const policy = (rule: Omit<PolicyRule, 'id'>) => fake.setPolicy([{ id: 'rule', ...rule }]);

/** The first pending approval, once the governed call has submitted its action (generous hang bound). */
async function waitForPending(): Promise<FakeApproval> {
  for (let i = 0; i < 500; i++) {
    const [first] = fake.listPending();
    if (first) return first;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no pending approval appeared');
}

beforeEach(() => {
  useFake();
});
afterEach(async () => {
  await pair?.close();
  await ascend?.close({ flushDeadlineMs: 10 });
  pair = undefined;
  ascend = undefined;
});

/** A file-reading tool whose runs are counted. */
async function setup(options: { failMode?: 'closed' | 'open'; defaults?: Parameters<typeof governedServer>[2] } = {}) {
  ascend = makeClient(options.failMode);
  const { server, connect } = makeServer();
  const tools = governedServer(server, ascend, { serverName: 'fs-server', logger: silentLogger, ...options.defaults });
  const runs: Array<{ path: string }> = [];
  tools.tool(
    'read_file',
    {
      description: 'Read a file',
      inputSchema: { path: z.string(), password: z.string().optional(), options: z.record(z.string(), z.unknown()).optional() },
      governance: { actionType: 'filesystem.read', resource: (args) => args.path },
    },
    async ({ path }) => {
      runs.push({ path });
      return { content: [{ type: 'text', text: `contents of ${path}` }] };
    },
  );
  pair = await connect();
  return { tools, runs, call: pair.call };
}

describe('governed tools on a real McpServer', () => {
  it('allowed: runs the tool, sends the call to ASCEND, and reports completion', async () => {
    const { runs, call } = await setup();
    const result = await call('read_file', { path: '/etc/app.conf' });

    expect(result.isError).not.toBe(true);
    expect(textOf(result)).toBe('contents of /etc/app.conf');
    expect(runs).toEqual([{ path: '/etc/app.conf' }]);

    const [submit] = sent('submitAction');
    expect(submit?.body).toMatchObject({
      agent_id: 'mcp-agent',
      action_type: 'filesystem.read',
      resource: '/etc/app.conf',
      action_details: { path: '/etc/app.conf' },
      context: { source: 'mcp_server', tool_name: 'read_file', mcp_server: 'fs-server' },
    });
    expect((submit?.body?.['context'] as Record<string, unknown>)['mcp_request_id']).toBeDefined();

    const [complete] = sent('logActionCompleted');
    expect(complete?.path).toBe('/api/agent-action/5001/complete');
    expect(complete?.body).toMatchObject({
      action_id: '5001',
      status: 'completed',
      result: { success: true, is_error: false, content_items: 1 },
    });
    expect(typeof complete?.body?.['duration_ms']).toBe('number');
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ decision: 'allowed', actionId: '5001', failOpen: false });
  });

  it('denied: the tool does not run and the model sees the reason', async () => {
    policy({ match: { resource: '/etc/*' }, outcome: 'deny', reason: 'Reading /etc is not allowed', violations: ['FS-001'] });
    const { runs, call } = await setup();
    const result = await call('read_file', { path: '/etc/shadow' });

    expect(runs).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Denied by ASCEND governance: Reading /etc is not allowed (policies: FS-001)');
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ decision: 'blocked', kind: 'denied', actionId: '5001', policyViolations: ['FS-001'] });
    expect(sent('logActionCompleted')).toEqual([]);
    expect(sent('logActionFailed')).toEqual([]);
  });

  it('pending then approved: waits, then runs the tool and reports completion', async () => {
    policy({ outcome: 'require_approval', reason: 'A human reads reports' });
    const approvals: string[] = [];
    const { runs, call } = await setup({
      defaults: {
        approvalTimeoutMs: 5_000,
        approvalPollIntervalMs: 20,
        onApprovalRequired: (decision) => {
          approvals.push(decision.actionId);
          fake.approve(Number(decision.actionId), { by: 'alice@corp.example' });
        },
      },
    });
    const progress: Array<{ progress: number; message?: string }> = [];
    const result = await call('read_file', { path: '/srv/report.csv' }, { onprogress: (p) => void progress.push(p), resetTimeoutOnProgress: true });

    expect(progress[0]).toMatchObject({ progress: 1, message: 'Waiting for human approval in ASCEND (action 5001)' });
    expect(approvals).toEqual(['5001']);
    expect(runs).toEqual([{ path: '/srv/report.csv' }]);
    expect(result.isError).not.toBe(true);
    expect(sent('getActionStatus').length).toBeGreaterThanOrEqual(1);
    expect(sent('logActionCompleted').map((r) => r.path)).toEqual(['/api/agent-action/5001/complete']);
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ decision: 'allowed', approvedBy: 'alice@corp.example' });
  });

  it('pending then rejected: the tool does not run', async () => {
    policy({ outcome: 'require_approval' });
    const denied: GovernanceBlock[] = [];
    const { runs, call } = await setup({
      defaults: {
        approvalPollIntervalMs: 20,
        onApprovalRequired: (d) => void fake.reject(Number(d.actionId), { reason: 'Not during the freeze' }),
        onDenied: (block) => {
          denied.push(block);
        },
      },
    });
    const result = await call('read_file', { path: '/srv/report.csv' });

    expect(runs).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Rejected by a human reviewer in ASCEND: Not during the freeze');
    expect(denied.map((b) => b.kind)).toEqual(['denied']);
    expect(sent('logActionCompleted')).toEqual([]);
  });

  it('approval timeout: never runs, even in fail-open mode, and is not reported as unavailable', async () => {
    policy({ outcome: 'require_approval' });
    const timeouts: GovernanceBlock[] = [];
    const { runs, call } = await setup({
      failMode: 'open',
      defaults: { approvalTimeoutMs: 200, approvalPollIntervalMs: 20, onTimeout: (b) => void timeouts.push(b) },
    });
    const result = await call('read_file', { path: '/srv/report.csv' });

    expect(runs).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Approval timed out: no human approved this tool call in ASCEND within 200 ms \(action 5001\)/);
    expect(textOf(result)).not.toMatch(/unavailable/i);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]?.error?.code).toBe('APPROVAL_TIMEOUT');
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ kind: 'approval_timeout', errorCode: 'APPROVAL_TIMEOUT' });
  });

  it('waitForApproval false: a pending decision blocks at once without polling', async () => {
    policy({ outcome: 'require_approval' });
    const { runs, call } = await setup({ defaults: { waitForApproval: false } });
    const result = await call('read_file', { path: '/srv/x' });

    expect(runs).toEqual([]);
    expect(textOf(result)).toContain('needs human approval in ASCEND (action 5001)');
    expect(sent('getActionStatus')).toEqual([]);
  });

  it('MCP kill-switch consumer: blocks without any network call', async () => {
    const killSwitch = new McpKillSwitchConsumer();
    killSwitch.apply({ target_type: 'mcp_server', command_type: 'block', parameters: { mcp_server: 'fs-server' }, reason: 'INC-42' });
    const { runs, call } = await setup({ defaults: { killSwitch } });
    const result = await call('read_file', { path: '/etc/app.conf' });

    expect(runs).toEqual([]);
    expect(fake.requests).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('Blocked by the ASCEND kill switch: INC-42. The tool was not run.');

    killSwitch.apply({ target_type: 'mcp_server', command_type: 'UNBLOCK', parameters: { mcp_server: 'fs-server' } });
    const after = await call('read_file', { path: '/etc/app.conf' });
    expect(after.isError).not.toBe(true);
    expect(runs).toHaveLength(1);
  });

  it("the client's own kill switch blocks before any submit", async () => {
    fake.setKillSwitch(true, { reason: 'Incident INC-7' });
    const { runs, call } = await setup();
    await ascend!.getKillSwitchStatus();
    const result = await call('read_file', { path: '/etc/app.conf' });

    expect(runs).toEqual([]);
    expect(sent('submitAction')).toEqual([]);
    expect(textOf(result)).toBe('Blocked by the ASCEND kill switch: Incident INC-7. The tool was not run.');
  });

  it('governance unavailable in closed mode: blocks and says so', async () => {
    fake.faults.inject({ kind: 'outage' }, { operation: 'submitAction' });
    const { runs, call } = await setup({ failMode: 'closed' });
    const result = await call('read_file', { path: '/etc/app.conf' });

    expect(runs).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('ASCEND governance is unavailable, so this tool was not run (fail-closed). Try again later.');
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ kind: 'unavailable', errorCode: 'GOVERNANCE_UNAVAILABLE' });
  });

  it('fail-open: runs the tool and marks the result', async () => {
    fake.faults.inject({ kind: 'outage' }, { operation: 'submitAction' });
    const { runs, call } = await setup({ failMode: 'open' });
    const result = await call('read_file', { path: '/etc/app.conf' });

    expect(runs).toHaveLength(1);
    expect(result.isError).not.toBe(true);
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ decision: 'allowed', failOpen: true });
  });

  it('secrets in arguments never reach the wire', async () => {
    const { call } = await setup();
    await call('read_file', {
      path: '/srv/db.conf',
      password: 'hunter2-pw',
      options: {
        api_key: 'key-value-123',
        nested: [{ accessToken: 'tok-value-456' }, { note: 'keep me' }],
        header: 'Authorization: Bearer abc.def.ghi',
        dbCredentials: { user: 'u', pass: 'p' },
      },
    });

    const [submit] = sent('submitAction');
    for (const secret of ['hunter2-pw', 'key-value-123', 'tok-value-456', 'abc.def.ghi']) {
      expect(submit?.raw).not.toContain(secret);
    }
    expect(submit?.body?.['action_details']).toEqual({
      path: '/srv/db.conf',
      password: '[REDACTED]',
      options: {
        api_key: '[REDACTED]',
        nested: [{ accessToken: '[REDACTED]' }, { note: 'keep me' }],
        header: 'Authorization: Bearer ****',
        dbCredentials: '[REDACTED]',
      },
    });
    for (const r of fake.requests) expect(r.body).not.toContain('hunter2-pw');
  });

  it('a throwing tool reports failure and the error surfaces to the model', async () => {
    ascend = makeClient();
    const { server, connect } = makeServer();
    const tools = governedServer(server, ascend, { serverName: 'fs-server', logger: silentLogger });
    tools.tool('explode', { inputSchema: { n: z.number() } }, async () => {
      throw new Error('disk on fire');
    });
    pair = await connect();
    const result = await pair.call('explode', { n: 1 });

    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('disk on fire');
    const [fail] = sent('logActionFailed');
    expect(fail?.path).toBe('/api/agent-action/5001/fail');
    expect(fail?.body).toMatchObject({ action_id: '5001', status: 'failed', error: 'disk on fire' });
    expect(typeof fail?.body?.['duration_ms']).toBe('number');
    expect(sent('logActionCompleted')).toEqual([]);
  });

  it('an undeliverable completion report never breaks the tool result', async () => {
    fake.faults.inject({ kind: 'outage' }, { operation: 'logActionCompleted' });
    const { runs, call } = await setup();
    const result = await call('read_file', { path: '/a' });

    expect(runs).toHaveLength(1);
    expect(textOf(result)).toBe('contents of /a');
    expect(sent('logActionCompleted')).toHaveLength(1);
    expect(ascend!.status().spoolSize).toBe(1);
  });

  it('a 403 from ASCEND is a denial', async () => {
    useFake({ deniedSubmitStatus: 403 });
    policy({ outcome: 'deny', reason: 'MCP server not registered', violations: ['MCP-REG'] });
    const { runs, call } = await setup();
    const result = await call('read_file', { path: '/a' });

    expect(runs).toEqual([]);
    expect(textOf(result)).toBe('Denied by ASCEND governance: MCP server not registered');
  });

  it('a malformed decision never runs the tool', async () => {
    fake.faults.inject({ kind: 'malformed-body', variant: 'unknown-decision' }, { operation: 'submitAction' });
    const { runs, call } = await setup();
    const result = await call('read_file', { path: '/a' });

    expect(runs).toEqual([]);
    expect(textOf(result)).toBe('The ASCEND governance check failed (PROTOCOL_ERROR), so this tool was not run.');
  });

  it("endpoint 'mcp': submits to the MCP endpoint with every field", async () => {
    const { runs, call } = await setup({ defaults: { endpoint: 'mcp', namespace: 'filesystem' } });
    await call('read_file', { path: '/etc/app.conf', password: 'pw-secret-1' });

    expect(runs).toHaveLength(1);
    expect(sent('submitAction')).toEqual([]);
    const [submit] = sent('submitMcpAction');
    expect(submit?.body).toMatchObject({
      mcp_server: 'fs-server',
      namespace: 'filesystem',
      verb: 'read_file',
      resource: '/etc/app.conf',
      action_type: 'filesystem.read',
      parameters: { path: '/etc/app.conf', password: '[REDACTED]' },
      tool_name: 'read_file',
      description: 'Read a file',
    });
    expect(submit?.raw).not.toContain('pw-secret-1');
  });

  it('highRiskTool asks for a human: on the default policy it is held (pending) until approved, then runs; names are listed', async () => {
    useFake({ policy: DEFAULT_POLICY_RULES });
    ascend = makeClient();
    const { server, connect } = makeServer();
    const tools = governedServer(server, ascend, { serverName: 'ops', logger: silentLogger, metadata: { team: 'platform' }, approvalPollIntervalMs: 20 });
    let ran = 0;
    const pendingSeen: string[] = [];
    tools.highRiskTool(
      'restart',
      { description: 'Restart the service', governance: { metadata: { ticket: 'OPS-1' }, onApprovalRequired: (d) => void pendingSeen.push(d.actionId) } },
      async () => {
        ran++;
        return { content: [{ type: 'text', text: 'restarted' }] };
      },
    );
    registerGovernedTool(server, ascend, 'plain', {}, { serverName: 'ops', logger: silentLogger }, async () => ({ content: [] }));
    pair = await connect();
    const resultPromise = pair.call('restart');
    const approval = await waitForPending();
    expect(ran).toBe(0);
    expect(approval.status).toBe('pending');
    fake.approve(approval.actionId, { by: 'oncall@corp.example' });
    const result = await resultPromise;

    expect(pendingSeen).toEqual([String(approval.actionId)]);
    expect(ran).toBe(1);
    expect(textOf(result)).toBe('restarted');
    expect(sent('submitAction')[0]?.body).toMatchObject({
      action_type: 'mcp.restart',
      resource: 'ops',
      context: { risk_level: 'high', require_human_approval: true, metadata: { team: 'platform', ticket: 'OPS-1' } },
    });
    expect(sent('submitAction')[0]?.body['action_details']).toBeUndefined();
    expect(tools.toolNames).toEqual(['restart']);
    expect(tools.isGoverned('plain')).toBe(false);
  });

  it('callbacks that throw are swallowed and every callback sees the call', async () => {
    const onDecision = vi.fn(() => {
      throw new Error('callback bug');
    });
    const onAllowed = vi.fn(async () => {
      throw new Error('async callback bug');
    });
    const { runs, call } = await setup({ defaults: { onDecision, onAllowed } });
    const result = await call('read_file', { path: '/a' });

    expect(runs).toHaveLength(1);
    expect(result.isError).not.toBe(true);
    expect(onDecision).toHaveBeenCalledTimes(1);
    expect(onAllowed.mock.calls[0]).toMatchObject([
      { decision: 'allowed', actionId: '5001' },
      { toolName: 'read_file', resource: '/a', serverName: 'fs-server' },
    ]);
  });
});

describe('long approvals and cancellation (in memory)', () => {
  /** A high-risk tool (held for a human by the default policy) whose runs are counted. */
  async function highRisk(defaults: Parameters<typeof governedServer>[2] = {}) {
    useFake({ policy: DEFAULT_POLICY_RULES });
    ascend = makeClient();
    const { server, connect } = makeServer();
    const tools = governedServer(server, ascend, { serverName: 'ops', logger: silentLogger, approvalPollIntervalMs: 20, ...defaults });
    const runs: string[] = [];
    tools.highRiskTool('restart', { description: 'Restart a service', inputSchema: { service: z.string() } }, async ({ service }) => {
      runs.push(service);
      return { content: [{ type: 'text', text: `restarted ${service}` }] };
    });
    pair = await connect();
    return { tools, runs, pair };
  }

  it('cancel while pending, then approve: the tool never runs, onCancelled sees it, and a CANCELLED_BY_CLIENT failure report is sent', async () => {
    const onCancelled = vi.fn();
    const onBlocked = vi.fn();
    const { runs, pair: p } = await highRisk({ onCancelled, onBlocked });
    const controller = new AbortController();
    const call = p.call('restart', { service: 'api' }, { signal: controller.signal });
    const pending = await waitForPending();
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow();
    // The governed side reports the cancellation; wait for it (generous hang bound).
    for (let i = 0; i < 500 && fake.requestsFor('logActionFailed').length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expectWithdrawnOnCancel(fake, pending.actionId, 'request');
    await new Promise((r) => setTimeout(r, 100));

    expect(runs).toEqual([]);
    expect(onCancelled).toHaveBeenCalledTimes(1);
    expect(onCancelled.mock.calls[0]?.[0]).toMatchObject({ kind: 'cancelled', actionId: String(pending.actionId), cancelledVia: 'request' });
    expect(onBlocked).toHaveBeenCalledTimes(1);
    const [report] = sent('logActionFailed');
    expect(report?.path).toBe(`/api/agent-action/${pending.actionId}/fail`);
    expect(report?.body['error']).toMatchObject({ code: 'CANCELLED_BY_CLIENT', cancelled_via: 'request', decision_at_cancel: 'pending' });
    expect(sent('logActionCompleted')).toEqual([]);
  });

  it('a plain call (no task, no progressToken) ends with a clear approval-timeout result before the client would cut it off', async () => {
    const { runs, pair: p } = await highRisk({ plainCallApprovalTimeoutMs: 150 });
    const result = await p.call('restart', { service: 'api' });
    expect(runs).toEqual([]);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^Approval timed out: no human approved this tool call in ASCEND within 150 ms \(action \d+\), so it was not run\. This MCP call could not wait longer/,
    );
    expect(result._meta?.[GOVERNANCE_META_KEY]).toMatchObject({ decision: 'blocked', kind: 'approval_timeout' });
  });

  it('a call with a progressToken is not capped: it gets progress while waiting and runs once approved', async () => {
    const { runs, pair: p } = await highRisk({ plainCallApprovalTimeoutMs: 50, approvalProgressIntervalMs: 30 });
    const progress: string[] = [];
    const call = p.call('restart', { service: 'db' }, { onprogress: (n) => void progress.push(n.message ?? '') });
    const pending = await waitForPending();
    // Past the plain-call cap, still waiting: let at least two progress notifications arrive.
    for (let i = 0; i < 500 && progress.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    fake.approve(pending.actionId);
    const result = await call;
    expect(textOf(result)).toBe('restarted db');
    expect(runs).toEqual(['db']);
    expect(progress[0]).toBe(`Waiting for human approval in ASCEND (action ${pending.actionId})`);
  });
});

describe('registerGovernedTool argument checks', () => {
  it('rejects a bad server, name, config or handler with a ConfigurationError naming it, before anything is registered', () => {
    const client = makeClient();
    const { server } = makeServer();
    const ok = () => ({ content: [] });
    const field = (f: string, message: RegExp) =>
      expect.objectContaining({ name: 'ConfigurationError', field: f, message: expect.stringMatching(message) }) as Error;
    expect(() => registerGovernedTool({} as typeof server, client, 'x', {}, {}, ok)).toThrow(field('server', /must be an McpServer \(with registerTool\)/));
    expect(() => registerGovernedTool(server, client, ' ', {}, {}, ok)).toThrow(field('name', /must be a non-empty string/));
    expect(() => registerGovernedTool(server, client, 'x', null as unknown as object, {}, ok)).toThrow(field('config', /must be an object/));
    expect(() => registerGovernedTool(server, client, 'x', {}, {}, 'nope' as unknown as typeof ok)).toThrow(field('handler', /must be a function/));
    // Nothing was registered by the rejected calls: the name is still free.
    expect(() => registerGovernedTool(server, client, 'x', {}, {}, ok)).not.toThrow();
    void client.close();
  });
});
