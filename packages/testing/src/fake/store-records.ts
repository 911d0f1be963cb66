/**
 * The records of the fake's in-memory state: agents, heartbeats, actions, approvals, commands,
 * webhooks, supply-chain components, resource classifications, the kill switch and the id
 * counters; the default classifications; and {@link StoreRecords}, each kind of record the store
 * holds by key with its type. Records are plain JSON-safe objects with camelCase fields; the
 * snake_case wire shapes are produced in `wire.ts`.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from './json.js';
import type { FakeFinding, FakeMcpServer, FakeTopology } from './management-records.js';
import type { PolicyOutcome, RiskLevel } from './policy-types.js';

/** A normalized decision (reference §4.1). */
export type Decision = 'allowed' | 'denied' | 'pending';

/**
 * The `status` the fake sends next to `decision`: `approved` (allowed by policy or by a human),
 * `denied` (by policy or kill switch), `pending_approval`, `rejected` (by a human) or `expired`.
 */
export type ActionStatus = 'approved' | 'denied' | 'pending_approval' | 'rejected' | 'expired';

/** Approval record status (reference §3.20 and §11). */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** A registered agent. */
export interface FakeAgent {
  /** Numeric registry id. */
  id: number;
  /** The agent's id, as registered. */
  agentId: string;
  /** `display_name`. */
  displayName: string;
  /** `agent_type`, e.g. `supervised`. */
  agentType: string;
  /** `environment` from the register body. */
  environment: string;
  /** `capabilities`. */
  capabilities: string[];
  /** `allowed_resources`. */
  allowedResources: string[];
  /** `sdk_version`. */
  sdkVersion: string | null;
  /** `metadata`. */
  metadata: JsonObject;
  /** `trust_level` reported back (`standard`). */
  trustLevel: string;
  /** Model linked by the agent update call. */
  modelId: number | null;
  /** ISO time of registration. */
  registeredAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
}

/** The last heartbeat of an agent. */
export interface FakeHeartbeat {
  /** The agent id from the body (`null` ids are recorded as `"None"`, as the Python client would path them). */
  agentId: string;
  /** ISO time of the first heartbeat. */
  firstSeenAt: string;
  /** ISO time the last heartbeat was received. */
  lastHeartbeatAt: string;
  /** Same, in ms. */
  lastHeartbeatMs: number;
  /** Number of heartbeats received. */
  count: number;
  /** `sdk_version`. */
  sdkVersion: string | null;
  /** The client's `timestamp`. */
  clientTimestamp: string | null;
  /** `response_time_ms`. */
  responseTimeMs: number | null;
  /** `error_rate`. */
  errorRate: number | null;
  /** `requests_count`. */
  requestsCount: number | null;
}

/** One line of an action's audit trail (`audit_trail` in the details answer). */
export interface FakeTrailEntry {
  /** What happened, e.g. `submitted`, `approved`, `completed`. */
  event: string;
  /** ISO time. */
  timestamp: string;
  /** Who did it. */
  actor: string | null;
  /** Extra facts. */
  details: JsonObject;
}

/** How the agent reported the execution of an action. */
export interface FakeExecution {
  /** `completed` or `failed`. */
  state: 'completed' | 'failed';
  /** ISO time from the body (`completed_at` / `failed_at`), else the receive time. */
  at: string;
  /** `result` of a completion. */
  result: JsonValue | null;
  /** `error` of a failure. */
  error: JsonValue | null;
  /** `duration_ms`. */
  durationMs: number | null;
}

/** The MCP fields of an action submitted through `/api/v1/mcp/actions/submit`. */
export interface FakeMcpInfo {
  /** `mcp_server`. */
  server: string;
  /** `namespace`. */
  namespace: string;
  /** `verb`. */
  verb: string;
  /** `tool_name`. */
  toolName: string | null;
  /** `description`. */
  description: string | null;
}

