import { describe, expect, it } from 'vitest';
import { mapConcurrent, sleep } from './async.js';
import { AbortedError, isAscendError } from './errors.js';
import { FakeTime } from './test-support/fake-time.js';

describe('sleep', () => {
  it('resolves when the injected timer fires, not before', async () => {
    const time = new FakeTime();
    let done = false;
    const p = sleep(1000, time).then(() => (done = true));
    await time.advance(999);
    expect(done).toBe(false);
    await time.advance(1);
    await p;
    expect(done).toBe(true);
  });

  it('rejects at once with AbortedError when any of its signals aborts, and cancels its timer', async () => {
    const time = new FakeTime();
    const a = new AbortController();
    const b = new AbortController();
    const p = sleep(60_000, time, [a.signal, undefined, b.signal]);
    expect(time.size).toBe(1);
    b.abort(new AbortedError('closed'));
    const error = await p.catch((e: unknown) => e);
    expect(isAscendError(error, 'ABORTED')).toBe(true);
    expect((error as Error).message).toBe('closed');
    expect(time.size).toBe(0);
  });

  it('rejects without scheduling when already aborted', async () => {
    const time = new FakeTime();
    const c = new AbortController();
    c.abort('why');
    const error = await sleep(10, time, c.signal).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ABORTED', cause: 'why' });
    expect(time.size).toBe(0);
  });
});

describe('mapConcurrent', () => {
  it('keeps input order and never exceeds the concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => i);
    const out = await mapConcurrent(items, 4, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      // Finish in reverse-ish order.
      for (let i = 0; i < 20 - n; i++) await Promise.resolve();
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual(items.map((n) => n * 2));
    expect(peak).toBe(4);
  });
});
