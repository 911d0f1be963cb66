/**
 * The idiomatic additions to the main API: value objects next to their types, VERSION,
 * case-insensitive log levels on the full client, the plain-text logger, breaker reading and
 * reset, and decision metrics.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AscendAgentClient } from './agent-client.js';
import { AscendClient } from './client.js';
import { Decision, FailMode, RiskLevel, VERSION } from './constants.js';
import { ConfigurationError } from './errors.js';
import { formatTextLine, textLinesLogger, toLogLevel, type LogRecord } from './logger.js';
import type { AscendClientOptions } from './options.js';
import { FakeTime } from './test-support/fake-time.js';
import { ALLOWED, API_KEY, DENIED, PENDING, REQUEST, rejection, SUBMIT } from './test-support/scenario.js';
import { createTestServer, reply } from './test-support/test-server.js';
import { captureLogs, testPort } from './test-support/test-port.js';
import { SDK_VERSION } from './version.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

function client(options: AscendClientOptions = {}, time = new FakeTime()) {
  return new AscendClient(
    { apiKey: API_KEY, baseUrl: server.baseUrl, agentId: 'agent-001', logger: captureLogs(), retry: { maxRetries: 0 }, ...options },
    testPort(time),
  );
}

describe('value objects and VERSION', () => {
  it('Decision, FailMode and RiskLevel hold the wire values', () => {
    expect(Decision).toEqual({ ALLOWED: 'allowed', DENIED: 'denied', PENDING: 'pending' });
    expect(FailMode).toEqual({ CLOSED: 'closed', OPEN: 'open' });
    expect(RiskLevel).toEqual({ LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' });
    // The names are types too: a value of the type is one of the object's values.
    const d: Decision = Decision.ALLOWED;
    const f: FailMode = FailMode.OPEN;
    const r: RiskLevel = RiskLevel.HIGH;
    expect([d, f, r]).toEqual(['allowed', 'open', 'high']);
  });

  it('a FailMode value is accepted as the failMode option', async () => {
    const c = client({ failMode: FailMode.OPEN });
    expect(c.failMode).toBe('open');
    await c.close();
  });

  it('VERSION is the SDK version', () => {
    expect(VERSION).toBe(SDK_VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('log levels', () => {
  it('toLogLevel reads names case-insensitively, WARNING as warn, and refuses the rest', () => {
    expect(['DEBUG', 'Info', 'WARNING', 'warning', 'WARN', 'error'].map(toLogLevel)).toEqual(['debug', 'info', 'warn', 'warn', 'warn', 'error']);
    for (const bad of ['verbose', 'constructor', 'toString', '', 3, undefined]) expect(toLogLevel(bad)).toBeUndefined();
  });

  it('the full client takes DEBUG and WARNING', async () => {
    const logs = captureLogs();
    const debug = client({ logLevel: 'DEBUG', logger: logs });
    expect(logs.records.some((r) => r.level === 'debug')).toBe(true);
    await debug.close();
    const quiet = captureLogs();
    const warning = client({ logLevel: 'WARNING', logger: quiet });
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    await warning.evaluateAction(REQUEST);
    expect(quiet.records.filter((r) => r.level === 'info' || r.level === 'debug')).toEqual([]);
    await warning.close();
  });

  it('an unknown level is still a ConfigurationError naming logLevel', () => {
    const error = (() => {
      try {
        client({ logLevel: 'LOUD' as never });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).field).toBe('logLevel');
  });

  it('the lean client keeps the lowercase names (its bundle does not carry the reader)', () => {
    expect(() => new AscendAgentClient({ apiKey: API_KEY, logLevel: 'DEBUG' as never }, testPort())).toThrow(ConfigurationError);
  });
});

describe('plain-text logs', () => {
  const record: LogRecord = {
    timestamp: '2026-01-02T03:04:05.000Z',
    level: 'warn',
    logger: 'ascend',
    message: 'circuit breaker closed -> open',
    fields: { breaker: 'decisions', n: 3 },
  };

  it('formats one line: time, level, logger, message, key=JSON value', () => {
    expect(formatTextLine(record)).toBe('2026-01-02T03:04:05.000Z [WARN] ascend: circuit breaker closed -> open breaker="decisions" n=3');
  });

  it('textLinesLogger writes masked records as text through the client', async () => {
    const lines: string[] = [];
    const original = console.warn;
    console.warn = (line: string) => lines.push(line);
    try {
      const c = client({ logger: textLinesLogger, logLevel: 'warn', failMode: 'open' });
      server.route('POST', SUBMIT, () => reply.status(503));
      await c.evaluateAction(REQUEST);
      await c.close();
    } finally {
      console.warn = original;
    }
    expect(lines.some((l) => / \[WARN\] ascend: ASCEND unreachable: allowing by fail-open mode/.test(l))).toBe(true);
    expect(lines.join('\n')).not.toContain(API_KEY);
    expect(lines.every((l) => !l.startsWith('{'))).toBe(true);
  });
});

describe('circuit breakers', () => {
  it('reads both breakers and resets them so calls flow again', async () => {
    const c = client({ circuitBreaker: { failureThreshold: 1 } });
    expect(c.getCircuitBreakerStates()).toEqual({
      decisions: { name: 'closed', consecutiveFailures: 0 },
      background: { name: 'closed', consecutiveFailures: 0 },
    });
    server.route('POST', SUBMIT, () => reply.status(503));
    expect(await rejection(c.evaluateAction(REQUEST))).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE' });
    expect(c.getCircuitBreakerStates().decisions.name).toBe('open');
    expect(await rejection(c.evaluateAction(REQUEST))).toMatchObject({ cause: { code: 'CIRCUIT_OPEN' } });
    c.resetCircuitBreakers();
    expect(c.getCircuitBreakerStates().decisions).toEqual({ name: 'closed', consecutiveFailures: 0 });
    server.route('POST', SUBMIT, () => reply.json(ALLOWED));
    expect((await c.evaluateAction(REQUEST)).decision).toBe('allowed');
    await c.close();
  });
});

describe('metrics', () => {
  it('counts decisions by outcome, errors by code, latency and breaker state', async () => {
    let now = 1_000_000;
    const c = new AscendClient(
      { apiKey: API_KEY, baseUrl: server.baseUrl, agentId: 'agent-001', logger: captureLogs(), retry: { maxRetries: 0 } },
      { ...testPort(), clock: { now: () => now } },
    );
    const answers = [ALLOWED, DENIED, PENDING];
    server.route('POST', SUBMIT, (_req, n) => {
      // Each answer takes 10 ms longer than the one before: 10, 20, 30, 40.
      now += 10 * (n + 1);
      return n < answers.length ? reply.json(answers[n]) : reply.status(503);
    });
    for (let i = 0; i < 3; i++) await c.evaluateAction(REQUEST);
    await rejection(c.evaluateAction(REQUEST));
    const m = c.getMetrics();
    expect(m.decisions).toEqual({ allowed: 1, denied: 1, pending: 1, failOpen: 0 });
    expect(m.errors).toEqual({ total: 1, byCode: { GOVERNANCE_UNAVAILABLE: 1 } });
    expect(m.latency).toMatchObject({ count: 4, minMs: 10, maxMs: 40, meanMs: 25, p50Ms: 20, p99Ms: 40 });
    expect(m.circuitBreakers).toEqual({ decisions: 'closed', background: 'closed' });
    expect(m.since).toBe(new Date(1_000_000).toISOString());
    c.resetMetrics();
    expect(c.getMetrics().decisions).toEqual({ allowed: 0, denied: 0, pending: 0, failOpen: 0 });
    expect(c.getMetrics().latency.count).toBe(0);
    await c.close();
  });

  it('counts fail-open decisions as allowed and as failOpen', async () => {
    const c = client({ failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.status(503));
    const d = await c.evaluateAction(REQUEST);
    expect(d.failOpen).toBeDefined();
    expect(c.getMetrics().decisions).toEqual({ allowed: 1, denied: 0, pending: 0, failOpen: 1 });
    await c.close();
  });
});
