/**
 * The governed call's spans through the pipeline (`@ascend/governance`'s `run`), through MCP
 * (`@ascend/mcp`'s `governTool`) and through a framework adapter (`@ascend/ai-sdk`), for every outcome of the table, in enforce and in shadow mode:
 * span names, attributes, parent-child links, the `traceparent` the service received, and the
 * governed-call metrics.
 */
import { silentLogger } from '@ascend/core';
import { createToolGovernor, GOVERNED_CALL_SPAN } from '@ascend/governance';
import { governTool as governAiSdkTool } from '@ascend/ai-sdk';
import { governTool, type ToolExtra } from '@ascend/mcp';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { tool } from 'ai';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTRIBUTES as A, METRIC_NAMES, SPAN_NAMES, traceContext } from './index.js';
import { harness, parentOf, traceparentOf, useContextManager, type Harness } from './test-support/otel.js';

useContextManager();

let h: Harness;
afterEach(async () => {
  await h?.shutdown();
});

/** The block kind shadow mode marks for the scenarios it runs although enforce mode blocks them. */
const SHADOWED: Partial<Record<GovernedOutcomeScenario['name'], string>> = {
  'pending then approved': 'approval_pending',
  rejected: 'approval_pending',
  'timed out': 'approval_pending',
  denied: 'denied',
  unavailable: 'unavailable',
  'malformed answer': 'error',
};

const WAITS = ['pending then approved', 'rejected', 'timed out'];

/** What the governed-call span must say for a scenario in a mode. */
function expected(scenario: GovernedOutcomeScenario, enforcement: 'enforce' | 'shadow') {
  const shadowKind = enforcement === 'shadow' ? SHADOWED[scenario.name] : undefined;
  if (shadowKind) return { outcome: 'shadowed', blockKind: shadowKind, waits: false };
  if (scenario.expected.runs) return { outcome: 'ran', blockKind: undefined, waits: enforcement === 'enforce' && WAITS.includes(scenario.name) };
  return { outcome: 'blocked', blockKind: scenario.expected.block, waits: enforcement === 'enforce' && WAITS.includes(scenario.name) };
}

/** Checks the span tree under the test's parent span and returns the governed-call span. */
function checkTree(scenario: GovernedOutcomeScenario, enforcement: 'enforce' | 'shadow', parent: ReadableSpan, completionSent: boolean): ReadableSpan {
  const want = expected(scenario, enforcement);
  const [call, ...others] = h.named(GOVERNED_CALL_SPAN);
  expect(others).toEqual([]);
  expect(parentOf(call!)).toBe(parent.spanContext().spanId);
  expect(call!.attributes).toMatchObject({
    [A.toolName]: 'refund',
    [A.phase]: 'run',
    [A.enforcement]: enforcement,
    [A.outcome]: want.outcome,
    [A.resource]: expect.any(String),
  });
  expect(call!.attributes[A.blockKind]).toBe(want.blockKind);
  expect(call!.attributes[A.actionType]).toMatch(/\.refund$/);
  if (scenario.expected.failOpen) expect(call!.attributes[A.failOpen]).toBe(true);
  // The client's spans are children of the governed call, in its trace.
  const children = h.spans().filter((s) => s !== call && s !== parent);
  for (const child of children) {
    expect(parentOf(child), child.name).toBe(call!.spanContext().spanId);
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
  }
  expect(h.named(SPAN_NAMES.evaluate)).toHaveLength(1);
  expect(h.named(SPAN_NAMES.waitForApproval)).toHaveLength(want.waits ? 1 : 0);
  expect(h.named(SPAN_NAMES.report)).toHaveLength(completionSent ? 1 : 0);
  // Never the arguments, never the key.
  const dump = JSON.stringify(h.spans().map((s) => s.attributes));
  expect(dump).not.toContain('o-secret');
  expect(dump).not.toContain('sk-live');
  return call!;
}

async function checkMetrics(scenario: GovernedOutcomeScenario, enforcement: 'enforce' | 'shadow'): Promise<void> {
  const want = expected(scenario, enforcement);
  const calls = await h.points(METRIC_NAMES.governedCalls);
  expect(calls).toEqual([
    {
      attributes: {
        [A.outcome]: want.outcome,
        [A.enforcement]: enforcement,
        [A.toolName]: 'refund',
        ...(want.blockKind ? { [A.blockKind]: want.blockKind } : {}),
      },
      value: 1,
    },
  ]);
  const durations = await h.points(METRIC_NAMES.governedCallDuration);
  expect(durations.map((p) => (p.value as { count: number }).count)).toEqual([1]);
}

const args = { orderId: 'o-secret-1', amount: 40, apiKey: 'sk-live-123456789' };

