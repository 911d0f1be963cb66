// A governed LangChain agent as users run it: `node refund-agent.mjs <mode> <checkpoint-file>`,
// with ASCEND_API_URL / ASCEND_API_KEY in the environment and nothing else alive.
//   wait:   the refund waits (polling ASCEND) for a human, then runs; the process exits by itself.
//   pause:  the refund pauses the LangGraph run with interrupt(); the checkpoints are written to
//           the file and the process exits by itself.
//   resume: a new process reads the checkpoints and resumes with Command({ resume }); ASCEND
//           decides whether the refund runs.
import { readFile, writeFile } from 'node:fs/promises';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { z } from 'zod';
import { AscendClient } from '@ascend/node';
import { governTool, pendingApprovals } from '@ascend/langchain';

const [mode, file] = process.argv.slice(2);
const say = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);

const ascend = new AscendClient({ agentId: 'refund-agent', agentName: 'Refund agent', logger: { log: () => {} } });
const refund = tool(
  async ({ orderId, amount }) => {
    say({ event: 'refund-ran', orderId, amount });
    return `refunded ${amount} on ${orderId}`;
  },
  { name: 'refund', description: 'Refund an order', schema: z.object({ orderId: z.string(), amount: z.number() }) },
);
const governed = governTool(ascend, refund, {
  approval: mode === 'wait' ? 'wait' : 'interrupt',
  resource: (args) => `orders/${args.orderId}`,
  approvalPollIntervalMs: 50,
  approvalTimeoutMs: 60_000,
});
const model = fakeModel()
  .respondWithTools([{ name: 'refund', args: { orderId: 'o-17', amount: 40 }, id: 'call_1' }])
  .respond(new AIMessage('The refund is done.'));

// A checkpointer that survives the process: MemorySaver's state, written to a file.
const saver = new MemorySaver();
const b64 = (value) => (value instanceof Uint8Array ? { $b64: Buffer.from(value).toString('base64') } : value);
const unb64 = (_key, value) => (value && typeof value === 'object' && typeof value.$b64 === 'string' ? new Uint8Array(Buffer.from(value.$b64, 'base64')) : value);
if (mode === 'resume') Object.assign(saver, JSON.parse(await readFile(file, 'utf8'), unb64));

const agent = createAgent({ model, tools: [governed], checkpointer: saver });
const config = { configurable: { thread_id: 'order-17' } };
const input = mode === 'resume' ? new Command({ resume: 'approve' }) : { messages: [{ role: 'user', content: 'Refund order o-17 (40 EUR)' }] };
const result = await agent.invoke(input, config);

for (const { value } of pendingApprovals(result)) say({ event: 'paused', pending: value.pending, toolCallId: value.toolCallId });
if (mode === 'pause') {
  await writeFile(file, JSON.stringify({ storage: saver.storage, writes: saver.writes }, (k, v) => (k === '' ? v : b64(v))));
}
const last = result.messages.at(-1);
const toolMessage = result.messages.find((m) => m.type === 'tool');
say({ event: 'done', tool: toolMessage ? { content: toolMessage.content, status: toolMessage.status ?? 'success' } : null, last: last?.content });
await ascend.close();
