/**
 * Deterministic time for tests: one object that is both the {@link Clock} and the
 * {@link Timers} of a runtime port. Time only moves when the test moves it, so no test waits on
 * real time and no assertion depends on how fast the machine is.
 *
 * Between timer callbacks the fake yields to the real event loop a few turns ({@link flush}),
 * so promise chains and in-process I/O (msw) settle before the next timer fires.
 *
 * @example
 * ```ts
 * const time = new FakeTime()
 * const client = new AscendClient(options, { ...port, clock: time, timers: time })
 * const result = time.runUntilSettled(client.evaluateAction(req)) // fires backoff sleeps as needed
 * ```
 */
import type { Clock, TimerHandle, TimerKind, Timers } from '../ports.js';

/** A scheduled timer, as {@link FakeTime.pending} reports it. */
export interface PendingTimer {
  /** Stable id, in scheduling order. */
  readonly id: number;
  /** Fake epoch ms at which it fires. */
  readonly dueAt: number;
  /** The delay it was scheduled with. */
  readonly delay: number;
  /** Milliseconds from now until it fires. */
  readonly dueIn: number;
  /** Who waits for it, as the client said when scheduling it. */
  readonly kind: TimerKind;
}

interface Entry {
  id: number;
  dueAt: number;
  delay: number;
  kind: TimerKind;
  callback: () => void;
}

type Immediate = (callback: () => void) => unknown;

// Captured at load so a test that installs other fake timers cannot break flushing.
const realTick: Immediate = (globalThis as { setImmediate?: Immediate }).setImmediate ?? ((cb) => globalThis.setTimeout(cb, 0));

/** Yields to the real event loop `turns` times (microtasks drain before each turn ends). */
export async function flush(turns = 8): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => realTick(resolve));
}

/**
 * Polls `predicate` between real event-loop turns until it holds. Use it to wait for real I/O
 * (a local server receiving a request). `guardMs` of real time only guards against a hung test
 * with a clear message; it is not a timing assertion.
 */
export async function eventually(predicate: () => boolean, what = 'condition', guardMs = 4000): Promise<void> {
  const start = Date.now();
  for (let i = 0; ; i++) {
    if (predicate()) return;
    if (Date.now() - start > guardMs) throw new Error(`eventually: ${what} never became true`);
    // Mostly immediate turns, with a short real sleep now and then so sockets get serviced.
    if (i % 50 === 49) await new Promise<void>((resolve) => globalThis.setTimeout(resolve, 1));
    else await new Promise<void>((resolve) => realTick(resolve));
  }
}

/** A controllable clock and timer queue. Implements both ports. */
export class FakeTime implements Clock, Timers {
  private current: number;
  private seq = 0;
  private readonly queue = new Map<number, Entry>();

  /** @param startMs - Initial fake epoch ms; defaults to 2026-04-17T12:00:00Z (a whole second). */
  constructor(startMs = Date.UTC(2026, 3, 17, 12, 0, 0)) {
    this.current = startMs;
  }

  /** Fake epoch milliseconds. */
  now(): number {
    return this.current;
  }

  /** Schedules `callback` at `now() + ms`. Returns a numeric handle. */
  setTimeout(callback: () => void, ms: number, kind: TimerKind = 'awaited'): TimerHandle {
    const id = ++this.seq;
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    this.queue.set(id, { id, dueAt: this.current + delay, delay, kind, callback });
    return id;
  }

  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.queue.delete(handle);
  }

  /** Timers not yet fired, earliest first. */
  pending(): PendingTimer[] {
    return [...this.queue.values()]
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)
      .map((e) => ({ id: e.id, dueAt: e.dueAt, delay: e.delay, dueIn: e.dueAt - this.current, kind: e.kind }));
  }

  /** Number of timers not yet fired. */
  get size(): number {
    return this.queue.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way, in order, with
   * the clock set to each timer's due time when it fires. Timers scheduled by callbacks are
   * fired too if they fall inside the interval.
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    for (;;) {
      await flush();
      const next = this.pending()[0];
      if (!next || next.dueAt > target) break;
      this.fire(next.id);
    }
    this.current = target;
    await flush();
  }

  /** Fires the earliest timer (moving the clock to it). Resolves false when none is pending. */
  async next(): Promise<boolean> {
    await flush();
    const next = this.pending()[0];
    if (!next) return false;
    this.fire(next.id);
    await flush();
    return true;
  }

  /**
   * Fires timers until none is left.
   * @throws Error after `limit` timers, which means something reschedules forever (a poller).
   */
  async runAll(limit = 1000): Promise<void> {
    for (let i = 0; i < limit; i++) if (!(await this.next())) return;
    throw new Error(`runAll: still ${this.queue.size} timers after ${limit} fired; is a periodic timer running?`);
  }

  /**
   * Fires timers, earliest first, until `promise` settles, and returns it. Meant for in-process
   * HTTP (msw), where nothing but timers can keep a call from settling.
   * @throws Error when the promise is still pending with no timer left, or after `limit` timers.
   */
  async runUntilSettled<T>(promise: Promise<T>, limit = 1000): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let i = 0; i < limit; i++) {
      await flush();
      if (settled) return promise;
      const next = this.pending()[0];
      if (!next) {
        // Only real asynchrony (I/O, a thread pool) can still move it: give that a chance.
        await eventually(() => settled || this.queue.size > 0, 'runUntilSettled: the promise to settle or a timer to be scheduled');
        continue;
      }
      this.fire(next.id);
    }
    throw new Error(`runUntilSettled: still pending after ${limit} timers`);
  }

  private fire(id: number): void {
    const entry = this.queue.get(id);
    if (!entry) return;
    this.queue.delete(id);
    if (entry.dueAt > this.current) this.current = entry.dueAt;
    entry.callback();
  }
}
