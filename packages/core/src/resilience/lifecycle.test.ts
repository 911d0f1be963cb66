/**
 * Lifecycle: the heartbeat runs on its own timer, close() stops every timer and is idempotent,
 * and a real Node process that used polling, heartbeat and an approval wait exits by itself
 * after close().
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultTimers } from '../runtime.js';
import { eventually } from '../test-support/fake-time.js';
import { PENDING, REQUEST, rejection, scenario, STATUS, STILL_PENDING, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const HEARTBEAT = '/api/agents/health/heartbeat';

describe('heartbeat and close()', () => {
  it('sends a signed heartbeat every intervalMs on its own timer, and never before the first interval', async () => {
    const { client, time } = scenario(server.baseUrl, { heartbeat: { enabled: true, intervalMs: 10_000 } });
    server.route('POST', HEARTBEAT, () => reply.json({}));
    await time.advance(9999);
    expect(server.requests).toHaveLength(0);
    await time.advance(20_001);
    const beats = server.requestsTo('POST', HEARTBEAT);
    expect(beats).toHaveLength(3);
    expect(JSON.parse(beats[0]!.body)).toMatchObject({ agent_id: 'agent-001', sdk_version: expect.any(String), timestamp: expect.any(String) });
    expect(beats[0]!.headers['x-signature']).toMatch(/^v1=/);
    await client.close();
    await time.advance(60_000);
    expect(server.requestsTo('POST', HEARTBEAT)).toHaveLength(3);
  });

  it('a failing heartbeat is swallowed and the schedule goes on', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, heartbeat: { enabled: true, intervalMs: 1000 } });
    server.route('POST', HEARTBEAT, (_r, n) => (n === 0 ? reply.status(500) : reply.json({})));
    await time.advance(3000);
    expect(server.requestsTo('POST', HEARTBEAT)).toHaveLength(3);
    await client.close();
  });

  it('close() cancels timers, in-flight calls and waits, leaves no timer behind, and is idempotent', async () => {
    const { client, time } = scenario(server.baseUrl, {
      killSwitch: { poll: true, intervalMs: 1000 },
      heartbeat: { enabled: true, intervalMs: 1000 },
    });
    server.route('GET', '/api/sdk/kill-switch/status', () => reply.json({ active: false }));
    server.route('POST', HEARTBEAT, () => reply.json({}));
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    server.route('GET', '/health', () => new Promise<Response>(() => {})); // never answers
    const waiting = rejection(client.evaluateAction(REQUEST, { waitForApproval: true }));
    const hanging = rejection(client.health());
    await eventually(() => server.requestsTo('GET', STATUS).length === 1 && server.requestsTo('GET', '/health').length === 1, 'the wait and the hung call');
    const first = client.close();
    const second = client.close();
    expect(second).toBe(first);
    await first;
    expect(await waiting).toMatchObject({ code: 'ABORTED' });
    expect(await hanging).toMatchObject({ code: 'ABORTED' });
    expect(time.size).toBe(0);
    expect(client.status()).toMatchObject({ closed: true, killSwitch: { polling: false } });
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'CONFIG_ERROR' });
  });

  it('the default timers release the process for background work and hold it for awaited work', () => {
    const background = defaultTimers.setTimeout(() => {}, 60_000, 'background') as { hasRef(): boolean };
    const awaited = defaultTimers.setTimeout(() => {}, 60_000, 'awaited') as { hasRef(): boolean };
    const unsaid = defaultTimers.setTimeout(() => {}, 60_000) as { hasRef(): boolean };
    expect(background.hasRef()).toBe(false);
    expect(awaited.hasRef()).toBe(true);
    expect(unsaid.hasRef()).toBe(true);
    for (const handle of [background, awaited, unsaid]) defaultTimers.clearTimeout(handle);
  });
});

describe('which timers may hold the process', () => {
  it('awaited work (attempt timeout, retry backoff, approval poll) is awaited; polling, heartbeat and spool replay are background', async () => {
    const { client, time } = scenario(server.baseUrl, {
      heartbeat: { enabled: true, intervalMs: 10_000 },
      killSwitch: { poll: true, intervalMs: 1000 },
      retry: { maxRetries: 2 },
    });
    const kinds = () => time.pending().map((t) => `${t.delay}:${t.kind}`);
    // At rest: only the background schedules.
    expect(kinds().sort()).toEqual(['0:background', '10000:background']);
    server.route('GET', '/api/sdk/kill-switch/status', () => reply.json({ active: false }));
    server.route('POST', SUBMIT, (_r, n) => (n === 0 ? reply.status(503) : reply.json(PENDING)));
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    const waiting = rejection(client.evaluateAction(REQUEST, { waitForApproval: true, approvalTimeoutMs: 60_000, pollIntervalMs: 2000 }));
    // The 503 was answered: the backoff before the second attempt is awaited.
    await eventually(() => server.requestsTo('POST', SUBMIT).length === 1 && time.pending().some((t) => t.kind === 'awaited'), 'the backoff');
    expect(time.pending().filter((t) => t.kind === 'awaited')).toHaveLength(1);
    await time.advance(time.pending().find((t) => t.kind === 'awaited')!.dueIn);
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the first poll');
    // Between polls: the approval poll's sleep is awaited.
    await eventually(() => time.pending().some((t) => t.delay === 2000), 'the poll sleep');
    expect(time.pending().find((t) => t.delay === 2000)!.kind).toBe('awaited');
    await client.close({ flushDeadlineMs: 0 });
    expect(await waiting).toMatchObject({ code: 'ABORTED' });
  });

  it('the spool replay timer of a report made during an outage is background', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, reportSpool: { replayIntervalMs: 5000 } });
    server.route('POST', '/api/agent-action/9/complete', () => reply.status(503));
    expect(await client.logActionCompleted('9')).toMatchObject({ spooled: true });
    expect(time.pending().map((t) => `${t.delay}:${t.kind}`)).toEqual(['5000:background']);
    await client.close({ flushDeadlineMs: 0 });
  });

  it('an attempt in flight is timed by an awaited timer for a caller, a background one for a poll', async () => {
    const { client, time } = scenario(server.baseUrl, { killSwitch: { poll: true, intervalMs: 1000 }, timeoutMs: 4321 });
    server.route('GET', '/api/sdk/kill-switch/status', () => new Promise<Response>(() => {}));
    await time.advance(0);
    await eventually(() => time.pending().some((t) => t.delay === 4321), 'the poll in flight');
    expect(
      time
        .pending()
        .filter((t) => t.delay === 4321)
        .map((t) => t.kind),
    ).toEqual(['background']);
    server.route('POST', SUBMIT, () => new Promise<Response>(() => {}));
    const pending = rejection(client.evaluateAction(REQUEST));
    await eventually(() => time.pending().filter((t) => t.delay === 4321).length === 2, 'the call in flight');
    expect(
      time
        .pending()
        .filter((t) => t.delay === 4321)
        .map((t) => t.kind)
        .sort(),
    ).toEqual(['awaited', 'background']);
    await client.close();
    expect(await pending).toMatchObject({ code: 'ABORTED' });
  });
});

describe('a real process', () => {
  const adapter = fileURLToPath(new URL('../../../node/dist/index.js', import.meta.url));
  const fixture = fileURLToPath(new URL('./fixtures/close-exits.mjs', import.meta.url));

  it('with kill-switch polling, heartbeat and an approval wait exits by itself after close()', async () => {
    if (!existsSync(adapter)) throw new Error(`${adapter} is missing: build @ascend/node first (pnpm --filter @ascend/node build)`);
    let killSwitchPolls = 0;
    const local = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const answer = (body: unknown) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.url === '/api/sdk/kill-switch/status') {
          if (++killSwitchPolls <= 2) answer({ active: false });
          return; // later polls hang: close() has to cancel one in flight
        }
        if (req.url === SUBMIT) return answer({ ...PENDING, expires_at: undefined });
        if (req.url === STATUS) return answer(STILL_PENDING);
        return answer({});
      });
    });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', r));
    try {
      const baseUrl = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
      const child = spawn(process.execPath, [fixture, baseUrl, new URL(`file://${adapter}`).href], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // A generous safety net only: the assertion is that the process was not killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
      clearTimeout(killer);
      expect({ signal, stderr }).toEqual({ signal: null, stderr: '' });
      expect(code).toBe(0);
      const report = JSON.parse(stdout.trim()) as { wait: string; closed: boolean; polling: boolean; seen: Record<string, number> };
      expect(report).toMatchObject({ wait: 'ABORTED', closed: true, polling: false });
      expect(report.seen.killSwitch).toBeGreaterThanOrEqual(3);
      expect(killSwitchPolls).toBeGreaterThanOrEqual(3);
    } finally {
      local.closeAllConnections();
      await new Promise<void>((r) => local.close(() => r()));
    }
  }, 30_000);
});
