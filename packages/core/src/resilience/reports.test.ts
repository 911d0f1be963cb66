/**
 * Completion and failure reports (msw, fake time): never thrown into the host, zero values sent,
 * spooled while the service is down and replayed exactly once per idempotency key when it is
 * back, bounded with observable drops, and kept across clients by a durable store.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSpoolStore, SpooledReport } from '../options.js';
import { scenario } from '../test-support/scenario.js';
import { createTestServer, reply, type RecordedRequest } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const REPORT = /^\/api\/agent-action\/[^/]+\/(complete|fail)$/;

/**
 * A service that can be down (503 or a network error, alternating) and, when up, de-duplicates by
 * Idempotency-Key like an idempotent API: the first request of a key is accepted, later ones get
 * the same answer and are counted as duplicates.
 */
function reportService() {
  const state = { up: false, accepted: new Map<string, RecordedRequest>(), duplicates: 0 };
  server.route('POST', REPORT, (r, n) => {
    if (!state.up) return n % 2 === 0 ? reply.status(503) : reply.networkError();
    const key = r.headers['idempotency-key']!;
    if (state.accepted.has(key)) state.duplicates++;
    else state.accepted.set(key, r);
    return reply.json({ success: true });
  });
  return state;
}

describe('reports', () => {
  it('a duration of 0 and an empty result are sent', async () => {
    const { client, time } = scenario(server.baseUrl);
    reportService().up = true;
    const receipts = await time.runUntilSettled(
      Promise.all([client.logActionCompleted('5103', { result: {}, durationMs: 0 }), client.logActionFailed('5104', { error: '', durationMs: 0 })]),
    );
    expect(receipts).toEqual([
      { delivered: true, spooled: false, error: undefined },
      { delivered: true, spooled: false, error: undefined },
    ]);
    const [complete, fail] = server.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(complete).toMatchObject({ action_id: '5103', status: 'completed', result: {}, duration_ms: 0 });
    expect(fail).toMatchObject({ action_id: '5104', status: 'failed', error: '', duration_ms: 0 });
  });

  it('never throws into the host: bad input, a 4xx answer, a closed client and a broken store all resolve to a receipt', async () => {
    const broken: ReportSpoolStore = {
      load: () => [],
      add: () => {
        throw new Error('disk full');
      },
      remove: () => {
        throw new Error('disk gone');
      },
    };
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, reportSpool: { store: broken } });
    server.route('POST', '/api/agent-action/1/complete', () => reply.status(422, {}, 'unknown action'));
    server.route('POST', '/api/agent-action/2/complete', () => reply.status(503));
    const receipts = await time.runUntilSettled(
      Promise.all([
        client.logActionCompleted('0', { durationMs: -5 }),
        client.logActionCompleted('', {}),
        client.logActionFailed('0', { error: 42 as unknown as string }),
        client.logActionCompleted('1'),
        client.logActionCompleted('2'),
      ]),
    );
    expect(receipts.map((r) => [r.delivered, r.spooled, r.error?.code, r.persisted])).toEqual([
      [false, false, 'VALIDATION_ERROR', undefined],
      [false, false, 'VALIDATION_ERROR', undefined],
      [false, false, 'VALIDATION_ERROR', undefined],
      [false, false, 'VALIDATION_ERROR', undefined],
      [false, true, undefined, false], // spooled in memory only: the durable store failed, and the receipt says so
    ]);
    await client.close({ flushDeadlineMs: 10 });
    await expect(client.logActionCompleted('3')).resolves.toMatchObject({ delivered: false, error: { code: 'CONFIG_ERROR' } });
    expect(server.requests.map((r) => r.path)).toEqual(['/api/agent-action/1/complete', '/api/agent-action/2/complete', '/api/agent-action/2/complete']);
  });

  it('100 reports while the service is down are spooled; when it is back each arrives exactly once, none lost', async () => {
    const { client, time, events } = scenario(server.baseUrl);
    const service = reportService();

    const receipts = await time.runUntilSettled(
      Promise.all(Array.from({ length: 100 }, (_, i) => client.logActionCompleted(String(1000 + i), { result: { n: i }, durationMs: i }))),
    );
    expect(receipts.every((r) => r.spooled && !r.delivered && r.error === undefined)).toBe(true);
    const spooledKeys = events.flatMap((e) => (e.name === 'reportSpooled' ? [e.payload.report.idempotencyKey] : []));
    expect(new Set(spooledKeys).size).toBe(100);
    expect(client.status()).toMatchObject({ spoolSize: 100, spoolDropped: 0, circuit: { name: 'closed' }, backgroundCircuit: { name: 'open' } });
    const whileDown = server.requests.length;
    expect(whileDown).toBeGreaterThan(0);

    service.up = true;
    await time.runAll();

    expect(service.accepted.size).toBe(100);
    expect(new Set(service.accepted.keys())).toEqual(new Set(spooledKeys));
    // Every request ever sent, down or up, carried one of the 100 keys, with that key's bytes.
    for (const r of server.requests) {
      const key = r.headers['idempotency-key']!;
      expect(spooledKeys).toContain(key);
      expect(r.body).toBe(service.accepted.get(key)!.body);
      expect(r.headers['x-signature']).toBe(service.accepted.get(key)!.headers['x-signature']);
    }
    expect(service.duplicates).toBe(0);
    expect(client.status()).toMatchObject({ spoolSize: 0, spoolDropped: 0, reportsInFlight: 0 });
    expect(events.filter((e) => e.name === 'reportDelivered')).toHaveLength(100);
    // Replayed oldest first.
    const replayed = server.requests.slice(whileDown).map((r) => r.headers['idempotency-key']);
    expect([...new Set(replayed)]).toEqual(spooledKeys);
  });

  it('the spool is bounded: beyond maxSize the oldest report is dropped, and that is observable', async () => {
    const { client, time, events } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, reportSpool: { maxSize: 5 } });
    reportService();
    for (let i = 0; i < 8; i++) await time.runUntilSettled(client.logActionCompleted(String(i)));
    // Only the first one was tried: while reports wait in the spool, new ones queue behind them.
    expect(server.requests).toHaveLength(1);
    expect(client.status()).toMatchObject({ spoolSize: 5, spoolDropped: 3 });
    const dropped = events.flatMap((e) => (e.name === 'reportDropped' ? [e.payload] : []));
    expect(dropped.map((d) => [d.report.actionId, d.reason])).toEqual([
      ['0', 'spool_full'],
      ['1', 'spool_full'],
      ['2', 'spool_full'],
    ]);
    await client.close({ flushDeadlineMs: 10 });
  });

  it('a durable store keeps reports across clients: the next client replays them with their original keys', async () => {
    const kept = new Map<string, SpooledReport>();
    const store: ReportSpoolStore = {
      load: () => [...kept.values()],
      add: (r) => void kept.set(r.idempotencyKey, r),
      remove: (k) => void kept.delete(k),
    };
    const service = reportService();
    const first = scenario(server.baseUrl, { retry: { maxRetries: 0 }, reportSpool: { store } });
    await first.time.runUntilSettled(Promise.all([first.client.logActionCompleted('1'), first.client.logActionFailed('2', { error: { code: 'E1' } })]));
    await first.time.runUntilSettled(first.client.close({ flushDeadlineMs: 1000 }));
    expect(kept.size).toBe(2);
    const keys = [...kept.keys()];

    service.up = true;
    const second = scenario(server.baseUrl, { reportSpool: { store, replayIntervalMs: 1000 } });
    await second.time.runAll();
    expect([...service.accepted.keys()]).toEqual(keys);
    expect(kept.size).toBe(0);
    await second.client.close();
  });

  it('close() right after construction delivers what a durable store kept, even while the store is still loading', async () => {
    const earlier: SpooledReport = {
      idempotencyKey: 'b1c7c2d4-1f3e-4d7e-9a0b-2c3d4e5f6a7b',
      kind: 'complete',
      actionId: '1',
      body: '{"action_id": "1", "status": "completed"}',
      timestamp: '2026-04-17T11:00:00+00:00',
      correlationId: 'asc_0123456789abcdef',
      spooledAt: 0,
    };
    const kept = new Map([[earlier.idempotencyKey, earlier]]);
    const store: ReportSpoolStore = {
      // A disk-backed store answers later than the constructor returns.
      load: () => new Promise((resolve) => setImmediate(() => resolve([...kept.values()]))),
      add: (r) => void kept.set(r.idempotencyKey, r),
      remove: (k) => void kept.delete(k),
    };
    const service = reportService();
    service.up = true;
    const { client, time } = scenario(server.baseUrl, { reportSpool: { store } });
    await time.runUntilSettled(client.close({ flushDeadlineMs: 5000 }));
    expect([...service.accepted.keys()]).toEqual([earlier.idempotencyKey]);
    expect(kept.size).toBe(0);
  });

  it('close() flushes spooled reports within its deadline when the service is back', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 } });
    const service = reportService();
    await time.runUntilSettled(Promise.all([client.logActionCompleted('1'), client.logActionCompleted('2')]));
    expect(client.status().spoolSize).toBe(2);
    service.up = true;
    await time.advance(30_000); // the background breaker lets probes through again
    await time.runUntilSettled(client.close({ flushDeadlineMs: 5000 }));
    expect(service.accepted.size).toBe(2);
    expect(client.status()).toMatchObject({ spoolSize: 0, closed: true });
  });
});
