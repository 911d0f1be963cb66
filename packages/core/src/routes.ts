/**
 * The route table of the ASCEND wire protocol (reference §3.0): every operation's one name, HTTP
 * method and path template, written once. The clients build their requests from it and the
 * testing kit's fake service routes by it.
 *
 * Operation names are the client methods that call them (`getKillSwitchStatus`, `logActionFailed`);
 * `submitMcpAction` is the endpoint behind `evaluateMcpAction`. Path parameters are written
 * `{name}`, and each name is the field a bad value is reported under.
 *
 * The agent's routes and the management routes are two tables, so a bundle that only uses
 * `AscendAgentClient` carries no management path (decision 007).
 * @internal
 */
import { MANAGEMENT_ROUTES, type ManagementOperationName } from './routes-management.js';
import { encodePath, type CallSpec, type HttpMethod } from './transport.js';

/**
 * When the Python client signs a request (reference §2.3 and §3.0): `always` for its object
 * bodies, or `if-fields` (the webhook update, signed only when it carries fields). A route
 * without it is never signed.
 */
export type SignedWhen = 'always' | 'if-fields';

/** One row of the table, without its name (the table's key). */
export interface RouteSpec {
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path below the base URL; `{name}` segments are parameters. */
  readonly path: string;
  /** Whether a signing client signs it when a secret is configured; absent: never. */
  readonly signed?: SignedWhen;
}

/** The operations an agent needs at run time, in reference order. */
export const AGENT_ROUTES = {
  submitAction: { method: 'POST', path: '/api/v1/actions/submit', signed: 'always' },
  getActionStatus: { method: 'GET', path: '/api/v1/actions/{actionId}/status' },
  logActionCompleted: { method: 'POST', path: '/api/agent-action/{actionId}/complete', signed: 'always' },
  logActionFailed: { method: 'POST', path: '/api/agent-action/{actionId}/fail', signed: 'always' },
  heartbeat: { method: 'POST', path: '/api/agents/health/heartbeat', signed: 'always' },
  getKillSwitchStatus: { method: 'GET', path: '/api/sdk/kill-switch/status' },
  getPendingCommands: { method: 'GET', path: '/api/registry/agents/{agentId}/commands' },
  ackCommand: { method: 'POST', path: '/api/registry/agents/{agentId}/commands/{commandId}/ack' },
  checkApproval: { method: 'GET', path: '/api/sdk/approval/{approvalRequestId}' },
  submitMcpAction: { method: 'POST', path: '/api/v1/mcp/actions/submit', signed: 'always' },
} as const satisfies Record<string, RouteSpec>;

/** The management operations (`AscendClient` only), in reference order. */
export const ADMIN_ROUTES = {
  health: { method: 'GET', path: '/health' },
  getDeploymentInfo: { method: 'GET', path: '/api/deployment-info' },
  getAction: { method: 'GET', path: '/api/v1/actions/{actionId}' },
  listActivity: { method: 'GET', path: '/api/agent-activity' },
  listActions: { method: 'GET', path: '/api/v1/actions' },
  register: { method: 'POST', path: '/api/registry/agents', signed: 'always' },
  deregister: { method: 'DELETE', path: '/api/registry/agents/{agentId}' },
  linkModel: { method: 'PUT', path: '/api/registry/agents/{agentId}', signed: 'always' },
  getAgentHealth: { method: 'GET', path: '/api/agents/health/{agentId}' },
  evaluatePolicy: { method: 'POST', path: '/api/governance/policies/evaluate-realtime', signed: 'always' },
  getResourceClassification: { method: 'GET', path: '/api/v1/resource-classifications' },
  // The one path without the /api prefix (§3.19).
  getAuditLogs: { method: 'GET', path: '/audit/logs' },
  configureWebhook: { method: 'POST', path: '/api/webhooks/configure', signed: 'always' },
  listWebhooks: { method: 'GET', path: '/api/webhooks' },
  updateWebhook: { method: 'PUT', path: '/api/webhooks/{webhookId}', signed: 'if-fields' },
  deleteWebhook: { method: 'DELETE', path: '/api/webhooks/{webhookId}' },
  testWebhook: { method: 'POST', path: '/api/webhooks/{webhookId}/test' },
  registerSupplyChainComponent: { method: 'POST', path: '/api/v1/supply-chain/components', signed: 'always' },
} as const satisfies Record<string, RouteSpec>;

/** An operation an agent needs at run time. */
export type AgentOperationName = keyof typeof AGENT_ROUTES;

/** The name of one ASCEND operation: the client method that calls it. */
export type OperationName = AgentOperationName | keyof typeof ADMIN_ROUTES | ManagementOperationName;

/** One route: an operation, its method, its path template and when it is signed. */
export interface Route extends RouteSpec {
  /** The operation this route serves. */
  readonly operation: OperationName;
}

/**
 * Paths the service also answers that no client of this SDK calls: the legacy action status path
 * (§3.4), which the Python client used. Servers and fakes route them; clients never send them.
 */
export const ALIAS_ROUTES: readonly Route[] = [{ operation: 'getActionStatus', method: 'GET', path: '/api/agent-action/status/{actionId}' }];

function operationNames(): OperationName[] {
  return [...Object.keys(AGENT_ROUTES), ...Object.keys(ADMIN_ROUTES), ...Object.keys(MANAGEMENT_ROUTES)] as OperationName[];
}

function allRoutes(): Route[] {
  const tables: Readonly<Record<string, RouteSpec>> = { ...AGENT_ROUTES, ...ADMIN_ROUTES, ...MANAGEMENT_ROUTES };
  return operationNames()
    .map((operation): Route => ({ operation, ...tables[operation]! }))
    .concat(ALIAS_ROUTES);
}

/** Every route: the agent's, the management ones (3.x, then 2.5.0), then the aliases. */
export const ROUTES: readonly Route[] = /* @__PURE__ */ allRoutes();

/** Every operation name once, agent operations first. */
export const OPERATION_NAMES: readonly OperationName[] = /* @__PURE__ */ operationNames();

/**
 * A call of one operation of `table`: its method, and its path with each `{name}` filled in from
 * `params`, encoded (left to right, so the first bad parameter is the one reported).
 * @throws {@link ValidationError} naming the parameter when one is not a non-empty string.
 */
export function routeCall<T extends Readonly<Record<string, RouteSpec>>>(
  table: T,
  operation: keyof T & string,
  params: Readonly<Record<string, string>> = {},
): CallSpec {
  const { method, path } = table[operation]!;
  return { operation, method, path: path.replace(/\{(\w+)\}/g, (_, name: string) => encodePath(params[name]!, name)) };
}
