/**
 * The outcome table through the SDK's real run loop (`run(agent, …)` with a scripted model): for
 * every scenario of `GOVERNED_OUTCOMES`, the tool body runs exactly when it must, the model reads
 * what it must, and ASCEND hears what it must. Pending scenarios stop at the SDK's interruption,
 * are approved in the SDK, and resume; ASCEND's own answer then decides.
 */
import { silentLogger } from '@ascend/node';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS, type MockAscendClient } from '@ascend/testing';
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { governedTool, pendingAscendApprovals } from './index.js';
import { ScriptedModel } from './test-support/scripted-model.js';

beforeAll(() => setTracingDisabled(true));

/** What the model reads for each block kind. */
const MODEL_SEES: Record<string, RegExp> = {
  denied: /^(Denied by ASCEND governance|Rejected by a human reviewer in ASCEND): /,
  approval_timeout: /^Approval timed out: no human approved this tool call in ASCEND/,
  kill_switch: /^Blocked by the ASCEND kill switch: Incident 42/,
  unavailable: /^ASCEND governance is unavailable, so this tool was not run \(fail-closed\)/,
  error: /^The ASCEND governance check failed \(PROTOCOL_ERROR\)/,
};

const PENDING = new Set(['pending then approved', 'rejected', 'timed out']);

function refundTool(client: MockAscendClient, ran: { count: number }) {
  return governedTool(
    client,
    {
      name: 'refund',
      description: 'Refund an order',
      parameters: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string() }),
      execute: ({ amount }) => {
        ran.count++;
        return `refunded ${amount}`;
      },
    },
    { logger: silentLogger, approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, approvalPollIntervalMs: 10, resource: (a) => `orders/${a.orderId}` },
  );
}

describe('the outcome table, through run()', () => {
  it('runs under Node >= 22 (the SDK needs it)', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });

  for (const scenario of GOVERNED_OUTCOMES) {
    const { expected } = scenario;
    it(`${scenario.name}: ${expected.runs ? 'runs' : `blocked (${expected.block})`}`, async () => {
      const client = scenario.client();
      try {
        const ran = { count: 0 };
        const model = new ScriptedModel({ name: 'refund', callId: 'call_1', args: { orderId: 'o-1', amount: 40, apiKey: 'sk-live-123456789abc' } });
        const agent = new Agent({ name: 'billing', model, tools: [refundTool(client, ran)] });

        let result = await run(agent, 'Refund order o-1');
        // A pending decision is the SDK's interruption; nothing ran yet.
        expect(result.interruptions.length > 0).toBe(PENDING.has(scenario.name));
        if (result.interruptions.length > 0) {
          expect(ran.count).toBe(0);
          const [item] = result.interruptions;
          expect(item!.name).toBe('refund');
          const [pending] = pendingAscendApprovals(result);
          expect(pending!.callId).toBe('call_1');
          expect(pending!.handle.actionId).toBe(client.actions[0]!.actionId);
          // The application approves in the SDK; ASCEND's reviewer decides the rest.
          result.state.approve(item!);
          result = await run(agent, result.state);
        }

        expect(result.interruptions).toHaveLength(0);
        expect(ran.count).toBe(expected.runs ? 1 : 0);
        const seen = model.seen.get('call_1')!;
        if (expected.runs) expect(seen).toBe('refunded 40');
        else expect(seen).toMatch(MODEL_SEES[expected.block!]!);
        expect(seen).not.toContain('sk-live');
        expect(result.finalOutput).toContain(seen);

        // One ASCEND action per tool call, whatever the SDK re-checked on resume.
        expect(client.callsTo('evaluateAction')).toHaveLength(1);
        const completed = client.executions.filter((e) => e.kind === 'completed');
        expect(completed).toHaveLength(expected.completionRecorded ? 1 : 0);
        if (expected.runs && !expected.failOpen) expect(completed[0]!.actionId).toBe(client.actions[0]!.actionId);
        expect(client.actions[0]?.failOpen ?? false).toBe(expected.failOpen);
        const humanDecided = client.actions[0]?.state === 'approved' || client.actions[0]?.state === 'rejected';
        expect(humanDecided).toBe(expected.humanDecided);
        if (client.actions[0]) expect(JSON.stringify(client.actions[0].request)).not.toContain('sk-live');
      } finally {
        await client.close();
      }
    });
  }
});
