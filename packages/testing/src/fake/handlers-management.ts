/**
 * The 2.5.0 management surface of the fake (docs/protocol-2.4-2.7.md): the MCP server registry,
 * kill-switch trigger and release, orchestration topologies and sessions, the output filter,
 * supply-chain visibility and alerts; and the 2.5.1 submit-time registry checks
 * (`mcp_server_name`, `model_id`). Registry, topologies and findings are records of the store
 * (`management-records.ts`): snapshotted, journaled by the dev server, emptied by `reset`.
 * @internal
 */
import type { FakeContext } from './context.js';
import type { JsonObject, JsonValue } from './json.js';
import { setKillSwitch, issueCommand } from './kill-switch.js';
import type { FakeFinding, FakeMcpServer } from './management-records.js';
import type { FakeAction } from './store.js';
import { BodyReader, conflict, forbidden, notFound, ok, validationError, type HandlerResult } from './validation.js';
import { componentBody } from './wire.js';
import type { OperationHandler, ParsedRequest } from './handlers.js';
import type { ManagementOperationName } from '@ascend/core/internal';

/** The next numeric id after the highest of `records`. */
function nextId(records: Iterable<{ readonly id: number }>): number {
  let max = 0;
  for (const r of records) if (r.id > max) max = r.id;
  return max + 1;
}

/**
 * The model `compliance_status` values that let a model through: a submit naming a model with
 * any other status (or none) is refused when the fake has a `models` registry.
 */
export const COMPLIANT_MODEL_STATUSES: readonly string[] = ['approved', 'partially_approved'];

/** At most this many findings are kept (oldest dropped first). */
const MAX_FINDINGS = 1000;

function serverBody(s: FakeMcpServer): JsonObject {
  return {
    id: s.id,
    server_name: s.serverName,
    display_name: s.displayName,
    description: s.description,
    server_url: s.serverUrl,
    transport_type: s.transportType,
    connection_config: s.connectionConfig,
    governance_enabled: s.governanceEnabled,
    is_active: s.isActive,
    auto_approve_tools: [...s.autoApproveTools],
    blocked_tools: [...s.blockedTools],
    tool_risk_overrides: { ...s.toolRiskOverrides },
    deactivation_reason: s.deactivationReason,
    registered_at: s.registeredAt,
    updated_at: s.updatedAt,
  };
}

function body(req: ParsedRequest, emptyAllowed = false): { body: JsonObject; error: null } | { body: null; error: HandlerResult } {
  if (req.body.trim() === '') {
    return emptyAllowed ? { body: {}, error: null } : { body: null, error: validationError({ body: 'Required' }, 'Request body is required') };
  }
  const json = req.json;
  if (json === undefined) return { body: null, error: validationError({ body: 'Not valid JSON' }, 'Invalid JSON body', 400) };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { body: null, error: validationError({ body: 'Must be a JSON object' }) };
  return { body: json, error: null };
}

function adminOnly(req: ParsedRequest, what: string): HandlerResult | null {
  return req.admin ? null : forbidden(`Admin role required to ${what}`, ['ADMIN_REQUIRED']);
}

function serverOr404(ctx: FakeContext, req: ParsedRequest): FakeMcpServer | HandlerResult {
  const name = req.params['serverName'] ?? '';
  return ctx.store.records('mcpServer').get(name) ?? notFound(`MCP server ${name} not found`);
}

function isResult(v: unknown): v is HandlerResult {
  return typeof v === 'object' && v !== null && 'status' in v && 'body' in v && !('serverName' in v);
}

/**
 * Activates or deactivates a registered server and writes the audit event: the one place both
 * the protocol's activate / deactivate and the fake's admin call go through.
 */
export function changeMcpServerActive(ctx: FakeContext, server: FakeMcpServer, active: boolean, reason: string | null, actor: string): FakeMcpServer {
  server.isActive = active;
  server.deactivationReason = active ? null : reason;
  server.updatedAt = ctx.fx.iso();
  ctx.store.put('mcpServer', server);
  ctx.fx.audit({
    eventType: active ? 'MCP_SERVER_ACTIVATED' : 'MCP_SERVER_DEACTIVATED',
    actor,
    resource: server.serverName,
    action: active ? 'activate' : 'deactivate',
    outcome: 'success',
    details: { reason },
  });
  return server;
}