/** A submitted action and its decision. */
export interface FakeAction {
  /** Numeric action id. */
  id: number;
  /** Which endpoint created it. */
  source: 'submit' | 'mcp';
  /** `agent_id`. */
  agentId: string;
  /** `agent_name`. */
  agentName: string;
  /** `action_type`. */
  actionType: string;
  /** `resource`. */
  resource: string;
  /** `resource_id`. */
  resourceId: string | null;
  /** `action_details` (MCP: `parameters`). */
  actionDetails: JsonObject;
  /** `context`. */
  context: JsonObject;
  /** `risk_indicators`. */
  riskIndicators: JsonObject;
  /** The environment the policy saw. */
  environment: string;
  /** `orchestration_session_id`. */
  orchestrationSessionId: string | null;
  /** `parent_action_id`. */
  parentActionId: number | null;
  /** `orchestration_depth`. */
  orchestrationDepth: number | null;
  /** MCP fields, for MCP submissions. */
  mcp: FakeMcpInfo | null;
  /** The current normalized decision. */
  decision: Decision;
  /** The current status. */
  status: ActionStatus;
  /** What the policy decided at submit time. */
  policyDecision: PolicyOutcome;
  /** Risk score 0–100. */
  riskScore: number;
  /** Risk level. */
  riskLevel: RiskLevel;
  /** Decision reason. */
  reason: string;
  /** Violation codes. */
  policyViolations: string[];
  /** Id of the matched rule, null for the default outcome. */
  ruleId: string | null;
  /** Name of the matched rule. */
  ruleName: string | null;
  /** `required_approvers`. */
  requiredApprovers: string[];
  /** Approval request id of a pending action. */
  approvalRequestId: string | null;
  /** ISO expiry of the approval request. */
  expiresAt: string | null;
  /** Approver or rejecter. */
  reviewedBy: string | null;
  /** ISO time of the review. */
  reviewedAt: string | null;
  /** Reviewer's comment or rejection reason. */
  comments: string | null;
  /** `correlation_id`, e.g. `action_20260417_120000_ab12cd34`. */
  correlationId: string;
  /** Alert raised for risk ≥ 90. */
  alertId: string | null;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
  /** Completion or failure report, once received. */
  execution: FakeExecution | null;
  /** Audit trail. */
  trail: FakeTrailEntry[];
}

/** An approval request of a pending action. */
export interface FakeApproval {
  /** `apr_<n>`. */
  approvalId: string;
  /** The action it decides. */
  actionId: number;
  /** Current status. */
  status: ApprovalStatus;
  /** ISO time of the request. */
  requestedAt: string;
  /** ISO time it expires. */
  expiresAt: string;
  /** Same, in ms. */
  expiresAtMs: number;
  /** ISO time of the decision. */
  decidedAt: string | null;
  /** Approver or rejecter. */
  decidedBy: string | null;
  /** Approver's comment. */
  comment: string | null;
  /** Rejection reason. */
  rejectionReason: string | null;
  /** Who may approve. */
  requiredApprovers: string[];
  /** An automatic decision scheduled by an `approval` fault. */
  autoDecision: { outcome: 'approve' | 'reject' | 'expire'; atMs: number; by: string | null; reason: string | null } | null;
}

/** A pending command for agents (reference §3.15). */
export interface FakeCommand {
  /** UUID. */
  commandId: string;
  /** Target agent; null for an organization-wide broadcast. */
  agentId: string | null;
  /** E.g. `BLOCK`, `UNBLOCK`. */
  commandType: string;
  /** `agent` or `mcp_server`. */
  targetType: string;
  /** Why. */
  reason: string | null;
  /** Free parameters. */
  parameters: JsonObject;
  /** `pending`, `delivered` (fetched at least once), `acknowledged`, `expired`. */
  status: 'pending' | 'delivered' | 'acknowledged' | 'expired';
  /** Issuer. */
  issuedBy: string;
  /** Channel, e.g. `admin_api`, `kill_switch`. */
  issuedVia: string;
  /** ISO creation time. */
  createdAt: string;
  /** ISO expiry, or null. */
  expiresAt: string | null;
  /** Same, in ms. */
  expiresAtMs: number | null;
  /** Agents that fetched it. */
  deliveredTo: string[];
  /** Agents that acknowledged it. */
  acknowledgedBy: string[];
  /** ISO time of the first acknowledgement. */
  acknowledgedAt: string | null;
}

