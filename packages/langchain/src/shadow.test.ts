/**
 * Shadow mode (`enforcement: 'shadow'`) through LangChain's real agent loop (`createAgent` with the
 * fake tool-calling model), for every path: `governTool`, `ascendMiddleware` and
 * `AscendCallbackHandler` (approval: 'wait'), and `governTool` / `ascendMiddleware` with
 * `approval: 'interrupt'` and a checkpointer. The shared outcome table, with the expected
 * differences from enforce mode: the tool runs whatever ASCEND answers except the kill switch
 * (there too with `shadowKillSwitch: 'observe'`), the model sees the tool's result, nothing waits
 * for a human or pauses the run, and completion reports carry `result.shadow`.
 */
import { silentLogger } from '@ascend/core';
import type { GovernanceBlock, GovernedCall } from '@ascend/governance';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { AscendCallbackHandler, ascendMiddleware, governTool, pendingApprovals, type LangChainGovernanceOptions } from './index.js';
import { refundTool, scriptedModel, text, toolMessages, type Counter } from './test-support/agent.js';

/** The scenarios enforce mode blocks and shadow mode runs, with the block kind the run is marked with. */
const SHADOWED: Partial<Record<GovernedOutcomeScenario['name'], GovernanceBlock['kind']>> = {
  // Shadow mode never waits for the human: the pending decision itself is the would-be block.
  'pending then approved': 'approval_pending',
  rejected: 'approval_pending',
  'timed out': 'approval_pending',
  denied: 'denied',
  unavailable: 'unavailable',
  'malformed answer': 'error',
};

/**
 * Scenarios with an action id, so a completion report is sent (the fail-open synthesis has one
 * the client spools; the kill switch stops the call before anything is submitted).
 */
const KNOWN_ACTION = new Set<string>(['allowed', 'fail-open allowed', 'pending then approved', 'rejected', 'timed out', 'denied']);

type Path = 'governTool' | 'ascendMiddleware' | 'AscendCallbackHandler';
type Variant = { path: Path; approval: 'wait' | 'interrupt'; shadowKillSwitch: 'enforce' | 'observe' };

const VARIANTS: Variant[] = [
  { path: 'governTool', approval: 'wait', shadowKillSwitch: 'enforce' },
  { path: 'ascendMiddleware', approval: 'wait', shadowKillSwitch: 'enforce' },
  { path: 'AscendCallbackHandler', approval: 'wait', shadowKillSwitch: 'enforce' },
  { path: 'governTool', approval: 'interrupt', shadowKillSwitch: 'enforce' },
  { path: 'ascendMiddleware', approval: 'interrupt', shadowKillSwitch: 'enforce' },
  { path: 'governTool', approval: 'wait', shadowKillSwitch: 'observe' },
  { path: 'ascendMiddleware', approval: 'interrupt', shadowKillSwitch: 'observe' },
  { path: 'AscendCallbackHandler', approval: 'wait', shadowKillSwitch: 'observe' },
];

async function runAgent({ path, approval, shadowKillSwitch }: Variant, scenario: GovernedOutcomeScenario) {
  const client = scenario.client();
  const counter: Counter = { runs: 0, args: [] };
  const shadowed: Array<{ block: GovernanceBlock; call: GovernedCall }> = [];
  const policy: LangChainGovernanceOptions = {
    logger: silentLogger,
    approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
    approvalPollIntervalMs: 10,
    enforcement: 'shadow',
    shadowKillSwitch,
    onShadowed: (block, call) => {
      shadowed.push({ block, call });
    },
  };
  const options: LangChainGovernanceOptions = path === 'AscendCallbackHandler' ? policy : { ...policy, approval };
  const model = scriptedModel();
  const refund = refundTool(counter);
  const checkpointer = approval === 'interrupt' ? { checkpointer: new MemorySaver() } : {};
  const agent =
    path === 'governTool'
      ? createAgent({ model, tools: [governTool(client, refund, options)], ...checkpointer })
      : path === 'ascendMiddleware'
        ? createAgent({ model, tools: [refund], middleware: [ascendMiddleware(client, options)], ...checkpointer })
        : createAgent({ model, tools: [refund] });
  const callbacks = path === 'AscendCallbackHandler' ? [new AscendCallbackHandler(client, options)] : [];
  const result = await agent.invoke(
    { messages: [{ role: 'user', content: 'refund order o-17' }] },
    { configurable: { thread_id: `shadow-${scenario.name}` }, callbacks },
  );
  return { client, counter, model, result, shadowed };
}

