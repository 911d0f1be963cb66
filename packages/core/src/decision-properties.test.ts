/**
 * Property: nothing but an explicit approval is ever `allowed` (architecture property 1).
 *
 * Arbitrary bodies (random decision/status words including case variants and near misses,
 * nulls, numbers, nested junk, random extra keys, non-object bodies) go through
 * `parseDecision`, `parseMcpDecision`, and the real client over msw with fail mode `open`.
 * Each either yields a decision that is allowed only when the body says `allowed`, `approved`
 * or `auto_approved` with nothing contradicting it, or fails with a ProtocolError; nothing else.
 */
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DECISION_VOCABULARY, parseDecision, parseMcpDecision, type AuthorizationDecision } from './decision.js';
import { isAscendError } from './errors.js';
import { BASE_URL, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';

const ALLOW_WORDS = new Set(['allowed', 'approved', 'auto_approved']);

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.keys(DECISION_VOCABULARY)) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'ALLOWED',
      'Allowed',
      'allow',
      'Allow',
      ' allowed',
      'allowed ',
      'allowed\n',
      'APPROVED',
      'Approved',
      'approve',
      'Auto_Approved',
      'AUTO_APPROVED',
      'auto-approved',
      'autoapproved',
      'ok',
      'success',
      'true',
      'yes',
      'granted',
      'permit',
      'DENIED',
      'deny',
      'PENDING',
      'Pending_Approval',
      'null',
      'undefined',
      '',
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(true, false, 0, 1, -1, 1.5) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const flag = fc.oneof(fc.constantFrom(true, false, null, 0, 1, 'true', 'false', '', 'yes'), fc.jsonValue({ maxDepth: 1 }));

/** A body shaped like a decision response, every key optional, with junk in every slot. */
const decisionBody = fc
  .tuple(
    fc.record(
      {
        decision: word,
        status: word,
        action_id: fc.oneof(fc.integer({ min: 0 }), fc.string({ maxLength: 8 }), fc.constant(null), fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
        id: fc.oneof(fc.integer(), fc.string({ maxLength: 4 })),
        execution_allowed: flag,
        allowed: flag,
        success: flag,
        requires_approval: flag,
        risk_level: fc.oneof(fc.constantFrom('low', 'medium', 'HIGH', 'critical', 'catastrophic', '', 'unknown'), fc.jsonValue({ maxDepth: 1 })),
        risk_score: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 4 }), fc.constant(null)),
        reason: fc.jsonValue({ maxDepth: 1 }),
        policy_violations: fc.oneof(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }), fc.jsonValue({ maxDepth: 1 })),
        conditions: fc.jsonValue({ maxDepth: 2 }),
        metadata: fc.jsonValue({ maxDepth: 2 }),
        approval_request_id: fc.jsonValue({ maxDepth: 1 }),
        required_approvers: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  )
  // The decision keys win over random extra keys of the same name.
  .map(([known, extra]) => ({ ...extra, ...known }));

