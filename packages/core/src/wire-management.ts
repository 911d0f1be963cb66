/**
 * Request checks, bodies and response readers of the 2.5.0 management surface (MCP server
 * registry, kill-switch trigger and release, orchestration, output filter, supply chain, alerts).
 * The checks are the Python client's (`git show v2.5.1:ascend/client.py`), made before any I/O;
 * the responses are read by hand (decision 006): the fields this SDK names are typed, everything
 * else stays in `raw`. docs/protocol-2.4-2.7.md describes each operation.
 * @internal
 */
import { fieldError } from './field-error.js';
import { nonBlank, optionalObject, optionalText, stringList } from './wire-check.js';
import { bool, expectObject, id, isObject, listFrom, num, str, strArray, type WireObject } from './wire-read.js';

/** A JSON object of the management surface, as parsed from the wire (snake_case keys). */
export type ManagementRecord = Readonly<Record<string, unknown>>;

function fail(field: string, problem: string): never {
  throw fieldError(field, problem);
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(field, 'Must be a positive integer');
  return value;
}

function optionalBool(value: unknown, field: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(field, 'Must be a boolean');
  return value;
}

function intIn(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail(field, `Must be an integer ${min}..${max === Number.MAX_SAFE_INTEGER ? '' : max}`);
  return value;
}

function options<T extends object>(value: T | undefined, what: string): Partial<T> {
  if (value === undefined) return {};
  if (!isObject(value)) fail(what, 'Must be an object');
  return value;
}

/** The object body of a management answer. @throws {@link ProtocolError} when it is not an object. */
export function managementRecord(body: unknown, what: string): ManagementRecord {
  return expectObject(body, what);
}

// ---------------------------------------------------------------------------------------------
// MCP server registry

/** An MCP server to register (`register_mcp_server`). */
export interface McpServerRegistration {
  /** The server's unique name (`server_name`); submits name it in `mcpServerName`. */
  serverName: string;
  /** A display name. */
  displayName?: string;
  /** A description. */
  description?: string;
  /** Where the server listens, for network transports. */
  serverUrl?: string;
  /** `stdio` (the default), `http`, `sse`, … */
  transportType?: string;
  /** Transport settings, as the service stores them. */
  connectionConfig?: Record<string, unknown>;
  /** Whether submits naming this server are governed. @defaultValue true */
  governanceEnabled?: boolean;
  /** Tools allowed without review. */
  autoApproveTools?: string[];
  /** Tools always refused: a submit through this server for one of them is refused with 403. */
  blockedTools?: string[];
  /** Risk score per tool name, 0–100. */
  toolRiskOverrides?: Record<string, number>;
}

/** Builds the register body. @internal */
export function mcpServerBody(input: McpServerRegistration): WireObject {
  const r = options(input, 'server');
  const overrides = optionalObject(r.toolRiskOverrides, 'toolRiskOverrides');
  for (const [tool, score] of Object.entries(overrides ?? {})) {
    if (typeof score !== 'number' || !Number.isInteger(score) || score < 0 || score > 100)
      fail('toolRiskOverrides', `Score of ${tool} must be an integer 0..100`);
  }
  const list = (v: unknown, f: string) => (v === undefined ? undefined : stringList(v, f));
  return {
    server_name: nonBlank(r.serverName, 'serverName'),
    transport_type: r.transportType === undefined ? 'stdio' : nonBlank(r.transportType, 'transportType'),
    governance_enabled: optionalBool(r.governanceEnabled, 'governanceEnabled', true),
    display_name: optionalText(r.displayName, 'displayName'),
    description: optionalText(r.description, 'description'),
    server_url: optionalText(r.serverUrl, 'serverUrl'),
    connection_config: r.connectionConfig === undefined ? undefined : (optionalObject(r.connectionConfig, 'connectionConfig') ?? {}),
    auto_approve_tools: list(r.autoApproveTools, 'autoApproveTools'),
    blocked_tools: list(r.blockedTools, 'blockedTools'),
    tool_risk_overrides: r.toolRiskOverrides === undefined ? undefined : (overrides ?? {}),
  };
}