/** A webhook configuration. */
export interface FakeWebhook {
  /** `wh_<n>`. */
  webhookId: string;
  /** Target URL. */
  url: string;
  /** Subscribed event types; empty or `*` means all. */
  events: string[];
  /** `agent_id` from the configure body. */
  agentId: string | null;
  /** Signing secret (given, or generated as `whsec_<64 hex>`). Never log it. */
  secret: string;
  /** False when disabled by an update. */
  active: boolean;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
}

/** A registered supply-chain component (reference §3.26). */
export interface FakeComponent {
  /** Numeric id. */
  id: number;
  /** `component_id`. */
  componentId: string;
  /** `component_name`. */
  componentName: string;
  /** `component_type`. */
  componentType: string;
  /** `provenance_verified`. */
  provenanceVerified: boolean;
  /** `risk_level`. */
  riskLevel: RiskLevel;
  /** Optional string fields, keyed by their wire names (`provider`, `version`, ...). */
  extra: Record<string, string>;
  /** ISO creation time. */
  createdAt: string;
}

/** A resource classification (reference §3.18). */
export interface FakeResourceClassification {
  /** `resource_id`. */
  resourceId: string;
  /** `resource_type`. */
  resourceType: string;
  /** `sensitivity_level`, e.g. `high`. */
  sensitivityLevel: string;
  /** `compliance_tags`. */
  complianceTags: string[];
  /** `metadata`. */
  metadata: JsonObject;
}

/** The kill switch. */
export interface FakeKillSwitch {
  /** Whether all actions are blocked. */
  active: boolean;
  /** Why. */
  reason: string | null;
  /** ISO activation time. */
  activatedAt: string | null;
  /** Who activated it. */
  activatedBy: string | null;
}

/** Id counters. */
export interface FakeCounters {
  /** Last action id. */
  action: number;
  /** Last agent registry id. */
  agent: number;
  /** Last approval number. */
  approval: number;
  /** Last webhook number. */
  webhook: number;
  /** Last component id. */
  component: number;
  /** Last alert number. */
  alert: number;
  /** Last webhook delivery number. */
  delivery: number;
}

/** The default resource classifications: the seed examples' resources. */
export const DEFAULT_CLASSIFICATIONS: readonly FakeResourceClassification[] = [
  { resourceId: 'stripe_api', resourceType: 'api', sensitivityLevel: 'high', complianceTags: ['PCI-DSS'], metadata: { owner: 'payments' } },
  {
    resourceId: 'production_db',
    resourceType: 'database',
    sensitivityLevel: 'critical',
    complianceTags: ['SOC2', 'GDPR'],
    metadata: { environment: 'production' },
  },
  { resourceId: 'customer_db', resourceType: 'database', sensitivityLevel: 'high', complianceTags: ['GDPR', 'PII'], metadata: {} },
  { resourceId: 'payment_gateway', resourceType: 'api', sensitivityLevel: 'critical', complianceTags: ['PCI-DSS'], metadata: {} },
  { resourceId: 'data_lake', resourceType: 'storage', sensitivityLevel: 'medium', complianceTags: ['SOC2'], metadata: {} },
];

/**
 * The record kinds the store holds by key, and their record types. A kind added here (with its
 * entry in {@link STORE_RECORDS}) is announced, snapshotted and journaled like the others.
 */
export interface StoreRecords {
  action: FakeAction;
  approval: FakeApproval;
  agent: FakeAgent;
  heartbeat: FakeHeartbeat;
  command: FakeCommand;
  webhook: FakeWebhook;
  component: FakeComponent;
  mcpServer: FakeMcpServer;
  topology: FakeTopology;
  finding: FakeFinding;
}
