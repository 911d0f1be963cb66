import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook, type WebhookEvent } from '@ascend/core';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeSigner } from './signer.js';
import { createNodeWebhookHandler, readNodeRequestBody, verifyNodeWebhook, type NodeWebhookRequest } from './webhooks.js';

const SECRET = 'whsec_node-webhook-test-secret-hidden';
const approved = { id: 'evt_node_1', type: 'action.approved', data: { action_id: 12, approved_by: 'ciso' } };

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>): Promise<string> {
  // A rejected handler stays an unhandled rejection, which fails the test run.
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function post(url: string, payload: Record<string, unknown> = approved, tweak: (h: Record<string, string>) => void = () => {}) {
  const { headers, body } = await signWebhook({ secret: SECRET, payload, signer: nodeSigner });
  tweak(headers);
  const response = await fetch(`${url}/webhooks/ascend`, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('createNodeWebhookHandler over real HTTP', () => {
  function start(onEvent: (e: WebhookEvent) => void | Promise<void> = () => {}, extra: { maxBodyBytes?: number } = {}) {
    return listen(createNodeWebhookHandler({ secrets: SECRET, onEvent, ...extra }));
  }

  it('200 for a verified delivery, with the typed event; defaults to the node:crypto signer', async () => {
    const events: WebhookEvent[] = [];
    const url = await start((e) => void events.push(e));
    expect(await post(url)).toEqual({ status: 200, body: { status: 'processed', type: 'action.approved', id: 'evt_node_1' } });
    expect(events[0]).toMatchObject({ type: 'action.approved', data: { actionId: '12', approvedBy: 'ciso' } });
  });

  it('401 with a clear reason for a bad signature, a missing header or a stale timestamp', async () => {
    const events: WebhookEvent[] = [];
    const url = await start((e) => void events.push(e));
    expect(await post(url, approved, (h) => (h['X-Signature'] = `v1=${'0'.repeat(64)}`))).toEqual({
      status: 401,
      body: { error: 'invalid_signature', reason: 'bad_signature' },
    });
    expect(await post(url, approved, (h) => delete h['X-Timestamp'])).toEqual({ status: 401, body: { error: 'invalid_signature', reason: 'missing_header' } });
    const stale = await signWebhook({ secret: SECRET, payload: approved, signer: nodeSigner, timestamp: Math.floor(Date.now() / 1000) - 900 });
    const response = await fetch(`${url}/x`, { method: 'POST', headers: stale.headers, body: stale.body });
    expect(await response.json()).toEqual({ error: 'invalid_signature', reason: 'timestamp_out_of_tolerance' });
    expect(events).toHaveLength(0);
  });

  it('a duplicate answers 200 duplicate; a failed handler answers 500 and the retry is processed', async () => {
    let calls = 0;
    const url = await start(() => {
      calls++;
      if (calls === 1) throw new Error('downstream unavailable');
    });
    expect((await post(url)).status).toBe(500);
    expect(await post(url)).toMatchObject({ status: 200, body: { status: 'processed' } });
    expect(await post(url)).toEqual({ status: 200, body: { status: 'duplicate' } });
    expect(calls).toBe(2);
  });

  it('405 for GET; 413 for a chunked body over the limit without reading it all', async () => {
    const url = await start(() => {}, { maxBodyBytes: 1024 });
    const get = await fetch(`${url}/webhooks/ascend`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // Streamed without Content-Length, so only the running count can stop it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${url}/webhooks/ascend`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"pad":"');
      req.end('x'.repeat(10_000) + '"}');
    });
    expect(status).toBe(413);
  });
});

describe('verifyNodeWebhook', () => {
  it('verifies the raw stream bytes', async () => {
    let result: unknown;
    const url = await listen(async (req, res) => {
      result = await verifyNodeWebhook(req, { secrets: SECRET }).catch((e: unknown) => e);
      res.end();
    });
    await post(url).catch(() => {});
    expect(result).toMatchObject({ type: 'action.approved', id: 'evt_node_1' });
  });

  it("uses a Buffer or string left in req.body by express.raw()/express.text(); an object is 'parsed_body'", async () => {
    const { headers, body } = await signWebhook({ secret: SECRET, payload: approved, signer: nodeSigner });
    const fake = (b: unknown) =>
      ({ headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])), body: b }) as unknown as NodeWebhookRequest;
    await expect(verifyNodeWebhook(fake(Buffer.from(body)), { secrets: SECRET })).resolves.toMatchObject({ id: 'evt_node_1' });
    await expect(verifyNodeWebhook(fake(body), { secrets: SECRET })).resolves.toMatchObject({ id: 'evt_node_1' });
    const error = await verifyNodeWebhook(fake(JSON.parse(body)), { secrets: SECRET }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'parsed_body' });
    expect((error as Error).message).toContain("express.raw({ type: 'application/json' })");
    expect(await readNodeRequestBody(fake(Buffer.alloc(10)), 5).catch((e: unknown) => e)).toMatchObject({ reason: 'body_too_large' });
  });
});

describe('with Express 5', () => {
  async function expressApp(parser: express.RequestHandler) {
    const app = express();
    const events: WebhookEvent[] = [];
    app.post('/webhooks/ascend', parser, createNodeWebhookHandler({ secrets: SECRET, onEvent: (e) => void events.push(e) }));
    const server = app.listen(0, '127.0.0.1');
    servers.push(server);
    await once(server, 'listening');
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, events };
  }

  it("works behind express.raw({ type: 'application/json' })", async () => {
    const { url, events } = await expressApp(express.raw({ type: 'application/json' }));
    expect((await post(url)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it('behind express.json() answers 500 webhook_misconfigured / parsed_body, so the sender retries once fixed', async () => {
    const { url, events } = await expressApp(express.json());
    expect(await post(url)).toEqual({ status: 500, body: { error: 'webhook_misconfigured', reason: 'parsed_body' } });
    expect(events).toHaveLength(0);
  });
});
