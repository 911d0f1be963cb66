/**
 * The dev server over real HTTP: the protocol's transport rules (JSON on every 2xx, both status
 * paths, keys, signatures, body limit, faults that drop or hang connections) and the admin API's
 * guards (Host, token, JSON-only writes, same-origin), its errors and the live event stream.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { silentLogger } from '@ascend/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer, type DevServerOptions } from '../index.js';
import { adminClient } from '../test-support/admin-client.js';

const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };
let server: DevServer;
afterEach(async () => {
  await server?.close();
});

async function start(options: DevServerOptions = {}): Promise<DevServer> {
  server = await startDevServer({ port: 0, logger: silentLogger, ...options });
  return server;
}

function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const SUBMIT = JSON.stringify({ agent_id: 'a', agent_name: 'A', action_type: 'database.query', resource: 'db' });

describe('protocol over HTTP', () => {
  it('answers JSON on every 2xx, DELETE included, and serves both status paths and /audit/logs', async () => {
    await start();
    const submitted = await fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: H, body: SUBMIT });
    const id = ((await submitted.json()) as { action_id: number }).action_id;
    expect(typeof id).toBe('number');
    for (const path of [`/api/agent-action/status/${id}`, `/api/v1/actions/${id}/status`]) {
      const res = await fetch(`${server.url}${path}`, { headers: H });
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toMatchObject({ action_id: id, decision: 'allowed', status: 'approved' });
    }
    await fetch(`${server.url}/api/registry/agents`, {
      method: 'POST',
      headers: H,
      body: JSON.stringify({
        agent_id: 'x',
        display_name: 'X',
        agent_type: 'supervised',
        environment: 'e',
        capabilities: [],
        allowed_resources: [],
        sdk_version: 't',
        metadata: {},
      }),
    });
    const deleted = await fetch(`${server.url}/api/registry/agents/x`, { method: 'DELETE', headers: { 'x-api-key': KEY } });
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual(expect.any(Object));
    const audit = await fetch(`${server.url}/audit/logs?limit=5`, { headers: H });
    expect(((await audit.json()) as { events: unknown[] }).events.length).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/api/audit/logs`, { headers: H })).status).toBe(404);
    const wrongMethod = await fetch(`${server.url}/health`, { method: 'POST', headers: H, body: '{}' });
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('takes the key from X-API-Key or Authorization: Bearer and answers 401 to anything else', async () => {
    await start({ apiKeys: ['k-one-0123', 'k-two-0123'] });
    const status = (headers: Record<string, string>) => fetch(`${server.url}/api/sdk/kill-switch/status`, { headers }).then((r) => r.status);
    expect(await status({ 'x-api-key': 'k-one-0123' })).toBe(200);
    expect(await status({ authorization: 'Bearer k-two-0123' })).toBe(200);
    expect(await status({ 'x-api-key': KEY })).toBe(401);
    expect(await status({})).toBe(401);
    expect(await status({ 'x-api-key': 'nope', authorization: 'Bearer k-one-0123' })).toBe(401);
    expect(await fetch(`${server.url}/health`).then((r) => r.status)).toBe(200);
  });

  it('verifies request signatures when a signing secret is configured', async () => {
    await start({ signingSecret: 'sig-secret-0123' });
    const ts = new Date().toISOString();
    const sign = (secret: string) => `v1=${createHmac('sha256', secret).update(`${ts}.${SUBMIT}`).digest('hex')}`;
    const send = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: { ...H, ...headers }, body: SUBMIT });
    expect((await send({ 'x-request-timestamp': ts, 'x-signature': sign('sig-secret-0123') })).status).toBe(200);
    expect(await (await send({})).json()).toEqual({ detail: 'Missing request signature' });
    expect((await send({ 'x-request-timestamp': ts, 'x-signature': sign('other') })).status).toBe(401);
    // GETs carry no body and are not signed.
    expect((await fetch(`${server.url}/api/sdk/kill-switch/status`, { headers: H })).status).toBe(200);
  });

  it('refuses a body over the limit with 413', async () => {
    await start({ maxBodyBytes: 2048 });
    const res = await raw('/api/v1/actions/submit', { method: 'POST', headers: H, body: JSON.stringify({ pad: 'x'.repeat(5000) }) });
    expect(res.status).toBe(413);
  });

  it('an outage fault drops the connection; a hang fault holds it until the client gives up; the server stays up', async () => {
    await start();
    const admin = adminClient(server.url);
    await admin.injectFault({ kind: 'outage' }, { operation: 'submitAction', times: 1 });
    await expect(fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: H, body: SUBMIT })).rejects.toThrow();
    await admin.injectFault({ kind: 'hang' }, { operation: 'getKillSwitchStatus', times: 1 });
    const hung = await fetch(`${server.url}/api/sdk/kill-switch/status`, { headers: H, signal: AbortSignal.timeout(150) }).catch((e: unknown) => e);
    expect((hung as Error).name).toMatch(/TimeoutError|AbortError/);
    await admin.injectFault({ kind: 'malformed-body', variant: 'invalid-json' }, { operation: 'health', times: 1 });
    expect(await (await fetch(`${server.url}/health`)).text()).toBe('{"decision": "allow');
    expect((await fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: H, body: SUBMIT })).status).toBe(200);
    const counts = await admin.get<{ counts_by_operation: Record<string, number> }>('/_admin/requests');
    expect(counts.counts_by_operation['submitAction']).toBe(2);
  });

  it('close() cuts a hung request after the grace period instead of waiting forever', async () => {
    await start({ shutdownGraceMs: 50 });
    await adminClient(server.url).injectFault({ kind: 'hang' });
    const hung = fetch(`${server.url}/api/sdk/kill-switch/status`, { headers: H }).catch((e: unknown) => e);
    await expect.poll(() => server.fake.requests.length).toBeGreaterThan(0);
    await server.close();
    expect(await hung).toBeInstanceOf(Error);
  });
});

describe('admin API guards', () => {
  it('answers only to loopback Host names when bound to loopback (no DNS rebinding)', async () => {
    await start();
    const port = new URL(server.url).port;
    expect((await raw('/_admin/summary', { headers: { host: `evil.example:${port}` } })).status).toBe(403);
    expect((await raw('/', { headers: { host: `attacker.test` } })).status).toBe(403);
    expect((await raw('/_admin/summary', { headers: { host: `localhost:${port}` } })).status).toBe(200);
    expect((await raw('/_admin/summary', { headers: { host: `127.0.0.1:${port}` } })).status).toBe(200);
    // The protocol too: the documented default key must not be usable from a rebound web page.
    expect((await raw('/api/sdk/kill-switch/status', { headers: { ...H, host: `rebound.example:${port}` } })).status).toBe(403);
    expect((await raw('/api/sdk/kill-switch/status', { headers: { ...H, host: `localhost:${port}` } })).status).toBe(200);
  });

  it('refuses state changes that a cross-site page could send: non-JSON bodies, foreign Origin, cross-site fetch', async () => {
    await start();
    const post = (headers: Record<string, string>) =>
      fetch(`${server.url}/_admin/kill-switch`, { method: 'POST', headers, body: '{"active": true}' }).then((r) => r.status);
    expect(await post({ 'content-type': 'text/plain' })).toBe(415);
    expect(await post({ 'content-type': 'application/x-www-form-urlencoded' })).toBe(415);
    expect(await post({ 'content-type': 'application/json', origin: 'https://evil.example' })).toBe(403);
    expect(await post({ 'content-type': 'application/json', origin: 'null' })).toBe(403);
    expect(await post({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(server.fake.killSwitch.active).toBe(false);
    expect(await post({ 'content-type': 'application/json', origin: server.url, 'sec-fetch-site': 'same-origin' })).toBe(200);
    expect(server.fake.killSwitch.active).toBe(true);
  });

  it('with an admin token: header or cookie required; /?token= sets the cookie; the dashboard carries a strict CSP', async () => {
    await start({ adminToken: 'admin-token-0123456789' });
    expect((await fetch(`${server.url}/_admin/summary`)).status).toBe(401);
    expect((await fetch(`${server.url}/_admin/summary`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${server.url}/_admin/summary`, { headers: { authorization: 'Bearer admin-token-0123456789' } })).status).toBe(200);
    expect((await fetch(`${server.url}/_admin/summary`, { headers: { 'x-admin-token': 'admin-token-0123456789' } })).status).toBe(200);
    const login = await fetch(`${server.url}/`);
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('admin token');
    const redirect = await fetch(`${server.url}/?token=admin-token-0123456789`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    const cookie = redirect.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const page = await fetch(`${server.url}/`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe-inline/);
    // The protocol itself still takes API keys, not the admin token.
    expect((await fetch(`${server.url}/api/sdk/kill-switch/status`, { headers: H })).status).toBe(200);
  });

  it('generates an admin token when bound beyond loopback', async () => {
    await start({ host: '0.0.0.0' });
    expect(server.adminToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((await fetch(`${server.url}/_admin/summary`)).status).toBe(401);
  });
});

describe('admin API', () => {
  it('approve and deny: 404 for unknown ids, 409 when already decided, 422 for bad input', async () => {
    await start();
    const admin = adminClient(server.url);
    const submit = async () =>
      (await (
        await fetch(`${server.url}/api/v1/actions/submit`, {
          method: 'POST',
          headers: H,
          body: JSON.stringify({ agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 999 } }),
        })
      ).json()) as { action_id: number; approval_request_id: string };
    const one = await submit();
    const two = await submit();
    const approved = await admin.approve(one.action_id, { by: 'me', comment: 'ok' });
    expect(approved).toMatchObject({ status: 'approved', decided_by: 'me', comment: 'ok', action: { decision: 'allowed' } });
    const denied = await admin.deny(two.approval_request_id, { reason: 'no' });
    expect(denied).toMatchObject({ status: 'rejected', rejection_reason: 'no', decided_by: 'dashboard' });
    const again = await fetch(`${server.url}/_admin/approvals/${one.action_id}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([409, 'not-pending']);
    expect(
      (await fetch(`${server.url}/_admin/approvals/424242/deny`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
    ).toBe(404);
    expect(
      (await fetch(`${server.url}/_admin/approvals/1/approve`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by": 5}' })).status,
    ).toBe(422);
    expect(
      (await fetch(`${server.url}/_admin/kill-switch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"active": "yes"}' })).status,
    ).toBe(422);
    expect(
      (await fetch(`${server.url}/_admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fault": {"kind": "gremlins"}}' }))
        .status,
    ).toBe(422);
    expect(
      (await fetch(`${server.url}/_admin/kill-switch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json' })).status,
    ).toBe(400);
    const listed = await admin.get<{ endpoints: string[] }>('/_admin');
    expect(listed.endpoints.length).toBeGreaterThan(10);
  });

  it('pushes coalesced change events over SSE to the dashboard', async () => {
    await start();
    const controller = new AbortController();
    const res = await fetch(`${server.url}/_admin/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
    };
    await until('event: hello');
    await fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: H, body: SUBMIT });
    await until('event: change');
    const data = /event: change\ndata: (.*)\n/.exec(text)![1]!;
    expect((JSON.parse(data) as { topics: string[] }).topics).toEqual(expect.arrayContaining(['actions', 'audit']));
    controller.abort();
  });
});
