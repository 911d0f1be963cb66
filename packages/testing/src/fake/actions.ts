/**
 * Actions: creating one from a submission (policy decision, kill switch, approval request) and
 * recording its execution report.
 * @internal
 */
import { announceApproval, openApproval } from './approvals.js';
import type { FakeContext } from './context.js';
import { compactTime, hex } from './ids.js';
import { copyJson, type JsonObject, type JsonValue } from './json.js';
import type { OperationName } from './operations.js';
import { evaluatePolicy } from './policy.js';
import { riskLevelFromScore } from './policy-risk.js';
import type { PolicyEvaluation } from './policy-types.js';
import { settleAction } from './retention.js';
import type { FakeAction, FakeMcpInfo } from './store-records.js';

/** A validated submission. */
export interface SubmitInput {
  readonly source: 'submit' | 'mcp';
  readonly agentId: string;
  readonly agentName: string;
  readonly actionType: string;
  readonly resource: string;
  readonly resourceId: string | null;
  readonly actionDetails: JsonObject;
  readonly context: JsonObject;
  readonly riskIndicators: JsonObject;
  readonly environment: string;
  readonly orchestrationSessionId: string | null;
  readonly parentActionId: number | null;
  readonly orchestrationDepth: number | null;
  readonly mcp: FakeMcpInfo | null;
}

function killSwitchDecision(reason: string | null): PolicyEvaluation {
  return {
    outcome: 'deny',
    rule: null,
    riskScore: 100,
    riskLevel: riskLevelFromScore(100),
    reason: `Kill switch active${reason ? `: ${reason}` : ''}`,
    violations: ['KILL_SWITCH_ACTIVE'],
    approvers: [],
  };
}

/**
 * The agent asked for a human (`context.require_human_approval: true`, as the Python client and
 * `requireHumanApproval` send it): an action policy would allow is held for approval instead. A
 * denial, or a rule's own approval requirement, is left as it is.
 */
function withHumanReview(evaluation: PolicyEvaluation, context: JsonObject): PolicyEvaluation {
  if (evaluation.outcome !== 'allow' || context['require_human_approval'] !== true) return evaluation;
  return { ...evaluation, outcome: 'require_approval', reason: `Human approval requested by the agent (policy: ${evaluation.reason})` };
}

