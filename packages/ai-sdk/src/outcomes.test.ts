/**
 * The outcome table through the AI SDK's real run loop: every scenario of `GOVERNED_OUTCOMES`,
 * through `generateText` and `streamText`, in both modes (waiting inside `execute`, and the SDK's
 * tool-approval flow with the user approving in the chat). Asserts that the tool body ran exactly
 * when the scenario says, what the model saw, and what ASCEND recorded.
 */
import { silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeScenario } from '@ascend/testing';
import { tool, type ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAscendApprovals, governTools } from './index.js';
import { answer, approvalRequests, lastSeen, runOnce, type Runner } from './test-support/drive.js';
import { scriptedModel } from './test-support/model.js';

const SECRET = 'sk-live-4f9c2b7e1d3a5f80';

/** What the model is told, by block kind. */
const SAYS: Record<string, RegExp> = {
  denied: /^Denied by ASCEND governance: Refund limit exceeded \(policies: FIN-001\)/,
  rejected: /^Rejected by a human reviewer in ASCEND/,
  approval_timeout: /^Approval timed out: no human approved this tool call in ASCEND/,
  kill_switch: /^Blocked by the ASCEND kill switch: Incident 42/,
  unavailable: /^ASCEND governance is unavailable, so this tool was not run \(fail-closed\)/,
  error: /^The ASCEND governance check failed \(PROTOCOL_ERROR\), so this tool was not run\./,
};

const HUMAN = new Set(['pending then approved', 'rejected', 'timed out']);

async function play(runner: Runner, mode: 'wait' | 'approvals', scenario: GovernedOutcomeScenario) {
  const client = scenario.client();
  let runs = 0;
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
      logger: silentLogger,
      approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
      approvalPollIntervalMs: 10,
      resource: ({ orderId }) => `orders/${String(orderId)}`,
    },
  );
  const model = scriptedModel('refund', { orderId: 'o-1', amount: 40, apiKey: SECRET });
  let messages: ModelMessage[] = [{ role: 'user', content: 'Refund order o-1' }];
  let result = await runOnce(runner, { model, tools, messages, approvals });
  const asked = approvalRequests(result);
  if (asked.length > 0) {
    // The user approves in the chat; ASCEND's reviewer still decides.
    expect(runs).toBe(0);
    messages = answer(messages, result, true);
    result = await runOnce(runner, { model, tools, messages, approvals });
  }
  return { client, runs: () => runs, asked, seen: lastSeen(model, runner), result };
}

for (const runner of ['generateText', 'streamText'] as const) {
  for (const mode of ['wait', 'approvals'] as const) {
    describe(`${runner}, ${mode === 'wait' ? 'waiting inside execute' : "the SDK's tool-approval flow"}`, () => {
      for (const scenario of GOVERNED_OUTCOMES) {
        const { expected } = scenario;
        it(`${scenario.name}: ${expected.runs ? 'runs' : `blocked (${expected.block})`}`, async () => {
          const { client, runs, asked, seen, result } = await play(runner, mode, scenario);
          try {
            // The tool body ran exactly when the scenario says.
            expect(runs()).toBe(expected.runs ? 1 : 0);
            // In the approval flow, only a decision that needs a human becomes an approval request.
            expect(asked.length).toBe(mode === 'approvals' && HUMAN.has(scenario.name) ? 1 : 0);
            if (asked.length > 0) expect(asked[0]!.reason).toMatch(/^ASCEND holds this tool call for a human reviewer \(action \d+\)/);

            // What the model saw.
            expect(seen).toHaveLength(1);
            const output = seen[0] as { type: string; value?: unknown; reason?: string };
            if (expected.runs) {
              expect(output).toEqual({ type: 'json', value: { refunded: 40, orderId: 'o-1' } });
              expect(result.text).toContain('"refunded":40');
            } else {
              const pattern = SAYS[scenario.name === 'rejected' ? 'rejected' : expected.block!]!;
              // Blocked before any human: an automatic denial in the approval flow; otherwise the tool's error.
              const denial = mode === 'approvals' && !HUMAN.has(scenario.name);
              if (denial) {
                expect(output.type).toBe('execution-denied');
                expect(output.reason).toMatch(pattern);
              } else {
                expect(output.type).toBe('error-text');
                expect(output.value).toMatch(pattern);
              }
              expect(JSON.stringify(output)).not.toContain(SECRET);
            }

            // What ASCEND recorded: a completion report only for a run the service decided.
            const completed = client.executions.filter((e) => e.kind === 'completed');
            expect(completed).toHaveLength(expected.completionRecorded ? 1 : 0);
            if (expected.completionRecorded) expect(completed[0]!.report.result).toEqual({ success: true, result_type: 'object' });
            expect(client.executions.filter((e) => e.kind === 'failed')).toHaveLength(0);
            // The arguments left the process redacted.
            const submitted = client.callsTo('evaluateAction');
            // Once at most: a resumed approval never submits again.
            expect(submitted.length).toBeLessThanOrEqual(1);
            if (scenario.name !== 'kill switch') expect(submitted).toHaveLength(1);
            for (const call of submitted) {
              expect(JSON.stringify(call.args[0])).not.toContain(SECRET);
              expect(call.args[0].resource).toBe('orders/o-1');
              expect(call.args[0].context).toMatchObject({ source: 'vercel_ai_sdk', tool_name: 'refund', ai_sdk_tool_call_id: 'call-1' });
            }
          } finally {
            await client.close();
          }
        });
      }
    });
  }
}
