/**
 * Webhook delivery over real HTTP to a local receiver: signed with the ascend-v1 scheme (checked
 * with `verifyWebhook`), the same event id and body on every attempt, retried on 5xx and network
 * errors with bounded attempts, not retried on 4xx, visible in the delivery log, and the webhook
 * test endpoint reporting a real round trip.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeSigner, silentLogger, verifyWebhook } from '@ascend/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../index.js';
import { adminClient } from '../test-support/admin-client.js';

const SECRET = 'whsec_delivery_test_0123456789';
const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };

interface Hit {
  headers: IncomingMessage['headers'];
  body: string;
  verified: boolean;
  type: string | undefined;
}

let receiver: Server;
let base: string;
const hits: Hit[] = [];
/** Status codes the receiver answers, in order; 200 once exhausted. */
let script: number[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      void verifyWebhook({ body, headers: req.headers, secrets: SECRET, signer: nodeSigner })
        .then(
          (event) => hits.push({ headers: req.headers, body, verified: true, type: event.type === 'unknown' ? event.rawType : event.type }),
          () => hits.push({ headers: req.headers, body, verified: false, type: undefined }),
        )
        .finally(() => {
          const status = script.shift() ?? 200;
          res.writeHead(status, status === 429 ? { 'retry-after': '0' } : {}).end('{}');
        });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

let server: DevServer;
afterEach(async () => {
  await server?.close();
  hits.length = 0;
  script = [];
});

async function setup(attempts = 4): Promise<void> {
  server = await startDevServer({ port: 0, logger: silentLogger, webhookRetry: { attempts, initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 } });
}

async function configure(url: string, events: string[]): Promise<string> {
  const res = await fetch(`${server.url}/api/webhooks/configure`, { method: 'POST', headers: H, body: JSON.stringify({ url, events, secret: SECRET }) });
  return ((await res.json()) as { webhook_id: string }).webhook_id;
}

async function approvePendingRefund(): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/actions/submit`, {
    method: 'POST',
    headers: H,
    body: JSON.stringify({
      agent_id: 'refund-bot',
      agent_name: 'Refund Bot',
      action_type: 'financial.refund',
      resource: 'stripe_api',
      action_details: { amount: 250 },
    }),
  });
  const id = ((await res.json()) as { action_id: number }).action_id;
  await adminClient(server.url).approve(id, { by: 'ciso@corp.example', comment: 'fine' });
  return id;
}

describe('webhook delivery', () => {
  it('delivers the subscribed event signed (ascend-v1), with the event id in the header and the payload', async () => {
    await setup();
    const webhookId = await configure(`${base}/hooks`, ['action.approved']);
    const actionId = await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('delivered');
    expect(hits).toHaveLength(1);
    const hit = hits[0]!;
    expect(hit.verified).toBe(true);
    expect(hit.type).toBe('action.approved');
    const payload = JSON.parse(hit.body) as { id: string; type: string; data: { action_id: number; approved_by: string } };
    expect(payload.data).toMatchObject({ action_id: actionId, approved_by: 'ciso@corp.example' });
    expect(hit.headers['x-event-id']).toBe(payload.id);
    expect(hit.headers['x-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(hit.headers['x-timestamp']).toMatch(/^\d{10}$/);
    expect(hit.headers['x-delivery-id']).toBe(server.deliveries()[0]!.deliveryId);
    expect(hit.headers['user-agent']).toMatch(/^ascend-dev-server\//);
    // Only the subscribed type was sent (submit, evaluate, pending events were not).
    expect(server.deliveries().map((d) => [d.webhookId, d.eventType])).toEqual([[webhookId, 'action.approved']]);
  });

  it('retries 5xx, 429 and refused connections with backoff; every attempt carries the same event id and body', async () => {
    await setup(4);
    await configure(`${base}/hooks`, ['action.approved']);
    script = [503, 500, 429];
    await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('delivered');
    const record = server.deliveries()[0]!;
    expect(record.attempts.map((a) => a.statusCode)).toEqual([503, 500, 429, 200]);
    expect(hits).toHaveLength(4);
    expect(new Set(hits.map((h) => h.headers['x-event-id'])).size).toBe(1);
    expect(new Set(hits.map((h) => h.body)).size).toBe(1);
    expect(hits.every((h) => h.verified)).toBe(true);
    expect(hits.map((h) => h.headers['x-delivery-attempt'])).toEqual(['1', '2', '3', '4']);
  });

  it('gives up after the configured attempts, and an admin retry sends it again', async () => {
    await setup(2);
    await configure(`${base}/hooks`, ['action.approved']);
    script = [502, 502];
    await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('failed');
    expect(server.deliveries()[0]!.attempts).toHaveLength(2);
    const admin = adminClient(server.url);
    const [view] = await admin.deliveries();
    expect(view).toMatchObject({ status: 'failed', event_type: 'action.approved' });
    expect(view!.attempts.map((a) => a.status_code)).toEqual([502, 502]);
    await admin.post(`/_admin/deliveries/${view!.delivery_id}/retry`);
    await expect.poll(() => server.deliveries()[0]?.status).toBe('delivered');
    expect(hits).toHaveLength(3);
  });

  it('does not retry a 4xx other than 408/429: the receiver refused the event', async () => {
    await setup(5);
    await configure(`${base}/hooks`, ['action.approved']);
    script = [400];
    await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('failed');
    expect(server.deliveries()[0]!.attempts.map((a) => a.statusCode)).toEqual([400]);
  });

  it('counts an unreachable receiver as retryable and records the error', async () => {
    await setup(2);
    await configure('http://127.0.0.1:9/closed', ['action.approved']);
    await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('failed');
    const attempts = server.deliveries()[0]!.attempts;
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.statusCode === null && typeof a.error === 'string' && a.error.length > 0)).toBe(true);
  });

  it('POST /api/webhooks/{id}/test really sends a signed webhook.test and reports the round trip', async () => {
    await setup();
    const ok = await configure(`${base}/hooks`, ['action.approved']);
    const res = await fetch(`${server.url}/api/webhooks/${ok}/test`, { method: 'POST', headers: { 'x-api-key': KEY } });
    const body = (await res.json()) as { success: boolean; status_code: number; response_time_ms: number; error: string | null };
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ success: true, status_code: 200, error: null });
    expect(typeof body.response_time_ms).toBe('number');
    expect(hits.map((h) => [h.type, h.verified])).toEqual([['webhook.test', true]]);
    expect(server.deliveries()[0]).toMatchObject({ test: true, status: 'delivered' });

    script = [500];
    const failing = await fetch(`${server.url}/api/webhooks/${ok}/test`, { method: 'POST', headers: { 'x-api-key': KEY } });
    expect(await failing.json()).toMatchObject({ success: false, status_code: 500, error: 'receiver answered 500' });

    const down = await configure('http://127.0.0.1:9/closed', []);
    const unreachable = (await (await fetch(`${server.url}/api/webhooks/${down}/test`, { method: 'POST', headers: { 'x-api-key': KEY } })).json()) as {
      success: boolean;
      status_code: number | null;
    };
    expect([unreachable.success, unreachable.status_code]).toEqual([false, null]);
  });

  it('never shows a webhook secret in the admin API', async () => {
    await setup();
    await configure(`${base}/hooks`, ['action.approved']);
    await approvePendingRefund();
    await expect.poll(() => server.deliveries()[0]?.status).toBe('delivered');
    const admin = adminClient(server.url);
    for (const path of ['/_admin/webhooks', '/_admin/deliveries', '/_admin/dashboard', `/_admin/deliveries/${server.deliveries()[0]!.deliveryId}`]) {
      expect(JSON.stringify(await admin.get(path))).not.toContain(SECRET);
    }
  });
});