/**
 * Adds `tool` to a server's blocked tools, or removes it, and writes the audit event. Submits
 * for a blocked tool are refused with `MCP_TOOL_BLOCKED_DENY` while governance is enabled.
 */
export function changeMcpToolBlocked(ctx: FakeContext, server: FakeMcpServer, tool: string, blocked: boolean, actor: string): FakeMcpServer {
  const has = server.blockedTools.includes(tool);
  if (blocked === has) return server;
  server.blockedTools = blocked ? [...server.blockedTools, tool] : server.blockedTools.filter((t) => t !== tool);
  server.updatedAt = ctx.fx.iso();
  ctx.store.put('mcpServer', server);
  ctx.fx.audit({
    eventType: blocked ? 'MCP_TOOL_BLOCKED' : 'MCP_TOOL_UNBLOCKED',
    actor,
    resource: server.serverName,
    action: blocked ? 'block_tool' : 'unblock_tool',
    outcome: 'success',
    details: { tool_name: tool },
  });
  return server;
}

function setActive(ctx: FakeContext, req: ParsedRequest, active: boolean): HandlerResult {
  const denied = adminOnly(req, active ? 'activate MCP servers' : 'deactivate MCP servers');
  if (denied) return denied;
  const found = serverOr404(ctx, req);
  if (isResult(found)) return found;
  let reason: string | null = null;
  if (!active) {
    const read = body(req, true);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    reason = r.optionalString('reason');
    if (!r.valid) return r.failure();
  }
  changeMcpServerActive(ctx, found, active, reason, 'admin');
  return ok({ success: true, message: `MCP server ${found.serverName} ${active ? 'activated' : 'deactivated'}`, server: serverBody(found) });
}

function killSwitchChange(ctx: FakeContext, req: ParsedRequest, active: boolean): HandlerResult {
  const denied = adminOnly(req, active ? 'trigger the kill switch' : 'release the kill switch');
  if (denied) return denied;
  const org = req.params['organizationId'] ?? '';
  if (!/^\d+$/.test(org)) return validationError({ organization_id: 'Must be a positive integer' });
  if (Number(org) !== ctx.options.organizationId) return forbidden(`Organization ${org} is not this key's organization`, ['CROSS_TENANT_DENIED']);
  const read = body(req);
  if (read.error) return read.error;
  const r = new BodyReader(read.body);
  const reason = r.requiredString('reason', 'Required, at least 10 characters', 1000);
  if (r.valid && reason.length < 10) r.errors['reason'] = 'Must be at least 10 characters';
  if (!r.valid) return r.failure();
  const state = setKillSwitch(ctx, active, { reason, by: 'api-key' });
  const at = active ? 'triggered_at' : 'released_at';
  return ok({
    success: true,
    organization_id: ctx.options.organizationId,
    kill_switch_active: state.active,
    reason,
    [at]: ctx.fx.iso(),
    message: active ? 'Kill switch triggered: every agent action is blocked' : 'Kill switch released',
  });
}

function positiveInt(raw: string | undefined): number | null {
  return raw !== undefined && /^[1-9]\d*$/.test(raw) ? Number(raw) : null;
}

function limitOffset(q: URLSearchParams, fallback: number, max: number): { limit: number; offset: number } | HandlerResult {
  const limit = q.get('limit') === null ? fallback : Number(q.get('limit'));
  const offset = q.get('offset') === null ? 0 : Number(q.get('offset'));
  if (!Number.isInteger(limit) || limit < 1 || limit > max) return validationError({ limit: `Must be an integer 1..${max}` });
  if (!Number.isInteger(offset) || offset < 0) return validationError({ offset: 'Must be a non-negative integer' });
  return { limit, offset };
}

