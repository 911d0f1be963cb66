/**
 * The one error hierarchy of the SDK.
 *
 * Every error thrown by an Ascend package is an {@link AscendError} with a stable `code` and a
 * literal `name` (never derived from `constructor.name`, which minifiers rename). Errors carry
 * only what a caller needs to decide what to do next: no request or response headers, no
 * bodies, no secrets. The original failure, when there is one, is kept as `cause`.
 *
 * Type guards work across realms and duplicate package copies: they check a global symbol
 * brand and the `code`, not `instanceof`.
 *
 * @packageDocumentation
 */

import type { PendingDecisionHandle } from './decision.js';

const BRAND = Symbol.for('ascend.error');

/** Every stable error code the SDK uses. */
export type AscendErrorCode =
  | 'CONFIG_ERROR'
  | 'VALIDATION_ERROR'
  | 'AUTH_ERROR'
  | 'AUTHZ_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMIT'
  | 'SERVER_ERROR'
  | 'HTTP_ERROR'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'CIRCUIT_OPEN'
  | 'KILL_SWITCH_ACTIVE'
  | 'PROTOCOL_ERROR'
  | 'GOVERNANCE_UNAVAILABLE'
  | 'APPROVAL_TIMEOUT'
  | 'ACTION_DENIED'
  | 'ACTION_ALREADY_EXECUTED'
  | 'APPROVAL_PENDING'
  | 'WEBHOOK_VERIFICATION_FAILED';

/** Options shared by every error constructor. */
export interface AscendErrorOptions {
  /** The underlying failure, kept for debugging. */
  cause?: unknown;
}

/**
 * Base class of every error the SDK throws.
 *
 * @example
 * ```ts
 * try { await client.evaluateAction(req) }
 * catch (e) { if (isAscendError(e) && e.retryable) scheduleLater() }
 * ```
 */
export class AscendError extends Error {
  /** Literal class name, stable under minification. */
  override readonly name: string = 'AscendError';
  /** Stable machine-readable code. */
  readonly code: AscendErrorCode;
  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;

  constructor(code: AscendErrorCode, message: string, options: AscendErrorOptions & { retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
    // `cause` is kept but not enumerable, so JSON.stringify(error) never walks into it.
    if (options.cause !== undefined) {
      Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false, writable: true, configurable: true });
    }
  }

  /** A plain, secret-free view for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    for (const key of Object.keys(this)) {
      if (!(key in out)) out[key] = (this as unknown as Record<string, unknown>)[key];
    }
    return out;
  }
}

/** A client option or environment value is missing or invalid. Names the offending field. */
export class ConfigurationError extends AscendError {
  override readonly name = 'ConfigurationError' as const;
  /** The option (or environment variable) that is wrong. */
  readonly field: string;
  constructor(field: string, message: string, options: AscendErrorOptions = {}) {
    super('CONFIG_ERROR', `${field}: ${message}`, options);
    this.field = field;
  }
}

/** Field name → problem description. */
export type FieldErrors = Readonly<Record<string, string>>;

/** Input was rejected, either before sending (client-side checks) or by the service (400/422). */
export class ValidationError extends AscendError {
  override readonly name = 'ValidationError' as const;
  /** Field name → what is wrong with it. */
  readonly fieldErrors: FieldErrors;
  /** HTTP status when the service rejected the input; undefined for client-side checks. */
  readonly status: number | undefined;
  constructor(message: string, fieldErrors: FieldErrors, options: AscendErrorOptions & { status?: number } = {}) {
    super('VALIDATION_ERROR', message, options);
    this.fieldErrors = fieldErrors;
    this.status = options.status;
  }
}

/** The API key was rejected (HTTP 401). */
export class AuthenticationError extends AscendError {
  override readonly name = 'AuthenticationError' as const;
  /** Always 401. */
  readonly status = 401 as const;
  constructor(message = 'Invalid or expired API key', options: AscendErrorOptions = {}) {
    super('AUTH_ERROR', message, options);
  }
}

