/**
 * Status-code mapping of reference §5.2, without the Python client's raw-library escapes
 * (§13.6–13.8): every status becomes a typed AscendError. Retries are off so each status is seen
 * exactly once; the retry policy itself is tested elsewhere.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAscendError, type AscendError } from './errors.js';
import { BASE_URL, FIXED_NOW, testClient } from './test-support/harness.js';
import { empty, json, text, WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<AscendError & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    expect(isAscendError(error), `not an AscendError: ${String(error)}`).toBe(true);
    return error as AscendError & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** Answers one getAction call with `response` and returns the error. */
async function mapped(response: Response): Promise<AscendError & Record<string, unknown>> {
  const client = testClient();
  recorder.reply(response);
  const error = await failure(client.getAction('5102'));
  // One attempt on the wire: nothing is retried with maxRetries 0, and 4xx are never retried.
  expect(recorder.requests).toHaveLength(1);
  return error;
}

describe('§5.2 status mapping', () => {
  it.each([400, 422])('%i → ValidationError with detail as message and errors as fieldErrors', async (status) => {
    const e = await mapped(json({ detail: 'Validation failed', errors: { resource: 'Required' } }, status));
    expect(e).toMatchObject({ name: 'ValidationError', code: 'VALIDATION_ERROR', message: 'Validation failed', status, retryable: false });
    expect(e['fieldErrors']).toEqual({ resource: 'Required' });
  });

  it('422 in FastAPI list form → the first msg as message, locations as field names', async () => {
    const e = await mapped(
      json(
        {
          detail: [
            { loc: ['body', 'resource'], msg: 'field required', type: 'value_error.missing' },
            { loc: ['body', 'action_details', 'amount'], msg: 'value is not a valid integer', type: 'type_error.integer' },
          ],
        },
        422,
      ),
    );
    expect(e).toMatchObject({ name: 'ValidationError', message: 'field required', status: 422 });
    expect(e['fieldErrors']).toEqual({ resource: 'field required', 'action_details.amount': 'value is not a valid integer' });
  });

  it('400 without a body → default message', async () => {
    const e = await mapped(empty(400));
    expect(e).toMatchObject({ name: 'ValidationError', message: 'Validation failed', fieldErrors: {} });
  });

  it('401 → AuthenticationError', async () => {
    const e = await mapped(json({ detail: 'Invalid API key' }, 401));
    expect(e).toMatchObject({ name: 'AuthenticationError', code: 'AUTH_ERROR', status: 401, retryable: false });
  });

  it('401 with a non-JSON body → AuthenticationError with the default message', async () => {
    const e = await mapped(empty(401));
    expect(e).toMatchObject({ name: 'AuthenticationError', message: 'Invalid or expired API key' });
  });

  it('403 → AuthorizationError with violations and risk score', async () => {
    const e = await mapped(json({ detail: 'Action blocked by policy', policy_violations: ['FIN-001', 'PII-003', 7], risk_score: 92 }, 403));
    expect(e).toMatchObject({
      name: 'AuthorizationError',
      code: 'AUTHZ_DENIED',
      status: 403,
      message: 'Action blocked by policy',
      policyViolations: ['FIN-001', 'PII-003'],
      riskScore: 92,
    });
  });

  it('403 without details → "Access denied", no violations, no risk score', async () => {
    const e = await mapped(json({}, 403));
    expect(e).toMatchObject({ name: 'AuthorizationError', message: 'Access denied', policyViolations: [], riskScore: undefined });
  });

  it('404 → NotFoundError (§13.7)', async () => {
    const e = await mapped(json({ detail: 'Action not found' }, 404));
    expect(e).toMatchObject({ name: 'NotFoundError', code: 'NOT_FOUND', status: 404, message: 'Action not found' });
  });

  it('409 → ConflictError (§13.7)', async () => {
    const e = await mapped(json({ detail: 'Duplicate' }, 409));
    expect(e).toMatchObject({ name: 'ConflictError', code: 'CONFLICT', status: 409, message: 'Duplicate' });
  });

  it('429 with Retry-After seconds → RateLimitError with retryAfterMs (§13.6)', async () => {
    const e = await mapped(json({ detail: 'Slow down' }, 429, { 'Retry-After': '7' }));
    expect(e).toMatchObject({ name: 'RateLimitError', code: 'RATE_LIMIT', status: 429, retryAfterMs: 7000, retryable: true });
  });

  it('429 with an HTTP-date Retry-After → milliseconds from the client clock', async () => {
    const at = new Date(FIXED_NOW - 123 + 30_000).toUTCString();
    const e = await mapped(json({}, 429, { 'Retry-After': at }));
    expect(e).toMatchObject({ name: 'RateLimitError', retryAfterMs: 30_000 - 123 });
  });

  it('429 without Retry-After → retryAfterMs undefined', async () => {
    const e = await mapped(json({}, 429));
    expect(e).toMatchObject({ name: 'RateLimitError', retryAfterMs: undefined });
  });

  it.each([500, 501, 502, 503, 504, 505, 520, 599])('%i → ServerError carrying the status (§13.6)', async (status) => {
    const e = await mapped(json({ detail: 'Upstream broke' }, status));
    expect(e).toMatchObject({ name: 'ServerError', code: 'SERVER_ERROR', status, retryable: true, message: 'Upstream broke' });
  });

  it('5xx with an HTML body → ServerError whose message is the raw text', async () => {
    const e = await mapped(text('<html>Bad Gateway</html>', 502));
    expect(e).toMatchObject({ name: 'ServerError', status: 502, message: '<html>Bad Gateway</html>' });
  });

  it.each([402, 405, 410, 418, 451])('other 4xx (%i) → HttpError carrying the status', async (status) => {
    const e = await mapped(json({ detail: 'nope' }, status));
    expect(e).toMatchObject({ name: 'HttpError', code: 'HTTP_ERROR', status, retryable: false });
  });

  it('a non-JSON 2xx → ProtocolError (§13.8)', async () => {
    const e = await mapped(text('OK', 200));
    expect(e).toMatchObject({ name: 'ProtocolError', code: 'PROTOCOL_ERROR' });
    expect(e.message).toContain('getAction');
  });

  it('a JSON 2xx of the wrong shape → ProtocolError', async () => {
    const e = await mapped(json([1, 2]));
    expect(e).toMatchObject({ name: 'ProtocolError' });
  });
});

