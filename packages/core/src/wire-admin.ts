/**
 * The camelCase ↔ snake_case mapping of the management operations, each in one place: agent
 * registration and health (§3.9–3.11, §3.13), policy evaluation, classifications, audit and
 * activity (§3.8, §3.17–3.19), action details (§3.5), webhooks (§3.21–3.25), supply chain
 * (§3.26) and deployment info (§3.2). Only `AscendClient` imports this module.
 *
 * Only the types here are public (re-exported with `export type`); the functions are `@internal`.
 */
import { fieldError } from './field-error.js';
import { DECISION_VOCABULARY, type DecisionOutcome } from './decision.js';
import { SDK_VERSION } from './version.js';
import type { JsonObject } from './wire-agent.js';
import { nonBlank, optionalObject, optionalText, stringList } from './wire-check.js';
import { bool, expectObject, id, isObject, listFrom, num, obj, objArray, str, strArray, type WireObject } from './wire-read.js';

// ---------------------------------------------------------------------------------------------
// Agents (§3.9–3.11, §3.13)

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
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw fieldError('limit', 'Must be an integer 1..1000');
  if (!Number.isInteger(offset) || offset < 0) throw fieldError('offset', 'Must be a non-negative integer');
  return { limit, offset };
}

/** Filters and paging of `listActivity`. */
export interface ActivityQuery extends PageOptions {
  /** Only items with this status word. */
  status?: string;
  /** Whose activity (`agent_id`). @defaultValue the client's `agentId` (none: every agent's) */
  agentId?: string;
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

/** Filters and paging of `listActions`. */
export interface ActionListQuery extends PageOptions {
  /** Only actions with this status word, e.g. `pending_approval` (sent as `status_filter`). */
  status?: string;
}

/** One action of `listActions`, read from the service's list item. */
export interface ActionSummary {
  /** The action id (`id`, else `action_id`; numbers become strings). */
  actionId: string;
  /** The agent that submitted it (`agent_id`). */
  agentId: string | undefined;
  /** The action type (`action_type`); `""` when absent. */
  actionType: string;
  /** What the action does (`description`). */
  description: string | undefined;
  /** The raw status word (`status`), e.g. `approved` or `pending_approval`; `""` when absent. */
  status: string;
  /** The status normalized through the decision vocabulary; undefined for words outside it. */
  outcome: DecisionOutcome | undefined;
  /** Risk score 0–100 (`risk_score`). */
  riskScore: number | undefined;
  /** Risk level as the service words it (`risk_level`), e.g. `minimal` or `high`. */
  riskLevel: string | undefined;
  /** When it was submitted (`timestamp`, else `created_at`), as sent. */
  timestamp: string | undefined;
  /** The tool the action used (`tool_name`). */
  toolName: string | undefined;
  /** The system acted upon (`target_system`, else `resource`). */
  targetSystem: string | undefined;
}

/** A page of `listActions`. */
export interface ActionList {
  /** The actions, most recent first as the service orders them; items without an id are dropped. */
  actions: ActionSummary[];
  /** The response body exactly as parsed, for fields this SDK does not model. */
  raw: unknown;
}

/**
 * The query of `listActions`, checked. @throws {@link ValidationError} naming the field.
 * @internal
 */
export function actionListQuery(query: ActionListQuery | undefined): Record<string, string | number | undefined> {
  if (query !== undefined && !isObject(query)) throw fieldError('query', 'Must be an object');
  const { limit, offset } = paging(query);
  const status = optionalText(query?.status, 'status');
  return { limit, offset, status_filter: status === undefined || status.trim() === '' ? undefined : status };
}

/** Reads one list item, or undefined for one without an id. */
function actionSummary(o: WireObject): ActionSummary | undefined {
  const actionId = id(o, 'id', 'action_id');
  if (actionId === undefined) return undefined;
  const status = str(o, 'status') ?? '';
  return {
    actionId,
    agentId: str(o, 'agent_id'),
    actionType: str(o, 'action_type') ?? '',
    description: str(o, 'description'),
    status,
    outcome: Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, status) ? DECISION_VOCABULARY[status] : undefined,
    riskScore: num(o, 'risk_score'),
    riskLevel: str(o, 'risk_level'),
    timestamp: str(o, 'timestamp', 'created_at'),
    toolName: str(o, 'tool_name'),
    targetSystem: str(o, 'target_system', 'resource'),
  };
}

/**
 * Parses the action list: the backend's bare array, or an object with `actions` or `items`.
 * @internal
 */
export function parseActionList(body: unknown): ActionList {
  const actions = listFrom(body, 'actions', 'items')
    .map(actionSummary)
    .filter((a): a is ActionSummary => a !== undefined);
  return { actions, raw: body };
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
    throw fieldError('url', 'Must be an absolute URL');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw fieldError('url', 'Must start with https:// (http:// only for localhost)');
  }
  return text;
}

function webhookEvents(value: unknown): string[] {
  const events = stringList(value, 'events');
  const bad = events.filter((e) => !EVENT_NAME.test(e));
  if (bad.length) throw fieldError('events', `Malformed event names: ${bad.join(', ')}`);
  return events;
}

/**
 * Builds the configure body.
 * @internal
 */
export function configureWebhookBody(input: WebhookConfigInput, agentId: string | undefined): WireObject {
  if (!isObject(input)) throw fieldError('webhook', 'Must be an object');
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
  if (!isObject(input)) throw fieldError('webhook', 'Must be an object');
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
  const merged: WireObject = { ...(isObject(o['webhook']) ? o['webhook'] : o) };
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
  if (!isObject(c)) throw fieldError('component', 'Must be an object');
  const required = (v: unknown, f: string) => nonBlank(v, f, 'Required field');
  const risk = c.riskLevel ?? 'medium';
  if (!['low', 'medium', 'high', 'critical'].includes(risk)) {
    throw fieldError('riskLevel', 'Must be low, medium, high or critical');
  }
  if (c.provenanceVerified !== undefined && typeof c.provenanceVerified !== 'boolean') {
    throw fieldError('provenanceVerified', 'Must be a boolean');
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
    throw fieldError('modelId', 'Must be a positive integer');
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
