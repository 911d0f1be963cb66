/**
 * The fail-mode table of docs/resilience.md, as a test: every trigger, in both modes, must end in
 * exactly the documented outcome. Keep the two in sync.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizationDecision } from '../decision.js';
import { isAscendError } from '../errors.js';
import type { AscendClientOptions, FailMode } from '../options.js';
import { DENIED, PENDING, REJECTED, REQUEST, scenario, STATUS, STILL_PENDING, SUBMIT, type Scenario } from '../test-support/scenario.js';
import { createTestServer, reply, type TestServer } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const MCP = '/api/v1/mcp/actions/submit';
const MCP_REQUEST = { mcpServer: 'fs-server', namespace: 'filesystem', verb: 'read_file', resource: '/etc/app.conf' };
const WAIT = { waitForApproval: true, approvalTimeoutMs: 5000, pollIntervalMs: 1000 };

/** What a call ended in. */
type Outcome =
  | { kind: 'fail-open'; cause: string }
  | { kind: 'unavailable'; cause: string }
  | { kind: 'throws'; code: string }
  | { kind: 'decision'; decision: 'allowed' | 'denied' | 'pending' };

const failOpen = (cause: string): Outcome => ({ kind: 'fail-open', cause });
const unavailable = (cause: string): Outcome => ({ kind: 'unavailable', cause });
const throws = (code: string): Outcome => ({ kind: 'throws', code });
const decided = (decision: 'allowed' | 'denied' | 'pending'): Outcome => ({ kind: 'decision', decision });

interface Row {
  trigger: string;
  closed: Outcome;
  open: Outcome;
  options?: AscendClientOptions;
  /** Routes and client state before the call. */
  arrange?: (server: TestServer, s: Scenario) => Promise<void> | void;
  /** The call under test (evaluateAction by default). */
  act?: (s: Scenario) => Promise<AuthorizationDecision>;
  /** Requests the submit endpoints may have received (checked when given). */
  submits?: number;
}

const quick: AscendClientOptions = { retry: { maxRetries: 1 } };