for (const variant of VARIANTS) {
  const label = `${variant.path}, approval: '${variant.approval}', shadowKillSwitch: '${variant.shadowKillSwitch}'`;
  describe(`shadow mode through createAgent: ${label}`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      const killObserved = scenario.name === 'kill switch' && variant.shadowKillSwitch === 'observe';
      const shadowKind = killObserved ? 'kill_switch' : SHADOWED[scenario.name];
      const runs = scenario.expected.runs || shadowKind !== undefined;
      it(`${scenario.name}: ${shadowKind ? `runs, shadowed (${shadowKind})` : runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
        const { client, counter, model, result, shadowed } = await runAgent(variant, scenario);
        try {
          // Shadow mode never pauses the run for a human, and never waits for one.
          expect(pendingApprovals(result)).toEqual([]);
          expect((result as { __interrupt__?: unknown }).__interrupt__).toBeUndefined();
          expect(client.calls.filter((c) => c.method === 'waitForDecision').length).toBe(0);

          expect(counter.runs).toBe(runs ? 1 : 0);
          const message = toolMessages(result.messages).get('call_1');
          expect(message).toBeDefined();
          // What the model saw: its second call got the tool message.
          expect(model.callCount).toBe(2);
          expect(model.calls[1]!.messages.map(text)).toContain(text(message));
          if (runs) {
            expect(text(message)).toBe('refunded 40 on o-17');
            expect(message!.status).not.toBe('error');
          } else {
            expect(message!.status).toBe('error');
            if (variant.path === 'AscendCallbackHandler') expect(text(message)).toMatch(/^GovernedToolBlockedError: /);
            else expect(message!.artifact).toMatchObject({ ascend: { blocked: scenario.expected.block } });
          }

          // onShadowed fires exactly for the shadowed runs, with the would-be block.
          expect(shadowed.map((s) => s.block.kind)).toEqual(shadowKind ? [shadowKind] : []);

          // Completion reports carry the shadow mark (the service records them where it accepts them).
          const completions = client.calls.filter((c) => c.method === 'logActionCompleted');
          expect(completions.length).toBe(runs && KNOWN_ACTION.has(scenario.name) ? 1 : 0);
          for (const c of completions) {
            const shadow = (c.args[1] as { result: Record<string, unknown> }).result['shadow'];
            expect(shadow).toEqual(shadowKind ? expect.objectContaining({ block_kind: shadowKind }) : { decision: 'allowed' });
          }
          if (!scenario.expected.failOpen) expect(client.actions.length).toBeLessThanOrEqual(1);
          for (const action of client.actions) expect(JSON.stringify(action.request)).not.toContain('sk-live');
        } finally {
          await client.close();
        }
      });
    }
  });
}

describe('shadow mode and the LangGraph approval pause', () => {
  it("with approval: 'interrupt', a pending decision pauses the run in enforce mode and never in shadow mode", async () => {
    const outcomes: Record<string, { paused: number; runs: number }> = {};
    for (const enforcement of ['enforce', 'shadow'] as const) {
      const client = GOVERNED_OUTCOMES.find((s) => s.name === 'timed out')!.client();
      const counter: Counter = { runs: 0, args: [] };
      try {
        const agent = createAgent({
          model: scriptedModel(),
          tools: [refundTool(counter)],
          middleware: [ascendMiddleware(client, { logger: silentLogger, approval: 'interrupt', enforcement })],
          checkpointer: new MemorySaver(),
        });
        const result = await agent.invoke(
          { messages: [{ role: 'user', content: 'refund order o-17' }] },
          { configurable: { thread_id: `pause-${enforcement}` } },
        );
        outcomes[enforcement] = { paused: pendingApprovals(result).length, runs: counter.runs };
      } finally {
        await client.close();
      }
    }
    expect(outcomes).toEqual({ enforce: { paused: 1, runs: 0 }, shadow: { paused: 0, runs: 1 } });
  });

  it('the callback handler reports a shadowed run that fails as failed, with the shadow mark, and the model sees the error', async () => {
    const client = GOVERNED_OUTCOMES.find((s) => s.name === 'denied')!.client();
    let ran = 0;
    const failing = tool(
      () => {
        ran++;
        throw new Error('payment provider down');
      },
      { name: 'refund', description: 'Refund an order', schema: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string().optional() }) },
    );
    const handler = new AscendCallbackHandler(client, { logger: silentLogger, enforcement: 'shadow' });
    try {
      const agent = createAgent({ model: scriptedModel(), tools: [failing] });
      const result = await agent.invoke({ messages: [{ role: 'user', content: 'refund order o-17' }] }, { callbacks: [handler] });
      expect(ran).toBe(1);
      const message = toolMessages(result.messages).get('call_1');
      expect(message!.status).toBe('error');
      expect(text(message)).toContain('payment provider down');
      expect(text(message)).not.toContain('GovernedToolBlockedError');
      const failures = client.calls.filter((c) => c.method === 'logActionFailed');
      expect(failures.length).toBe(1);
      expect((failures[0]!.args[1] as { error: Record<string, unknown> }).error).toMatchObject({
        code: 'TOOL_FAILED',
        shadow: expect.objectContaining({ block_kind: 'denied' }),
      });
      expect(client.calls.filter((c) => c.method === 'logActionCompleted').length).toBe(0);
      expect(handler.openRuns).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('the options accept enforcement and shadowKillSwitch, and refuse bad values naming the field', () => {
    const client = GOVERNED_OUTCOMES[0]!.client();
    const tool = refundTool({ runs: 0, args: [] });
    try {
      expect(() => governTool(client, tool, { enforcement: 'shadow', shadowKillSwitch: 'observe' })).not.toThrow();
      expect(() => ascendMiddleware(client, { enforcement: 'shadow', tools: { refund: { shadowKillSwitch: 'observe' } } })).not.toThrow();
      expect(() => new AscendCallbackHandler(client, { enforcement: 'shadow', shadowKillSwitch: 'enforce' })).not.toThrow();
      expect(() => governTool(client, tool, { enforcement: 'audit' as never })).toThrow(/enforcement/);
      expect(() => ascendMiddleware(client, { shadowKillSwitch: 'ignore' as never })).toThrow(/shadowKillSwitch/);
      expect(() => new AscendCallbackHandler(client, { tools: { refund: { enforcement: 'off' as never } } })).toThrow(/enforcement/);
    } finally {
      void client.close();
    }
  });
});
