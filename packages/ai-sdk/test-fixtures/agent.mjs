// An AI SDK agent in the shape users run it: `node agent.mjs <mode> <config-json>`, with the built
// @ascend/ai-sdk and a real ASCEND client against the dev server. Never calls process.exit: it must
// end by itself. The model is the SDK's own mock (no network); it refunds order o-17 and then says
// what the tool answered. Prints one JSON line.
//
// Modes:
//   wait    the tool waits inside execute for the human decision in ASCEND
//   ask     the SDK's approval flow: stops at the tool-approval-request, keeps the conversation
//           and the pending approvals in a JSON file, and ends (a restart follows)
//   resume  a new process: reads that file, answers the approval request (config.approved), and
//           resumes; ASCEND's reviewer decides
import { readFile, writeFile } from 'node:fs/promises';
import { createAscendApprovals, governTools } from '@ascend/ai-sdk';
import { AscendClient } from '@ascend/node';
import { generateText, isStepCount, simulateReadableStream, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';

const [mode, raw] = process.argv.slice(2);
const config = JSON.parse(raw ?? '{}');
const report = (fields) => console.log(JSON.stringify({ agent: mode, ...fields }));

const usage = { inputTokens: { total: 1, noCache: 1 }, outputTokens: { total: 1, text: 1 } };
const model = new MockLanguageModelV4({
  doGenerate: async ({ prompt }) => {
    const last = prompt.at(-1);
    if (last?.role === 'tool') {
      const answers = last.content.filter((p) => p.type === 'tool-result').map((p) => p.output);
      return { content: [{ type: 'text', text: JSON.stringify(answers) }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
    }
    const input = JSON.stringify({ orderId: 'o-17', amount: 40 });
    return { content: [{ type: 'tool-call', toolCallId: 'call-17', toolName: 'refund', input }], finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage, warnings: [] };
  },
  doStream: async () => ({ stream: simulateReadableStream({ chunks: [] }) }),
});

// A pending-approval store kept in a JSON file: what survives the restart, with the messages.
async function loadState() {
  try {
    return JSON.parse(await readFile(config.stateFile, 'utf8'));
  } catch {
    return { messages: [], pending: {} };
  }
}
const state = await loadState();
const store = {
  get: (id) => state.pending[id],
  set: (id, record) => void (state.pending[id] = record),
  delete: (id) => void delete state.pending[id],
};

const client = new AscendClient({ baseUrl: config.baseUrl, apiKey: config.apiKey, agentId: 'ai-sdk-agent', env: {} });
let runs = 0;
const refund = tool({
  description: 'Refund an order',
  inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
  execute: async ({ orderId, amount }) => {
    runs++;
    return { refunded: amount, orderId };
  },
});
const approvals = mode === 'wait' ? undefined : createAscendApprovals({ store });
const tools = governTools(client, { refund }, { approvals, approvalTimeoutMs: 60_000, approvalPollIntervalMs: 100, resource: ({ orderId }) => `orders/${orderId}` });

try {
  if (mode === 'wait') {
    const result = await generateText({ model, tools, prompt: 'Refund order o-17', stopWhen: isStepCount(3) });
    report({ runs, text: result.text });
  } else if (mode === 'ask') {
    const messages = [{ role: 'user', content: 'Refund order o-17' }];
    const result = await generateText({ model, tools, toolApproval: approvals.toolApproval, messages, stopWhen: isStepCount(3) });
    const requests = result.content.filter((p) => p.type === 'tool-approval-request');
    state.messages = [...messages, ...result.responseMessages];
    await writeFile(config.stateFile, JSON.stringify(state));
    report({ runs, requests: requests.map((r) => ({ approvalId: r.approvalId, reason: r.reason })), handle: await approvals.pendingHandle('call-17') });
  } else {
    const request = state.messages.flatMap((m) => (Array.isArray(m.content) ? m.content : [])).find((p) => p.type === 'tool-approval-request');
    const messages = [...state.messages, { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: request.approvalId, approved: config.approved }] }];
    const withdrawn = await approvals.settle(messages);
    const result = await generateText({ model, tools, toolApproval: approvals.toolApproval, messages, stopWhen: isStepCount(3) });
    await writeFile(config.stateFile, JSON.stringify(state));
    report({ runs, text: result.text, withdrawn, left: Object.keys(state.pending) });
  }
} catch (error) {
  report({ error: String(error) });
  process.exitCode = 1;
} finally {
  await client.close();
}
