/**
 * Narrowing a "governance unavailable" failure to what actually went wrong.
 *
 * @packageDocumentation
 */
import {
  isAscendError,
  type AscendError,
  type CircuitOpenError,
  type NetworkError,
  type RateLimitError,
  type RequestTimeoutError,
  type ServerError,
} from './errors.js';

/**
 * Why ASCEND could not be asked, as returned by {@link unavailableCause}. Each variant carries
 * the typed underlying error and the one number worth acting on.
 *
 * - `rate_limited`: the service answered 429 after retries; `retryAfterMs` is its `Retry-After`, when it sent one.
 * - `timed_out`: an attempt or the call's deadline ran out.
 * - `breaker_open`: the circuit breaker failed the call fast, without any I/O; `retryInMs` is when it lets a probe through.
 * - `network`: the service could not be reached (refused, DNS, TLS, reset).
 * - `server_error`: the service answered 5xx after retries.
 * - `unknown`: unavailable for another reason (e.g. earlier reports are still spooled); `error` is the cause when there is one.
 */
export type UnavailableCause =
  | {
      /** The service answered 429 after the client's retries. */
      readonly kind: 'rate_limited';
      /** The service's `Retry-After`, in milliseconds, when it sent one. */
      readonly retryAfterMs: number | undefined;
      /** The underlying error. */
      readonly error: RateLimitError;
    }
  | {
      /** An attempt or the call's deadline ran out. */
      readonly kind: 'timed_out';
      /** The limit that ran out, in milliseconds. */
      readonly timeoutMs: number;
      /** The underlying error. */
      readonly error: RequestTimeoutError;
    }
  | {
      /** The circuit breaker failed the call fast, without any I/O. */
      readonly kind: 'breaker_open';
      /** Milliseconds until the breaker lets a probe through. */
      readonly retryInMs: number;
      /** The underlying error. */
      readonly error: CircuitOpenError;
    }
  | {
      /** The service could not be reached (refused, DNS, TLS, reset). */
      readonly kind: 'network';
      /** The underlying error. */
      readonly error: NetworkError;
    }
  | {
      /** The service answered 5xx after the client's retries. */
      readonly kind: 'server_error';
      /** The HTTP status (500–599). */
      readonly status: number;
      /** The underlying error. */
      readonly error: ServerError;
    }
  | {
      /** Unavailable for another reason, e.g. earlier reports are still spooled. */
      readonly kind: 'unknown';
      /** The cause, when it is an `AscendError`. */
      readonly error: AscendError | undefined;
    };

/** The `kind` of an {@link UnavailableCause}. */
export type UnavailableCauseKind = UnavailableCause['kind'];

/** How many `cause` links are followed from a `GovernanceUnavailableError` to the transport error. */
const MAX_CAUSE_DEPTH = 4;

function classify(error: AscendError): UnavailableCause | undefined {
  if (isAscendError(error, 'RATE_LIMIT')) return { kind: 'rate_limited', retryAfterMs: error.retryAfterMs, error };
  if (isAscendError(error, 'TIMEOUT')) return { kind: 'timed_out', timeoutMs: error.timeoutMs, error };
  if (isAscendError(error, 'CIRCUIT_OPEN')) return { kind: 'breaker_open', retryInMs: error.retryInMs, error };
  if (isAscendError(error, 'NETWORK_ERROR')) return { kind: 'network', error };
  if (isAscendError(error, 'SERVER_ERROR')) return { kind: 'server_error', status: error.status, error };
  return undefined;
}

/**
 * Narrows a failure to ask ASCEND to its cause: rate limited, timed out, breaker open, network or
 * server error.
 *
 * In fail mode `closed`, `evaluateAction` wraps the transport's error in a
 * `GovernanceUnavailableError` (its `cause`). This helper follows that `cause` and classifies it;
 * it also classifies the transport errors themselves, as calls without fail mode throw them
 * (`submitAction`, `getActionStatus`, `waitForDecision`'s polls). Anything else (a denial, a
 * validation error, the kill switch, an error of another library) gives `undefined`: those are
 * not "unavailable", and retrying them is wrong. Checks use the error codes, so they work across
 * package copies and realms.
 *
 * The client already retried with backoff (honouring `Retry-After`) before giving up; use the
 * cause to choose what to tell the user, or how long to wait before the next attempt.
 *
 * @param error - Any thrown value.
 * @returns The cause, or `undefined` when `error` is not an unavailability.
 *
 * @example
 * ```ts
 * try {
 *   await ascend.evaluateAction({ actionType: 'database.query', resource: 'production_db' });
 * } catch (error) {
 *   const cause = unavailableCause(error);
 *   if (cause?.kind === 'rate_limited') console.warn(`rate limited; retry in ${cause.retryAfterMs ?? 1000} ms`);
 *   else if (cause?.kind === 'breaker_open') console.warn(`breaker open; next probe in ${cause.retryInMs} ms`);
 *   else if (cause === undefined) throw error; // not an outage: a denial, bad input, the kill switch…
 * }
 * ```
 */
export function unavailableCause(error: unknown): UnavailableCause | undefined {
  if (!isAscendError(error)) return undefined;
  const direct = classify(error);
  if (direct !== undefined) return direct;
  if (!isAscendError(error, 'GOVERNANCE_UNAVAILABLE')) return undefined;
  let current: unknown = error.cause;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && isAscendError(current); depth++) {
    const found = classify(current);
    if (found !== undefined) return found;
    if (!isAscendError(current, 'GOVERNANCE_UNAVAILABLE')) break;
    current = current.cause;
  }
  return { kind: 'unknown', error: isAscendError(error.cause) ? error.cause : undefined };
}
