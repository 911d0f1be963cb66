/**
 * Shadow mode (`enforcement: 'shadow'`) through the SDK's real run loop: the outcome table of
 * `GOVERNED_OUTCOMES`, with the expected differences from enforce mode. The tool runs whatever
 * ASCEND answers, except under the kill switch (unless `shadowKillSwitch: 'observe'`); the run is
 * never interrupted for a human; the model reads the tool's result; completion reports carry
 * `result.shadow`.
 */
import { silentLogger } from '@ascend/node';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import { Agent, run, setTracingDisabled } from '@openai/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { governedTool, loadGovernedRun, pendingAscendApprovals, saveGovernedRun, type OpenAIAgentsGovernanceOptions } from './index.js';
import { ScriptedModel } from './test-support/scripted-model.js';

beforeAll(() => setTracingDisabled(true));

type RefundArgs = { orderId: string; amount: number; apiKey: string };
type Policy = OpenAIAgentsGovernanceOptions<RefundArgs>;

/** Which scenarios shadow mode runs although enforce mode blocks them, and the block kind it marks. */
const SHADOWED: Partial<Record<GovernedOutcomeScenario['name'], string>> = {
  'pending then approved': 'approval_pending',
  rejected: 'approval_pending',
  'timed out': 'approval_pending',
  denied: 'denied',
  unavailable: 'unavailable',
  'malformed answer': 'error',
};

function refundTool(client: MockAscendClient, ran: { count: number }, policy: Policy) {
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
    { logger: silentLogger, approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, approvalPollIntervalMs: 10, resource: (a) => `orders/${a.orderId}`, ...policy },
  );
}

function setup(client: MockAscendClient, policy: Policy) {
  const ran = { count: 0 };
  const model = new ScriptedModel({ name: 'refund', callId: 'call_1', args: { orderId: 'o-1', amount: 40, apiKey: 'sk-live-123456789abc' } });
  const agent = new Agent({ name: 'billing', model, tools: [refundTool(client, ran, policy)] });
  return { ran, model, agent };
}

/** The `result.shadow` of every completion report sent. */
function completionShadows(client: MockAscendClient): unknown[] {
  return client.callsTo('logActionCompleted').map((c) => (c.args[1] as { result: Record<string, unknown> }).result['shadow']);
}

