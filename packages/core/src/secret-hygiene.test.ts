/**
 * Architecture property 4: no API key or signing secret in any log line, error message or
 * thrown object. A full client lifecycle at debug level (create, register, evaluate allowed /
 * denied / pending, complete, fail, errors of every kind with the server echoing the key back,
 * a network failure against a closed port, close), once through the logger port and once
 * through the default JSON-lines logger with the console spied.
 */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AscendClient } from './client.js';
import { MASK, SecretMasker } from './logger.js';
import { BASE_URL, captureLogger, testClient } from './test-support/harness.js';
import { json, text, WireRecorder, type RecordedRequest } from './test-support/wire-recorder.js';

let closedPort = 0;
const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));

beforeAll(async () => {
  // A port that was just closed: connections to it are refused.
  closedPort = await new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
  server.listen({
    onUnhandledRequest(request, print) {
      // Only the deliberate closed-port request may leave the process.
      if (new URL(request.url).port !== String(closedPort)) print.error();
    },
  });
});
afterEach(() => recorder.reset());
afterAll(() => server.close());

const SIGNING_SECRET = 'sig-Secret-Very-Private-42';

/** Everything a caller or an operator could see of an error. */
function errorViews(error: unknown): string[] {
  const e = error as Error;
  return [
    String(e?.message),
    String(error),
    JSON.stringify(error) ?? '',
    String(e?.stack),
    inspect(error, { depth: Infinity }),
    inspect(error, { depth: Infinity, showHidden: true }),
  ];
}

/** Answers by path, echoing the API key back wherever a careless server might. */
function echoingServer(apiKey: string) {
  let mode: 'ok' | 401 | 403 | 422 | 500 | 'non-json' = 'ok';
  let decision: 'allowed' | 'denied' | 'pending' = 'allowed';
  recorder.otherwise((req: RecordedRequest) => {
    if (mode === 401) return json({ detail: `Invalid API key ${apiKey}` }, 401);
    if (mode === 403) return json({ detail: `Key ${apiKey} may not do this`, risk_score: 95 }, 403);
    if (mode === 422) return json({ detail: `Unprocessable for X-API-Key: ${apiKey}` }, 422);
    // A server could never know the signing secret; echoing it anyway exercises literal masking.
    if (mode === 500) return json({ detail: `Traceback: headers={'X-API-Key': '${apiKey}'} hmac_key=${SIGNING_SECRET}` }, 500);
    if (mode === 'non-json') return text(`<html>error for ${apiKey}</html>`, 502);
    if (req.path === '/api/v1/actions/submit') {
      return json({ action_id: decision === 'allowed' ? 1 : decision === 'denied' ? 2 : 3, decision, reason: 'policy' });
    }
    return json({ success: true, trust_level: 'standard' });
  });
  return {
    set(next: typeof mode, d: typeof decision = 'allowed') {
      mode = next;
      decision = d;
    },
  };
}

async function settle(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (error) {
    return error;
  }
}

/** Runs the lifecycle and returns every error and result object seen along the way. */
async function lifecycle(client: AscendClient, apiKey: string): Promise<unknown[]> {
  const srv = echoingServer(apiKey);
  const seen: unknown[] = [];
  const req = { actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 5 } };
  seen.push(await client.register({ capabilities: ['refunds'] }));
  for (const d of ['allowed', 'denied', 'pending'] as const) {
    srv.set('ok', d);
    seen.push(await client.evaluateAction(req));
  }
  seen.push(await client.logActionCompleted('1', { durationMs: 3, result: { ok: true } }));
  seen.push(await client.logActionFailed('1', { error: 'boom', durationMs: 1 }));
  for (const mode of [401, 403, 422, 500, 'non-json'] as const) {
    srv.set(mode);
    seen.push(await settle(client.evaluateAction(req)));
    seen.push(await settle(client.getAction('1')));
    seen.push(await settle(client.register()));
    // Reports never throw: their receipts carry the error.
    seen.push(await client.logActionCompleted('1', { durationMs: 1 }));
  }
  srv.set('ok');
  seen.push(await client.testConnection());
  await client.close();
  return seen;
}

function assertClean(haystacks: string[], secrets: string[]): void {
  for (const secret of secrets) {
    for (const h of haystacks) {
      expect(h.includes(secret), `secret leaked in: ${h.slice(0, 400)}`).toBe(false);
    }
  }
}

/** The errors among seen values, including those carried by receipts and connection results. */
function errorsIn(seen: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of seen) {
    if (v instanceof Error) out.push(v);
    else if (v && typeof v === 'object' && (v as { error?: unknown }).error instanceof Error) out.push((v as { error: Error }).error);
  }
  return out;
}

