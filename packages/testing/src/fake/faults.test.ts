/** Each fault kind through msw and fetch, plus scoping and validation. */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, setupFakeServer, T0 } from '../test-support/harness.js';
import { FaultError, parseFault, parseFaultScope, type FakeAscend } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;
let clock: ManualClock;
const slept: number[] = [];

const query = { agent_id: 'a', agent_name: 'A', action_type: 'database.query', resource: 'orders' };
const refund = (amount: number) => ({ agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount } });

beforeEach(() => {
  clock = new ManualClock();
  slept.length = 0;
  fake = server.use({
    now: clock.now,
    // Latency without real waiting, still abort-aware.
    sleep: async (ms, signal) => {
      slept.push(ms);
      if (signal?.aborted) return;
    },
  });
});

describe('outage', () => {
  it('refuses the connection (fetch rejects with a TypeError) N times, then recovers', async () => {
    fake.faults.inject({ kind: 'outage' }, { operation: 'submitAction', times: 2 });
    for (let i = 0; i < 2; i++) {
      const error = await call('POST', '/api/v1/actions/submit', { body: query }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
    }
    expect((await call('POST', '/api/v1/actions/submit', { body: query })).status).toBe(200);
    expect(fake.requestsFor('submitAction').map((r) => r.outcome?.kind)).toEqual(['network-error', 'network-error', 'response']);
    expect(fake.listActions()).toHaveLength(1);
  });

  it('applies to every request, unknown routes included, when no operation is given', async () => {
    const handle = fake.faults.inject({ kind: 'outage' });
    await expect(call('GET', '/api/sdk/kill-switch/status')).rejects.toBeInstanceOf(TypeError);
    await expect(call('GET', '/nowhere')).rejects.toBeInstanceOf(TypeError);
    expect(handle.hits).toBe(2);
    expect(handle.remaining).toBeUndefined();
    handle.clear();
    expect(handle.active).toBe(false);
    expect((await call('GET', '/api/sdk/kill-switch/status')).status).toBe(200);
  });
});

describe('latency', () => {
  it('delays, then answers normally', async () => {
    fake.faults.inject({ kind: 'latency', ms: 1500 }, { operation: 'getKillSwitchStatus', times: 1 });
    expect((await call('GET', '/api/sdk/kill-switch/status')).status).toBe(200);
    expect((await call('GET', '/api/sdk/kill-switch/status')).status).toBe(200);
    expect(slept).toEqual([1500]);
  });

  it('combines with a terminal fault', async () => {
    fake.faults.inject({ kind: 'latency', ms: 10 });
    fake.faults.inject({ kind: 'server-error', status: 503 }, { times: 1 });
    expect((await call('GET', '/health')).status).toBe(503);
    expect((await call('GET', '/health')).status).toBe(200);
    expect(slept).toEqual([10, 10]);
  });

  it('with the real default sleep, a client timeout aborts before processing', async () => {
    fake = server.use({});
    fake.faults.inject({ kind: 'latency', ms: 5_000 }, { operation: 'submitAction' });
    const error = await call('POST', '/api/v1/actions/submit', { body: query, signal: AbortSignal.timeout(20) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    await new Promise((r) => setTimeout(r, 10));
    expect(fake.requestsFor('submitAction')[0]?.outcome).toEqual({ kind: 'aborted' });
    expect(fake.listActions()).toEqual([]);
  });
});

describe('hang', () => {
  it('never answers until the client aborts; nothing is processed', async () => {
    fake.faults.inject({ kind: 'hang' }, { operation: 'submitAction', times: 1 });
    const controller = new AbortController();
    fake.once('request', () => queueMicrotask(() => controller.abort()));
    const error = await call('POST', '/api/v1/actions/submit', { body: query, signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(fake.listActions()).toEqual([]);
    expect(fake.requests[0]?.outcome).toEqual({ kind: 'hang', fault: 'hang' });
  });

  it("with when: 'after' the action is committed although the answer is lost", async () => {
    fake.faults.inject({ kind: 'hang' }, { operation: 'submitAction', times: 1, when: 'after' });
    const controller = new AbortController();
    fake.once('action.submitted', () => queueMicrotask(() => controller.abort()));
    await expect(call('POST', '/api/v1/actions/submit', { body: query, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.listActions()).toHaveLength(1);
  });
});

describe('rate-limit', () => {
  it('answers 429 with Retry-After in seconds, then passes', async () => {
    fake.faults.inject({ kind: 'rate-limit', retryAfter: 2 }, { operation: 'submitAction', times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await call('POST', '/api/v1/actions/submit', { body: query });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('2');
      expect(r.json).toEqual({ detail: 'Rate limit exceeded' });
    }
    expect((await call('POST', '/api/v1/actions/submit', { body: query })).status).toBe(200);
    expect(fake.listActions()).toHaveLength(1);
  });

  it('sends an HTTP-date, or no header at all', async () => {
    fake.faults.inject({ kind: 'rate-limit', retryAfter: new Date(T0 + 30_000) }, { times: 1 });
    expect((await call('GET', '/health')).headers.get('retry-after')).toBe('Fri, 17 Apr 2026 12:00:30 GMT');
    fake.faults.inject({ kind: 'rate-limit' }, { times: 1 });
    const bare = await call('GET', '/health');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });
});

describe('server-error', () => {
  it('answers the configured 5xx with a JSON detail', async () => {
    fake.faults.inject({ kind: 'server-error' }, { operation: 'heartbeat', times: 1 });
    fake.faults.inject({ kind: 'server-error', status: 503, retryAfter: 1 }, { operation: 'getKillSwitchStatus', times: 1 });
    const hb = await call('POST', '/api/agents/health/heartbeat', { body: { agent_id: 'a', sdk_version: '2.3.0', timestamp: 'now' } });
    expect(hb).toMatchObject({ status: 500, json: { detail: 'Internal Server Error' } });
    const ks = await call('GET', '/api/sdk/kill-switch/status');
    expect(ks).toMatchObject({ status: 503, json: { detail: 'Service Unavailable' } });
    expect(ks.headers.get('retry-after')).toBe('1');
  });

  it("with when: 'after' the request is processed and the answer replaced", async () => {
    fake.faults.inject({ kind: 'server-error', status: 502 }, { operation: 'submitAction', times: 1, when: 'after' });
    expect((await call('POST', '/api/v1/actions/submit', { body: query })).status).toBe(502);
    expect(fake.listActions()).toHaveLength(1);
  });
});

describe('malformed-body', () => {
  it('answers 2xx with invalid JSON after processing', async () => {
    fake.faults.inject({ kind: 'malformed-body' }, { operation: 'submitAction', times: 1 });
    const r = await call('POST', '/api/v1/actions/submit', { body: query });
    expect(r.status).toBe(200);
    expect(r.text).toBe('{"decision": "allow');
    expect(() => JSON.parse(r.text) as unknown).toThrow(SyntaxError);
    expect(fake.listActions()).toHaveLength(1);
  });

  it('drops decision and status from a submit answer', async () => {
    fake.faults.inject({ kind: 'malformed-body', variant: 'missing-decision' }, { operation: 'submitAction', times: 1 });
    const r = await call('POST', '/api/v1/actions/submit', { body: query });
    expect(r.json.action_id).toBe(1);
    expect(r.json).not.toHaveProperty('decision');
    expect(r.json).not.toHaveProperty('status');
  });

  it('sends an unknown upper-case decision, an empty body or a non-object', async () => {
    fake.faults.inject({ kind: 'malformed-body', variant: 'unknown-decision' }, { operation: 'getActionStatus', times: 1 });
    fake.faults.inject({ kind: 'malformed-body', variant: 'empty', status: 200 }, { operation: 'getKillSwitchStatus', times: 1 });
    fake.faults.inject({ kind: 'malformed-body', variant: 'not-an-object' }, { operation: 'deregister', times: 1 });
    await call('POST', '/api/v1/actions/submit', { body: refund(500) });
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({ decision: 'ALLOWED', status: 'ALLOWED' });
    expect(await call('GET', '/api/sdk/kill-switch/status')).toMatchObject({ status: 200, text: '' });
    expect(await call('DELETE', '/api/registry/agents/a')).toMatchObject({ status: 200, json: 'ok' });
  });
});

describe('approval', () => {
  it('auto-approves a pending action after a delay on the fake clock', async () => {
    fake.faults.inject({ kind: 'approval', outcome: 'approve', afterMs: 1000, by: 'bot@ascend.local' }, { operation: 'submitAction', times: 1 });
    const submitted = await call('POST', '/api/v1/actions/submit', { body: refund(500) });
    expect(submitted.json.decision).toBe('pending');
    clock.advance(999);
    expect((await call('GET', '/api/v1/actions/1/status')).json.decision).toBe('pending');
    clock.advance(1);
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({ decision: 'allowed', status: 'approved', approved_by: 'bot@ascend.local' });
    // Used up: the next pending action waits for a human.
    await call('POST', '/api/v1/actions/submit', { body: refund(500) });
    clock.advance(5000);
    expect((await call('GET', '/api/v1/actions/2/status')).json.decision).toBe('pending');
  });

  it('auto-denies and expires', async () => {
    fake.faults.inject({ kind: 'approval', outcome: 'reject', reason: 'Too large' }, { times: 1 });
    fake.faults.inject({ kind: 'approval', outcome: 'expire', afterMs: 10 }, { times: 1 });
    await call('POST', '/api/v1/actions/submit', { body: refund(500) });
    await call('POST', '/api/v1/actions/submit', { body: refund(600) });
    clock.advance(10);
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({ status: 'rejected', rejection_reason: 'Too large' });
    expect((await call('GET', '/api/v1/actions/1/status')).json).toMatchObject({ decision: 'denied', status: 'rejected' });
    expect((await call('GET', '/api/sdk/approval/apr_2')).json).toMatchObject({ status: 'expired', approved_by: null, rejected_by: null });
    expect((await call('GET', '/api/v1/actions/2/status')).json).toMatchObject({ decision: 'denied', status: 'expired', reason: 'Approval request expired' });
  });

  it('is scoped by the operation that created the pending action', async () => {
    fake.faults.inject({ kind: 'approval', outcome: 'approve' }, { operation: 'submitMcpAction' });
    await call('POST', '/api/v1/actions/submit', { body: refund(500) });
    clock.advance(1);
    expect(fake.listPending()).toHaveLength(1);
  });
});

describe('kill-switch', () => {
  it('flips the kill switch on when the scoped operation is called', async () => {
    fake.faults.inject({ kind: 'kill-switch', reason: 'chaos drill' }, { operation: 'getKillSwitchStatus', times: 1 });
    expect((await call('POST', '/api/v1/actions/submit', { body: query })).json.decision).toBe('allowed');
    expect((await call('GET', '/api/sdk/kill-switch/status')).json).toMatchObject({ active: true, reason: 'chaos drill', activated_by: 'fault-injection' });
    expect((await call('POST', '/api/v1/actions/submit', { body: query })).json.decision).toBe('denied');
  });
});

describe('controller and validation', () => {
  it('lists and clears faults', () => {
    fake.faults.inject({ kind: 'outage' }, { operation: 'health' });
    const h = fake.faults.inject({ kind: 'latency', ms: 5 }, { times: 3 });
    expect(fake.faults.active().map((f) => f.fault.kind)).toEqual(['outage', 'latency']);
    expect(h.remaining).toBe(3);
    fake.faults.clear();
    expect(fake.faults.active()).toEqual([]);
  });

  it('validates faults and scopes with errors naming the field', () => {
    expect(() => parseFault({ kind: 'latency' })).toThrow('fault.ms: is required (milliseconds)');
    expect(() => parseFault({ kind: 'server-error', status: 404 })).toThrow('fault.status: must be an integer >= 500; got 404');
    expect(() => parseFault({ kind: 'malformed-body', variant: 'garbage' })).toThrow(/^fault\.variant: must be one of invalid-json/);
    expect(() => parseFault({ kind: 'teleport' })).toThrow(FaultError);
    expect(() => parseFault({ kind: 'outage', ms: 3 })).toThrow('fault.ms: unknown key; allowed keys are kind');
    expect(() => parseFaultScope({ operation: ['health', 'submitActions'] })).toThrow(/^scope\.operation\[1\]: unknown operation "submitActions"/);
    expect(() => parseFaultScope({ times: 0 })).toThrow('scope.times: must be an integer >= 1; got 0');
    expect(() => fake.faults.inject({ kind: 'rate-limit', retryAfter: -1 })).toThrow(/fault\.retryAfter/);
    expect(parseFault(JSON.parse('{"kind": "rate-limit", "retryAfter": 2}'))).toEqual({ kind: 'rate-limit', retryAfter: 2 });
  });
});