for (const shadowKillSwitch of ['enforce', 'observe'] as const) {
  describe(`the outcome table in shadow mode, through run() (shadowKillSwitch: '${shadowKillSwitch}')`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      const killObserved = scenario.name === 'kill switch' && shadowKillSwitch === 'observe';
      const shadowKind = killObserved ? 'kill_switch' : SHADOWED[scenario.name];
      const runs = scenario.expected.runs || shadowKind !== undefined;
      it(`${scenario.name}: ${shadowKind ? `runs, shadowed (${shadowKind})` : runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
        const client = scenario.client();
        try {
          const shadowed: string[] = [];
          const { ran, model, agent } = setup(client, { enforcement: 'shadow', shadowKillSwitch, onShadowed: (block) => void shadowed.push(block.kind) });
          const result = await run(agent, 'Refund order o-1');

          // Never the SDK's approval pause, and never a wait for ASCEND's reviewer.
          expect(result.interruptions).toEqual([]);
          expect(pendingAscendApprovals(result)).toEqual([]);
          expect(client.callsTo('waitForDecision')).toHaveLength(0);

          expect(ran.count).toBe(runs ? 1 : 0);
          const seen = model.seen.get('call_1')!;
          if (runs) expect(seen).toBe('refunded 40');
          else expect(seen).toMatch(/^Blocked by the ASCEND kill switch: Incident 42/);
          expect(seen).not.toContain('sk-live');
          expect(result.finalOutput).toContain(seen);
          expect(shadowed).toEqual(shadowKind ? [shadowKind] : []);

          expect(client.callsTo('evaluateAction')).toHaveLength(1);
          expect(client.actions[0]?.failOpen ?? false).toBe(scenario.expected.failOpen);
          if (client.actions[0]) expect(JSON.stringify(client.actions[0].request)).not.toContain('sk-live');
          // Every completion report sent carries the shadow mark (allowed runs say so too).
          const shadows = completionShadows(client);
          if (shadowKind && client.actions[0]) {
            expect(shadows).toEqual([expect.objectContaining({ block_kind: shadowKind })]);
            expect(client.callsTo('logActionCompleted')[0]!.args[0]).toBe(client.actions[0].actionId);
          } else if (scenario.name === 'allowed') {
            expect(shadows).toEqual([{ decision: 'allowed' }]);
          } else {
            for (const s of shadows) expect(s).toEqual({ decision: 'allowed' });
          }
          if (!runs) expect(shadows).toEqual([]);
        } finally {
          await client.close();
        }
      });
    }
  });
}

describe('shadow mode and the SDK approval flow', () => {
  it('never interrupts: needsApproval answers false for a pending call, and the tool runs shadowed', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    try {
      const ran = { count: 0 };
      const tool = refundTool(client, ran, { enforcement: 'shadow', requireHumanApproval: true });
      const model = new ScriptedModel([
        { name: 'refund', callId: 'call_a', args: { orderId: 'o-1', amount: 10, apiKey: 'k' } },
        { name: 'refund', callId: 'call_b', args: { orderId: 'o-2', amount: 20, apiKey: 'k' } },
      ]);
      const agent = new Agent({ name: 'billing', model, tools: [tool] });
      const result = await run(agent, 'Refund both');
      expect(result.interruptions).toEqual([]);
      expect(result.state.getInterruptions()).toEqual([]);
      expect(ran.count).toBe(2);
      expect(model.seen.get('call_a')).toBe('refunded 10');
      expect(model.seen.get('call_b')).toBe('refunded 20');
      // The approvals stay pending in ASCEND: shadow mode does not decide them.
      expect(client.actions.map((a) => a.state)).toEqual(['pending', 'pending']);
      expect(completionShadows(client)).toEqual([
        expect.objectContaining({ block_kind: 'approval_pending', decision: 'pending' }),
        expect.objectContaining({ block_kind: 'approval_pending', decision: 'pending' }),
      ]);
    } finally {
      await client.close();
    }
  });

  it('the same pending call interrupts in enforce mode (the contrast)', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    try {
      const { ran, agent } = setup(client, {});
      const result = await run(agent, 'Refund order o-1');
      expect(result.interruptions).toHaveLength(1);
      expect(ran.count).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('a run interrupted in enforce mode and resumed with a shadow-mode tool runs without waiting for the reviewer', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    try {
      const first = setup(client, {});
      const saved = saveGovernedRun(await run(first.agent, 'Refund order o-1'));
      const second = setup(client, { enforcement: 'shadow' });
      const state = await loadGovernedRun(second.agent, saved);
      state.approve(state.getInterruptions()[0]!);
      const resumed = await run(second.agent, state);
      expect(resumed.interruptions).toEqual([]);
      expect(first.ran.count).toBe(0);
      expect(second.ran.count).toBe(1);
      expect(second.model.seen.get('call_1')).toBe('refunded 40');
      expect(client.callsTo('waitForDecision')).toHaveLength(0);
      expect(client.callsTo('evaluateAction')).toHaveLength(1);
      expect(client.actions[0]!.state).toBe('pending');
      expect(completionShadows(client)).toEqual([expect.objectContaining({ block_kind: 'approval_pending' })]);
    } finally {
      await client.close();
    }
  });

  it('the run being cancelled still blocks in shadow mode', async () => {
    const client = new MockAscendClient().decide('*', 'denied', { reason: 'Over limit' });
    try {
      const controller = new AbortController();
      const seen: string[] = [];
      // The run is aborted while the tool's execution is under way, before the body starts.
      const { ran, agent } = setup(client, {
        enforcement: 'shadow',
        onShadowed: (block) => {
          seen.push(`shadowed:${block.kind}`);
          controller.abort();
        },
        onCancelled: (block) => void seen.push(`cancelled:${block.cancelledVia}`),
      });
      await run(agent, 'Refund order o-1', { signal: controller.signal }).catch(() => undefined);
      expect(seen).toEqual(['shadowed:denied', 'cancelled:request']);
      expect(ran.count).toBe(0);
      expect(client.callsTo('logActionCompleted')).toHaveLength(0);
    } finally {
      await client.close();
    }
  });

  it('accepts enforcement and shadowKillSwitch, and refuses bad values naming the field', () => {
    const client = new MockAscendClient();
    const ran = { count: 0 };
    expect(() => refundTool(client, ran, { enforcement: 'shadow', shadowKillSwitch: 'observe' })).not.toThrow();
    expect(() => refundTool(client, ran, { enforcement: 'audit' as never })).toThrow(/enforcement/);
    expect(() => refundTool(client, ran, { shadowKillSwitch: 'ignore' as never })).toThrow(/shadowKillSwitch/);
  });
});
