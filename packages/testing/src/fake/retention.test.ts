/**
 * The retention limit (`limits.actions`): the actions settled most recently stay in memory, older
 * settled ones leave with their approval requests, a pending action never leaves, an evicted
 * action's status answers 404 saying why, ids keep increasing, and a snapshot restored into a
 * bounded fake is trimmed by the same rule.
 */
import { describe, expect, it } from 'vitest';
import type { FakeAscend } from './fake-api.js';
import { createFakeAscend } from './fake-ascend.js';
import { DEFAULT_API_KEY, FakeConfigError } from './fake-options.js';
import type { EvictedAction } from './events.js';

const headers = { 'x-api-key': DEFAULT_API_KEY, 'content-type': 'application/json' };

async function submit(fake: FakeAscend, amount: number): Promise<{ action_id: number; decision: string }> {
  const body = JSON.stringify({ agent_id: 'refund-bot', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount } });
  const res = await fake.handle({ method: 'POST', path: '/api/v1/actions/submit', headers, body });
  expect(res.status).toBe(200);
  return JSON.parse(res.body!) as { action_id: number; decision: string };
}

async function status(fake: FakeAscend, id: number): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fake.handle({ method: 'GET', path: `/api/v1/actions/${id}/status`, headers });
  return { status: res.status, json: JSON.parse(res.body!) as Record<string, unknown> };
}

const heldIds = (fake: FakeAscend): number[] => fake.listActions().map((a) => a.id);

describe('retention limit of actions', () => {
  it('is unbounded by default: a test reads its whole history', async () => {
    const fake = createFakeAscend();
    for (let i = 0; i < 30; i++) await submit(fake, 10);
    expect(fake.listActions()).toHaveLength(30);
    expect(fake.retention).toEqual({ limit: Number.POSITIVE_INFINITY, held: 30, evicted: 0 });
  });

  it('keeps the last N settled actions; an evicted one answers 404 naming the retention; ids keep increasing', async () => {
    const fake = createFakeAscend({ limits: { actions: 3 } });
    const evicted: EvictedAction[] = [];
    fake.on('action.evicted', (e) => evicted.push(e));
    for (let i = 0; i < 10; i++) await submit(fake, 10);
    expect(heldIds(fake)).toEqual([8, 9, 10]);
    expect(fake.retention).toEqual({ limit: 3, held: 3, evicted: 7 });
    expect(evicted.map((e) => e.action.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(evicted[0]!.action).toMatchObject({ id: 1, decision: 'allowed' });

    const gone = await status(fake, 2);
    expect(gone.status).toBe(404);
    expect(gone.json['detail']).toMatch(/no longer held in memory.*3 most recently settled actions/);
    // An id never issued is still a plain 404.
    expect((await status(fake, 99)).json['detail']).toBe('Action 99 not found');
    expect((await status(fake, 10)).json).toMatchObject({ decision: 'allowed' });
    expect((await submit(fake, 10)).action_id).toBe(11);
  });

  it('never evicts a pending action; once decided it starts a fresh stay, with its approval request', async () => {
    const fake = createFakeAscend({ limits: { actions: 2 } });
    const pending = await submit(fake, 500);
    expect(pending.decision).toBe('pending');
    for (let i = 0; i < 5; i++) await submit(fake, 10);
    // The pending action is held beyond the limit, the allowed ones are trimmed around it.
    expect(heldIds(fake)).toEqual([1, 5, 6]);
    expect(fake.listPending().map((a) => a.actionId)).toEqual([1]);

    fake.approve(pending.action_id, { by: 'ciso@corp.example' });
    // Decided now: the client waiting on it still reads the outcome...
    expect((await status(fake, 1)).json).toMatchObject({ decision: 'allowed' });
    expect(fake.getApproval('apr_1')).toMatchObject({ status: 'approved' });
    // ...until N newer actions were settled after it.
    await submit(fake, 10);
    expect(heldIds(fake)).toEqual([1, 7]);
    await submit(fake, 10);
    expect(heldIds(fake)).toEqual([7, 8]);
    expect(fake.getApproval('apr_1')).toBeUndefined();
    expect((await status(fake, 1)).status).toBe(404);
  });

  it('an expired approval is decided by the clock and then evicted like any settled action', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const fake = createFakeAscend({ limits: { actions: 1 }, now: () => now, approvalTtlMs: 1000 });
    await submit(fake, 500);
    await submit(fake, 10);
    expect(heldIds(fake)).toEqual([1, 2]);
    now += 2000;
    fake.tick();
    expect(heldIds(fake)).toEqual([1]);
    expect(fake.getAction(1)).toMatchObject({ status: 'expired' });
  });

  it('a child whose parent was evicted is accepted (the parent cannot be checked any more)', async () => {
    const fake = createFakeAscend({ limits: { actions: 1 } });
    const body = (parent?: number) =>
      JSON.stringify({
        agent_id: 'a',
        action_type: 'data.read',
        resource: 'data_lake',
        orchestration_session_id: 's1',
        ...(parent ? { parent_action_id: parent } : {}),
      });
    await fake.handle({ method: 'POST', path: '/api/v1/actions/submit', headers, body: body() });
    await submit(fake, 10);
    const child = await fake.handle({ method: 'POST', path: '/api/v1/actions/submit', headers, body: body(1) });
    expect(child.status).toBe(200);
    const unknown = await fake.handle({ method: 'POST', path: '/api/v1/actions/submit', headers, body: body(999) });
    expect(unknown.status).toBe(403);
  });

  it('restoring a larger snapshot trims it by the same rule; the counters are kept', async () => {
    const big = createFakeAscend();
    await submit(big, 500);
    for (let i = 0; i < 9; i++) await submit(big, 10);
    const small = createFakeAscend({ limits: { actions: 4 }, snapshot: big.snapshot() });
    // The 4 most recently settled, plus the pending one.
    expect(heldIds(small)).toEqual([1, 7, 8, 9, 10]);
    expect(small.retention.held).toBe(5);
    expect((await submit(small, 10)).action_id).toBe(11);
    expect(heldIds(small)).toEqual([1, 8, 9, 10, 11]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => createFakeAscend({ limits: { actions: 0 } })).toThrow(FakeConfigError);
    expect(() => createFakeAscend({ limits: { actions: 2.5 } })).toThrow(/limits.actions/);
    expect(createFakeAscend({ limits: { actions: Number.POSITIVE_INFINITY } }).retention.limit).toBe(Number.POSITIVE_INFINITY);
  });
});