/** The deactivate body: `{reason}` when a reason is given, else no body at all. @internal */
export function deactivateBody(reason: unknown): WireObject | undefined {
  const text = optionalText(reason, 'reason');
  return text === undefined ? undefined : { reason: text };
}

/** A registered MCP server, as the registry reports it. */
export interface McpServer {
  /** The registry's id (`id`; numbers become strings), used by `registerMcpTopology` as a number. */
  id: string | undefined;
  /** `server_name`. */
  serverName: string;
  /** `display_name`. */
  displayName: string | undefined;
  /** `transport_type`. */
  transportType: string | undefined;
  /** `is_active` (else `active`): false for a deactivated server. Undefined when not said. */
  isActive: boolean | undefined;
  /** `governance_enabled`. */
  governanceEnabled: boolean | undefined;
  /** `auto_approve_tools`. */
  autoApproveTools: string[];
  /** `blocked_tools`. */
  blockedTools: string[];
  /** The record as sent. */
  raw: ManagementRecord;
}

function mcpServerOf(o: WireObject): McpServer | undefined {
  const serverName = str(o, 'server_name', 'name');
  if (serverName === undefined) return undefined;
  return {
    id: id(o, 'id'),
    serverName,
    displayName: str(o, 'display_name'),
    transportType: str(o, 'transport_type'),
    isActive: bool(o, 'is_active', 'active'),
    governanceEnabled: bool(o, 'governance_enabled'),
    autoApproveTools: strArray(o, 'auto_approve_tools'),
    blockedTools: strArray(o, 'blocked_tools'),
    raw: o,
  };
}

/** The answer of a registry change (register, get, activate, deactivate, delete). */
export interface McpServerResult {
  /** `success` (true when the body does not say). */
  success: boolean;
  /** `message`. */
  message: string | undefined;
  /** The server record (`server`, or the body itself when it is one); undefined for a delete. */
  server: McpServer | undefined;
  /** The body as sent. */
  raw: ManagementRecord;
}

/** Reads a registry change answer. @internal */
export function parseMcpServerResult(body: unknown): McpServerResult {
  const o = expectObject(body, 'MCP server response');
  const inner = isObject(o['server']) ? o['server'] : o;
  return { success: bool(o, 'success') ?? true, message: str(o, 'message', 'detail'), server: mcpServerOf(inner), raw: o };
}

/** The registry's list (`list_mcp_servers`). */
export interface McpServerList {
  /** The servers (records without a `server_name` are dropped). */
  servers: McpServer[];
  /** `total`, when the body says. */
  total: number | undefined;
  /** The body as sent. */
  raw: unknown;
}

/** Reads the list: a bare array or `{servers: [...]}`. @internal */
export function parseMcpServerList(body: unknown): McpServerList {
  const servers = listFrom(body, 'servers', 'items')
    .map(mcpServerOf)
    .filter((s): s is McpServer => s !== undefined);
  return { servers, total: isObject(body) ? num(body, 'total', 'count') : undefined, raw: body };
}

/** The network scan's answer (`scan_mcp_network`). */
export interface McpNetworkScan {
  /** `success`. */
  success: boolean;
  /** `discovered_count` (else the number of servers). */
  discoveredCount: number;
  /** `servers`: what was found, as sent. */
  servers: ManagementRecord[];
  /** `scan_timestamp`. */
  scanTimestamp: string | undefined;
  /** The body as sent. */
  raw: ManagementRecord;
}

/** Reads the network scan answer. @internal */
export function parseMcpScan(body: unknown): McpNetworkScan {
  const o = expectObject(body, 'MCP network scan response');
  const servers = listFrom(o, 'servers');
  return {
    success: bool(o, 'success') ?? true,
    discoveredCount: num(o, 'discovered_count') ?? servers.length,
    servers,
    scanTimestamp: str(o, 'scan_timestamp'),
    raw: o,
  };
}

