/**
 * The error classes of the vendor's documented Node.js API, with their names, codes and fields
 * (`policyViolations`, `riskScore`, `timeoutMs`, `retryAfter` in seconds, `fieldErrors`,
 * `recoveryTimeSeconds`), and the one translation from this SDK's typed errors into them. The
 * original error is kept as `cause` (not enumerable, so `JSON.stringify` never walks into it).
 */
import { isAscendError, type AscendError } from '../errors.js';

/** Extra, secret-free facts attached to a compatibility error. */
export type ErrorDetails = Record<string, unknown>;

/**
 * Base class of every error the compatibility client throws: a stable `code` and `details`.
 * `cause` holds this SDK's original error, when there is one.
 */
export class OWKAIError extends Error {
  /** `'OWKAIError'`. */
  override readonly name: string = 'OWKAIError';
  /** Stable code: `AUTH_ERROR`, `AUTHZ_DENIED`, `TIMEOUT`, `RATE_LIMIT`, `VALIDATION_ERROR`, `CONNECTION_ERROR`, `CIRCUIT_OPEN`, or this SDK's code for the rest. */
  readonly code: string;
  /** Extra facts about the failure. */
  readonly details: ErrorDetails;

  /**
   * @param message - What went wrong.
   * @param code - Stable code. @defaultValue 'OWKAI_ERROR'
   * @param details - Extra facts. @defaultValue {}
   * @param cause - The original error, kept non-enumerable.
   */
  constructor(message: string, code = 'OWKAI_ERROR', details: ErrorDetails = {}, cause?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
    if (cause !== undefined) Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  }

  /** A plain view: name, message, code, details. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, details: this.details };
  }
}

/** The API key was refused (HTTP 401). */
export class AuthenticationError extends OWKAIError {
  /** `'AuthenticationError'`. */
  override readonly name: string = 'AuthenticationError';
  /** @param message - What went wrong. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Authentication failed', details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'AUTH_ERROR', details, cause);
  }
}

/** The action is not authorized: a 403, a denial raised by the MCP wrappers, or an active kill switch. */
export class AuthorizationError extends OWKAIError {
  /** `'AuthorizationError'`. */
  override readonly name: string = 'AuthorizationError';
  /** Policies that matched. */
  readonly policyViolations: string[];
  /** Risk score, when known. */
  readonly riskScore: number | undefined;
  /**
   * @param message - What went wrong.
   * @param policyViolations - Policies that matched.
   * @param riskScore - Risk score, when known.
   * @param details - Extra facts.
   * @param cause - The original error.
   */
  constructor(message = 'Action not authorized', policyViolations: string[] = [], riskScore?: number, details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'AUTHZ_DENIED', { ...details, policyViolations, riskScore }, cause);
    this.policyViolations = policyViolations;
    this.riskScore = riskScore;
  }
}

/** A request, or the wait for a human's approval, took too long. */
export class TimeoutError extends OWKAIError {
  /** `'TimeoutError'`. */
  override readonly name: string = 'TimeoutError';
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;
  /** @param message - What went wrong. @param timeoutMs - The limit, in ms. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Operation timed out', timeoutMs = 0, details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'TIMEOUT', { ...details, timeoutMs }, cause);
    this.timeoutMs = timeoutMs;
  }
}

/** The service rate-limited the client (HTTP 429) and retries did not get through. */
export class RateLimitError extends OWKAIError {
  /** `'RateLimitError'`. */
  override readonly name: string = 'RateLimitError';
  /** Seconds the service asked to wait. */
  readonly retryAfter: number;
  /** @param message - What went wrong. @param retryAfter - Seconds to wait. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Rate limit exceeded', retryAfter = 60, details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'RATE_LIMIT', { ...details, retryAfter }, cause);
    this.retryAfter = retryAfter;
  }
}

/** Bad input (an option, a request field) or a 400/422 answer; `fieldErrors` names the fields. */
export class ValidationError extends OWKAIError {
  /** `'ValidationError'`. */
  override readonly name: string = 'ValidationError';
  /** Problem by field name. */
  readonly fieldErrors: Record<string, string>;
  /** @param message - What went wrong. @param fieldErrors - Problem by field. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Validation failed', fieldErrors: Record<string, string> = {}, details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'VALIDATION_ERROR', { ...details, fieldErrors }, cause);
    this.fieldErrors = fieldErrors;
  }

  /** The integration guide's name for {@link ValidationError.fieldErrors}. */
  get errors(): Record<string, string> {
    return this.fieldErrors;
  }
}

/** The service could not be reached (network failure, server errors after retries). */
export class ConnectionError extends OWKAIError {
  /** `'ConnectionError'`. */
  override readonly name: string = 'ConnectionError';
  /** @param message - What went wrong. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Failed to connect to the ASCEND API', details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'CONNECTION_ERROR', details, cause);
  }
}

/** The circuit breaker is open: calls fail fast until `recoveryTimeSeconds` have passed. */
export class CircuitBreakerOpenError extends OWKAIError {
  /** `'CircuitBreakerOpenError'`. */
  override readonly name: string = 'CircuitBreakerOpenError';
  /** Seconds until the breaker lets a trial call through. */
  readonly recoveryTimeSeconds: number;
  /** @param message - What went wrong. @param recoveryTimeSeconds - Seconds until a trial call. @param details - Extra facts. @param cause - The original error. */
  constructor(message = 'Circuit breaker is open - service appears to be down', recoveryTimeSeconds = 0, details: ErrorDetails = {}, cause?: unknown) {
    super(message, 'CIRCUIT_OPEN', { ...details, recoveryTimeSeconds }, cause);
    this.recoveryTimeSeconds = recoveryTimeSeconds;
  }
}

/**
 * The integration guide's "ASCEND could not be reached" class, for `instanceof` checks only (it is
 * never thrown itself): true for a {@link ConnectionError}, a {@link CircuitBreakerOpenError}, and
 * a {@link TimeoutError} of a request (not of an approval wait, which is a human not deciding).
 * In fail-closed mode these errors mean the action must not run; in fail-open mode the client
 * returns a fail-open decision instead of throwing them.
 */
export class AscendUnreachableError extends OWKAIError {
  /** `'AscendUnreachableError'`. */
  override readonly name: string = 'AscendUnreachableError';

