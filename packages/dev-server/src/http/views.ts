/**
 * The admin API's JSON shapes: the fake's camelCase records mapped to snake_case in one place.
 * Webhook secrets are never part of a view.
 *
 * @packageDocumentation
 */
import type { FakeAction, FakeAgent, FakeApproval, FakeAuditEvent, FakeKillSwitch, FakeWebhook, JsonObject } from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';

/** An action as the admin API shows it. */
export interface ActionView {
  /** Numeric action id. */
  id: number;
  /** The agent that submitted it. */
  agent_id: string;
  /** Its display name. */
  agent_name: string;
  /** E.g. `financial.refund`. */
  action_type: string;
  /** The resource acted on. */
  resource: string;
  /** The resource instance, if given. */
  resource_id: string | null;
  /** The parameters the agent sent. */
  action_details: JsonObject;
  /** The context the agent sent. */
  context: JsonObject;
  /** `allowed`, `denied` or `pending`. */
  decision: string;
  /** The wire status (`approved`, `denied`, `pending_approval`, `rejected`, `expired`). */
  status: string;
  /** Risk score, 0–100. */
  risk_score: number;
  /** `low`, `medium`, `high` or `critical`. */
  risk_level: string;
  /** Why it was decided so. */
  reason: string;
  /** Violation codes. */
  policy_violations: string[];
  /** The matching policy rule, or null for the default outcome. */
  rule_id: string | null;
  /** `apr_…` when an approval was requested. */
  approval_request_id: string | null;
  /** Who approved or rejected it. */
  reviewed_by: string | null;
  /** When. */
  reviewed_at: string | null;
  /** The reviewer's comment or rejection reason. */
  comments: string | null;
  /** The agent's completion or failure report, once received. */
  execution: { state: string; at: string; duration_ms: number | null } | null;
  /** `submit` or `mcp`. */
  source: string;
  /** ISO creation time. */
  created_at: string;
  /** ISO time of the last change. */
  updated_at: string;
}

/** An approval request, with its action when known. */
export interface ApprovalView {
  /** `apr_<n>`. */
  approval_request_id: string;
  /** The action it decides. */
  action_id: number;
  /** `pending`, `approved`, `rejected` or `expired`. */
  status: string;
  /** ISO time of the request. */
  requested_at: string;
  /** ISO time it expires. */
  expires_at: string;
  /** ISO time of the decision. */
  decided_at: string | null;
  /** The reviewer. */
  decided_by: string | null;
  /** The reviewer's comment. */
  comment: string | null;
  /** Why it was rejected. */
  rejection_reason: string | null;
  /** Who may approve. */
  required_approvers: string[];
  /** The action, when it still exists. */
  action: ActionView | null;
}

/** A registered agent. */
export interface AgentView {
  /** The agent that submitted it. */
  agent_id: string;
  /** Display name. */
  display_name: string;
  /** E.g. `supervised`. */
  agent_type: string;
  /** The environment it registered with. */
  environment: string;
  /** Declared capabilities. */
  capabilities: string[];
  /** Trust level. */
  trust_level: string;
  /** Linked model, if any. */
  model_id: number | null;
  /** ISO registration time. */
  registered_at: string;
  /** ISO time of the last change. */
  updated_at: string;
}

/** An audit event (same shape as `GET /audit/logs` serves). */
export interface AuditView {
  /** `ev-<n>`. */
  event_id: string;
  /** E.g. `action.submitted`. */
  event_type: string;
  /** ISO time. */
  timestamp: string;
  /** Who did it. */
  actor: string | null;
  /** The resource concerned. */
  resource: string | null;
  /** The action type or operation. */
  action: string | null;
  /** Result, e.g. `allowed`. */
  outcome: string | null;
  /** Extra facts. */
  details: JsonObject;
}

/** The kill switch. */
export interface KillSwitchView {
  /** Whether it is on. */
  active: boolean;
  /** Why it was decided so. */
  reason: string | null;
  /** ISO activation time. */
  activated_at: string | null;
  /** Who activated it. */
  activated_by: string | null;
}

