/**
 * The mapping between the SDK's camelCase types and ASCEND's snake_case wire format, for every
 * operation, in one place: request body builders (with the client-side checks of reference §3)
 * and validating response parsers.
 *
 * Only the types here are public: the package entry re-exports this module with `export type *`,
 * so the builder and parser functions are not callable by users and are marked `@internal`.
 */
import { ProtocolError, ValidationError } from './errors.js';
import { DECISION_VOCABULARY, type DecisionOutcome } from './decision.js';
import { SDK_VERSION } from './version.js';
import { bool, expectObject, id, isObject, listFrom, num, obj, objArray, str, strArray, type WireObject } from './wire-read.js';

/** A JSON object of caller-supplied values. */
export type JsonObject = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Submit (§3.3)

/** What the agent wants to do, for `evaluateAction` / `submitAction`. */
export interface ActionRequest {
  /** Free-form action type, e.g. `financial.refund` or `database.query`. Required. */
  actionType: string;
  /** The resource acted upon, e.g. `stripe_api`. Required. */
  resource: string;
  /** A specific item of the resource. */
  resourceId?: string;
  /** The action's parameters (sent as `action_details`). */
  parameters?: JsonObject;
  /** Extra context (user request, session…). */
  context?: JsonObject;
  /** Risk hints such as `pii_involved` or `financial_data`. */
  riskIndicators?: JsonObject;
  /** Multi-agent orchestration session. */
  orchestrationSessionId?: string;
  /** Numeric id of the earlier action that spawned this one (digits, as string or number). */
  parentActionId?: string | number;
  /** Orchestration depth, 0–5. */
  orchestrationDepth?: number;
  /** The MCP server the action goes through (later protocol, §12). */
  mcpServerName?: string;
  /** The model acting (later protocol, §12). */
  modelId?: string;
}

/** The client identity used to fill agent fields. */
export interface AgentIdentity {
  /** The agent id, when configured. */
  agentId: string | undefined;
  /** The agent name, when configured. */
  agentName: string | undefined;
}