/** Query booleans as FastAPI reads them: `true`/`True`/`1`, `false`/`False`/`0`. */
function queryBool(q: URLSearchParams, key: string, fallback: boolean | null): boolean | null | 'bad' {
  const v = q.get(key);
  if (v === null) return fallback;
  if (/^(true|1|yes|on)$/i.test(v)) return true;
  if (/^(false|0|no|off)$/i.test(v)) return false;
  return 'bad';
}

function findingBody(f: FakeFinding): JsonObject {
  return { id: f.id, action_id: f.actionId, agent_id: f.agentId, category: f.category, severity: f.severity, pattern: f.pattern, created_at: f.createdAt };
}

/** The output filter's patterns: category, severity, what it looks for. */
const PATTERNS: readonly { category: string; severity: string; name: string; re: RegExp }[] = [
  { category: 'pci', severity: 'critical', name: 'credit_card', re: /\b(?:\d[ -]?){13,16}\b/g },
  { category: 'pii', severity: 'high', name: 'us_ssn', re: /\b\d{3}-\d{2}-\d{4}\b/g },
  { category: 'secret', severity: 'critical', name: 'api_key', re: /\b(?:sk|owkai|ascend)_[A-Za-z0-9_]{8,}\b/g },
  { category: 'pii', severity: 'medium', name: 'email', re: /\b[\w.+-]+@[\w-]+\.[\w.-]+\b/g },
];

function sessionActions(ctx: FakeContext, sessionId: string) {
  return [...ctx.store.actions.values()].filter((a) => a.orchestrationSessionId === sessionId);
}

/**
 * The 2.5.1 submit-time registry checks: an `mcp_server_name` that is unregistered or
 * deactivated, or whose server blocks the tool, and a `model_id` that the fake's `models` option
 * does not list as `approved` / `partially_approved`, are refused with 403 and their block.
 * Otherwise returns the blocks to add to the decision (empty when neither field was sent).
 */
export function submitGovernance(
  ctx: FakeContext,
  input: { mcpServerName: string | null; modelId: string | null; actionType: string; actionDetails: JsonObject },
): { refusal: HandlerResult; blocks: null } | { refusal: null; blocks: JsonObject } {
  const blocks: JsonObject = {};
  const refuse = (detail: string, code: string, extra: JsonObject) => {
    ctx.fx.audit({ eventType: 'action.refused', actor: 'agent', resource: input.actionType, outcome: 'denied', details: { code, ...extra } });
    return { refusal: forbidden(detail, [code], extra), blocks: null };
  };
  if (input.mcpServerName !== null) {
    const name = input.mcpServerName.trim();
    const server = ctx.store.records('mcpServer').get(name);
    const tool = typeof input.actionDetails['tool_name'] === 'string' ? input.actionDetails['tool_name'] : input.actionType.split('.').pop()!;
    const block = (enforcement: string, extra: JsonObject = {}): JsonObject => ({
      server_name: name,
      registered: server !== undefined,
      active: server?.isActive ?? false,
      governance_enabled: server?.governanceEnabled ?? false,
      tool_name: tool,
      enforcement,
      ...extra,
    });
    if (!server)
      return refuse(`MCP server ${name} is not registered`, 'MCP_SERVER_UNREGISTERED_DENY', { mcp_governance: block('MCP_SERVER_UNREGISTERED_DENY') });
    if (!server.isActive) {
      return refuse(`MCP server ${name} is deactivated`, 'MCP_SERVER_DEACTIVATED_DENY', {
        mcp_governance: block('MCP_SERVER_DEACTIVATED_DENY', { deactivation_reason: server.deactivationReason }),
      });
    }
    if (server.governanceEnabled && (server.blockedTools.includes(tool) || server.blockedTools.includes(input.actionType))) {
      return refuse(`Tool ${tool} is blocked on MCP server ${name}`, 'MCP_TOOL_BLOCKED_DENY', {
        mcp_governance: block('MCP_TOOL_BLOCKED_DENY', { tool_blocked: true }),
      });
    }
    blocks['mcp_governance'] = block('MCP_SERVER_ALLOWED', { tool_blocked: false });
  }
  if (input.modelId !== null) {
    const modelId = input.modelId.trim();
    const models = ctx.options.models;
    if (models) {
      const compliance = Object.prototype.hasOwnProperty.call(models, modelId) ? models[modelId]! : null;
      const block: JsonObject = { model_id: modelId, registry_checked: true, registered: compliance !== null, compliance_status: compliance };
      if (compliance === null) return refuse(`Model ${modelId} is not registered`, 'MODEL_NOT_REGISTERED_DENY', { model_governance: block });
      if (!COMPLIANT_MODEL_STATUSES.includes(compliance)) {
        return refuse(`Model ${modelId} compliance status is ${compliance}`, 'MODEL_NON_COMPLIANT_DENY', { model_governance: block });
      }
      blocks['model_governance'] = block;
    } else {
      blocks['model_governance'] = { model_id: modelId, registry_checked: false };
    }
  }
  return { refusal: null, blocks };
}

