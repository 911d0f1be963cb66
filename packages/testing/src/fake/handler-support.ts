/**
 * What every operation handler shares: the parsed request, the handler type, and the readers of
 * bodies, paths and paging queries (the v1 routes' and the 2.5.0 management routes' own).
 * @internal
 */
import type { FakeContext } from './context.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { OperationName } from './operations.js';
import { wasEvicted } from './store-indexes.js';
import type { FakeAction } from './store-records.js';
import { forbidden, notFound, validationError, type HandlerResult } from './validation.js';

/** A request after routing, authentication and signature checks. */
export interface ParsedRequest {
  readonly operation: OperationName;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json: JsonValue | undefined;
  /** Whether the API key is an admin key. */
  readonly admin: boolean;
}

/** One operation's handler. */
export type OperationHandler = (ctx: FakeContext, req: ParsedRequest) => HandlerResult | Promise<HandlerResult>;

type BodyRead = { readonly body: JsonObject; readonly error: null } | { readonly body: null; readonly error: HandlerResult };

/** The body as a JSON object, or the 422 / 400 answer (empty bodies read as `{}` when allowed). */
export function bodyOr(req: ParsedRequest, emptyAllowed = false): BodyRead {
  if (req.body.trim() === '') {
    return emptyAllowed ? { body: {}, error: null } : { body: null, error: validationError({ body: 'Required' }, 'Request body is required') };
  }
  if (req.json === undefined) return { body: null, error: validationError({ body: 'Not valid JSON' }, 'Invalid JSON body', 400) };
  if (!isJsonObject(req.json)) {
    return { body: null, error: validationError({ body: 'Must be a JSON object' }, 'Request body must be a JSON object') };
  }
  return { body: req.json, error: null };
}

/** The action a path id names, when it is held in memory. */
export function actionById(ctx: FakeContext, raw: string | undefined): FakeAction | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return ctx.store.actions.get(Number(raw));
}

/** The 404 for an action id: saying so when the action was evicted. */
export function actionNotFound(ctx: FakeContext, raw: string | undefined): HandlerResult {
  if (raw !== undefined && /^\d+$/.test(raw) && wasEvicted(ctx.store, Number(raw), ctx.options.retainActions)) {
    return notFound(
      `Action ${raw} is no longer held in memory: this service keeps the ${ctx.options.retainActions} most recently settled actions (and every pending one)`,
    );
  }
  return notFound(`Action ${raw ?? ''} not found`);
}

/** `limit` and `offset` of the v1 list routes, or the 422 naming the bad one. */
export function pageParams(query: URLSearchParams, defaultLimit: number): { limit: number; offset: number } | HandlerResult {
  const errors: Record<string, string> = {};
  const parse = (key: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(key);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      errors[key] = `Must be an integer from ${min} to ${max}`;
      return fallback;
    }
    return n;
  };
  const limit = parse('limit', defaultLimit, 1, 1000);
  const offset = parse('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  return Object.keys(errors).length > 0 ? validationError(errors, 'Invalid query parameters') : { limit, offset };
}

/** Whether {@link pageParams} gave a page (not an error). */
export function isPage(value: { limit: number; offset: number } | HandlerResult): value is { limit: number; offset: number } {
  return 'limit' in value && 'offset' in value;
}

// The 2.5.0 management routes' readers.

/** The next numeric id after the highest of `records`. */
export function nextId(records: Iterable<{ readonly id: number }>): number {
  let max = 0;
  for (const r of records) if (r.id > max) max = r.id;
  return max + 1;
}

/** The body of a management route as a JSON object, or the 422 / 400 answer. */
export function body(req: ParsedRequest, emptyAllowed = false): { body: JsonObject; error: null } | { body: null; error: HandlerResult } {
  if (req.body.trim() === '') {
    return emptyAllowed ? { body: {}, error: null } : { body: null, error: validationError({ body: 'Required' }, 'Request body is required') };
  }
  const json = req.json;
  if (json === undefined) return { body: null, error: validationError({ body: 'Not valid JSON' }, 'Invalid JSON body', 400) };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { body: null, error: validationError({ body: 'Must be a JSON object' }) };
  return { body: json, error: null };
}

/** The 403 for a non-admin key, or null. */
export function adminOnly(req: ParsedRequest, what: string): HandlerResult | null {
  return req.admin ? null : forbidden(`Admin role required to ${what}`, ['ADMIN_REQUIRED']);
}

/** A path segment as a positive integer, or null. */
export function positiveInt(raw: string | undefined): number | null {
  return raw !== undefined && /^[1-9]\d*$/.test(raw) ? Number(raw) : null;
}

/** `limit` and `offset` of a management list route, or the 422 naming the bad one. */
export function limitOffset(q: URLSearchParams, fallback: number, max: number): { limit: number; offset: number } | HandlerResult {
  const limit = q.get('limit') === null ? fallback : Number(q.get('limit'));
  const offset = q.get('offset') === null ? 0 : Number(q.get('offset'));
  if (!Number.isInteger(limit) || limit < 1 || limit > max) return validationError({ limit: `Must be an integer 1..${max}` });
  if (!Number.isInteger(offset) || offset < 0) return validationError({ offset: 'Must be a non-negative integer' });
  return { limit, offset };
}

/** Query booleans as FastAPI reads them: `true`/`True`/`1`, `false`/`False`/`0`. */
export function queryBool(q: URLSearchParams, key: string, fallback: boolean | null): boolean | null | 'bad' {
  const v = q.get(key);
  if (v === null) return fallback;
  if (/^(true|1|yes|on)$/i.test(v)) return true;
  if (/^(false|0|no|off)$/i.test(v)) return false;
  return 'bad';
}
