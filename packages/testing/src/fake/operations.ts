/**
 * The routes of the ASCEND wire protocol (reference §3.0), taken from core's route table (the
 * one the clients build their requests from), and the router that maps a method and path onto
 * them.
 *
 * @packageDocumentation
 */
import { ROUTES, OPERATION_NAMES as NAMES, type HttpMethod, type OperationName, type Route, type SignedWhen } from '@ascend/core/internal';
import type { OperationHandler } from './handler-support.js';
import { LEGACY_ROUTES as LEGACY } from './handlers-legacy.js';

export type { HttpMethod, OperationName, SignedWhen };

/** One route of the protocol: an operation, its method, its path template (`{name}` segments are parameters) and when it is signed. */
export type OperationSpec = Route;

/**
 * Every route the fake serves: each client operation once, then the aliases the service also
 * answers (the legacy status path `/api/agent-action/status/{actionId}`, also `getActionStatus`).
 * Two routes only share a method and a shape where one is a fixed path the other cannot mean.
 */
export const OPERATIONS: readonly OperationSpec[] = ROUTES;

/**
 * The older SDK routes the service also answers, each an alias of one operation with its own
 * request and response shapes (`docs/sdk-routes.md`): `/api/sdk/agent/register`,
 * `/api/sdk/action/{actionId}/completed` and `/failed`, `/api/sdk/webhooks/configure`,
 * `/api/sdk/health`, `GET /api/agent-action/{actionId}` and `POST /api/authorization/agent-action`.
 * No client of this SDK calls them; the vendor's own Node SDK does.
 */
export const LEGACY_ROUTES: readonly OperationSpec[] = LEGACY.map(({ operation, method, path }) => ({ operation, method, path }));

/** Every operation name once: the client method that calls it. */
export const OPERATION_NAMES: readonly OperationName[] = NAMES;

/** The result of routing a request. */
export type RouteMatch =
  | {
      readonly kind: 'match';
      readonly operation: OperationName;
      readonly params: Readonly<Record<string, string>>;
      /** The route's own handler when it is a legacy alias with its own shapes. @internal */
      readonly handler?: OperationHandler;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly HttpMethod[] }
  | { readonly kind: 'bad-path' }
  | { readonly kind: 'not-found' };

const compiled = [...OPERATIONS.map((spec) => ({ spec, handler: undefined })), ...LEGACY.map((legacy) => ({ spec: legacy, handler: legacy.handler }))].map(
  ({ spec, handler }) => ({ spec, handler, segments: spec.path.split('/').slice(1) }),
);
const PARAM = /^\{(\w+)\}$/;

/**
 * Routes a method and path (without query string) to an operation. A trailing `/` is ignored
 * and path parameters are percent-decoded.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  const segments = trimmed.split('/').slice(1);
  const upper = method.toUpperCase();
  const allowed: HttpMethod[] = [];
  for (const { spec, handler, segments: template } of compiled) {
    if (template.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < template.length && ok; i++) {
      const t = template[i]!;
      const s = segments[i]!;
      const param = PARAM.exec(t)?.[1];
      if (param !== undefined) {
        if (s === '') ok = false;
        else {
          try {
            params[param] = decodeURIComponent(s);
          } catch {
            return { kind: 'bad-path' };
          }
        }
      } else if (t !== s) ok = false;
    }
    if (!ok) continue;
    if (spec.method === upper)
      return handler ? { kind: 'match', operation: spec.operation, params, handler } : { kind: 'match', operation: spec.operation, params };
    allowed.push(spec.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}
