/**
 * Shadow mode (`enforcement: 'shadow'`) through the AI SDK's real run loop: every scenario of
 * `GOVERNED_OUTCOMES`, through `generateText` and `streamText`, with and without the SDK's
 * tool-approval flow. The expected differences from enforce mode (outcomes.test.ts): the tool runs
 * in every scenario but the kill switch (there too with `shadowKillSwitch: 'observe'`), the model
 * sees the tool's result, nobody is asked for an approval or waited for, and the completion
 * reports carry `result.shadow`.
 */
import { ConfigurationError, silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import { tool, type ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAscendApprovals, governTools } from './index.js';
import { lastSeen, runOnce, type Runner } from './test-support/drive.js';
import { scriptedModel } from './test-support/model.js';

const SECRET = 'sk-live-4f9c2b7e1d3a5f80';

/** The scenarios shadow mode runs although enforce mode blocks them, with the block kind marked. */
const SHADOWED: Partial<Record<GovernedOutcomeScenario['name'], string>> = {
  'pending then approved': 'approval_pending',
  rejected: 'approval_pending',
  'timed out': 'approval_pending',
  denied: 'denied',
  unavailable: 'unavailable',
  'malformed answer': 'error',
};

type Mode = 'wait' | 'approvals';

async function play(runner: Runner, mode: Mode, client: MockAscendClient, shadowKillSwitch: 'enforce' | 'observe') {
  let runs = 0;
  const shadowed: string[] = [];
  const approvals = mode === 'approvals' ? createAscendApprovals({ logger: silentLogger }) : undefined;
  const refund = tool({
    description: 'Refund an order',
    inputSchema: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string() }),
    execute: async ({ orderId, amount }) => {
      runs++;
      await Promise.resolve();
      return { refunded: amount, orderId };
    },
  });
  const tools = governTools(
    client,
    { refund },
    {
      approvals,
      enforcement: 'shadow',
      shadowKillSwitch,
      onShadowed: (block) => void shadowed.push(block.kind),
      logger: silentLogger,
      approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
      approvalPollIntervalMs: 10,
      resource: ({ orderId }) => `orders/${String(orderId)}`,
    },
  );
  const model = scriptedModel('refund', { orderId: 'o-1', amount: 40, apiKey: SECRET });
  const messages: ModelMessage[] = [{ role: 'user', content: 'Refund order o-1' }];
  const result = await runOnce(runner, { model, tools, messages, approvals });
  const requests = result.content.filter((p) => p.type === 'tool-approval-request');
  return { runs: () => runs, shadowed, requests, seen: lastSeen(model, runner), result };
}

