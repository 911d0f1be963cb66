/**
 * The dashboard (`GET /`) and the admin API (`/_admin/*`), on Hono.
 *
 * Guards, in order: the `Host` header must name this server (a loopback name when bound to
 * loopback: no DNS rebinding); the admin token when one is configured; and for every
 * state-changing request a JSON content type (so a cross-site form cannot post) and, when the
 * browser sends them, a same-origin `Origin` / `Sec-Fetch-Site`.
 *
 * @packageDocumentation
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { FakeAdminError, FaultError, parseFault, parseFaultScope, type FakeAscend } from '@ascend/testing';
import { Hono, type Context } from 'hono';
import type { DevLogger } from '../logger.js';
import type { WebhookDeliverer } from '../webhooks/delivery.js';
import { DASHBOARD_CSP, dashboardHtml, loginHtml } from '../dashboard/page.js';
import type { AdminModel } from './admin-model.js';
import type { EventHub } from './event-hub.js';
import { hostAllowed } from './host.js';
import { approvalView, deliveryView, killSwitchView } from './views.js';

/** Name of the cookie that carries the admin token for the dashboard. */
export const ADMIN_COOKIE = 'ascend_dev_admin';

/** Dependencies of the admin app. @internal */
export interface AdminAppDeps {
  readonly fake: FakeAscend;
  readonly model: AdminModel;
  readonly hub: EventHub;
  readonly deliverer: WebhookDeliverer;
  readonly logger: DevLogger;
  readonly adminToken: string | undefined;
  readonly loopback: boolean;
  readonly hello: () => Record<string, unknown>;
  /** The durability barrier: an admin write is acknowledged only once it is on disk. */
  readonly sync: () => Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

function sameSecret(given: string | undefined, expected: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function limitParam(c: Context, fallback: number, max = 1000): number {
  const raw = c.req.query('limit');
  const n = raw === undefined ? fallback : Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

async function jsonBody(c: Context): Promise<Record<string, unknown> | Response> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return c.json({ detail: 'Body must be a JSON object' }, 400);
}

function optionalText(body: Record<string, unknown>, key: string, max = 2000): string | undefined | { error: string } {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return { error: `${key} must be a string` };
  const t = v.trim();
  if (t.length > max) return { error: `${key} must be at most ${max} characters` };
  return t === '' ? undefined : t;
}

/** Builds the Hono app serving the dashboard and the admin API. @internal */
export function createAdminApp(deps: AdminAppDeps): Hono {
  const { fake, model, hub, deliverer, logger, adminToken } = deps;
  const app = new Hono();

  app.use('*', async (c, next) => {
    c.header('cache-control', 'no-store');
    c.header('x-content-type-options', 'nosniff');
    c.header('referrer-policy', 'no-referrer');
    if (!hostAllowed(deps.loopback, c.req.header('host'))) {
      return c.json({ detail: 'Host not allowed: the dashboard answers only to localhost names' }, 403);
    }
    if (adminToken !== undefined) {
      const path = c.req.path;
      const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
      const given = bearer ?? c.req.header('x-admin-token') ?? cookieValue(c.req.header('cookie'), ADMIN_COOKIE);
      if (!sameSecret(given, adminToken)) {
        if (path === '/' && c.req.method === 'GET') {
          const query = c.req.query('token');
          if (query !== undefined && sameSecret(query, adminToken)) {
            c.header('set-cookie', `${ADMIN_COOKIE}=${encodeURIComponent(adminToken)}; HttpOnly; SameSite=Strict; Path=/`);
            return c.redirect('/', 303);
          }
          return c.html(loginHtml(query !== undefined), 401);
        }
        return c.json({ detail: 'Admin token required (Authorization: Bearer <token> or X-Admin-Token)' }, 401, { 'www-authenticate': 'Bearer' });
      }
    }
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\b/i.test(type)) return c.json({ detail: 'Admin requests must send Content-Type: application/json' }, 415);
      const origin = c.req.header('origin');
      if (origin !== undefined && origin !== 'null') {
        let originHost: string | undefined;
        try {
          originHost = new URL(origin).host;
        } catch {
          originHost = undefined;
        }
        if (originHost !== c.req.header('host')) return c.json({ detail: 'Cross-origin admin requests are refused' }, 403);
      } else if (origin === 'null') {
        return c.json({ detail: 'Cross-origin admin requests are refused' }, 403);
      }
      const site = c.req.header('sec-fetch-site');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return c.json({ detail: 'Cross-site admin requests are refused' }, 403);
    }
    await next();
    if (c.req.path === '/_admin/events') return;
    // Write-ahead, as for the protocol: nothing an admin did (an approval, the kill switch) is
    // acknowledged, nor any state shown, before it is durable.
    try {
      await deps.sync();
    } catch {
      c.res = c.json({ detail: 'Storage unavailable: the dev server could not persist this change' }, 503);
    }
  });

