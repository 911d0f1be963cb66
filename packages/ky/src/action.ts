/**
 * What a governed request is, as ASCEND sees it: the action type, resource and parameters derived
 * from a `Request`, redacted and bounded by default.
 *
 * @packageDocumentation
 */
import type { ActionRequest, JsonObject } from '@ascend/core';
import { isSecretKey, MASK } from '@ascend/core/internal';

/** A value, or a function of the outgoing request that computes it. */
export type FromRequest<T> = T | ((request: Request) => T);

/** What may be added to the parameters sent to ASCEND. Everything is off by default. */
export interface ParameterOptions {
  /**
   * Send the query string: `true` for every parameter, or the names to send. Values of names that
   * look secret (`token`, `api_key`, `password`, … as core's log masking knows them) are sent as
   * `****` even when listed. @defaultValue false
   */
  includeQuery?: boolean | readonly string[];
  /**
   * Request header names to send (case-insensitive). `authorization`, `cookie` and other secret
   * names are always sent as `****`. @defaultValue none
   */
  includeHeaders?: readonly string[];
  /**
   * Send the request body as text, cut to `maxParameterChars`. Reads a clone of the request, so
   * the body sent is untouched; a body that cannot be read as text is sent as `[unreadable]`.
   * @defaultValue false
   */
  includeBody?: boolean;
  /** Longest string sent for the URL, the body, and each query or header value. @defaultValue 2048 */
  maxParameterChars?: number;
}

/** How a request maps to an ASCEND action. Every field is optional; see each default. */
export interface ActionMapping extends ParameterOptions {
  /** The action type policies match on. @defaultValue `http.<method in lower case>`, e.g. `http.post` */
  actionType?: FromRequest<string>;
  /** The resource. @defaultValue the URL's host (`api.stripe.com`, with the port when it is not the default one) */
  resource?: FromRequest<string>;
  /** The item of the resource. @defaultValue the URL's path (`/v1/refunds`) */
  resourceId?: FromRequest<string | undefined>;
  /** Extra context sent with the action (keep secrets out of it). */
  context?: FromRequest<JsonObject | undefined>;
  /** Risk hints such as `{ financial_data: true }`. */
  riskIndicators?: FromRequest<JsonObject | undefined>;
  /** Force human review (see core's `ActionRequest.requireHumanApproval`). @defaultValue false */
  requireHumanApproval?: FromRequest<boolean>;
}

const DEFAULT_MAX_CHARS = 2048;

function resolve<T>(value: FromRequest<T> | undefined, request: Request, fallback: T): T {
  if (value === undefined) return fallback;
  return typeof value === 'function' ? (value as (r: Request) => T)(request) : value;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…[${text.length - max} more]` : text;
}

/**
 * The parameters sent for a request: `method` and `url` (origin and path, never the query or
 * the fragment), plus what the options opt into, each string bounded.
 */
export async function requestParameters(request: Request, options: ParameterOptions = {}): Promise<JsonObject> {
  const max = options.maxParameterChars ?? DEFAULT_MAX_CHARS;
  const url = new URL(request.url);
  const out: JsonObject = { method: request.method, url: cut(`${url.origin}${url.pathname}`, max) };
  const query = options.includeQuery;
  if (query !== undefined && query !== false) {
    const wanted = query === true ? undefined : new Set(query);
    const picked: JsonObject = {};
    for (const [name, value] of url.searchParams) {
      if (wanted && !wanted.has(name)) continue;
      picked[name] = isSecretKey(name) ? MASK : cut(value, max);
    }
    out['query'] = picked;
  }
  if (options.includeHeaders && options.includeHeaders.length > 0) {
    const picked: JsonObject = {};
    for (const name of options.includeHeaders) {
      const value = request.headers.get(name);
      if (value !== null) picked[name.toLowerCase()] = isSecretKey(name) || isCredentialHeader(name) ? MASK : cut(value, max);
    }
    out['headers'] = picked;
  }
  if (options.includeBody === true && request.body !== null) {
    out['body'] = await request
      .clone()
      .text()
      .then((text) => cut(text, max))
      .catch(() => '[unreadable]');
  }
  return out;
}

const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'x-auth-token']);

function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.toLowerCase());
}

/**
 * The ASCEND action for a request: `http.<method>` on the URL's host, the path as resource id,
 * unless the mapping says otherwise.
 */
export async function actionFor(request: Request, mapping: ActionMapping = {}): Promise<ActionRequest> {
  const url = new URL(request.url);
  const action: ActionRequest = {
    actionType: resolve(mapping.actionType, request, `http.${request.method.toLowerCase()}`),
    resource: resolve(mapping.resource, request, url.host),
    parameters: await requestParameters(request, mapping),
  };
  const resourceId = resolve(mapping.resourceId, request, url.pathname);
  if (resourceId !== undefined) action.resourceId = resourceId;
  const context = resolve(mapping.context, request, undefined);
  if (context !== undefined) action.context = context;
  const riskIndicators = resolve(mapping.riskIndicators, request, undefined);
  if (riskIndicators !== undefined) action.riskIndicators = riskIndicators;
  if (resolve(mapping.requireHumanApproval, request, false)) action.requireHumanApproval = true;
  return action;
}
