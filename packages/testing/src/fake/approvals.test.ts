/** The approval lifecycle with an injected clock, the admin API and live events. */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, setupFakeServer, T0, type CallResult } from '../test-support/harness.js';
import { FakeAdminError, type FakeAscend, type FakeEventMap } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;
let clock: ManualClock;
let events: { type: keyof FakeEventMap; payload: unknown }[];

const refund = (amount: number) => ({
  agent_id: 'refund-bot',
  agent_name: 'Refund Bot',
  action_type: 'financial.refund',
  resource: 'stripe_api',
  action_details: { amount },
});
const submit = async (amount: number): Promise<CallResult['json']> => (await call('POST', '/api/v1/actions/submit', { body: refund(amount) })).json;
const iso = (offset = 0) => new Date(T0 + offset).toISOString();

beforeEach(() => {
  clock = new ManualClock();
  fake = server.use({ now: clock.now, approvalTtlMs: 60_000 });
  events = [];
  for (const type of ['approval.pending', 'approval.decided', 'action.submitted', 'action.decided', 'kill-switch'] as const) {
    fake.on(type, (payload) => events.push({ type, payload }));
  }
});

describe('pending → approved', () => {
  it('approves by action id; status, approval check and events follow', async () => {
    const pending = await submit(500);
    expect(fake.listPending()).toMatchObject([{ approvalId: 'apr_1', actionId: 1, status: 'pending', expiresAt: iso(60_000) }]);
    clock.advance(10_000);
    const approved = fake.approve(pending.action_id as number, { by: 'ciso@corp.example', comment: 'Customer is VIP' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'ciso@corp.example', decidedAt: iso(10_000), comment: 'Customer is VIP' });
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({
      status: 'approved',
      approved_by: 'ciso@corp.example',
      decided_at: iso(10_000),
    });
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({ decision: 'allowed', status: 'approved', execution_allowed: true });
    expect(events.map((e) => e.type)).toEqual(['action.submitted', 'approval.pending', 'approval.decided', 'action.decided']);
    expect(fake.listPending()).toEqual([]);
    expect(fake.auditLog.map((e) => e.eventType)).toEqual(['action.submitted', 'approval.requested', 'action.approved']);
  });
});

describe('pending → rejected', () => {
  it('rejects by approval id with a reason; the status endpoint says denied, not pending', async () => {
    await submit(500);
    fake.reject('apr_1', { by: 'ciso@corp.example', reason: 'Out of policy' });
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({
      status: 'rejected',
      rejected_by: 'ciso@corp.example',
      rejection_reason: 'Out of policy',
    });
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({
      decision: 'denied',
      status: 'rejected',
      reason: 'Out of policy',
      approved_by: null,
      reviewed_by: 'ciso@corp.example',
      execution_allowed: false,
    });
  });
});

describe('pending → withdrawn by the agent', () => {
  it('a failure report about a pending action closes its approval as rejected by the agent; a later approve is refused and the audit log has the error', async () => {
    const pending = (await submit(500)) as { action_id: number };
    const report = await call('POST', `/api/agent-action/${pending.action_id}/fail`, {
      body: { action_id: pending.action_id, status: 'failed', error: { code: 'CANCELLED_BY_CLIENT', message: 'the MCP client cancelled' } },
    });
    expect(report.status).toBe(200);
    expect(report.json).toMatchObject({ success: true, status: 'withdrawn' });
    expect(() => fake.approve(pending.action_id)).toThrow(FakeAdminError);
    const status = await call('GET', `/api/v1/actions/${pending.action_id}/status`);
    expect(status.json).toMatchObject({ decision: 'denied', status: 'rejected' });
    expect(fake.auditLog.find((e) => e.eventType === 'action.failed')).toMatchObject({
      outcome: 'withdrawn',
      actor: 'refund-bot',
      details: { action_id: pending.action_id, error: { code: 'CANCELLED_BY_CLIENT' } },
    });
    // A second report finds nothing pending any more.
    const again = await call('POST', `/api/agent-action/${pending.action_id}/fail`, { body: { error: 'x' } });
    expect(again.status).toBe(409);
  });
});

describe('pending → expired', () => {
  it('expires by the injected clock, observed on the next request', async () => {
    await submit(500);
    clock.advance(59_999);
    expect((await call('GET', '/api/sdk/approval/apr_1')).json.status).toBe('pending');
    clock.advance(1);
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({ status: 'expired', decided_at: iso(60_000) });
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({ decision: 'denied', status: 'expired' });
  });

  it('expires on tick() without any request, emitting events for a live dashboard', async () => {
    await submit(500);
    clock.advance(60_000);
    events.length = 0;
    fake.tick();
    expect(events.map((e) => e.type)).toEqual(['approval.decided', 'action.decided']);
    expect(fake.getApproval(1)?.status).toBe('expired');
  });

  it('can be expired by hand', async () => {
    await submit(500);
    expect(fake.expire('apr_1').status).toBe('expired');
  });
});