for (const runner of ['generateText', 'streamText'] as const) {
  for (const mode of ['wait', 'approvals'] as const) {
    for (const killSwitch of ['enforce', 'observe'] as const) {
      describe(`shadow mode, ${runner}, ${mode === 'wait' ? 'without' : 'with'} the tool-approval flow, shadowKillSwitch: '${killSwitch}'`, () => {
        for (const scenario of GOVERNED_OUTCOMES) {
          // The kill switch still blocks unless observed; every other scenario runs.
          const observedKill = scenario.name === 'kill switch' && killSwitch === 'observe';
          const shadowKind = observedKill ? 'kill_switch' : SHADOWED[scenario.name];
          const runs = scenario.expected.runs || shadowKind !== undefined;
          it(`${scenario.name}: ${shadowKind ? `runs, shadowed (${shadowKind})` : runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
            const client = scenario.client();
            try {
              const { runs: ran, shadowed, requests, seen, result } = await play(runner, mode, client, killSwitch);
              expect(ran()).toBe(runs ? 1 : 0);
              expect(shadowed).toEqual(shadowKind ? [shadowKind] : []);
              // Never the framework's approval pause, and never a wait for a human in ASCEND.
              expect(requests).toHaveLength(0);
              expect(client.callsTo('waitForDecision')).toHaveLength(0);

              // What the model saw: the tool's result, or the kill switch's block as the tool's error.
              expect(seen).toHaveLength(1);
              const output = seen[0] as { type: string; value?: unknown };
              if (runs) {
                expect(output).toEqual({ type: 'json', value: { refunded: 40, orderId: 'o-1' } });
                expect(result.text).toContain('"refunded":40');
              } else {
                expect(output.type).toBe('error-text');
                expect(output.value).toMatch(/^Blocked by the ASCEND kill switch: Incident 42/);
              }

              // What ASCEND recorded: every completion report carries the shadow mark.
              const completed = client.executions.filter((e) => e.kind === 'completed');
              if (scenario.name === 'allowed') expect(completed).toHaveLength(1);
              if (!runs || scenario.name === 'fail-open allowed') expect(completed).toHaveLength(0);
              for (const c of completed) {
                const shadow = (c.report.result as Record<string, unknown>)['shadow'];
                expect(shadow).toEqual(shadowKind ? expect.objectContaining({ block_kind: shadowKind }) : { decision: 'allowed' });
                expect(c.report.result).toMatchObject({ success: true, result_type: 'object' });
              }
              expect(client.executions.filter((e) => e.kind === 'failed')).toHaveLength(0);
              // Evaluated once, redacted, in both flows.
              const submitted = client.callsTo('evaluateAction');
              expect(submitted.length).toBeLessThanOrEqual(1);
              if (scenario.name !== 'kill switch') expect(submitted).toHaveLength(1);
              for (const call of submitted) expect(JSON.stringify(call.args[0])).not.toContain(SECRET);
            } finally {
              await client.close();
            }
          });
        }
      });
    }
  }
}

describe('shadow mode and the tool-approval flow', () => {
  it('never pauses for a human: toolApproval lets a pending call proceed, and execute runs it shadowed', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    try {
      for (const runner of ['generateText', 'streamText'] as const) {
        const { runs, requests, result } = await play(runner, 'approvals', client, 'enforce');
        expect(runs()).toBe(1);
        expect(requests).toHaveLength(0);
        expect(result.content.map((p) => p.type)).toContain('tool-result');
      }
      expect(client.callsTo('waitForDecision')).toHaveLength(0);
      const approvals = createAscendApprovals({ logger: silentLogger });
      const tools = governTools(
        client,
        { refund: tool({ inputSchema: z.object({}), execute: async () => 'ok' }) },
        { approvals, enforcement: 'shadow', logger: silentLogger },
      );
      const status = await approvals.toolApproval({
        toolCall: { type: 'tool-call', toolCallId: 'call-9', toolName: 'refund', input: {} },
        tools,
        toolsContext: {},
        messages: [],
      } as unknown as Parameters<typeof approvals.toolApproval>[0]);
      expect(status).toBe('not-applicable');
    } finally {
      await client.close();
    }
  });

  it('an approval requested before the switch to shadow mode is not waited for: the call is evaluated afresh and runs', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    try {
      // Enforce mode asks the user.
      const model = scriptedModel('refund', { orderId: 'o-1', amount: 40, apiKey: SECRET });
      let runs = 0;
      const refund = tool({
        inputSchema: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string() }),
        execute: async () => {
          runs++;
          return 'refunded';
        },
      });
      const approvals = createAscendApprovals({ logger: silentLogger });
      const enforced = governTools(client, { refund }, { approvals, logger: silentLogger });
      let messages: ModelMessage[] = [{ role: 'user', content: 'Refund order o-1' }];
      const first = await runOnce('generateText', { model, tools: enforced, messages, approvals });
      const asked = first.content.flatMap((p) => (p.type === 'tool-approval-request' ? [p] : []));
      expect(asked).toHaveLength(1);
      expect(await approvals.pendingHandle('call-1')).toBeDefined();
      // The app switches to shadow mode; the user approves in the chat.
      const shadowTools = governTools(client, { refund }, { approvals, enforcement: 'shadow', logger: silentLogger });
      messages = [
        ...messages,
        ...first.responseMessages,
        { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: asked[0]!.approvalId, approved: true }] },
      ];
      await runOnce('generateText', { model, tools: shadowTools, messages, approvals });
      expect(runs).toBe(1);
      expect(client.callsTo('waitForDecision')).toHaveLength(0);
      expect(await approvals.pendingHandle('call-1')).toBeUndefined();
    } finally {
      await client.close();
    }
  });
});

describe('shadow mode options', () => {
  it('governTools accepts enforcement and shadowKillSwitch, shared and per tool', () => {
    const client = new MockAscendClient();
    const refund = tool({ inputSchema: z.object({}), execute: async () => 'ok' });
    expect(() => governTools(client, { refund }, { enforcement: 'shadow', shadowKillSwitch: 'observe' })).not.toThrow();
    expect(() => governTools(client, { refund }, { perTool: { refund: { enforcement: 'shadow', shadowKillSwitch: 'enforce' } } })).not.toThrow();
  });

  it('rejects a bad enforcement value with a ConfigurationError naming the field', () => {
    const client = new MockAscendClient();
    const refund = tool({ inputSchema: z.object({}), execute: async () => 'ok' });
    const bad = { enforcement: 'audit' } as unknown as { enforcement: 'shadow' };
    expect(() => governTools(client, { refund }, bad)).toThrow(ConfigurationError);
    expect(() => governTools(client, { refund }, bad)).toThrow(/enforcement/);
    const badKill = { shadowKillSwitch: 'ignore' } as unknown as { shadowKillSwitch: 'observe' };
    expect(() => governTools(client, { refund }, badKill)).toThrow(/shadowKillSwitch/);
  });
});