  /** Whether `value` is one of the errors that mean ASCEND could not be reached. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (value instanceof ConnectionError || value instanceof CircuitBreakerOpenError) return true;
    if (!(value instanceof TimeoutError)) return false;
    const cause = (value as { cause?: unknown }).cause;
    return isAscendError(cause, 'TIMEOUT') || isAscendError(cause, 'GOVERNANCE_UNAVAILABLE');
  }
}

/** The integration guide's name for {@link AuthenticationError} (the same class). */
export const AscendAuthenticationError = AuthenticationError;
/** The integration guide's name for {@link AuthenticationError}. */
export type AscendAuthenticationError = AuthenticationError;
/** The integration guide's name for {@link RateLimitError} (the same class; `retryAfter` in seconds). */
export const AscendRateLimitError = RateLimitError;
/** The integration guide's name for {@link RateLimitError}. */
export type AscendRateLimitError = RateLimitError;
/** The integration guide's name for {@link ValidationError} (the same class; `errors` by field). */
export const AscendValidationError = ValidationError;
/** The integration guide's name for {@link ValidationError}. */
export type AscendValidationError = ValidationError;

/**
 * Translates one of this SDK's errors into its compatibility class. A fail-closed
 * `GovernanceUnavailableError` becomes the class of what made the service unavailable
 * (`TimeoutError`, `CircuitBreakerOpenError`, `RateLimitError`, else `ConnectionError`); an
 * approval that timed out is a `TimeoutError`; an active kill switch is an `AuthorizationError`;
 * a configuration problem is a `ValidationError`. Anything else is an `OWKAIError` carrying this
 * SDK's code. Values that are not errors of this SDK come back unchanged.
 */
export function toCompatError(error: unknown): unknown {
  if (error instanceof OWKAIError || !isAscendError(error)) return error;
  return translate(error, error);
}

function translate(e: AscendError, original: AscendError): OWKAIError {
  const m = e === original ? e.message : original.message;
  if (isAscendError(e, 'GOVERNANCE_UNAVAILABLE') && isAscendError(e.cause)) return translate(e.cause, original);
  if (isAscendError(e, 'AUTH_ERROR')) return new AuthenticationError(m, {}, original);
  if (isAscendError(e, 'AUTHZ_DENIED')) return new AuthorizationError(m, [...e.policyViolations], e.riskScore, {}, original);
  if (isAscendError(e, 'KILL_SWITCH_ACTIVE')) return new AuthorizationError(m, [], undefined, { killSwitch: true, reason: e.reason }, original);
  if (isAscendError(e, 'TIMEOUT')) return new TimeoutError(m, e.timeoutMs, {}, original);
  if (isAscendError(e, 'APPROVAL_TIMEOUT')) return new TimeoutError(m, e.timeoutMs, { actionId: e.actionId }, original);
  if (isAscendError(e, 'RATE_LIMIT')) return new RateLimitError(m, Math.ceil((e.retryAfterMs ?? 60_000) / 1000), {}, original);
  if (isAscendError(e, 'CIRCUIT_OPEN')) return new CircuitBreakerOpenError(m, Math.max(0, Math.ceil(e.retryInMs / 1000)), {}, original);
  if (isAscendError(e, 'NETWORK_ERROR') || isAscendError(e, 'SERVER_ERROR') || isAscendError(e, 'GOVERNANCE_UNAVAILABLE')) {
    return new ConnectionError(m, {}, original);
  }
  if (isAscendError(e, 'VALIDATION_ERROR')) return new ValidationError(m, { ...e.fieldErrors }, {}, original);
  if (isAscendError(e, 'CONFIG_ERROR')) return new ValidationError(m, { [e.field]: m }, {}, original);
  return new OWKAIError(m, original.code, {}, original);
}

/** The HTTP view of a failure that the docs site's error-handling code reads (`axios.isAxiosError(e)`, `e.response?.status`, `e.response?.data?.detail`, `e.code`). */
export interface HttpErrorView {
  /** Always true: `axios.isAxiosError(e)` returns true for these errors. */
  readonly isAxiosError: true;
  /**
   * Axios' code: a system code from the network failure (`ECONNREFUSED`, `ENOTFOUND`, …),
   * `ETIMEDOUT` for a timeout, `ERR_BAD_REQUEST` for a 4xx, `ERR_BAD_RESPONSE` for a 5xx,
   * `ERR_NETWORK` otherwise.
   */
  readonly code: string;
  /** The HTTP status, when there is one. */
  readonly status: number | undefined;
  /** The answer, when there is one: its status and `{ detail }` (the error's message). No headers, no request. */
  readonly response:
    | {
        /** The HTTP status. */
        readonly status: number;
        /** The body, as the pages read it. */
        readonly data: {
          /** What the service said (its `detail`), else the error's message. */
          readonly detail: string;
          /** Problem by field, for bad input. */
          readonly errors?: Readonly<Record<string, string>>;
        };
      }
    | undefined;
}

const SYSTEM_CODE = /^E[A-Z0-9_]{2,30}$/;

/** The first system error code (`ECONNREFUSED` …) in an error's cause chain. */
function systemCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 6 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && SYSTEM_CODE.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The first error in the cause chain that carries an HTTP status. */
function withStatus(error: unknown): { status: number; message: string } | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number') return { status, message: e instanceof Error ? e.message : '' };
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The HTTP status of this SDK's error or of what it wraps, if any.
 * @internal
 */
export function httpStatus(error: unknown): number | undefined {
  return withStatus(error)?.status;
}

/**
 * Gives a compatibility error the HTTP view of {@link HttpErrorView}, for the docs site's REST
 * client: the error stays an instance of its class (`AuthenticationError`, `ConnectionError` …)
 * and keeps its message; `code` becomes axios' code. Local refusals get the status the service
 * would have answered: a bad argument 422 (with `errors` by field), an active kill switch 403.
 * Values that are not compatibility errors come back unchanged.
 * @internal
 */
export function withHttpView(error: unknown): unknown {
  if (!(error instanceof OWKAIError)) return error;
  const original: unknown = (error as { cause?: unknown }).cause;
  const answered = withStatus(original);
  let status = answered?.status;
  if (status === undefined && error instanceof ValidationError) status = 422;
  if (status === undefined && isAscendError(original, 'KILL_SWITCH_ACTIVE')) status = 403;
  let code: string;
  if (status !== undefined) code = status >= 500 ? 'ERR_BAD_RESPONSE' : 'ERR_BAD_REQUEST';
  else if (error instanceof TimeoutError) code = 'ETIMEDOUT';
  else code = systemCode(original) ?? 'ERR_NETWORK';
  // `detail` is what the service said, when it answered; else the error's own message.
  const detail = answered?.message || error.message;
  const data = error instanceof ValidationError && Object.keys(error.fieldErrors).length > 0 ? { detail, errors: { ...error.fieldErrors } } : { detail };
  const view: HttpErrorView = { isAxiosError: true, code, status, response: status === undefined ? undefined : { status, data } };
  for (const [key, value] of Object.entries(view)) Object.defineProperty(error, key, { value, enumerable: true, writable: false, configurable: true });
  return error;
}
