/**
 * The circuit breaker around real client calls (msw): it opens at its threshold, fails fast with
 * zero requests while open, admits a bounded number of concurrent half-open probes, closes after
 * successes, and background traffic has a breaker of its own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAscendError } from '../errors.js';
import { eventually } from '../test-support/fake-time.js';
import { ALLOWED, REQUEST, rejection, scenario, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, held, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const HEARTBEAT = '/api/agents/health/heartbeat';
const KILL_SWITCH = '/api/sdk/kill-switch/status';

describe('circuit breaker', () => {
  it('opens at the threshold, then fails fast with zero requests and says when the next probe is', async () => {
    const { client, time, events } = scenario(server.baseUrl, {
      retry: { maxRetries: 0 },
      circuitBreaker: { failureThreshold: 3, recoveryTimeMs: 30_000 },
    });
    server.route('POST', SUBMIT, () => reply.status(503));
    for (let i = 0; i < 3; i++) await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(3);
    expect(client.status().circuit).toMatchObject({ name: 'open' });
    expect(events.filter((e) => e.name === 'circuitStateChange').map((e) => e.payload)).toEqual([
      expect.objectContaining({ from: 'closed', to: 'open', breaker: 'decisions' }),
    ]);

    await time.advance(12_000);
    for (let i = 0; i < 5; i++) {
      const error = await rejection(client.evaluateAction(REQUEST));
      expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'CIRCUIT_OPEN', retryInMs: 18_000 } });
      expect((error as Error).message).toContain('18000 ms');
    }
    expect(server.requests).toHaveLength(3);
  });

  it('when it opens during one call’s retries, the call stops and keeps the last failure as cause', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 5 }, circuitBreaker: { failureThreshold: 2 } });
    server.route('POST', SUBMIT, () => reply.status(502));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(2);
    expect(error).toMatchObject({ cause: { code: 'CIRCUIT_OPEN', cause: { code: 'SERVER_ERROR', status: 502 } } });
  });

  it('lets at most halfOpenMaxProbes concurrent calls through when half-open, and closes after successThreshold successes', async () => {
    const { client, time, events } = scenario(server.baseUrl, {
      retry: { maxRetries: 0 },
      circuitBreaker: { failureThreshold: 1, recoveryTimeMs: 10_000, halfOpenMaxProbes: 2, successThreshold: 2 },
    });
    server.route('POST', SUBMIT, () => reply.status(503));
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(client.status().circuit.name).toBe('open');

    await time.advance(10_000);
    server.reset();
    const answers = [held<Response>(), held<Response>()];
    server.route('POST', SUBMIT, (_r, n) => answers[n]!.promise);
    const calls = Array.from({ length: 6 }, () =>
      client.evaluateAction(REQUEST).then(
        (d) => d,
        (e: unknown) => e,
      ),
    );
    await eventually(() => server.requests.length === 2, 'both probes at the server');
    expect(client.status().circuit).toEqual({ name: 'half-open', probesInFlight: 2, successes: 0 });
    for (const a of answers) a.resolve(reply.json(ALLOWED));
    const outcomes = await Promise.all(calls);
    expect(server.requests).toHaveLength(2);
    expect(outcomes.filter((o) => isAscendError(o) && (o.cause as { code?: string }).code === 'CIRCUIT_OPEN')).toHaveLength(4);
    expect(outcomes.filter((o) => (o as { decision?: string }).decision === 'allowed')).toHaveLength(2);
    expect(client.status().circuit.name).toBe('closed');
    expect(events.filter((e) => e.name === 'circuitStateChange').map((e) => `${e.payload.from}->${e.payload.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->closed',
    ]);

    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed' });
  });

  it('a failed probe reopens it for a full recovery time', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1, recoveryTimeMs: 10_000 } });
    server.route('POST', SUBMIT, () => reply.status(504));
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    await time.advance(10_000);
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(2);
    expect(client.status().circuit).toMatchObject({ name: 'open', reopensAt: time.now() + 10_000 });
  });

  it('4xx answers do not count as failures; 429 and network errors do', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2 } });
    const statuses = [400, 401, 403, 404, 409, 422, 400, 401];
    server.route('POST', SUBMIT, (_r, n) => reply.status(statuses[n]!));
    for (const _ of statuses) await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(client.status().circuit).toEqual({ name: 'closed', consecutiveFailures: 0 });
    server.route('POST', SUBMIT, (_r, n) => (n === 0 ? reply.status(429) : reply.networkError()));
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(client.status().circuit).toEqual({ name: 'closed', consecutiveFailures: 1 });
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(client.status().circuit.name).toBe('open');
  });

  it('failing heartbeats and kill-switch polls open only the background breaker, never the decision breaker', async () => {
    const { client, time, events } = scenario(server.baseUrl, {
      retry: { maxRetries: 0 },
      circuitBreaker: { failureThreshold: 2, recoveryTimeMs: 60_000 },
      killSwitch: { poll: true, intervalMs: 1000 },
      heartbeat: { enabled: true, intervalMs: 1000 },
    });
    server.route('GET', KILL_SWITCH, () => reply.status(503));
    server.route('POST', HEARTBEAT, () => reply.networkError());
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    await time.advance(5000);
    const background = server.requests.filter((r) => r.path !== SUBMIT).length;
    expect(background).toBe(2); // the breaker opened after two failures; later polls failed fast
    expect(client.status()).toMatchObject({ circuit: { name: 'closed', consecutiveFailures: 0 }, backgroundCircuit: { name: 'open' } });
    expect(events.filter((e) => e.name === 'circuitStateChange').map((e) => e.payload)).toEqual([
      expect.objectContaining({ to: 'open', breaker: 'background' }),
    ]);
    await expect(client.evaluateAction(REQUEST)).resolves.toMatchObject({ decision: 'allowed', failOpen: undefined });
    expect(server.requestsTo('POST', SUBMIT)).toHaveLength(1);
    await client.close();
  });
});
