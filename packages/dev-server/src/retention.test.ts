/**
 * Bounded memory (`retainActions` / `--retain-actions`): the dev server holds the last N settled
 * actions and every pending one; an evicted action's status answers 404 saying why; the admin
 * summary counts held and evicted actions; with a data dir the journal keeps the full history in
 * `DIR/history/`, a restart holds no more than the limit (nothing evicted comes back), ids keep
 * increasing, and a pending action survives and can still be approved.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AscendClient, NotFoundError, silentLogger } from '@ascend/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DevServerConfigError, startDevServer, type DevServer, type DevServerOptions } from './index.js';
import { adminClient } from './test-support/admin-client.js';

const H = { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key' };
let root: string;
const open: DevServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-retention-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(options: DevServerOptions): Promise<DevServer> {
  const s = await startDevServer({ port: 0, logger: silentLogger, ...options });
  open.push(s);
  return s;
}

async function stop(s: DevServer): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.close();
}

async function submit(s: DevServer, amount: number, agentId = 'refund-bot'): Promise<number> {
  const res = await fetch(`${s.url}/api/v1/actions/submit`, {
    method: 'POST',
    headers: H,
    body: JSON.stringify({ agent_id: agentId, action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount } }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { action_id: number }).action_id;
}

async function statusOf(s: DevServer, id: number): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${s.url}/api/v1/actions/${id}/status`, { headers: H });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Ids of the actions written to any journal file of `dataDir`, live or in `history/`. */
async function journaledActionIds(dataDir: string): Promise<Set<number>> {
  const history = join(dataDir, 'history');
  const historyFiles = await readdir(history).catch(() => [] as string[]);
  const files = [
    ...historyFiles.map((f) => join(history, f)),
    ...(await readdir(dataDir)).filter((f) => f.startsWith('journal-')).map((f) => join(dataDir, f)),
  ];
  const seen = new Set<number>();
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as { k: string; v?: { id?: number } };
      if (entry.k === 'action' && typeof entry.v?.id === 'number') seen.add(entry.v.id);
    }
  }
  return seen;
}

describe('retention of actions', () => {
  it('holds the last N settled actions plus pending ones; an evicted action answers 404 to the client', async () => {
    const s = await start({ retainActions: 3 });
    const pending = await submit(s, 500);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await submit(s, 10));
    expect(s.fake.listActions().map((a) => a.id)).toEqual([pending, ...ids.slice(-3)]);

    const gone = await statusOf(s, ids[0]!);
    expect(gone.status).toBe(404);
    expect(gone.json['detail']).toMatch(/no longer held in memory/);
    const client = new AscendClient({ baseUrl: s.url, apiKey: s.apiKey, agentId: 'refund-bot', env: {}, logger: silentLogger });
    try {
      await expect(client.getActionStatus(String(ids[0]))).rejects.toBeInstanceOf(NotFoundError);
      expect((await client.getActionStatus(String(pending))).decision).toBe('pending');
    } finally {
      await client.close();
    }

    const summary = await adminClient(s.url).summary();
    expect(summary.counts).toMatchObject({ last_action_id: 9, held_actions: 4, retain_actions: 3, evicted_actions: 5, pending_approvals: 1 });
  });

  it('with a data dir: history on disk, a restart holds no more than the limit, ids continue, the pending action is approvable', async () => {
    const dataDir = join(root, 'restart');
    const a = await start({ retainActions: 4, dataDir, journal: { compactAfterBytes: 4096 } });
    const pending = await submit(a, 500);
    for (let i = 0; i < 40; i++) await submit(a, 10);
    await a.flush();
    expect(a.storeStats().compactions).toBeGreaterThan(1);
    await stop(a);

    const b = await start({ retainActions: 4, dataDir });
    const held = b.fake.listActions().map((x) => x.id);
    expect(held).toEqual([pending, 38, 39, 40, 41]);
    expect(b.fake.retention.held).toBe(5);
    expect((await statusOf(b, 2)).status).toBe(404);
    expect(await submit(b, 10)).toBe(42);
    b.fake.approve(pending, { by: 'ciso@corp.example' });
    expect((await statusOf(b, pending)).json).toMatchObject({ decision: 'allowed' });
    await stop(b);

    // Every action ever submitted is in the journal files: the history segments plus the live ones.
    const seen = await journaledActionIds(dataDir);
    for (let id = 1; id <= 42; id++) expect(seen.has(id), `action ${id} in the history`).toBe(true);

    // A smaller limit at the next start trims what is held, by the same rule.
    const c = await start({ retainActions: 2, dataDir });
    // (The pending action was approved last, so it is the most recently settled.)
    expect(c.fake.listActions().map((x) => x.id)).toEqual([pending, 42]);
  });

  it('an action evicted in the same journal round as its last change is still written', async () => {
    const dataDir = join(root, 'same-round');
    const a = await start({ retainActions: 1, dataDir });
    // Concurrent submits share journal rounds; with a limit of 1 most leave memory at once.
    await Promise.all(Array.from({ length: 20 }, () => submit(a, 10)));
    await stop(a);
    const b = await start({ retainActions: 100, dataDir });
    // Only the one held at shutdown comes back; the other 19 are in the journal as evicted.
    expect(b.fake.listActions()).toHaveLength(1);
    await stop(b);
    const seen = await journaledActionIds(dataDir);
    for (let id = 1; id <= 20; id++) expect(seen.has(id), `action ${id} in the journal`).toBe(true);
  });

  it('rejects an invalid limit, and fake.limits.actions in favour of retainActions', async () => {
    await expect(startDevServer({ retainActions: 0 })).rejects.toThrow(DevServerConfigError);
    await expect(startDevServer({ retainActions: 1.5 })).rejects.toThrow(/retainActions/);
    await expect(startDevServer({ fake: { limits: { actions: 5 } } })).rejects.toThrow(/retainActions/);
  });
});
