/**
 * The Python SDK's `ResilientAgent` ("Error handling" example) in TypeScript.
 *
 * The seed catches `AuthenticationError`, `AuthorizationError`, `ValidationError`,
 * `RateLimitError`, `TimeoutError`, `ConnectionError` and `CircuitBreakerOpen` around
 * `evaluate_action` and sleeps and retries on the transient ones. Here:
 *
 * - The client already retries transient failures (backoff with jitter, `Retry-After`, the same
 *   idempotency key) before it gives up, so this agent does not retry again on top: a second
 *   retry layer would multiply the attempts and the wait. It tells the caller when trying
 *   again makes sense (`recoverable`, `retryAfterMs`).
 * - In fail mode `closed`, an outage arrives as one `GovernanceUnavailableError`;
 *   `unavailableCause` narrows it to rate limited, timed out, breaker open, network or server
 *   error. In fail mode `open`, the client itself allows, and marks the decision `failOpen`.
 * - A kill switch is its own outcome: it is never "unavailable" and never fails open.
 */
import { isAscendError, unavailableCause, type ActionRequest, type AscendClientLike, type UnavailableCauseKind } from '@ascend/node';

/** What {@link ResilientAgent.governedAction} tells its caller; one variant per way it can end. */
export type GovernedResult =
  | { readonly status: 'allowed'; readonly actionId: string; readonly riskScore: number | undefined }
  | {
      readonly status: 'allowed_failopen';
      readonly actionId: string;
      readonly warning: string;
      readonly reason: UnavailableCauseKind;
    }
  | { readonly status: 'pending_approval'; readonly actionId: string; readonly approvalId: string | undefined }
  | {
      readonly status: 'denied';
      readonly errorType: 'policy';
      readonly reason: string | undefined;
      readonly riskScore: number | undefined;
      readonly policyViolations: readonly string[];
      readonly recoverable: false;
    }
  | {
      readonly status: 'blocked';
      readonly errorType: 'service_unavailable';
      readonly reason: UnavailableCauseKind;
      /** When to try again, if the service or the breaker said. */
      readonly retryAfterMs: number | undefined;
      readonly recoverable: true;
    }
  | { readonly status: 'blocked'; readonly errorType: 'kill_switch'; readonly reason: string | undefined; readonly recoverable: false }
  | {
      readonly status: 'error';
      readonly errorType: 'authentication' | 'validation' | 'unexpected';
      readonly message: string;
      readonly fieldErrors?: Readonly<Record<string, string>>;
      readonly recoverable: false;
    };

/** Where the agent writes what happened; `console` by default. */
export interface AgentLog {
  warn(message: string): void;
  error(message: string): void;
}

/** Runs governed actions and turns every failure into a {@link GovernedResult}, never an exception. */
export class ResilientAgent {
  readonly #ascend: AscendClientLike;
  readonly #log: AgentLog;

  /**
   * @param ascend - Any ASCEND client: `new AscendClient({ agentId: 'resilient-agent', failMode })`
   *   in production, a `MockAscendClient` in tests.
   */
  constructor(ascend: AscendClientLike, log: AgentLog = console) {
    this.#ascend = ascend;
    this.#log = log;
  }

  /** Asks ASCEND about one action and says what the caller may do. */
  async governedAction(request: ActionRequest): Promise<GovernedResult> {
    try {
      const decision = await this.#ascend.evaluateAction(request);
      if (decision.decision === 'allowed') {
        if (decision.failOpen) {
          const reason = unavailableCause(decision.failOpen.cause)?.kind ?? 'unknown';
          this.#log.warn(`ASCEND unavailable (${reason}). Allowing action (fail-open).`);
          return { status: 'allowed_failopen', actionId: decision.actionId, warning: 'Action allowed due to governance service unavailability', reason };
        }
        return { status: 'allowed', actionId: decision.actionId, riskScore: decision.riskScore };
      }
      if (decision.decision === 'pending') return { status: 'pending_approval', actionId: decision.actionId, approvalId: decision.approvalRequestId };
      return {
        status: 'denied',
        errorType: 'policy',
        reason: decision.reason,
        riskScore: decision.riskScore,
        policyViolations: decision.policyViolations,
        recoverable: false,
      };
    } catch (error) {
      return this.#failure(error);
    }
  }

  #failure(error: unknown): GovernedResult {
    const cause = unavailableCause(error);
    if (cause) {
      const retryAfterMs = cause.kind === 'rate_limited' ? cause.retryAfterMs : cause.kind === 'breaker_open' ? cause.retryInMs : undefined;
      this.#log.warn(`ASCEND unavailable (${cause.kind}); not acting`);
      return { status: 'blocked', errorType: 'service_unavailable', reason: cause.kind, retryAfterMs, recoverable: true };
    }
    if (isAscendError(error, 'KILL_SWITCH_ACTIVE')) {
      this.#log.error(`Kill switch active: ${error.reason ?? 'no reason given'}`);
      return { status: 'blocked', errorType: 'kill_switch', reason: error.reason, recoverable: false };
    }
    if (isAscendError(error, 'AUTHZ_DENIED')) {
      // The service refused the request itself (HTTP 403): a policy block, like a denial.
      return {
        status: 'denied',
        errorType: 'policy',
        reason: error.message,
        riskScore: error.riskScore,
        policyViolations: error.policyViolations,
        recoverable: false,
      };
    }
    if (isAscendError(error, 'AUTH_ERROR')) {
      this.#log.error('Authentication failed: check ASCEND_API_KEY');
      return { status: 'error', errorType: 'authentication', message: 'Invalid API credentials', recoverable: false };
    }
    if (isAscendError(error, 'VALIDATION_ERROR')) {
      return { status: 'error', errorType: 'validation', message: error.message, fieldErrors: error.fieldErrors, recoverable: false };
    }
    this.#log.error(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return { status: 'error', errorType: 'unexpected', message: error instanceof Error ? error.message : String(error), recoverable: false };
  }
}
