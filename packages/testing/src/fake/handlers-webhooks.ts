/**
 * The webhook configuration routes: configure (URL and event checks, a generated secret), list,
 * update, delete and test.
 * @internal
 */
import type { FakeContext } from './context.js';
import { bodyOr, type OperationHandler } from './handler-support.js';
import { hex } from './ids.js';
import type { JsonObject } from './json.js';
import type { OperationName } from './operations.js';
import type { FakeWebhook } from './store-records.js';
import { BodyReader, notFound, ok, type HandlerResult } from './validation.js';
import { KNOWN_WEBHOOK_EVENTS } from './webhooks.js';
import * as wire from './wire.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function checkWebhookUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Must be an absolute https:// URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return 'Must start with https:// (http:// is accepted for localhost only)';
}

function checkEvents(events: readonly string[]): string | null {
  const unknown = events.filter((e) => e !== '*' && !KNOWN_WEBHOOK_EVENTS.includes(e));
  return unknown.length === 0 ? null : `Unknown event(s) ${unknown.join(', ')}; valid events: ${KNOWN_WEBHOOK_EVENTS.join(', ')}, *`;
}

function webhookNotFound(id: string | undefined): HandlerResult {
  return notFound(`Webhook ${id ?? ''} not found`);
}

function randomSecret(ctx: FakeContext): string {
  return `whsec_${hex(ctx.options.randomBytes(32))}`;
}

/** The handlers of the webhook routes. */
export const WEBHOOK_HANDLERS = {
  configureWebhook: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const url = r.requiredString('url', 'Required field');
    const events = r.optionalStringList('events');
    const agentId = r.optionalString('agent_id');
    const secret = r.optionalString('secret');
    if (url !== '') {
      const problem = checkWebhookUrl(url);
      if (problem) r.errors['url'] = problem;
    }
    const eventProblem = checkEvents(events);
    if (eventProblem && !r.errors['events']) r.errors['events'] = eventProblem;
    if (!r.valid) return r.failure();
    const at = ctx.fx.iso();
    const webhook: FakeWebhook = {
      webhookId: `wh_${ctx.store.nextId('webhook')}`,
      url,
      events,
      agentId,
      secret: secret !== null && secret !== '' ? secret : randomSecret(ctx),
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    ctx.store.put('webhook', webhook);
    ctx.fx.audit({
      eventType: 'webhook.configured',
      actor: agentId ?? 'admin',
      resource: webhook.webhookId,
      action: 'configure',
      outcome: 'success',
      details: { url, events },
    });
    return ok({ success: true, ...wire.webhookBody(webhook, true) });
  },

  listWebhooks: (ctx) => {
    const items = [...ctx.store.webhooks.values()].map((w) => wire.webhookBody(w, false));
    return ok({ webhooks: items, total: items.length });
  },

  updateWebhook: (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    const webhook = ctx.store.webhooks.get(id);
    if (!webhook) return webhookNotFound(id);
    const { body, error } = bodyOr(req, true);
    if (error) return error;
    const r = new BodyReader(body);
    const url = r.present('url') ? r.requiredString('url', 'Must not be empty') : null;
    const events = r.present('events') ? r.optionalStringList('events') : null;
    const secret = r.present('secret') ? r.requiredString('secret', 'Must not be empty') : null;
    const active = r.present('active') ? r.optionalBoolean('active', webhook.active) : null;
    if (url) {
      const problem = checkWebhookUrl(url);
      if (problem) r.errors['url'] = problem;
    }
    if (events) {
      const problem = checkEvents(events);
      if (problem) r.errors['events'] = problem;
    }
    if (!r.valid) return r.failure();
    if (url !== null) webhook.url = url;
    if (events !== null) webhook.events = events;
    if (secret !== null) webhook.secret = secret;
    if (active !== null) webhook.active = active;
    webhook.updatedAt = ctx.fx.iso();
    ctx.store.put('webhook', webhook);
    ctx.fx.audit({ eventType: 'webhook.updated', actor: 'admin', resource: id, action: 'update', outcome: 'success', details: { fields: Object.keys(body) } });
    return ok(wire.webhookBody(webhook, false));
  },

  deleteWebhook: (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    if (!ctx.store.remove('webhook', id)) return webhookNotFound(id);
    ctx.fx.audit({ eventType: 'webhook.deleted', actor: 'admin', resource: id, action: 'delete', outcome: 'success' });
    return ok({ success: true, webhook_id: id, deleted: true });
  },

  testWebhook: async (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    const webhook = ctx.store.webhooks.get(id);
    if (!webhook) return webhookNotFound(id);
    const data: JsonObject = { webhook_id: id, message: 'Test event from the ASCEND fake', sent_at: ctx.fx.iso() };
    const result = await ctx.options.webhookTester(webhook, ctx.fx.envelope('webhook.test', data));
    ctx.fx.audit({
      eventType: 'webhook.tested',
      actor: 'admin',
      resource: id,
      action: 'test',
      outcome: result.success ? 'success' : 'failure',
      details: { status_code: result.statusCode },
    });
    return ok({ success: result.success, status_code: result.statusCode, response_time_ms: result.responseTimeMs, error: result.error });
  },
} satisfies Partial<Record<OperationName, OperationHandler>>;
