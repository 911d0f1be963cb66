/**
 * Decision metrics of the full client: decisions by outcome, errors by code, decision latency
 * and the breakers' states. Counted in memory, per client; nothing is sent anywhere. Lives with
 * {@link AscendClient} only, so the lean client's bundle never carries it.
 */
import type { CircuitStateName } from './circuit-breaker.js';
import type { AuthorizationDecision } from './decision.js';
import type { AscendErrorCode } from './errors.js';

/** Latency of the decision calls counted so far, in milliseconds. */
export interface LatencySummary {
  /** Calls measured (every decision call, errors included). */
  count: number;
  /** Mean over every call measured; 0 when none. */
  meanMs: number;
  /** Fastest call; 0 when none. */
  minMs: number;
  /** Slowest call; 0 when none. */
  maxMs: number;
  /** Median of the most recent calls (at most 1000); 0 when none. */
  p50Ms: number;
  /** 95th percentile of the most recent calls; 0 when none. */
  p95Ms: number;
  /** 99th percentile of the most recent calls; 0 when none. */
  p99Ms: number;
}

/** A snapshot of a client's decision metrics, from {@link AscendClient.getMetrics}. */
export interface ClientMetrics {
  /** When counting started: the client's creation or the last `resetMetrics()` (ISO-8601). */
  since: string;
  /**
   * Decisions returned by `evaluateAction` and `evaluateMcpAction` (each item of
   * `evaluateActions` counts once), by outcome. A decision that waited for a human counts by its
   * final outcome. `failOpen` counts the allowed decisions synthesized by fail-open mode; they
   * are also in `allowed`.
   */
  decisions: {
    /** Allowed decisions, fail-open ones included. */
    allowed: number;
    /** Denied decisions (rejections included). */
    denied: number;
    /** Pending decisions returned without waiting. */
    pending: number;
    /** Allowed decisions synthesized by fail-open mode. */
    failOpen: number;
  };
  /** Decision calls that threw. */
  errors: {
    /** All of them. */
    total: number;
    /** By error code, e.g. `GOVERNANCE_UNAVAILABLE`, `KILL_SWITCH_ACTIVE`. */
    byCode: Partial<Record<AscendErrorCode, number>>;
  };
  /** Time from the call to its decision or error, approval waits included. */
  latency: LatencySummary;
  /** The breakers' states now: `decisions` guards foreground calls, `background` the rest. */
  circuitBreakers: {
    /** The breaker guarding decisions and other foreground calls. */
    decisions: CircuitStateName;
    /** The breaker guarding heartbeats, kill-switch polls and reports. */
    background: CircuitStateName;
  };
}

/** How many recent latencies the percentiles are computed over. */
export const LATENCY_WINDOW = 1000;

/**
 * The counters behind {@link ClientMetrics}.
 * @internal
 */
export class MetricsRecorder {
  #since: number;
  #allowed = 0;
  #denied = 0;
  #pending = 0;
  #failOpen = 0;
  #errors = 0;
  #byCode: Partial<Record<AscendErrorCode, number>> = {};
  #count = 0;
  #sum = 0;
  #min = Infinity;
  #max = 0;
  /** A ring of the most recent latencies. */
  readonly #recent: number[] = [];
  #next = 0;

  constructor(now: number) {
    this.#since = now;
  }

  /** Counts a decision and its latency. */
  decision(decision: AuthorizationDecision, latencyMs: number): void {
    if (decision.decision === 'allowed') {
      this.#allowed++;
      if (decision.failOpen !== undefined) this.#failOpen++;
    } else if (decision.decision === 'denied') this.#denied++;
    else this.#pending++;
    this.#latency(latencyMs);
  }

  /** Counts a failed decision call and its latency. */
  error(code: AscendErrorCode, latencyMs: number): void {
    this.#errors++;
    this.#byCode[code] = (this.#byCode[code] ?? 0) + 1;
    this.#latency(latencyMs);
  }

  #latency(ms: number): void {
    const value = Math.max(0, ms);
    this.#count++;
    this.#sum += value;
    this.#min = Math.min(this.#min, value);
    this.#max = Math.max(this.#max, value);
    if (this.#recent.length < LATENCY_WINDOW) this.#recent.push(value);
    else this.#recent[this.#next] = value;
    this.#next = (this.#next + 1) % LATENCY_WINDOW;
  }

  /** The counters now, with the breaker states given. */
  snapshot(breakers: ClientMetrics['circuitBreakers']): ClientMetrics {
    const sorted = [...this.#recent].sort((a, b) => a - b);
    const pct = (p: number): number => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
    return {
      since: new Date(this.#since).toISOString(),
      decisions: { allowed: this.#allowed, denied: this.#denied, pending: this.#pending, failOpen: this.#failOpen },
      errors: { total: this.#errors, byCode: { ...this.#byCode } },
      latency: {
        count: this.#count,
        meanMs: this.#count === 0 ? 0 : this.#sum / this.#count,
        minMs: this.#count === 0 ? 0 : this.#min,
        maxMs: this.#max,
        p50Ms: pct(50),
        p95Ms: pct(95),
        p99Ms: pct(99),
      },
      circuitBreakers: { ...breakers },
    };
  }
}
