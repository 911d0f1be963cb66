/**
 * Client events: a tiny typed emitter. What a listener throws, and what an async listener's
 * promise rejects with, is contained and handed to an error callback, so observers can never
 * break governance nor reach the host as an uncaught exception or an unhandled rejection.
 */
import type { CircuitStateChange } from './circuit-breaker.js';
import type { AllowedDecision } from './decision.js';
import type { AscendError } from './errors.js';
import type { SpooledReport } from './options.js';

/** Every event the client emits, by name. */
export interface AscendClientEvents {
  /** A synthetic allowed decision was returned because fail mode is `open`. */
  failOpen: {
    /** The operation that could not get a decision (`submitAction`, `submitMcpAction`). */
    operation: string;
    /** The synthetic decision returned to the caller. */
    decision: AllowedDecision;
    /** Why no decision could be obtained. */
    cause: AscendError;
  };
  /** A circuit breaker changed state. */
  circuitStateChange: CircuitStateChange & {
    /** Which breaker: the one guarding decisions and other calls, or the one guarding background traffic. */
    breaker: 'decisions' | 'background';
  };
  /** The kill switch changed (or became stale / fresh again). */
  killSwitchChange: {
    /** True while actions are blocked. */
    active: boolean;
    /** Why, when known. */
    reason: string | undefined;
    /** True when polls have been failing for longer than `staleAfterMs`. */
    stale: boolean;
  };
  /** A report could not be delivered and was spooled for replay. */
  reportSpooled: {
    /** The report, with its idempotency key and exact bytes. */
    report: SpooledReport;
    /** Reports in the spool now. */
    spoolSize: number;
    /** Why it was not delivered now. */
    cause: AscendError;
  };
  /** A spooled report was delivered. */
  reportDelivered: {
    /** The report. */
    report: SpooledReport;
    /** Reports left in the spool. */
    spoolSize: number;
  };
  /** A report was dropped: the spool was full, or the service rejected it permanently. */
  reportDropped: {
    /** The report. */
    report: SpooledReport;
    /** `spool_full`: the oldest report made room; `rejected`: the service answered 4xx on replay. */
    reason: 'spool_full' | 'rejected';
    /** The service's error, for `rejected`. */
    cause?: AscendError;
  };
}

/** Name of a client event. */
export type AscendClientEventName = keyof AscendClientEvents;

/**
 * Runs a user callback so that nothing it does reaches the host: a synchronous throw, and the
 * rejection of a returned promise (or any thenable, even one whose `then` throws), go to
 * `onError`; what `onError` itself throws is swallowed. Returns at once: nothing is awaited.
 * @internal
 */
export function runContained(run: () => unknown, onError: (error: unknown) => void): void {
  const report = (error: unknown): void => {
    try {
      onError(error);
    } catch {
      // The error callback is the last resort: nothing further may escape.
    }
  };
  try {
    const result = run();
    if ((typeof result === 'object' && result !== null) || typeof result === 'function') {
      const then = (result as { then?: unknown }).then;
      if (typeof then === 'function') (then as (f: undefined, r: (e: unknown) => void) => unknown).call(result, undefined, report);
    }
  } catch (error) {
    report(error);
  }
}

/** Options of an {@link Emitter}. */
export interface EmitterOptions<Events extends object> {
  /**
   * Receives what a listener threw, or what its returned promise rejected with (any value, not
   * only an `Error`), with the event's name: synchronously for a throw, later for a rejection.
   * What it throws is swallowed. Without it, listener errors are dropped silently.
   */
  onListenerError?: (error: unknown, eventName: keyof Events) => void;
}

/**
 * A minimal typed event emitter. Listeners run synchronously in subscription order; one that
 * throws, or returns a promise (or any thenable) that rejects, neither stops the others nor
 * escapes: the error goes to {@link EmitterOptions.onListenerError}.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => unknown>>();
  readonly #onListenerError: ((error: unknown, eventName: keyof Events) => void) | undefined;

  /** @param options - Where listener errors go; `new Emitter()` drops them. */
  constructor(options: EmitterOptions<Events> = {}) {
    this.#onListenerError = options.onListenerError;
  }

  /** Subscribes; returns an unsubscribe function. The listener may be async. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => unknown): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Calls every listener of `name` and returns without awaiting any. A throw or a rejection is
   * reported to `onListenerError`, never thrown.
   */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    const report = (error: unknown): void => this.#onListenerError?.(error, name);
    // Observers must not break the client, nor reach the host.
    for (const listener of [...set]) runContained(() => (listener as (p: Events[K]) => unknown)(payload), report);
  }
}
