/**
 * The 27 operations of the ASCEND wire protocol (reference §3.0) and the router that maps a
 * method and path onto them.
 *
 * @packageDocumentation
 */

/**
 * The name of one ASCEND operation, as a camelCase client method would be called. Both action
 * status paths (`/api/agent-action/status/{id}` and `/api/v1/actions/{id}/status`) are
 * `actionStatus`.
 */
export type OperationName =
  | 'health'
  | 'deploymentInfo'
  | 'submitAction'
  | 'actionStatus'
  | 'actionDetails'
  | 'completeAction'
  | 'failAction'
  | 'listActivity'
  | 'registerAgent'
  | 'deregisterAgent'
  | 'updateAgent'
  | 'heartbeat'
  | 'agentHealth'
  | 'killSwitchStatus'
  | 'pendingCommands'
  | 'ackCommand'
  | 'evaluatePolicy'
  | 'resourceClassifications'
  | 'auditLogs'
  | 'approvalStatus'
  | 'configureWebhook'
  | 'listWebhooks'
  | 'updateWebhook'
  | 'deleteWebhook'
  | 'testWebhook'
  | 'registerSupplyChainComponent'
  | 'submitMcpAction';

/** HTTP methods the protocol uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * When the Python client signs a request (reference §2.3 and §3.0): `always` for non-empty object
 * bodies, `never`, or `if-fields` (the webhook update, signed only when it carries fields).
 */
export type SignedWhen = 'always' | 'never' | 'if-fields';

/** One route of the protocol. */
export interface OperationSpec {
  /** The operation this route serves. */
  readonly name: OperationName;
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path template; `:name` segments are parameters. */
  readonly path: string;
  /** Whether a signing client signs it when a secret is configured. */
  readonly signed: SignedWhen;
}

/**
 * Every route of the protocol in reference order; `actionStatus` appears twice (legacy and v1
 * paths). The order is also the match order, so fixed paths come before parameterized ones.
 */
export const OPERATIONS: readonly OperationSpec[] = [
  { name: 'health', method: 'GET', path: '/health', signed: 'never' },
  { name: 'deploymentInfo', method: 'GET', path: '/api/deployment-info', signed: 'never' },
  { name: 'submitAction', method: 'POST', path: '/api/v1/actions/submit', signed: 'always' },
  { name: 'actionStatus', method: 'GET', path: '/api/agent-action/status/:actionId', signed: 'never' },
  { name: 'actionStatus', method: 'GET', path: '/api/v1/actions/:actionId/status', signed: 'never' },
  { name: 'actionDetails', method: 'GET', path: '/api/v1/actions/:actionId', signed: 'never' },
  { name: 'completeAction', method: 'POST', path: '/api/agent-action/:actionId/complete', signed: 'always' },
  { name: 'failAction', method: 'POST', path: '/api/agent-action/:actionId/fail', signed: 'always' },
  { name: 'listActivity', method: 'GET', path: '/api/agent-activity', signed: 'never' },
  { name: 'registerAgent', method: 'POST', path: '/api/registry/agents', signed: 'always' },
  { name: 'deregisterAgent', method: 'DELETE', path: '/api/registry/agents/:agentId', signed: 'never' },
  { name: 'updateAgent', method: 'PUT', path: '/api/registry/agents/:agentId', signed: 'always' },
  { name: 'heartbeat', method: 'POST', path: '/api/agents/health/heartbeat', signed: 'always' },
  { name: 'agentHealth', method: 'GET', path: '/api/agents/health/:agentId', signed: 'never' },
  { name: 'killSwitchStatus', method: 'GET', path: '/api/sdk/kill-switch/status', signed: 'never' },
  { name: 'pendingCommands', method: 'GET', path: '/api/registry/agents/:agentId/commands', signed: 'never' },
  {
    name: 'ackCommand',
    method: 'POST',
    path: '/api/registry/agents/:agentId/commands/:commandId/ack',
    signed: 'never',
  },
  { name: 'evaluatePolicy', method: 'POST', path: '/api/governance/policies/evaluate-realtime', signed: 'always' },
  { name: 'resourceClassifications', method: 'GET', path: '/api/v1/resource-classifications', signed: 'never' },
  { name: 'auditLogs', method: 'GET', path: '/audit/logs', signed: 'never' },
  { name: 'approvalStatus', method: 'GET', path: '/api/sdk/approval/:approvalId', signed: 'never' },
  { name: 'configureWebhook', method: 'POST', path: '/api/webhooks/configure', signed: 'always' },
  { name: 'listWebhooks', method: 'GET', path: '/api/webhooks', signed: 'never' },
  { name: 'updateWebhook', method: 'PUT', path: '/api/webhooks/:webhookId', signed: 'if-fields' },
  { name: 'deleteWebhook', method: 'DELETE', path: '/api/webhooks/:webhookId', signed: 'never' },
  { name: 'testWebhook', method: 'POST', path: '/api/webhooks/:webhookId/test', signed: 'never' },
  { name: 'registerSupplyChainComponent', method: 'POST', path: '/api/v1/supply-chain/components', signed: 'always' },
  { name: 'submitMcpAction', method: 'POST', path: '/api/v1/mcp/actions/submit', signed: 'always' },
];

/** Every operation name once, in reference order. */
export const OPERATION_NAMES: readonly OperationName[] = [...new Set(OPERATIONS.map((o) => o.name))];

/** The result of routing a request. */
export type RouteMatch =
  | { readonly kind: 'match'; readonly operation: OperationName; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'bad-path' }
  | { readonly kind: 'not-found' };

const compiled = OPERATIONS.map((spec) => ({ spec, segments: spec.path.split('/').slice(1) }));

/**
 * Routes a method and path (without query string) to an operation. A trailing `/` is ignored
 * and path parameters are percent-decoded.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/').slice(1);
  const upper = method.toUpperCase();
  const allowed: HttpMethod[] = [];
  for (const { spec, segments: template } of compiled) {
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const t = template[i]!;
      const s = segments[i]!;
      if (t.startsWith(':')) {
        if (s === '') ok = false;
        else {
          try {
            params[t.slice(1)] = decodeURIComponent(s);
          } catch {
            return { kind: 'bad-path' };
          }
        }
      } else if (t !== s) ok = false;
    }
    if (!ok) continue;
    if (spec.method === upper) return { kind: 'match', operation: spec.name, params };
    allowed.push(spec.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}
