/**
 * Options: every bad value names its field, unknown keys list the allowed ones, environment
 * precedence of reference §1.2 through the port's env reader, and the parsed-URL TLS rule
 * (§1.1, §13.28).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AscendClient } from './client.js';
import { isAscendError, type ConfigurationError } from './errors.js';
import { DEFAULT_BASE_URL, resolveOptions, validateBaseUrl, type AscendClientOptions } from './options.js';
import type { EnvReader } from './ports.js';
import { BASE_URL, testPort } from './test-support/harness.js';
import { WireRecorder } from './test-support/wire-recorder.js';

const KEY = 'key-0001';
const noEnv: EnvReader = () => undefined;

function configError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(isAscendError(error, 'CONFIG_ERROR'), String(error)).toBe(true);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

function resolve(options: Record<string, unknown>, env: EnvReader = noEnv) {
  return resolveOptions({ apiKey: KEY, ...options }, env);
}

describe('every bad value names its field', () => {
  const bad: Array<[field: string, options: Record<string, unknown>]> = [
    ['apiKey', { apiKey: 123 }],
    ['apiKey', { apiKey: 'has space' }],
    ['baseUrl', { baseUrl: 42 }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['agentId', { agentId: 7 }],
    ['agentName', { agentName: {} }],
    ['environment', { environment: '' }],
    ['environment', { environment: 5 }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['timeoutMs', { timeoutMs: 1.5 }],
    ['timeoutMs', { timeoutMs: '5000' }],
    ['timeoutMs', { timeoutMs: 600_001 }],
    ['deadlineMs', { deadlineMs: -1 }],
    ['signingSecret', { signingSecret: 99 }],
    ['failMode', { failMode: 'half-open' }],
    ['failMode', { failMode: true }],
    ['authHeader', { authHeader: 'bearer' }],
    ['retry', { retry: 3 }],
    ['retry', { retry: [] }],
    ['retry.maxRetries', { retry: { maxRetries: -1 } }],
    ['retry.maxRetries', { retry: { maxRetries: 11 } }],
    ['retry.baseDelayMs', { retry: { baseDelayMs: -5 } }],
    ['retry.maxDelayMs', { retry: { maxDelayMs: 'x' } }],
    ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: 1.5 } }],
    ['circuitBreaker', { circuitBreaker: null }],
    ['circuitBreaker.enabled', { circuitBreaker: { enabled: 'yes' } }],
    ['circuitBreaker.failureThreshold', { circuitBreaker: { failureThreshold: 0 } }],
    ['circuitBreaker.recoveryTimeMs', { circuitBreaker: { recoveryTimeMs: 0 } }],
    ['circuitBreaker.halfOpenMaxProbes', { circuitBreaker: { halfOpenMaxProbes: 0 } }],
    ['circuitBreaker.successThreshold', { circuitBreaker: { successThreshold: 0 } }],
    ['approvals.timeoutMs', { approvals: { timeoutMs: 0 } }],
    ['approvals.pollIntervalMs', { approvals: { pollIntervalMs: 5 } }],
    ['killSwitch.poll', { killSwitch: { poll: 'always' } }],
    ['killSwitch.intervalMs', { killSwitch: { intervalMs: 50 } }],
    ['killSwitch.staleAfterMs', { killSwitch: { staleAfterMs: 0 } }],
    ['killSwitch.onStale', { killSwitch: { onStale: 'explode' } }],
    ['killSwitch.useCommands', { killSwitch: { useCommands: 1 } }],
    ['heartbeat.enabled', { heartbeat: { enabled: 'no' } }],
    ['heartbeat.intervalMs', { heartbeat: { intervalMs: 10 } }],
    ['reportSpool.maxSize', { reportSpool: { maxSize: 0 } }],
    ['reportSpool.replayIntervalMs', { reportSpool: { replayIntervalMs: 1 } }],
    ['reportSpool.store', { reportSpool: { store: {} } }],
    ['reportSpool.store', { reportSpool: { store: { load() {}, add() {} } } }],
    ['logger', { logger: {} }],
    ['logger', { logger: 'console' }],
    ['logLevel', { logLevel: 'verbose' }],
  ];

  it.each(bad)('%s ← %j', (field, options) => {
    const error = configError(() => resolve(options));
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
    expect(error.name).toBe('ConfigurationError');
  });

  it('covers every top-level and nested option', () => {
    const covered = new Set(bad.map(([f]) => f));
    for (const field of [
      'apiKey',
      'baseUrl',
      'agentId',
      'agentName',
      'environment',
      'timeoutMs',
      'deadlineMs',
      'signingSecret',
      'failMode',
      'authHeader',
      'logger',
      'logLevel',
      'retry.maxRetries',
      'retry.baseDelayMs',
      'retry.maxDelayMs',
      'retry.maxRetryAfterMs',
      'circuitBreaker.enabled',
      'circuitBreaker.failureThreshold',
      'circuitBreaker.recoveryTimeMs',
      'circuitBreaker.halfOpenMaxProbes',
      'circuitBreaker.successThreshold',
      'approvals.timeoutMs',
      'approvals.pollIntervalMs',
      'killSwitch.poll',
      'killSwitch.intervalMs',
      'killSwitch.staleAfterMs',
      'killSwitch.onStale',
      'killSwitch.useCommands',
      'heartbeat.enabled',
      'heartbeat.intervalMs',
      'reportSpool.maxSize',
      'reportSpool.replayIntervalMs',
      'reportSpool.store',
    ]) {
      expect(covered.has(field), field).toBe(true);
    }
  });

  it('never echoes a secret value in the error', () => {
    const error = configError(() => resolve({ apiKey: 'sec ret-value-1234' }));
    expect(JSON.stringify(error) + error.message + String(error.stack)).not.toContain('sec ret-value-1234');
  });

  it('rejects non-object options', () => {
    expect(configError(() => resolveOptions([] as unknown as AscendClientOptions, noEnv)).field).toBe('options');
    expect(configError(() => resolveOptions('x' as unknown as AscendClientOptions, noEnv)).field).toBe('options');
  });

  it('normalizes case-insensitive enums', () => {
    expect(resolve({ failMode: 'OPEN', authHeader: 'Authorization' })).toMatchObject({ failMode: 'open', authHeader: 'authorization' });
  });
});

describe('unknown keys are rejected with the allowed list', () => {
  it('at the top level (Python-era names included)', () => {
    for (const key of ['api_key', 'base_url', 'timeout', 'debug', 'maxRetries', 'fail_mode']) {
      const error = configError(() => resolve({ [key]: 1 }));
      expect(error.field).toBe(key);
      expect(error.message).toContain('unknown option; allowed: apiKey, baseUrl, agentId, agentName, environment, timeoutMs');
      expect(error.message).toContain('logLevel');
    }
  });

  it.each([
    ['retry', 'retries', 'maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs'],
    ['circuitBreaker', 'threshold', 'enabled, failureThreshold, recoveryTimeMs, halfOpenMaxProbes, successThreshold'],
    ['approvals', 'timeout', 'timeoutMs, pollIntervalMs'],
    ['killSwitch', 'interval', 'poll, intervalMs, staleAfterMs, onStale, useCommands'],
    ['heartbeat', 'every', 'enabled, intervalMs'],
    ['reportSpool', 'size', 'maxSize, replayIntervalMs, store'],
  ])('inside %s', (group, key, allowed) => {
    const error = configError(() => resolve({ [group]: { [key]: 1 } }));
    expect(error.field).toBe(`${group}.${key}`);
    expect(error.message).toContain(`allowed: ${allowed}`);
  });
});

describe('defaults', () => {
  it('match the documented values', () => {
    const o = resolve({});
    expect(o).toMatchObject({
      apiKey: KEY,
      baseUrl: DEFAULT_BASE_URL,
      agentId: undefined,
      agentName: undefined,
      environment: 'production',
      timeoutMs: 3000,
      deadlineMs: 9000,
      maxResponseBytes: 8 * 1024 * 1024,
      signingSecret: undefined,
      failMode: 'closed',
      authHeader: 'x-api-key',
      retry: { maxRetries: 3, baseDelayMs: 250, maxDelayMs: 5000, maxRetryAfterMs: 10_000 },
      circuitBreaker: { enabled: true, failureThreshold: 5, recoveryTimeMs: 30_000, halfOpenMaxProbes: 1, successThreshold: 3 },
      approvals: { timeoutMs: 60_000, pollIntervalMs: 2000 },
      killSwitch: { poll: false, intervalMs: 5000, staleAfterMs: 15_000, onStale: 'keep', useCommands: false },
      heartbeat: { enabled: false, intervalMs: 60_000 },
      reportSpool: { maxSize: 1000, replayIntervalMs: 5000, store: undefined },
      logLevel: 'warn',
    });
    expect(DEFAULT_BASE_URL).toBe('https://pilot.owkai.app');
  });
});

describe('environment precedence (§1.2) through the env reader', () => {
  function envOf(vars: Record<string, string>): EnvReader & { asked: string[] } {
    const asked: string[] = [];
    const reader = ((name: string) => {
      asked.push(name);
      return vars[name];
    }) as EnvReader & { asked: string[] };
    reader.asked = asked;
    return reader;
  }

  it.each<[string, Record<string, unknown>, Record<string, string>, string | undefined]>([
    ['option wins', { apiKey: 'opt-key' }, { ASCEND_API_KEY: 'asc-key', OWKAI_API_KEY: 'owk-key' }, 'opt-key'],
    ['ASCEND_ before OWKAI_', {}, { ASCEND_API_KEY: 'asc-key', OWKAI_API_KEY: 'owk-key' }, 'asc-key'],
    ['OWKAI_ as the fallback', {}, { OWKAI_API_KEY: 'owk-key' }, 'owk-key'],
    ['empty option counts as unset', { apiKey: '' }, { ASCEND_API_KEY: 'asc-key' }, 'asc-key'],
    ['whitespace option counts as unset', { apiKey: '   ' }, { ASCEND_API_KEY: 'asc-key' }, 'asc-key'],
    ['empty ASCEND_ counts as unset', {}, { ASCEND_API_KEY: '', OWKAI_API_KEY: 'owk-key' }, 'owk-key'],
  ])('API key: %s', (_label, options, vars, expected) => {
    expect(resolveOptions(options as AscendClientOptions, envOf(vars)).apiKey).toBe(expected);
  });

  it('a missing API key is a ConfigurationError naming the option and both variables', () => {
    const error = configError(() => resolveOptions({ apiKey: '' }, envOf({ ASCEND_API_KEY: '', OWKAI_API_KEY: '' })));
    expect(error.field).toBe('apiKey');
    expect(error.message).toContain('ASCEND_API_KEY');
    expect(error.message).toContain('OWKAI_API_KEY');
  });

  it.each<[string, Record<string, unknown>, Record<string, string>, string]>([
    ['option wins', { baseUrl: 'https://opt.example' }, { ASCEND_API_URL: 'https://asc.example', OWKAI_API_URL: 'https://owk.example' }, 'https://opt.example'],
    ['ASCEND_ before OWKAI_', {}, { ASCEND_API_URL: 'https://asc.example/', OWKAI_API_URL: 'https://owk.example' }, 'https://asc.example'],
    ['OWKAI_ as the fallback', { baseUrl: '' }, { ASCEND_API_URL: '', OWKAI_API_URL: 'https://owk.example/v//' }, 'https://owk.example/v'],
    ['default when nothing is set', {}, { ASCEND_API_URL: '' }, 'https://pilot.owkai.app'],
  ])('base URL: %s', (_label, options, vars, expected) => {
    expect(resolveOptions({ apiKey: KEY, ...options }, envOf(vars)).baseUrl).toBe(expected);
  });

  it('a bad URL from the environment names the field and the variable it came from', () => {
    const error = configError(() => resolveOptions({ apiKey: KEY }, envOf({ OWKAI_API_URL: 'http://evil.example' })));
    expect(error.field).toBe('baseUrl');
    expect(error.message).toContain('OWKAI_API_URL');
  });

  it('agent id, agent name (falling back to the id) and signing secret', () => {
    const env = envOf({ ASCEND_AGENT_ID: 'env-agent', ASCEND_SIGNING_SECRET: 'env-secret' });
    expect(resolveOptions({ apiKey: KEY }, env)).toMatchObject({ agentId: 'env-agent', agentName: 'env-agent', signingSecret: 'env-secret' });
    expect(
      resolveOptions(
        { apiKey: KEY, agentId: 'opt-agent', agentName: '', signingSecret: 'opt-secret' },
        envOf({ ASCEND_AGENT_ID: 'env-agent', ASCEND_AGENT_NAME: 'Env Name', ASCEND_SIGNING_SECRET: 'env-secret' }),
      ),
    ).toMatchObject({ agentId: 'opt-agent', agentName: 'Env Name', signingSecret: 'opt-secret' });
    expect(resolveOptions({ apiKey: KEY }, envOf({ ASCEND_AGENT_ID: '', ASCEND_SIGNING_SECRET: '' }))).toMatchObject({
      agentId: undefined,
      agentName: undefined,
      signingSecret: undefined,
    });
  });

  it('reads exactly the seven documented variables and nothing else', () => {
    const env = envOf({});
    resolveOptions({ apiKey: KEY }, env);
    expect(new Set(env.asked)).toEqual(
      new Set(['ASCEND_API_KEY', 'OWKAI_API_KEY', 'ASCEND_API_URL', 'OWKAI_API_URL', 'ASCEND_AGENT_ID', 'ASCEND_AGENT_NAME', 'ASCEND_SIGNING_SECRET']),
    );
  });
});

describe('base URL: parsed, https anywhere, http only on loopback (§13.28)', () => {
  it.each([
    ['https://pilot.owkai.app', 'https://pilot.owkai.app'],
    ['https://pilot.owkai.app///', 'https://pilot.owkai.app'],
    ['HTTPS://Pilot.OWKAI.app/Base/', 'https://pilot.owkai.app/Base'],
    ['  https://h.example  ', 'https://h.example'],
    ['http://localhost', 'http://localhost'],
    ['http://LOCALHOST:8080/', 'http://localhost:8080'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['http://[0:0:0:0:0:0:0:1]', 'http://[::1]'],
  ])('accepts %j', (raw, normalized) => {
    expect(validateBaseUrl(raw)).toBe(normalized);
  });

  it.each([
    ['a localhost look-alike', 'http://localhost.evil.com'],
    ['a loopback look-alike', 'http://127.0.0.1.evil.com'],
    ['userinfo posing as localhost', 'http://localhost:80@evil.com'],
    ['a public http host', 'http://pilot.owkai.app'],
    ['a private http address', 'http://10.0.0.1'],
    ['ftp', 'ftp://pilot.owkai.app'],
    ['ws', 'ws://localhost:8080'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['no scheme', 'pilot.owkai.app'],
    ['protocol-relative', '//pilot.owkai.app'],
    ['credentials', 'https://user:pass@pilot.owkai.app'],
    ['a query', 'https://pilot.owkai.app/?x=1'],
    ['a fragment', 'https://pilot.owkai.app/#x'],
    ['empty', ''],
  ])('rejects %s (%j)', (_label, raw) => {
    const error = configError(() => validateBaseUrl(raw));
    expect(error.field).toBe('baseUrl');
    if (raw.includes('pass')) expect(error.message).not.toContain('pass');
  });
});

describe('the client applies the resolved options', () => {
  const recorder = new WireRecorder();
  const server = setupServer(recorder.handler(BASE_URL), recorder.handler('http://127.0.0.1:9'));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => recorder.reset());
  afterAll(() => server.close());

  it('reads the key, URL and agent from the port env and sends them', async () => {
    const env: Record<string, string> = {
      ASCEND_API_KEY: '',
      OWKAI_API_KEY: 'owk-env-key',
      ASCEND_API_URL: 'http://127.0.0.1:9/',
      ASCEND_AGENT_ID: 'env-agent',
    };
    const client = new AscendClient({ logger: { log() {} }, retry: { maxRetries: 0 } }, testPort({ env: (n) => env[n] }));
    expect(client.agentId).toBe('env-agent');
    await client.getAgentHealth();
    const req = recorder.only();
    expect(req.url).toBe('http://127.0.0.1:9/api/agents/health/env-agent');
    expect(req.headers['x-api-key']).toBe('owk-env-key');
    await client.close();
  });

  it('refuses to construct with a bad option, before any I/O', () => {
    const error = configError(() => new AscendClient({ apiKey: KEY, baseUrl: 'http://localhost.evil.com' }, testPort()));
    expect(error.field).toBe('baseUrl');
    expect(recorder.requests).toHaveLength(0);
  });
});
