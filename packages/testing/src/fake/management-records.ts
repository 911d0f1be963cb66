/**
 * The records of the 2.5.0 management surface the fake keeps in its store (and so in snapshots
 * and the dev server's journal): registered MCP servers, orchestration topologies and
 * output-filter findings. camelCase here; their route families (`mcp-registry.ts`,
 * `handlers-orchestration.ts`, `handlers-output-filter.ts`) write the wire shapes.
 *
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';

/** A registered MCP server (`POST /api/registry/mcp-servers`). */
export interface FakeMcpServer {
  /** Numeric registry id (`id`), used by MCP topologies. */
  id: number;
  /** `server_name`, the key; submits name it in `mcp_server_name`. */
  serverName: string;
  /** `display_name`. */
  displayName: string | null;
  /** `description`. */
  description: string | null;
  /** `server_url`. */
  serverUrl: string | null;
  /** `transport_type`, e.g. `stdio`. */
  transportType: string;
  /** `connection_config`. */
  connectionConfig: JsonObject;
  /** `governance_enabled`: whether blocked tools are enforced. */
  governanceEnabled: boolean;
  /** False once deactivated: submits naming it are refused. */
  isActive: boolean;
  /** `auto_approve_tools`. */
  autoApproveTools: string[];
  /** `blocked_tools`: submits for these tools are refused. */
  blockedTools: string[];
  /** `tool_risk_overrides`. */
  toolRiskOverrides: Record<string, number>;
  /** The reason of the last deactivation, or null. */
  deactivationReason: string | null;
  /** ISO time of registration. */
  registeredAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
}

/** An orchestration topology (`/api/v1/orchestration/topology[/mcp]`), keyed by its orchestrator. */
export interface FakeTopology {
  /** `orchestrator_agent_id`, the key. */
  orchestratorAgentId: string;
  /** `worker_agent_ids`, when an agent topology was registered. */
  workerAgentIds: string[] | null;
  /** `mcp_server_ids`, when an MCP topology was registered. */
  mcpServerIds: number[] | null;
  /** ISO time of the last registration. */
  updatedAt: string;
}

/** One output-filter finding (`POST /api/v1/output-filter/scan`). */
export interface FakeFinding {
  /** Numeric id; the store keys it by its decimal string. */
  id: number;
  /** `action_id`, or null. */
  actionId: number | null;
  /** `agent_id`. */
  agentId: string;
  /** `pci`, `pii` or `secret`. */
  category: string;
  /** `critical`, `high` or `medium`. */
  severity: string;
  /** The pattern's name, e.g. `credit_card`. */
  pattern: string;
  /** ISO time of the scan. */
  createdAt: string;
}
