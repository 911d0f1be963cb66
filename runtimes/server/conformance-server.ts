/**
 * The conformance server: a small Node HTTP server that speaks the ASCEND wire format
 * (reference §3, §11: numeric `action_id`, both `decision` and `status`) for the endpoints the
 * conformance script uses, plus the fault and control endpoints of {@link PATHS}.
 *
 * A dedicated server rather than `@ascend/testing`'s fake: when the matrix was written that
 * package had no entry point yet, and the matrix needs behaviours (per-prefix signature
 * enforcement, a counted outage, approval after the first poll) that are specific to it.
 *
 * @packageDocumentation
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACTION_TYPES,
  APPROVER,
  CONFORMANCE_API_KEY,
  CONFORMANCE_SIGNING_SECRET,
  CONFORMANCE_WEBHOOK_SECRET,
  DENIAL,
  PATHS,
  WEBHOOK_HEADERS,
  type CheckId,
  type WebhookDelivery,
} from '../conformance/protocol.js';

/** A file the server hands out under {@link PATHS.static}. */
export interface StaticAsset {
  /** Content-Type header value. */
  contentType: string;
  /** File contents. */
  body: string;
}

/**
 * Deliberate server faults, one per check, used by the self-test to prove that each check can
 * fail: with a sabotage set, exactly the check named after it must fail.
 */
export const SABOTAGES = {
  /** `allowed`: the completion report is refused with 422. */
  'refuse-completion': 'allowed',
  /** `denied`: actions that should be denied are allowed. */
  'allow-denied': 'denied',
  /** `pending-approved`: the approver rejects instead of approving. */
  'reject-pending': 'pending-approved',
  /** `signed-request`: signatures are not checked at all. */
  'ignore-signatures': 'signed-request',
  /** `webhook`: deliveries are signed with a different secret. */
  'wrong-webhook-secret': 'webhook',
  /** `breaker-fail-open`: the outage prefix answers like the healthy API. */
  'no-outage': 'breaker-fail-open',
} as const satisfies Record<string, CheckId>;

/** One of {@link SABOTAGES}. */
export type Sabotage = keyof typeof SABOTAGES;

