/**
 * Test support: a refund tool that counts its runs, a scripted fake model (LangChain's own
 * `fakeModel()` from `@langchain/core/testing`, no network) and helpers to read what the model saw.
 */
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';

/** Counts the tool body's runs. */
export interface Counter {
  runs: number;
  args: unknown[];
}

/** A refund tool whose body counts its runs. */
export function refundTool(counter: Counter) {
  return tool(
    async ({ orderId, amount }: { orderId: string; amount: number }) => {
      counter.runs++;
      counter.args.push({ orderId, amount });
      return `refunded ${amount} on ${orderId}`;
    },
    {
      name: 'refund',
      description: 'Refund an order',
      schema: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string().optional() }),
    },
  );
}

/** The arguments the fake model calls `refund` with (including a secret that must never leave). */
export const REFUND_ARGS = { orderId: 'o-17', amount: 40, apiKey: 'sk-live-abcdefghijklmnop' };

/** A fake chat model that calls `refund` once (or with the given calls), then answers "done". */
export function scriptedModel(
  calls: Array<{ name: string; args: Record<string, unknown>; id: string }> = [{ name: 'refund', args: REFUND_ARGS, id: 'call_1' }],
) {
  return fakeModel().respondWithTools(calls).respond(new AIMessage('done'));
}

/** The tool messages of a run's messages, by tool call id. */
export function toolMessages(messages: readonly BaseMessage[]): Map<string, ToolMessage> {
  const out = new Map<string, ToolMessage>();
  for (const m of messages) if (ToolMessage.isInstance(m)) out.set(m.tool_call_id, m);
  return out;
}

/** The text of a message's content. */
export function text(message: BaseMessage | undefined): string {
  if (!message) return '';
  return typeof message.content === 'string' ? message.content : JSON.stringify(message.content);
}