describe('empty 2xx bodies are not errors (§13.8)', () => {
  it('204 on delete resolves', async () => {
    const client = testClient();
    recorder.reply(empty(204), empty(204));
    await expect(client.deleteWebhook('wh_1')).resolves.toBeUndefined();
    await expect(client.deregister()).resolves.toBeUndefined();
  });

  it('empty 200 on health, heartbeat, ack and webhook test gives neutral results', async () => {
    const client = testClient();
    recorder.reply(empty(200), empty(204), empty(204), empty(204));
    await expect(client.health()).resolves.toEqual({});
    await expect(client.heartbeat()).resolves.toBeUndefined();
    await expect(client.ackCommand('c-1')).resolves.toBe(false);
    await expect(client.testWebhook('wh_1')).resolves.toEqual({ success: false, statusCode: undefined, responseTimeMs: undefined, error: undefined });
  });

  it('an empty body where a decision is due is a protocol error, never allowed', async () => {
    const client = testClient({ failMode: 'open' });
    recorder.reply(empty(204));
    const e = await failure(client.evaluateAction({ actionType: 'a', resource: 'r' }));
    expect(e.code).toBe('PROTOCOL_ERROR');
  });
});

describe('how decision calls surface mapped errors', () => {
  const req = { actionType: 'financial.refund', resource: 'stripe_api' };

  it('a 403 on submit is an AuthorizationError, not a denied decision', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'blocked', policy_violations: ['FIN-001'] }, 403));
    expect(await failure(client.evaluateAction(req))).toMatchObject({ code: 'AUTHZ_DENIED', policyViolations: ['FIN-001'] });
  });

  it('fail closed: a 5xx becomes GovernanceUnavailableError with the ServerError as cause', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'down' }, 503));
    const e = await failure(client.evaluateAction(req));
    expect(e.code).toBe('GOVERNANCE_UNAVAILABLE');
    expect(isAscendError(e.cause, 'SERVER_ERROR') && e.cause.status).toBe(503);
  });

  it('fail open: a 5xx gives a synthetic allowed decision marked failOpen', async () => {
    const client = testClient({ failMode: 'open' });
    recorder.reply(json({ detail: 'down' }, 500));
    const d = await client.evaluateAction(req);
    expect(d.decision).toBe('allowed');
    expect(d.failOpen?.cause.code).toBe('SERVER_ERROR');
    expect(d.actionId).toMatch(/^fail_open_[0-9a-f]{16}$/);
    expect(d.conditions).toEqual(['fail_open_mode']);
  });

  it.each([
    [400, 'VALIDATION_ERROR'],
    [401, 'AUTH_ERROR'],
    [403, 'AUTHZ_DENIED'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [418, 'HTTP_ERROR'],
  ])('fail open never turns a %i into allowed', async (status, code) => {
    const client = testClient({ failMode: 'open' });
    recorder.reply(json({ detail: 'no' }, status));
    expect((await failure(client.evaluateAction(req))).code).toBe(code);
  });
});