/** A running conformance server. */
export interface ConformanceServer {
  /** The active deliberate fault, if any (self-test only). */
  sabotage: Sabotage | undefined;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Serves `body` at `/static/<name>`. */
  setAsset(name: string, asset: StaticAsset): void;
  /** Requests that reached each `outage/<key>` so far. */
  outageCount(key: string): number;
  /** Every request the server answered, as `METHOD path status`, for debugging failures. */
  readonly log: readonly string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

interface Action {
  id: number;
  type: string;
  state: 'allowed' | 'denied' | 'pending' | 'approved';
  polls: number;
}

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function hmacHex(secret: string, data: Buffer | string): string {
  return createHmac('sha256', secret).update(data).digest('hex');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function authorized(req: IncomingMessage): boolean {
  return header(req, 'x-api-key') === CONFORMANCE_API_KEY || header(req, 'authorization') === `Bearer ${CONFORMANCE_API_KEY}`;
}

/** Signable bodies (reference §2.3: a non-empty JSON object) must carry a valid signature. */
function signatureValid(req: IncomingMessage, raw: Buffer): boolean {
  const text = raw.toString('utf8').trim();
  if (text === '' || text === '{}') return true;
  const timestamp = header(req, 'x-request-timestamp');
  const signature = header(req, 'x-signature');
  if (!timestamp || !signature) return false;
  const expected = `v1=${hmacHex(CONFORMANCE_SIGNING_SECRET, Buffer.concat([Buffer.from(`${timestamp}.`), raw]))}`;
  return safeEqual(signature.trim().toLowerCase(), expected);
}

function decisionBody(action: Action): Json {
  switch (action.state) {
    case 'allowed':
      return { action_id: action.id, status: 'approved', decision: 'allowed', risk_score: 12, risk_level: 'low', execution_allowed: true, conditions: [] };
    case 'denied':
      return {
        action_id: action.id,
        status: 'denied',
        decision: 'denied',
        risk_score: DENIAL.riskScore,
        risk_level: 'critical',
        reason: DENIAL.reason,
        policy_violations: [...DENIAL.policyViolations],
        execution_allowed: false,
      };
    case 'pending':
      return {
        action_id: action.id,
        status: 'pending_approval',
        decision: 'pending',
        risk_score: 49,
        risk_level: 'medium',
        policy_decision: 'require_approval',
      };
    case 'approved':
      return { action_id: action.id, status: 'approved', decision: 'allowed', reviewed_by: APPROVER, reviewed_at: new Date().toISOString() };
  }
}

/** Builds one signed webhook delivery in the documented scheme. */
export function signedDelivery(runId: string, nowMs: number, secret: string = CONFORMANCE_WEBHOOK_SECRET): WebhookDelivery {
  const body = JSON.stringify({
    id: `evt_${randomBytes(12).toString('hex')}`,
    type: 'action.approved',
    created_at: new Date(nowMs).toISOString(),
    data: { action_id: 1, agent_id: `conformance-${runId}`, status: 'approved', risk_score: 49 },
  });
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    headers: {
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: `v1=${hmacHex(secret, `${timestamp}.${body}`)}`,
    },
    body,
  };
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startConformanceServer(): Promise<ConformanceServer> {
  const assets = new Map<string, StaticAsset>();
  const outages = new Map<string, number>();
  const actions = new Map<number, Action>();
  const replies = new Map<string, Json>();
  const log: string[] = [];
  let nextId = 5101;
  const state: { sabotage: Sabotage | undefined } = { sabotage: undefined };

  async function api(req: IncomingMessage, res: ServerResponse, path: string, signed: boolean): Promise<void> {
    const raw = await readBody(req);
    if (!authorized(req)) return send(res, 401, { detail: 'Invalid or missing API key' });
    if (signed && state.sabotage !== 'ignore-signatures' && !signatureValid(req, raw)) return send(res, 401, { detail: 'Invalid request signature' });
    let body: Json = {};
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8')) as Json;
      } catch {
        return send(res, 400, { detail: 'Body is not JSON', errors: {} });
      }
    }
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/health') return send(res, 200, { status: 'ok' });
    if (method === 'GET' && path === '/api/deployment-info') return send(res, 200, { version: 'conformance', environment: 'test' });
    if (method === 'GET' && path === '/api/sdk/kill-switch/status') return send(res, 200, { active: false, reason: null });

    if (method === 'POST' && path === '/api/v1/actions/submit') {
      const key = header(req, 'idempotency-key');
      const earlier = key ? replies.get(key) : undefined;
      if (earlier) return send(res, 200, earlier);
      if (typeof body['action_type'] !== 'string' || typeof body['resource'] !== 'string' || typeof body['agent_id'] !== 'string') {
        return send(res, 422, { detail: 'action_type, resource and agent_id are required', errors: {} });
      }
      let decided: Action['state'] | undefined =
        body['action_type'] === ACTION_TYPES.allowed
          ? 'allowed'
          : body['action_type'] === ACTION_TYPES.denied
            ? 'denied'
            : body['action_type'] === ACTION_TYPES.pending
              ? 'pending'
              : undefined;
      if (decided === 'denied' && state.sabotage === 'allow-denied') decided = 'allowed';
      if (!decided) return send(res, 422, { detail: `unknown action_type ${String(body['action_type'])}`, errors: { action_type: 'unknown' } });
      const action: Action = { id: nextId++, type: body['action_type'] as string, state: decided, polls: 0 };
      actions.set(action.id, action);
      const reply = decisionBody(action);
      if (key) replies.set(key, reply);
      return send(res, 200, reply);
    }

    const status = /^\/api\/(?:v1\/actions\/(\d+)\/status|agent-action\/status\/(\d+))$/.exec(path);
    if (method === 'GET' && status) {
      const action = actions.get(Number(status[1] ?? status[2]));
      if (!action) return send(res, 404, { detail: 'Action not found' });
      action.polls++;
      const reply = decisionBody(action);
      // The approver decides after the first status poll, so the client sees pending once.
      if (action.state === 'pending') action.state = state.sabotage === 'reject-pending' ? 'denied' : 'approved';
      return send(res, 200, reply);
    }

    const report = /^\/api\/agent-action\/(\d+)\/(complete|fail)$/.exec(path);
    if (method === 'POST' && report) {
      const action = actions.get(Number(report[1]));
      if (!action) return send(res, 404, { detail: 'Action not found' });
      if (state.sabotage === 'refuse-completion') return send(res, 422, { detail: 'completion refused (sabotage)', errors: {} });
      if (String(body['action_id']) !== String(action.id)) return send(res, 422, { detail: 'action_id does not match the path', errors: {} });
      return send(res, 200, { success: true, action_id: action.id, status: report[2] === 'complete' ? 'completed' : 'failed' });
    }
    return send(res, 404, { detail: `No route for ${method} ${path}` });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const under = (prefix: string) => (path === prefix || path.startsWith(`${prefix}/`) ? path.slice(prefix.length) || '/' : undefined);

    const staticName = under(PATHS.static);
    if (staticName !== undefined) {
      const asset = assets.get(staticName.slice(1));
      if (!asset) return send(res, 404, { detail: 'No such asset' });
      res.writeHead(200, { 'content-type': asset.contentType, 'cache-control': 'no-store' });
      res.end(asset.body);
      return;
    }
    const outage = under(PATHS.outage);
    if (outage !== undefined && state.sabotage === 'no-outage') return api(req, res, outage.slice(outage.indexOf('/', 1)), false);
    if (outage !== undefined) {
      await readBody(req);
      const key = outage.split('/')[1] ?? '';
      outages.set(key, (outages.get(key) ?? 0) + 1);
      return send(res, 503, { detail: 'Service Unavailable' });
    }
    const control = under(PATHS.control);
    if (control !== undefined) {
      const count = /^\/outage\/([^/]+)$/.exec(control);
      if (count) return send(res, 200, { count: outages.get(decodeURIComponent(count[1]!)) ?? 0 });
      if (control === '/webhook') {
        const secret = state.sabotage === 'wrong-webhook-secret' ? 'whsec_not_the_configured_one' : CONFORMANCE_WEBHOOK_SECRET;
        const ageSeconds = Number(url.searchParams.get('age') ?? '0');
        return send(res, 200, { ...signedDelivery(url.searchParams.get('run') ?? '', Date.now() - ageSeconds * 1000, secret) });
      }
      return send(res, 404, { detail: 'No such control endpoint' });
    }
    const plain = under(PATHS.ascend);
    if (plain !== undefined) return api(req, res, plain, false);
    const signed = under(PATHS.signed);
    if (signed !== undefined) return api(req, res, signed, true);
    return send(res, 404, { detail: 'Not found' });
  }

  const server = createServer((req, res) => {
    res.on('finish', () => log.push(`${req.method} ${req.url} ${res.statusCode}`));
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { detail: error instanceof Error ? error.message : 'internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    get sabotage() {
      return state.sabotage;
    },
    set sabotage(value) {
      state.sabotage = value;
    },
    origin: `http://127.0.0.1:${port}`,
    setAsset: (name, asset) => void assets.set(name, asset),
    outageCount: (key) => outages.get(key) ?? 0,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