function nonBlank(value: unknown, field: string, message = 'Required field is missing or empty'): string {
  if (typeof value !== 'string' || value.trim() === '') throw new ValidationError(`${field}: ${message}`, { [field]: message });
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`, { [field]: 'Must be a string' });
  return value;
}

function optionalObject(value: unknown, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new ValidationError(`${field} must be an object`, { [field]: 'Must be an object' });
  return Object.keys(value).length === 0 ? undefined : value;
}

/**
 * Converts an action id to the wire's integer form.
 * @internal
 */
export function numericActionId(value: string | number, field: string): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new ValidationError(`${field} must be a numeric action id`, { [field]: 'Must be a non-negative integer action id' });
  }
  return n;
}

const ACTION_REQUEST_KEYS = new Set([
  'actionType',
  'resource',
  'resourceId',
  'parameters',
  'context',
  'riskIndicators',
  'orchestrationSessionId',
  'parentActionId',
  'orchestrationDepth',
  'mcpServerName',
  'modelId',
]);

/**
 * Builds and checks the submit body (§3.3). @throws {@link ValidationError} naming the field.
 * @internal
 */
export function submitBody(req: ActionRequest, who: AgentIdentity): WireObject {
  if (!isObject(req)) throw new ValidationError('action request must be an object', { request: 'Must be an object' });
  for (const key of Object.keys(req)) {
    if (!ACTION_REQUEST_KEYS.has(key)) {
      throw new ValidationError(`unknown field ${key}`, { [key]: `Unknown field; allowed: ${[...ACTION_REQUEST_KEYS].join(', ')}` });
    }
  }
  const actionType = nonBlank(req.actionType, 'actionType');
  const resource = nonBlank(req.resource, 'resource');
  const depth = req.orchestrationDepth;
  if (depth !== undefined && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0 || depth > 5)) {
    throw new ValidationError('orchestrationDepth: Out of range (0..5)', { orchestrationDepth: 'Out of range (0..5)' });
  }
  const resourceId = optionalText(req.resourceId, 'resourceId');
  const mcpServerName = optionalText(req.mcpServerName, 'mcpServerName');
  const modelId = optionalText(req.modelId, 'modelId');
  return {
    agent_id: who.agentId ?? 'unknown',
    agent_name: who.agentName ?? who.agentId ?? 'Unknown Agent',
    action_type: actionType,
    resource,
    resource_id: resourceId === '' ? undefined : resourceId,
    action_details: optionalObject(req.parameters, 'parameters'),
    context: optionalObject(req.context, 'context'),
    risk_indicators: optionalObject(req.riskIndicators, 'riskIndicators'),
    orchestration_session_id: optionalText(req.orchestrationSessionId, 'orchestrationSessionId'),
    parent_action_id: req.parentActionId === undefined ? undefined : numericActionId(req.parentActionId, 'parentActionId'),
    orchestration_depth: depth,
    mcp_server_name: mcpServerName === '' ? undefined : mcpServerName,
    model_id: modelId === '' ? undefined : modelId,
  };
}

// ---------------------------------------------------------------------------------------------
// Completion and failure (§3.6, §3.7)

/** A completion report. */
export interface CompletionReport {
  /** What the action produced (sent even when empty). */
  result?: JsonObject;
  /** How long it took, in ms (0 is sent). */
  durationMs?: number;
}

/** A failure report. */
export interface FailureReport {
  /** What went wrong: a message, or an object conventionally with `code` and `message`. */
  error: string | JsonObject;
  /** How long it ran before failing, in ms (0 is sent). */
  durationMs?: number;
}

function duration(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError('durationMs must be a non-negative number', { durationMs: 'Must be a non-negative number' });
  }
  return Math.round(value);
}

/**
 * Builds the complete body.
 * @internal
 */
export function completeBody(actionId: string, report: CompletionReport, at: string): WireObject {
  if (report.result !== undefined && !isObject(report.result)) {
    throw new ValidationError('result must be an object', { result: 'Must be an object' });
  }
  return { action_id: actionId, status: 'completed', completed_at: at, result: report.result, duration_ms: duration(report.durationMs) };
}

/**
 * Builds the fail body.
 * @internal
 */
export function failBody(actionId: string, report: FailureReport, at: string): WireObject {
  if (typeof report?.error !== 'string' && !isObject(report?.error)) {
    throw new ValidationError('error must be a string or an object', { error: 'Must be a string or an object' });
  }
  return { action_id: actionId, status: 'failed', failed_at: at, error: report.error, duration_ms: duration(report.durationMs) };
}

// ---------------------------------------------------------------------------------------------
// Agents (§3.9–3.13)

/** Registration details for `register`. */
export interface RegisterAgentRequest {
  /** `supervised`, `autonomous`, `mcp_server`, or another type the service knows. @defaultValue 'supervised' */
  agentType?: string;
  /** What the agent can do. */
  capabilities?: string[];
  /** Resources the agent may touch. */
  allowedResources?: string[];
  /** Free-form metadata. */
  metadata?: JsonObject;
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ValidationError(`${field} must be a list of strings`, { [field]: 'Must be a list of strings' });
  }
  return value as string[];
}

/**
 * Builds the register body.
 * @internal
 */
export function registerBody(agentId: string, agentName: string | undefined, environment: string, req: RegisterAgentRequest): WireObject {
  return {
    agent_id: agentId,
    display_name: agentName ?? agentId,
    agent_type: req.agentType === undefined ? 'supervised' : nonBlank(req.agentType, 'agentType'),
    environment,
    capabilities: stringList(req.capabilities, 'capabilities'),
    allowed_resources: stringList(req.allowedResources, 'allowedResources'),
    sdk_version: SDK_VERSION,
    metadata: req.metadata === undefined ? {} : (optionalObject(req.metadata, 'metadata') ?? {}),
  };
}

/** Result of `register`. */
export interface RegisterAgentResult {
  /** True when the service already knew this agent (it answered "already exists"). */
  alreadyRegistered: boolean;
  /** The agent id. */
  agentId: string;
  /** Trust level the service assigned, when it said. */
  trustLevel: string | undefined;
  /** The response body. */
  raw: Readonly<Record<string, unknown>>;
}

/**
 * Parses the register response.
 * @internal
 */
export function parseRegister(body: unknown, agentId: string): RegisterAgentResult {
  const o = isObject(body) ? body : {};
  return { alreadyRegistered: false, agentId, trustLevel: str(o, 'trust_level'), raw: o };
}

/** Heartbeat metrics (§3.12); each is sent when given, 0 included. */
export interface HeartbeatMetrics {
  /** Recent response time, ms. */
  responseTimeMs?: number;
  /** Recent error rate, 0–1. */
  errorRate?: number;
  /** Requests since the last heartbeat. */
  requestsCount?: number;
}

/**
 * Builds the heartbeat body.
 * @internal
 */
export function heartbeatBody(agentId: string | undefined, at: string, m: HeartbeatMetrics = {}): WireObject {
  for (const [k, v] of Object.entries(m)) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ValidationError(`${k} must be a finite number`, { [k]: 'Must be a finite number' });
    }
  }
  return {
    agent_id: agentId ?? null,
    sdk_version: SDK_VERSION,
    timestamp: at,
    response_time_ms: m.responseTimeMs,
    error_rate: m.errorRate,
    requests_count: m.requestsCount,
  };
}

/** An agent's health as the service reports it (§3.13). */
export interface AgentHealth {
  /** The agent the report is about (`agent_id`); `""` when absent or not a string. */
  agentId: string;
  /** The health status word as sent (`status`), not normalized; `"unknown"` when absent. */
  status: string;
  /** When the service last received a heartbeat from the agent (`last_heartbeat`), as sent (not parsed). */
  lastHeartbeat: string | undefined;
  /** How long the agent has been up, in seconds (`uptime_seconds`). */
  uptimeSeconds: number | undefined;
  /** Free-form health metadata (`metadata`); `{}` when absent. */
  metadata: Record<string, unknown>;
}

/**
 * Parses the agent health response.
 * @internal
 */
export function parseAgentHealth(body: unknown): AgentHealth {
  const o = expectObject(body, 'agent health');
  return {
    agentId: str(o, 'agent_id') ?? '',
    status: str(o, 'status') ?? 'unknown',
    lastHeartbeat: str(o, 'last_heartbeat'),
    uptimeSeconds: num(o, 'uptime_seconds'),
    metadata: obj(o, 'metadata'),
  };
}

// ---------------------------------------------------------------------------------------------
// Kill switch and commands (§3.14–3.16)

/** Kill-switch state as reported by the service. */
export interface KillSwitchStatus {
  /** Whether every action is blocked. */
  active: boolean;
  /** Why, when active. */
  reason: string | undefined;
  /** When it was activated. */
  activatedAt: string | undefined;
  /** Who activated it. */
  activatedBy: string | undefined;
}

/**
 * Parses the kill-switch status. A body without a boolean `active`/`is_active` is a protocol error.
 * @internal
 */
export function parseKillSwitch(body: unknown): KillSwitchStatus {
  const o = expectObject(body, 'kill-switch status');
  const active = bool(o, 'active', 'is_active');
  if (active === undefined) throw new ProtocolError('kill-switch status has no boolean "active"', { field: 'active' });
  return { active, reason: str(o, 'reason'), activatedAt: str(o, 'activated_at'), activatedBy: str(o, 'activated_by') };
}

/** A command the service issued to agents (§3.15). */
export interface AgentCommand {
  /** The command's id (`command_id`, else `id`; a UUID on the service), as a string. Pass it to `ackCommand`. */
  commandId: string;
  /** What to do (`command_type`), uppercased, e.g. `BLOCK` or `UNBLOCK`. */
  commandType: string;
  /** What kind of target the command addresses (`target_type`), e.g. `agent` or `mcp_server`. */
  targetType: string | undefined;
  /** Why the command was issued (`reason`). */
  reason: string | undefined;
  /** Command-specific arguments (`parameters`); `{}` when absent. */
  parameters: Record<string, unknown>;
  /** Delivery state as sent (`status`), e.g. `pending` or `delivered`. */
  status: string | undefined;
  /** Who issued the command (`issued_by`). */
  issuedBy: string | undefined;
  /** The channel it was issued through (`issued_via`). */
  issuedVia: string | undefined;
  /** When it was issued (`created_at`), as sent (not parsed). */
  createdAt: string | undefined;
  /** When it stops applying (`expires_at`), as sent (not parsed). */
  expiresAt: string | undefined;
  /**
   * True for an organization-wide broadcast command rather than one addressed to this agent
   * (`is_broadcast`); `false` when absent.
   */
  isBroadcast: boolean;
}

/**
 * Parses the pending-commands envelope; malformed items are dropped.
 * @internal
 */
export function parseCommands(body: unknown): AgentCommand[] {
  return listFrom(body, 'commands').flatMap((c) => {
    const commandId = id(c, 'command_id', 'id');
    const commandType = str(c, 'command_type');
    if (!commandId || !commandType) return [];
    return [
      {
        commandId,
        commandType: commandType.toUpperCase(),
        targetType: str(c, 'target_type'),
        reason: str(c, 'reason'),
        parameters: obj(c, 'parameters'),
        status: str(c, 'status'),
        issuedBy: str(c, 'issued_by'),
        issuedVia: str(c, 'issued_via'),
        createdAt: str(c, 'created_at'),
        expiresAt: str(c, 'expires_at'),
        isBroadcast: bool(c, 'is_broadcast') ?? false,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Policy, classifications, audit (§3.17–3.19)

/** Input of `evaluatePolicy`. */
export interface PolicyEvaluationRequest {
  /** Action type to evaluate. */
  actionType: string;
  /** Resource to evaluate. */
  resource: string;
  /** Risk score to evaluate with. */
  riskScore?: number;
  /** Extra context. */
  context?: JsonObject;
}

/**
 * Builds the evaluate-realtime body.
 * @internal
 */
export function policyBody(req: PolicyEvaluationRequest): WireObject {
  return {
    action_type: nonBlank(req?.actionType, 'actionType'),
    resource: nonBlank(req.resource, 'resource'),
    risk_score: req.riskScore,
    context: optionalObject(req.context, 'context'),
  };
}

/** Result of a real-time policy evaluation. `decision` is the service's raw word (not normalized). */
export interface PolicyEvaluationResult {
  /**
   * The service's verdict as sent (`decision`), e.g. `deny`; `"unknown"` when absent. Unlike an
   * {@link AuthorizationDecision} this word is not mapped to allowed/denied/pending.
   */
  decision: string;
  /** The policies that matched (`matched_policies`), as raw objects such as `{ id, name }`; non-object items are dropped. */
  matchedPolicies: Array<Record<string, unknown>>;
  /** Identifiers of violated policies (`violations`), e.g. `FIN-001`; non-string items are dropped. */
  violations: string[];
  /** The risk score the evaluation used or computed, 0–100 (`risk_score`). */
  riskScore: number | undefined;
  /** How long the service took to evaluate, in milliseconds (`evaluation_time_ms`). */
  evaluationTimeMs: number | undefined;
}

/**
 * Parses the evaluate-realtime response.
 * @internal
 */
export function parsePolicy(body: unknown): PolicyEvaluationResult {
  const o = expectObject(body, 'policy evaluation');
  return {
    decision: str(o, 'decision') ?? 'unknown',
    matchedPolicies: objArray(o['matched_policies']),
    violations: strArray(o, 'violations'),
    riskScore: num(o, 'risk_score'),
    evaluationTimeMs: num(o, 'evaluation_time_ms'),
  };
}

/** A resource classification (§3.18). */
export interface ResourceClassification {
  /** The classification's resource id (`resource_id`, else `id`), as a string; `""` when absent. */
  resourceId: string;
  /** The resource type that was looked up; the item's `resource_type` equals it exactly. */
  resourceType: string;
  /** How sensitive the resource is (`sensitivity_level`), as sent. */
  sensitivityLevel: string | undefined;
  /** Compliance tags attached to the resource (`compliance_tags`); non-string items are dropped. */
  complianceTags: string[];
  /** Free-form classification metadata (`metadata`); `{}` when absent. */
  metadata: Record<string, unknown>;
}

/**
 * Picks the classification whose `resource_type` equals `type`, or null.
 * @internal
 */
export function parseClassification(body: unknown, type: string): ResourceClassification | null {
  const item = listFrom(body, 'classifications').find((c) => c['resource_type'] === type);
  if (!item) return null;
  return {
    resourceId: id(item, 'resource_id', 'id') ?? '',
    resourceType: type,
    sensitivityLevel: str(item, 'sensitivity_level'),
    complianceTags: strArray(item, 'compliance_tags'),
    metadata: obj(item, 'metadata'),
  };
}

/** One audit event (§3.19). */
export interface AuditEvent {
  /** The event's id (`event_id`, else `id`), as a string. */
  eventId: string | undefined;
  /** What happened (`event_type`), e.g. `action.submitted`; `""` when absent. */
  eventType: string;
  /** When it happened (`timestamp`), as sent (not parsed); `""` when absent. */
  timestamp: string;
  /** Who acted (`actor`), e.g. an agent id or a user's e-mail. */
  actor: string | undefined;
  /** The resource involved (`resource`), e.g. `stripe_api`. */
  resource: string | undefined;
  /** The action involved (`action`), e.g. `financial.refund`. */
  action: string | undefined;
  /** The result as sent (`outcome`), e.g. `pending`; not normalized. */
  outcome: string | undefined;
  /** Event-specific details (`details`); `{}` when absent. */
  details: Record<string, unknown>;
}

/** A page of audit events. */
export interface AuditLogPage {
  /** The events on this page (`events`, else `logs`, else `items`); `[]` when absent. */
  events: AuditEvent[];
  /** Total number of matching events (`total`); defaults to the number of events on this page. */
  total: number;
  /**
   * The page number as the service reports it (`page`), 1-based; defaults to 1. The request
   * pages by `limit`/`offset`, so this is informational only.
   */
  page: number;
  /** Page size as the service reports it (`page_size`, else `limit`); defaults to 50. */
  pageSize: number;
}

/**
 * Parses the audit log response.
 * @internal
 */
export function parseAuditLogs(body: unknown, requested: { limit: number; offset: number } = { limit: 50, offset: 0 }): AuditLogPage {
  const o = expectObject(body, 'audit logs');
  const events = listFrom(o, 'events', 'logs', 'items').map((e) => ({
    eventId: id(e, 'event_id', 'id'),
    eventType: str(e, 'event_type') ?? '',
    timestamp: str(e, 'timestamp') ?? '',
    actor: str(e, 'actor'),
    resource: str(e, 'resource'),
    action: str(e, 'action'),
    outcome: str(e, 'outcome'),
    details: obj(e, 'details'),
  }));
  return {
    events,
    total: num(o, 'total') ?? events.length,
    page: num(o, 'page') ?? Math.floor(requested.offset / requested.limit) + 1,
    pageSize: num(o, 'page_size', 'limit') ?? requested.limit,
  };
}

/** Paging for list calls. */
export interface PageOptions {
  /** Page size (query `limit`): an integer 1–1000. @defaultValue 50 */
  limit?: number;
  /** Items to skip (query `offset`): a non-negative integer. @defaultValue 0 */
  offset?: number;
}

/**
 * Validates paging values.
 * @internal
 */
export function paging(p: PageOptions | undefined): { limit: number; offset: number } {
  const limit = p?.limit ?? 50;
  const offset = p?.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('limit out of range', { limit: 'Must be an integer 1..1000' });
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('offset out of range', { offset: 'Must be a non-negative integer' });
  return { limit, offset };
}

/** A page of the agent's activity (§3.8); the service's item shape is not specified, so items are raw. */
export interface ActivityPage {
  /**
   * The activity items, untouched and in snake_case: the body itself when it is an array, else
   * its `actions`, `items` or `activities` list; non-object items are dropped.
   */
  actions: Array<Record<string, unknown>>;
  /** Total number of matching items (`total`), when the body is an object that says. */
  total: number | undefined;
  /** The response body exactly as parsed, for shapes this SDK does not model. */
  raw: unknown;
}

/**
 * Parses the activity response (array or `{actions|items|activities: [...]}`).
 * @internal
 */
export function parseActivity(body: unknown): ActivityPage {
  const o = isObject(body) ? body : {};
  return { actions: listFrom(body, 'actions', 'items', 'activities'), total: num(o, 'total'), raw: body };
}

// ---------------------------------------------------------------------------------------------
// Action details (§3.5)

/** An action's stored record. */
export interface ActionDetails {
  /** The action id (`id`, else `action_id`; numbers become strings); the requested id when the body has neither. */
  actionId: string;
  /** The agent that submitted the action (`agent_id`); `""` when absent. */
  agentId: string;
  /** That agent's display name (`agent_name`); `""` when absent. */
  agentName: string;
  /** The action type, e.g. `financial.refund` (`action_type`); `""` when absent. */
  actionType: string;
  /** The resource acted upon (`resource`); `""` when absent. */
  resource: string;
  /** The specific item of the resource (`resource_id`). */
  resourceId: string | undefined;
  /** The raw status word (`status`), e.g. `pending`, `approved` or `auto_approved`; `"pending"` when absent. */
  status: string;
  /** The status normalized through the decision vocabulary; undefined for words outside it. */
  outcome: DecisionOutcome | undefined;
  /** Risk score 0–100 as computed by the service (`risk_score`). */
  riskScore: number | undefined;
  /** When the action was submitted (`created_at`), as sent (not parsed). */
  createdAt: string | undefined;
  /** When the record last changed (`updated_at`), as sent (not parsed). */
  updatedAt: string | undefined;
  /** The action's audit trail entries (`audit_trail`), as raw objects; `[]` when absent. */
  auditTrail: Array<Record<string, unknown>>;
}

/**
 * Parses the action details response.
 * @internal
 */
export function parseActionDetails(body: unknown, knownId: string): ActionDetails {
  const o = expectObject(body, 'action details');
  const status = str(o, 'status') ?? 'pending';
  return {
    actionId: id(o, 'id', 'action_id') ?? knownId,
    agentId: str(o, 'agent_id') ?? '',
    agentName: str(o, 'agent_name') ?? '',
    actionType: str(o, 'action_type') ?? '',
    resource: str(o, 'resource') ?? '',
    resourceId: str(o, 'resource_id'),
    status,
    outcome: Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, status) ? DECISION_VOCABULARY[status] : undefined,
    riskScore: num(o, 'risk_score'),
    createdAt: str(o, 'created_at'),
    updatedAt: str(o, 'updated_at'),
    auditTrail: objArray(o['audit_trail']),
  };
}

// ---------------------------------------------------------------------------------------------
// Approvals (§3.20)

/** States of an approval request. */
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'expired';

/** An approval request's status. */
export interface ApprovalStatus {
  /** The normalized state. `denied` on the wire reads as `rejected`. */
  state: ApprovalState;
  /** Who approved or rejected. */
  approver: string | undefined;
  /** When it was decided. */
  decidedAt: string | undefined;
  /** Reviewer's comment or rejection reason. */
  comments: string | undefined;
  /** The response body. */
  raw: Readonly<Record<string, unknown>>;
}

const APPROVAL_STATES: Readonly<Record<string, ApprovalState>> = {
  pending: 'pending',
  approved: 'approved',
  rejected: 'rejected',
  denied: 'rejected',
  expired: 'expired',
  timeout: 'expired',
};

/**
 * Parses the approval check response. @throws {@link ProtocolError} on a missing or unknown status.
 * @internal
 */
export function parseApproval(body: unknown): ApprovalStatus {
  const o = expectObject(body, 'approval status');
  const raw = o['status'];
  const state = typeof raw === 'string' && Object.prototype.hasOwnProperty.call(APPROVAL_STATES, raw) ? APPROVAL_STATES[raw] : undefined;
  if (!state) throw new ProtocolError(`unknown approval status ${JSON.stringify(raw)}`, { field: 'status' });
  return {
    state,
    approver: str(o, 'approved_by') || str(o, 'rejected_by'),
    decidedAt: str(o, 'decided_at'),
    comments: str(o, 'rejection_reason', 'comments', 'approval_notes'),
    raw: o,
  };
}

// ---------------------------------------------------------------------------------------------
// Webhooks (§3.21–3.25)

/** Input of `configureWebhook` and `updateWebhook`. */
export interface WebhookConfigInput {
  /** Delivery URL: https, or http on localhost/127.0.0.1/[::1] for local development. */
  url: string;
  /** Event types to deliver, e.g. `action.approved`. */
  events: string[];
  /** Shared secret for delivery signatures. */
  secret?: string;
}

const EVENT_NAME = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

function webhookUrl(value: unknown): string {
  const text = nonBlank(value, 'url');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError('url is not a valid URL', { url: 'Must be an absolute URL' });
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ValidationError('url must use https://', { url: 'Must start with https:// (http:// only for localhost)' });
  }
  return text;
}

function webhookEvents(value: unknown): string[] {
  const events = stringList(value, 'events');
  const bad = events.filter((e) => !EVENT_NAME.test(e));
  if (bad.length) throw new ValidationError('events contains malformed names', { events: `Malformed event names: ${bad.join(', ')}` });
  return events;
}

/**
 * Builds the configure body.
 * @internal
 */
export function configureWebhookBody(input: WebhookConfigInput, agentId: string | undefined): WireObject {
  if (!isObject(input)) throw new ValidationError('webhook config must be an object', { webhook: 'Must be an object' });
  const secret = optionalText(input.secret, 'secret');
  return {
    url: webhookUrl(input.url),
    events: webhookEvents(input.events),
    agent_id: agentId ?? null,
    secret: secret === '' ? undefined : secret,
  };
}

/**
 * Builds the update body with only the given fields, checked like configure.
 * @internal
 */
export function updateWebhookBody(input: Partial<WebhookConfigInput>): WireObject {
  if (!isObject(input)) throw new ValidationError('webhook update must be an object', { webhook: 'Must be an object' });
  return {
    url: input.url === undefined ? undefined : webhookUrl(input.url),
    events: input.events === undefined ? undefined : webhookEvents(input.events),
    secret: optionalText(input.secret, 'secret'),
  };
}

/** A webhook configuration. Secrets are never surfaced. */
export interface WebhookConfig {
  /** The webhook's id (`webhook_id`, else `id`; numbers become strings); `""` when absent. Pass it to `updateWebhook`, `deleteWebhook` and `testWebhook`. */
  webhookId: string;
  /** The delivery URL (`url`); `""` when absent. */
  url: string;
  /** The event types delivered (`events`), e.g. `action.approved`; non-string items are dropped. */
  events: string[];
  /** Whether deliveries are enabled (`active`, else `is_active`); `true` when absent or not a boolean. */
  active: boolean;
  /** When the webhook was configured (`created_at`), as sent (not parsed). */
  createdAt: string | undefined;
}

/**
 * Parses one webhook item.
 * @internal
 */
export function parseWebhook(item: unknown): WebhookConfig {
  const o = expectObject(item, 'webhook');
  return {
    webhookId: id(o, 'webhook_id', 'id') ?? '',
    url: str(o, 'url') ?? '',
    events: strArray(o, 'events'),
    active: bool(o, 'active', 'is_active') ?? true,
    createdAt: str(o, 'created_at'),
  };
}

/**
 * Parses the webhook list (array or `{webhooks: [...]}`).
 * @internal
 */
export function parseWebhookList(body: unknown): WebhookConfig[] {
  return listFrom(body, 'webhooks').map(parseWebhook);
}

/**
 * Parses the configure response.
 * @internal
 */
export function parseConfiguredWebhook(body: unknown, input: WireObject): WebhookConfig {
  const o = isObject(body) ? body : {};
  const merged: WireObject = { ...(isObject(o['webhook']) ? (o['webhook'] as WireObject) : o) };
  // Fields the service leaves out (or sends as null) are the ones the caller just set.
  for (const key of ['webhook_id', 'url', 'events']) {
    if ((merged[key] === undefined || merged[key] === null) && input[key] !== undefined) merged[key] = input[key];
  }
  return parseWebhook(merged);
}

/** Result of a test delivery. */
export interface WebhookTestResult {
  /** Whether the test delivery succeeded (`success`); `false` when absent. */
  success: boolean;
  /** The HTTP status the webhook endpoint answered (`status_code`). */
  statusCode: number | undefined;
  /** How long the endpoint took to answer, in milliseconds (`response_time_ms`). */
  responseTimeMs: number | undefined;
  /** Why the delivery failed (`error`), when it did. */
  error: string | undefined;
}

/**
 * Parses the webhook test response.
 * @internal
 */
export function parseWebhookTest(body: unknown): WebhookTestResult {
  const o = isObject(body) ? body : {};
  return { success: bool(o, 'success') ?? false, statusCode: num(o, 'status_code'), responseTimeMs: num(o, 'response_time_ms'), error: str(o, 'error') };
}

// ---------------------------------------------------------------------------------------------
// Supply chain (§3.26), model link (§3.11), deployment info (§3.2)

/** A supply-chain component to register. */
export interface SupplyChainComponent {
  /** Your identifier for the component (`component_id`). Required, non-blank; the service requires it unique per organization, at most 255 characters. */
  componentId: string;
  /** Human-readable name (`component_name`). Required, non-blank; at most 500 characters on the service. */
  componentName: string;
  /** Kind of component (`component_type`), e.g. `model`, `library`, `dataset`, `framework`, `tool`, `service`. Required; the service rejects values outside its list. */
  componentType: string;
  /** Whether the component's origin has been verified (`provenance_verified`). @defaultValue false */
  provenanceVerified?: boolean;
  /** `low`, `medium`, `high` or `critical` (`risk_level`). @defaultValue 'medium' */
  riskLevel?: 'low' | 'medium' | 'high' | 'critical';
  /** Who supplies it (`provider`), e.g. a vendor or model hub. Omitted when unset or empty. */
  provider?: string;
  /** The version in use (`version`). Omitted when unset or empty. */
  version?: string;
  /** The newest available version (`latest_version`). Omitted when unset or empty. */
  latestVersion?: string;
  /** Its license, e.g. `Apache-2.0` (`license_type`). Omitted when unset or empty. */
  licenseType?: string;
  /** Where it comes from (`source_url`). Omitted when unset or empty. */
  sourceUrl?: string;
  /** Free-text compliance notes (`compliance_notes`). Omitted when unset or empty. */
  complianceNotes?: string;
  /** The package name in its ecosystem (`package_name`). Omitted when unset or empty. */
  packageName?: string;
  /** The package ecosystem (`package_ecosystem`), e.g. `pypi`, `npm`, `maven`, `huggingface`. Omitted when unset or empty. */
  packageEcosystem?: string;
}

/**
 * Builds the supply-chain body.
 * @internal
 */
export function supplyChainBody(c: SupplyChainComponent): WireObject {
  if (!isObject(c)) throw new ValidationError('component must be an object', { component: 'Must be an object' });
  const required = (v: unknown, f: string) => nonBlank(v, f, 'Required field');
  const risk = c.riskLevel ?? 'medium';
  if (!['low', 'medium', 'high', 'critical'].includes(risk)) {
    throw new ValidationError('riskLevel is invalid', { riskLevel: 'Must be low, medium, high or critical' });
  }
  if (c.provenanceVerified !== undefined && typeof c.provenanceVerified !== 'boolean') {
    throw new ValidationError('provenanceVerified must be a boolean', { provenanceVerified: 'Must be a boolean' });
  }
  const opt = (v: unknown, f: string) => {
    const s = optionalText(v, f);
    return s === '' ? undefined : s;
  };
  return {
    component_id: required(c.componentId, 'componentId'),
    component_name: required(c.componentName, 'componentName'),
    component_type: required(c.componentType, 'componentType'),
    provenance_verified: c.provenanceVerified ?? false,
    risk_level: risk,
    provider: opt(c.provider, 'provider'),
    version: opt(c.version, 'version'),
    latest_version: opt(c.latestVersion, 'latestVersion'),
    license_type: opt(c.licenseType, 'licenseType'),
    source_url: opt(c.sourceUrl, 'sourceUrl'),
    compliance_notes: opt(c.complianceNotes, 'complianceNotes'),
    package_name: opt(c.packageName, 'packageName'),
    package_ecosystem: opt(c.packageEcosystem, 'packageEcosystem'),
  };
}

/**
 * Validates a model id for `linkModel`.
 * @internal
 */
export function modelIdBody(modelId: unknown): WireObject {
  if (typeof modelId !== 'number' || !Number.isSafeInteger(modelId) || modelId < 1) {
    throw new ValidationError('modelId must be a positive integer', { modelId: 'Must be a positive integer' });
  }
  return { model_id: modelId };
}

/** Deployment information (§3.2). */
export interface DeploymentInfo {
  /** The service's deployed version (`version`); `"unknown"` when absent. */
  version: string;
  /** The deployment environment the service reports (`environment`), e.g. `production`; `"unknown"` when absent. */
  environment: string;
  /** The response body as received (`{}` when it was not an object). */
  raw: Readonly<Record<string, unknown>>;
}

/**
 * Parses deployment info.
 * @internal
 */
export function parseDeploymentInfo(body: unknown): DeploymentInfo {
  const o = isObject(body) ? body : {};
  return { version: str(o, 'version') ?? 'unknown', environment: str(o, 'environment') ?? 'unknown', raw: o };
}

// ---------------------------------------------------------------------------------------------
// MCP action submit (§3.27)

/** An MCP tool call to evaluate through the dedicated endpoint. */
export interface McpActionRequest {
  /** The MCP server's name. */
  mcpServer: string;
  /** Tool namespace, e.g. `filesystem`. */
  namespace: string;
  /** Tool verb, e.g. `read_file`. */
  verb: string;
  /** The resource touched. */
  resource: string;
  /** @defaultValue `<namespace>.<verb>` */
  actionType?: string;
  /** Human-readable description. */
  description?: string;
  /** Tool arguments (already redacted by the caller where needed). */
  parameters?: JsonObject;
  /** Extra context. */
  context?: JsonObject;
  /** @defaultValue the client's environment */
  environment?: string;
  /** The tool's name. */
  toolName?: string;
}

/**
 * Builds the MCP submit body; every key is present, nulls included (§3.27).
 * @internal
 */
export function mcpBody(req: McpActionRequest, environment: string): WireObject {
  if (!isObject(req)) throw new ValidationError('MCP action must be an object', { request: 'Must be an object' });
  const namespace = nonBlank(req.namespace, 'namespace');
  const verb = nonBlank(req.verb, 'verb');
  return {
    mcp_server: nonBlank(req.mcpServer, 'mcpServer'),
    namespace,
    verb,
    resource: nonBlank(req.resource, 'resource'),
    action_type: req.actionType === undefined ? `${namespace}.${verb}` : nonBlank(req.actionType, 'actionType'),
    description: optionalText(req.description, 'description') ?? null,
    parameters: req.parameters === undefined ? {} : (optionalObject(req.parameters, 'parameters') ?? {}),
    context: req.context === undefined ? {} : (optionalObject(req.context, 'context') ?? {}),
    environment: req.environment === undefined ? environment : nonBlank(req.environment, 'environment'),
    tool_name: optionalText(req.toolName, 'toolName') ?? null,
  };
}
