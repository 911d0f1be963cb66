/**
 * The LangChain.js / LangGraph.js scenario: a `createAgent` support agent whose tool calls are
 * governed by `@ascend/langchain`. The lookup runs through the middleware; refunds pause the
 * LangGraph run with `interrupt()` until the (simulated) reviewer decides in ASCEND, and the
 * run resumes with `Command({ resume })`. The chat model is LangChain's scripted `fakeModel()`.
 */
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { z } from 'zod';
import type { AscendClient } from '@ascend/node';
import { ascendMiddleware, governTool, pendingApprovals } from '@ascend/langchain';
import type { Reporter } from '../reporter.js';

/**
 * Runs two conversations: a refund the reviewer approves, and one beyond the reviewer's limit.
 * Returns the outcome of each tool call by label.
 */
export async function runLangChainScenario(client: AscendClient, r: Reporter): Promise<Record<string, string>> {
  const outcomes: Record<string, string> = {};
  const refunded: string[] = [];
  const refund = governTool(
    client,
    tool(
      async ({ orderId, amount }: { orderId: string; amount: number }) => {
        refunded.push(orderId);
        return `refunded ${amount} on ${orderId}`;
      },
      { name: 'refund', description: 'Refund an order', schema: z.object({ orderId: z.string(), amount: z.number() }) },
    ),
    {
      approval: 'interrupt',
      actionType: 'financial.refund',
      requireHumanApproval: true,
      resource: (a) => `orders/${a.orderId}`,
      approvalTimeoutMs: 30_000,
      approvalPollIntervalMs: 100,
    },
  );
  const lookup = tool(async ({ orderId }: { orderId: string }) => `order ${orderId}: delivered, damaged`, {
    name: 'lookup_order',
    description: 'Look up an order',
    schema: z.object({ orderId: z.string() }),
  });
  const saver = new MemorySaver();

  for (const [label, orderId, amount] of [
    ['langchain refund 120', 'ord_120', 120],
    ['langchain refund 900', 'ord_900', 900],
  ] as const) {
    const model = fakeModel()
      .respondWithTools([{ name: 'lookup_order', args: { orderId }, id: `lookup_${orderId}` }])
      .respondWithTools([{ name: 'refund', args: { orderId, amount }, id: `refund_${orderId}` }])
      .respond(new AIMessage('Done.'));
    const agent = createAgent({ model, tools: [lookup, refund], checkpointer: saver, middleware: [ascendMiddleware(client, { actionType: 'order.read' })] });
    const config = { configurable: { thread_id: `support-${orderId}` } };
    r.step(`conversation ${config.configurable.thread_id}: look up ${orderId}, refund USD ${amount}`);
    const paused = await agent.invoke({ messages: [{ role: 'user', content: `Refund ${orderId}, it arrived damaged` }] }, config);
    const lookedUp = paused.messages.find((m) => m.type === 'tool');
    outcomes['langchain lookup'] = lookedUp && (lookedUp as { status?: string }).status !== 'error' ? 'ran' : 'blocked';
    const [approval] = pendingApprovals(paused);
    if (!approval) {
      outcomes[label] = 'did not pause';
      continue;
    }
    r.note(`run paused with interrupt(): ASCEND action ${approval.value.pending.actionId} awaits a reviewer`);
    // The application resumes the thread; the adapter asks ASCEND about the same action.
    const resumed = await agent.invoke(new Command({ resume: 'approve' }), config);
    const message = resumed.messages.find((m) => m.type === 'tool' && (m as { tool_call_id?: string }).tool_call_id === `refund_${orderId}`);
    const ran = refunded.includes(orderId);
    outcomes[label] = ran ? 'ran after approval' : 'blocked';
    (ran ? r.ok : r.blocked)(`refund: ${typeof message?.content === 'string' ? message.content : ''}`);
  }
  return outcomes;
}
