/**
 * Spans and metrics of the client's own calls, through core: an instrumented client (the real
 * `AscendClient` that `MockAscendClient` runs over the fake) for every outcome of the table,
 * called directly (evaluate, wait, report) inside a parent span. The fake records the requests:
 * each one carries the `traceparent` of the span it was sent in.
 */
import { ApprovalTimeoutError, type AuthorizationDecision } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS } from '@ascend/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTRIBUTES as A, METRIC_NAMES, SPAN_NAMES, traceContext } from './index.js';
import { harness, parentOf, traceparentOf, useContextManager, type Harness } from './test-support/otel.js';

useContextManager();

let h: Harness;
afterEach(async () => {
  await h?.shutdown();
});

/** Evaluate, then wait when pending, then report when allowed: the calls an agent makes by hand. */
async function governByHand(client: MockAscendClient): Promise<{ decision?: AuthorizationDecision; error?: unknown }> {
  try {
    let decision = await client.evaluateAction({
      actionType: 'financial.refund',
      resource: 'orders',
      parameters: { amount: 40 },
      context: { risk_level: 'high' },
    });
    if (decision.decision === 'pending') decision = await client.waitForDecision(decision, { timeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, pollIntervalMs: 10 });
    if (decision.decision === 'allowed') await client.logActionCompleted(decision.actionId, { result: { refunded: 40 }, durationMs: 3 });
    return { decision };
  } catch (error) {
    return { error };
  }
}

describe('through core: an instrumented client, for every outcome', () => {
  for (const scenario of GOVERNED_OUTCOMES) {
    it(scenario.name, async () => {
      h = harness();
      const mock = scenario.client({ client: { traceContext } });
      const client = h.telemetry.instrumentClient(mock);
      try {
        const { result, parent } = await h.inParent(() => governByHand(client));
        const [evaluate, ...more] = h.named(SPAN_NAMES.evaluate);
        expect(more).toEqual([]);
        // Every client span is a child of the caller's span, in its trace.
        for (const span of h.spans().filter((s) => s !== parent)) {
          expect(parentOf(span), span.name).toBe(parent.spanContext().spanId);
          expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
        }
        expect(evaluate!.attributes).toMatchObject({ [A.endpoint]: 'actions', [A.actionType]: 'financial.refund', [A.resource]: 'orders' });
        // The risk level hinted in the request, replaced by the service's own when it answers with one.
        expect(evaluate!.attributes[A.riskLevel]).toEqual(expect.stringMatching(/^(low|medium|high|critical)$/));
        // Never the parameters.
        expect(JSON.stringify(h.spans().map((s) => s.attributes))).not.toContain('amount');

        const waited = h.named(SPAN_NAMES.waitForApproval);
        const reported = h.named(SPAN_NAMES.report);
        if (result.error === undefined || waited.length > 0) {
          // A decision came back from evaluate.
          const first = evaluate!.attributes[A.decision];
          expect(first).toBe(waited.length > 0 ? 'pending' : result.decision!.decision);
          expect(evaluate!.attributes[A.failOpen]).toBe(scenario.expected.failOpen);
          expect(evaluate!.attributes[A.actionId]).toEqual(expect.any(String));
        } else {
          const code = (result.error as { code: string }).code;
          expect(evaluate!.attributes[A.errorCode]).toBe(code);
          expect(evaluate!.status.code).toBe(2);
        }
        if (['pending then approved', 'rejected', 'timed out'].includes(scenario.name)) {
          expect(waited).toHaveLength(1);
          if (scenario.name === 'timed out') {
            expect(result.error).toBeInstanceOf(ApprovalTimeoutError);
            expect(waited[0]!.attributes[A.errorCode]).toBe('APPROVAL_TIMEOUT');
          } else {
            expect(waited[0]!.attributes[A.decision]).toBe(scenario.name === 'rejected' ? 'denied' : 'allowed');
          }
        } else {
          expect(waited).toEqual([]);
        }
        expect(reported).toHaveLength(scenario.expected.runs ? 1 : 0);
        if (scenario.expected.runs) {
          expect(reported[0]!.attributes).toMatchObject({ [A.reportKind]: 'completed' });
          expect(reported[0]!.attributes[scenario.expected.failOpen ? A.reportLocal : A.reportDelivered]).toBe(true);
        }

        // The traceparent of each request to ASCEND names the span it was sent in.
        const submit = mock.service.requestsFor('submitAction');
        if (submit.length > 0) expect(submit[0]!.headers['traceparent']).toBe(traceparentOf(evaluate!));
        for (const poll of mock.service.requestsFor('getActionStatus')) expect(poll.headers['traceparent']).toBe(traceparentOf(waited[0]!));

        // Decisions by outcome.
        const decisions = await h.points(METRIC_NAMES.decisions);
        expect(decisions).toHaveLength(1);
        expect(decisions[0]!.value).toBe(1);
        expect(decisions[0]!.attributes[A.decision]).toBe(evaluate!.attributes[A.decision] ?? 'error');
        const latency = await h.points(METRIC_NAMES.decisionDuration);
        expect(latency).toHaveLength(1);
        expect((latency[0]!.value as { count: number }).count).toBe(1);
        const waits = await h.points(METRIC_NAMES.approvalWaitDuration);
        expect(waits).toHaveLength(waited.length);
      } finally {
        await mock.close();
      }
    });
  }
});

