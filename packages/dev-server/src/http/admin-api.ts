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
import { mcpServerView } from './views-governance.js';
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

const MCP_CHANGE_MESSAGES = {
  activate: 'MCP server activated',
  deactivate: 'MCP server deactivated',
  'block-tool': 'MCP tool blocked',
  'unblock-tool': 'MCP tool unblocked',
} as const;

/** The answer to a {@link FakeAdminError}; undefined for any other error. */
function adminErrorAnswer(c: Context, error: unknown): Response | undefined {
  if (!(error instanceof FakeAdminError)) return undefined;
  const status = error.code === 'not-found' ? 404 : error.code === 'invalid' ? 422 : 409;
  return c.json({ detail: error.message, code: error.code }, status);
}

/** Reads `keys` of `body` as optional trimmed strings; the first bad one is the error. */
function texts<K extends string>(
  body: Record<string, unknown>,
  limits: Readonly<Record<K, number>>,
): { values: Partial<Record<K, string>>; error?: undefined } | { error: string } {
  const values: Partial<Record<K, string>> = {};
  for (const key of Object.keys(limits) as K[]) {
    const v = optionalText(body, key, limits[key]);
    if (typeof v === 'object') return { error: v.error };
    if (v !== undefined) values[key] = v;
  }
  return { values };
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
      const refused = adminErrorAnswer(c, error);
      if (refused) return refused;
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
  admin.get('/governance', (c) => c.json(model.governance()));
  admin.get('/mcp-servers', (c) => c.json({ servers: model.mcpServers() }));
  route('POST', '/mcp-servers', '{"server_name", "blocked_tools"?, "display_name"?, "description"?, "server_url"?, "transport_type"?, "by"?}', async (c) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const read = texts(body, { server_name: 255, display_name: 255, description: 2000, server_url: 2000, transport_type: 50, by: 200 });
    if (read.error !== undefined) return c.json({ detail: read.error }, 422);
    const tools = body['blocked_tools'] ?? [];
    if (!Array.isArray(tools) || tools.length > 100 || !tools.every((t) => typeof t === 'string' && t.trim() !== '' && t.length <= 255)) {
      return c.json({ detail: 'blocked_tools must be a list of at most 100 tool names', errors: { blocked_tools: 'Must be a list of tool names' } }, 422);
    }
    const v = read.values;
    if (v.server_name === undefined) return c.json({ detail: 'server_name is required', errors: { server_name: 'Required' } }, 422);
    try {
      const server = fake.registerMcpServer({
        serverName: v.server_name,
        ...(v.display_name !== undefined ? { displayName: v.display_name } : {}),
        ...(v.description !== undefined ? { description: v.description } : {}),
        ...(v.server_url !== undefined ? { serverUrl: v.server_url } : {}),
        ...(v.transport_type !== undefined ? { transportType: v.transport_type } : {}),
        blockedTools: [...new Set((tools as string[]).map((t) => t.trim()))],
        by: v.by ?? 'dashboard',
      });
      logger.info('MCP server registered', { server_name: server.serverName, by: v.by ?? 'dashboard' });
      return c.json({ server: mcpServerView(server) }, 201);
    } catch (error) {
      const refused = adminErrorAnswer(c, error);
      if (refused) return refused;
      throw error;
    }
  });
  const mcpChange = (change: 'activate' | 'deactivate' | 'block-tool' | 'unblock-tool') => async (c: Context) => {
    const body = await jsonBody(c);
    if (body instanceof Response) return body;
    const read = texts(body, { by: 200, reason: 500, tool: 255 });
    if (read.error !== undefined) return c.json({ detail: read.error }, 422);
    const { by = 'dashboard', reason, tool } = read.values;
    const name = c.req.param('name') ?? '';
    try {
      let server;
      if (change === 'activate' || change === 'deactivate') {
        server = fake.setMcpServerActive(name, change === 'activate', { by, ...(reason !== undefined ? { reason } : {}) });
      } else {
        if (tool === undefined) return c.json({ detail: 'tool is required', errors: { tool: 'Required' } }, 422);
        server = fake.setMcpToolBlocked(name, tool, change === 'block-tool', { by });
      }
      logger.warn(MCP_CHANGE_MESSAGES[change], {
        server_name: server.serverName,
        by,
        ...(reason !== undefined && change === 'deactivate' ? { reason } : {}),
        ...(tool !== undefined && change !== 'activate' && change !== 'deactivate' ? { tool } : {}),
      });
      return c.json({ server: mcpServerView(server) });
    } catch (error) {
      const refused = adminErrorAnswer(c, error);
      if (refused) return refused;
      throw error;
    }
  };
  route('POST', '/mcp-servers/:name/activate', '{"by"?}', mcpChange('activate'));
  route('POST', '/mcp-servers/:name/deactivate', '{"reason"?, "by"?}', mcpChange('deactivate'));
  route('POST', '/mcp-servers/:name/block-tool', '{"tool", "by"?}', mcpChange('block-tool'));
  route('POST', '/mcp-servers/:name/unblock-tool', '{"tool", "by"?}', mcpChange('unblock-tool'));
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
