import { describe, expect, it, vi } from 'vitest';
import { NetworkError, ServerError, ValidationError, type AscendError } from './errors.js';
import type { ReportSpoolStore, SpooledReport } from './options.js';
import { MemorySpoolStore, ReportSpool, type SpoolHooks } from './report-spool.js';
import { isServiceFailure } from './retry.js';

function report(n: number): SpooledReport {
  return {
    idempotencyKey: `key-${n}`,
    kind: 'complete',
    actionId: String(n),
    body: `{"action_id": "${n}"}`,
    timestamp: '2026-04-17T12:00:00+00:00',
    correlationId: `asc_${n}`,
    spooledAt: n,
  };
}

function hooks() {
  return {
    spooled: vi.fn<SpoolHooks['spooled']>(),
    delivered: vi.fn<SpoolHooks['delivered']>(),
    dropped: vi.fn<SpoolHooks['dropped']>(),
    failed: vi.fn<SpoolHooks['failed']>(),
  };
}

const down: AscendError = new ServerError(503);

describe('ReportSpool', () => {
  it('is bounded: beyond maxSize the oldest report is dropped and reported', async () => {
    const h = hooks();
    const spool = new ReportSpool(new MemorySpoolStore(), 2, h);
    for (const n of [1, 2, 3]) await spool.add(report(n), down);
    expect(spool.size).toBe(2);
    expect(spool.dropped).toBe(1);
    expect(h.dropped).toHaveBeenCalledWith(report(1), 'spool_full');
    expect(h.spooled.mock.calls.map((c) => c[1])).toEqual([1, 2, 2]);
  });

  it('keeps one entry per idempotency key', async () => {
    const spool = new ReportSpool(new MemorySpoolStore(), 10, hooks());
    await spool.add(report(1), down);
    await spool.add(report(1), down);
    expect(spool.size).toBe(1);
  });

  it('replays oldest first, stops while the service is still down, and resumes where it stopped', async () => {
    const h = hooks();
    const spool = new ReportSpool(new MemorySpoolStore(), 10, h);
    for (const n of [1, 2, 3]) await spool.add(report(n), down);
    const sent: string[] = [];
    let up = false;
    const send = async (r: SpooledReport) => {
      sent.push(r.idempotencyKey);
      if (!up && r.idempotencyKey === 'key-2') throw new NetworkError();
    };
    await spool.replay(send, isServiceFailure);
    expect(spool.size).toBe(2);
    up = true;
    await spool.replay(send, isServiceFailure);
    expect(sent).toEqual(['key-1', 'key-2', 'key-2', 'key-3']);
    expect(spool.size).toBe(0);
    expect(h.delivered.mock.calls.map((c) => c[1])).toEqual([2, 1, 0]);
  });

  it('drops a report the service rejects for good (4xx) and goes on', async () => {
    const h = hooks();
    const spool = new ReportSpool(new MemorySpoolStore(), 10, h);
    for (const n of [1, 2]) await spool.add(report(n), down);
    await spool.replay(async (r) => {
      if (r.idempotencyKey === 'key-1') throw new ValidationError('bad', {});
    }, isServiceFailure);
    expect(spool.size).toBe(0);
    expect(h.dropped).toHaveBeenCalledWith(report(1), 'rejected', expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    expect(h.delivered).toHaveBeenCalledTimes(1);
  });

  it('concurrent replays share one pass', async () => {
    const spool = new ReportSpool(new MemorySpoolStore(), 10, hooks());
    await spool.add(report(1), down);
    const send = vi.fn(async () => {});
    await Promise.all([spool.replay(send, isServiceFailure), spool.replay(send, isServiceFailure)]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('never rejects when a store throws (synchronously or not); the failure goes to the hook', async () => {
    const h = hooks();
    const store: ReportSpoolStore = {
      load: () => {
        throw new Error('disk gone');
      },
      add: () => {
        throw new Error('disk full');
      },
      remove: () => Promise.reject(new Error('disk gone')),
    };
    const spool = new ReportSpool(store, 10, h);
    await expect(spool.add(report(1), down)).resolves.toBe(false);
    await expect(spool.replay(async () => {}, isServiceFailure)).resolves.toBeUndefined();
    expect(spool.size).toBe(0);
    expect(h.failed).toHaveBeenCalledTimes(3);
  });

  it('a record that fails with a foreign error is dropped and reported, never blocking the reports behind it', async () => {
    const h = hooks();
    const spool = new ReportSpool(new MemorySpoolStore(), 10, h);
    await spool.add(report(1), down);
    await spool.add(report(2), down);
    const sent: string[] = [];
    await spool.replay(async (r) => {
      if (r.idempotencyKey === report(1).idempotencyKey) throw new TypeError('invalid header value');
      sent.push(r.idempotencyKey);
    }, isServiceFailure);
    expect(sent).toEqual([report(2).idempotencyKey]);
    expect(spool.size).toBe(0);
    expect(h.dropped).toHaveBeenCalledWith(report(1), 'rejected', expect.objectContaining({ code: 'PROTOCOL_ERROR' }));
  });

  it('loads what a durable store kept from an earlier process, once', async () => {
    const store = new MemorySpoolStore();
    store.add(report(7));
    const load = vi.spyOn(store, 'load');
    const spool = new ReportSpool(store, 10, hooks());
    await spool.load();
    await spool.load();
    await spool.add(report(8), down);
    expect(spool.size).toBe(2);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