/** The fields of a registration, as read from a register body. */
type McpServerFields = Pick<
  FakeMcpServer,
  | 'serverName'
  | 'displayName'
  | 'description'
  | 'serverUrl'
  | 'transportType'
  | 'connectionConfig'
  | 'governanceEnabled'
  | 'autoApproveTools'
  | 'blockedTools'
  | 'toolRiskOverrides'
>;

/** Reads a register body (`POST /api/registry/mcp-servers`); problems land in `r.errors`. */
export function readMcpServer(r: BodyReader): McpServerFields {
  const serverName = r.requiredString('server_name', 'Required field is missing or empty', 255).trim();
  const transportType = r.optionalString('transport_type') ?? 'stdio';
  const governanceEnabled = r.optionalBoolean('governance_enabled', true);
  const displayName = r.optionalString('display_name');
  const description = r.optionalString('description');
  const serverUrl = r.optionalString('server_url');
  const connectionConfig = r.optionalObject('connection_config');
  const autoApproveTools = r.optionalStringList('auto_approve_tools');
  const blockedTools = r.optionalStringList('blocked_tools');
  const overrides = r.optionalObject('tool_risk_overrides');
  for (const [tool, score] of Object.entries(overrides)) {
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 100)
      r.errors['tool_risk_overrides'] = `Score of ${tool} must be an integer 0..100`;
  }
  return {
    serverName,
    displayName,
    description,
    serverUrl,
    transportType,
    connectionConfig,
    governanceEnabled,
    autoApproveTools,
    blockedTools,
    toolRiskOverrides: overrides as Record<string, number>,
  };
}

/** Registers a server (active) and writes the audit event; null when the name is taken. */
export function createMcpServer(ctx: FakeContext, fields: McpServerFields, actor: string): FakeMcpServer | null {
  const servers = ctx.store.records('mcpServer');
  if (servers.has(fields.serverName)) return null;
  const now = ctx.fx.iso();
  const server: FakeMcpServer = { id: nextId(servers.values()), ...fields, isActive: true, deactivationReason: null, registeredAt: now, updatedAt: now };
  ctx.store.put('mcpServer', server);
  ctx.fx.audit({
    eventType: 'MCP_SERVER_REGISTERED',
    actor,
    resource: server.serverName,
    action: 'register',
    outcome: 'success',
    details: { id: server.id },
  });
  return server;
}

/** One orchestration session's summary: its actions and their cumulative risk. */
export interface FakeOrchestrationSession {
  /** `orchestration_session_id` of its actions. */
  sessionId: string;
  /** Actions held in memory with that session id. */
  actionCount: number;
  /** The agents that submitted them, in order of first appearance. */
  agents: string[];
  /** ISO creation time of its first action. */
  startedAt: string;
  /** ISO time of the last change of its newest action. */
  lastActivityAt: string;
  /** The highest risk score plus a tenth of the others, capped at 100. */
  cumulativeRiskScore: number;
  /** The highest risk score. */
  maxRiskScore: number;
  /** The rounded mean risk score. */
  averageRiskScore: number;
  /** Actions denied. */
  deniedCount: number;
}

