/**
 * The lean client: it has exactly the runtime operations (no management method), the full client
 * is one, and every architecture property holds for it as for the full client: fail closed and
 * open, one envelope per retried call, the breaker, the report spool with original keys, the
 * kill switch and its commands fallback, approval waits, and close() exits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AscendAgentClient } from './agent-client.js';
import { AscendClient } from './client.js';
import { MANAGEMENT_ROUTES } from './routes-management.js';
import type { AscendClientOptions } from './options.js';
import { eventually, FakeTime } from './test-support/fake-time.js';
import { ALLOWED, API_KEY, APPROVED, PENDING, REJECTED, REQUEST, rejection, SIGNING_SECRET, STATUS, STILL_PENDING, SUBMIT } from './test-support/scenario.js';
import { createTestServer, reply } from './test-support/test-server.js';
import { captureLogs, testPort } from './test-support/test-port.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const KILL_SWITCH = '/api/sdk/kill-switch/status';
const COMMANDS = '/api/registry/agents/agent-001/commands';

function lean(options: AscendClientOptions = {}) {
  const time = new FakeTime();
  const logs = captureLogs();
  const client = new AscendAgentClient(
    { apiKey: API_KEY, baseUrl: server.baseUrl, agentId: 'agent-001', signingSecret: SIGNING_SECRET, logger: logs, logLevel: 'debug', ...options },
    testPort(time),
  );
  return { client, time, logs };
}

/** The same, with the full client. */
function full(options: AscendClientOptions = {}) {
  const time = new FakeTime();
  const client = new AscendClient(
    { apiKey: API_KEY, baseUrl: server.baseUrl, agentId: 'agent-001', signingSecret: SIGNING_SECRET, logger: captureLogs(), ...options },
    testPort(time),
  );
  return { client, time };
}

const MANAGEMENT = [
  'getAction',
  'register',
  'deregister',
  'linkModel',
  'getAgentHealth',
  'evaluatePolicy',
  'getResourceClassification',
  'getAuditLogs',
  'listActivity',
  'listActions',
  'configureWebhook',
  'listWebhooks',
  'updateWebhook',
  'deleteWebhook',
  'testWebhook',
  'registerSupplyChainComponent',
  'health',
  'getDeploymentInfo',
  'testConnection',
  // The 2.5.0 management surface.
  ...Object.keys(MANAGEMENT_ROUTES),
];

/** The lean client's decision methods the full client overrides to read each decision's details. */
const DETAILED = ['evaluateAction', 'submitAction', 'waitForDecision', 'evaluateMcpAction', 'getActionStatus'];
/** The full client's heartbeat schedule (Python 2.4.0), and its close() that ends it. */
const HEARTBEAT = ['startHeartbeat', 'stopHeartbeat', 'close'];

const RUNTIME = [
  'toJSON',
  'agentId',
  'failMode',
  'on',
  'status',
  'evaluateAction',
  'submitAction',
  'waitForDecision',
  'evaluateActions',
  'evaluateMcpAction',
  'getActionStatus',
  'checkApproval',
  'logActionCompleted',
  'logActionFailed',
  'flushReports',
  'heartbeat',
  'getKillSwitchStatus',
  'startKillSwitchPolling',
  'stopKillSwitchPolling',
  'getPendingCommands',
  'ackCommand',
  'close',
];

/** Breaker and metrics access: on the full client only. */
const FULL_OBSERVABILITY = ['getCircuitBreakerStates', 'resetCircuitBreakers', 'getMetrics', 'resetMetrics'];

/** Public members of a prototype (TypeScript-protected helpers left out). */
const publicNames = (proto: object) => Object.getOwnPropertyNames(proto).filter((k) => k !== 'constructor' && !['call', 'requireAgentId'].includes(k));

describe('shape', () => {
  it('the lean class has the runtime operations and no management method', () => {
    expect(publicNames(AscendAgentClient.prototype).sort()).toEqual([...RUNTIME].sort());
    expect(typeof AscendAgentClient.prototype[Symbol.asyncDispose]).toBe('function');
    for (const name of [...MANAGEMENT, ...FULL_OBSERVABILITY]) expect(name in AscendAgentClient.prototype, name).toBe(false);
  });

  it('the full client is a lean client plus exactly the management operations', async () => {
    // Plus breaker and metrics access, the heartbeat schedule, and the decision methods it wraps
    // to read details and count metrics.
    expect(publicNames(AscendClient.prototype).sort()).toEqual([...new Set([...MANAGEMENT, ...FULL_OBSERVABILITY, ...DETAILED, ...HEARTBEAT])].sort());
    const full = new AscendClient({ apiKey: API_KEY, baseUrl: server.baseUrl, logger: { log() {} } }, testPort());
    expect(full).toBeInstanceOf(AscendAgentClient);
    for (const name of [...RUNTIME, ...MANAGEMENT]) expect(name in full, name).toBe(true);
    await full.close();
  });

  it('validates options exactly like the full client, naming the field', () => {
    for (const options of [{ timeoutMs: 0 }, { retry: { maxRetries: 11 } }, { failMode: 'maybe' }, { killSwitch: { onStale: 'x' } }, { bogus: 1 }]) {
      const errors = [AscendAgentClient, AscendClient].map((Client) => {
        try {
          new Client({ apiKey: API_KEY, ...options } as AscendClientOptions, testPort());
        } catch (error) {
          return error;
        }
        return undefined;
      });
      expect(errors[0]).toMatchObject({ code: 'CONFIG_ERROR' });
      expect(errors[0]).toEqual(errors[1]);
    }
  });
});

