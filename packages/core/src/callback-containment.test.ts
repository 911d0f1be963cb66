/**
 * User callbacks outside the client's event emitter (issue 13, requirement 9): a logger, a
 * webhook `onError` observer or a circuit breaker listener that is async and rejects never
 * becomes an unhandled rejection,
 * and a sync throw still changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { settle, watchUnhandledRejections } from './test-support/unhandled.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { LogSink, SecretMasker, type LogRecord } from './logger.js';
import type { Signer } from './ports.js';
import { createWebhookReceiver } from './webhooks/receiver.js';

const unhandledNow = watchUnhandledRejections();

describe('LogSink with a user logger', () => {
  it('an async logger that rejects: the record was handed over, the rejection is contained', async () => {
    const seen: LogRecord[] = [];
    const sink = new LogSink(
      {
        // An async logger where the port expects a sync one: exactly the misuse under test.
        // eslint-disable-next-line @typescript-eslint/no-misused-promises
        log: async (record: LogRecord) => {
          seen.push(record);
          throw new Error('log shipper down');
        },
      },
      'debug',
      new SecretMasker([]),
      () => 0,
    );
    sink.error('something happened', { n: 1 });
    sink.warn('and again');
    await settle();
    expect(seen.map((r) => r.message)).toEqual(['something happened', 'and again']);
    expect(unhandledNow()).toEqual([]);
  });

  it('a logger that throws synchronously, or a non-Error, changes nothing', () => {
    const sink = new LogSink(
      {
        log: () => {
          throw 'plain';
        },
      },
      'debug',
      new SecretMasker([]),
      () => 0,
    );
    expect(() => sink.error('x')).not.toThrow();
  });
});

describe('webhook receiver onError observer', () => {
  const signer: Signer = { hmacSha256: async () => new Uint8Array(32) };

  it('an async onError that rejects: the answer is unchanged and no rejection escapes', async () => {
    const observed: unknown[] = [];
    const receive = createWebhookReceiver({
      secrets: 'whsec_containment_test_secret',
      signer,
      onEvent: () => {},
      // An async observer where a sync one is expected: the misuse under test.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onError: async (error) => {
        observed.push(error);
        throw new Error('alerting is down');
      },
    });
    const receipt = await receive({ method: 'POST', headers: {}, readBody: async () => '{"id":"evt_1"}' });
    expect(receipt.status).toBe(401);
    await settle();
    expect(observed).toHaveLength(1);
    expect(unhandledNow()).toEqual([]);
  });
});

describe('CircuitBreaker onStateChange listener', () => {
  it('an async listener that rejects: the breaker opens and no rejection escapes', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, recoveryTimeMs: 60_000, halfOpenMaxProbes: 1, successThreshold: 1 }, { now: () => 0 });
    const changes: string[] = [];
    // An async listener where a sync one is expected: the misuse under test.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    breaker.onStateChange(async (change) => {
      changes.push(change.to);
      throw new Error('dashboard down');
    });
    breaker.acquire().failure();
    await settle();
    expect(breaker.state.name).toBe('open');
    expect(changes).toEqual(['open']);
    expect(unhandledNow()).toEqual([]);
  });
});
