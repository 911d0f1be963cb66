/**
 * Client events: a tiny typed emitter. Listener exceptions are swallowed so observers can
 * never break governance.
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

/** A minimal typed event emitter. */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  /** Subscribes; returns an unsubscribe function. */
  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set!.delete(listener as (payload: never) => void);
  }

  /** Calls every listener of `name`; exceptions are swallowed. */
  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const set = this.#listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (p: Events[K]) => void)(payload);
      } catch {
        // Observers must not break the client.
      }
    }
  }
}
