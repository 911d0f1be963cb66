/**
 * The admin API's JSON shapes: the fake's camelCase records mapped to snake_case in one place.
 * Webhook secrets are never part of a view.
 *
 * @packageDocumentation
 */
import type {
  FakeAction,
  FakeAgent,
  FakeApproval,
  FakeAuditEvent,
  FakeComponent,
  FakeFinding,
  FakeKillSwitch,
  FakeMcpServer,
  FakeOrchestrationSession,
  FakeTopology,
  FakeWebhook,
  JsonObject,
} from '@ascend/testing';
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

/** A registered MCP server, as the registry and its health monitor show it. */
export interface McpServerView {
  /** Numeric registry id (MCP topologies name servers by it). */
  id: number;
  /** The name submits give in `mcp_server_name`. */
  server_name: string;
  /** Shown name. */
  display_name: string | null;
  /** What it serves. */
  description: string | null;
  /** Where it listens. */
  server_url: string | null;
  /** E.g. `stdio`. */
  transport_type: string;
  /** Whether blocked tools are enforced. */
  governance_enabled: boolean;
  /** False once deactivated: submits naming it get 403 `MCP_SERVER_DEACTIVATED_DENY`. */
  is_active: boolean;
  /** `healthy` when active, `inactive` when deactivated: what `GET …/mcp-discovery/health-monitor` reports. */
  health: 'healthy' | 'inactive';
  /** Tools whose submits get 403 `MCP_TOOL_BLOCKED_DENY`. */
  blocked_tools: string[];
  /** Tools approved without review. */
  auto_approve_tools: string[];
  /** Risk score per tool. */
  tool_risk_overrides: Record<string, number>;
  /** Why it was deactivated. */
  deactivation_reason: string | null;
  /** ISO registration time. */
  registered_at: string;
  /** ISO time of the last change. */
  updated_at: string;
}

/** An orchestration topology, keyed by its orchestrator. */
export interface TopologyView {
  /** The orchestrator agent. */
  orchestrator_agent_id: string;
  /** Its workers, when an agent topology was registered. */
  worker_agent_ids: string[] | null;
  /** Its MCP servers (registry ids), when an MCP topology was registered. */
  mcp_server_ids: number[] | null;
  /** ISO time of the last registration. */
  updated_at: string;
}

/** An orchestration session and its cumulative risk. */
export interface SessionView {
  /** `orchestration_session_id`. */
  session_id: string;
  /** Its actions held in memory. */
  action_count: number;
  /** The agents that acted in it. */
  agents: string[];
  /** ISO time of its first action. */
  started_at: string;
  /** ISO time of its latest change. */
  last_activity_at: string;
  /** As `GET /api/v1/orchestration/sessions/{id}/risk` answers it. */
  cumulative_risk_score: number;
  /** The highest risk score of its actions. */
  max_risk_score: number;
  /** `low`, `medium`, `high` or `critical`, from the cumulative score. */
  risk_level: string;
  /** Its denied actions. */
  denied_count: number;
}

/** One output-filter finding. */
export interface FindingView {
  /** Numeric id. */
  id: number;
  /** The action scanned, if given. */
  action_id: number | null;
  /** The agent whose output it was. */
  agent_id: string;
  /** `pci`, `pii` or `secret`. */
  category: string;
  /** `critical`, `high` or `medium`. */
  severity: string;
  /** The pattern's name, e.g. `credit_card`. */
  pattern: string;
  /** ISO time of the scan. */
  created_at: string;
}

/** A supply-chain component. */
export interface ComponentView {
  /** Numeric id (`component_pk`). */
  id: number;
  /** `component_id`. */
  component_id: string;
  /** Its name. */
  component_name: string;
  /** E.g. `model`, `library`. */
  component_type: string;
  /** Risk level. */
  risk_level: string;
  /** Whether its provenance is verified. */
  provenance_verified: boolean;
  /** ISO creation time. */
  created_at: string;
}

