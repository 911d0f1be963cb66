/**
 * Abort-aware delays and signal linking over the injected timers. Runtime-agnostic.
 * @internal
 */
import { AbortedError } from './errors.js';
import type { Timers } from './ports.js';

/** Resolves after `ms`, or rejects with {@link AbortedError} as soon as `signal` aborts. */
export function sleep(ms: number, timers: Timers, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      timers.clearTimeout(handle);
      reject(abortError(signal!));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error a cancelled operation rejects with: the signal's reason when it is already ours. */
export function abortError(signal: AbortSignal): AbortedError {
  const reason: unknown = signal.reason;
  if (reason instanceof AbortedError) return reason;
  return new AbortedError('The operation was aborted', { cause: reason });
}

/** A controller that aborts when any of the given signals aborts; `dispose()` unlinks it. */
export function linkSignals(...signals: Array<AbortSignal | undefined>): { signal: AbortSignal; abort(reason?: unknown): void; dispose(): void } {
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];
  for (const s of signals) {
    if (!s) continue;
    if (s.aborted) {
      controller.abort(s.reason);
      break;
    }
    const onAbort = () => controller.abort(s.reason);
    s.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => s.removeEventListener('abort', onAbort));
  }
  return {
    signal: controller.signal,
    abort: (reason?: unknown) => controller.abort(reason),
    dispose: () => {
      for (const c of cleanups) c();
      cleanups.length = 0;
    },
  };
}
