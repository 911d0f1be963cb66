/**
 * unavailableCause: a GovernanceUnavailableError thrown by a real client (fail mode closed, HTTP
 * through msw) narrows to the transport failure behind it; anything that is not an outage
 * narrows to nothing.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizationError,
  CircuitOpenError,
  GovernanceUnavailableError,
  KillSwitchError,
  NetworkError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
} from './errors.js';
import { BASE_URL, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';
import { unavailableCause } from './unavailable-cause.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

const QUERY = { actionType: 'database.query', resource: 'production_db' };

/** What `evaluateAction` threw. */
async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('unavailableCause through a real client (fail mode closed)', () => {
  it('rate limited: the 429 with its Retry-After', async () => {
    const client = testClient();
    recorder.reply(new Response(null, { status: 429, headers: { 'retry-after': '7' } }));
    const error = await thrown(client.evaluateAction(QUERY));
    expect(error).toBeInstanceOf(GovernanceUnavailableError);
    const cause = unavailableCause(error);
    expect(cause?.kind).toBe('rate_limited');
    if (cause?.kind !== 'rate_limited') throw new Error('narrowing failed');
    expect(cause.retryAfterMs).toBe(7000);
    expect(cause.error).toBeInstanceOf(RateLimitError);
    await client.close();
  });

  it('server error: the 5xx status', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'down' }, 503));
    const cause = unavailableCause(await thrown(client.evaluateAction(QUERY)));
    expect(cause).toMatchObject({ kind: 'server_error', status: 503 });
    expect(cause?.error).toBeInstanceOf(ServerError);
    await client.close();
  });

  it('network: the service could not be reached', async () => {
    const client = testClient();
    recorder.reply(() => Response.error());
    const cause = unavailableCause(await thrown(client.evaluateAction(QUERY)));
    expect(cause?.kind).toBe('network');
    expect(cause?.error).toBeInstanceOf(NetworkError);
    await client.close();
  });

  it('timed out: the attempt limit that ran out', async () => {
    const client = testClient({ timeoutMs: 25 });
    recorder.reply(() => new Promise<Response>(() => {}));
    const cause = unavailableCause(await thrown(client.evaluateAction(QUERY)));
    expect(cause).toMatchObject({ kind: 'timed_out', timeoutMs: 25 });
    expect(cause?.error).toBeInstanceOf(RequestTimeoutError);
    await client.close();
  });

  it('breaker open: failed fast, with the time to the next probe', async () => {
    const client = testClient({ circuitBreaker: { failureThreshold: 1 } });
    recorder.reply(json({}, 500));
    expect(unavailableCause(await thrown(client.evaluateAction(QUERY)))?.kind).toBe('server_error');
    const sent = recorder.requests.length;
    const cause = unavailableCause(await thrown(client.evaluateAction(QUERY)));
    expect(recorder.requests.length).toBe(sent); // no I/O: the breaker answered
    expect(cause?.kind).toBe('breaker_open');
    if (cause?.kind !== 'breaker_open') throw new Error('narrowing failed');
    expect(cause.retryInMs).toBeGreaterThan(0);
    expect(cause.error).toBeInstanceOf(CircuitOpenError);
    await client.close();
  });

  it('a denial by HTTP 403 and invalid input are not unavailability', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'blocked by policy' }, 403));
    const denied = await thrown(client.evaluateAction(QUERY));
    expect(denied).toBeInstanceOf(AuthorizationError);
    expect(unavailableCause(denied)).toBeUndefined();
    const invalid = await thrown(client.evaluateAction({ actionType: '', resource: 'db' }));
    expect(invalid).toBeInstanceOf(ValidationError);
    expect(unavailableCause(invalid)).toBeUndefined();
    await client.close();
  });
});

describe('unavailableCause on values', () => {
  it('classifies the transport errors themselves (calls without fail mode throw them)', () => {
    expect(unavailableCause(new RateLimitError(undefined, { retryAfterMs: 10 }))).toMatchObject({ kind: 'rate_limited', retryAfterMs: 10 });
    expect(unavailableCause(new RequestTimeoutError(5))).toMatchObject({ kind: 'timed_out', timeoutMs: 5 });
    expect(unavailableCause(new CircuitOpenError(30))).toMatchObject({ kind: 'breaker_open', retryInMs: 30 });
    expect(unavailableCause(new ServerError(502))).toMatchObject({ kind: 'server_error', status: 502 });
    expect(unavailableCause(new NetworkError())?.kind).toBe('network');
  });

  it('gives unknown for an unavailability without a transport cause, with the cause when it is an AscendError', () => {
    expect(unavailableCause(new GovernanceUnavailableError('earlier reports are still spooled'))).toEqual({ kind: 'unknown', error: undefined });
    const ks = new KillSwitchError('drill');
    expect(unavailableCause(new GovernanceUnavailableError(undefined, { cause: ks }))).toEqual({ kind: 'unknown', error: ks });
    expect(unavailableCause(new GovernanceUnavailableError(undefined, { cause: new Error('foreign') }))).toEqual({ kind: 'unknown', error: undefined });
  });

  it('follows a wrapped unavailability to its transport cause', () => {
    const inner = new GovernanceUnavailableError(undefined, { cause: new NetworkError() });
    expect(unavailableCause(new GovernanceUnavailableError(undefined, { cause: inner }))?.kind).toBe('network');
  });

  it('works on a copy from another package instance (brand and code, not instanceof)', () => {
    const foreign = Object.assign(Object.create(null) as object, {
      [Symbol.for('ascend.error')]: true,
      code: 'GOVERNANCE_UNAVAILABLE',
      cause: Object.assign(Object.create(null) as object, { [Symbol.for('ascend.error')]: true, code: 'SERVER_ERROR', status: 504 }),
    });
    expect(unavailableCause(foreign)).toMatchObject({ kind: 'server_error', status: 504 });
  });

  it('gives undefined for everything else', () => {
    for (const value of [undefined, null, 'GOVERNANCE_UNAVAILABLE', new Error('x'), { code: 'RATE_LIMIT' }, new KillSwitchError(undefined)]) {
      expect(unavailableCause(value)).toBeUndefined();
    }
  });
});