/** Creates an action from `input`, decides it and fires every side effect. */
export function submitAction(ctx: FakeContext, input: SubmitInput, operation: OperationName): FakeAction {
  const { store, fx } = ctx;
  const killed = store.killSwitch.active;
  const evaluation = killed
    ? killSwitchDecision(store.killSwitch.reason)
    : withHumanReview(
        evaluatePolicy(
          ctx.policy.rules,
          {
            actionType: input.actionType,
            resource: input.resource,
            environment: input.environment,
            agentId: input.agentId,
            params: input.actionDetails,
            context: input.context,
            riskIndicators: input.riskIndicators,
          },
          ctx.policy.fallback,
        ),
        input.context,
      );
  const id = store.nextId('action');
  const nowMs = fx.now();
  const at = new Date(nowMs).toISOString();
  const pending = evaluation.outcome === 'require_approval';
  const decision = pending ? 'pending' : evaluation.outcome === 'allow' ? 'allowed' : 'denied';
  let alertId: string | null = null;
  if (evaluation.riskScore >= 90) {
    alertId = `alert_${store.nextId('alert')}`;
  }
  const action: FakeAction = {
    id,
    source: input.source,
    agentId: input.agentId,
    agentName: input.agentName,
    actionType: input.actionType,
    resource: input.resource,
    resourceId: input.resourceId,
    actionDetails: copyJson(input.actionDetails),
    context: copyJson(input.context),
    riskIndicators: copyJson(input.riskIndicators),
    environment: input.environment,
    orchestrationSessionId: input.orchestrationSessionId,
    parentActionId: input.parentActionId,
    orchestrationDepth: input.orchestrationDepth,
    mcp: input.mcp,
    decision,
    status: pending ? 'pending_approval' : evaluation.outcome === 'allow' ? 'approved' : 'denied',
    policyDecision: evaluation.outcome,
    riskScore: evaluation.riskScore,
    riskLevel: evaluation.riskLevel,
    reason: evaluation.reason,
    policyViolations: [...evaluation.violations],
    ruleId: killed ? 'kill-switch' : (evaluation.rule?.id ?? null),
    ruleName: killed ? 'Kill switch' : evaluation.rule ? (evaluation.rule.name ?? evaluation.rule.id) : null,
    requiredApprovers: pending ? [...evaluation.approvers] : [],
    approvalRequestId: null,
    expiresAt: null,
    reviewedBy: null,
    reviewedAt: null,
    comments: null,
    correlationId: `action_${compactTime(nowMs)}_${hex(ctx.options.randomBytes(4))}`,
    alertId,
    createdAt: at,
    updatedAt: at,
    execution: null,
    trail: [
      {
        event: 'submitted',
        timestamp: at,
        actor: input.agentId,
        details: { decision, policy_decision: evaluation.outcome, rule_id: evaluation.rule?.id ?? null, risk_score: evaluation.riskScore },
      },
    ],
  };
  const approval = pending ? openApproval(ctx, action, ctx.faults.takeApproval(operation)) : null;
  store.put('action', action);

  fx.audit({
    eventType: input.source === 'mcp' ? 'mcp.action_submitted' : 'action.submitted',
    actor: action.agentId,
    resource: action.resource,
    action: action.actionType,
    outcome: action.decision,
    details: {
      action_id: action.id,
      risk_score: action.riskScore,
      risk_level: action.riskLevel,
      rule_id: action.ruleId,
      policy_violations: [...action.policyViolations],
      approval_request_id: action.approvalRequestId,
    },
  });
  fx.emit('action.submitted', action);
  if (approval) announceApproval(ctx, action, approval);
  else fx.emit('action.decided', action);

  const data: JsonObject = {
    action_id: action.id,
    action_type: action.actionType,
    agent_id: action.agentId,
    resource: action.resource,
    description: action.mcp?.description ?? null,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    status: action.status,
    decision: action.decision,
    requested_by: action.agentId,
    submitted_at: at,
  };
  fx.webhook('action.submitted', data);
  fx.webhook('action.evaluated', data);
  if (pending) fx.webhook('action.pending', { ...data, approval_request_id: action.approvalRequestId, expires_at: action.expiresAt });
  if (action.decision === 'denied') {
    fx.webhook('action.denied', { ...data, reason: action.reason, policy_violations: [...action.policyViolations] });
  }
  if (action.policyViolations.length > 0) {
    const violation: JsonObject = {
      policy_id: action.ruleId,
      policy_name: action.ruleName,
      violation_type: action.policyViolations[0] ?? null,
      violations: [...action.policyViolations],
      action_id: action.id,
      agent_id: action.agentId,
      details: { reason: action.reason },
      violated_at: at,
    };
    fx.webhook('policy.violated', violation);
    fx.webhook('policy.violation', violation);
  }
  if (alertId) {
    fx.webhook('alert.triggered', {
      alert_id: alertId,
      alert_type: 'high_risk_action',
      severity: action.riskLevel,
      title: `High-risk action ${action.actionType}`,
      description: action.reason,
      source: 'ascend-fake',
      triggered_at: at,
      action_id: action.id,
    });
  }
  settleAction(ctx, action);
  return action;
}

/** An execution report. */
export interface ExecutionReport {
  readonly state: 'completed' | 'failed';
  readonly at: string | null;
  readonly result: JsonValue | null;
  readonly error: JsonValue | null;
  readonly durationMs: number | null;
}

/** Records a completion or failure report on `action`. */
export function reportExecution(ctx: FakeContext, action: FakeAction, report: ExecutionReport): void {
  const { store, fx } = ctx;
  const received = fx.iso();
  action.execution = {
    state: report.state,
    at: report.at ?? received,
    result: report.result,
    error: report.error,
    durationMs: report.durationMs,
  };
  action.updatedAt = received;
  action.trail.push({
    event: report.state,
    timestamp: received,
    actor: action.agentId,
    details: { duration_ms: report.durationMs, result: report.result, error: report.error },
  });
  store.put('action', action);
  fx.audit({
    eventType: `action.${report.state}`,
    actor: action.agentId,
    resource: action.resource,
    action: action.actionType,
    outcome: report.state,
    details: { action_id: action.id, duration_ms: report.durationMs },
  });
  fx.emit(report.state === 'completed' ? 'action.completed' : 'action.failed', action);
  const data: JsonObject = {
    action_id: action.id,
    action_type: action.actionType,
    agent_id: action.agentId,
    status: report.state,
    duration_ms: report.durationMs,
    [report.state === 'completed' ? 'completed_at' : 'failed_at']: action.execution.at,
    ...(report.state === 'completed' ? { result: report.result } : { error: report.error }),
  };
  fx.webhook(`action.${report.state}`, data);
  if (report.state === 'completed') fx.webhook('action.executed', data);
}
