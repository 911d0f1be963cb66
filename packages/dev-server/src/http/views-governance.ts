/**
 * The admin API's JSON shapes of the 2.5 governance state (MCP registry, orchestration, output
 * filter, supply chain, alerts, refusals at submit): the fake's records mapped to snake_case.
 *
 * @packageDocumentation
 */
import type {
  FakeAction,
  FakeAuditEvent,
  FakeComponent,
  FakeFinding,
  FakeMcpServer,
  FakeOrchestrationSession,
  FakeTopology,
  JsonObject,
} from '@ascend/testing';

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