function summarizeSession(sessionId: string, actions: readonly FakeAction[]): FakeOrchestrationSession {
  const scores = actions.map((a) => a.riskScore);
  const max = Math.max(...scores);
  const sum = scores.reduce((s, v) => s + v, 0);
  return {
    sessionId,
    actionCount: actions.length,
    agents: [...new Set(actions.map((a) => a.agentId))],
    startedAt: actions[0]!.createdAt,
    lastActivityAt: actions[actions.length - 1]!.updatedAt,
    cumulativeRiskScore: Math.min(100, Math.round(max + (sum - max) / 10)),
    maxRiskScore: max,
    averageRiskScore: Math.round(sum / scores.length),
    deniedCount: actions.filter((a) => a.decision === 'denied').length,
  };
}

/** Every orchestration session of the actions held in memory, in order of first appearance. */
export function listOrchestrationSessions(ctx: FakeContext): FakeOrchestrationSession[] {
  const sessions = new Map<string, FakeAction[]>();
  for (const a of ctx.store.actions.values()) {
    if (a.orchestrationSessionId === null) continue;
    const list = sessions.get(a.orchestrationSessionId);
    if (list) list.push(a);
    else sessions.set(a.orchestrationSessionId, [a]);
  }
  return [...sessions].map(([id, actions]) => summarizeSession(id, actions));
}

