/**
 * One retry layer (msw): exact attempt counts, one envelope per logical call, Retry-After in
 * both forms and above the cap, the deadline, and cancellation during a backoff sleep.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../bytes.js';
import { isAscendError } from '../errors.js';
import { eventually } from '../test-support/fake-time.js';
import { ALLOWED, API_KEY, ENVELOPE_HEADERS, REQUEST, rejection, scenario, SIGNING_SECRET, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, held, reply, type RecordedRequest } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

/** Every attempt of one call carries the same key, body bytes, signature, timestamp and correlation id. */
async function expectOneEnvelope(requests: readonly RecordedRequest[]): Promise<void> {
  expect(requests.length).toBeGreaterThan(1);
  const [first] = requests;
  expect(first!.headers['idempotency-key']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (const r of requests) {
    expect(r.body).toBe(first!.body);
    for (const h of ENVELOPE_HEADERS) expect(r.headers[h], h).toBe(first!.headers[h]);
  }
  // The signature covers exactly the bytes that were sent (checked with WebCrypto, an independent HMAC).
  const subtle = globalThis.crypto.subtle;
  const key = await subtle.importKey('raw', utf8(SIGNING_SECRET) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const digest = new Uint8Array(await subtle.sign('HMAC', key, utf8(`${first!.headers['x-request-timestamp']}.${first!.body}`) as Uint8Array<ArrayBuffer>));
  expect(first!.headers['x-signature']).toBe(`v1=${toHex(digest)}`);
}

describe('retries', () => {
  it('a 503 storm makes exactly 1 + maxRetries attempts of the same request, then fails closed with the cause', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.status(503));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(4);
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'SERVER_ERROR', status: 503 } });
    await expectOneEnvelope(server.requests);
  });

  it('recovers when the service comes back within the retries', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, (_r, n) => (n < 3 ? reply.status(n === 1 ? 502 : 500) : reply.json(ALLOWED)));
    const decision = await time.runUntilSettled(client.evaluateAction(REQUEST));
    expect(decision).toMatchObject({ decision: 'allowed', actionId: '5103', failOpen: undefined });
    expect(server.requests).toHaveLength(4);
    await expectOneEnvelope(server.requests);
  });

  it.each([
    ['delta-seconds', (_now: number) => '2', 2000],
    ['an HTTP-date', (now: number) => new Date(now + 3000).toUTCString(), 3000],
  ])('429 with Retry-After as %s: waits exactly what the service asked', async (_kind, header, expectedDelay) => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, (_r, n) => (n === 0 ? reply.status(429, { 'Retry-After': header(time.now()) }) : reply.json(ALLOWED)));
    const result = client.evaluateAction(REQUEST);
    await eventually(() => time.pending().length > 0 && server.requests.length === 1, 'the backoff sleep');
    expect(time.pending().map((t) => t.delay)).toEqual([expectedDelay]);
    await time.advance(expectedDelay - 1);
    expect(server.requests).toHaveLength(1);
    await time.advance(1);
    await expect(result).resolves.toMatchObject({ decision: 'allowed' });
    expect(server.requests).toHaveLength(2);
    await expectOneEnvelope(server.requests);
  });

  it('a Retry-After above retry.maxRetryAfterMs waits the cap, and says so at warn', async () => {
    const { client, time, logs } = scenario(server.baseUrl, { retry: { maxRetryAfterMs: 4000 } });
    server.route('POST', SUBMIT, (_r, n) => (n === 0 ? reply.status(429, { 'Retry-After': '3600' }) : reply.json(ALLOWED)));
    const result = client.evaluateAction(REQUEST);
    await eventually(() => time.pending().length > 0 && server.requests.length === 1, 'the backoff sleep');
    expect(time.pending().map((t) => t.delay)).toEqual([4000]);
    expect(logs.records.find((r) => r.level === 'warn')).toMatchObject({ fields: { retryAfterMs: 3_600_000, capMs: 4000 } });
    await time.advance(4000);
    await expect(result).resolves.toMatchObject({ decision: 'allowed' });
  });

  it('honours Retry-After on a 503 too', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, (_r, n) => (n === 0 ? reply.status(503, { 'Retry-After': '7' }) : reply.json(ALLOWED)));
    const result = client.evaluateAction(REQUEST);
    await eventually(() => time.pending().length > 0 && server.requests.length === 1, 'the backoff sleep');
    expect(time.pending().map((t) => t.delay)).toEqual([7000]);
    await time.advance(7000);
    await expect(result).resolves.toMatchObject({ decision: 'allowed' });
  });

  it('429 exhausted: 1 + maxRetries attempts, then the fail mode sees a RateLimitError', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 2 } });
    server.route('POST', SUBMIT, () => reply.status(429, { 'Retry-After': '1' }));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'RATE_LIMIT', retryAfterMs: 1000 } });
  });

  it.each([
    [400, 'VALIDATION_ERROR'],
    [401, 'AUTH_ERROR'],
    [403, 'AUTHZ_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [422, 'VALIDATION_ERROR'],
    [418, 'HTTP_ERROR'],
    [501, 'GOVERNANCE_UNAVAILABLE'],
  ])('HTTP %i is not retried (exactly one attempt)', async (status, code) => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.status(status));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code });
  });

  it('a malformed 2xx body is not retried', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.text('<html>oops</html>'));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'PROTOCOL_ERROR' });
  });

  it('the overall deadline stops retrying when the next sleep would cross it', async () => {
    const { client, time } = scenario(server.baseUrl, { deadlineMs: 100, retry: { baseDelayMs: 1000, maxDelayMs: 1000 } });
    server.route('POST', SUBMIT, () => reply.status(503));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { status: 503 } });
  });

  it('the per-attempt timeout is retried with the same envelope', async () => {
    const { client, time } = scenario(server.baseUrl, { timeoutMs: 1000, retry: { maxRetries: 2 } });
    server.route('POST', SUBMIT, () => new Promise<Response>(() => {}));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'TIMEOUT', timeoutMs: 1000 } });
    await expectOneEnvelope(server.requests);
  });

  it('an abort during a backoff sleep rejects at once with AbortedError, without waiting for the timer', async () => {
    const { client, time } = scenario(server.baseUrl, { failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.status(503));
    const controller = new AbortController();
    const result = rejection(client.evaluateAction(REQUEST, { signal: controller.signal }));
    await eventually(() => server.requests.length === 1 && time.pending().length === 1, 'the backoff sleep');
    const sleepingUntil = time.pending()[0]!.dueAt;
    controller.abort();
    const error = await result;
    expect(isAscendError(error, 'ABORTED')).toBe(true);
    expect(time.now()).toBeLessThan(sleepingUntil); // fake time never moved
    expect(time.size).toBe(0); // the sleep's timer was cancelled
    expect(server.requests).toHaveLength(1);
  });

  it('an abort during an attempt cancels the request; never fail-open', async () => {
    const { client, time } = scenario(server.baseUrl, { failMode: 'open' });
    const response = held<Response>();
    server.route('POST', SUBMIT, () => response.promise);
    const controller = new AbortController();
    const result = rejection(client.evaluateAction(REQUEST, { signal: controller.signal }));
    await eventually(() => server.requests.length === 1, 'the request');
    controller.abort(new Error('user cancelled'));
    const error = await result;
    expect(error).toMatchObject({ code: 'ABORTED', cause: { message: 'user cancelled' } });
    response.resolve(reply.json(ALLOWED));
    await time.runAll();
    expect(server.requests).toHaveLength(1);
  });

  it('secrets never appear in logs or errors of a failing call', async () => {
    const { client, time, logs } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.status(503, {}, `upstream says key ${API_KEY} and ${SIGNING_SECRET}`));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    const text = JSON.stringify(error) + String((error as Error).message) + String(((error as Error).cause as Error).message) + logs.text();
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(SIGNING_SECRET);
  });
});
