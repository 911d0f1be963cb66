/**
 * The outcome model: how each way a governed call can end without running its tool becomes a
 * {@link GovernanceBlock}, with the text the model sees and the error behind it.
 */
import {
  ActionDeniedError,
  ApprovalTimeoutError,
  AscendError,
  GovernanceUnavailableError,
  SecretMasker,
  isAscendError,
  type AuthorizationDecision,
  type DeniedDecision,
  type KillSwitchError,
  type PendingDecision,
} from '@ascend/core';
import type { GovernanceBlock } from './types.js';

const messageMasker = new SecretMasker();

/** Masks secrets in a text the model or a log will see, and bounds it. */
export function safeText(text: string, max = 500): string {
  return messageMasker.maskString(text).slice(0, max);
}

/** True for a value shaped like a decision: what a faithful client returns. */
export function isDecision(value: unknown): value is AuthorizationDecision {
  return (
    isRecord(value) &&
    (value['decision'] === 'allowed' || value['decision'] === 'denied' || value['decision'] === 'pending') &&
    typeof value['actionId'] === 'string'
  );
}

/** The error for an unusable value in place of a decision. */
export function malformedDecision(value: unknown): AscendError {
  const what = isRecord(value) ? `decision ${JSON.stringify(String(value['decision'])).slice(0, 40)}` : typeof value;
  return new AscendError('PROTOCOL_ERROR', `the client returned an unusable decision (${what})`);
}

/** `error` as an {@link AscendError}: itself when it is one, else a `PROTOCOL_ERROR` naming `what`. */
export function toAscendError(error: unknown, what: string): AscendError {
  if (isAscendError(error)) return error;
  return new AscendError('PROTOCOL_ERROR', `${what} failed: ${error instanceof Error ? error.name : typeof error}`, { cause: error });
}

/** The block for an error thrown while deciding or waiting. */
export function blockFromError(error: unknown, pending: PendingDecision | undefined, cancelledVia: 'request' | 'task' = 'request'): GovernanceBlock {
  const e = toAscendError(error, 'governance check');
  switch (e.code) {
    case 'KILL_SWITCH_ACTIVE':
      return killSwitchBlock(e as KillSwitchError, pending);
    case 'APPROVAL_TIMEOUT':
      return timeoutBlock(e as ApprovalTimeoutError, pending);
    case 'AUTHZ_DENIED':
      return { kind: 'denied', message: `Denied by ASCEND governance: ${safeText(e.message)}`, actionId: pending?.actionId, decision: pending, error: e };
    case 'ABORTED':
      return cancelledBlock(pending, e, cancelledVia);
    case 'GOVERNANCE_UNAVAILABLE':
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'SERVER_ERROR':
    case 'RATE_LIMIT':
    case 'CIRCUIT_OPEN':
      return {
        kind: 'unavailable',
        message: 'ASCEND governance is unavailable, so this tool was not run (fail-closed). Try again later.',
        actionId: pending?.actionId,
        decision: pending,
        error: e,
      };
    default:
      return errorBlock(e, pending);
  }
}

/** A denial by policy, or a rejection by a human (`afterApprovalWait`, or status `rejected`). */
export function deniedBlock(decision: DeniedDecision, afterApprovalWait: boolean): GovernanceBlock {
  const human = afterApprovalWait || decision.status === 'rejected';
  const reason = decision.reason ?? decision.comments ?? 'no reason given';
  const policies = decision.policyViolations.length > 0 ? ` (policies: ${decision.policyViolations.join(', ')})` : '';
  return {
    kind: 'denied',
    message: `${human ? 'Rejected by a human reviewer in ASCEND' : 'Denied by ASCEND governance'}: ${safeText(reason)}${policies}`,
    actionId: decision.actionId,
    decision,
    error: undefined,
  };
}

/** A pending decision the call does not wait for. */
export function pendingBlock(decision: PendingDecision): GovernanceBlock {
  return {
    kind: 'approval_pending',
    message: `This tool call needs human approval in ASCEND (action ${decision.actionId}) and was not run. It can be retried once a reviewer has approved it.`,
    actionId: decision.actionId,
    decision,
    error: undefined,
  };
}

/** No human decided in time. */
export function timeoutBlock(error: ApprovalTimeoutError, pending: PendingDecision | undefined): GovernanceBlock {
  const waited = error.timeoutMs < 1000 ? `${error.timeoutMs} ms` : `${Math.round(error.timeoutMs / 1000)} s`;
  return {
    kind: 'approval_timeout',
    message: `Approval timed out: no human approved this tool call in ASCEND within ${waited} (action ${error.actionId}), so it was not run.`,
    actionId: error.actionId,
    decision: pending,
    error,
  };
}

/** The client's kill switch, or a local kill-switch view, blocks the call. */
export function killSwitchBlock(error: KillSwitchError, pending: PendingDecision | undefined): GovernanceBlock {
  return {
    kind: 'kill_switch',
    message: `Blocked by the ASCEND kill switch${error.reason ? `: ${safeText(error.reason)}` : ''}. The tool was not run.`,
    actionId: pending?.actionId,
    decision: pending,
    error,
  };
}

/** The caller cancelled the call before the tool ran. */
export function cancelledBlock(
  decision: AuthorizationDecision | undefined,
  error: AscendError | undefined,
  via: 'request' | 'task' | 'approval_denied',
): GovernanceBlock {
  return { kind: 'cancelled', message: 'The tool call was cancelled before it ran.', actionId: decision?.actionId, decision, error, cancelledVia: via };
}

/** Anything else: a malformed answer, bad input, an exception in the user's option functions. */
export function errorBlock(error: AscendError, decision?: AuthorizationDecision): GovernanceBlock {
  return {
    kind: 'error',
    message: `The ASCEND governance check failed (${error.code}), so this tool was not run.`,
    actionId: decision?.actionId,
    decision,
    error,
  };
}

/**
 * The typed error a block throws as, for integrations that surface blocks as exceptions:
 * {@link ActionDeniedError} for denials, {@link ApprovalTimeoutError} for a pending call that
 * did not wait (a zero-length wait) or a timed-out one, {@link GovernanceUnavailableError},
 * `KillSwitchError`, and the underlying error otherwise.
 *
 * @example
 * ```ts
 * if (!outcome.ran) throw errorForBlock(outcome.block)
 * ```
 */
export function errorForBlock(block: GovernanceBlock): AscendError {
  switch (block.kind) {
    case 'denied': {
      const d = block.decision?.decision === 'denied' ? block.decision : undefined;
      const fromError = block.error && isAscendError(block.error, 'AUTHZ_DENIED') ? block.error : undefined;
      return new ActionDeniedError(
        block.actionId ?? '',
        {
          reason: d?.reason ?? fromError?.message,
          policyViolations: d?.policyViolations ?? fromError?.policyViolations ?? [],
          riskScore: d?.riskScore ?? fromError?.riskScore,
        },
        block.error ? { cause: block.error } : {},
      );
    }
    case 'approval_pending':
      // Not waiting is a zero-length wait without a decision.
      return new ApprovalTimeoutError(block.actionId ?? '', 0);
    case 'unavailable':
      return block.error && isAscendError(block.error, 'GOVERNANCE_UNAVAILABLE')
        ? block.error
        : new GovernanceUnavailableError(undefined, block.error ? { cause: block.error } : {});
    case 'approval_timeout':
    case 'kill_switch':
    case 'cancelled':
    case 'error':
      return block.error ?? new AscendError('PROTOCOL_ERROR', block.message);
  }
}

/** @internal */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
