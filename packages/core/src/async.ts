/**
 * Abort-aware delays and signal helpers over the injected timers. Runtime-agnostic: nothing
 * here blocks the event loop or reaches for a global timer.
 * @internal
 */
import { AbortedError } from './errors.js';
import type { TimerKind, Timers } from './ports.js';

/** One signal, several (any of which cancels), or none. */
export type Signals = AbortSignal | ReadonlyArray<AbortSignal | undefined> | undefined;

function isSignalList(signals: Signals): signals is ReadonlyArray<AbortSignal | undefined> {
  return Array.isArray(signals);
}

function list(signals: Signals): ReadonlyArray<AbortSignal | undefined> {
  if (signals === undefined) return [];
  return isSignalList(signals) ? signals : [signals];
}

/** The first already-aborted signal, if any. */
export function firstAborted(signals: Signals): AbortSignal | undefined {
  for (const s of list(signals)) if (s?.aborted) return s;
  return undefined;
}

/**
 * Resolves after `ms` on the injected timers, or rejects with {@link AbortedError} as soon as
 * any of `signals` aborts (at once: the timer is cancelled, nothing waits for it). `kind` says
 * whether the sleep may hold the process (see {@link TimerKind}): a caller awaiting it needs it to.
 */
export function sleep(ms: number, timers: Timers, signals?: Signals, kind: TimerKind = 'awaited'): Promise<void> {
  const all = list(signals);
  return new Promise((resolve, reject) => {
    const already = firstAborted(all);
    if (already) return reject(abortError(already));
    const cleanup = () => {
      for (const s of all) s?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      timers.clearTimeout(handle);
      cleanup();
      reject(abortError(firstAborted(all)!));
    };
    const handle = timers.setTimeout(
      () => {
        cleanup();
        resolve();
      },
      Math.max(0, ms),
      kind,
    );
    for (const s of all) s?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The error a cancelled operation rejects with: the reason of the signal (or {@link AbortScope})
 * when it is already ours.
 */
export function abortError(source: { readonly reason?: unknown }): AbortedError {
  const reason: unknown = source.reason;
  if (reason instanceof AbortedError) return reason;
  return new AbortedError('The operation was aborted', { cause: reason });
}

/** Runs `worker` over `items` with at most `concurrency` in flight; results keep input order. */
export async function mapConcurrent<T, R>(items: readonly T[], concurrency: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const run = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await worker(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, run));
  return results;
}

/**
 * A cancellation scope that hands each operation its own child signal, so any number of
 * concurrent operations can be cancelled together without stacking listeners on one shared
 * `AbortSignal` (runtimes warn past ten listeners on an EventTarget).
 * @internal
 */
export class AbortScope {
  readonly #children = new Set<AbortController>();
  #abortReason: unknown;
  #done = false;

  /** True once {@link AbortScope.abort} ran. */
  get aborted(): boolean {
    return this.#done;
  }

  /** Runs `run` with a child signal that aborts when the scope does; the child is released afterwards. */
  async run<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const child = new AbortController();
    if (this.#done) child.abort(this.#abortReason);
    else this.#children.add(child);
    try {
      return await run(child.signal);
    } finally {
      this.#children.delete(child);
    }
  }

  /** Why the scope was aborted (undefined while it is not). */
  get reason(): unknown {
    return this.#abortReason;
  }

  /**
   * Registers a controller the scope aborts with it (aborted at once when the scope already
   * is). Cheaper than {@link AbortScope.run} on hot paths: no extra controller is made.
   */
  add(controller: AbortController): void {
    if (this.#done) controller.abort(this.#abortReason);
    else this.#children.add(controller);
  }

  /** Unregisters a controller added with {@link AbortScope.add}. */
  delete(controller: AbortController): void {
    this.#children.delete(controller);
  }

  /** Aborts every running child with `reason`, and every later one at once. Idempotent. */
  abort(reason: unknown): void {
    if (this.#done) return;
    this.#done = true;
    this.#abortReason = reason;
    for (const child of this.#children) child.abort(reason);
    this.#children.clear();
  }
}
