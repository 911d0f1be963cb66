/**
 * The conformance script: the same checks in every runtime of the matrix, written against the
 * public API of the built packages only. Each runtime's entry file supplies a
 * {@link ConformanceTarget} (how to make a client, the package's signer) and prints the report.
 *
 * @packageDocumentation
 */
import type { AscendClient, AscendClientOptions, AuthorizationDecision, Logger, LogRecord, Signer } from '@ascend/core';
import {
  ACTION_TYPES,
  APPROVER,
  CHECK_IDS,
  CONFORMANCE_API_KEY,
  CONFORMANCE_SIGNING_SECRET,
  CONFORMANCE_WEBHOOK_SECRET,
  DENIAL,
  PATHS,
  WEBHOOK_HEADERS,
  type CheckId,
  type CheckResult,
  type ConformanceReport,
  type WebhookDelivery,
} from './protocol.js';

/** What a runtime's entry file hands the script. */
export interface ConformanceTarget {
  /** The package under test, e.g. `@ascend/browser`. */
  packageName: string;
  /** Runtime label, e.g. `deno 2.9.6`. */
  runtime: string;
  /** Builds a client of the package under test. */
  createClient(options: AscendClientOptions): AscendClient;
  /** The package's HMAC signer (used to verify webhooks when the package has no verifier). */
  signer: Signer;
  /** The package's exports, to find optional APIs such as `verifyWebhook`. */
  exports: Readonly<Record<string, unknown>>;
}

/** Where the conformance server is. */
export interface ConformanceConfig {
  /** The server origin, e.g. `http://127.0.0.1:43567`. */
  origin: string;
  /** Distinguishes this run's state on the server from concurrent runs. */
  runId: string;
}

const CHECK_TIMEOUT_MS = 20_000;

class CheckFailure extends Error {}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailure(message);
}