  app.get('/', (c) => {
    c.header('content-security-policy', DASHBOARD_CSP);
    c.header('x-frame-options', 'DENY');
    return c.html(dashboardHtml());
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  const admin = new Hono();
  admin.get('/', (c) =>
    c.json({
      endpoints: [
        'GET  /_admin/summary',
        'GET  /_admin/dashboard',
        'GET  /_admin/pending',
        'GET  /_admin/approvals?limit=',
        'POST /_admin/approvals/{action_id|approval_request_id}/approve  {"by"?, "comment"?}',
        'POST /_admin/approvals/{action_id|approval_request_id}/deny     {"by"?, "reason"?, "comment"?}',
        'GET  /_admin/actions?limit=&decision=',
        'GET  /_admin/actions/{action_id}',
        'GET  /_admin/agents',
        'GET  /_admin/audit?limit=',
        'GET  /_admin/kill-switch',
        'POST /_admin/kill-switch  {"active", "reason"?, "by"?}',
        'GET  /_admin/webhooks',
        'GET  /_admin/deliveries?limit=',
        'GET  /_admin/deliveries/{delivery_id}',
        'POST /_admin/deliveries/{delivery_id}/retry',
        'GET  /_admin/requests?operation=&limit=',
        'GET  /_admin/faults',
        'POST /_admin/faults  {"fault": {...}, "scope"?: {...}}',
        'POST /_admin/faults/clear',
        'POST /_admin/reset',
        'GET  /_admin/events  (server-sent events)',
      ],
    }),
  );
  admin.get('/summary', (c) => c.json(model.summary()));
  admin.get('/dashboard', (c) => c.json(model.dashboard()));
  admin.get('/pending', (c) => c.json({ approvals: model.pending() }));
  admin.get('/approvals', (c) => c.json({ approvals: model.approvals(limitParam(c, 100)) }));

  const decide = (outcome: 'approve' | 'deny') => async (c: Context) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const by = optionalText(body, 'by', 200);
    const comment = optionalText(body, 'comment');
    const reason = optionalText(body, 'reason');
    for (const v of [by, comment, reason]) if (typeof v === 'object') return c.json({ detail: v.error }, 422);
    const id = c.req.param('id') ?? '';
    const input = {
      by: (by as string | undefined) ?? 'dashboard',
      ...(comment !== undefined ? { comment: comment as string } : {}),
      ...(reason !== undefined ? { reason: reason as string } : {}),
    };
    try {
      const approval = outcome === 'approve' ? fake.approve(id, input) : fake.reject(id, input);
      logger.info(outcome === 'approve' ? 'approval approved' : 'approval denied', { approval_request_id: approval.approvalId, action_id: approval.actionId, by: approval.decidedBy });
      return c.json({ approval: approvalView(approval, fake.getAction(approval.actionId)) });
    } catch (error) {
      if (error instanceof FakeAdminError) {
        return c.json({ detail: error.message, code: error.code }, error.code === 'not-found' ? 404 : 409);
      }
      throw error;
    }
  };
  admin.post('/approvals/:id/approve', decide('approve'));
  admin.post('/approvals/:id/deny', decide('deny'));
  admin.post('/approvals/:id/reject', decide('deny'));

  admin.get('/actions', (c) => {
    const decision = c.req.query('decision');
    return c.json({ actions: model.actions(limitParam(c, 50), decision === undefined || decision === '' ? undefined : decision) });
  });
  admin.get('/actions/:id', (c) => {
    const id = Number(c.req.param('id'));
    const a = Number.isSafeInteger(id) ? model.action(id) : undefined;
    return a ? c.json({ action: a }) : c.json({ detail: `Action ${c.req.param('id')} not found` }, 404);
  });
  admin.get('/agents', (c) => c.json({ agents: model.agents(), unregistered_agents: model.unregisteredAgents().agents }));
  admin.get('/audit', (c) => c.json({ events: model.audit(limitParam(c, 100, 10_000)) }));
  admin.get('/kill-switch', (c) => c.json(model.killSwitch()));
  admin.post('/kill-switch', async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    if (typeof body['active'] !== 'boolean') return c.json({ detail: 'active must be true or false', errors: { active: 'Required boolean' } }, 422);
    const reason = optionalText(body, 'reason', 500);
    const by = optionalText(body, 'by', 200);
    for (const v of [reason, by]) if (typeof v === 'object') return c.json({ detail: v.error }, 422);
    const active = body['active'];
    const state = fake.setKillSwitch(active, {
      ...(reason !== undefined ? { reason: reason as string } : {}),
      by: (by as string | undefined) ?? 'dashboard',
    });
    logger.warn(active ? 'kill switch activated' : 'kill switch deactivated', { reason: state.reason, by: state.activatedBy });
    return c.json(killSwitchView(state));
  });
  admin.get('/webhooks', (c) => c.json({ webhooks: model.webhooks() }));
  admin.get('/deliveries', (c) => c.json({ deliveries: model.deliveries(limitParam(c, 50)) }));
  admin.get('/deliveries/:id', (c) => {
    const d = deliverer.get(c.req.param('id'));
    return d ? c.json({ delivery: { ...deliveryView(d), body: d.body } }) : c.json({ detail: 'Delivery not found' }, 404);
  });
  admin.post('/deliveries/:id/retry', (c) => {
    const ok = deliverer.retry(c.req.param('id'));
    return ok ? c.json({ retrying: true }) : c.json({ detail: 'No failed delivery with that id' }, 409);
  });
  admin.get('/requests', (c) => {
    const op = c.req.query('operation');
    return c.json(model.requests(limitParam(c, 50), op === undefined || op === '' ? undefined : op));
  });
  admin.get('/faults', (c) =>
    c.json({ faults: fake.faults.active().map((h) => ({ fault: h.fault, scope: h.scope, hits: h.hits, remaining: h.remaining })) }),
  );
  admin.post('/faults', async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    try {
      const fault = parseFault(body['fault']);
      const scope = body['scope'] === undefined ? undefined : parseFaultScope(body['scope']);
      const handle = fake.faults.inject(fault, scope);
      logger.info('fault injected', { kind: fault.kind, operation: scope?.operation ?? null, times: scope?.times ?? null });
      return c.json({ fault: handle.fault, scope: handle.scope, remaining: handle.remaining }, 201);
    } catch (error) {
      if (error instanceof FaultError) return c.json({ detail: error.message, errors: { [error.field]: error.message } }, 422);
      throw error;
    }
  });
  admin.post('/faults/clear', (c) => {
    fake.faults.clear();
    return c.json({ cleared: true });
  });
  admin.post('/reset', (c) => {
    fake.reset();
    logger.warn('state reset from the admin API');
    hub.publish('reset');
    return c.json({ reset: true });
  });
  admin.get('/events', () => hub.connect(deps.hello()));

  app.route('/_admin', admin);
  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((error, c) => {
    logger.error('admin request failed', { path: c.req.path, error });
    return c.json({ detail: 'Dev server internal error' }, 500);
  });
  return app;
}
