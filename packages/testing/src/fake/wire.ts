/**
 * The one place where the fake's camelCase records become snake_case wire bodies.
 * @internal
 */
import type { FakeAuditEvent } from './audit.js';
import type { JsonObject } from './json.js';
import type {
  FakeAction,
  FakeAgent,
  FakeApproval,
  FakeCommand,
  FakeComponent,
  FakeHeartbeat,
  FakeKillSwitch,
  FakeResourceClassification,
  FakeWebhook,
} from './store-records.js';

interface Framework {
  readonly tactic: string;
  readonly technique: string;
  readonly control: string;
  readonly description: string;
}

function framework(actionType: string): Framework {
  const t = actionType.toLowerCase();
  if (/delete|drop|truncate|destroy|shutdown|format/.test(t)) {
    return { tactic: 'Impact', technique: 'T1485', control: 'CP-9', description: 'System Backup' };
  }
  if (/refund|transfer|payment|financial|transaction/.test(t)) {
    return { tactic: 'Impact', technique: 'T1565', control: 'AC-6', description: 'Least Privilege' };
  }
  if (/read|query|get|list|lookup|search|extract/.test(t)) {
    return { tactic: 'Collection', technique: 'T1005', control: 'AC-3', description: 'Access Enforcement' };
  }
  return { tactic: 'Execution', technique: 'T1059', control: 'SI-3', description: 'Malicious Code Protection' };
}