describe('what comes due, and when (the sweep walks only open requests)', () => {
  it('applies expiries in time order, whenever they were created, and never touches a request decided by hand', async () => {
    await submit(500); // apr_1 expires at 60 s
    clock.advance(5_000);
    await submit(501); // apr_2 expires at 65 s
    clock.advance(1_000);
    await submit(502); // apr_3 expires at 66 s
    fake.approve('apr_1', { by: 'ciso@corp.example' });
    clock.advance(59_000); // 65 s: apr_2 is due, apr_3 is not
    fake.tick();
    expect(fake.listApprovals().map((a) => [a.approvalId, a.status])).toEqual([
      ['apr_1', 'approved'],
      ['apr_2', 'expired'],
      ['apr_3', 'pending'],
    ]);
    clock.advance(999);
    fake.tick();
    expect(fake.getApproval('apr_3')?.status).toBe('pending');
    clock.advance(1);
    expect((await call('GET', '/api/sdk/approval/apr_3')).json).toMatchObject({ status: 'expired', decided_at: iso(66_000) });
    expect(fake.getApproval('apr_1')).toMatchObject({ status: 'approved', decidedBy: 'ciso@corp.example', decidedAt: iso(6_000) });
  });

  it('a request opened later that comes due sooner is still applied on time', async () => {
    fake.faults.inject({ kind: 'approval', outcome: 'approve', afterMs: 1_000, by: 'bot@ascend.local' }, { times: 1, operation: 'submitAction' });
    await submit(500); // apr_1: approved by the fault at 1 s (its expiry is 60 s away)
    expect(fake.getApproval('apr_1')?.status).toBe('pending');
    fake.tick(); // nothing is due yet
    await submit(501); // apr_2: expires at 60 s
    clock.advance(1_000);
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({ status: 'approved', approved_by: 'bot@ascend.local' });
    expect(fake.getApproval('apr_2')?.status).toBe('pending');
  });

  it('after restore(), pending requests still expire on time and decided ones stay decided', async () => {
    await submit(500);
    await submit(501);
    fake.reject('apr_2', { by: 'ciso@corp.example', reason: 'No' });
    const snapshot = fake.snapshot();
    const revived = server.use({ now: clock.now, approvalTtlMs: 60_000, snapshot });
    clock.advance(59_999);
    revived.tick();
    expect(revived.getApproval('apr_1')?.status).toBe('pending');
    clock.advance(1);
    expect((await call('GET', '/api/sdk/approval/apr_1')).json.status).toBe('expired');
    expect(revived.getApproval('apr_2')).toMatchObject({ status: 'rejected', rejectionReason: 'No' });
  });

  it('commands with an expiry expire on time, also after restore(); acknowledged and unexpiring ones never do', async () => {
    const soon = fake.issueCommand({ agentId: 'refund-bot', commandType: 'BLOCK', expiresInMs: 1_000 });
    const later = fake.issueCommand({ agentId: 'refund-bot', commandType: 'BLOCK', expiresInMs: 5_000 });
    const forever = fake.issueCommand({ agentId: 'refund-bot', commandType: 'UNBLOCK' });
    const acked = fake.issueCommand({ agentId: 'refund-bot', commandType: 'BLOCK', expiresInMs: 2_000 });
    expect((await call('POST', `/api/registry/agents/refund-bot/commands/${acked.commandId}/ack`, { body: {} })).status).toBe(200);
    clock.advance(1_000);
    fake.tick();
    const statuses = (f: FakeAscend) => Object.fromEntries(f.listCommands().map((c) => [c.commandId, c.status]));
    expect(statuses(fake)).toMatchObject({
      [soon.commandId]: 'expired',
      [later.commandId]: 'pending',
      [forever.commandId]: 'pending',
      [acked.commandId]: 'acknowledged',
    });
    const revived = server.use({ now: clock.now, approvalTtlMs: 60_000, snapshot: fake.snapshot() });
    clock.advance(4_000);
    revived.tick();
    expect(statuses(revived)).toMatchObject({
      [soon.commandId]: 'expired',
      [later.commandId]: 'expired',
      [forever.commandId]: 'pending',
      [acked.commandId]: 'acknowledged',
    });
  });
});

describe('admin API errors and copies', () => {
  it('throws FakeAdminError for unknown ids and decided requests', async () => {
    await submit(50);
    expect(() => fake.approve(1)).toThrow(FakeAdminError);
    expect(() => fake.approve('apr_7')).toThrow(expect.objectContaining({ name: 'FakeAdminError', code: 'not-found' }));
    await submit(500);
    fake.approve(2);
    expect(() => fake.reject(2)).toThrow(expect.objectContaining({ code: 'not-pending', message: 'approval apr_1 is already approved' }));
    clock.advance(120_000);
    await submit(500);
    clock.advance(120_000);
    expect(() => fake.approve('3')).toThrow(expect.objectContaining({ code: 'not-pending' }));
  });

  it('returns copies: mutating them changes nothing', async () => {
    await submit(500);
    const view = fake.getAction(1)!;
    view.decision = 'allowed';
    expect(fake.getAction(1)?.decision).toBe('pending');
  });

  it('keeps working when a listener throws', async () => {
    const errors: unknown[] = [];
    fake = server.use({ onListenerError: (e) => errors.push(e) });
    fake.on('action.submitted', () => {
      throw new Error('dashboard bug');
    });
    expect((await call('POST', '/api/v1/actions/submit', { body: refund(5) })).status).toBe(200);
    expect(errors).toHaveLength(1);
  });

  it('on() returns an unsubscribe function', async () => {
    let count = 0;
    const off = fake.on('request', () => count++);
    await call('GET', '/health');
    off();
    await call('GET', '/health');
    expect(count).toBe(1);
  });
});
