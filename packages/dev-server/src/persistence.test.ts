/**
 * The `dataDir` store, in process: a restart keeps agents, actions, approvals, the audit log,
 * webhook configurations, the kill switch, idempotent answers and the delivery log; concurrent
 * writes share fsyncs (group commit); compaction keeps everything; a torn last line is ignored,
 * damage elsewhere is reported; a dir in use is refused.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ascend/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataDirError, startDevServer, type DevServer, type DevServerOptions } from './index.js';
import { adminClient } from './test-support/admin-client.js';

const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };
let root: string;
const open: DevServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-store-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string, options: DevServerOptions = {}): Promise<DevServer> {
  const s = await startDevServer({ port: 0, dataDir, logger: silentLogger, ...options });
  open.push(s);
  return s;
}

async function stop(s: DevServer): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.close();
}

async function call(
  s: DevServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = H,
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${s.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const submit = (s: DevServer, details: Record<string, unknown>, headers: Record<string, string> = H) =>
  call(
    s,
    'POST',
    '/api/v1/actions/submit',
    { agent_id: 'refund-bot', agent_name: 'Refund Bot', action_type: 'financial.refund', resource: 'stripe_api', action_details: details },
    headers,
  );

describe('restart with a data dir', () => {
  it('keeps agents, actions, approvals, audit log, webhooks, kill switch and idempotent answers', async () => {
    const dir = join(root, 'roundtrip');
    const a = await start(dir);
    const admin = adminClient(a.url);
    await call(a, 'POST', '/api/registry/agents', {
      agent_id: 'refund-bot',
      display_name: 'Refund Bot',
      agent_type: 'supervised',
      environment: 'staging',
      capabilities: ['refunds'],
      allowed_resources: [],
      sdk_version: 't',
      metadata: { team: 'payments' },
    });
    const allowed = await submit(a, { amount: 10 });
    const approvedLater = await submit(a, { amount: 400 });
    const rejectedLater = await submit(a, { amount: 900 });
    const stillPending = await submit(a, { amount: 700 });
    await admin.approve(approvedLater.json['action_id'] as number, { by: 'ciso', comment: 'ok' });
    await admin.deny(rejectedLater.json['action_id'] as number, { by: 'ciso', reason: 'too much' });
    await call(a, 'POST', `/api/agent-action/${String(allowed.json['action_id'])}/complete`, {
      action_id: String(allowed.json['action_id']),
      status: 'completed',
      completed_at: '2026-01-01T00:00:00Z',
      duration_ms: 5,
    });
    const wh = await call(a, 'POST', '/api/webhooks/configure', { url: 'http://127.0.0.1:9/hook', events: ['action.approved'], secret: 'whsec_roundtrip' });
    await admin.setKillSwitch(true, { reason: 'maintenance', by: 'ops' });
    const idem = await submit(a, { amount: 20 }, { ...H, 'idempotency-key': 'idem-restart-1' });
    const auditBefore = await call(a, 'GET', '/audit/logs?limit=500');
    await stop(a);

    const b = await start(dir);
    const adminB = adminClient(b.url);
    expect((await adminB.get<{ agents: { agent_id: string; environment: string }[] }>('/_admin/agents')).agents).toEqual([
      expect.objectContaining({ agent_id: 'refund-bot', environment: 'staging' }),
    ]);
    expect((await call(b, 'GET', `/api/v1/actions/${String(allowed.json['action_id'])}`)).json['status']).toBe('approved');
    expect((await call(b, 'GET', `/api/v1/actions/${String(approvedLater.json['action_id'])}/status`)).json).toMatchObject({
      decision: 'allowed',
      reviewed_by: 'ciso',
    });
    expect((await call(b, 'GET', `/api/agent-action/status/${String(rejectedLater.json['action_id'])}`)).json).toMatchObject({
      decision: 'denied',
      status: 'rejected',
    });
    expect((await call(b, 'GET', `/api/sdk/approval/${String(stillPending.json['approval_request_id'])}`)).json['status']).toBe('pending');
    expect((await adminB.pending()).map((p) => p.action_id)).toEqual([stillPending.json['action_id']]);
    expect((await call(b, 'GET', '/api/webhooks')).json['webhooks']).toEqual([
      expect.objectContaining({ webhook_id: wh.json['webhook_id'], url: 'http://127.0.0.1:9/hook' }),
    ]);
    expect((await call(b, 'GET', '/api/sdk/kill-switch/status')).json).toMatchObject({ active: true, reason: 'maintenance', activated_by: 'ops' });
    const auditAfter = await call(b, 'GET', '/audit/logs?limit=500');
    expect(auditAfter.json['events']).toEqual(auditBefore.json['events']);
    // A client retrying with its idempotency key after the restart gets the stored answer.
    const replay = await submit(b, { amount: 20 }, { ...H, 'idempotency-key': 'idem-restart-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json['action_id']).toBe(idem.json['action_id']);
    // Ids continue where they stopped.
    await adminB.setKillSwitch(false);
    const next = await submit(b, { amount: 1 });
    expect(next.json['action_id']).toBe((idem.json['action_id'] as number) + 1);
    const wh2 = await call(b, 'POST', '/api/webhooks/configure', { url: 'http://127.0.0.1:9/other', events: [] });
    expect(wh2.json['webhook_id']).toBe('wh_2');
  });

  it('a reset is durable too', async () => {
    const dir = join(root, 'reset');
    const a = await start(dir);
    await submit(a, { amount: 10 });
    await adminClient(a.url).reset();
    await submit(a, { amount: 11 });
    await stop(a);
    const b = await start(dir);
    const summary = await adminClient(b.url).summary();
    expect(summary.counts.actions).toBe(1);
    expect((await call(b, 'GET', '/api/v1/actions/1')).json['action_details']).toEqual({ amount: 11 });
  });

  it('concurrent writes share fsyncs (group commit) and all of them are acknowledged durable', async () => {
    const dir = join(root, 'group');
    const a = await start(dir);
    const before = a.storeStats().syncs;
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => submit(a, { amount: 1, i })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const syncs = a.storeStats().syncs - before;
    expect(syncs).toBeGreaterThan(0);
    expect(syncs).toBeLessThan(200);
    await stop(a);
    const b = await start(dir);
    expect((await adminClient(b.url).summary()).counts.actions).toBe(200);
  });

  it('compaction keeps everything: many snapshots under a tiny threshold, then a restart', async () => {
    const dir = join(root, 'compact');
    const a = await start(dir, { journal: { compactAfterBytes: 4096 } });
    const ids: number[] = [];
    for (let round = 0; round < 10; round++) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(a, { amount: 500, round, i })));
      ids.push(...batch.map((r) => r.json['action_id'] as number));
      await adminClient(a.url).approve(ids[ids.length - 1]!);
    }
    await a.flush();
    expect(a.storeStats().compactions).toBeGreaterThan(2);
    const files = await readdir(dir);
    expect(files.filter((f) => f.startsWith('journal-')).length).toBeLessThanOrEqual(3);
    await stop(a);
    const b = await start(dir);
    expect((await adminClient(b.url).summary()).counts.actions).toBe(100);
    expect((await adminClient(b.url).pending()).length).toBe(90);
  });
});

describe('damaged or busy data dirs', () => {
  it('ignores a torn last line (a write cut short by a crash, never acknowledged)', async () => {
    const dir = join(root, 'torn');
    const a = await start(dir);
    await submit(a, { amount: 5 });
    await a.flush();
    // Simulate a crash in the middle of writing the next entry: no close, no compaction.
    const segment = (await readdir(dir))
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .pop()!;
    await appendFile(join(dir, segment), '{"k":"action","v":{"id":2,"actio');
    await stop(a);
    await appendFile(join(dir, segment), '{"k":"action","v":{"id":2,"actio');
    const logs: string[] = [];
    const b = await start(dir, { logger: { log: (r) => logs.push(JSON.stringify(r)) }, logLevel: 'info' });
    expect((await adminClient(b.url).summary()).counts.actions).toBe(1);
    expect(logs.some((l) => l.includes('"torn_tail_ignored":true'))).toBe(true);
    // The dir was compacted at start: the torn segment is gone and writing continues cleanly.
    expect(await readdir(dir)).not.toContain(segment);
    await submit(b, { amount: 6 });
    await stop(b);
    const c = await start(dir);
    expect((await adminClient(c.url).summary()).counts.actions).toBe(2);
  });

  it('refuses a journal damaged in the middle, naming the file and line', async () => {
    const dir = join(root, 'damaged');
    const a = await start(dir);
    await submit(a, { amount: 5 });
    await stop(a);
    const segment = (await readdir(dir))
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .pop()!;
    await writeFile(join(dir, segment), 'not json\n{"k":"killSwitch","v":{"active":true,"reason":null,"activatedAt":null,"activatedBy":null}}\n');
    const error = await startDevServer({ port: 0, dataDir: dir, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirError);
    expect((error as Error).message).toContain(`${segment}:1`);
    // The failed start released the lock.
    expect(await readdir(dir)).not.toContain('lock');
  });

  it('refuses a data dir another live server holds, and takes over the lock of a dead one', async () => {
    const dir = join(root, 'locked');
    const a = await start(dir);
    const error = await startDevServer({ port: 0, dataDir: dir, logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirError);
    expect((error as Error).message).toContain(`in use by another dev server in this process`);
    await stop(a);
    // A lock left by a process that no longer exists (a crash) is taken over.
    await writeFile(join(dir, 'lock'), '999999999\n');
    const b = await start(dir);
    expect(await readFile(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await stop(b);
  });
});

describe('webhook deliveries across a restart', () => {
  let receiver: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      hits.push(String(req.headers['x-event-type']));
      req.resume();
      res.writeHead(200).end('{}');
    });
    // Reserve a port, then close it: deliveries fail (connection refused) until it listens again.
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (receiver.listening ? receiver.close(() => resolve()) : resolve()));
  });

  it('a delivery still pending at shutdown is sent after the restart', async () => {
    const dir = join(root, 'deliveries');
    const a = await start(dir, { webhookRetry: { attempts: 5, initialDelayMs: 60_000 } });
    await call(a, 'POST', '/api/webhooks/configure', { url: `http://127.0.0.1:${port}/hook`, events: ['action.approved'], secret: 'whsec_restart' });
    const pending = await submit(a, { amount: 300 });
    await adminClient(a.url).approve(pending.json['action_id'] as number);
    await expect.poll(() => a.deliveries()[0]?.attempts.length ?? 0).toBe(1);
    expect(a.deliveries()[0]).toMatchObject({ status: 'pending', eventType: 'action.approved' });
    await stop(a);

    await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
    const b = await start(dir, { webhookRetry: { attempts: 5, initialDelayMs: 60_000 } });
    await expect.poll(() => b.deliveries()[0]?.status).toBe('delivered');
    expect(b.deliveries()[0]!.attempts).toHaveLength(2);
    expect(hits).toEqual(['action.approved']);
  });
});