describe.each([
  ['an owkai_-prefixed key', 'owkai_live_9f8e7d6c5b4a3210'],
  ['an unprefixed key (only literal masking can catch it)', 'Zq9-unprefixed-K3y-value-771'],
])('secret hygiene with %s', (_label, apiKey) => {
  const secrets = [apiKey, SIGNING_SECRET];

  it('through the logger port at debug level', async () => {
    const logger = captureLogger();
    const client = testClient({ apiKey, signingSecret: SIGNING_SECRET, logger, logLevel: 'debug' });
    const seen = await lifecycle(client, apiKey);
    const network = testClient({ apiKey, signingSecret: SIGNING_SECRET, logger, logLevel: 'debug', baseUrl: `http://127.0.0.1:${closedPort}` });
    seen.push(await settle(network.evaluateAction({ actionType: 'a', resource: 'r' })));
    seen.push(await settle(network.health()));
    seen.push(await network.logActionCompleted('1'));
    await network.close();

    const errors = errorsIn(seen);
    const codes = errors.map((e) => (e as { code: string }).code);
    // The lifecycle really produced every kind of error, so the checks below are not vacuous.
    for (const code of ['AUTH_ERROR', 'AUTHZ_DENIED', 'VALIDATION_ERROR', 'GOVERNANCE_UNAVAILABLE', 'SERVER_ERROR', 'NETWORK_ERROR']) {
      expect(codes).toContain(code);
    }
    const lines = logger.records.map((r) => JSON.stringify(r));
    expect(lines.length).toBeGreaterThan(20);
    expect(logger.records.some((r) => r.level === 'debug')).toBe(true);
    expect(logger.records.some((r) => r.message === 'decision')).toBe(true);
    // The echoed key reached error messages and logs, masked.
    expect(errors.some((e) => (e as Error).message.includes(MASK))).toBe(true);
    expect(lines.some((l) => l.includes(MASK))).toBe(true);

    assertClean(lines, secrets);
    assertClean(errors.flatMap(errorViews), secrets);
    // The cause chain too (inspect shows it, but check the objects themselves).
    assertClean(
      errors.flatMap((e) => errorViews((e as Error).cause)),
      secrets,
    );
  });

  it('through the default JSON-lines logger, console spied', async () => {
    const written: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
    );
    try {
      const client = testClient({ apiKey, signingSecret: SIGNING_SECRET, logger: undefined, logLevel: 'debug' });
      const seen = await lifecycle(client, apiKey);
      expect(written.length).toBeGreaterThan(20);
      for (const line of written) expect(() => JSON.parse(line) as unknown).not.toThrow();
      assertClean(written, secrets);
      assertClean(errorsIn(seen).flatMap(errorViews), secrets);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});

describe('secrets are sent only where they belong', () => {
  it('the key goes only in its header and the signing secret never on the wire', async () => {
    const apiKey = 'Zq9-unprefixed-K3y-value-771';
    const client = testClient({ apiKey, signingSecret: SIGNING_SECRET });
    await lifecycle(client, apiKey);
    expect(recorder.requests.length).toBeGreaterThan(10);
    for (const r of recorder.requests) {
      const { 'x-api-key': key, ...others } = r.headers;
      expect(key).toBe(apiKey);
      assertClean([JSON.stringify(others), r.url, r.text], [apiKey, SIGNING_SECRET]);
    }
  });
});

describe('SecretMasker keeps literal secrets out of what it masks', () => {
  it('masks a configured secret inside any string, key names untouched', () => {
    const m = new SecretMasker(['Zq9-unprefixed-K3y-value-771']);
    expect(m.mask({ note: 'prefixZq9-unprefixed-K3y-value-771suffix', nested: ['x Zq9-unprefixed-K3y-value-771'] })).toEqual({
      note: `prefix${MASK}suffix`,
      nested: [`x ${MASK}`],
    });
  });
});

describe('server echoes outside `detail` (transport.ts masks them)', () => {
  const apiKey = 'Zq9-unprefixed-K3y-value-771';
  async function errorFor(response: Response): Promise<unknown> {
    const client = testClient({ apiKey });
    recorder.reply(response);
    return settle(client.getAction('1'));
  }

  it('a 2xx non-JSON body that echoes the key leaves it out of the ProtocolError', async () => {
    const error = await errorFor(text(`${apiKey} is your key`, 200));
    expect((error as { code?: string }).code).toBe('PROTOCOL_ERROR');
    assertClean(errorViews(error), [apiKey]);
  });

  // transport.ts fieldErrorsFrom(): values of `errors` are masked before they reach ValidationError.fieldErrors.
  it('a 422 `errors` map that echoes the key leaves it out of ValidationError.fieldErrors', async () => {
    const error = await errorFor(json({ detail: 'Validation failed', errors: { api_key: `bad key ${apiKey}` } }, 422));
    expect((error as { code?: string }).code).toBe('VALIDATION_ERROR');
    assertClean(errorViews(error), [apiKey]);
  });

  // transport.ts fieldErrorsFrom(): FastAPI `msg` (and `loc`) are masked before they reach fieldErrors.
  it('a FastAPI 422 list that echoes the key leaves it out of ValidationError.fieldErrors', async () => {
    const error = await errorFor(json({ detail: [{ loc: ['header', 'x-api-key'], msg: `bad key ${apiKey}` }] }, 422));
    expect((error as { code?: string }).code).toBe('VALIDATION_ERROR');
    assertClean(errorViews(error), [apiKey]);
  });

  // transport.ts errorFromResponse() 403 branch: policy_violations are masked.
  it('a 403 whose policy_violations echo the key leaves it out of AuthorizationError', async () => {
    const error = await errorFor(json({ detail: 'blocked', policy_violations: [`KEY-${apiKey}`] }, 403));
    expect((error as { code?: string }).code).toBe('AUTHZ_DENIED');
    assertClean(errorViews(error), [apiKey]);
  });
});
