/** Signed webhook deliveries: verified by core's own verifier and an independent HMAC, and the outbox delivery helper. */
import { createHmac } from 'node:crypto';
import { isAscendError, verifyWebhook } from '@ascend/core';
import { nodeSigner } from '@ascend/node';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createWebhookDelivery, deliverOutbox } from './webhook-delivery.js';
import { setupAscend } from './vitest.js';

const ascend = setupAscend();
const SECRET = 'whsec_test_delivery_secret';

async function verificationFailure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'verified';
  } catch (error) {
    return isAscendError(error, 'WEBHOOK_VERIFICATION_FAILED') ? error.reason : `other: ${String(error)}`;
  }
}

describe('createWebhookDelivery', () => {
  it('signs the backend envelope so that core verifies and parses it', async () => {
    const delivery = await createWebhookDelivery({
      secret: SECRET,
      event: 'action.approved',
      data: { action_id: 42, approved_by: 'ciso@corp.example' },
      id: 'evt_1',
    });
    expect(Object.keys(delivery.headers)).toEqual(['Content-Type', 'X-Event-Id', 'X-Timestamp', 'X-Signature']);
    // An independent oracle for the documented scheme.
    const expected = createHmac('sha256', SECRET).update(`${delivery.headers['X-Timestamp']}.${delivery.body}`).digest('hex');
    expect(delivery.headers['X-Signature']).toBe(`v1=${expected}`);
    const event = await verifyWebhook({ body: delivery.body, headers: delivery.headers, secrets: SECRET, signer: nodeSigner });
    expect(event.type === 'action.approved' && [event.id, event.data.actionId, event.metadata.deliveryAttempt]).toEqual(['evt_1', '42', 1]);
    expect(JSON.parse(delivery.body)).toMatchObject({ id: 'evt_1', type: 'action.approved', api_version: '2025-11-28', organization_id: 1 });
  });

  it('makes the receiver-side failures easy to produce: stale timestamp, wrong secret, raw body, other scheme', async () => {
    const stale = await createWebhookDelivery({ secret: SECRET, event: 'action.denied', timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await verificationFailure(verifyWebhook({ body: stale.body, headers: stale.headers, secrets: SECRET, signer: nodeSigner }))).toBe(
      'timestamp_out_of_tolerance',
    );
    const other = await createWebhookDelivery({ secret: 'some-other-secret', event: 'action.denied' });
    expect(await verificationFailure(verifyWebhook({ body: other.body, headers: other.headers, secrets: SECRET, signer: nodeSigner }))).toBe('bad_signature');
    const raw = await createWebhookDelivery({ secret: SECRET, event: 'action.denied', body: '{"not": "an envelope"' });
    expect(raw.body).toBe('{"not": "an envelope"');
    expect(await verificationFailure(verifyWebhook({ body: raw.body, headers: raw.headers, secrets: SECRET, signer: nodeSigner }))).not.toBe('bad_signature');
    // Standard Webhooks secrets are `whsec_` + base64 of the key.
    const standardSecret = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
    const standard = await createWebhookDelivery({ secret: standardSecret, event: 'action.completed', scheme: 'standard-webhooks' });
    expect(Object.keys(standard.headers)).toEqual(['Content-Type', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);
    const event = await verifyWebhook({
      body: standard.body,
      headers: standard.headers,
      secrets: standardSecret,
      signer: nodeSigner,
      scheme: 'standard-webhooks',
    });
    expect(event.id).toBe(standard.eventId);
  });

  it('rejects bad input without echoing the secret', async () => {
    await expect(createWebhookDelivery({ secret: '', event: 'x' })).rejects.toThrow(TypeError);
    await expect(createWebhookDelivery({ secret: SECRET, event: 'x', timestamp: -1 })).rejects.toThrow(/unix seconds/);
    const error = await createWebhookDelivery({ secret: ` ${SECRET}\n`, event: 'x' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'CONFIG_ERROR')).toBe(true);
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
  });
});

describe('deliverOutbox', () => {
  it('POSTs the fake’s queued events, each signed with its webhook’s secret, and reports every outcome', async () => {
    const received: string[] = [];
    ascend.server.use(
      http.post('https://hooks.example.com/ok', async ({ request }) => {
        const event = await verifyWebhook({ body: await request.text(), headers: request.headers, secrets: SECRET, signer: nodeSigner });
        received.push(event.type === 'unknown' ? event.rawType : event.type);
        return HttpResponse.json({ received: true });
      }),
      http.post('https://hooks.example.com/broken', () => HttpResponse.json({ error: 'boom' }, { status: 500 })),
    );
    const client = ascend.createClient();
    await client.configureWebhook({ url: 'https://hooks.example.com/ok', events: ['action.evaluated', 'action.denied'], secret: SECRET });
    const broken = await client.configureWebhook({ url: 'https://hooks.example.com/broken', events: ['action.denied'] });
    await client.evaluateAction({ actionType: 'database.drop', resource: 'production_db' });
    const gone = await client.configureWebhook({ url: 'https://hooks.example.com/gone', events: ['action.denied'] });
    await client.evaluateAction({ actionType: 'database.drop', resource: 'production_db' });
    await client.deleteWebhook(gone.webhookId);

    const results = await deliverOutbox(ascend.fake, (input, init) => fetch(input, init));
    expect(results.filter((r) => r.ok).map((r) => r.eventType)).toEqual(['action.evaluated', 'action.denied', 'action.evaluated', 'action.denied']);
    expect(received).toEqual(['action.evaluated', 'action.denied', 'action.evaluated', 'action.denied']);
    expect(results.filter((r) => r.webhookId === broken.webhookId).map((r) => [r.ok, r.status, r.error])).toEqual([
      [false, 500, 'HTTP 500'],
      [false, 500, 'HTTP 500'],
    ]);
    expect(results.filter((r) => r.webhookId === gone.webhookId).map((r) => r.error)).toEqual([`webhook ${gone.webhookId} no longer exists`]);
    expect(ascend.fake.outbox).toEqual([]);
  });
});
