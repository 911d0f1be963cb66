/**
 * The MCP server registry (2.5.0): its routes (register, list, get, activate, deactivate,
 * delete, network scan, health), the changes the admin API shares with them, and the 2.5.1
 * submit-time registry checks (`mcp_server_name`, `model_id`). Servers are records of the store
 * (`management-records.ts`): snapshotted, journaled by the dev server, emptied by `reset`.
 * @internal
 */
import type { FakeContext } from './context.js';
import { adminOnly, body, nextId, type OperationHandler, type ParsedRequest } from './handler-support.js';
import type { JsonObject } from './json.js';
import type { FakeMcpServer } from './management-records.js';
import type { OperationName } from './operations.js';
import { BodyReader, conflict, forbidden, notFound, ok, type HandlerResult } from './validation.js';

/**
 * The model `compliance_status` values that let a model through: a submit naming a model with
 * any other status (or none) is refused when the fake has a `models` registry.
 */
export const COMPLIANT_MODEL_STATUSES: readonly string[] = ['approved', 'partially_approved'];

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

/** The handlers of the MCP registry routes. */
export const MCP_REGISTRY_HANDLERS = {
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
} satisfies Partial<Record<OperationName, OperationHandler>>;

/** The MCP servers of the fake's registry (copies), for tests and the dashboard. */
export function listMcpServers(ctx: FakeContext): FakeMcpServer[] {
  return [...ctx.store.records('mcpServer').values()].map((s) => structuredClone(s));
}