/** Any JSON value at all as a response body, including arrays, strings, numbers and null. */
const anyBody = fc.oneof({ weight: 8, arbitrary: decisionBody }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

function given(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The decision and status words that are given; all must be allow words for an allowed outcome. */
function saysAllowedByWords(body: Record<string, unknown>): boolean {
  const words = [body['decision'], body['status']].filter(given);
  return words.length > 0 && words.every((w) => typeof w === 'string' && ALLOW_WORDS.has(w));
}

/** Necessary conditions for an allowed regular decision. */
function mayBeAllowed(body: unknown): boolean {
  if (!isRecord(body)) return false;
  if (!saysAllowedByWords(body)) return false;
  if (given(body['execution_allowed']) && body['execution_allowed'] !== true) return false;
  return true;
}

/** Necessary conditions for an allowed MCP decision. */
function mcpMayBeAllowed(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const anyWord = given(body['decision']) || given(body['status']);
  if (anyWord && !saysAllowedByWords(body)) return false;
  if (given(body['success']) && body['success'] !== true) return false;
  if (body['requires_approval']) return false;
  for (const k of ['allowed', 'execution_allowed']) if (given(body[k]) && body[k] !== true) return false;
  // Some explicit positive statement is required.
  return anyWord || body['allowed'] === true || body['execution_allowed'] === true;
}

/** Runs `parse`, returning the decision or a ProtocolError; any other throw fails the property. */
function outcome(parse: () => AuthorizationDecision): AuthorizationDecision | 'protocol-error' {
  try {
    return parse();
  } catch (error) {
    expect(isAscendError(error, 'PROTOCOL_ERROR'), `unexpected throw: ${String(error)}`).toBe(true);
    return 'protocol-error';
  }
}

function checkDecisionShape(d: AuthorizationDecision): void {
  expect(['allowed', 'denied', 'pending']).toContain(d.decision);
  expect(d.executionAllowed).toBe(d.decision === 'allowed');
  expect(d.failOpen).toBeUndefined();
  expect(typeof d.actionId).toBe('string');
  expect(d.riskLevel === undefined || ['low', 'medium', 'high', 'critical'].includes(d.riskLevel)).toBe(true);
  expect(Array.isArray(d.policyViolations) && d.policyViolations.every((v) => typeof v === 'string')).toBe(true);
}

describe('parseDecision on arbitrary bodies', () => {
  it('is allowed only when decision/status say so explicitly and agree; otherwise denied, pending or ProtocolError', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const result = outcome(() => parseDecision(body));
        if (result === 'protocol-error') return;
        checkDecisionShape(result);
        if (result.decision === 'allowed') expect(mayBeAllowed(body)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not over-block: an explicit, uncontradicted allow word with an action id is allowed', () => {
    fc.assert(
      fc.property(decisionBody, fc.constantFrom('allowed', 'approved', 'auto_approved'), fc.integer({ min: 1 }), (body, allow, actionId) => {
        const b: Record<string, unknown> = { ...body, decision: allow, action_id: actionId };
        const status = b['status'];
        if (given(status) && !(typeof status === 'string' && ALLOW_WORDS.has(status))) delete b['status'];
        if (given(b['execution_allowed']) && b['execution_allowed'] !== true) delete b['execution_allowed'];
        const d = parseDecision(b);
        expect(d.decision).toBe('allowed');
        expect(d.actionId).toBe(String(actionId));
      }),
      { numRuns: 500 },
    );
  });

  it('never guesses: any decision word outside the vocabulary, in any case, is a ProtocolError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), word), (w) => {
        fc.pre(!(typeof w === 'string' && Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, w)) && given(w));
        expect(outcome(() => parseDecision({ action_id: 1, decision: w }))).toBe('protocol-error');
        expect(outcome(() => parseDecision({ action_id: 1, status: w }))).toBe('protocol-error');
        expect(outcome(() => parseDecision({ action_id: 1, decision: 'allowed', status: w }))).toBe('protocol-error');
      }),
      { numRuns: 1000 },
    );
  });

  it('never allows when decision and status disagree', () => {
    const vocab = Object.keys(DECISION_VOCABULARY);
    for (const d of vocab) {
      for (const s of vocab) {
        const result = outcome(() => parseDecision({ action_id: 1, decision: d, status: s }));
        if (DECISION_VOCABULARY[d] !== DECISION_VOCABULARY[s]) expect(result).toBe('protocol-error');
        else expect(result !== 'protocol-error' && result.decision).toBe(DECISION_VOCABULARY[d]);
      }
    }
  });
});

describe('parseMcpDecision on arbitrary bodies', () => {
  it('is allowed only on an explicit, uncontradicted allow; otherwise denied, pending or ProtocolError', () => {
    fc.assert(
      fc.property(anyBody, (body) => {
        const result = outcome(() => parseMcpDecision(body));
        if (result === 'protocol-error') return;
        checkDecisionShape(result);
        if (result.decision === 'allowed') expect(mcpMayBeAllowed(body)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('an empty or flag-less body is never allowed', () => {
    for (const body of [{}, { action_id: 1 }, { success: true }, { requires_approval: false }, { allowed: 'true' }, { status: null }]) {
      expect(outcome(() => parseMcpDecision(body))).toBe('protocol-error');
    }
  });
});

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

describe('the real client over msw, fail mode open', () => {
  /** What the client sees: the body after a JSON round trip. */
  const wire = (body: unknown): unknown => JSON.parse(JSON.stringify(body)) as unknown;

  async function settle(run: () => Promise<AuthorizationDecision>): Promise<AuthorizationDecision | 'protocol-error'> {
    try {
      return await run();
    } catch (error) {
      expect(isAscendError(error, 'PROTOCOL_ERROR'), `unexpected error: ${String(error)}`).toBe(true);
      return 'protocol-error';
    }
  }

  it('evaluateAction, getActionStatus and evaluateMcpAction never turn a malformed answer into allowed', { timeout: 30_000 }, async () => {
    const client = testClient({ failMode: 'open' });
    await fc.assert(
      fc.asyncProperty(anyBody, async (body) => {
        recorder.reset();
        recorder.otherwise(() => json(body));
        const seen = wire(body);
        const evaluated = await settle(() => client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api' }));
        const polled = await settle(() => client.getActionStatus('5102'));
        const mcp = await settle(() => client.evaluateMcpAction({ mcpServer: 's', namespace: 'n', verb: 'v', resource: 'r' }));
        expect(recorder.requests).toHaveLength(3);
        for (const result of [evaluated, polled]) {
          if (result !== 'protocol-error') {
            checkDecisionShape(result);
            if (result.decision === 'allowed') expect(mayBeAllowed(seen)).toBe(true);
          }
        }
        if (mcp !== 'protocol-error') {
          checkDecisionShape(mcp);
          if (mcp.decision === 'allowed') expect(mcpMayBeAllowed(seen)).toBe(true);
        }
      }),
      { numRuns: 120 },
    );
    await client.close();
  });
});
