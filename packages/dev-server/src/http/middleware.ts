/**
 * The guards of the dashboard and the admin API, as named hono middleware, in the order
 * `createAdminApp` mounts them:
 *
 * 1. {@link securityHeaders}: no caching, no sniffing, no referrer.
 * 2. {@link hostGuard}: the `Host` header must name this server (a loopback name when bound to
 *    loopback), so a re-pointed domain cannot read it (DNS rebinding).
 * 3. {@link adminAuth}: the admin token, when one is configured (header, bearer or cookie; the
 *    dashboard's login page and `?token=` exchange for a cookie).
 * 4. {@link sameOrigin}: a state-changing request must send JSON (a cross-site form cannot) and,
 *    when the browser says where it comes from, come from this origin.
 * 5. {@link durableWrites}: nothing is answered before the state it shows is on disk.
 *
 * @packageDocumentation
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { loginHtml } from '../dashboard/page.js';
import { hostAllowed } from './host.js';

/** Name of the cookie that carries the admin token for the dashboard. */
export const ADMIN_COOKIE = 'ascend_dev_admin';

/** Headers every dashboard and admin answer carries. @internal */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    await next();
  };
}

/** Refuses a `Host` that does not name this server (see `hostAllowed`). @internal */
export function hostGuard(loopback: boolean): MiddlewareHandler {
  return async (c, next) => {
    if (!hostAllowed(loopback, c.req.header('host'))) {
      return c.json({ detail: 'Host not allowed: the dashboard answers only to localhost names' }, 403);
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function sameSecret(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

/**
 * Requires the admin token, when there is one: `Authorization: Bearer`, `X-Admin-Token` or the
 * dashboard's cookie. The dashboard page answers with its login form instead, and trades a valid
 * `?token=` for the cookie. @internal
 */
export function adminAuth(adminToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (adminToken === undefined) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    const given = bearer ?? c.req.header('x-admin-token') ?? getCookie(c, ADMIN_COOKIE);
    if (sameSecret(given, adminToken)) return next();
    if (c.req.path === '/' && c.req.method === 'GET') {
      const query = c.req.query('token');
      if (query !== undefined && sameSecret(query, adminToken)) {
        c.header('set-cookie', `${ADMIN_COOKIE}=${encodeURIComponent(adminToken)}; HttpOnly; SameSite=Strict; Path=/`);
        return c.redirect('/', 303);
      }
      return c.html(loginHtml(query !== undefined), 401);
    }
    return c.json({ detail: 'Admin token required (Authorization: Bearer <token> or X-Admin-Token)' }, 401, { 'www-authenticate': 'Bearer' });
  };
}

/**
 * Lets a state-changing request through only with a JSON content type and, when the browser
 * names them, this server's `Origin` and a same-origin `Sec-Fetch-Site`. @internal
 */
export function sameOrigin(): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
      return c.json({ detail: 'Admin requests must send Content-Type: application/json' }, 415);
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        originHost = origin === 'null' ? undefined : new URL(origin).host;
      } catch {
        originHost = undefined;
      }
      if (originHost === undefined || originHost !== c.req.header('host')) return c.json({ detail: 'Cross-origin admin requests are refused' }, 403);
    }
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return c.json({ detail: 'Cross-site admin requests are refused' }, 403);
    await next();
  };
}

/**
 * Write-ahead, as for the protocol: nothing an admin did (an approval, the kill switch) is
 * acknowledged, nor any state shown, before it is durable. A streaming answer (`streaming`
 * paths) is not held back. @internal
 */
export function durableWrites(sync: () => Promise<void>, streaming: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (streaming.includes(c.req.path)) return;
    try {
      await sync();
    } catch {
      c.res = c.json({ detail: 'Storage unavailable: the dev server could not persist this change' }, 503);
    }
  };
}