/** A high-risk-action alert (`GET /api/alerts`). */
export interface AlertView {
  /** The alert id. */
  id: string;
  /** The action that raised it. */
  action_id: number;
  /** ISO time. */
  timestamp: string;
  /** Risk level of the action. */
  severity: string;
  /** The agent. */
  agent_id: string;
  /** What it did. */
  action_type: string;
  /** On what. */
  resource: string;
  /** Risk score. */
  risk_score: number;
}

/** A submit refused at the door (403) by the MCP registry or the model registry. */
export interface RefusalView {
  /** ISO time. */
  timestamp: string;
  /** Who sent it. */
  actor: string | null;
  /** The action type. */
  action_type: string | null;
  /** E.g. `MCP_SERVER_DEACTIVATED_DENY`, `MODEL_NON_COMPLIANT_DENY`. */
  code: string;
  /** The MCP server or the model named. */
  subject: string | null;
}

/** Maps an MCP server. */
export function mcpServerView(s: FakeMcpServer): McpServerView {
  return {
    id: s.id,
    server_name: s.serverName,
    display_name: s.displayName,
    description: s.description,
    server_url: s.serverUrl,
    transport_type: s.transportType,
    governance_enabled: s.governanceEnabled,
    is_active: s.isActive,
    health: s.isActive ? 'healthy' : 'inactive',
    blocked_tools: s.blockedTools,
    auto_approve_tools: s.autoApproveTools,
    tool_risk_overrides: s.toolRiskOverrides,
    deactivation_reason: s.deactivationReason,
    registered_at: s.registeredAt,
    updated_at: s.updatedAt,
  };
}

/** Maps a topology. */
export function topologyView(t: FakeTopology): TopologyView {
  return { orchestrator_agent_id: t.orchestratorAgentId, worker_agent_ids: t.workerAgentIds, mcp_server_ids: t.mcpServerIds, updated_at: t.updatedAt };
}

/** Maps a session summary; `level` turns a score into its risk level. */
export function sessionView(s: FakeOrchestrationSession, level: (score: number) => string): SessionView {
  return {
    session_id: s.sessionId,
    action_count: s.actionCount,
    agents: s.agents,
    started_at: s.startedAt,
    last_activity_at: s.lastActivityAt,
    cumulative_risk_score: s.cumulativeRiskScore,
    max_risk_score: s.maxRiskScore,
    risk_level: level(s.cumulativeRiskScore),
    denied_count: s.deniedCount,
  };
}

/** Maps a finding. */
export function findingView(f: FakeFinding): FindingView {
  return { id: f.id, action_id: f.actionId, agent_id: f.agentId, category: f.category, severity: f.severity, pattern: f.pattern, created_at: f.createdAt };
}

/** Maps a supply-chain component. */
export function componentView(c: FakeComponent): ComponentView {
  return {
    id: c.id,
    component_id: c.componentId,
    component_name: c.componentName,
    component_type: c.componentType,
    risk_level: c.riskLevel,
    provenance_verified: c.provenanceVerified,
    created_at: c.createdAt,
  };
}

/** Maps the alert an action raised; undefined when it raised none. */
export function alertView(a: FakeAction): AlertView | undefined {
  if (a.alertId === null) return undefined;
  return {
    id: a.alertId,
    action_id: a.id,
    timestamp: a.createdAt,
    severity: a.riskLevel,
    agent_id: a.agentId,
    action_type: a.actionType,
    resource: a.resource,
    risk_score: a.riskScore,
  };
}

/** Maps an `action.refused` audit event. */
export function refusalView(e: FakeAuditEvent): RefusalView {
  const d = e.details;
  const block = (d['mcp_governance'] ?? d['model_governance']) as JsonObject | undefined;
  const subject = block && typeof block === 'object' ? (block['server_name'] ?? block['model_id'] ?? null) : null;
  return {
    timestamp: e.timestamp,
    actor: e.actor,
    action_type: e.resource,
    code: typeof d['code'] === 'string' ? d['code'] : 'refused',
    subject: typeof subject === 'string' ? subject : null,
  };
}
