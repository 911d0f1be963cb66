/**
 * The dashboard (`GET /`) and the admin API (`/_admin/*`), on Hono, behind the named guards of
 * `middleware.ts`. `GET /_admin` lists the endpoints from the routes themselves.
 *
 * @packageDocumentation
 */
import { FakeAdminError, FaultError, parseFault, parseFaultScope, type FakeAscend } from '@ascend/testing';
import { Hono, type Context, type Handler } from 'hono';
import type { DevLogger } from '../logger.js';
import type { WebhookDeliverer } from '../webhooks/delivery.js';
import { DASHBOARD_CSP, dashboardHtml } from '../dashboard/page.js';
import type { AdminModel } from './admin-model.js';
import type { EventHub } from './event-hub.js';
import { adminAuth, durableWrites, hostGuard, sameOrigin, securityHeaders } from './middleware.js';
import { approvalView, deliveryView, killSwitchView } from './views.js';

export { ADMIN_COOKIE } from './middleware.js';

/** Where the admin API is mounted. */
export const ADMIN_BASE = '/_admin';
/** The server-sent events stream: long-lived, so not held for durability nor counted in flight. */
export const ADMIN_EVENTS_PATH = `${ADMIN_BASE}/events`;

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

  app.use(securityHeaders(), hostGuard(deps.loopback), adminAuth(adminToken), sameOrigin(), durableWrites(deps.sync, [ADMIN_EVENTS_PATH]));

  app.get('/', (c) => {
    c.header('content-security-policy', DASHBOARD_CSP);
    c.header('x-frame-options', 'DENY');
    return c.html(dashboardHtml());
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  const admin = new Hono();
  /** What a route takes besides its path, shown in the endpoint list; registered with the route. */
  const usage = new Map<string, string>();
  const route = (method: 'GET' | 'POST', path: string, note: string, handler: Handler): void => {
    admin.on(method, path, handler);
    if (note !== '') usage.set(`${method} ${path}`, note);
  };
  admin.get('/', (c) =>
    c.json({
      endpoints: admin.routes
        .filter((r) => r.method !== 'ALL' && r.path !== '/')
        .map((r) => {
          const note = usage.get(`${r.method} ${r.path}`);
          const path = `${ADMIN_BASE}${r.path.replace(/:(\w+)/g, '{$1}')}`;
          return `${r.method.padEnd(4)} ${path}${note ? `  ${note}` : ''}`;
        }),
    }),
  );
  admin.get('/summary', (c) => c.json(model.summary()));
  admin.get('/dashboard', (c) => c.json(model.dashboard()));
  admin.get('/pending', (c) => c.json({ approvals: model.pending() }));
  route('GET', '/approvals', '?limit=', (c) => c.json({ approvals: model.approvals(limitParam(c, 100)) }));

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
      logger.info(outcome === 'approve' ? 'approval approved' : 'approval denied', {
        approval_request_id: approval.approvalId,
        action_id: approval.actionId,
        by: approval.decidedBy,
      });
      return c.json({ approval: approvalView(approval, fake.getAction(approval.actionId)) });
    } catch (error) {
      if (error instanceof FakeAdminError) {
        return c.json({ detail: error.message, code: error.code }, error.code === 'not-found' ? 404 : 409);
      }
      throw error;
    }
  };
  route('POST', '/approvals/:id/approve', '{"by"?, "comment"?}  (id: an action id or apr_…)', decide('approve'));
  route('POST', '/approvals/:id/deny', '{"by"?, "reason"?, "comment"?}', decide('deny'));
  route('POST', '/approvals/:id/reject', '{"by"?, "reason"?, "comment"?}', decide('deny'));

  route('GET', '/actions', '?limit=&decision=', (c) => {
    const decision = c.req.query('decision');
    return c.json({ actions: model.actions(limitParam(c, 50), decision === undefined || decision === '' ? undefined : decision) });
  });
  admin.get('/actions/:id', (c) => {
    const id = Number(c.req.param('id'));
    const a = Number.isSafeInteger(id) ? model.action(id) : undefined;
    return a ? c.json({ action: a }) : c.json({ detail: `Action ${c.req.param('id')} not found` }, 404);
  });
  admin.get('/agents', (c) => c.json({ agents: model.agents(), unregistered_agents: model.unregisteredAgents().agents }));
  route('GET', '/audit', '?limit=', (c) => c.json({ events: model.audit(limitParam(c, 100, 10_000)) }));
  admin.get('/kill-switch', (c) => c.json(model.killSwitch()));
  route('POST', '/kill-switch', '{"active", "reason"?, "by"?}', async (c) => {
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
  route('GET', '/deliveries', '?limit=', (c) => c.json({ deliveries: model.deliveries(limitParam(c, 50)) }));
  admin.get('/deliveries/:id', (c) => {
    const d = deliverer.get(c.req.param('id'));
    return d ? c.json({ delivery: { ...deliveryView(d), body: d.body } }) : c.json({ detail: 'Delivery not found' }, 404);
  });
  admin.post('/deliveries/:id/retry', (c) => {
    const ok = deliverer.retry(c.req.param('id'));
    return ok ? c.json({ retrying: true }) : c.json({ detail: 'No failed delivery with that id' }, 409);
  });
  route('GET', '/requests', '?operation=&limit=', (c) => {
    const op = c.req.query('operation');
    return c.json(model.requests(limitParam(c, 50), op === undefined || op === '' ? undefined : op));
  });
  admin.get('/faults', (c) => c.json({ faults: fake.faults.active().map((h) => ({ fault: h.fault, scope: h.scope, hits: h.hits, remaining: h.remaining })) }));
  route('POST', '/faults', '{"fault": {...}, "scope"?: {...}}', async (c) => {
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
  route('GET', '/events', '(server-sent events)', (c) => hub.connect(c, deps.hello()));

  app.route(ADMIN_BASE, admin);
  app.notFound((c) => c.json({ detail: 'Not Found' }, 404));
  app.onError((error, c) => {
    logger.error('admin request failed', { path: c.req.path, error });
    return c.json({ detail: 'Dev server internal error' }, 500);
  });
  return app;
}
