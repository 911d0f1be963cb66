/**
 * Circuit breaker: closed → open → half-open, with a bounded number of concurrent half-open
 * probes, a failure filter, time from an injected clock, and observable state changes.
 */
import { CircuitOpenError } from './errors.js';
import { runContained } from './events.js';
import type { Clock } from './ports.js';

const ignore = (): void => {};

/** The breaker's state, as a discriminated union on `name`. */
export type CircuitState =
  | {
      /** Calls flow; failures are being counted. */
      readonly name: 'closed';
      /** Failures in a row so far (a success resets it). */
      readonly consecutiveFailures: number;
    }
  | {
      /** Calls fail fast with no I/O. */
      readonly name: 'open';
      /** Epoch ms when it opened. */
      readonly openedAt: number;
      /** Epoch ms from which probes are admitted. */
      readonly reopensAt: number;
    }
  | {
      /** A bounded number of probe calls test the service. */
      readonly name: 'half-open';
      /** Probes currently in flight (at most `halfOpenMaxProbes`). */
      readonly probesInFlight: number;
      /** Probe successes so far (closes at `successThreshold`). */
      readonly successes: number;
    };

/** Name of a breaker state. */
export type CircuitStateName = CircuitState['name'];

/** Emitted on every transition. */
export interface CircuitStateChange {
  /** State before. */
  from: CircuitStateName;
  /** State after. */
  to: CircuitStateName;
  /** Epoch ms of the transition. */
  at: number;
}

/** Options of {@link CircuitBreaker}. */
export interface CircuitBreakerConfig {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long the breaker stays open before admitting probes. */
  recoveryTimeMs: number;
  /** Concurrent probes admitted while half-open. */
  halfOpenMaxProbes: number;
  /** Probe successes needed to close. */
  successThreshold: number;
}

/** A permission to make one call; report its outcome exactly once. */
export interface CircuitPermit {
  /** The call reached a healthy service. */
  success(): void;
  /** The call failed in a way that counts against the service. */
  failure(): void;
  /** The call ended without telling anything about the service (e.g. aborted by the caller). */
  release(): void;
}

const NOOP_PERMIT: CircuitPermit = { success() {}, failure() {}, release() {} };

/**
 * A circuit breaker. Not thread-safe by design: JavaScript runs it on one event loop.
 *
 * @example
 * ```ts
 * const permit = breaker.acquire() // throws CircuitOpenError while open
 * try { await call(); permit.success() } catch (e) { permit.failure(); throw e }
 * ```
 */
export class CircuitBreaker {
  private current: CircuitState = { name: 'closed', consecutiveFailures: 0 };
  // Bumped on every transition: a permit only counts in the state (generation) that issued it.
  private generation = 0;
  private readonly listeners = new Set<(change: CircuitStateChange) => void>();

  /**
   * @param config - Thresholds and timings.
   * @param clock - Time source (inject a fake one in tests).
   * @param enabled - When false every call is admitted and nothing is recorded.
   */
  constructor(
    private readonly config: CircuitBreakerConfig,
    private readonly clock: Clock,
    private readonly enabled = true,
  ) {}

  /** The current state (recomputed: an expired open state reads as half-open). */
  get state(): CircuitState {
    this.refresh();
    return this.current;
  }

  /** Subscribes to state changes; returns an unsubscribe function. A throw or a rejection of the listener is ignored. */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Throws without taking a probe slot when a call would be refused now. Lets callers skip
   * preparing a request (canonical JSON, signature) that could not be sent.
   * @throws {@link CircuitOpenError} while open, or while half-open with every probe slot taken.
   */
  check(): void {
    if (!this.enabled) return;
    this.refresh();
    const s = this.current;
    if (s.name === 'open') throw new CircuitOpenError(s.reopensAt - this.clock.now());
    if (s.name === 'half-open' && s.probesInFlight >= this.config.halfOpenMaxProbes) throw new CircuitOpenError(0);
  }

  /**
   * Asks to make one call. While half-open at most `halfOpenMaxProbes` calls hold a permit at
   * once. Settle the permit exactly once.
   * @throws {@link CircuitOpenError} while open (with the time until the next probe), or while
   * half-open with every probe slot taken.
   */
  acquire(): CircuitPermit {
    if (!this.enabled) return NOOP_PERMIT;
    this.check();
    const s = this.current;
    if (s.name === 'half-open') {
      this.current = { ...s, probesInFlight: s.probesInFlight + 1 };
      return this.permit(true);
    }
    return this.permit(false);
  }

  /** Forces the breaker closed (e.g. after an operator confirms recovery). */
  reset(): void {
    this.transition({ name: 'closed', consecutiveFailures: 0 });
  }

  private permit(probe: boolean): CircuitPermit {
    let settled = false;
    const generation = this.generation;
    const settle = (outcome: 'success' | 'failure' | 'release') => {
      if (settled) return;
      settled = true;
      this.record(outcome, probe, generation);
    };
    return { success: () => settle('success'), failure: () => settle('failure'), release: () => settle('release') };
  }

  private record(outcome: 'success' | 'failure' | 'release', probe: boolean, generation: number): void {
    this.refresh();
    // Outcomes of calls admitted in an earlier state (e.g. before the breaker opened) are stale.
    if (generation !== this.generation) return;
    const s = this.current;
    const now = this.clock.now();
    if (s.name === 'half-open' && probe) {
      const inFlight = Math.max(0, s.probesInFlight - 1);
      if (outcome === 'failure') {
        this.transition({ name: 'open', openedAt: now, reopensAt: now + this.config.recoveryTimeMs });
      } else if (outcome === 'success') {
        const successes = s.successes + 1;
        if (successes >= this.config.successThreshold) this.transition({ name: 'closed', consecutiveFailures: 0 });
        else this.current = { name: 'half-open', probesInFlight: inFlight, successes };
      } else {
        this.current = { ...s, probesInFlight: inFlight };
      }
      return;
    }
    if (s.name === 'closed') {
      if (outcome === 'success') {
        if (s.consecutiveFailures !== 0) this.current = { name: 'closed', consecutiveFailures: 0 };
      } else if (outcome === 'failure') {
        const failures = s.consecutiveFailures + 1;
        if (failures >= this.config.failureThreshold) {
          this.transition({ name: 'open', openedAt: now, reopensAt: now + this.config.recoveryTimeMs });
        } else {
          this.current = { name: 'closed', consecutiveFailures: failures };
        }
      }
    }
  }

  private refresh(): void {
    const s = this.current;
    if (s.name === 'open' && this.clock.now() >= s.reopensAt) {
      this.transition({ name: 'half-open', probesInFlight: 0, successes: 0 });
    }
  }

  private transition(next: CircuitState): void {
    const from = this.current.name;
    this.current = next;
    this.generation++;
    if (from === next.name) return;
    const change: CircuitStateChange = { from, to: next.name, at: this.clock.now() };
    // Listeners must not break the breaker, nor reach the host (an async one may reject).
    for (const listener of this.listeners) runContained(() => listener(change), ignore);
  }
}
