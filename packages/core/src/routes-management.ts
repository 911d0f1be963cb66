/**
 * The routes of the management surface the Python client added in 2.5.0 (MCP server registry,
 * kill-switch trigger and release, orchestration, output filter, supply-chain visibility,
 * alerts), as `git show v2.5.1:ascend/constants.py` names them; docs/protocol-2.4-2.7.md
 * describes each. `AscendClient` only: the lean agent client never references this table.
 * @internal
 */
import type { RouteSpec } from './routes.js';

/** The 2.5.0 management operations, by client method name, in the Python client's order. */
export const MANAGEMENT_ROUTES = {
  registerMcpServer: { method: 'POST', path: '/api/registry/mcp-servers', signed: 'always' },
  listMcpServers: { method: 'GET', path: '/api/registry/mcp-servers' },
  getMcpServer: { method: 'GET', path: '/api/registry/mcp-servers/{serverName}' },
  activateMcpServer: { method: 'POST', path: '/api/registry/mcp-servers/{serverName}/activate' },
  // A body (and so a signature) only when a reason is given.
  deactivateMcpServer: { method: 'POST', path: '/api/registry/mcp-servers/{serverName}/deactivate', signed: 'if-fields' },
  deleteMcpServer: { method: 'DELETE', path: '/api/registry/mcp-servers/{serverName}' },
  scanMcpNetwork: { method: 'POST', path: '/api/authorization/mcp-discovery/scan-network' },
  getMcpHealth: { method: 'GET', path: '/api/authorization/mcp-discovery/health-monitor' },
  triggerKillSwitch: { method: 'POST', path: '/api/billing/kill-switch/{organizationId}/trigger', signed: 'always' },
  releaseKillSwitch: { method: 'POST', path: '/api/billing/kill-switch/{organizationId}/release', signed: 'always' },
  registerTopology: { method: 'POST', path: '/api/v1/orchestration/topology', signed: 'always' },
  registerMcpTopology: { method: 'POST', path: '/api/v1/orchestration/topology/mcp', signed: 'always' },
  cascadeKill: { method: 'POST', path: '/api/v1/orchestration/cascade-kill/{orchestratorId}', signed: 'always' },
  getOrchestrationSession: { method: 'GET', path: '/api/v1/orchestration/sessions/{sessionId}' },
  getOrchestrationSessionRisk: { method: 'GET', path: '/api/v1/orchestration/sessions/{sessionId}/risk' },
  getOrchestrationStats: { method: 'GET', path: '/api/v1/orchestration/stats' },
  getOutputFilterConfig: { method: 'GET', path: '/api/v1/output-filter/config' },
  getOutputFindings: { method: 'GET', path: '/api/v1/output-filter/findings' },
  getOutputFindingsForAction: { method: 'GET', path: '/api/v1/output-filter/findings/{actionId}' },
  scanOutput: { method: 'POST', path: '/api/v1/output-filter/scan', signed: 'always' },
  listSupplyChainComponents: { method: 'GET', path: '/api/v1/supply-chain/components' },
  getSupplyChainStats: { method: 'GET', path: '/api/v1/supply-chain/stats' },
  getSupplyChainImpact: { method: 'GET', path: '/api/v1/supply-chain/impact/{componentId}' },
  getCveSyncStatus: { method: 'GET', path: '/api/v1/supply-chain/sync/status' },
  getSupplyChainAlerts: { method: 'GET', path: '/api/alerts' },
} as const satisfies Record<string, RouteSpec>;

/** A 2.5.0 management operation. */
export type ManagementOperationName = keyof typeof MANAGEMENT_ROUTES;
