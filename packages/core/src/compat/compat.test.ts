/**
 * The compatibility mapping's own rules: option names and units, and error translation.
 * The vendor's README examples themselves are replayed in examples/vendor-node-docs.
 */
import { describe, expect, it } from 'vitest';
import {
  ApprovalTimeoutError,
  AuthenticationError as CoreAuthenticationError,
  CircuitOpenError,
  ConfigurationError,
  GovernanceUnavailableError,
  KillSwitchError,
  NetworkError,
  ProtocolError,
  RateLimitError as CoreRateLimitError,
  RequestTimeoutError,
} from '../errors.js';
import { mapOptions } from './options.js';
import {
  AuthenticationError,
  AuthorizationError,
  CircuitBreakerOpenError,
  ConnectionError,
  OWKAIError,
  RateLimitError,
  TimeoutError,
  toCompatError,
  ValidationError,
} from './errors.js';

describe('mapOptions', () => {
  it('maps the vendor names and units onto this SDK', () => {
    const { core, jsonLogs, enableMetrics } = mapOptions({
      apiKey: 'k',
      agentId: 'a',
      agentName: 'A',
      apiUrl: 'https://ascend.example',
      timeout: 30000,
      maxRetries: 0,
      logLevel: 'WARNING',
      jsonLogs: false,
      enableMetrics: false,
      circuitBreakerOptions: { failureThreshold: 5, recoveryTimeout: 30, halfOpenMaxCalls: 3 },
    });
    expect(core).toEqual({
      apiKey: 'k',
      agentId: 'a',
      agentName: 'A',
      baseUrl: 'https://ascend.example',
      timeoutMs: 30000,
      deadlineMs: 30000,
      retry: { maxRetries: 0 },
      logLevel: 'warn',
      circuitBreaker: { failureThreshold: 5, recoveryTimeMs: 30000, halfOpenMaxProbes: 3 },
    });
    expect([jsonLogs, enableMetrics]).toEqual([false, false]);
    expect(mapOptions({ apiKey: 'k', agentId: 'a', agentName: 'A', debug: true }).core.logLevel).toBe('debug');
  });

  it('refuses unknown options and bad units with a ValidationError naming the field', () => {
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ base_url: 'https://x' }, 'base_url'],
      // The integration guide's spellings are aliases: both at once is refused, naming the guide's.
      [{ apiUrl: 'https://x', baseUrl: 'https://x' }, 'baseUrl'],
      [{ maxRetries: 1, retryCount: 1 }, 'retryCount'],
      [{ timeout: 1.5 }, 'timeout'],
      [{ logLevel: 'LOUD' }, 'logLevel'],
      [{ jsonLogs: 'no' }, 'jsonLogs'],
      [{ circuitBreakerOptions: { recoveryTimeout: -1 } }, 'circuitBreakerOptions.recoveryTimeout'],
      [{ circuitBreakerOptions: { resetAfter: 1 } }, 'circuitBreakerOptions.resetAfter'],
    ];
    for (const [extra, field] of bad) {
      let error: unknown;
      try {
        mapOptions({ apiKey: 'k', agentId: 'a', agentName: 'A', ...extra });
      } catch (e) {
        error = e;
      }
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fieldErrors), field).toEqual([field]);
    }
  });
});

describe('toCompatError', () => {
  it('translates each error of this SDK into the vendor class, keeping the original as cause', () => {
    const cases: Array<[Error, new (...args: never[]) => OWKAIError, Record<string, unknown>]> = [
      [new CoreAuthenticationError(), AuthenticationError, { code: 'AUTH_ERROR' }],
      [new KillSwitchError('incident'), AuthorizationError, { code: 'AUTHZ_DENIED' }],
      [new RequestTimeoutError(250), TimeoutError, { timeoutMs: 250 }],
      [new ApprovalTimeoutError('7', 300000), TimeoutError, { timeoutMs: 300000 }],
      [new CoreRateLimitError('slow down', { retryAfterMs: 7000 }), RateLimitError, { retryAfter: 7 }],
      [new CircuitOpenError(12_500), CircuitBreakerOpenError, { recoveryTimeSeconds: 13 }],
      [new NetworkError(), ConnectionError, { code: 'CONNECTION_ERROR' }],
      [new GovernanceUnavailableError('down', { cause: new RequestTimeoutError(100) }), TimeoutError, { timeoutMs: 100 }],
      [new GovernanceUnavailableError('down', { cause: new CircuitOpenError(1000) }), CircuitBreakerOpenError, { recoveryTimeSeconds: 1 }],
      [new GovernanceUnavailableError('down', { cause: new NetworkError() }), ConnectionError, {}],
      [new ConfigurationError('baseUrl', 'bad'), ValidationError, { fieldErrors: { baseUrl: 'baseUrl: bad' } }],
      [new ProtocolError('garbled'), OWKAIError, { code: 'PROTOCOL_ERROR' }],
    ];
    for (const [original, Class, fields] of cases) {
      const translated = toCompatError(original);
      expect(translated, original.name).toBeInstanceOf(Class);
      expect(translated, original.name).toMatchObject(fields);
      expect((translated as Error).cause, original.name).toBe(original);
      expect(JSON.stringify(translated)).not.toContain('"cause"');
    }
  });

  it('leaves foreign values and compat errors alone', () => {
    const plain = new Error('x');
    const compat = new ConnectionError();
    expect(toCompatError(plain)).toBe(plain);
    expect(toCompatError(compat)).toBe(compat);
    expect(toCompatError('text')).toBe('text');
  });
});