/**
 * The service refused the request (HTTP 403), e.g. a policy block or a cross-tenant id.
 *
 * A submit naming an MCP server (`mcpServerName`) or a model (`modelId`) that the service's
 * registries refuse (unregistered, deactivated, a blocked tool, a model that is not compliant) is
 * answered 403 with an `mcp_governance` or `model_governance` block (Python client 2.5.1): the
 * block is kept in {@link AuthorizationError.mcpGovernance} / {@link AuthorizationError.modelGovernance}.
 *
 * @example
 * ```ts
 * catch (e) { if (isAscendError(e, 'AUTHZ_DENIED') && e.mcpGovernance) console.warn('MCP server refused', e.mcpGovernance) }
 * ```
 */
export class AuthorizationError extends AscendError {
  override readonly name = 'AuthorizationError' as const;
  /** Always 403. */
  readonly status = 403 as const;
  /** Policy identifiers the service reported, if any. */
  readonly policyViolations: readonly string[];
  /** Risk score the service reported, if any. */
  readonly riskScore: number | undefined;
  /** The `mcp_governance` block of a refusal by the MCP server registry, as sent; undefined when absent. */
  // Declared, not defined: the constructor assigns them (no extra field initializers in the lean bundle).
  declare readonly mcpGovernance: Readonly<Record<string, unknown>> | undefined;
  /** The `model_governance` block of a refusal by the model registry, as sent; undefined when absent. */
  declare readonly modelGovernance: Readonly<Record<string, unknown>> | undefined;
  constructor(
    message: string,
    options: AscendErrorOptions & {
      policyViolations?: readonly string[];
      riskScore?: number;
      mcpGovernance?: Readonly<Record<string, unknown>> | undefined;
      modelGovernance?: Readonly<Record<string, unknown>> | undefined;
    } = {},
  ) {
    super('AUTHZ_DENIED', message, options);
    this.policyViolations = options.policyViolations ?? [];
    this.riskScore = options.riskScore;
    this.mcpGovernance = options.mcpGovernance;
    this.modelGovernance = options.modelGovernance;
  }
}

