/**
 * Metrics in the vendor's shapes: the `MetricsSnapshot` both of its clients return, computed from
 * this SDK's decision counters ({@link ClientMetrics}), and the per-call events of its v1
 * `onMetricEvent`. No second set of counters: the v1 surface feeds this SDK's
 * {@link MetricsRecorder}, the v2 surface reads the core client's.
 */
import type { AuthorizationDecision } from '../decision.js';
import { isAscendError } from '../errors.js';
import { httpStatus } from './errors.js';
import { MetricsRecorder, type ClientMetrics } from '../metrics.js';

/** A snapshot shaped like the vendor's `MetricsSnapshot`, computed from this SDK's decision metrics. */
export interface MetricsSnapshot {
  /** Decision calls made. */
  totalRequests: number;
  /** Decision calls that returned a decision (any outcome). */
  successCount: number;
  /** Decision calls that threw. */
  errorCount: number;
  /** Calls that ended in a timeout (request or approval wait). */
  timeoutCount: number;
  /** Calls that ended rate-limited. */
  rateLimitCount: number;
  /** Not tracked per call here: always 0 (retries happen inside one call). */
  retryCount: number;
  /** Mean decision latency, ms. */
  avgLatency: number;
  /** Fastest, ms. */
  minLatency: number;
  /** Slowest, ms. */
  maxLatency: number;
  /** Median of the recent calls, ms. */
  p50Latency: number;
  /** 95th percentile, ms. */
  p95Latency: number;
  /** 99th percentile, ms. */
  p99Latency: number;
  /** successCount / totalRequests (1 when none). */
  successRate: number;
  /** errorCount / totalRequests (0 when none). */
  errorRate: number;
  /** totalRequests per minute since `windowStart`. */
  requestsPerMinute: number;
  /** When counting started. */
  windowStart: Date;
  /** Now. */
  windowEnd: Date;
  /** Per-operation breakdown: `evaluateAction`, keyed as the vendor keys endpoints. */
  byEndpoint: Record<string, EndpointMetrics>;
  /** Not tracked here: always empty. */
  byStatusCode: Record<number, number>;
}

/** One entry of {@link MetricsSnapshot.byEndpoint}. */
export interface EndpointMetrics {
  /** Calls made. */
  requests: number;
  /** Calls that threw. */
  errors: number;
  /** Mean latency, ms. */
  avgLatency: number;
  /** Share of calls that returned (0–1). */
  successRate: number;
}

/** One call, as the vendor's v1 `onMetricEvent` callbacks receive it. */
export interface MetricEvent {
  /** `response` for a call that returned, `timeout` for one that timed out, `error` otherwise. */
  type: 'request' | 'response' | 'error' | 'retry' | 'timeout';
  /** The HTTP method of the operation. */
  method: string;
  /** The operation, e.g. `submitAction` (keys of {@link MetricsSnapshot.byEndpoint}). */
  endpoint: string;
  /** The HTTP status: 200 for a call that returned, the service's status for one it refused. */
  statusCode?: number;
  /** How long the call took (retries included), ms. */
  duration: number;
  /** When the call ended. */
  timestamp: Date;
  /** The error's message (already secret-free), for a failed call. */
  error?: string;
}

/** A callback of `onMetricEvent`. Exceptions it throws are caught and dropped. */
export type MetricsCallback = (event: MetricEvent) => void;

/**
 * The vendor's snapshot from this SDK's counters. `byEndpoint` and `byStatusCode` come from the
 * caller when it tracks them (the v1 surface), else one `evaluateAction` entry and none.
 * @internal
 */
