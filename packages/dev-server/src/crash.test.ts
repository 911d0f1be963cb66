/**
 * Crash safety of `--data`: the real CLI runs as a child process, concurrent writers drive
 * submits, approvals, registrations, a webhook and the kill switch over HTTP, the process is
 * killed with SIGKILL while requests are in flight, and a restarted server on the same dir must
 * hold every write that got a 2xx answer. Also: SIGTERM and SIGINT shut down gracefully (exit 0)
 * and nothing is lost either.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './test-support/admin-client.js';
import { bundleCli, startCli, type CliProcess } from './test-support/cli-process.js';

const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };
let dir: string;
const running: CliProcess[] = [];

beforeAll(async () => {
  await bundleCli();
  dir = await mkdtemp(join(tmpdir(), 'ascend-crash-'));
});
afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function start(data: string, extra: string[] = []): Promise<CliProcess> {
  const p = await startCli(['--port', '0', '--data', data, '--log-level', 'warn', ...extra]);
  running.push(p);
  return p;
}

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = H): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function get(url: string, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, { headers: H });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

interface Acked {
  actions: Map<number, { actionType: string; decision: string }>;
  approved: Set<number>;
  agents: Set<string>;
  webhooks: Set<string>;
  killSwitch: boolean | undefined;
}

describe('crash safety of --data', () => {
  it('SIGKILL mid-run: every write that got a 2xx answer is there after a restart', async () => {
    const data = join(dir, 'sigkill');
    const first = await start(data);
    const acked: Acked = { actions: new Map(), approved: new Set(), agents: new Set(), webhooks: new Set(), killSwitch: undefined };
    let total = 0;
    let stop = false;
    const pendingIds: number[] = [];

    const submitter = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const amount = i % 3 === 0 ? 500 : 40;
        try {
          const r = await post(first.url, '/api/v1/actions/submit', {
            agent_id: `crash-bot-${w}`,
            agent_name: 'Crash Bot',
            action_type: 'financial.refund',
            resource: 'stripe_api',
            action_details: { amount, writer: w, i },
          });
          if (r.status === 200) {
            const id = r.json['action_id'] as number;
            acked.actions.set(id, { actionType: 'financial.refund', decision: r.json['decision'] as string });
            if (r.json['decision'] === 'pending') pendingIds.push(id);
            total++;
          }
        } catch {
          return; // the server is gone
        }
      }
    };
    const approver = async (): Promise<void> => {
      while (!stop) {
        const id = pendingIds.shift();
        try {
          if (id === undefined) {
            await get(first.url, '/health');
            continue;
          }
          const res = await fetch(`${first.url}/_admin/approvals/${id}/approve`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ by: 'crash-test' }),
          });
          if (res.status === 200) {
            acked.approved.add(id);
            total++;
          }
        } catch {
          return;
        }
      }
    };
    const registrar = async (): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          const agentId = `agent-${i}`;
          const r = await post(first.url, '/api/registry/agents', {
            agent_id: agentId,
            display_name: `Agent ${i}`,
            agent_type: 'supervised',
            environment: 'test',
            capabilities: [],
            allowed_resources: [],
            sdk_version: 'test',
            metadata: {},
          });
          if (r.status === 200) {
            acked.agents.add(agentId);
            total++;
          }
          if (i === 5) {
            const wh = await post(first.url, '/api/webhooks/configure', {
              url: 'http://127.0.0.1:9/never',
              events: ['action.approved'],
              secret: 'whsec_crash_test',
            });
            if (wh.status === 200) acked.webhooks.add(wh.json['webhook_id'] as string);
            const ks = await fetch(`${first.url}/_admin/kill-switch`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ active: true, reason: 'crash drill' }),
            });
            if (ks.status === 200) acked.killSwitch = true;
            const off = await fetch(`${first.url}/_admin/kill-switch`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ active: false }),
            });
            if (off.status === 200) acked.killSwitch = false;
          }
        } catch {
          return;
        }
      }
    };

    const workers = [...Array.from({ length: 6 }, (_, w) => submitter(w)), approver(), registrar()];
    // Kill once a good number of writes were acknowledged, with requests still in flight.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (total >= 600) {
          clearInterval(check);
          resolve();
        }
      }, 5);
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    stop = true;
    await Promise.all(workers);
    expect(acked.actions.size).toBeGreaterThanOrEqual(400);
    expect(acked.approved.size).toBeGreaterThan(0);

    const second = await start(data);
    const admin = adminClient(second.url);
    for (const [id, expected] of acked.actions) {
      const r = await get(second.url, `/api/v1/actions/${id}/status`);
      expect(r.status, `action ${id}`).toBe(200);
      const decision = acked.approved.has(id) ? 'allowed' : expected.decision;
      if (expected.decision !== 'pending' || acked.approved.has(id)) expect(r.json['decision'], `action ${id}`).toBe(decision);
    }
    for (const id of acked.approved) {
      const a = await get(second.url, `/api/v1/actions/${id}`);
      expect(a.json['status'], `approval of ${id}`).toBe('approved');
    }
    const agents = new Set((await admin.get<{ agents: { agent_id: string }[] }>('/_admin/agents')).agents.map((a) => a.agent_id));
    for (const id of acked.agents) expect(agents.has(id), `agent ${id}`).toBe(true);
    const webhooks = (await admin.get<{ webhooks: { webhook_id: string }[] }>('/_admin/webhooks')).webhooks.map((w) => w.webhook_id);
    for (const id of acked.webhooks) expect(webhooks).toContain(id);
    if (acked.killSwitch !== undefined) expect((await admin.summary()).kill_switch.active).toBe(acked.killSwitch);
    // The audit log holds an entry for every acknowledged submit and approval.
    const audit = (await admin.get<{ events: { event_type: string; details: { action_id?: number } }[] }>('/_admin/audit?limit=10000')).events;
    const submitted = new Set(audit.filter((e) => e.event_type === 'action.submitted').map((e) => e.details.action_id));
    const approvedAudit = new Set(audit.filter((e) => e.event_type === 'action.approved').map((e) => e.details.action_id));
    for (const id of acked.actions.keys()) expect(submitted.has(id), `audit of action ${id}`).toBe(true);
    for (const id of acked.approved) expect(approvedAudit.has(id), `audit of approval ${id}`).toBe(true);
    // New ids continue after the recovered ones.
    const next = await post(second.url, '/api/v1/actions/submit', { agent_id: 'after', agent_name: 'After', action_type: 'database.query', resource: 'db' });
    expect(next.json['action_id']).toBeGreaterThan(Math.max(...acked.actions.keys()));

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('a second server refuses a data dir that a live ascend-dev process holds', async () => {
    const data = join(dir, 'busy');
    const p = await start(data);
    const second = spawnSync(process.execPath, [await bundleCli(), '--port', '0', '--data', data], { encoding: 'utf8', timeout: 20_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`is in use by process ${p.child.pid}`);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 30_000);

  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: graceful shutdown with exit 0, journal flushed, lock released',
    async (signal) => {
      const data = join(dir, signal.toLowerCase());
      const p = await start(data, ['--log-level', 'info']);
      const ids: number[] = [];
      for (let i = 0; i < 20; i++) {
        const r = await post(p.url, '/api/v1/actions/submit', {
          agent_id: 'a',
          agent_name: 'A',
          action_type: 'database.query',
          resource: 'db',
          action_details: { i },
        });
        ids.push(r.json['action_id'] as number);
      }
      // Requests in flight when the signal arrives are finished, not dropped.
      const inFlight = Array.from({ length: 10 }, (_, i) =>
        post(p.url, '/api/v1/actions/submit', { agent_id: 'b', agent_name: 'B', action_type: 'database.query', resource: 'db', action_details: { i } }).then(
          (r) => (r.status === 200 ? (r.json['action_id'] as number) : null),
          () => null,
        ),
      );
      p.child.kill(signal);
      const finished = (await Promise.all(inFlight)).filter((id): id is number => id !== null);
      expect(await p.exited).toBe(0);
      expect(p.stdout()).toContain('"message":"dev server stopped"');
      expect(await readdir(data)).not.toContain('lock');

      const again = await start(data);
      for (const id of [...ids, ...finished]) expect((await get(again.url, `/api/v1/actions/${id}`)).status).toBe(200);
      again.child.kill('SIGTERM');
      expect(await again.exited).toBe(0);
    },
    30_000,
  );
});
