/**
 * The Node webhook handlers take the opt-in `owkai-sha256` scheme (the OWkai backend's signer),
 * over real HTTP, and pass their `maxBodyBytes` on to the verifier, which bounds the body before
 * this scheme parses it.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookEvent } from '@ascend/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createNodeWebhookHandler, verifyNodeWebhook } from './webhooks.js';

const SECRET = 'c0ffee'.repeat(10);
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the backend does: sign the sorted compact JSON, send the payload with spaced separators. */
function backendDelivery(payload: Record<string, unknown>, ts = Math.floor(Date.now() / 1000)): { headers: Record<string, string>; body: string } {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  const signed = JSON.stringify(sortKeys(payload));
  const mac = createHmac('sha256', SECRET).update(`${ts}.${signed}`).digest('hex');
  return {
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'OWkai-Webhook/1.0',
      'X-OWkai-Signature': `sha256=${mac}`,
      'X-OWkai-Timestamp': String(ts),
      'X-OWkai-Event-ID': '0f0e0d0c-0b0a-4909-8807-060504030201',
      'X-OWkai-Delivery-ID': '17',
    },
    body: JSON.stringify(payload, null, 1),
  };
}

const payload = { id: 'evt_owkai_1', type: 'action.rejected', api_version: '2025-11-28', data: { action_id: 9, rejected_by: 'ciso', rejection_reason: 'no' } };

describe('owkai-sha256 in the Node handlers', () => {
  it('createNodeWebhookHandler accepts a backend delivery and refuses a changed value', async () => {
    const events: WebhookEvent[] = [];
    const url = await listen(createNodeWebhookHandler({ secrets: SECRET, scheme: 'owkai-sha256', onEvent: (e) => void events.push(e) }));
    const d = backendDelivery(payload);
    const ok = await fetch(url, { method: 'POST', headers: d.headers, body: d.body });
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'processed', type: 'action.rejected', id: 'evt_owkai_1' }]);
    expect(events[0]).toMatchObject({ type: 'action.rejected', data: { actionId: '9', rejectedBy: 'ciso' } });
    const tampered = await fetch(url, { method: 'POST', headers: d.headers, body: d.body.replace('"no"', '"yes"') });
    expect([tampered.status, await tampered.json()]).toEqual([401, { error: 'invalid_signature', reason: 'bad_signature' }]);
  });

  it('verifyNodeWebhook passes maxBodyBytes on: a large delivery verifies only under a large enough limit', async () => {
    const big = { ...payload, data: { ...payload.data, note: 'n'.repeat(1_500_000) } };
    const d = backendDelivery(big);
    const results: string[] = [];
    const url = await listen((req, res) => {
      const limit = req.url === '/roomy' ? 4 * 1024 * 1024 : 2 * 1024 * 1024;
      verifyNodeWebhook(req, { secrets: SECRET, scheme: 'owkai-sha256', maxBodyBytes: limit }).then(
        (e) => {
          results.push(`${req.url}: ${e.type}`);
          res.end('{}');
        },
        (e: { reason?: string }) => {
          results.push(`${req.url}: ${e.reason}`);
          res.end('{}');
        },
      );
    });
    await (await fetch(`${url}/roomy`, { method: 'POST', headers: d.headers, body: d.body })).text();
    // 1.5 MB of payload: over the verifier's own 1 MiB default, under both read limits.
    expect(results).toEqual(['/roomy: action.rejected']);
    expect(d.body.length).toBeGreaterThan(1024 * 1024);
  });
});
