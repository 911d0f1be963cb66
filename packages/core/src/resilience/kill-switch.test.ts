/**
 * The kill switch through the client (msw, fake time): non-blocking idempotent polling, blocking
 * every evaluation path before any I/O, outranking fail-open, staleness, and the
 * pending-commands fallback with acks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED, REQUEST, rejection, scenario, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const KILL_SWITCH = '/api/sdk/kill-switch/status';
const COMMANDS = '/api/registry/agents/agent-001/commands';
const MCP = '/api/v1/mcp/actions/submit';
const MCP_REQUEST = { mcpServer: 'fs-server', namespace: 'filesystem', verb: 'read_file', resource: '/etc/app.conf' };

describe('kill switch through the client', () => {
  it('starting polls from a timer (the constructor and start() return first), and starting twice keeps one schedule', async () => {
    const { client, time } = scenario(server.baseUrl, { killSwitch: { poll: true, intervalMs: 1000 } });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: false }));
    client.startKillSwitchPolling();
    client.startKillSwitchPolling();
    expect(server.requests).toHaveLength(0);
    expect(time.size).toBe(1);
    await time.advance(3000);
    expect(server.requestsTo('GET', KILL_SWITCH)).toHaveLength(4); // t = 0, 1, 2, 3 s
    expect(client.status().killSwitch).toMatchObject({ active: false, polling: true, stale: false });
    client.stopKillSwitchPolling();
    expect(time.size).toBe(0);
    await time.advance(10_000);
    expect(server.requestsTo('GET', KILL_SWITCH)).toHaveLength(4);
  });

  it('while active, single, bulk and MCP evaluations fail with KillSwitchError before any I/O, in fail-open mode too', async () => {
    const { client, time, events } = scenario(server.baseUrl, { failMode: 'open', killSwitch: { poll: true, intervalMs: 1000 } });
    server.route('GET', KILL_SWITCH, (_r, n) => reply.json(n < 2 ? { active: true, reason: 'INC-42' } : { active: false }));
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    server.route('POST', MCP, () => reply.json(ALLOWED));
    await time.advance(0);
    expect(events.filter((e) => e.name === 'killSwitchChange').map((e) => e.payload)).toEqual([{ active: true, reason: 'INC-42', stale: false }]);

    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', reason: 'INC-42' });
    expect(await rejection(client.evaluateMcpAction(MCP_REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE' });
    const bulk = await client.evaluateActions([REQUEST, REQUEST, REQUEST]);
    expect(bulk).toMatchObject({ total: 3, succeeded: 0, failed: 3 });
    for (const r of bulk.results) expect(r).toMatchObject({ ok: false, error: { code: 'KILL_SWITCH_ACTIVE' } });
    expect(server.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await time.advance(2000); // the third poll says inactive
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed', failOpen: undefined });
    expect(events.filter((e) => e.name === 'killSwitchChange').map((e) => e.payload.active)).toEqual([true, false]);
  });

  it('stale with onStale keep: actions go on (and fail open or closed as usual); the state says stale', async () => {
    const { client, time, events } = scenario(server.baseUrl, {
      retry: { maxRetries: 0 },
      killSwitch: { poll: true, intervalMs: 1000, staleAfterMs: 2500, onStale: 'keep' },
    });
    server.route('GET', KILL_SWITCH, () => reply.networkError());
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    await time.advance(3000);
    expect(client.status().killSwitch).toMatchObject({ stale: true, active: false });
    expect(events.filter((e) => e.name === 'killSwitchChange').at(-1)?.payload).toEqual({ active: false, reason: undefined, stale: true });
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed' });
    await client.close();
  });

  it('stale with onStale block: every action is blocked until a poll succeeds again', async () => {
    const { client, time } = scenario(server.baseUrl, {
      failMode: 'open',
      retry: { maxRetries: 0 },
      killSwitch: { poll: true, intervalMs: 1000, staleAfterMs: 2500, onStale: 'block' },
    });
    server.route('GET', KILL_SWITCH, (_r, n) => (n < 4 ? reply.status(503) : reply.json({ active: false })));
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    await time.advance(3000);
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', stale: true });
    expect(server.requestsTo('POST', SUBMIT)).toHaveLength(0);
    await time.advance(1000);
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed' });
    await client.close();
  });

  it('pending-commands fallback: a BLOCK command blocks (and is acked) until an UNBLOCK command', async () => {
    const { client, time } = scenario(server.baseUrl, { killSwitch: { poll: true, intervalMs: 1000, useCommands: true } });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: false }));
    const lists = [
      [{ command_id: 'c-1', command_type: 'BLOCK', reason: 'operator stop', target_type: 'agent' }],
      [],
      [{ command_id: 'c-2', command_type: 'unblock' }],
    ];
    server.route('GET', COMMANDS, (_r, n) => reply.json({ agent_id: 'agent-001', commands: lists[n] ?? [], count: 0 }));
    server.route('POST', /^\/api\/registry\/agents\/agent-001\/commands\/[^/]+\/ack$/, (r) =>
      reply.json({ success: true, command_id: r.path.split('/')[6], status: 'acknowledged' }),
    );
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));

    await time.advance(0);
    expect(client.status().killSwitch).toMatchObject({ active: true, reason: 'operator stop', source: 'command' });
    await time.advance(1000); // the acked BLOCK is no longer listed: still blocked
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', reason: 'operator stop' });
    await time.advance(1000);
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed' });

    const acks = server.requests.filter((r) => r.path.endsWith('/ack'));
    expect(acks.map((r) => r.path)).toEqual([`${COMMANDS}/c-1/ack`, `${COMMANDS}/c-2/ack`]);
    for (const ack of acks) {
      expect(ack.body).toBe('{}');
      expect(ack.headers['x-signature']).toBeUndefined();
    }
    await client.close();
  });

  it('close() stops polling for good', async () => {
    const { client, time } = scenario(server.baseUrl, { killSwitch: { poll: true, intervalMs: 1000 }, heartbeat: { enabled: true, intervalMs: 1000 } });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: true }));
    server.route('POST', '/api/agents/health/heartbeat', () => reply.json({}));
    await time.advance(1000);
    const seen = server.requests.length;
    await client.close();
    expect(time.size).toBe(0);
    expect(client.status().killSwitch).toMatchObject({ polling: false, active: false });
    await time.advance(10_000);
    expect(server.requests).toHaveLength(seen);
  });
});
