/**
 * `governTool` / `governTools` beyond the outcome table: what they refuse at wrap time, the types
 * they keep, the execute options they read (tool call id, abort signal, tool context), tools
 * that throw or stream, and tools the approval coordinator does not govern.
 */
import { inspect } from 'node:util';
import { ConfigurationError, silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { generateText, tool, type InferToolInput, type InferToolOutput, type ModelMessage } from 'ai';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CANCELLED_BY_CLIENT, createAscendApprovals, governTool, governTools, isToolCallBlockedError, ToolCallBlockedError } from './index.js';
import { lastSeen, runOnce } from './test-support/drive.js';
import { scriptedModel } from './test-support/model.js';

const lookup = tool({
  description: 'Look up an order',
  inputSchema: z.object({ orderId: z.string() }),
  execute: async ({ orderId }) => {
    await Promise.resolve();
    return { orderId, status: 'shipped' as const };
  },
});

describe('wrap time', () => {
  const client = new MockAscendClient();

  it('keeps the tool type: input, output and every other field', () => {
    const governed = governTool(client, lookup, { toolName: 'lookup', logger: silentLogger });
    expectTypeOf(governed).toEqualTypeOf<typeof lookup>();
    expectTypeOf<InferToolInput<typeof governed>>().toEqualTypeOf<{ orderId: string }>();
    expectTypeOf<InferToolOutput<typeof governed>>().toEqualTypeOf<{ orderId: string; status: 'shipped' }>();
    expect(governed.description).toBe('Look up an order');
    expect(governed.inputSchema).toBe(lookup.inputSchema);
    expect(governed.execute).not.toBe(lookup.execute);
    const set = governTools(client, { lookup }, { logger: silentLogger, perTool: { lookup: { resource: (a) => `orders/${a.orderId}` } } });
    expectTypeOf(set).toEqualTypeOf<{ lookup: typeof lookup }>();
  });

  it('refuses bad options with a ConfigurationError naming the field, before any call', () => {
    const refused = (fn: () => unknown, field: string) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as ConfigurationError).field).toBe(field);
        return;
      }
      throw new Error(`expected a ConfigurationError for ${field}`);
    };
    refused(() => governTool(client, lookup, { toolName: 'lookup', riskLevl: 'high' } as never), 'riskLevl');
    refused(() => governTool(client, lookup, { toolName: '' }), 'toolName');
    refused(() => governTool(client, lookup, { toolName: 'lookup', approvalTimeoutMs: -1 }), 'approvalTimeoutMs');
    refused(() => governTool(client, lookup, { toolName: 'lookup', sessionId: 'abc' as never }), 'sessionId');
    refused(() => governTool(client, lookup, { toolName: 'lookup', approvals: {} as never }), 'approvals');
    refused(() => governTool(client, { inputSchema: z.object({}) } as never, { toolName: 'noop' }), 'execute');
    refused(() => governTools(client, { lookup }, { perTool: { lookpu: {} } as never }), 'perTool');
    refused(() => governTools(client, { lookup }, { perTool: { lookup: { toolName: 'x' } as never } }), 'toolName');
    refused(() => governTool({} as never, lookup, { toolName: 'lookup' }), 'client');
    refused(() => createAscendApprovals({ stor: {} } as never), 'stor');
    refused(() => createAscendApprovals({ store: { get() {} } as never }), 'store');
    expect(client.calls).toHaveLength(0);
  });
});

describe('execute options', () => {
  it('sends the tool call id and the conversation from the tool context', async () => {
    const client = new MockAscendClient();
    const withContext = tool({
      inputSchema: z.object({ orderId: z.string() }),
      contextSchema: z.object({ threadId: z.string() }),
      execute: ({ orderId }, { context }) => ({ orderId, thread: context.threadId }),
    });
    const tools = governTools(
      client,
      { lookup: withContext },
      { logger: silentLogger, sessionId: ({ context }) => (context as { threadId: string }).threadId },
    );
    const model = scriptedModel('lookup', { orderId: 'o-2' }, 'call-42');
    await generateText({ model, tools, toolsContext: { lookup: { threadId: 'thread-9' } }, prompt: 'where is o-2', stopWhen: () => false });
    const [call] = client.callsTo('evaluateAction');
    expect(call!.args[0].context).toMatchObject({ ai_sdk_tool_call_id: 'call-42', ai_sdk_session_id: 'thread-9', source: 'vercel_ai_sdk' });
    expect(call!.args[0].actionType).toBe('tool.lookup');
    await client.close();
  });

  it("the run's abort signal cancels a wait for a human: never runs, reported CANCELLED_BY_CLIENT", async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    const controller = new AbortController();
    let runs = 0;
    const tools = governTools(
      client,
      { refund: tool({ inputSchema: z.object({ orderId: z.string() }), execute: () => ++runs }) },
      { logger: silentLogger, approvalTimeoutMs: 60_000, approvalPollIntervalMs: 10, onApprovalRequired: () => controller.abort() },
    );
    const model = scriptedModel('refund', { orderId: 'o-3' });
    await expect(runOnce('generateText', { model, tools, messages: [{ role: 'user', content: 'go' }], abortSignal: controller.signal })).rejects.toThrow();
    expect(runs).toBe(0);
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[1]).toMatchObject({ error: { code: CANCELLED_BY_CLIENT, cancelled_via: 'request' } });
    await client.close();
  });
});

