/**
 * The camelCase ↔ snake_case mapping of the operations an agent needs at run time, each in one
 * place: submit (§3.3), completion and failure reports (§3.6, §3.7), heartbeat (§3.12), kill
 * switch and commands (§3.14–3.16), approvals (§3.20) and MCP submit (§3.27). Request body
 * builders (with the client-side checks of reference §3) and validating response parsers.
 *
 * The management operations live in `wire-admin.ts`, so a bundle that only uses
 * `AscendAgentClient` never carries them. Only the types here are public (re-exported with
 * `export type`); the functions are `@internal`.
 */
import { ProtocolError, ValidationError } from './errors.js';
import { fieldError } from './field-error.js';
import { SDK_VERSION } from './version.js';
import { nonBlank, optionalObject, optionalText } from './wire-check.js';
import { bool, expectObject, id, isObject, listFrom, obj, str, type WireObject } from './wire-read.js';

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
  /**
   * The registered MCP server the action goes through (`mcp_server_name`, Python client 2.5.1):
   * the service refuses it with 403 when the server is unregistered or deactivated or the tool is
   * blocked (`AuthorizationError.mcpGovernance`). A non-blank string, sent trimmed; omitted
   * when unset.
   */
  mcpServerName?: string;
  /**
   * The registered model acting (`model_id`, Python client 2.5.1): the service refuses it with
   * 403 when the model is not registered or not compliant (`AuthorizationError.modelGovernance`).
   * A non-blank string, sent trimmed; omitted when unset.
   */
  modelId?: string;
  /**
   * Force human review: the service holds the action for approval even when policy would allow
   * it (a denial still wins). Sent as `context.require_human_approval: true`, as the Python
   * client does. @defaultValue false
   */
  requireHumanApproval?: boolean;
}

/** Wire body keys whose values come from the caller, by the name the caller used. */
const CALLER_NAMES: Readonly<Record<string, string>> = {
  action_details: 'parameters',
  context: 'context',
  risk_indicators: 'riskIndicators',
  result: 'result',
  error: 'error',
  metadata: 'metadata',
};

/**
 * A body validation error with its paths in the caller's names: `body.action_details.items[3]`
 * becomes `parameters.items[3]`. Other errors come back as they are.
 * @internal
 */
export function inCallerTerms(error: unknown): unknown {
  if (!(error instanceof ValidationError) || error.status !== undefined) return error;
  const rename = (path: string): string => {
    const m = /^body\.([a-z_]+)(.*)$/s.exec(path);
    const name = m ? CALLER_NAMES[m[1]!] : undefined;
    return name === undefined ? path : name + m![2]!;
  };
  const fields = Object.keys(error.fieldErrors);
  if (!fields.some((f) => rename(f) !== f)) return error;
  const renamed = Object.fromEntries(fields.map((f) => [rename(f), error.fieldErrors[f]!]));
  const message = fields.reduce((text, f) => text.split(f).join(rename(f)), error.message);
  return new ValidationError(message, renamed, error.cause === undefined ? {} : { cause: error.cause });
}

/** The client identity used to fill agent fields. */
export interface AgentIdentity {
  /** The agent id, when configured. */
  agentId: string | undefined;
  /** The agent name, when configured. */
  agentName: string | undefined;
}

/**
 * Converts an action id to the wire's integer form.
 * @internal
 */
export function numericActionId(value: string | number, field: string): number {
  const n = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw fieldError(field, 'Must be a non-negative integer action id');
  }
  return n;
}

const ACTION_REQUEST_KEYS = new Set(
  'actionType resource resourceId parameters context riskIndicators orchestrationSessionId parentActionId orchestrationDepth mcpServerName modelId requireHumanApproval'.split(
    ' ',
  ),
);

/** A name given as a non-blank string (sent trimmed), or undefined when not given (Python 2.5.1's check). */
const optionalName = (value: unknown, field: string): string | undefined => (value === undefined ? value : nonBlank(value, field).trim());

/**
 * Builds and checks the submit body (§3.3). @throws {@link ValidationError} naming the field.
 * @internal
 */
export function submitBody(req: ActionRequest, who: AgentIdentity): WireObject {
  if (!isObject(req)) throw fieldError('request', 'Must be an object');
  for (const key of Object.keys(req)) {
    if (!ACTION_REQUEST_KEYS.has(key)) {
      throw fieldError(key, `Unknown field; allowed: ${[...ACTION_REQUEST_KEYS].join(', ')}`);
    }
  }
  const actionType = nonBlank(req.actionType, 'actionType');
  const resource = nonBlank(req.resource, 'resource');
  const depth = req.orchestrationDepth;
  if (depth !== undefined && (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 0 || depth > 5)) {
    throw fieldError('orchestrationDepth', 'Out of range (0..5)');
  }
  const resourceId = optionalText(req.resourceId, 'resourceId');
  const human = req.requireHumanApproval;
  if (human !== undefined && typeof human !== 'boolean') {
    throw fieldError('requireHumanApproval', 'Must be a boolean');
  }
  const given = optionalObject(req.context, 'context');
  const context = human === true ? { ...given, require_human_approval: true } : given;
  return {
    agent_id: who.agentId ?? 'unknown',
    agent_name: who.agentName ?? who.agentId ?? 'Unknown Agent',
    action_type: actionType,
    resource,
    resource_id: resourceId === '' ? undefined : resourceId,
    action_details: optionalObject(req.parameters, 'parameters'),
    context,
    risk_indicators: optionalObject(req.riskIndicators, 'riskIndicators'),
    orchestration_session_id: optionalText(req.orchestrationSessionId, 'orchestrationSessionId'),
    parent_action_id: req.parentActionId === undefined ? undefined : numericActionId(req.parentActionId, 'parentActionId'),
    orchestration_depth: depth,
    mcp_server_name: optionalName(req.mcpServerName, 'mcpServerName'),
    model_id: optionalName(req.modelId, 'modelId'),
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
    throw fieldError('durationMs', 'Must be a non-negative number');
  }
  return Math.round(value);
}

/**
 * Builds the complete body.
 * @internal
 */
export function completeBody(actionId: string, report: CompletionReport, at: string): WireObject {
  if (report.result !== undefined && !isObject(report.result)) {
    throw fieldError('result', 'Must be an object');
  }
  return { action_id: actionId, status: 'completed', completed_at: at, result: report.result, duration_ms: duration(report.durationMs) };
}

/**
 * Builds the fail body.
 * @internal
 */
export function failBody(actionId: string, report: FailureReport, at: string): WireObject {
  if (typeof report?.error !== 'string' && !isObject(report?.error)) {
    throw fieldError('error', 'Must be a string or an object');
  }
  return { action_id: actionId, status: 'failed', failed_at: at, error: report.error, duration_ms: duration(report.durationMs) };
}

// ---------------------------------------------------------------------------------------------
// Heartbeat (§3.12)

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
      throw fieldError(k, 'Must be a finite number');
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
  if (!state) {
    const quoted = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 512)) : raw === null ? 'null' : typeof raw;
    throw new ProtocolError(`unknown approval status ${quoted}`, { field: 'status' });
  }
  return {
    state,
    approver: str(o, 'approved_by') || str(o, 'rejected_by'),
    decidedAt: str(o, 'decided_at'),
    comments: str(o, 'rejection_reason', 'comments', 'approval_notes'),
    raw: o,
  };
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
  if (!isObject(req)) throw fieldError('request', 'Must be an object');
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