for (const enforcement of ['enforce', 'shadow'] as const) {
  describe(`through the pipeline (run), ${enforcement} mode`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      it(scenario.name, async () => {
        h = harness();
        const mock = scenario.client({ client: { traceContext } });
        try {
          const governor = createToolGovernor<typeof args, { refunded: number }>(
            mock,
            {
              toolName: 'refund',
              source: 'test_framework',
              actionTypePrefix: 'tool',
              component: 'test',
              callerLabel: 'test caller',
              defaultSummary: () => ({ ok: true }),
            },
            { telemetry: h.telemetry, enforcement, logger: silentLogger, approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, approvalPollIntervalMs: 10 },
          );
          const { parent } = await h.inParent(() => governor.run(args, () => ({ refunded: 40 })));
          const sent = mock.calls.filter((c) => c.method === 'logActionCompleted').length > 0;
          checkTree(scenario, enforcement, parent, sent);
          const submit = mock.service.requestsFor('submitAction');
          if (submit.length > 0) expect(submit[0]!.headers['traceparent']).toBe(traceparentOf(h.named(SPAN_NAMES.evaluate)[0]!));
          await checkMetrics(scenario, enforcement);
        } finally {
          await mock.close();
        }
      });
    }
  });

  describe(`through MCP (governTool), ${enforcement} mode`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      it(scenario.name, async () => {
        h = harness();
        const mock = scenario.client({ client: { traceContext } });
        try {
          const tool = governTool(
            mock,
            {
              toolName: 'refund',
              serverName: 'billing',
              telemetry: h.telemetry,
              enforcement,
              logger: silentLogger,
              approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
              approvalPollIntervalMs: 10,
              plainCallApprovalTimeoutMs: false,
            },
            () => ({ content: [{ type: 'text' as const, text: 'refunded' }] }),
          );
          const { parent } = await h.inParent(() => tool(args, {} as unknown as ToolExtra));
          const sent = mock.calls.filter((c) => c.method === 'logActionCompleted').length > 0;
          const call = checkTree(scenario, enforcement, parent, sent);
          expect(call.attributes[A.source]).toBe('mcp_server');
          expect(call.attributes[A.serverName]).toBe('billing');
          // Every request to ASCEND carries the traceparent of the span it was sent in.
          const evaluate = h.named(SPAN_NAMES.evaluate)[0]!;
          for (const request of mock.service.requestsFor('submitAction')) expect(request.headers['traceparent']).toBe(traceparentOf(evaluate));
          const wait = h.named(SPAN_NAMES.waitForApproval)[0];
          for (const request of mock.service.requestsFor('getActionStatus')) expect(request.headers['traceparent']).toBe(traceparentOf(wait!));
          await checkMetrics(scenario, enforcement);
        } finally {
          await mock.close();
        }
      });
    }
  });
}

for (const enforcement of ['enforce', 'shadow'] as const) {
  describe(`through the AI SDK adapter (@ascend/ai-sdk governTool), ${enforcement} mode`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      it(scenario.name, async () => {
        h = harness();
        const mock = scenario.client({ client: { traceContext } });
        try {
          const refund = governAiSdkTool(
            mock,
            tool({ description: 'Refund an order', inputSchema: z.object({ orderId: z.string(), amount: z.number() }), execute: () => ({ refunded: 40 }) }),
            {
              toolName: 'refund',
              telemetry: h.telemetry,
              enforcement,
              logger: silentLogger,
              approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
              approvalPollIntervalMs: 10,
            },
          );
          const { result, parent } = await h.inParent(async () => {
            try {
              return await refund.execute({ orderId: 'o-secret-1', amount: 40 }, { toolCallId: 'call-1', messages: [], context: undefined as never });
            } catch (error) {
              return error;
            }
          });
          const want = expected(scenario, enforcement);
          if (want.outcome === 'blocked') expect(result).toBeInstanceOf(Error);
          else expect(result).toEqual({ refunded: 40 });
          const sent = mock.calls.filter((c) => c.method === 'logActionCompleted').length > 0;
          const call = checkTree(scenario, enforcement, parent, sent);
          expect(call.attributes[A.source]).toBe('vercel_ai_sdk');
          const evaluate = h.named(SPAN_NAMES.evaluate)[0]!;
          for (const request of mock.service.requestsFor('submitAction')) expect(request.headers['traceparent']).toBe(traceparentOf(evaluate));
          await checkMetrics(scenario, enforcement);
        } finally {
          await mock.close();
        }
      });
    }
  });
}

describe('phases called on their own', () => {
  it('decide and proceed outside observe get a span each, named by phase', async () => {
    h = harness();
    const mock = GOVERNED_OUTCOMES[0]!.client();
    try {
      const governor = createToolGovernor(
        mock,
        {
          toolName: 'refund',
          source: 'test_framework',
          actionTypePrefix: 'tool',
          component: 'test',
          callerLabel: 'test caller',
          defaultSummary: () => ({ ok: true }),
        },
        { telemetry: h.telemetry, logger: silentLogger },
      );
      await governor.proceed(await governor.decide({}), () => 1);
      const phases = h.named(GOVERNED_CALL_SPAN).map((s) => [s.attributes[A.phase], s.attributes[A.outcome]]);
      expect(phases).toEqual([
        ['decide', undefined],
        ['proceed', 'ran'],
      ]);
    } finally {
      await mock.close();
    }
  });
});
