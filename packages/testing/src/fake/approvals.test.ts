/** The approval lifecycle with an injected clock, the admin API and live events. */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, setupFakeServer, T0 } from '../test-support/harness.js';
import { FakeAdminError, type FakeAscend, type FakeEventMap } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;
let clock: ManualClock;
let events: { type: keyof FakeEventMap; payload: unknown }[];

const refund = (amount: number) => ({ agent_id: 'refund-bot', agent_name: 'Refund Bot', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount } });
const submit = async (amount: number) => (await call('POST', '/api/v1/actions/submit', { body: refund(amount) })).json;
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
    const approved = fake.approve(pending.action_id, { by: 'ciso@corp.example', comment: 'Customer is VIP' });
    expect(approved).toMatchObject({ status: 'approved', decidedBy: 'ciso@corp.example', decidedAt: iso(10_000), comment: 'Customer is VIP' });
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({ status: 'approved', approved_by: 'ciso@corp.example', decided_at: iso(10_000) });
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
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({ status: 'rejected', rejected_by: 'ciso@corp.example', rejection_reason: 'Out of policy' });
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
