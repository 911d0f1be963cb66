/**
 * The one error this package adds to core's hierarchy: a call held for human approval.
 *
 * @packageDocumentation
 */
import { AscendError, isAscendError, toPendingHandle, type PendingDecision, type PendingDecisionHandle } from '@ascend/core';

/**
 * A governed request needs a human's approval and the instance does not wait for it
 * (`waitForApproval` off, the default). The request was **not sent**.
 *
 * Its `code` is `ACTION_DENIED` on purpose: core has no code for "pending", and a handler that
 * blocks on denial (`isAscendError(e, 'ACTION_DENIED')`) must block here too. Tell the two apart
 * with {@link isApprovalPendingError} or `name`. To resume later, wait on {@link ApprovalPendingError.pending}
 * with `client.waitForDecision(error.pending)` and send the request again once it is allowed.
 */
export class ApprovalPendingError extends AscendError {
  /** Literal class name, stable under minification. */
  override readonly name = 'ApprovalPendingError';
  /** The action id the service assigned. */
  readonly actionId: string;
  /** Why the service holds it, when it said. */
  readonly reason: string | undefined;
  /** Policy identifiers the service reported. */
  readonly policyViolations: readonly string[];
  /** Risk score the service reported. */
  readonly riskScore: number | undefined;
  /** A serializable handle for `client.waitForDecision`. */
  readonly pending: PendingDecisionHandle;

  /** @param decision - The pending decision the service answered. */
  constructor(decision: PendingDecision) {
    super('ACTION_DENIED', `Action ${decision.actionId} awaits human approval; the request was not sent`);
    this.actionId = decision.actionId;
    this.reason = decision.reason;
    this.policyViolations = decision.policyViolations;
    this.riskScore = decision.riskScore;
    this.pending = toPendingHandle(decision);
  }
}

/** True for an {@link ApprovalPendingError}, across realms and duplicate installs. */
export function isApprovalPendingError(value: unknown): value is ApprovalPendingError {
  return isAscendError(value, 'ACTION_DENIED') && (value as { name?: unknown }).name === 'ApprovalPendingError';
}
