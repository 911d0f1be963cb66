import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  AbortedError,
  AuthenticationError,
  AuthorizationError,
  CircuitOpenError,
  ConflictError,
  HttpError,
  NetworkError,
  NotFoundError,
  ProtocolError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from './errors.js';
import { backoffDelay, isRetryableFailure, isServiceFailure, parseRetryAfter } from './retry.js';

const NOW = Date.UTC(2026, 3, 17, 12, 0, 0);
const policy = { baseDelayMs: 250, maxDelayMs: 5000, maxRetryAfterMs: 10_000 };

describe('parseRetryAfter', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['2', 2000],
    ['0', 0],
    [' 7 ', 7000],
    ['1.5', 1500],
    [new Date(NOW + 3000).toUTCString(), 3000],
    [new Date(NOW - 60_000).toUTCString(), 0],
    ['Friday, 17-Apr-26 12:00:05 GMT', 5000],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
    ['soon', undefined],
    ['-1', undefined],
    ['12abc', undefined],
  ])('%j -> %j ms', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially from the base, with jitter between a quarter of the ceiling and the ceiling', () => {
    expect(backoffDelay(0, policy, undefined, 0)).toBe(63); // 250 / 4, rounded
    expect(backoffDelay(0, policy, undefined, 0.999999)).toBe(250);
    expect(backoffDelay(1, policy, undefined, 0.999999)).toBe(500);
    expect(backoffDelay(2, policy, undefined, 0.999999)).toBe(1000);
    expect(backoffDelay(10, policy, undefined, 0.999999)).toBe(5000); // capped by maxDelayMs
  });

  it('stays within [ceiling / 4, ceiling] for any retry number and random draw', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, random) => {
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
        const delay = backoffDelay(retry, policy, undefined, random);
        return delay >= Math.round(ceiling / 4) && delay <= ceiling;
      }),
    );
  });

  it('uses the service Retry-After instead, capped by maxRetryAfterMs', () => {
    expect(backoffDelay(0, policy, 2000, 0.5)).toBe(2000);
    expect(backoffDelay(3, policy, 0, 0.5)).toBe(0);
    expect(backoffDelay(0, policy, 3_600_000, 0.5)).toBe(10_000);
  });
});

describe('which failures are retried, and which count against the service', () => {
  const cases: Array<[string, unknown, boolean, boolean]> = [
    ['network error', new NetworkError(), true, true],
    ['attempt timeout', new RequestTimeoutError(5000), true, true],
    ['429', new RateLimitError(), true, true],
    ['500', new ServerError(500), true, true],
    ['502', new ServerError(502), true, true],
    ['503', new ServerError(503), true, true],
    ['504', new ServerError(504), true, true],
    ['501 (not retried, but the service is failing)', new ServerError(501), false, true],
    ['505', new ServerError(505), false, true],
    ['400/422', new ValidationError('bad', {}), false, false],
    ['401', new AuthenticationError(), false, false],
    ['403', new AuthorizationError('no'), false, false],
    ['404', new NotFoundError(), false, false],
    ['409', new ConflictError(), false, false],
    ['418', new HttpError(418), false, false],
    ['malformed 2xx body', new ProtocolError('bad json'), false, false],
    ['caller abort', new AbortedError(), false, false],
    ['open breaker', new CircuitOpenError(1000), false, false],
    ['a foreign error', new Error('boom'), false, false],
  ];
  it.each(cases)('%s: retried=%s, service failure=%s', (_name, error, retried, serviceFailure) => {
    expect(isRetryableFailure(error)).toBe(retried);
    expect(isServiceFailure(error)).toBe(serviceFailure);
  });
});
