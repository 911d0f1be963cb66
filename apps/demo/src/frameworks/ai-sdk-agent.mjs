// The AI SDK support chat of the demo, run by src/frameworks/ai-sdk.ts in a Node 24 child process
// (AI SDK 7 needs Node >= 22). Its tools are governed by @ascend/ai-sdk; refunds that need a human
// go through the SDK's own tool-approval flow. The model is the SDK's mock (no network, no API
// key), scripted to call the tool the "user" asks for. Prints JSON lines: narration, then outcomes.
import { createAscendApprovals, governTools } from '@ascend/ai-sdk';
import { AscendClient } from '@ascend/node';
import { generateText, isStepCount, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';

const config = JSON.parse(process.argv[2] ?? '{}');
const say = (kind, text) => console.log(JSON.stringify({ kind, text }));
const usage = { inputTokens: { total: 1, noCache: 1 }, outputTokens: { total: 1, text: 1 } };

// The "user" writes the tool call they want as JSON; the model makes it, then reports the answer.
const model = new MockLanguageModelV4({
  doGenerate: async ({ prompt }) => {
    const last = prompt.at(-1);
    if (last?.role === 'tool') {
      const output = last.content.find((p) => p.type === 'tool-result')?.output;
      return { content: [{ type: 'text', text: JSON.stringify(output) }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] };
    }
    const user = prompt.findLast((m) => m.role === 'user');
    const { tool: toolName, input, id } = JSON.parse(user.content.find((p) => p.type === 'text').text);
    return {
      content: [{ type: 'tool-call', toolCallId: id, toolName, input: JSON.stringify(input) }],
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage,
      warnings: [],
    };
  },
});

const client = new AscendClient({
  baseUrl: config.baseUrl,
  apiKey: config.apiKey,
  signingSecret: config.signingSecret,
  agentId: 'ai-sdk-support-chat',
  agentName: 'AI SDK support chat',
  environment: 'production',
  env: {},
});
const ran = [];
const approvals = createAscendApprovals();
const tools = governTools(
  client,
  {
    lookupOrder: tool({
      description: 'Look up an order',
      inputSchema: z.object({ orderId: z.string() }),
      execute: async ({ orderId }) => (ran.push(`lookup ${orderId}`), { orderId, status: 'delivered' }),
    }),
    refund: tool({
      description: 'Refund an order',
      inputSchema: z.object({ orderId: z.string(), amount: z.number(), currency: z.string() }),
      execute: async ({ orderId, amount }) => (ran.push(`refund ${amount}`), { refundId: `re_${orderId}`, amount }),
    }),
  },
  { approvals, approvalTimeoutMs: 30_000, approvalPollIntervalMs: 100, perTool: { refund: { actionType: 'ai_sdk.refund', resource: 'payments' } } },
);

const outcomes = {};
const chats = [
  ['ai-sdk lookup', { tool: 'lookupOrder', input: { orderId: 'ord_1' }, id: 'call-lookup' }],
  ['ai-sdk refund 75', { tool: 'refund', input: { orderId: 'ord_75', amount: 75, currency: 'USD' }, id: 'call-75' }],
  ['ai-sdk refund 250', { tool: 'refund', input: { orderId: 'ord_250', amount: 250, currency: 'USD' }, id: 'call-250' }],
  ['ai-sdk refund 900', { tool: 'refund', input: { orderId: 'ord_900', amount: 900, currency: 'USD' }, id: 'call-900' }],
];
try {
  for (const [label, request] of chats) {
    say('step', `${label.slice('ai-sdk '.length)}: the model calls ${request.tool}(${JSON.stringify(request.input)})`);
    const before = ran.length;
    let messages = [{ role: 'user', content: JSON.stringify(request) }];
    let result = await generateText({ model, tools, toolApproval: approvals.toolApproval, messages, stopWhen: isStepCount(3) });
    const asked = result.content.find((p) => p.type === 'tool-approval-request' && !p.isAutomatic);
    if (asked) {
      say('note', `tool-approval-request in the chat: ${asked.reason}`);
      say('note', 'the user approves in the chat; the ASCEND reviewer still decides');
      messages = [
        ...messages,
        ...result.responseMessages,
        { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: asked.approvalId, approved: true }] },
      ];
      result = await generateText({ model, tools, toolApproval: approvals.toolApproval, messages, stopWhen: isStepCount(3) });
    }
    const didRun = ran.length > before;
    outcomes[label] = didRun ? 'ran' : 'blocked';
    say(didRun ? 'ok' : 'blocked', `${didRun ? 'ran' : 'not run'}; the model saw ${result.text}`);
  }
} finally {
  await client.close();
}
console.log(JSON.stringify({ outcomes }));