/** Every 2.5.0 management operation's handler. */
export const MANAGEMENT_HANDLERS: Readonly<Record<ManagementOperationName, OperationHandler>> = {
  registerMcpServer: (ctx, req) => {
    const denied = adminOnly(req, 'register MCP servers');
    if (denied) return denied;
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const fields = readMcpServer(r);
    if (!r.valid) return r.failure();
    const server = createMcpServer(ctx, fields, 'admin');
    if (server === null) return conflict(`MCP server ${fields.serverName} already exists`);
    const created: HandlerResult = { status: 201, body: { success: true, message: `MCP server ${server.serverName} registered`, server: serverBody(server) } };
    return created;
  },

  listMcpServers: (ctx) => {
    const servers = [...ctx.store.records('mcpServer').values()].map(serverBody);
    return ok({ servers, total: servers.length });
  },

  getMcpServer: (ctx, req) => {
    const found = serverOr404(ctx, req);
    return isResult(found) ? found : ok({ success: true, server: serverBody(found) });
  },

  activateMcpServer: (ctx, req) => setActive(ctx, req, true),
  deactivateMcpServer: (ctx, req) => setActive(ctx, req, false),

  deleteMcpServer: (ctx, req) => {
    const denied = adminOnly(req, 'delete MCP servers');
    if (denied) return denied;
    const found = serverOr404(ctx, req);
    if (isResult(found)) return found;
    ctx.store.remove('mcpServer', found.serverName);
    ctx.fx.audit({ eventType: 'MCP_SERVER_DELETED', actor: 'admin', resource: found.serverName, action: 'delete', outcome: 'success', details: {} });
    return ok({ success: true, message: `MCP server ${found.serverName} deleted` });
  },

  scanMcpNetwork: (ctx) => {
    // The fake's "network" is its registry: every registered server is discovered.
    const servers = [...ctx.store.records('mcpServer').values()].map((s) => ({
      server_name: s.serverName,
      server_url: s.serverUrl,
      transport_type: s.transportType,
      registered: true,
    }));
    return ok({ success: true, discovered_count: servers.length, servers, scan_timestamp: ctx.fx.iso() });
  },

  getMcpHealth: (ctx) => {
    const servers = [...ctx.store.records('mcpServer').values()].map((s) => ({
      server_name: s.serverName,
      status: s.isActive ? 'healthy' : 'inactive',
      is_active: s.isActive,
      last_checked_at: ctx.fx.iso(),
    }));
    return ok({ success: true, total: servers.length, healthy: servers.filter((s) => s.is_active).length, servers });
  },

  triggerKillSwitch: (ctx, req) => killSwitchChange(ctx, req, true),
  releaseKillSwitch: (ctx, req) => killSwitchChange(ctx, req, false),

  registerTopology: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const orchestrator = r.requiredString('orchestrator_agent_id');
    const workers = r.optionalStringList('worker_agent_ids');
    if (workers.length < 1 || workers.length > 20) r.errors['worker_agent_ids'] = 'length 1..20 required';
    else if (new Set(workers).size !== workers.length) r.errors['worker_agent_ids'] = 'no duplicates';
    if (!r.valid) return r.failure();
    const registeredAt = ctx.fx.iso();
    const previous = ctx.store.records('topology').get(orchestrator);
    ctx.store.put('topology', {
      orchestratorAgentId: orchestrator,
      workerAgentIds: workers,
      mcpServerIds: previous?.mcpServerIds ?? null,
      updatedAt: registeredAt,
    });
    ctx.fx.audit({ eventType: 'TOPOLOGY_REGISTERED', actor: 'agent', resource: orchestrator, action: 'register', outcome: 'success', details: { workers } });
    return ok({
      success: true,
      topology: { orchestrator_agent_id: orchestrator, worker_agent_ids: workers, registered_at: registeredAt },
      message: 'Topology registered',
    });
  },

  registerMcpTopology: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const orchestrator = r.requiredString('orchestrator_agent_id');
    const raw = r.raw('mcp_server_ids');
    const ids = Array.isArray(raw) ? raw : [];
    if (!ids.every((v): v is number => typeof v === 'number' && Number.isInteger(v))) r.errors['mcp_server_ids'] = 'integer ids only';
    else if (ids.length < 1 || ids.length > 20) r.errors['mcp_server_ids'] = 'length 1..20 required';
    else if (new Set(ids).size !== ids.length) r.errors['mcp_server_ids'] = 'no duplicates';
    if (!r.valid) return r.failure();
    const known = new Set([...ctx.store.records('mcpServer').values()].map((s) => s.id));
    const missing = (ids as number[]).filter((id) => !known.has(id));
    if (missing.length > 0) return notFound(`MCP server ids not registered: ${missing.join(', ')}`);
    const registeredAt = ctx.fx.iso();
    const previous = ctx.store.records('topology').get(orchestrator);
    ctx.store.put('topology', {
      orchestratorAgentId: orchestrator,
      workerAgentIds: previous?.workerAgentIds ?? null,
      mcpServerIds: ids as number[],
      updatedAt: registeredAt,
    });
    return ok({
      success: true,
      topology: { orchestrator_agent_id: orchestrator, mcp_server_ids: ids, registered_at: registeredAt },
      message: 'MCP topology registered',
    });
  },

  cascadeKill: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const reason = r.requiredString('reason', 'non-empty string required', 1000);
    const confirm = r.optionalBoolean('confirm', false);
    if (!r.valid) return r.failure();
    const orchestrator = req.params['orchestratorId'] ?? '';
    const topology = ctx.store.records('topology').get(orchestrator);
    if (!topology?.workerAgentIds) return notFound(`No topology registered for orchestrator ${orchestrator}`);
    const affected = [orchestrator, ...topology.workerAgentIds];
    if (confirm) {
      const denied = adminOnly(req, 'execute a cascade kill');
      if (denied) return denied;
      // Each agent gets a BLOCK command on the command channel (§3.15), as the backend issues them.
      for (const agentId of affected) issueCommand(ctx, { agentId, commandType: 'BLOCK', reason, issuedBy: 'admin', issuedVia: 'cascade_kill' });
      ctx.fx.audit({
        eventType: 'CASCADE_KILL_EXECUTED',
        actor: 'admin',
        resource: orchestrator,
        action: 'cascade_kill',
        outcome: 'success',
        details: { affected, reason },
      });
    }
    return ok({
      success: true,
      dry_run: !confirm,
      orchestrator_id: orchestrator,
      affected_agents: affected,
      blocked_count: confirm ? affected.length : 0,
      reason,
    });
  },

  getOrchestrationSession: (ctx, req) => {
    const sessionId = req.params['sessionId'] ?? '';
    const actions = sessionActions(ctx, sessionId);
    if (actions.length === 0) return notFound(`Orchestration session ${sessionId} not found`);
    return ok({
      session_id: sessionId,
      action_count: actions.length,
      agents: [...new Set(actions.map((a) => a.agentId))],
      started_at: actions[0]!.createdAt,
      last_activity_at: actions[actions.length - 1]!.updatedAt,
      actions: actions.map((a) => ({
        action_id: a.id,
        agent_id: a.agentId,
        action_type: a.actionType,
        decision: a.decision,
        risk_score: a.riskScore,
        parent_action_id: a.parentActionId,
        orchestration_depth: a.orchestrationDepth,
        created_at: a.createdAt,
      })),
    });
  },

  getOrchestrationSessionRisk: (ctx, req) => {
    const sessionId = req.params['sessionId'] ?? '';
    const actions = sessionActions(ctx, sessionId);
    if (actions.length === 0) return notFound(`Orchestration session ${sessionId} not found`);
    const s = summarizeSession(sessionId, actions);
    return ok({
      session_id: sessionId,
      cumulative_risk_score: s.cumulativeRiskScore,
      max_risk_score: s.maxRiskScore,
      average_risk_score: s.averageRiskScore,
      action_count: s.actionCount,
      denied_count: s.deniedCount,
    });
  },

  getOrchestrationStats: (ctx) => {
    const topologies = [...ctx.store.records('topology').values()];
    const sessions = new Set([...ctx.store.actions.values()].map((a) => a.orchestrationSessionId).filter((s) => s !== null));
    return ok({
      topologies: topologies.filter((t) => t.workerAgentIds !== null).length,
      mcp_topologies: topologies.filter((t) => t.mcpServerIds !== null).length,
      sessions: sessions.size,
      actions_in_sessions: [...ctx.store.actions.values()].filter((a) => a.orchestrationSessionId !== null).length,
    });
  },

  getOutputFilterConfig: () =>
    ok({
      enabled: true,
      categories: [...new Set(PATTERNS.map((p) => p.category))],
      patterns: PATTERNS.map((p) => ({ name: p.name, category: p.category, severity: p.severity })),
      block_on_severity: 'critical',
      redact_on_severity: ['high', 'medium'],
    }),

  getOutputFindings: (ctx, req) => {
    const page = limitOffset(req.query, 50, 100);
    if ('status' in page) return page;
    const category = req.query.get('category');
    const severity = req.query.get('severity');
    const all = [...ctx.store.records('finding').values()].filter(
      (f) => (category === null || f.category === category) && (severity === null || f.severity === severity),
    );
    return ok({ findings: all.slice(page.offset, page.offset + page.limit).map(findingBody), total: all.length, limit: page.limit, offset: page.offset });
  },

  getOutputFindingsForAction: (ctx, req) => {
    const actionId = positiveInt(req.params['actionId']);
    if (actionId === null) return validationError({ action_id: 'Must be a positive integer' });
    const findings = [...ctx.store.records('finding').values()].filter((f) => f.actionId === actionId);
    return ok({ action_id: actionId, findings: findings.map(findingBody), total: findings.length });
  },

  scanOutput: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const content = r.raw('content');
    if (typeof content !== 'string') r.errors['content'] = 'string required';
    const agentId = r.requiredString('agent_id');
    const actionId = r.optionalInt('action_id', 1, Number.MAX_SAFE_INTEGER, 'positive int or None');
    if (!r.valid) return r.failure();
    const text = content as string;
    const stored = ctx.store.records('finding');
    let id = nextId(stored.values());
    const found: FakeFinding[] = [];
    let redacted = text;
    for (const p of PATTERNS) {
      for (const _match of text.matchAll(p.re)) {
        found.push({ id: id++, actionId, agentId, category: p.category, severity: p.severity, pattern: p.name, createdAt: ctx.fx.iso() });
      }
      redacted = redacted.replace(p.re, `[REDACTED:${p.category}]`);
    }
    for (const finding of found) ctx.store.put('finding', finding);
    // Bounded: the oldest findings go first.
    for (const key of [...stored.keys()].slice(0, Math.max(0, stored.size - MAX_FINDINGS))) ctx.store.remove('finding', key);
    const result = found.some((f) => f.severity === 'critical') ? 'BLOCKED' : found.length > 0 ? 'REDACTED' : 'CLEAN';
    return ok({
      result,
      blocked: result === 'BLOCKED',
      findings_count: found.length,
      findings: found.map(findingBody),
      redacted_content: result === 'BLOCKED' ? null : redacted,
      scanned_at: ctx.fx.iso(),
    });
  },

  listSupplyChainComponents: (ctx, req) => {
    const page = limitOffset(req.query, 100, Number.MAX_SAFE_INTEGER);
    if ('status' in page) return page;
    const vulns = queryBool(req.query, 'has_vulnerabilities', null);
    const active = queryBool(req.query, 'active_only', true);
    if (vulns === 'bad') return validationError({ has_vulnerabilities: 'Must be a boolean' });
    if (active === 'bad') return validationError({ active_only: 'Must be a boolean' });
    const type = req.query.get('component_type');
    const risk = req.query.get('risk_level');
    // The fake tracks no vulnerabilities: none has any, and every component is active.
    const all = [...ctx.store.components.values()].filter(
      (c) => (type === null || c.componentType === type) && (risk === null || c.riskLevel === risk) && vulns !== true,
    );
    return ok({ components: all.slice(page.offset, page.offset + page.limit).map(componentBody), total: all.length, limit: page.limit, offset: page.offset });
  },

  getSupplyChainStats: (ctx) => {
    const components = [...ctx.store.components.values()];
    const count = (key: (c: (typeof components)[number]) => string) =>
      components.reduce<Record<string, number>>((acc, c) => ({ ...acc, [key(c)]: (acc[key(c)] ?? 0) + 1 }), {});
    return ok({
      total_components: components.length,
      by_risk_level: count((c) => c.riskLevel),
      by_type: count((c) => c.componentType),
      vulnerable_components: 0,
      total_cves: 0,
      critical_cves: 0,
    });
  },

  getSupplyChainImpact: (ctx, req) => {
    const id = positiveInt(req.params['componentId']);
    const component = id === null ? undefined : [...ctx.store.components.values()].find((c) => c.id === id);
    if (!component) return notFound(`Component ${req.params['componentId'] ?? ''} not found`);
    return ok({ component: componentBody(component), affected_agents: [], blast_radius: 0, cves: [] });
  },

  getCveSyncStatus: () =>
    ok({
      nvd: { status: 'idle', last_sync_at: null, records: 0 },
      osv: { status: 'idle', last_sync_at: null, records: 0 },
      scheduler_running: false,
    }),

  getSupplyChainAlerts: (ctx, req) => {
    const type = req.query.get('type');
    const page = limitOffset(req.query, 50, 500);
    if ('status' in page) return page;
    const acknowledged = queryBool(req.query, 'acknowledged', null);
    if (acknowledged === 'bad') return validationError({ acknowledged: 'Must be a boolean' });
    // The fake raises alerts only for high-risk actions (`high_risk_action`, status `new`); it
    // tracks no CVEs, so `type=supply_chain_cve` lists none. A bare array, as the backend answers.
    const alerts: JsonValue[] = [...ctx.store.actions.values()]
      .filter((a) => a.alertId !== null)
      .map((a) => ({
        id: a.alertId,
        timestamp: a.createdAt,
        alert_type: 'high_risk_action',
        severity: a.riskLevel,
        message: `Agent ${a.agentId} performed ${a.actionType} on ${a.resource} (risk ${a.riskScore})`,
        agent_id: a.agentId,
        status: 'new',
      }))
      .filter((a) => (type === null || a.alert_type === type) && acknowledged !== true);
    return ok(alerts.slice(0, page.limit));
  },
};

/** The MCP servers of the fake's registry (copies), for tests and the dashboard. */
export function listMcpServers(ctx: FakeContext): FakeMcpServer[] {
  return [...ctx.store.records('mcpServer').values()].map((s) => structuredClone(s));
}