describe('properties hold for the lean client', () => {
  it('fail closed: a 503 storm is 1 + maxRetries attempts of one envelope, then GovernanceUnavailableError', async () => {
    const { client, time } = lean();
    server.route('POST', SUBMIT, () => reply.status(503));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'SERVER_ERROR', status: 503 } });
    expect(server.requests).toHaveLength(4);
    const [first] = server.requests;
    expect(first!.headers['x-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    for (const r of server.requests) {
      expect(r.body).toBe(first!.body);
      for (const h of ['idempotency-key', 'x-signature', 'x-request-timestamp', 'x-correlation-id']) expect(r.headers[h], h).toBe(first!.headers[h]);
    }
    await client.close();
  });

  it('fail open: an unreachable service gives a synthetic allowed decision, reported locally, never sent', async () => {
    const { client, time, logs } = lean({ failMode: 'open', retry: { maxRetries: 0 } });
    server.route('POST', SUBMIT, () => reply.networkError());
    const decision = await time.runUntilSettled(client.evaluateAction(REQUEST));
    expect(decision).toMatchObject({ decision: 'allowed', failOpen: { cause: { code: 'NETWORK_ERROR' } } });
    const receipt = await client.logActionCompleted(decision.actionId, { durationMs: 1 });
    expect(receipt).toMatchObject({ delivered: false, spooled: false, local: true });
    expect(server.requests.filter((r) => r.path.startsWith('/api/agent-action/'))).toHaveLength(0);
    expect(logs.records.some((r) => r.level === 'warn' && r.message.includes('fail-open'))).toBe(true);
    await client.close();
  });

  it('fail open never overrides a 4xx, a kill switch or a rejection', async () => {
    const { client, time } = lean({ failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.status(403));
    expect(await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)))).toMatchObject({ code: 'AUTHZ_DENIED' });
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, () => reply.json(REJECTED));
    expect(await time.runUntilSettled(client.evaluateAction(REQUEST, { waitForApproval: true }))).toMatchObject({ decision: 'denied' });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: true, reason: 'incident' }));
    await client.getKillSwitchStatus();
    const before = server.requests.length;
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', reason: 'incident' });
    expect(server.requests).toHaveLength(before);
    await client.close();
  });

  it('the breaker opens after the threshold and then fails fast without I/O', async () => {
    const { client, time } = lean({ retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2 } });
    server.route('POST', SUBMIT, () => reply.status(500));
    for (let i = 0; i < 2; i++) await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(client.status().circuit.name).toBe('open');
    const before = server.requests.length;
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'CIRCUIT_OPEN' } });
    expect(server.requests).toHaveLength(before);
    await client.close();
  });

  it('an undelivered report is spooled and replayed with its original key and bytes', async () => {
    const { client, time } = lean({ retry: { maxRetries: 0 } });
    let up = false;
    server.route('POST', /^\/api\/agent-action\/\d+\/complete$/, () => (up ? reply.json({ ok: true }) : reply.status(503)));
    const receipt = await time.runUntilSettled(client.logActionCompleted('5103', { result: { ok: 1 }, durationMs: 7 }));
    expect(receipt).toMatchObject({ delivered: false, spooled: true });
    expect(client.status().spoolSize).toBe(1);
    up = true;
    await client.flushReports();
    expect(client.status().spoolSize).toBe(0);
    const [down, replayed] = server.requests;
    expect(replayed!.headers['idempotency-key']).toBe(down!.headers['idempotency-key']);
    expect(replayed!.body).toBe(down!.body);
    expect(replayed!.headers['x-signature']).toBe(down!.headers['x-signature']);
    await client.close();
  });

  it('a pending decision becomes allowed only through an explicit approval', async () => {
    const { client, time } = lean();
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, (_r, n) => reply.json(n < 2 ? STILL_PENDING : APPROVED));
    const decision = await time.runUntilSettled(client.evaluateAction(REQUEST, { waitForApproval: true, pollIntervalMs: 100 }));
    expect(decision).toMatchObject({ decision: 'allowed', approvedBy: 'ciso@corp.example' });
    expect(server.requestsTo('GET', STATUS)).toHaveLength(3);
    await client.close();
  });

  it('the pending-commands fallback applies BLOCK and acknowledges it', async () => {
    const { client, time } = lean({ killSwitch: { poll: true, intervalMs: 1000, useCommands: true } });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: false }));
    server.route('GET', COMMANDS, () => reply.json({ commands: [{ command_id: 'c-1', command_type: 'block', reason: 'drill' }] }));
    server.route('POST', `${COMMANDS}/c-1/ack`, () => reply.json({ success: true }));
    await time.advance(0);
    await eventually(() => server.requestsTo('POST', `${COMMANDS}/c-1/ack`).length === 1, 'the ack');
    expect(client.status().killSwitch).toMatchObject({ active: true, source: 'command', reason: 'drill' });
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'KILL_SWITCH_ACTIVE' });
    await client.close();
  });

  it('close() cancels waits and timers, leaves nothing scheduled, and the client refuses new calls', async () => {
    const { client, time } = lean({ killSwitch: { poll: true, intervalMs: 1000 }, heartbeat: { enabled: true, intervalMs: 1000 } });
    server.route('GET', KILL_SWITCH, () => reply.json({ active: false }));
    server.route('POST', '/api/agents/health/heartbeat', () => reply.json({}));
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    const waiting = rejection(client.evaluateAction(REQUEST, { waitForApproval: true }));
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the wait');
    await client.close();
    expect(await waiting).toMatchObject({ code: 'ABORTED' });
    expect(time.size).toBe(0);
    expect(client.status()).toMatchObject({ closed: true, killSwitch: { polling: false } });
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'CONFIG_ERROR' });
  });

  it('startHeartbeat sends one at once, then on its interval; a restart or stopHeartbeat ends the old schedule', async () => {
    const { client, time } = full();
    const HB = '/api/agents/health/heartbeat';
    server.route('POST', HB, () => reply.json({}));
    const sent = () => server.requestsTo('POST', HB).length;
    client.startHeartbeat({ intervalMs: 1000 });
    await time.advance(0);
    await eventually(() => sent() === 1, 'the first heartbeat');
    await time.advance(1000);
    await eventually(() => sent() === 2, 'the second heartbeat');
    client.startHeartbeat({ intervalMs: 5000 });
    await time.advance(0);
    await eventually(() => sent() === 3, 'the heartbeat of the restart');
    await time.advance(4999);
    expect(sent()).toBe(3);
    await time.advance(1);
    await eventually(() => sent() === 4, 'the restarted schedule');
    client.stopHeartbeat();
    await eventually(() => time.size === 0, 'no timer left');
    await time.advance(60_000);
    expect(sent()).toBe(4);
    await client.close();
  });

  it('startHeartbeat checks its options before scheduling anything, and refuses to double the heartbeat option', async () => {
    const { client, time } = full();
    expect(() => client.startHeartbeat({ intervalMs: 5 })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', fieldErrors: { intervalMs: expect.any(String) } }),
    );
    expect(() => client.startHeartbeat({ every: 5 } as never)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', fieldErrors: { every: expect.any(String) } }),
    );
    expect(time.size).toBe(0);
    await client.close();
    const withOption = full({ heartbeat: { enabled: true } });
    expect(() => withOption.client.startHeartbeat()).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR', fieldErrors: { heartbeat: expect.any(String) } }),
    );
    await withOption.client.close();
  });

  it('close() ends the startHeartbeat schedule and leaves no timer', async () => {
    const { client, time } = full();
    server.route('POST', '/api/agents/health/heartbeat', () => reply.json({}));
    client.startHeartbeat({ intervalMs: 1000 });
    await client.close();
    expect(time.size).toBe(0);
    client.startHeartbeat();
    expect(time.size).toBe(0);
  });

  it('bulk evaluation keeps input order and captures each failure', async () => {
    const { client, time } = lean();
    server.route('POST', SUBMIT, (r) => (JSON.parse(r.body).action_type === 'bad.one' ? reply.status(422) : reply.json(ALLOWED)));
    const result = await time.runUntilSettled(client.evaluateActions([REQUEST, { ...REQUEST, actionType: 'bad.one' }, REQUEST], { concurrency: 2 }));
    expect(result).toMatchObject({ total: 3, succeeded: 2, failed: 1 });
    expect(result.results.map((r) => r.ok)).toEqual([true, false, true]);
    await client.close();
  });
});