describe('client metrics', () => {
  it('counts breaker transitions and reports the spool depth', async () => {
    h = harness();
    const mock = new MockAscendClient({ client: { circuitBreaker: { enabled: true, failureThreshold: 1, recoveryTimeMs: 600_000 } } });
    const client = h.telemetry.instrumentClient(mock);
    try {
      const allowed = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
      mock.setServiceDown(true, 'network');
      await expect(client.evaluateAction({ actionType: 'a.b', resource: 'r' })).rejects.toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE' });
      const receipt = await client.logActionCompleted(allowed.actionId, { durationMs: 1 });
      expect(receipt).toMatchObject({ spooled: true });
      const transitions = await h.points(METRIC_NAMES.breakerTransitions);
      expect(transitions).toContainEqual({ attributes: { [A.breaker]: 'decisions', [A.breakerFrom]: 'closed', [A.breakerTo]: 'open' }, value: 1 });
      expect(await h.points(METRIC_NAMES.spoolDepth)).toEqual([{ attributes: {}, value: 1 }]);
      // The evaluate span after the failure says the breaker opened.
      expect(h.named(SPAN_NAMES.evaluate)[1]!.attributes[A.breakerState]).toBe('open');
    } finally {
      await mock.close({ flushDeadlineMs: 0 });
    }
  });

  it('instruments a client once: the same wrapper, one breaker subscription', async () => {
    h = harness();
    const mock = new MockAscendClient();
    try {
      const once = h.telemetry.instrumentClient(mock);
      expect(h.telemetry.instrumentClient(mock)).toBe(once);
      expect(h.telemetry.instrumentClient(once)).toBe(once);
      // Everything else is the client's own.
      expect(once.agentId).toBe(mock.agentId);
      expect(typeof once.status).toBe('function');
    } finally {
      await mock.close();
    }
  });
});

describe('traceContext', () => {
  it('is undefined outside a span, and the active span’s traceparent inside one', async () => {
    h = harness();
    expect(traceContext()).toBeUndefined();
    const { result, parent } = await h.inParent(async () => traceContext());
    expect(result).toEqual({ traceparent: traceparentOf(parent) });
  });
});

describe('the real AscendClient (@ascend/node) over the fake', () => {
  it('instrumented: spans with the breaker state, the client’s own members intact, traceparent on the wire', async () => {
    h = harness();
    const { AscendClient } = await import('@ascend/node');
    const { createFakeAscend, createFakeFetch } = await import('@ascend/testing');
    const fake = createFakeAscend({ apiKeys: ['ascend_otel_test_key_0123456789'] });
    const real = new AscendClient({
      apiKey: 'ascend_otel_test_key_0123456789',
      baseUrl: 'https://ascend.test',
      agentId: 'otel-agent',
      logLevel: 'error',
      logger: { log: () => {} },
      traceContext,
      fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }),
      env: {},
    });
    const client = h.telemetry.instrumentClient(real);
    try {
      const { parent } = await h.inParent(async () => {
        const decision = await client.evaluateAction({ actionType: 'data.read', resource: 'reports' });
        if (decision.decision === 'allowed') await client.logActionCompleted(decision.actionId, { durationMs: 1 });
        return decision;
      });
      const evaluate = h.named(SPAN_NAMES.evaluate)[0]!;
      expect(parentOf(evaluate)).toBe(parent.spanContext().spanId);
      expect(evaluate.attributes[A.breakerState]).toBe('closed');
      expect(evaluate.attributes[A.decision]).toEqual(expect.any(String));
      expect(client.agentId).toBe('otel-agent');
      expect(client.status().closed).toBe(false);
      expect(client instanceof AscendClient).toBe(true);
      expect(fake.requestsFor('submitAction')[0]!.headers['traceparent']).toBe(traceparentOf(evaluate));
    } finally {
      await real.close();
    }
  });
});