export function snapshotFromCore(
  m: ClientMetrics,
  now: Date,
  breakdown?: { byEndpoint: Record<string, EndpointMetrics>; byStatusCode: Record<number, number> },
): MetricsSnapshot {
  const d = m.decisions;
  const success = d.allowed + d.denied + d.pending;
  const total = success + m.errors.total;
  const start = new Date(m.since);
  const minutes = Math.max((now.getTime() - start.getTime()) / 60_000, 1 / 60);
  const byCode = m.errors.byCode;
  const successRate = total === 0 ? 1 : success / total;
  return {
    totalRequests: total,
    successCount: success,
    errorCount: m.errors.total,
    timeoutCount: (byCode.TIMEOUT ?? 0) + (byCode.APPROVAL_TIMEOUT ?? 0),
    rateLimitCount: byCode.RATE_LIMIT ?? 0,
    retryCount: 0,
    avgLatency: m.latency.meanMs,
    minLatency: m.latency.minMs,
    maxLatency: m.latency.maxMs,
    p50Latency: m.latency.p50Ms,
    p95Latency: m.latency.p95Ms,
    p99Latency: m.latency.p99Ms,
    successRate,
    errorRate: total === 0 ? 0 : m.errors.total / total,
    requestsPerMinute: total / minutes,
    windowStart: start,
    windowEnd: now,
    byEndpoint:
      breakdown?.byEndpoint ?? (total === 0 ? {} : { evaluateAction: { requests: total, errors: m.errors.total, avgLatency: m.latency.meanMs, successRate } }),
    byStatusCode: breakdown?.byStatusCode ?? {},
  };
}

/**
 * The v1 surface's metrics: decision calls counted by this SDK's {@link MetricsRecorder}, plus
 * the per-operation breakdown, status codes and events the vendor's v1 `MetricsCollector` had.
 * @internal
 */
export class V1Metrics {
  #recorder: MetricsRecorder;
  #byEndpoint = new Map<string, { requests: number; errors: number; totalMs: number }>();
  #byStatus = new Map<number, number>();
  readonly #listeners = new Set<MetricsCallback>();

  constructor(now: number) {
    this.#recorder = new MetricsRecorder(now);
  }

  #count(endpoint: string, ms: number, failed: boolean, status: number | undefined): void {
    const e = this.#byEndpoint.get(endpoint) ?? { requests: 0, errors: 0, totalMs: 0 };
    e.requests++;
    if (failed) e.errors++;
    e.totalMs += Math.max(0, ms);
    this.#byEndpoint.set(endpoint, e);
    if (status !== undefined) this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
  }

  #emit(event: MetricEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure never reaches the call it observes.
      }
    }
  }

  /** A call that returned; `decision` when it was a decision call. */
  success(endpoint: string, method: string, ms: number, decision: AuthorizationDecision | undefined): void {
    if (decision) this.#recorder.decision(decision, ms);
    this.#count(endpoint, ms, false, 200);
    this.#emit({ type: 'response', method, endpoint, statusCode: 200, duration: ms, timestamp: new Date() });
  }

  /** A call that threw `error` (one of this SDK's errors); `decisionCall` counts it in the totals. */
  failure(endpoint: string, method: string, ms: number, error: unknown, decisionCall: boolean): void {
    const code = isAscendError(error) ? error.code : 'PROTOCOL_ERROR';
    if (decisionCall) this.#recorder.error(code, ms);
    const status = httpStatus(error);
    this.#count(endpoint, ms, true, status);
    const timeout = code === 'TIMEOUT' || code === 'APPROVAL_TIMEOUT';
    const message = error instanceof Error ? error.message : String(error);
    this.#emit({
      type: timeout ? 'timeout' : 'error',
      method,
      endpoint,
      ...(status === undefined ? {} : { statusCode: status }),
      duration: ms,
      timestamp: new Date(),
      error: message,
    });
  }

  /** Adds a listener; returns its removal. */
  onEvent(callback: MetricsCallback): () => void {
    this.#listeners.add(callback);
    return () => void this.#listeners.delete(callback);
  }

  /** The vendor-shaped snapshot. */
  snapshot(breakers: ClientMetrics['circuitBreakers'], now: Date): MetricsSnapshot {
    const byEndpoint: Record<string, EndpointMetrics> = {};
    for (const [name, e] of this.#byEndpoint) {
      byEndpoint[name] = { requests: e.requests, errors: e.errors, avgLatency: e.totalMs / e.requests, successRate: (e.requests - e.errors) / e.requests };
    }
    return snapshotFromCore(this.#recorder.snapshot(breakers), now, { byEndpoint, byStatusCode: Object.fromEntries(this.#byStatus) });
  }

  /** Starts over (listeners stay). */
  reset(now: number): void {
    this.#recorder = new MetricsRecorder(now);
    this.#byEndpoint.clear();
    this.#byStatus.clear();
  }
}
