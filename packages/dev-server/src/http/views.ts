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
  id: number;
  agent_id: string;
  agent_name: string;
  action_type: string;
  resource: string;
  resource_id: string | null;
  action_details: JsonObject;
  context: JsonObject;
  decision: string;
  status: string;
  risk_score: number;
  risk_level: string;
  reason: string;
  policy_violations: string[];
  rule_id: string | null;
  approval_request_id: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  comments: string | null;
  execution: { state: string; at: string; duration_ms: number | null } | null;
  source: string;
  created_at: string;
  updated_at: string;
}

/** An approval request, with its action when known. */
export interface ApprovalView {
  approval_request_id: string;
  action_id: number;
  status: string;
  requested_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  comment: string | null;
  rejection_reason: string | null;
  required_approvers: string[];
  action: ActionView | null;
}

/** A registered agent. */
export interface AgentView {
  agent_id: string;
  display_name: string;
  agent_type: string;
  environment: string;
  capabilities: string[];
  trust_level: string;
  model_id: number | null;
  registered_at: string;
  updated_at: string;
}

/** An audit event (same shape as `GET /audit/logs` serves). */
export interface AuditView {
  event_id: string;
  event_type: string;
  timestamp: string;
  actor: string | null;
  resource: string | null;
  action: string | null;
  outcome: string | null;
  details: JsonObject;
}

/** The kill switch. */
export interface KillSwitchView {
  active: boolean;
  reason: string | null;
  activated_at: string | null;
  activated_by: string | null;
}

/** A webhook configuration, without its secret. */
export interface WebhookView {
  webhook_id: string;
  url: string;
  events: string[];
  agent_id: string | null;
  active: boolean;
  created_at: string;
}

/** A webhook delivery and its attempts. */
export interface DeliveryView {
  delivery_id: string;
  webhook_id: string;
  url: string;
  event_type: string;
  event_id: string;
  status: string;
  test: boolean;
  attempts: { attempt: number; at: string; status_code: number | null; error: string | null; duration_ms: number }[];
  next_attempt_at: string | null;
  created_at: string;
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