/** The addressed resource does not exist (HTTP 404). */
export class NotFoundError extends AscendError {
  override readonly name = 'NotFoundError' as const;
  /** Always 404. */
  readonly status = 404 as const;
  constructor(message = 'Not found', options: AscendErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

/** The request conflicts with the current state (HTTP 409), e.g. a duplicate registration. */
export class ConflictError extends AscendError {
  override readonly name = 'ConflictError' as const;
  /** Always 409. */
  readonly status = 409 as const;
  constructor(message = 'Conflict', options: AscendErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

/** The service is rate limiting this client (HTTP 429). */
export class RateLimitError extends AscendError {
  override readonly name = 'RateLimitError' as const;
  /** Always 429. */
  readonly status = 429 as const;
  /** How long the service asked us to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  constructor(message = 'Rate limit exceeded', options: AscendErrorOptions & { retryAfterMs?: number } = {}) {
    super('RATE_LIMIT', message, { ...options, retryable: true });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The service failed (HTTP 5xx). */
export class ServerError extends AscendError {
  override readonly name = 'ServerError' as const;
  /** The HTTP status (500–599). */
  readonly status: number;
  constructor(status: number, message = `Server error (HTTP ${status})`, options: AscendErrorOptions = {}) {
    super('SERVER_ERROR', message, { ...options, retryable: true });
    this.status = status;
  }
}

/** Any other unexpected HTTP status (another 4xx, or a redirect that was not followed). */
export class HttpError extends AscendError {
  override readonly name = 'HttpError' as const;
  /** The HTTP status. */
  readonly status: number;
  constructor(status: number, message = `Unexpected HTTP status ${status}`, options: AscendErrorOptions = {}) {
    super('HTTP_ERROR', message, options);
    this.status = status;
  }
}

/** The service could not be reached (connection refused, DNS, TLS, reset). */
export class NetworkError extends AscendError {
  override readonly name = 'NetworkError' as const;
  constructor(message = 'Failed to reach the ASCEND service', options: AscendErrorOptions = {}) {
    super('NETWORK_ERROR', message, { ...options, retryable: true });
  }
}

/** An attempt or the overall call deadline ran out. Named so it does not shadow `TimeoutError`. */
export class RequestTimeoutError extends AscendError {
  override readonly name = 'RequestTimeoutError' as const;
  /** The limit that ran out, in milliseconds. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, message = `Request timed out after ${timeoutMs} ms`, options: AscendErrorOptions = {}) {
    super('TIMEOUT', message, { ...options, retryable: true });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's `AbortSignal` cancelled the call. */
export class AbortedError extends AscendError {
  override readonly name = 'AbortedError' as const;
  constructor(message = 'The operation was aborted', options: AscendErrorOptions = {}) {
    super('ABORTED', message, options);
  }
}

/** The circuit breaker is open: the call failed fast without any I/O. */
export class CircuitOpenError extends AscendError {
  override readonly name = 'CircuitOpenError' as const;
  /** Milliseconds until the breaker lets a probe through. */
  readonly retryInMs: number;
  constructor(retryInMs: number, options: AscendErrorOptions = {}) {
    super('CIRCUIT_OPEN', `Circuit breaker is open; next probe in ${Math.max(0, Math.ceil(retryInMs))} ms`, {
      ...options,
      retryable: true,
    });
    this.retryInMs = Math.max(0, retryInMs);
  }
}

/** The kill switch is active: every governed action is blocked, before any network I/O. */
export class KillSwitchError extends AscendError {
  override readonly name = 'KillSwitchError' as const;
  /** Why the kill switch was activated, when the service said. */
  readonly reason: string | undefined;
  /** True when the state is stale (polls failing) and the client was configured to block then. */
  readonly stale: boolean;
  constructor(reason: string | undefined, options: AscendErrorOptions & { stale?: boolean } = {}) {
    super(
      'KILL_SWITCH_ACTIVE',
      options.stale
        ? 'Kill switch state is stale (status polls are failing) and staleness blocks actions'
        : `Kill switch is active: all actions are blocked${reason ? ` (${reason})` : ''}`,
      options,
    );
    this.reason = reason;
    this.stale = options.stale ?? false;
  }
}

/** The service answered something the protocol does not allow (malformed JSON, missing decision…). */
export class ProtocolError extends AscendError {
  override readonly name = 'ProtocolError' as const;
  /** Dotted path of the offending field in the response, when known. */
  readonly field: string | undefined;
  constructor(message: string, options: AscendErrorOptions & { field?: string } = {}) {
    super('PROTOCOL_ERROR', message, options);
    this.field = options.field;
  }
}

/**
 * Fail mode is `closed` and no decision could be obtained: the action must not run.
 * `cause` holds the network, timeout, breaker or server error that triggered it.
 */
export class GovernanceUnavailableError extends AscendError {
  override readonly name = 'GovernanceUnavailableError' as const;
  constructor(message = 'ASCEND governance is unavailable; failing closed', options: AscendErrorOptions = {}) {
    super('GOVERNANCE_UNAVAILABLE', message, { ...options, retryable: true });
  }
}

/** A pending approval was not decided in time. Never turned into `allowed`, in any fail mode. */
export class ApprovalTimeoutError extends AscendError {
  override readonly name = 'ApprovalTimeoutError' as const;
  /** The action that was waiting. */
  readonly actionId: string;
  /** How long we waited, in milliseconds. */
  readonly timeoutMs: number;
  constructor(actionId: string, timeoutMs: number, options: AscendErrorOptions = {}) {
    super('APPROVAL_TIMEOUT', `No decision for action ${actionId} within ${timeoutMs} ms`, options);
    this.actionId = actionId;
    this.timeoutMs = timeoutMs;
  }
}

/** A governed operation was denied (used by wrappers that throw instead of returning a decision). */
export class ActionDeniedError extends AscendError {
  override readonly name = 'ActionDeniedError' as const;
  /** The action id the service assigned. */
  readonly actionId: string;
  /** Why it was denied. */
  readonly reason: string | undefined;
  /** Policy identifiers the service reported. */
  readonly policyViolations: readonly string[];
  /** Risk score the service reported. */
  readonly riskScore: number | undefined;
  constructor(
    actionId: string,
    details: { reason?: string | undefined; policyViolations?: readonly string[]; riskScore?: number | undefined },
    options: AscendErrorOptions = {},
  ) {
    super('ACTION_DENIED', `Action ${actionId} denied${details.reason ? `: ${details.reason}` : ''}`, options);
    this.actionId = actionId;
    this.reason = details.reason;
    this.policyViolations = details.policyViolations ?? [];
    this.riskScore = details.riskScore;
  }
}

/**
 * The service says the action already ran and was reported (status `completed` or `failed`):
 * the decision was allowed, but running the action now would run it a second time. Thrown by
 * `evaluateAction` and `waitForDecision` (for instance a wait resumed from a stored handle after
 * the action was done), in every fail mode. `getActionStatus` returns such a decision as is.
 */
export class ActionAlreadyExecutedError extends AscendError {
  override readonly name = 'ActionAlreadyExecutedError' as const;
  /** The action. */
  readonly actionId: string;
  /** What the service reported: `completed` or `failed`. */
  readonly execution: 'completed' | 'failed';
  constructor(actionId: string, execution: 'completed' | 'failed', options: AscendErrorOptions = {}) {
    super('ACTION_ALREADY_EXECUTED', `Action ${actionId} already ran and was reported ${execution}; it must not run again`, options);
    this.actionId = actionId;
    this.execution = execution;
  }
}

/**
 * The action awaits a human's approval and the caller chose not to wait: it was not run (thrown
 * by wrappers, such as `@ascend/ky`, that stop a call instead of returning a decision). `pending`
 * is the serializable handle to resume with `waitForDecision`. Never turned into `allowed`.
 */
export class ApprovalPendingError extends AscendError {
  override readonly name = 'ApprovalPendingError' as const;
  /** The action id the service assigned. */
  readonly actionId: string;
  /** Why the service holds it, when it said. */
  readonly reason: string | undefined;
  /** Policy identifiers the service reported. */
  readonly policyViolations: readonly string[];
  /** Risk score the service reported. */
  readonly riskScore: number | undefined;
  /** The handle to resume the wait with, in this process or another (plain JSON). */
  readonly pending: PendingDecisionHandle;
  constructor(
    pending: PendingDecisionHandle,
    details: { reason?: string | undefined; policyViolations?: readonly string[]; riskScore?: number | undefined; what?: string } = {},
    options: AscendErrorOptions = {},
  ) {
    super('APPROVAL_PENDING', `Action ${pending.actionId} awaits human approval; ${details.what ?? 'it was not run'}`, options);
    this.actionId = pending.actionId;
    this.reason = details.reason;
    this.policyViolations = details.policyViolations ?? [];
    this.riskScore = details.riskScore;
    this.pending = { actionId: pending.actionId, approvalRequestId: pending.approvalRequestId, expiresAt: pending.expiresAt };
  }
}

/** Diagnostic codes of {@link WebhookVerificationError}. */
export type WebhookVerificationReason =
  | 'missing_header'
  | 'malformed_header'
  | 'bad_signature'
  | 'timestamp_out_of_tolerance'
  | 'replayed'
  | 'parsed_body'
  | 'secret_whitespace'
  | 'no_secret'
  | 'malformed_secret'
  | 'malformed_payload'
  | 'body_too_large';

/** A webhook delivery failed verification. The message never contains a secret. */
export class WebhookVerificationError extends AscendError {
  override readonly name = 'WebhookVerificationError' as const;
  /** Why verification failed. */
  readonly reason: WebhookVerificationReason;
  constructor(reason: WebhookVerificationReason, message: string, options: AscendErrorOptions = {}) {
    super('WEBHOOK_VERIFICATION_FAILED', message, options);
    this.reason = reason;
  }
}

/** Maps each error code to its class, for {@link isAscendError}'s narrowing. */
export interface AscendErrorByCode {
  /** A client option or environment value is missing or invalid: {@link ConfigurationError}. */
  CONFIG_ERROR: ConfigurationError;
  /** Input rejected by a client-side check or by the service (HTTP 400/422): {@link ValidationError}. */
  VALIDATION_ERROR: ValidationError;
  /** The API key was rejected (HTTP 401): {@link AuthenticationError}. */
  AUTH_ERROR: AuthenticationError;
  /** The service refused the request (HTTP 403): {@link AuthorizationError}. */
  AUTHZ_DENIED: AuthorizationError;
  /** The addressed resource does not exist (HTTP 404): {@link NotFoundError}. */
  NOT_FOUND: NotFoundError;
  /** The request conflicts with the current state (HTTP 409): {@link ConflictError}. */
  CONFLICT: ConflictError;
  /** The service is rate limiting this client (HTTP 429); retryable: {@link RateLimitError}. */
  RATE_LIMIT: RateLimitError;
  /** The service failed (HTTP 5xx); retryable: {@link ServerError}. */
  SERVER_ERROR: ServerError;
  /** Any other unexpected HTTP status (another 4xx, or a redirect that was not followed): {@link HttpError}. */
  HTTP_ERROR: HttpError;
  /** The service could not be reached (connection refused, DNS, TLS, reset); retryable: {@link NetworkError}. */
  NETWORK_ERROR: NetworkError;
  /** An attempt or the overall call deadline ran out; retryable: {@link RequestTimeoutError}. */
  TIMEOUT: RequestTimeoutError;
  /** The caller's `AbortSignal` cancelled the call, or the client was closed: {@link AbortedError}. */
  ABORTED: AbortedError;
  /** The circuit breaker is open and the call failed fast without I/O; retryable: {@link CircuitOpenError}. */
  CIRCUIT_OPEN: CircuitOpenError;
  /** The kill switch blocks every governed action: {@link KillSwitchError}. */
  KILL_SWITCH_ACTIVE: KillSwitchError;
  /** The service sent a response the protocol does not allow: {@link ProtocolError}. */
  PROTOCOL_ERROR: ProtocolError;
  /**
   * Fail mode is `closed` and no decision could be obtained (network, timeout, rate-limit,
   * server or open-breaker failure, kept as `cause`): {@link GovernanceUnavailableError}.
   */
  GOVERNANCE_UNAVAILABLE: GovernanceUnavailableError;
  /** A pending approval was not decided in time; never turned into `allowed`: {@link ApprovalTimeoutError}. */
  APPROVAL_TIMEOUT: ApprovalTimeoutError;
  /** A governed operation was denied, thrown by wrappers instead of returning a decision: {@link ActionDeniedError}. */
  ACTION_DENIED: ActionDeniedError;
  /** The action already ran and was reported; it must not run again: {@link ActionAlreadyExecutedError}. */
  ACTION_ALREADY_EXECUTED: ActionAlreadyExecutedError;
  /** The action awaits a human and the caller chose not to wait; it was not run: {@link ApprovalPendingError}. */
  APPROVAL_PENDING: ApprovalPendingError;
  /** A webhook delivery failed verification: {@link WebhookVerificationError}. */
  WEBHOOK_VERIFICATION_FAILED: WebhookVerificationError;
}

/**
 * True when `value` is an error thrown by an Ascend package (optionally with the given code).
 * Works across realms and duplicate installs.
 *
 * @example
 * ```ts
 * if (isAscendError(e, 'KILL_SWITCH_ACTIVE')) console.log(e.reason)
 * ```
 */
export function isAscendError(value: unknown): value is AscendError;
export function isAscendError<C extends AscendErrorCode>(value: unknown, code: C): value is AscendErrorByCode[C];
export function isAscendError(value: unknown, code?: AscendErrorCode): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as AscendError).code === code;
}

/** True for a {@link KillSwitchError}. */
export const isKillSwitchError = (e: unknown): e is KillSwitchError => isAscendError(e, 'KILL_SWITCH_ACTIVE');
/** True for a {@link ValidationError}. */
export const isValidationError = (e: unknown): e is ValidationError => isAscendError(e, 'VALIDATION_ERROR');
/** True for a {@link GovernanceUnavailableError}. */
export const isGovernanceUnavailableError = (e: unknown): e is GovernanceUnavailableError => isAscendError(e, 'GOVERNANCE_UNAVAILABLE');
/** True for a {@link CircuitOpenError}. */
export const isCircuitOpenError = (e: unknown): e is CircuitOpenError => isAscendError(e, 'CIRCUIT_OPEN');
/** True for a {@link ApprovalTimeoutError}. */
export const isApprovalTimeoutError = (e: unknown): e is ApprovalTimeoutError => isAscendError(e, 'APPROVAL_TIMEOUT');
/** True for an {@link ApprovalPendingError}. */
export const isApprovalPendingError = (e: unknown): e is ApprovalPendingError => isAscendError(e, 'APPROVAL_PENDING');
/** True for a {@link WebhookVerificationError}. */
export const isWebhookVerificationError = (e: unknown): e is WebhookVerificationError => isAscendError(e, 'WEBHOOK_VERIFICATION_FAILED');