// ---------------------------------------------------------------------------------------------
// Kill switch trigger and release

/** Checks a kill-switch trigger or release: Python's order, the reason first. @internal */
export function killSwitchBody(organizationId: unknown, reason: unknown): { organizationId: string; body: WireObject } {
  if (typeof reason !== 'string' || reason.length < 10) fail('reason', 'Must be at least 10 characters (audit trail)');
  return { organizationId: String(positiveInt(organizationId, 'organizationId')), body: { reason } };
}

/** The answer of a kill-switch trigger or release. */
export interface KillSwitchChange {
  /** `success` (true when the body does not say). */
  success: boolean;
  /** Whether the switch is now on (`kill_switch_active`, `active` or `is_active`), when said. */
  active: boolean | undefined;
  /** `message`. */
  message: string | undefined;
  /** The body as sent. */
  raw: ManagementRecord;
}

/** Reads a kill-switch change answer. @internal */
export function parseKillSwitchChange(body: unknown): KillSwitchChange {
  const o = expectObject(body, 'kill switch response');
  return { success: bool(o, 'success') ?? true, active: bool(o, 'kill_switch_active', 'active', 'is_active'), message: str(o, 'message'), raw: o };
}

// ---------------------------------------------------------------------------------------------
// Orchestration

function uniqueList<T>(value: unknown, field: string, item: (v: unknown) => v is T, what: string): T[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > 20) fail(field, 'Must be a list of 1..20 ids');
  if (!value.every(item)) fail(field, `Must contain only ${what}`);
  if (new Set(value).size !== value.length) fail(field, 'Duplicate ids are not allowed');
  return [...value];
}

/** The topology body (1–20 unique worker agent ids). @internal */
export function topologyBody(orchestratorAgentId: unknown, workerAgentIds: unknown): WireObject {
  const orchestrator = nonBlank(orchestratorAgentId, 'orchestratorAgentId');
  const workers = uniqueList(workerAgentIds, 'workerAgentIds', (v): v is string => typeof v === 'string' && v.trim() !== '', 'non-empty agent ids');
  return { orchestrator_agent_id: orchestrator, worker_agent_ids: workers };
}

/** The MCP topology body (1–20 unique integer server ids). @internal */
export function mcpTopologyBody(orchestratorAgentId: unknown, mcpServerIds: unknown): WireObject {
  const orchestrator = nonBlank(orchestratorAgentId, 'orchestratorAgentId');
  const ids = uniqueList(mcpServerIds, 'mcpServerIds', (v): v is number => typeof v === 'number' && Number.isSafeInteger(v), 'integer MCP server ids');
  return { orchestrator_agent_id: orchestrator, mcp_server_ids: ids };
}

/** Options of `cascadeKill`. */
export interface CascadeKillOptions {
  /**
   * Only report what would be blocked (`confirm: false` on the wire). Pass `false` to block the
   * topology's agents for real. @defaultValue true
   */
  dryRun?: boolean;
}

/** The cascade-kill body: `{reason, confirm}`, `confirm` true only for `dryRun: false`. @internal */
export function cascadeKillBody(orchestratorId: unknown, reason: unknown, opts: CascadeKillOptions | undefined): { orchestratorId: string; body: WireObject } {
  const id = nonBlank(orchestratorId, 'orchestratorId');
  nonBlank(reason, 'reason', 'Required for the audit trail');
  if ((reason as string).length > 1000) fail('reason', 'Must be at most 1000 characters');
  const dryRun = optionalBool(options(opts, 'options').dryRun, 'dryRun', true);
  return { orchestratorId: id, body: { reason, confirm: !dryRun } };
}

/** The answer of `cascadeKill`. */
export interface CascadeKillResult {
  /** Whether nothing was blocked (`dry_run`, else the opposite of what was asked). */
  dryRun: boolean;
  /** The agents blocked, or that would be (`affected_agents`, else `agents`). */
  affectedAgents: string[];
  /** The body as sent. */
  raw: ManagementRecord;
}

