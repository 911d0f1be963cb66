/**
 * Decisions of the mock client, built as wire bodies (snake_case, numeric `action_id`, both
 * `decision` and `status`, reference §3.3) and normalized by core's own `parseDecision`, so
 * their shape cannot drift from what the real client returns.
 * @internal
 */
import type { AllowedDecision, AscendError, AuthorizationDecision, DecisionOutcome, RiskLevel } from '@ascend/core';
import { parseDecision, parseMcpDecision } from '@ascend/core/internal';
import { riskLevelFromScore } from '../fake/policy.js';

/** Where an action stands in the mock's approval lifecycle. */
export type MockActionState = 'allowed' | 'denied' | 'pending' | 'approved' | 'rejected' | 'expired';

/** Everything needed to render one action's decision body. @internal */
export interface DecisionFacts {
  readonly actionId: string;
  readonly state: MockActionState;
  readonly riskScore: number;
  readonly riskLevel: RiskLevel;
  readonly reason: string;
  readonly policyViolations: readonly string[];
  readonly conditions: readonly string[];
  readonly requiredApprovers: readonly string[];
  readonly approvalRequestId: string | undefined;
  readonly expiresAt: string | undefined;
  readonly reviewedBy: string | undefined;
  readonly reviewedAt: string | undefined;
  readonly comments: string | undefined;
  readonly correlationId: string;
  readonly wire: Readonly<Record<string, unknown>> | undefined;
}

/** Default risk score of an outcome: the fake's policy bases (allow 20, approval 60, deny 90). */
export function defaultRiskScore(outcome: DecisionOutcome): number {
  return outcome === 'allowed' ? 20 : outcome === 'pending' ? 60 : 90;
}

/** Risk level for a score (≥90 critical, ≥70 high, ≥40 medium, else low). */
export function riskLevelOf(score: number): RiskLevel {
  return riskLevelFromScore(score);
}

const STATUS: Readonly<Record<MockActionState, string>> = {
  allowed: 'approved',
  denied: 'denied',
  pending: 'pending_approval',
  approved: 'approved',
  rejected: 'rejected',
  expired: 'expired',
};

const DECISION: Readonly<Record<MockActionState, DecisionOutcome>> = {
  allowed: 'allowed',
  denied: 'denied',
  pending: 'pending',
  approved: 'allowed',
  rejected: 'denied',
  expired: 'denied',
};

/** The normalized outcome of a state. */
export function outcomeOfState(state: MockActionState): DecisionOutcome {
  return DECISION[state];
}

/** The submit/status answer for an action, as the service would send it. */
export function decisionBody(f: DecisionFacts): Record<string, unknown> {
  const decision = DECISION[f.state];
  const body: Record<string, unknown> = {
    action_id: Number(f.actionId),
    status: STATUS[f.state],
    decision,
    risk_score: f.riskScore,
    risk_level: f.riskLevel,
    reason: f.reason,
    policy_violations: [...f.policyViolations],
    conditions: [...f.conditions],
    policy_decision: f.state === 'pending' ? 'require_approval' : decision === 'allowed' ? 'allow' : 'deny',
    execution_allowed: decision === 'allowed',
    correlation_id: f.correlationId,
    alert_triggered: f.riskScore >= 90,
    metadata: { source: 'mock' },
  };
  if (f.state === 'pending') {
    body['approval_request_id'] = f.approvalRequestId ?? null;
    body['expires_at'] = f.expiresAt ?? null;
    body['required_approvers'] = [...f.requiredApprovers];
  }
  if (f.state === 'approved') {
    body['approved_by'] = f.reviewedBy ?? null;
    body['approved_at'] = f.reviewedAt ?? null;
  }
  if (f.state === 'rejected') {
    body['reviewed_by'] = f.reviewedBy ?? null;
    body['reviewed_at'] = f.reviewedAt ?? null;
    body['rejection_reason'] = f.comments ?? null;
  }
  if (f.comments !== undefined) body['comments'] = f.comments;
  return f.wire ? { ...body, ...f.wire } : body;
}

/**
 * The decision for `facts`, through core's `parseDecision` (or `parseMcpDecision` for the MCP
 * endpoint). A `wire` override that breaks the protocol throws core's `ProtocolError`, exactly
 * as the real client would.
 */
export function buildDecision(facts: DecisionFacts, endpoint: 'action' | 'mcp' = 'action'): AuthorizationDecision {
  const body = decisionBody(facts);
  if (endpoint === 'mcp') {
    const outcome = DECISION[facts.state];
    return parseMcpDecision({ ...body, success: outcome !== 'denied', requires_approval: outcome === 'pending', allowed: outcome === 'allowed' });
  }
  return parseDecision(body);
}

/**
 * The synthetic allowed decision of fail-open mode, in the exact shape the real client builds:
 * parsed from a minimal allowed body, then stripped of everything a service would have said.
 */
export function failOpenDecision(actionId: string, cause: AscendError): AllowedDecision {
  const parsed = parseDecision({
    action_id: actionId,
    decision: 'allowed',
    reason: 'Allowed by fail-open mode: ASCEND was unreachable',
    conditions: ['fail_open_mode'],
    metadata: { failMode: 'open', errorCode: cause.code },
  });
  if (parsed.decision !== 'allowed') throw new Error('unreachable: fail-open body did not parse as allowed');
  return { ...parsed, status: undefined, raw: {}, failOpen: { cause } };
}