function cvssSeverity(score: number): string {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

/** Legacy status of the details answer (reference §3.5 and §4.2). */
export function legacyStatus(action: FakeAction): string {
  switch (action.status) {
    case 'approved':
      return 'approved';
    case 'denied':
    case 'rejected':
      return 'denied';
    case 'pending_approval':
      return 'pending';
    case 'expired':
      return 'timeout';
  }
}

function executionFields(action: FakeAction): JsonObject {
  const e = action.execution;
  return {
    execution_status: e ? e.state : null,
    completed_at: e?.state === 'completed' ? e.at : null,
    failed_at: e?.state === 'failed' ? e.at : null,
  };
}

/**
 * The decision body of submit and both status paths: `action_id` a number, both `decision` and
 * `status`, and the live sample's extra fields (reference §3.3). Once the agent has reported the
 * action, a status answer (`reported`) says `completed` or `failed` in `status`, as the service
 * does; the submit answer keeps the decision's own status.
 */
export function actionDecisionBody(action: FakeAction, agent: FakeAgent | undefined, reported = false): JsonObject {
  const fw = framework(action.actionType);
  const cvss = Math.round(action.riskScore) / 10;
  const approved = action.status === 'approved' && action.reviewedBy !== null;
  return {
    action_id: action.id,
    status: reported && action.execution ? action.execution.state : action.status,
    decision: action.decision,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    reason: action.reason,
    policy_violations: [...action.policyViolations],
    policy_decision: action.policyDecision,
    conditions: [],
    approval_request_id: action.approvalRequestId,
    required_approvers: [...action.requiredApprovers],
    expires_at: action.expiresAt,
    execution_allowed: action.decision === 'allowed',
    approved_by: approved ? action.reviewedBy : null,
    approved_at: approved ? action.reviewedAt : null,
    reviewed_by: action.reviewedBy,
    reviewed_at: action.reviewedAt,
    comments: action.comments,
    agent_id: action.agentId,
    action_type: action.actionType,
    resource: action.resource,
    created_at: action.createdAt,
    updated_at: action.updatedAt,
    ...executionFields(action),
    correlation_id: action.correlationId,
    cvss_score: cvss,
    cvss_severity: cvssSeverity(cvss),
    mitre_tactic: fw.tactic,
    mitre_technique: fw.technique,
    nist_control: fw.control,
    nist_description: fw.description,
    processing_time_ms: 3,
    alert_triggered: action.alertId !== null,
    alert_id: action.alertId,
    workflow_id: action.approvalRequestId ? `wf_${action.approvalRequestId}` : null,
    matched_policies: action.ruleId ? 1 : 0,
    matched_smart_rules: 0,
    output_scan_result: 'not_scanned',
    output_findings_count: 0,
    ...enforcementAttribution(action),
    thresholds: {
      auto_approve_below: 50,
      max_risk_threshold: 80,
      agent_type: agent?.agentType ?? 'supervised',
      is_registered: agent !== undefined,
    },
    metadata: {
      rule_id: action.ruleId,
      rule_name: action.ruleName,
      environment: action.environment,
      source: 'ascend-fake',
    },
  };
}

/**
 * The 2.7.0 attribution fields: `enforcement_decision` (`auto_approved`, `pending_approval`,
 * `denied`, or `escalated` for an action a human approved) and `enforcement_decision_source`
 * (`kill_switch`, `human_review`, `policy_rule` or `risk_score`).
 */
function enforcementAttribution(action: FakeAction): JsonObject {
  const human = action.reviewedBy !== null;
  const verdict = action.decision === 'pending' ? 'pending_approval' : action.decision === 'denied' ? 'denied' : human ? 'escalated' : 'auto_approved';
  const source = action.policyViolations.includes('KILL_SWITCH_ACTIVE') ? 'kill_switch' : human ? 'human_review' : action.ruleId ? 'policy_rule' : 'risk_score';
  return { enforcement_decision: verdict, enforcement_decision_source: source };
}

/** The MCP submit answer (reference §3.27): `status`, `success`, `requires_approval` drive the client. */
export function mcpDecisionBody(action: FakeAction, agent: FakeAgent | undefined): JsonObject {
  const base = actionDecisionBody(action, agent);
  return {
    ...base,
    success: action.decision !== 'denied',
    requires_approval: action.decision === 'pending',
    mcp_server: action.mcp?.server ?? null,
    namespace: action.mcp?.namespace ?? null,
    verb: action.mcp?.verb ?? null,
    tool_name: action.mcp?.toolName ?? null,
    environment: action.environment,
  };
}

/** The action details answer (reference §3.5): legacy `status`, `id`, `audit_trail`. */
export function actionDetailsBody(action: FakeAction): JsonObject {
  return {
    id: action.id,
    action_id: action.id,
    agent_id: action.agentId,
    agent_name: action.agentName,
    action_type: action.actionType,
    resource: action.resource,
    resource_id: action.resourceId,
    status: legacyStatus(action),
    decision: action.decision,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    reason: action.reason,
    policy_violations: [...action.policyViolations],
    approval_request_id: action.approvalRequestId,
    action_details: structuredClone(action.actionDetails),
    context: structuredClone(action.context),
    risk_indicators: structuredClone(action.riskIndicators),
    orchestration_session_id: action.orchestrationSessionId,
    parent_action_id: action.parentActionId,
    orchestration_depth: action.orchestrationDepth,
    created_at: action.createdAt,
    updated_at: action.updatedAt,
    ...executionFields(action),
    audit_trail: action.trail.map((t) => ({ event: t.event, timestamp: t.timestamp, actor: t.actor, details: structuredClone(t.details) })),
  };
}

/** One item of the activity list. */
export function activityItemBody(action: FakeAction): JsonObject {
  return {
    id: action.id,
    action_id: action.id,
    agent_id: action.agentId,
    agent_name: action.agentName,
    action_type: action.actionType,
    resource: action.resource,
    decision: action.decision,
    status: action.status,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    approval_request_id: action.approvalRequestId,
    created_at: action.createdAt,
    updated_at: action.updatedAt,
    ...executionFields(action),
  };
}

/** One item of `GET /api/v1/actions`: the backend's list item (routes/actions_v1_routes.py). */
export function actionListItemBody(action: FakeAction): JsonObject {
  const cvss = Math.round(action.riskScore) / 10;
  return {
    id: action.id,
    agent_id: action.agentId,
    action_type: action.actionType,
    description: null,
    status: action.status,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    cvss_score: cvss,
    cvss_severity: cvssSeverity(cvss),
    timestamp: action.createdAt,
    tool_name: action.mcp?.toolName ?? null,
    target_system: action.resource,
    extra_data: null,
  };
}

/** An agent as the registry returns it. */
export function agentBody(agent: FakeAgent): JsonObject {
  return {
    id: agent.id,
    agent_id: agent.agentId,
    display_name: agent.displayName,
    agent_type: agent.agentType,
    environment: agent.environment,
    capabilities: [...agent.capabilities],
    allowed_resources: [...agent.allowedResources],
    sdk_version: agent.sdkVersion,
    metadata: structuredClone(agent.metadata),
    trust_level: agent.trustLevel,
    status: 'active',
    model_id: agent.modelId,
    registered_at: agent.registeredAt,
    updated_at: agent.updatedAt,
  };
}

/** The approval check answer (reference §3.20 and §11). */
export function approvalBody(approval: FakeApproval, action: FakeAction | undefined): JsonObject {
  return {
    approval_request_id: approval.approvalId,
    action_id: approval.actionId,
    status: approval.status,
    approved_by: approval.status === 'approved' ? approval.decidedBy : null,
    rejected_by: approval.status === 'rejected' ? approval.decidedBy : null,
    decided_at: approval.decidedAt,
    rejection_reason: approval.rejectionReason,
    comments: approval.comment,
    requested_at: approval.requestedAt,
    expires_at: approval.expiresAt,
    required_approvers: [...approval.requiredApprovers],
    action_type: action?.actionType ?? null,
    resource: action?.resource ?? null,
    agent_id: action?.agentId ?? null,
    risk_score: action?.riskScore ?? null,
    risk_level: action?.riskLevel ?? null,
  };
}

/** The kill-switch answer (reference §3.14). */
export function killSwitchBody(ks: FakeKillSwitch): JsonObject {
  return { active: ks.active, reason: ks.reason, activated_at: ks.activatedAt, activated_by: ks.activatedBy };
}

/** A command as listed by the pending-commands answer (reference §3.15). */
export function commandBody(command: FakeCommand, forAgent: string | null): JsonObject {
  const acked = forAgent !== null && command.acknowledgedBy.includes(forAgent);
  return {
    command_id: command.commandId,
    agent_id: command.agentId,
    command_type: command.commandType,
    target_type: command.targetType,
    reason: command.reason,
    parameters: structuredClone(command.parameters),
    status: acked ? 'acknowledged' : command.status,
    issued_by: command.issuedBy,
    issued_via: command.issuedVia,
    created_at: command.createdAt,
    expires_at: command.expiresAt,
    is_broadcast: command.agentId === null,
  };
}

/** Masks a webhook secret for listings: `whsec_****abcd`. */
export function maskSecret(secret: string): string {
  const prefix = secret.startsWith('whsec_') ? 'whsec_' : '';
  return `${prefix}****${secret.slice(-4)}`;
}

/** A webhook item (reference §3.22); the secret is masked unless `revealSecret`. */
export function webhookBody(webhook: FakeWebhook, revealSecret: boolean): JsonObject {
  return {
    webhook_id: webhook.webhookId,
    id: webhook.webhookId,
    url: webhook.url,
    events: [...webhook.events],
    agent_id: webhook.agentId,
    active: webhook.active,
    secret: revealSecret ? webhook.secret : maskSecret(webhook.secret),
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}

/** A supply-chain component. */
export function componentBody(component: FakeComponent): JsonObject {
  return {
    id: component.id,
    component_id: component.componentId,
    component_name: component.componentName,
    component_type: component.componentType,
    provenance_verified: component.provenanceVerified,
    risk_level: component.riskLevel,
    ...component.extra,
    created_at: component.createdAt,
  };
}

/** A resource classification item (reference §3.18). */
export function classificationBody(c: FakeResourceClassification): JsonObject {
  return {
    resource_id: c.resourceId,
    resource_type: c.resourceType,
    sensitivity_level: c.sensitivityLevel,
    compliance_tags: [...c.complianceTags],
    metadata: structuredClone(c.metadata),
  };
}

/** An audit event (reference §3.19). */
export function auditEventBody(e: FakeAuditEvent): JsonObject {
  return {
    event_id: e.eventId,
    event_type: e.eventType,
    timestamp: e.timestamp,
    actor: e.actor,
    resource: e.resource,
    action: e.action,
    outcome: e.outcome,
    details: structuredClone(e.details),
  };
}

/** Agent health answer (reference §3.13). */
export function agentHealthBody(agentId: string, agent: FakeAgent | undefined, hb: FakeHeartbeat | undefined, nowMs: number, staleAfterMs: number): JsonObject {
  let status = 'unknown';
  if (hb) {
    if (nowMs - hb.lastHeartbeatMs > staleAfterMs) status = 'offline';
    else if ((hb.errorRate ?? 0) > 0.1) status = 'degraded';
    else status = 'healthy';
  }
  const since = hb ? Date.parse(hb.firstSeenAt) : agent ? Date.parse(agent.registeredAt) : nowMs;
  return {
    agent_id: agentId,
    status,
    last_heartbeat: hb?.lastHeartbeatAt ?? null,
    uptime_seconds: Math.max(0, Math.floor((nowMs - since) / 1000)),
    is_registered: agent !== undefined,
    metadata: {
      sdk_version: hb?.sdkVersion ?? agent?.sdkVersion ?? null,
      response_time_ms: hb?.responseTimeMs ?? null,
      error_rate: hb?.errorRate ?? null,
      requests_count: hb?.requestsCount ?? null,
      heartbeat_count: hb?.count ?? 0,
    },
  };
}