const TABLE: Row[] = [
  {
    trigger: 'service unreachable (network error)',
    closed: unavailable('NETWORK_ERROR'),
    open: failOpen('NETWORK_ERROR'),
    options: quick,
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.networkError()),
  },
  {
    trigger: 'timeout (every attempt)',
    closed: unavailable('TIMEOUT'),
    open: failOpen('TIMEOUT'),
    options: { ...quick, timeoutMs: 1000 },
    arrange: (srv) => srv.route('POST', SUBMIT, () => new Promise<Response>(() => {})),
  },
  {
    trigger: 'circuit breaker open',
    closed: unavailable('CIRCUIT_OPEN'),
    open: failOpen('CIRCUIT_OPEN'),
    options: { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 1 } },
    arrange: async (srv, s) => {
      srv.route('POST', SUBMIT, () => reply.status(503));
      await s.time.runUntilSettled(s.client.evaluateAction(REQUEST).catch(() => undefined));
      s.events.length = 0;
      s.logs.records.length = 0;
      srv.reset();
    },
    submits: 0,
  },
  {
    trigger: '5xx after retries (503)',
    closed: unavailable('SERVER_ERROR'),
    open: failOpen('SERVER_ERROR'),
    options: quick,
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.status(503)),
    submits: 2,
  },
  {
    trigger: '429 after retries',
    closed: unavailable('RATE_LIMIT'),
    open: failOpen('RATE_LIMIT'),
    options: quick,
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.status(429, { 'Retry-After': '1' })),
    submits: 2,
  },
  ...(
    [
      [400, 'VALIDATION_ERROR'],
      [401, 'AUTH_ERROR'],
      [403, 'AUTHZ_DENIED'],
      [404, 'NOT_FOUND'],
      [409, 'CONFLICT'],
      [422, 'VALIDATION_ERROR'],
    ] as const
  ).map(([status, code]): Row => ({
    trigger: `4xx answer (${status})`,
    closed: throws(code),
    open: throws(code),
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.status(status)),
    submits: 1,
  })),
  ...(
    [
      ['unknown decision word', () => reply.json({ action_id: 1, decision: 'maybe' })],
      ['no decision at all', () => reply.json({ action_id: 1 })],
      ['allowed contradicted by execution_allowed: false', () => reply.json({ action_id: 1, decision: 'allowed', execution_allowed: false })],
      ['a 2xx body that is not JSON', () => reply.text('<html>proxy</html>')],
    ] as const
  ).map(([what, answer]): Row => ({
    trigger: `malformed decision (${what})`,
    closed: throws('PROTOCOL_ERROR'),
    open: throws('PROTOCOL_ERROR'),
    arrange: (srv) => srv.route('POST', SUBMIT, answer),
    submits: 1,
  })),
  {
    trigger: 'denied by the service',
    closed: decided('denied'),
    open: decided('denied'),
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.json(DENIED)),
  },
  {
    trigger: 'approval timeout (still pending)',
    closed: throws('APPROVAL_TIMEOUT'),
    open: throws('APPROVAL_TIMEOUT'),
    arrange: (srv) => {
      srv.route('POST', SUBMIT, () => reply.json(PENDING));
      srv.route('GET', STATUS, () => reply.json(STILL_PENDING));
    },
    act: (s) => s.client.evaluateAction(REQUEST, WAIT),
  },
  {
    trigger: 'approval timeout (status polls failing)',
    closed: throws('APPROVAL_TIMEOUT'),
    open: throws('APPROVAL_TIMEOUT'),
    options: { retry: { maxRetries: 0 } },
    arrange: (srv) => {
      srv.route('POST', SUBMIT, () => reply.json(PENDING));
      srv.route('GET', STATUS, () => reply.networkError());
    },
    act: (s) => s.client.evaluateAction(REQUEST, WAIT),
  },
  {
    trigger: 'approval rejected',
    closed: decided('denied'),
    open: decided('denied'),
    arrange: (srv) => {
      srv.route('POST', SUBMIT, () => reply.json(PENDING));
      srv.route('GET', STATUS, (_r, n) => reply.json(n === 0 ? STILL_PENDING : REJECTED));
    },
    act: (s) => s.client.evaluateAction(REQUEST, WAIT),
  },
  {
    trigger: 'approval expired',
    closed: decided('denied'),
    open: decided('denied'),
    arrange: (srv) => {
      srv.route('POST', SUBMIT, () => reply.json(PENDING));
      srv.route('GET', STATUS, () => reply.json({ action_id: 5102, status: 'expired' }));
    },
    act: (s) => s.client.evaluateAction(REQUEST, WAIT),
  },
  {
    trigger: 'pending, not waiting',
    closed: decided('pending'),
    open: decided('pending'),
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.json(PENDING)),
  },
  {
    trigger: 'kill switch active',
    closed: throws('KILL_SWITCH_ACTIVE'),
    open: throws('KILL_SWITCH_ACTIVE'),
    arrange: async (srv, s) => {
      srv.route('GET', '/api/sdk/kill-switch/status', () => reply.json({ active: true, reason: 'INC-42' }));
      srv.route('POST', SUBMIT, () => reply.status(503));
      await s.client.getKillSwitchStatus();
    },
    submits: 0,
  },
  {
    trigger: 'kill switch stale with onStale: block (polls failing)',
    closed: throws('KILL_SWITCH_ACTIVE'),
    open: throws('KILL_SWITCH_ACTIVE'),
    options: { retry: { maxRetries: 0 }, killSwitch: { poll: true, intervalMs: 1000, staleAfterMs: 3000, onStale: 'block' } },
    arrange: async (srv, s) => {
      srv.route('GET', '/api/sdk/kill-switch/status', () => reply.networkError());
      srv.route('POST', SUBMIT, () => reply.networkError());
      await s.time.advance(4000);
    },
    submits: 0,
  },
  {
    trigger: 'caller abort',
    closed: throws('ABORTED'),
    open: throws('ABORTED'),
    arrange: (srv) => srv.route('POST', SUBMIT, () => reply.status(503)),
    act: (s) => s.client.evaluateAction(REQUEST, { signal: AbortSignal.abort() }),
    submits: 0,
  },
  {
    trigger: 'MCP: service unreachable',
    closed: unavailable('NETWORK_ERROR'),
    open: failOpen('NETWORK_ERROR'),
    options: quick,
    arrange: (srv) => srv.route('POST', MCP, () => reply.networkError()),
    act: (s) => s.client.evaluateMcpAction(MCP_REQUEST),
  },
  {
    trigger: 'MCP: malformed (empty) decision',
    closed: throws('PROTOCOL_ERROR'),
    open: throws('PROTOCOL_ERROR'),
    arrange: (srv) => srv.route('POST', MCP, () => reply.json({})),
    act: (s) => s.client.evaluateMcpAction(MCP_REQUEST),
  },
  {
    trigger: 'MCP: kill switch active',
    closed: throws('KILL_SWITCH_ACTIVE'),
    open: throws('KILL_SWITCH_ACTIVE'),
    arrange: async (srv, s) => {
      srv.route('GET', '/api/sdk/kill-switch/status', () => reply.json({ is_active: true }));
      srv.route('POST', MCP, () => reply.networkError());
      await s.client.getKillSwitchStatus();
    },
    act: (s) => s.client.evaluateMcpAction(MCP_REQUEST),
    submits: 0,
  },
];