describe('tool bodies', () => {
  it('a tool that throws: reported failed (masked), and the model sees the error', async () => {
    const client = new MockAscendClient();
    const tools = governTools(
      client,
      {
        charge: tool({
          inputSchema: z.object({ amount: z.number() }),
          execute: (): { ok: true } => {
            throw new Error('card declined (api_key=sk_live_abcdefghijklmnop)');
          },
        }),
      },
      { logger: silentLogger },
    );
    const model = scriptedModel('charge', { amount: 5 });
    await runOnce('generateText', { model, tools, messages: [{ role: 'user', content: 'charge' }] });
    expect(JSON.stringify(lastSeen(model, 'generateText'))).toContain('card declined');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.args[1])).not.toContain('abcdefghijklmnop');
    await client.close();
  });

  it('a streaming tool runs to completion under governance and returns its last value', async () => {
    const client = new MockAscendClient();
    const progress = tool({
      inputSchema: z.object({ steps: z.number() }),
      async *execute({ steps }) {
        for (let i = 1; i <= steps; i++) yield { done: i };
      },
    });
    const model = scriptedModel('progress', { steps: 3 });
    await runOnce('streamText', { model, tools: governTools(client, { progress }, { logger: silentLogger }), messages: [{ role: 'user', content: 'go' }] });
    expect(lastSeen(model, 'streamText')).toEqual([{ type: 'json', value: { done: 3 } }]);
    expect(client.executions).toMatchObject([{ kind: 'completed' }]);
    await client.close();
  });

  it('a blocked call throws ToolCallBlockedError: the message is the block, inspect shows no decision internals', async () => {
    const client = new MockAscendClient().decide('*', 'denied', { reason: 'No refunds on Sundays' });
    const governed = governTool(client, lookup, { toolName: 'lookup', logger: silentLogger });
    const error = await Promise.resolve(governed.execute({ orderId: 'o-1' }, { toolCallId: 'c-1', messages: [], context: undefined as never })).catch(
      (e: unknown) => e,
    );
    expect(isToolCallBlockedError(error)).toBe(true);
    const blocked = error as ToolCallBlockedError;
    expect(blocked.kind).toBe('denied');
    expect(String(blocked)).toBe('Denied by ASCEND governance: No refunds on Sundays');
    expect(blocked.block.kind).toBe('denied');
    expect(Object.keys(blocked)).not.toContain('block');
    expect(inspect(blocked)).not.toContain('raw');
    await client.close();
  });
});

describe('the approval coordinator and other tools', () => {
  it('leaves tools it does not govern to the fallback, and governed tools that are allowed run in the same step', async () => {
    const client = new MockAscendClient();
    const seen: string[] = [];
    const approvals = createAscendApprovals({
      logger: silentLogger,
      fallback: ({ toolCall }) => {
        seen.push(toolCall.toolName);
        return { type: 'denied', reason: 'not in this workspace' };
      },
    });
    let deletes = 0;
    const tools = {
      ...governTools(client, { lookup }, { approvals, logger: silentLogger }),
      remove: tool({ inputSchema: z.object({ orderId: z.string() }), execute: () => ++deletes }),
    };
    const messages: ModelMessage[] = [{ role: 'user', content: 'go' }];
    const removeModel = scriptedModel('remove', { orderId: 'o-1' });
    await runOnce('generateText', { model: removeModel, tools, messages, approvals });
    expect(deletes).toBe(0);
    expect(seen).toEqual(['remove']);
    expect(lastSeen(removeModel, 'generateText')).toEqual([{ type: 'execution-denied', reason: 'not in this workspace' }]);

    const lookupModel = scriptedModel('lookup', { orderId: 'o-1' });
    await runOnce('generateText', { model: lookupModel, tools, messages, approvals });
    expect(lastSeen(lookupModel, 'generateText')).toEqual([{ type: 'json', value: { orderId: 'o-1', status: 'shipped' } }]);
    // Decided once, in the approval step; execute used that decision.
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    await client.close();
  });
});
