// A refund agent as users run it: `node refund-run.mjs start` runs until ASCEND needs a human,
// saves the interrupted run to STATE_FILE and exits; `node refund-run.mjs resume` (a new process)
// loads it, approves the interruption in the SDK and finishes once ASCEND's reviewer approved.
// The model is scripted (no network): it calls `refund` once, then repeats what the tool said.
import { appendFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { AscendClient } from '@ascend/node';
import { governedTool, loadGovernedRun, pendingAscendApprovals, saveGovernedRun } from '@ascend/openai-agents';
import { Agent, run, setTracingDisabled, Usage } from '@openai/agents';
import { z } from 'zod';

setTracingDisabled(true);
const { ASCEND_BASE_URL, ASCEND_API_KEY, STATE_FILE, RAN_FILE } = process.env;
const phase = process.argv[2];
const print = (fields) => console.log(JSON.stringify({ phase, ...fields }));

const model = {
  async getResponse(request) {
    const input = Array.isArray(request.input) ? request.input : [];
    const result = input.find((item) => item.type === 'function_call_result');
    const output = result
      ? [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: `tool said: ${result.output?.text ?? result.output}` }] }]
      : [{ type: 'function_call', callId: 'call_refund_1', name: 'refund', arguments: JSON.stringify({ orderId: 'o-17', amount: 40 }), status: 'completed' }];
    return { usage: new Usage(), output };
  },
  async *getStreamedResponse() {
    throw new Error('not streamed');
  },
};

const client = new AscendClient({ baseUrl: ASCEND_BASE_URL, apiKey: ASCEND_API_KEY, agentId: 'refund-agent', agentName: 'Refund agent' });
const refund = governedTool(
  client,
  {
    name: 'refund',
    description: 'Refund an order',
    parameters: z.object({ orderId: z.string(), amount: z.number() }),
    execute: ({ orderId, amount }) => {
      appendFileSync(RAN_FILE, `${process.pid} refunded ${orderId} ${amount}\n`);
      return `refunded ${amount} on ${orderId}`;
    },
  },
  { resource: (a) => `orders/${a.orderId}`, approvalPollIntervalMs: 50, approvalTimeoutMs: 60_000 },
);
const agent = new Agent({ name: 'billing', model, tools: [refund] });

try {
  if (phase === 'start') {
    const result = await run(agent, 'Refund order o-17');
    const [pending] = pendingAscendApprovals(result);
    await writeFile(STATE_FILE, saveGovernedRun(result));
    print({ interruptions: result.interruptions.length, actionId: pending?.handle.actionId });
  } else {
    const state = await loadGovernedRun(agent, await readFile(STATE_FILE, 'utf8'));
    const [pending] = pendingAscendApprovals(state);
    // The application approves in the SDK; ASCEND's reviewer has the last word.
    for (const item of state.getInterruptions()) state.approve(item);
    print({ resuming: true, actionId: pending?.handle.actionId });
    const result = await run(agent, state);
    print({ done: true, finalOutput: result.finalOutput, interruptions: result.interruptions.length });
  }
} finally {
  await client.close();
}