/** A webhook configuration, without its secret. */
export interface WebhookView {
  /** `wh_<n>`. */
  webhook_id: string;
  /** Target URL. */
  url: string;
  /** Subscribed event types (empty: all). */
  events: string[];
  /** The agent that configured it. */
  agent_id: string | null;
  /** False once disabled by an update. */
  active: boolean;
  /** ISO creation time. */
  created_at: string;
}

/** A webhook delivery and its attempts. */
export interface DeliveryView {
  /** `dlv_<n>`, or `test_<event id>`. */
  delivery_id: string;
  /** `wh_<n>`. */
  webhook_id: string;
  /** Target URL. */
  url: string;
  /** E.g. `action.approved`. */
  event_type: string;
  /** The event id (`evt_…`); receivers de-duplicate on it. */
  event_id: string;
  /** `pending`, `delivering`, `delivered` or `failed`. */
  status: string;
  /** True for a webhook test delivery. */
  test: boolean;
  /** Every attempt: number, time, status code, error, duration. */
  attempts: { attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number }[];
  /** ISO time of the next attempt while pending. */
  next_attempt_at: string | null;
  /** ISO creation time. */
  created_at: string;
  /** ISO time of the last change. */
  updated_at: string;
}

/** Maps an action. */
export function actionView(a: FakeAction): ActionView {
  return {
    id: a.id,
    agent_id: a.agentId,
    agent_name: a.agentName,
    action_type: a.actionType,
    resource: a.resource,
    resource_id: a.resourceId,
    action_details: a.actionDetails,
    context: a.context,
    decision: a.decision,
    status: a.status,
    risk_score: a.riskScore,
    risk_level: a.riskLevel,
    reason: a.reason,
    policy_violations: a.policyViolations,
    rule_id: a.ruleId,
    approval_request_id: a.approvalRequestId,
    reviewed_by: a.reviewedBy,
    reviewed_at: a.reviewedAt,
    comments: a.comments,
    execution: a.execution ? { state: a.execution.state, at: a.execution.at, duration_ms: a.execution.durationMs } : null,
    source: a.source,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** Maps an approval request. */
export function approvalView(p: FakeApproval, action: FakeAction | undefined): ApprovalView {
  return {
    approval_request_id: p.approvalId,
    action_id: p.actionId,
    status: p.status,
    requested_at: p.requestedAt,
    expires_at: p.expiresAt,
    decided_at: p.decidedAt,
    decided_by: p.decidedBy,
    comment: p.comment,
    rejection_reason: p.rejectionReason,
    required_approvers: p.requiredApprovers,
    action: action ? actionView(action) : null,
  };
}

/** Maps an agent. */
export function agentView(a: FakeAgent): AgentView {
  return {
    agent_id: a.agentId,
    display_name: a.displayName,
    agent_type: a.agentType,
    environment: a.environment,
    capabilities: a.capabilities,
    trust_level: a.trustLevel,
    model_id: a.modelId,
    registered_at: a.registeredAt,
    updated_at: a.updatedAt,
  };
}

/** Maps an audit event. */
export function auditView(e: FakeAuditEvent): AuditView {
  return {
    event_id: e.eventId,
    event_type: e.eventType,
    timestamp: e.timestamp,
    actor: e.actor,
    resource: e.resource,
    action: e.action,
    outcome: e.outcome,
    details: e.details,
  };
}

/** Maps the kill switch. */
export function killSwitchView(k: FakeKillSwitch): KillSwitchView {
  return { active: k.active, reason: k.reason, activated_at: k.activatedAt, activated_by: k.activatedBy };
}

/** Maps a webhook configuration, dropping its secret. */
export function webhookView(w: FakeWebhook): WebhookView {
  return { webhook_id: w.webhookId, url: w.url, events: w.events, agent_id: w.agentId, active: w.active, created_at: w.createdAt };
}

/** Maps a delivery record (the body is left out; it can be large). */
export function deliveryView(d: DeliveryRecord): DeliveryView {
  return {
    delivery_id: d.deliveryId,
    webhook_id: d.webhookId,
    url: d.url,
    event_type: d.eventType,
    event_id: d.eventId,
    status: d.status,
    test: d.test,
    attempts: d.attempts.map((a) => ({ attempt: a.attempt, at: a.at, status_code: a.statusCode, error: a.error, duration_ms: a.durationMs })),
    next_attempt_at: d.nextAttemptAt,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}
