/** De-duplication of retried POSTs by Idempotency-Key. */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, setupFakeServer } from '../test-support/harness.js';
import type { FakeAscend } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;
beforeEach(() => {
  fake = server.use();
});

const body = { agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 500 } };
const submit = (key: string | undefined, b: object = body) =>
  call('POST', '/api/v1/actions/submit', { body: b as never, headers: key ? { 'Idempotency-Key': key } : {} });

describe('Idempotency-Key', () => {
  it('replays the stored answer for a retried key without creating a second action', async () => {
    const first = await submit('key-1');
    const retry = await submit('key-1');
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(fake.listActions()).toHaveLength(1);
    expect(fake.listPending()).toHaveLength(1);
    const recorded = fake.requestsFor('submitAction');
    expect(recorded.map((r) => r.idempotencyKey)).toEqual(['key-1', 'key-1']);
    expect(recorded[1]?.body).toBe(recorded[0]?.body);
  });

  it('processes other keys and key-less requests', async () => {
    await submit('key-1');
    await submit('key-2');
    await submit(undefined);
    await submit(undefined);
    expect(fake.listActions().map((a) => a.id)).toEqual([1, 2, 3, 4]);
  });

  it('answers 422 when a key is reused for a different body', async () => {
    await submit('key-1');
    const r = await submit('key-1', { ...body, action_details: { amount: 5 } });
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      detail: 'Idempotency-Key was already used for a different request',
      errors: { 'Idempotency-Key': 'first used for submitAction with a different method, path or body' },
    });
    expect(fake.listActions()).toHaveLength(1);
  });

  it('survives a lost answer: the retry gets the committed result', async () => {
    fake.faults.inject({ kind: 'server-error', status: 502 }, { operation: 'logActionCompleted', times: 1, when: 'after' });
    await submit(undefined, { ...body, action_details: { amount: 5 } });
    const complete = { action_id: '1', status: 'completed', completed_at: '2026-04-17T12:00:01+00:00', duration_ms: 5 };
    const lost = await call('POST', '/api/agent-action/1/complete', { body: complete, headers: { 'Idempotency-Key': 'c-1' } });
    expect(lost.status).toBe(502);
    const retry = await call('POST', '/api/agent-action/1/complete', { body: complete, headers: { 'Idempotency-Key': 'c-1' } });
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ success: true, action_id: 1, status: 'completed' });
    // Without the key the same retry would have been a conflict.
    expect((await call('POST', '/api/agent-action/1/complete', { body: complete })).status).toBe(409);
  });

  it('does not store answers replaced by a fault before processing', async () => {
    fake.faults.inject({ kind: 'rate-limit', retryAfter: 1 }, { operation: 'submitAction', times: 1 });
    expect((await submit('key-1')).status).toBe(429);
    expect((await submit('key-1')).status).toBe(200);
    expect(fake.listActions()).toHaveLength(1);
  });

  it('stores error answers too, and ignores keys on GET', async () => {
    const invalid = { agent_id: 'a', agent_name: 'A', action_type: '', resource: 'r' };
    expect((await submit('bad', invalid)).status).toBe(422);
    expect((await submit('bad', invalid)).headers.get('idempotent-replayed')).toBe('true');
    const get = await call('GET', '/api/sdk/kill-switch/status', { headers: { 'Idempotency-Key': 'g' } });
    expect(get.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps a bounded number of keys (least recently used evicted)', async () => {
    fake = server.use({ limits: { idempotencyKeys: 2 } });
    await submit('k1');
    await submit('k2');
    await submit('k1'); // refreshes k1
    await submit('k3'); // evicts k2
    await submit('k1');
    await submit('k2');
    expect(fake.listActions()).toHaveLength(4);
  });
});
