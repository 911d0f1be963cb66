/**
 * Opt-in CORS for the protocol routes (`corsOrigins` / `--cors-origin`), so a page served from
 * another origin (a Vite dev server, a static file server) can call the dev server with
 * `@ascend/browser`. Without configured origins nothing here runs and no CORS header is sent.
 *
 * The protocol routes are served on Node's own request objects (no hono on the hot path), so
 * this is a small function of its own rather than hono's `cors` middleware. The admin API and
 * the dashboard never get CORS headers: they refuse foreign origins outright.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Request headers the SDKs send (`@ascend/core`'s transport, and the Python client's
 * `X-Agent-ID`), allowed in a preflight. `Accept` and a JSON `Content-Type` would not need it,
 * but naming them costs nothing. `User-Agent` is listed for browsers that let a page set it.
 */
export const CORS_ALLOWED_HEADERS: readonly string[] = [
  'Accept',
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'User-Agent',
  'X-Agent-ID',
  'X-API-Key',
  'X-Correlation-ID',
  'X-Environment',
  'X-Request-Timestamp',
  'X-SDK-Version',
  'X-Signature',
];

/** Response headers a page's script may read: what the client looks at beyond the body. */
export const CORS_EXPOSED_HEADERS: readonly string[] = ['Retry-After', 'X-Correlation-ID', 'Idempotent-Replayed', 'WWW-Authenticate', 'Allow'];

/** Methods of the protocol's operations. */
export const CORS_ALLOWED_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** How long a browser may cache a preflight answer, in seconds. */
const MAX_AGE_SECONDS = 600;

/** What the CORS step decided for one request. @internal */
export type CorsStep =
  /** Not a cross-origin request this policy cares about: go on, add nothing. */
  | { readonly kind: 'none' }
  /** A cross-origin request from an allowed origin: go on, add these headers to the answer. */
  | { readonly kind: 'headers'; readonly headers: Readonly<Record<string, string>> }
  /** A preflight: it was answered. */
  | { readonly kind: 'answered' };

/**
 * Creates the CORS step for `origins` (already validated), or undefined when there are none.
 * @internal
 */
export function createCors(origins: readonly string[]): ((req: IncomingMessage, res: ServerResponse) => CorsStep) | undefined {
  if (origins.length === 0) return undefined;
  const allowed = new Set(origins);
  const allowHeaders = CORS_ALLOWED_HEADERS.join(', ');
  const allowMethods = CORS_ALLOWED_METHODS.join(', ');
  const expose = CORS_EXPOSED_HEADERS.join(', ');
  const NONE: CorsStep = { kind: 'none' };

  return (req, res) => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && typeof req.headers['access-control-request-method'] === 'string';
    if (typeof origin !== 'string') return NONE;
    if (!preflight) {
      // An actual request: the browser reads the answer only when it names this origin.
      return allowed.has(origin)
        ? { kind: 'headers', headers: { 'access-control-allow-origin': origin, 'access-control-expose-headers': expose, vary: 'Origin' } }
        : NONE;
    }
    const vary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
    if (!allowed.has(origin)) {
      const body = JSON.stringify({ detail: `Origin ${origin} is not allowed: start ascend-dev with --cors-origin ${origin} (or the corsOrigins option)` });
      res.writeHead(403, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), vary });
      res.end(body);
      return { kind: 'answered' };
    }
    const headers: Record<string, string> = {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': allowMethods,
      'access-control-allow-headers': allowHeaders,
      'access-control-max-age': String(MAX_AGE_SECONDS),
      vary,
      'content-length': '0',
    };
    // A page on a public address calling this loopback server (Chromium's private network access).
    if (req.headers['access-control-request-private-network'] === 'true') headers['access-control-allow-private-network'] = 'true';
    res.writeHead(204, headers);
    res.end();
    return { kind: 'answered' };
  };
}