async function outcomeOf(s: Scenario, call: Promise<AuthorizationDecision>): Promise<Outcome> {
  try {
    const decision = await s.time.runUntilSettled(call);
    if (decision.decision === 'allowed' && decision.failOpen) return failOpen(decision.failOpen.cause.code);
    return decided(decision.decision);
  } catch (error) {
    if (!isAscendError(error)) throw error;
    if (error.code === 'GOVERNANCE_UNAVAILABLE') return unavailable((error.cause as { code: string }).code);
    return throws(error.code);
  }
}

describe.each<FailMode>(['closed', 'open'])('fail mode %s', (mode) => {
  it.each(TABLE.map((row) => [row.trigger, row] as const))('%s', async (_trigger, row) => {
    const s = scenario(server.baseUrl, { ...row.options, failMode: mode });
    await row.arrange?.(server, s);
    const outcome = await outcomeOf(s, (row.act ?? ((x: Scenario) => x.client.evaluateAction(REQUEST)))(s));
    expect(outcome).toEqual(row[mode]);

    const failOpenEvents = s.events.filter((e) => e.name === 'failOpen');
    const failOpenWarnings = s.logs.records.filter((r) => r.level === 'warn' && /fail-open/.test(r.message));
    if (outcome.kind === 'fail-open') {
      expect(failOpenEvents).toHaveLength(1);
      expect(failOpenEvents[0]!.payload).toMatchObject({
        cause: { code: outcome.cause },
        decision: { executionAllowed: true, actionId: expect.stringMatching(/^fail_open_[0-9a-f]{16}$/) },
      });
      expect(failOpenWarnings).toHaveLength(1);
    } else {
      expect(failOpenEvents).toHaveLength(0);
      expect(failOpenWarnings).toHaveLength(0);
    }
    if (row.submits !== undefined) {
      expect(server.requests.filter((r) => r.method === 'POST').length).toBe(row.submits);
    }
    await s.client.close();
  });
});

describe('invariants across the table', () => {
  it('an approval timeout, a rejection, a kill switch, a 4xx or a malformed decision is never allowed, in any mode', () => {
    const neverAllowed = TABLE.filter((r) => /approval|kill switch|4xx|malformed|abort/.test(r.trigger));
    expect(neverAllowed.length).toBeGreaterThan(10);
    for (const row of neverAllowed) {
      for (const mode of ['closed', 'open'] as const) {
        expect(row[mode].kind, `${row.trigger} (${mode})`).not.toBe('fail-open');
        expect(row[mode], `${row.trigger} (${mode})`).not.toEqual(decided('allowed'));
      }
    }
  });

  it('closed never synthesizes a decision: every unreachable trigger throws GovernanceUnavailableError with the cause', () => {
    for (const row of TABLE) expect(row.closed.kind).not.toBe('fail-open');
    const unreachable = TABLE.filter((r) => r.open.kind === 'fail-open');
    for (const row of unreachable) expect(row.closed).toEqual(unavailable((row.open as { cause: string }).cause));
  });
});
