/**
 * Retry timing, in one pure module: which failures are retried, how long to wait, and how a
 * server's `Retry-After` is parsed and capped.
 */
import { isAscendError, type AscendError } from './errors.js';
import type { RetryOptions } from './options.js';

/** Statuses retried by the SDK (besides network failures and timeouts). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * True when a failed attempt may be retried: network errors, per-attempt timeouts, 429 and
 * 500/502/503/504. Everything else (4xx, protocol errors, aborts, an open breaker) is final.
 */
export function isRetryableFailure(error: unknown): boolean {
  if (!isAscendError(error)) return false;
  switch (error.code) {
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'RATE_LIMIT':
      return true;
    case 'SERVER_ERROR':
      return RETRYABLE_STATUSES.has((error as AscendError & { status: number }).status);
    default:
      return false;
  }
}

/**
 * True when a failure says the service is unhealthy, for the circuit breaker and fail mode:
 * network errors, timeouts, any 5xx and 429. Other 4xx prove the service is up.
 */
export function isServiceFailure(error: unknown): boolean {
  if (!isAscendError(error)) return false;
  return error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT' || error.code === 'SERVER_ERROR' || error.code === 'RATE_LIMIT';
}

/**
 * Parses a `Retry-After` header: delta-seconds or an HTTP-date.
 * @returns milliseconds to wait (≥ 0), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // HTTP-dates always name a weekday or month; this keeps "-1" or "12abc" from parsing as years.
  if (!/[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Inputs of {@link backoffDelay}: the timing fields of the retry options. */
export type BackoffPolicy = Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>>;

/**
 * Delay before retry number `retry` (0 for the first retry): exponential with full jitter,
 * or the server's `Retry-After` (capped) when it gave one.
 *
 * @param random - A number in [0, 1); injectable for tests.
 */
export function backoffDelay(
  retry: number,
  policy: Required<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'maxRetryAfterMs'>>,
  retryAfterMs: number | undefined,
  random: number,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  // Full jitter, but never below a quarter of the ceiling so storms still spread out in time.
  return Math.round(ceiling * (0.25 + 0.75 * random));
}
