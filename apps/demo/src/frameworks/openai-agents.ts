/**
 * The OpenAI Agents SDK scenario: a refund agent whose `refund` tool ASCEND governs. A refund
 * above the policy's limit interrupts the run (the SDK's approval flow); the run is saved,
 * restored into a new run state as another process would, approved in the SDK, and finishes once
 * the (simulated) reviewer has decided in ASCEND. A scripted model stands in for the LLM, so the
 * scenario needs no network and no API key.
 */
import type { AscendClient } from '@ascend/node';
import { silentLogger } from '@ascend/node';
import { governedTool, loadGovernedRun, pendingAscendApprovals, saveGovernedRun } from '@ascend/openai-agents';
import { Agent, run, setTracingDisabled, Usage, type Model, type ModelRequest, type ModelResponse, type StreamEvent } from '@openai/agents';
import { z } from 'zod';
import type { Reporter } from '../reporter.js';

/** Calls `refund` once with the given arguments, then repeats what the tool said. */
class ScriptedRefundModel implements Model {
  constructor(private readonly args: { orderId: string; amount: number }) {}

  getResponse(request: ModelRequest): Promise<ModelResponse> {
    const input = Array.isArray(request.input) ? request.input : [];
    const result = input.find((item) => item.type === 'function_call_result');
    if (!result) {
      const call = {
        type: 'function_call' as const,
        callId: `call_${this.args.orderId}`,
        name: 'refund',
        arguments: JSON.stringify(this.args),
        status: 'completed' as const,
      };
      return Promise.resolve({ usage: new Usage(), output: [call] });
    }
    const output = result.output as unknown;
    const text = typeof output === 'object' && output !== null && 'text' in output ? String(output.text) : String(output);
    return Promise.resolve({
      usage: new Usage(),
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text }] }],
    });
  }

  // The scenario does not stream.
  async *getStreamedResponse(): AsyncIterable<StreamEvent> {
    await Promise.resolve();
    throw new Error('not streamed');
  }
}

/**
 * Runs the scenario and records its outcomes (`openai-agents refund 250`, `openai-agents refund 900`).
 */
export async function openAIAgentsScenario(r: Reporter, client: AscendClient, outcomes: Record<string, string>): Promise<void> {
  setTracingDisabled(true);
  r.note(`@openai/agents declares Node >= 22 (its openai dependency does); this run is on Node ${process.versions.node}`);
  for (const amount of [250, 900]) {
    const refunded: string[] = [];
    const refund = governedTool(
      client,
      {
        name: 'refund',
        description: 'Refund an order',
        parameters: z.object({ orderId: z.string(), amount: z.number() }),
        execute: ({ orderId, amount: value }) => {
          refunded.push(orderId);
          return `refunded ${value} on ${orderId}`;
        },
      },
      { resource: (a) => `orders/${a.orderId}`, approvalPollIntervalMs: 100, approvalTimeoutMs: 30_000, logger: silentLogger },
    );
    const agent = new Agent({ name: 'billing', model: new ScriptedRefundModel({ orderId: `o-${amount}`, amount }), tools: [refund] });

    r.step(`refund of ${amount} through an OpenAI Agents SDK run`);
    const first = await run(agent, `Refund ${amount} on order o-${amount}`);
    const [pending] = pendingAscendApprovals(first);
    if (!pending) {
      outcomes[`openai-agents refund ${amount}`] = refunded.length > 0 ? 'ran' : 'not run';
      r.ok(`no approval needed: ${String(first.finalOutput)}`);
      continue;
    }
    r.note(`run interrupted: ${first.interruptions.length} approval item(s); ASCEND action ${pending.handle.actionId} waits for a reviewer`);
    // Saved and restored as a new process would: the SDK's RunState plus the ASCEND handle.
    const saved = saveGovernedRun(first);
    const state = await loadGovernedRun(agent, saved);
    for (const item of state.getInterruptions()) state.approve(item);
    r.note(`restored from ${saved.length} bytes of saved run; approved in the SDK; ASCEND's reviewer has the last word`);
    const resumed = await run(agent, state);
    const said = String(resumed.finalOutput);
    outcomes[`openai-agents refund ${amount}`] = refunded.length === 1 ? 'ran after approval' : 'not run';
    (refunded.length === 1 ? r.ok : r.blocked)(`the model read: ${said}`);
  }
}