function describe(value: unknown): string {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return `${value.name}${typeof code === 'string' ? ` [${code}]` : ''}: ${value.message}`;
  }
  return String(value);
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailure(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A logger that keeps every record, to prove no secret is ever written. */
function recordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { records, log: (record) => void records.push(record) };
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

const encoder = new TextEncoder();

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const WEBHOOK_TOLERANCE_S = 300;

/** The outcome of verifying one delivery: the event, or why it was refused. */
type Verification = { ok: true; id: unknown; type: unknown } | { ok: false; reason: string };

/** Verifies `delivery` under `secret` at time `nowMs`. */
type Verifier = (delivery: WebhookDelivery, secret: string, nowMs: number) => Promise<Verification>;

/** The slice of `verifyWebhook` (from `@ascend/core`) the check relies on. */
type VerifyWebhookFn = (options: {
  body: string;
  headers: Record<string, string>;
  secrets: string;
  signer: Signer;
  now: () => number;
}) => Promise<{ id?: unknown; type?: unknown }>;

/** The package's own `verifyWebhook`, when it exports one. */
function packageVerifier(target: ConformanceTarget): Verifier | undefined {
  const fn = target.exports['verifyWebhook'];
  if (typeof fn !== 'function') return undefined;
  const verifyWebhook = fn as VerifyWebhookFn;
  return async (delivery, secret, nowMs) => {
    try {
      const event = await verifyWebhook({ body: delivery.body, headers: delivery.headers, secrets: secret, signer: target.signer, now: () => nowMs });
      return { ok: true, id: event.id, type: event.type };
    } catch (error) {
      const reason = (error as { reason?: unknown }).reason;
      return { ok: false, reason: `${errorCode(error) ?? describe(error)}${typeof reason === 'string' ? `/${reason}` : ''}` };
    }
  };
}

/**
 * The documented scheme checked with the package's signer, for packages without a verifier:
 * `X-Signature: v1=<hex HMAC-SHA256(secret, "<X-Timestamp>.<raw body>")>`, timestamp in unix
 * seconds within ±300 s, constant-time compare.
 */
function signerVerifier(signer: Signer): Verifier {
  return async (delivery, secret, nowMs) => {
    const signature = delivery.headers[WEBHOOK_HEADERS.signature] ?? '';
    const timestamp = delivery.headers[WEBHOOK_HEADERS.timestamp] ?? '';
    if (!/^\d+$/.test(timestamp)) return { ok: false, reason: 'malformed_timestamp' };
    const mac = await signer.hmacSha256(encoder.encode(secret), encoder.encode(`${timestamp}.${delivery.body}`));
    if (!constantTimeEqual(signature.trim().toLowerCase(), `v1=${hex(mac)}`)) return { ok: false, reason: 'bad_signature' };
    if (Math.abs(nowMs / 1000 - Number(timestamp)) > WEBHOOK_TOLERANCE_S) return { ok: false, reason: 'timestamp_out_of_tolerance' };
    const event = JSON.parse(delivery.body) as { id?: unknown; type?: unknown };
    return { ok: true, id: event.id, type: event.type };
  };
}

async function controlFetch(config: ConformanceConfig, path: string): Promise<unknown> {
  const res = await fetch(`${config.origin}${PATHS.control}${path}`);
  expect(res.ok, `control endpoint ${path} answered HTTP ${res.status}`);
  return res.json();
}

function expectDecision(d: AuthorizationDecision, outcome: AuthorizationDecision['decision']): void {
  expect(d.decision === outcome, `expected decision ${outcome}, got ${d.decision}`);
  expect(/^\d+$/.test(d.actionId), `expected the numeric wire action_id as a string, got ${JSON.stringify(d.actionId)}`);
  expect(d.failOpen === undefined, 'a decision from the service must not be marked failOpen');
}

type Check = (ctx: CheckContext) => Promise<string>;

interface CheckContext {
  config: ConformanceConfig;
  target: ConformanceTarget;
  /** Creates a client with the run's defaults plus `overrides`; closed after the check. */
  client(overrides?: AscendClientOptions): AscendClient;
}

/** The reference's signing vector (§2.3): the body, its canonical bytes and Python's signature. */
const REFERENCE_VECTOR = {
  secret: 'test-secret',
  timestamp: '2026-04-17T12:00:00.123456+00:00',
  body: {
    agent_id: 'agent-001',
    agent_name: 'Refund Bot',
    action_type: 'financial.refund',
    resource: 'stripe_api',
    action_details: { amount: 100, currency: 'EUR', note: 'caf\u00e9' },
  },
  canonical:
    '{"action_details": {"amount": 100, "currency": "EUR", "note": "caf\\u00e9"}, "action_type": "financial.refund", "agent_id": "agent-001", "agent_name": "Refund Bot", "resource": "stripe_api"}',
  signature: 'v1=44273c843e56382c35873eb89d0422919d8edf69faebe8e4fd33d150e9d660c6',
} as const;

/** HMAC-SHA256 with an empty key over empty data (an empty key is zero-padded per RFC 2104). */
const EMPTY_HMAC = 'b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad';

const CHECKS: Record<CheckId, Check> = {
  async allowed({ client, target }) {
    const c = client();
    const d = await c.evaluateAction({
      actionType: ACTION_TYPES.allowed,
      resource: 'conformance_db',
      parameters: { runtime: target.runtime, note: 'café ✓' },
    });
    expectDecision(d, 'allowed');
    expect(d.executionAllowed === true, 'allowed decision must allow execution');
    const receipt = await c.logActionCompleted(d.actionId, { result: { rows: 1 }, durationMs: 0 });
    expect(receipt.delivered, `completion report not delivered: ${receipt.error?.code ?? (receipt.spooled ? 'spooled' : '?')}`);
    return `action ${d.actionId} allowed, completion delivered`;
  },

  async denied({ client }) {
    const d = await client().evaluateAction({ actionType: ACTION_TYPES.denied, resource: 'stripe_api', parameters: { amount: 10_000 } });
    expectDecision(d, 'denied');
    expect(d.executionAllowed === false, 'denied decision must not allow execution');
    expect(d.reason === DENIAL.reason, `reason ${JSON.stringify(d.reason)}`);
    expect(d.policyViolations.join(',') === DENIAL.policyViolations.join(','), `violations ${JSON.stringify(d.policyViolations)}`);
    expect(d.riskScore === DENIAL.riskScore, `risk score ${String(d.riskScore)}`);
    return `action ${d.actionId} denied: ${d.reason} ${JSON.stringify(d.policyViolations)}`;
  },

  async 'pending-approved'({ client }) {
    const c = client();
    const first = await c.evaluateAction({ actionType: ACTION_TYPES.pending, resource: 'prod_db' });
    expectDecision(first, 'pending');
    if (first.decision !== 'pending') throw new CheckFailure(`expected pending, got ${first.decision}`);
    expect(first.executionAllowed === false, 'pending must not allow execution');
    const final = await c.waitForDecision(first, { timeoutMs: 10_000, pollIntervalMs: 20 });
    expectDecision(final, 'allowed');
    expect(final.actionId === first.actionId, `approved ${final.actionId}, submitted ${first.actionId}`);
    expect(final.approvedBy === APPROVER, `approvedBy ${JSON.stringify(final.approvedBy)}`);
    return `action ${first.actionId} pending, then approved by ${final.approvedBy}`;
  },

  async 'signed-request'({ client, config }) {
    const logger = recordingLogger();
    const signedBase = `${config.origin}${PATHS.signed}`;
    const signed = client({ baseUrl: signedBase, signingSecret: CONFORMANCE_SIGNING_SECRET, logger, logLevel: 'debug' });
    const d = await signed.evaluateAction({ actionType: ACTION_TYPES.allowed, resource: 'signed_api', parameters: { amount: 100, note: 'café' } });
    expectDecision(d, 'allowed');
    const wrong = client({ baseUrl: signedBase, signingSecret: 'not-the-secret', logger, logLevel: 'debug' });
    let rejected: unknown;
    try {
      await wrong.evaluateAction({ actionType: ACTION_TYPES.allowed, resource: 'signed_api' });
    } catch (error) {
      rejected = error;
    }
    expect(errorCode(rejected) === 'AUTH_ERROR', `wrong secret: expected AUTH_ERROR, got ${rejected === undefined ? 'success' : describe(rejected)}`);
    const leaked = [JSON.stringify(logger.records), describe(rejected), JSON.stringify(rejected)].some(
      (text) => text.includes(CONFORMANCE_SIGNING_SECRET) || text.includes('not-the-secret') || text.includes(CONFORMANCE_API_KEY),
    );
    expect(!leaked, 'a secret appeared in a log record or the thrown error');
    expect(logger.records.length > 0, 'debug logging wrote nothing, so the secret check proved nothing');
    return `signed submit allowed (${d.actionId}); wrong secret -> AUTH_ERROR; ${logger.records.length} log records, no secret`;
  },

  async webhook({ config, target }) {
    const run = encodeURIComponent(config.runId);
    const delivery = (await controlFetch(config, `/webhook?run=${run}`)) as WebhookDelivery;
    // Genuinely signed by the server, but an hour old: only the tolerance window can refuse it.
    const stale = (await controlFetch(config, `/webhook?run=${run}&age=3600`)) as WebhookDelivery;
    const now = Date.now();
    const tampered: WebhookDelivery = { ...delivery, body: delivery.body.replace('"action.approved"', '"action.denied"') };
    expect(tampered.body !== delivery.body, 'the delivery is not the expected action.approved event');
    const sent = JSON.parse(delivery.body) as { id?: unknown; type?: unknown };
    const verifier = packageVerifier(target);
    const verify = verifier ?? signerVerifier(target.signer);
    const genuine = await verify(delivery, CONFORMANCE_WEBHOOK_SECRET, now);
    expect(genuine.ok, `a genuine delivery failed verification (${genuine.ok ? '' : genuine.reason})`);
    expect(genuine.type === 'action.approved' && genuine.id === sent.id, `verified event is ${String(genuine.type)} ${String(genuine.id)}`);
    const rejections: Array<[WebhookDelivery, string, string, string]> = [
      [tampered, CONFORMANCE_WEBHOOK_SECRET, 'a tampered body', 'bad_signature'],
      [stale, CONFORMANCE_WEBHOOK_SECRET, 'a timestamp an hour old', 'timestamp_out_of_tolerance'],
      [delivery, 'whsec_wrong', 'the wrong secret', 'bad_signature'],
    ];
    const reasons: string[] = [];
    for (const [d, secret, what, reason] of rejections) {
      const outcome = await verify(d, secret, now);
      expect(!outcome.ok, `a delivery with ${what} passed verification`);
      expect(outcome.reason.includes(reason), `a delivery with ${what} was refused for ${outcome.reason}, expected ${reason}`);
      reasons.push(outcome.reason);
    }
    const how = verifier ? 'verifyWebhook' : 'the package signer (documented v1 scheme; the package exports no verifyWebhook)';
    return `event ${String(sent.id)} verified with ${how}; rejected: ${reasons.join(', ')}`;
  },

  async 'breaker-fail-open'({ client, config, target }) {
    const key = `${config.runId}-${target.packageName.replace(/\W+/g, '_')}`;
    const c = client({
      baseUrl: `${config.origin}${PATHS.outage}/${key}`,
      failMode: 'open',
      retry: { maxRetries: 0 },
      circuitBreaker: { failureThreshold: 2 },
    });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      const d = await c.evaluateAction({ actionType: ACTION_TYPES.allowed, resource: 'outage_api' });
      expect(d.decision === 'allowed' && d.failOpen !== undefined, `call ${i + 1}: expected a fail-open decision, got ${d.decision}`);
      codes.push(d.failOpen.cause.code);
    }
    const state = c.status().circuit.name;
    expect(state === 'open', `breaker is ${state}, expected open`);
    const { count } = (await controlFetch(config, `/outage/${encodeURIComponent(key)}`)) as { count: number };
    expect(count === 2, `the server saw ${count} requests, expected 2 (threshold) and none once open`);
    expect(codes.join(',') === 'SERVER_ERROR,SERVER_ERROR,CIRCUIT_OPEN,CIRCUIT_OPEN', `fail-open causes ${codes.join(',')}`);
    return `4 fail-open decisions (${codes.join(',')}), breaker open, server saw ${count} requests`;
  },

  async 'signing-vectors'({ target }) {
    const canonicalJson = target.exports['canonicalJson'];
    expect(typeof canonicalJson === 'function', 'the package exports no canonicalJson');
    const canonical = (canonicalJson as (value: unknown) => string)(REFERENCE_VECTOR.body);
    expect(canonical === REFERENCE_VECTOR.canonical, `canonical JSON differs from the reference: ${canonical}`);
    const mac = await target.signer.hmacSha256(encoder.encode(REFERENCE_VECTOR.secret), encoder.encode(`${REFERENCE_VECTOR.timestamp}.${canonical}`));
    expect(`v1=${hex(mac)}` === REFERENCE_VECTOR.signature, `signature v1=${hex(mac)} differs from the reference`);
    const empty = hex(await target.signer.hmacSha256(new Uint8Array(0), new Uint8Array(0)));
    expect(empty === EMPTY_HMAC, `empty-key HMAC ${empty}`);
    return 'reference §2.3 canonical bytes and signature, empty-key HMAC';
  },
};

/**
 * Runs every check against the server and returns the report. Never throws: a check that throws
 * or hangs is a failed check.
 */
export async function runConformance(config: ConformanceConfig, target: ConformanceTarget): Promise<ConformanceReport> {
  const checks: CheckResult[] = [];
  for (const id of CHECK_IDS) {
    const clients: AscendClient[] = [];
    const ctx: CheckContext = {
      config,
      target,
      client(overrides = {}) {
        const c = target.createClient({
          apiKey: CONFORMANCE_API_KEY,
          baseUrl: `${config.origin}${PATHS.ascend}`,
          agentId: `conformance-${config.runId}`,
          agentName: 'Conformance Agent',
          logger: { log() {} },
          ...overrides,
        });
        clients.push(c);
        return c;
      },
    };
    try {
      const detail = await withTimeout(CHECKS[id](ctx), CHECK_TIMEOUT_MS, id);
      checks.push({ id, ok: true, detail });
    } catch (error) {
      checks.push({ id, ok: false, detail: describe(error) });
    } finally {
      await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
    }
  }
  return { runtime: target.runtime, package: target.packageName, checks };
}
