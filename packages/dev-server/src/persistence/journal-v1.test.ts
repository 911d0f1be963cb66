/**
 * A data dir written by the previous release (journal format 1: no id counters journaled, whole
 * collections rewritten, a snapshot without a `journal` marker) loads with everything in it, ids
 * continue where they stopped, and from its first start on it is written in format 2.
 *
 * The fixture was made by that release's `ascend-dev --data DIR`, killed with SIGKILL after:
 * two agents registered and one deregistered, five refunds (one allowed, 2 approved, 3 rejected,
 * 4 and 5 still pending), two webhooks configured and the second deleted, a submit with the
 * idempotency key `old-idem-1` (action 6), and the kill switch turned on.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '@ascend/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../index.js';
import { adminClient } from '../test-support/admin-client.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-support', 'fixtures', 'data-dir-journal-format-1');
const H = { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key' };
// The fixture's pending approvals expire an hour after it was written: the servers run on a clock
// fixed a few minutes after that moment, so the test reads the same state on any day.
const FIXTURE_TIME = Date.parse('2026-12-07T17:20:00.000Z');
const fake = { now: () => FIXTURE_TIME };
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-journal-v1-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function call(
  s: DevServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = H,
): Promise<{ json: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${s.url}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { json: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

const refund = { agent_id: 'refund-bot', agent_name: 'Refund Bot', action_type: 'financial.refund', resource: 'stripe_api' };

describe('a data dir of journal format 1', () => {
  it('loads, continues its ids, and is written in format 2 from then on', async () => {
    const dir = join(root, 'dir');
    await cp(FIXTURE, dir, { recursive: true });
    const a = await startDevServer({ port: 0, dataDir: dir, logger: silentLogger, fake });
    try {
      const admin = adminClient(a.url);
      expect(a.fake.listAgents().map((x) => [x.agentId, x.id])).toEqual([['refund-bot', 1]]);
      expect(a.fake.listActions().map((x) => [x.id, x.status])).toEqual([
        [1, 'approved'],
        [2, 'approved'],
        [3, 'rejected'],
        [4, 'pending_approval'],
        [5, 'pending_approval'],
        [6, 'approved'],
      ]);
      expect(a.fake.getAction(2)?.reviewedBy).toBe('ciso');
      expect((await admin.pending()).map((p) => p.action_id)).toEqual([4, 5]);
      expect(a.fake.listWebhooks().map((w) => [w.webhookId, w.secret])).toEqual([['wh_1', 'whsec_old']]);
      expect(a.fake.killSwitch).toMatchObject({ active: true, reason: 'maint', activatedBy: 'ops' });
      expect(a.fake.auditLog.map((e) => e.eventId)).toEqual(Array.from({ length: 20 }, (_, i) => `ev-${i + 1}`));
      const replay = await call(a, 'POST', '/api/v1/actions/submit', { ...refund, action_details: { amount: 20 } }, { ...H, 'idempotency-key': 'old-idem-1' });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.json['action_id']).toBe(6);

      // Every counter continues from the ids format 1 wrote.
      await admin.setKillSwitch(false);
      expect(a.fake.auditLog.slice(20).map((e) => e.eventId)).toEqual(['ev-21', 'ev-22']);
      expect((await call(a, 'POST', '/api/v1/actions/submit', { ...refund, action_details: { amount: 400 } })).json).toMatchObject({
        action_id: 7,
        approval_request_id: 'apr_5',
      });
      expect((await call(a, 'POST', '/api/registry/agents', { agent_id: 'new-bot', display_name: 'New', agent_type: 'supervised' })).json['id']).toBe(3);
      expect((await call(a, 'POST', '/api/webhooks/configure', { url: 'http://127.0.0.1:9/x', events: [] })).json['webhook_id']).toBe('wh_3');
    } finally {
      await a.close();
    }
    const snapshot = JSON.parse(await readFile(join(dir, 'snapshot.json'), 'utf8')) as { journal?: number };
    expect(snapshot.journal).toBe(2);

    // The second start reads the format 2 journal the first one wrote.
    const b = await startDevServer({ port: 0, dataDir: dir, logger: silentLogger, fake });
    try {
      expect(b.fake.listActions().map((x) => x.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(b.fake.getApproval(7)?.approvalId).toBe('apr_5');
      expect(b.fake.listAgents().map((x) => x.agentId)).toEqual(['refund-bot', 'new-bot']);
      expect(b.fake.listWebhooks().map((w) => w.webhookId)).toEqual(['wh_1', 'wh_3']);
      expect(b.fake.killSwitch.active).toBe(false);
      expect((await call(b, 'POST', '/api/v1/actions/submit', { ...refund, action_details: { amount: 1 } })).json['action_id']).toBe(8);
      expect(b.fake.auditLog.length).toBe(a.fake.auditLog.length + 1);
    } finally {
      await b.close();
    }
  });
});
