/**
 * `ascend-dev` answers the older SDK routes the vendor's Node SDK calls (`docs/sdk-routes.md`)
 * over real HTTP, on the one state every route shares, and delivers webhooks signed the way the
 * OWkai backend signs them when asked (`webhookScheme: 'owkai-sha256'`, `--webhook-scheme`),
 * checked by `@ascend/node`'s webhook handler with that scheme and by the backend's own
 * raw-body recipe.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeWebhookHandler, silentLogger, type WebhookEvent } from '@ascend/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCli } from './cli-args.js';
import { DevServerConfigError, startDevServer, type DevServer } from './index.js';
import { adminClient } from './test-support/admin-client.js';

const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };
const SECRET = '5e'.repeat(32);

let server: DevServer;
afterEach(async () => {
  await server?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- wire bodies of every shape; each test asserts the shape it reads
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = H): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

const submit = (amount: number) =>
  api('POST', '/api/v1/actions/submit', {
    agent_id: 'refund-bot',
    agent_name: 'Refund Bot',
    action_type: 'financial.refund',
    resource: 'stripe_api',
    action_details: { amount },
  });

describe('older SDK routes over HTTP, one state', () => {
  it('register, submit, read, report and check approvals across the v1 and legacy routes', async () => {
    server = await startDevServer({ port: 0, logger: silentLogger });
    // The vendor SDK's registration, then the v1 registry sees the agent.
    const registered = await api('POST', '/api/sdk/agent/register', {
      agent_id: 'refund-bot',
      agent_name: 'Refund Bot',
      agent_type: 'automation',
      capabilities: ['refunds'],
      environment: 'production',
    });
    expect(registered).toMatchObject({
      status: 200,
      json: { agent_id: 'refund-bot', status: 'registered', capabilities: ['refunds'], organization_id: 1, metadata: null },
    });
    expect((await api('POST', '/api/registry/agents', { agent_id: 'refund-bot' })).status).toBe(400);

    // Submitted on v1, read on the deprecated route, reported on the SDK route, read on v1.
    const allowed = await submit(100);
    const id = allowed.json.action_id as number;
    expect(allowed.json.decision).toBe('allowed');
    expect(await api('GET', `/api/agent-action/${id}`)).toMatchObject({
      status: 200,
      json: { id, agent_id: 'refund-bot', status: 'approved', target_system: 'stripe_api', enterprise_grade: true },
    });
    const completed = await api('POST', `/api/sdk/action/${id}/completed`, { status: 'completed', result: { success: true }, duration_ms: 150 });
    expect(completed).toMatchObject({ status: 200, json: { action_id: String(id), status: 'completed' } });
    expect((await api('GET', `/api/v1/actions/${id}/status`)).json).toMatchObject({ status: 'completed', execution_status: 'completed' });
    expect((await api('GET', `/api/v1/actions/${id}`)).json).toMatchObject({ execution_status: 'completed' });

    // Pending on v1, approved by a human, seen as approved on the SDK approval route.
    const pending = await submit(5000);
    const pendingId = pending.json.action_id as number;
    expect((await api('GET', `/api/sdk/approval/${pendingId}`)).json).toMatchObject({ status: 'pending' });
    await adminClient(server.url).approve(pendingId, { by: 'ciso@corp.example' });
    expect((await api('GET', `/api/sdk/approval/${pendingId}`)).json).toMatchObject({ status: 'approved', approved_by: 'ciso@corp.example' });
    expect((await api('GET', `/api/agent-action/${pendingId}`)).json).toMatchObject({ status: 'approved', reviewed_by: 'ciso@corp.example' });

    // Activity lists both; the legacy webhook appears in the v1 list; the SDK health needs no key.
    expect((await api('GET', '/api/agent-activity?risk=all')).json.total).toBe(2);
    const hook = await api('POST', '/api/sdk/webhooks/configure', { agent_id: 'refund-bot', url: 'https://hooks.example.com/a', events: ['action.approved'] });
    expect(hook).toMatchObject({ status: 200, json: { url: 'https://hooks.example.com/a', status: 'active' } });
    const webhooks = (await api('GET', '/api/webhooks')).json.webhooks as Array<{ webhook_id: string }>;
    expect(webhooks.map((w) => w.webhook_id)).toEqual([hook.json.webhook_id]);
    expect(await api('GET', '/api/sdk/health', undefined, {})).toMatchObject({ status: 200, json: { status: 'healthy' } });
    expect((await api('GET', `/api/agent-action/${id}`, undefined, {})).status).toBe(401);
  });

  it('answers the backend error shapes on the legacy routes', async () => {
    server = await startDevServer({ port: 0, logger: silentLogger });
    expect((await api('POST', '/api/sdk/action/x1/completed', {})).status).toBe(400);
    expect(await api('POST', '/api/sdk/action/77/failed', { error: 'boom' })).toMatchObject({ status: 200, json: { action_id: '77', status: 'failed' } });
    expect((await api('POST', '/api/sdk/agent/register', { agent_id: 'a' })).status).toBe(422);
    expect((await api('GET', '/api/agent-action/77')).status).toBe(404);
  });

  it('an action submitted on the deprecated authorization route is read and reported on the v1 and SDK routes', async () => {
    server = await startDevServer({ port: 0, logger: silentLogger });
    expect(
      (await api('POST', '/api/authorization/agent-action', { agent_id: 'a', agent_name: 'A', action_type: 'database.query', resource: 'db' })).status,
    ).toBe(422);
    const r = await api('POST', '/api/authorization/agent-action', {
      agent_id: 'a',
      action_type: 'database.query',
      description: 'Read orders',
      tool_name: 'postgres',
    });
    expect(r).toMatchObject({ status: 200, json: { agent_id: 'a', requires_approval: false } });
    const id = r.json.id as number;
    expect((await api('GET', `/api/v1/actions/${id}/status`)).json).toMatchObject({ action_id: id, decision: 'allowed' });
    expect(await api('POST', `/api/sdk/action/${id}/completed`, { result: { rows: 3 } })).toMatchObject({ status: 200, json: { status: 'completed' } });
    expect((await api('GET', `/api/agent-action/status/${id}`)).json).toMatchObject({ status: 'completed' });
  });
});

describe('webhook delivery signed as the OWkai backend signs (owkai-sha256)', () => {
  let receiver: Server;
  let base: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const events: WebhookEvent[] = [];

  beforeAll(async () => {
    const handle = createNodeWebhookHandler({ secrets: SECRET, scheme: 'owkai-sha256', replayStore: false, onEvent: (e) => void events.push(e) });
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        // The Node handler reads the body itself: hand it what was received.
        Object.assign(req, { body: Buffer.concat(chunks) });
        handle(req, res);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  it('sends the X-OWkai-* headers over the compact canonical body; the Node handler with the scheme accepts it', async () => {
    server = await startDevServer({ port: 0, logger: silentLogger, webhookScheme: 'owkai-sha256', webhookRetry: { attempts: 1, timeoutMs: 2000 } });
    await api('POST', '/api/sdk/webhooks/configure', { agent_id: 'refund-bot', url: `${base}/hooks`, events: ['action.approved'], secret: SECRET });
    const id = (await submit(5000)).json.action_id as number;
    await adminClient(server.url).approve(id, { by: 'ciso@corp.example' });
    await expect.poll(() => server.deliveries()[0]?.status).toBe('delivered');

    expect(events.map((e) => e.type)).toEqual(['action.approved']);
    const hit = received.at(-1)!;
    expect(hit.headers['x-owkai-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hit.headers['x-owkai-timestamp']).toMatch(/^\d{10}$/);
    expect(hit.headers['x-owkai-event-id']).toBe(JSON.parse(hit.body).id);
    expect(hit.headers['x-owkai-delivery-id']).toBe(server.deliveries()[0]!.deliveryId);
    expect(hit.headers['user-agent']).toBe('OWkai-Webhook/1.0');
    expect(hit.headers['x-signature']).toBeUndefined();
    // The backend's published receiver recipe (HMAC over "<timestamp>.<raw body>") accepts it too.
    const rawHmac = createHmac('sha256', SECRET)
      .update(`${String(hit.headers['x-owkai-timestamp'])}.${hit.body}`)
      .digest('hex');
    expect(hit.headers['x-owkai-signature']).toBe(`sha256=${rawHmac}`);
    expect(hit.body).not.toMatch(/": |, "/);
  });

  it('is opt-in: the default scheme is still ascend-v1, which the owkai handler refuses', async () => {
    server = await startDevServer({ port: 0, logger: silentLogger, webhookRetry: { attempts: 1, timeoutMs: 2000 } });
    await api('POST', '/api/webhooks/configure', { url: `${base}/hooks`, events: ['action.approved'], secret: SECRET });
    const id = (await submit(5000)).json.action_id as number;
    const before = events.length;
    await adminClient(server.url).approve(id);
    await expect.poll(() => server.deliveries()[0]?.status).toBe('failed');
    expect(server.deliveries()[0]!.attempts[0]!.statusCode).toBe(401);
    expect(received.at(-1)!.headers['x-signature']).toMatch(/^v1=/);
    expect(events.length).toBe(before);
  });

  it('is chosen with --webhook-scheme, validated in the CLI and the options', async () => {
    expect(await parseCli(['--webhook-scheme', 'owkai-sha256'], {})).toMatchObject({ kind: 'run', options: { webhookScheme: 'owkai-sha256' } });
    await expect(parseCli(['--webhook-scheme', 'owkai'], {})).rejects.toBeInstanceOf(CliUsageError);
    await expect(startDevServer({ port: 0, logger: silentLogger, webhookScheme: 'nope' as never })).rejects.toMatchObject({
      name: DevServerConfigError.name,
      field: 'webhookScheme',
    });
  });
});