/** Reads the cascade-kill answer. @internal */
export function parseCascadeKill(body: unknown, dryRunAsked: boolean): CascadeKillResult {
  const o = expectObject(body, 'cascade kill response');
  return { dryRun: bool(o, 'dry_run') ?? dryRunAsked, affectedAgents: strArray(o, 'affected_agents', 'agents'), raw: o };
}

// ---------------------------------------------------------------------------------------------
// Output filter

/** Filters of `getOutputFindings`. */
export interface OutputFindingsQuery {
  /** Page size, 1–100 (the service's cap). @defaultValue 50 */
  limit?: number;
  /** Items to skip. @defaultValue 0 */
  offset?: number;
  /** Only this category (e.g. `pii`). */
  category?: string;
  /** Only this severity. */
  severity?: string;
}

/** The findings query. @internal */
export function findingsQuery(q: OutputFindingsQuery | undefined): Record<string, string | number | undefined> {
  const r = options(q, 'query');
  return {
    limit: intIn(r.limit, 'limit', 50, 1, 100),
    offset: intIn(r.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    category: optionalText(r.category, 'category'),
    severity: optionalText(r.severity, 'severity'),
  };
}

/** A page of output-filter findings. */
export interface OutputFindings {
  /** The findings, as sent (`findings`, `items`, or the body when it is an array). */
  findings: ManagementRecord[];
  /** `total`, when said. */
  total: number | undefined;
  /** The body as sent. */
  raw: unknown;
}

/** Reads a findings answer. @internal */
export function parseFindings(body: unknown): OutputFindings {
  return { findings: listFrom(body, 'findings', 'items'), total: isObject(body) ? num(body, 'total', 'count') : undefined, raw: body };
}

/** Input of `scanOutput`. */
export interface OutputScanRequest {
  /** The text to scan (may be empty). */
  content: string;
  /** The agent that produced it; defaults to the client's `agentId`. */
  agentId?: string;
  /** The action it belongs to (a positive integer id). */
  actionId?: number;
}

/** The scan body: `{content, agent_id[, action_id]}`. @internal */
export function scanOutputBody(req: OutputScanRequest, clientAgentId: string | undefined): WireObject {
  const r = options(req, 'request');
  if (typeof r.content !== 'string') fail('content', 'Must be a string');
  return {
    content: r.content,
    agent_id: nonBlank(r.agentId ?? clientAgentId, 'agentId'),
    action_id: r.actionId === undefined ? undefined : positiveInt(r.actionId, 'actionId'),
  };
}

/** The answer of `scanOutput`. */
export interface OutputScanResult {
  /**
   * The verdict (`result`, `scan_result` or `output_scan_result`), e.g. `CLEAN`, `REDACTED` or
   * `BLOCKED`; the service answers `BLOCKED` when its scanner fails. Undefined when absent.
   */
  result: string | undefined;
  /** True when the verdict is `BLOCKED` or the body says `blocked: true`. */
  blocked: boolean;
  /** The findings, as sent. */
  findings: ManagementRecord[];
  /** The redacted content, when the service returns one (`redacted_content`). */
  redactedContent: string | undefined;
  /** The body as sent. */
  raw: ManagementRecord;
}

/** Reads the scan answer. @internal */
export function parseOutputScan(body: unknown): OutputScanResult {
  const o = expectObject(body, 'output scan response');
  const result = str(o, 'result', 'scan_result', 'output_scan_result');
  return {
    result,
    blocked: result?.toUpperCase() === 'BLOCKED' || bool(o, 'blocked') === true,
    findings: listFrom(o, 'findings'),
    redactedContent: str(o, 'redacted_content'),
    raw: o,
  };
}

// ---------------------------------------------------------------------------------------------
// Supply chain and alerts

/** Filters of `listSupplyChainComponents`. */
export interface SupplyChainQuery {
  /** Only this component type (e.g. `library`). */
  componentType?: string;
  /** Only this risk level. */
  riskLevel?: string;
  /** Only components with (true) or without (false) known vulnerabilities. */
  hasVulnerabilities?: boolean;
  /** Only active components. @defaultValue true */
  activeOnly?: boolean;
  /** Page size (at least 1). @defaultValue 100 */
  limit?: number;
  /** Items to skip. @defaultValue 0 */
  offset?: number;
}

/** The components query; booleans go as `true` / `false`. @internal */
export function supplyChainQuery(q: SupplyChainQuery | undefined): Record<string, string | number | undefined> {
  const r = options(q, 'query');
  const vulns = r.hasVulnerabilities === undefined ? undefined : optionalBool(r.hasVulnerabilities, 'hasVulnerabilities', false);
  return {
    active_only: String(optionalBool(r.activeOnly, 'activeOnly', true)),
    limit: intIn(r.limit, 'limit', 100, 1, Number.MAX_SAFE_INTEGER),
    offset: intIn(r.offset, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    component_type: optionalText(r.componentType, 'componentType'),
    risk_level: optionalText(r.riskLevel, 'riskLevel'),
    has_vulnerabilities: vulns === undefined ? undefined : String(vulns),
  };
}

/** A page of supply-chain components. */
export interface SupplyChainComponentList {
  /** The components, as sent (`components`, `items`, or the body when it is an array). */
  components: ManagementRecord[];
  /** `total`, when said. */
  total: number | undefined;
  /** The body as sent. */
  raw: unknown;
}

/** Reads the components list. @internal */
export function parseComponentList(body: unknown): SupplyChainComponentList {
  return { components: listFrom(body, 'components', 'items'), total: isObject(body) ? num(body, 'total', 'count') : undefined, raw: body };
}

/** Filters of `getSupplyChainAlerts`. */
export interface SupplyChainAlertsQuery {
  /** How many, 1–500. @defaultValue 50 */
  limit?: number;
  /** Acknowledged alerts (true) or open ones (false). @defaultValue false */
  acknowledged?: boolean;
}

/** The alerts query: `type=supply_chain_cve`, `limit`, `acknowledged`. @internal */
export function alertsQuery(q: SupplyChainAlertsQuery | undefined): Record<string, string | number> {
  const r = options(q, 'query');
  return { type: 'supply_chain_cve', limit: intIn(r.limit, 'limit', 50, 1, 500), acknowledged: String(optionalBool(r.acknowledged, 'acknowledged', false)) };
}

/** One alert (`GET /api/alerts`). */
export interface Alert {
  /** `id` (numbers become strings). */
  id: string | undefined;
  /** `alert_type`, e.g. `supply_chain_cve`. */
  alertType: string | undefined;
  /** `severity`. */
  severity: string | undefined;
  /** `message` (else `title`). */
  message: string | undefined;
  /** `status`, e.g. `new`. */
  status: string | undefined;
  /** `timestamp` (else `created_at`). */
  timestamp: string | undefined;
  /** The record as sent. */
  raw: ManagementRecord;
}

/** Reads the alerts answer: a bare array (the Dec-2025 backend) or `{alerts: [...]}`. @internal */
export function parseAlerts(body: unknown): Alert[] {
  return listFrom(body, 'alerts', 'items').map((o) => ({
    id: id(o, 'id', 'alert_id'),
    alertType: str(o, 'alert_type', 'type'),
    severity: str(o, 'severity'),
    message: str(o, 'message', 'title'),
    status: str(o, 'status'),
    timestamp: str(o, 'timestamp', 'created_at', 'triggered_at'),
    raw: o,
  }));
}

/** A positive integer path id (`getOutputFindingsForAction`, `getSupplyChainImpact`). @internal */
export function pathInt(value: unknown, field: string): string {
  return String(positiveInt(value, field));
}
