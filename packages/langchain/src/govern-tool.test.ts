/**
 * The wrapper, the factory, the middleware and the callback handler beyond the outcome table:
 * what the governed tool keeps of the original, how a block can throw, validation at wrap time,
 * no double governance, and reports of a tool that fails.
 */
import { ActionDeniedError, ConfigurationError, silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { ToolMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createAgent } from 'langchain';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AscendCallbackHandler, ascendMiddleware, GOVERNED_METADATA_KEY, governedTool, governTool, GovernedToolBlockedError } from './index.js';
import { refundTool, scriptedModel, text, toolMessages, type Counter } from './test-support/agent.js';

const quiet = { logger: silentLogger };
const input = { messages: [{ role: 'user', content: 'refund order o-17' }] };

describe('governTool', () => {
  it('keeps the name, description, schema and returnDirect, and marks the tool as governed', () => {
    const counter: Counter = { runs: 0, args: [] };
    const original = refundTool(counter);
    original.returnDirect = true;
    const governed = governTool(new MockAscendClient(), original, quiet);
    expect(governed.name).toBe('refund');
    expect(governed.description).toBe('Refund an order');
    expect(governed.schema).toBe(original.schema);
    expect(governed.returnDirect).toBe(true);
    expect(governed.metadata).toMatchObject({ [GOVERNED_METADATA_KEY]: true });
  });

  it('refuses bad options at wrap time, naming the field', () => {
    const client = new MockAscendClient();
    const t = refundTool({ runs: 0, args: [] });
    const named = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError);
        return (error as ConfigurationError).message;
      }
      throw new Error('did not throw');
    };
    expect(named(() => governTool(client, t, { approvl: 'wait' } as never))).toMatch(/approvl/);
    expect(named(() => governTool(client, t, { approval: 'later' } as never))).toMatch(/approval/);
    expect(named(() => governTool(client, t, { blockAs: 'silence' } as never))).toMatch(/blockAs/);
    expect(named(() => governTool(client, t, { riskLevel: 'extreme' } as never))).toMatch(/riskLevel/);
    expect(named(() => governTool(client, {} as never))).toMatch(/tool/);
    expect(named(() => governTool({} as never, t))).toMatch(/client/);
  });

  it('invoked directly: returns the content when allowed, the reason when blocked, and throws with blockAs: throw', async () => {
    const client = new MockAscendClient();
    const counter: Counter = { runs: 0, args: [] };
    const governed = governTool(client, refundTool(counter), quiet);
    expect(await governed.invoke({ orderId: 'o-1', amount: 5 })).toBe('refunded 5 on o-1');
    client.decide('*', 'denied', { reason: 'Refund limit exceeded' });
    expect(String(await governed.invoke({ orderId: 'o-2', amount: 5 }))).toMatch(/^Denied by ASCEND governance: Refund limit exceeded/);
    const throwing = governTool(client, refundTool(counter), { ...quiet, blockAs: 'throw' });
    const error = await throwing.invoke({ orderId: 'o-3', amount: 5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernedToolBlockedError);
    expect(error).toMatchObject({ kind: 'denied', toolName: 'refund' });
    expect((error as Error).cause).toBeInstanceOf(ActionDeniedError);
    expect(JSON.stringify(error)).not.toContain('Refund limit exceeded (policies');
    expect(counter.runs).toBe(1);
    await client.close();
  });

  it("invoked with a tool call: the inner tool's own ToolMessage comes back, artifact included", async () => {
    const client = new MockAscendClient();
    const withArtifact = tool(async ({ q }: { q: string }) => [`found ${q}`, { rows: 3 }], {
      name: 'search',
      description: 'Search',
      schema: z.object({ q: z.string() }),
      responseFormat: 'content_and_artifact',
    });
    const governed = governTool(client, withArtifact, quiet);
    const out: unknown = await governed.invoke({ type: 'tool_call', id: 'tc-1', name: 'search', args: { q: 'x' } });
    expect(ToolMessage.isInstance(out)).toBe(true);
    expect((out as ToolMessage).content).toBe('found x');
    expect((out as ToolMessage).artifact).toEqual({ rows: 3 });
    expect(client.actions[0]!.request.context).toMatchObject({ langchain_tool_call_id: 'tc-1' });
    await client.close();
  });

  it('a tool that throws is reported as failed (masked) and the error reaches the agent', async () => {
    const client = new MockAscendClient();
    const failing = tool(
      async (): Promise<string> => {
        throw new Error('database down, password=hunter2hunter2');
      },
      { name: 'lookup', description: 'Look up', schema: z.object({ id: z.string() }) },
    );
    const governed = governTool(client, failing, quiet);
    await expect(governed.invoke({ id: '1' })).rejects.toThrow(/database down/);
    const failed = client.executions.filter((e) => e.kind === 'failed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0])).not.toContain('hunter2hunter2');
    await client.close();
  });
});

describe('cancellation', () => {
  for (const via of ['governTool', 'ascendMiddleware'] as const) {
    it(`${via}: aborting the run while a human decides cancels the call and withdraws the action; the tool never runs`, async () => {
      const client = new MockAscendClient().decide('*', 'pending');
      const counter: Counter = { runs: 0, args: [] };
      const options = { ...quiet, approvalTimeoutMs: 60_000, approvalPollIntervalMs: 10 };
      const agent =
        via === 'governTool'
          ? createAgent({ model: scriptedModel(), tools: [governTool(client, refundTool(counter), options)] })
          : createAgent({ model: scriptedModel(), tools: [refundTool(counter)], middleware: [ascendMiddleware(client, options)] });
      const controller = new AbortController();
      const cancelled: string[] = [];
      const stop = client.service.on('approval.pending', () => {
        stop();
        controller.abort(new Error('user closed the chat'));
      });
      const outcome = await agent.invoke(input, { signal: controller.signal }).catch((e: unknown) => e);
      expect(outcome).toBeInstanceOf(Error);
      // The run rejects at once; the governed call ends on the same signal and reports it.
      await vi.waitFor(() => expect(client.callsTo('logActionFailed')).toHaveLength(1), { timeout: 5_000, interval: 10 });
      // The service took the withdrawal: a reviewer can no longer approve the action.
      expect(() => client.approve(client.actions[0]!.actionId)).toThrow(/already rejected/);
      expect(counter.runs).toBe(0);
      for (const call of client.callsTo('logActionFailed')) cancelled.push(String((call.args[1] as { error?: { code?: string } }).error?.code));
      expect(cancelled).toEqual(['CANCELLED_BY_CLIENT']);
      await client.close();
    });
  }
});

describe('governedTool (the @governed / create_governed_tool counterpart)', () => {
  it('creates a governed tool from a function, with its governance options', async () => {
    const client = new MockAscendClient();
    let runs = 0;
    const query = governedTool(
      client,
      ({ sql }) => {
        runs++;
        return `rows for ${String(sql)}`;
      },
      {
        name: 'query_database',
        description: 'Run a SQL query',
        schema: z.object({ sql: z.string() }),
        governance: { ...quiet, actionType: 'database.query', riskLevel: 'high' },
      },
    );
    expect(await query.invoke({ sql: 'select 1' })).toBe('rows for select 1');
    expect(client.actions[0]!.request).toMatchObject({ actionType: 'database.query', context: { risk_level: 'high', source: 'langchain' } });
    client.decide('database.query', 'denied');
    expect(String(await query.invoke({ sql: 'drop table x' }))).toMatch(/Denied/);
    expect(runs).toBe(1);
    expect(() => governedTool(client, 'nope' as never, { name: 'x', description: 'x', schema: z.object({}) })).toThrow(ConfigurationError);
    await client.close();
  });
});

describe('ascendMiddleware', () => {
  it('leaves tools wrapped with governTool to their own governance: one action per call', async () => {
    const client = new MockAscendClient();
    const counter: Counter = { runs: 0, args: [] };
    const agent = createAgent({
      model: scriptedModel(),
      tools: [governTool(client, refundTool(counter), quiet)],
      middleware: [ascendMiddleware(client, quiet)],
    });
    await agent.invoke(input);
    expect(counter.runs).toBe(1);
    expect(client.actions).toHaveLength(1);
    await client.close();
  });

  it('per-tool options override the defaults; false leaves a tool ungoverned', async () => {
    const client = new MockAscendClient().decide('payments.refund', 'denied', { reason: 'No refunds today' });
    const counter: Counter = { runs: 0, args: [] };
    const agent = createAgent({
      model: scriptedModel(),
      tools: [refundTool(counter)],
      middleware: [
        ascendMiddleware(client, { ...quiet, metadata: { team: 'support' }, tools: { refund: { actionType: 'payments.refund', metadata: { desk: 'eu' } } } }),
      ],
    });
    const result = await agent.invoke(input);
    expect(counter.runs).toBe(0);
    expect(text(toolMessages(result.messages).get('call_1'))).toMatch(/No refunds today/);
    expect(client.actions[0]!.request.context).toMatchObject({ metadata: { team: 'support', desk: 'eu' }, langchain_integration: 'middleware' });

    const open = createAgent({
      model: scriptedModel(),
      tools: [refundTool(counter)],
      middleware: [ascendMiddleware(client, { ...quiet, tools: { refund: false } })],
    });
    await open.invoke(input);
    expect(counter.runs).toBe(1);
    expect(client.actions).toHaveLength(1);
    await client.close();
  });

  it('refuses bad options at creation, per-tool ones included', () => {
    const client = new MockAscendClient();
    expect(() => ascendMiddleware(client, { tools: { refund: { riskLevel: 'extreme' } } } as never)).toThrow(/riskLevel/);
    expect(() => ascendMiddleware(client, { tools: { refund: 'yes' } } as never)).toThrow(/tools.refund/);
    expect(() => ascendMiddleware(client, { wait: true } as never)).toThrow(/wait/);
  });

  it('with blockAs: throw, a block fails the run with GovernedToolBlockedError', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    const counter: Counter = { runs: 0, args: [] };
    const agent = createAgent({ model: scriptedModel(), tools: [refundTool(counter)], middleware: [ascendMiddleware(client, { ...quiet, blockAs: 'throw' })] });
    const error = await agent.invoke(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message) + String((error as { cause?: unknown }).cause)).toMatch(/Denied by ASCEND governance/);
    expect(counter.runs).toBe(0);
    await client.close();
  });
});

describe('AscendCallbackHandler', () => {
  it('cannot be made non-blocking: raiseError and awaitHandlers stay true', () => {
    const handler = new AscendCallbackHandler(new MockAscendClient(), quiet);
    expect(handler.raiseError).toBe(true);
    expect(handler.awaitHandlers).toBe(true);
    expect(() => {
      (handler as { raiseError: boolean }).raiseError = false;
    }).toThrow(TypeError);
    expect(handler.copy()).toBe(handler);
  });

  it('refuses options a callback cannot honour', () => {
    const client = new MockAscendClient();
    expect(() => new AscendCallbackHandler(client, { approval: 'interrupt' } as never)).toThrow(/approval/);
    expect(() => new AscendCallbackHandler(client, { blockAs: 'result' } as never)).toThrow(/blockAs/);
    expect(() => new AscendCallbackHandler(client, { tools: { refund: { riskLevel: 'x' } } } as never)).toThrow(/riskLevel/);
  });

  it("governs tools nested inside a governed tool (a sub-agent's tools), skipping only the wrapped tool itself", async () => {
    const client = new MockAscendClient().decide('crm.read', 'denied', { reason: 'No CRM access' });
    const handler = new AscendCallbackHandler(client, { ...quiet, tools: { crm_lookup: { actionType: 'crm.read' } } });
    let nestedRuns = 0;
    const nested = tool(
      async () => {
        nestedRuns++;
        return 'crm row';
      },
      { name: 'crm_lookup', description: 'CRM', schema: z.object({ id: z.string() }) },
    );
    const outer = governedTool(client, async ({ id }, config) => String(await nested.invoke({ id: String(id) }, config).catch((e: unknown) => String(e))), {
      name: 'orchestrate',
      description: 'Runs a sub-task',
      schema: z.object({ id: z.string() }),
      governance: quiet,
    });
    const out = await outer.invoke({ id: '7' }, { callbacks: [handler] });
    expect(String(out)).toMatch(/GovernedToolBlockedError: Denied by ASCEND governance: No CRM access/);
    expect(nestedRuns).toBe(0);
    // One action for the governed tool (by governTool), one for the nested tool (by the handler).
    expect(client.actions.map((a) => a.request.actionType)).toEqual(['langchain.tool.orchestrate', 'crm.read']);
    await client.close();
  });

  it('skips tools governed by governTool (one action), and reports a failing tool', async () => {
    const client = new MockAscendClient();
    const counter: Counter = { runs: 0, args: [] };
    const handler = new AscendCallbackHandler(client, quiet);
    const agent = createAgent({ model: scriptedModel(), tools: [governTool(client, refundTool(counter), quiet)] });
    await agent.invoke(input, { callbacks: [handler] });
    expect(counter.runs).toBe(1);
    expect(client.actions).toHaveLength(1);

    const failing = tool(
      async (): Promise<string> => {
        throw new Error('ledger unavailable');
      },
      { name: 'refund', description: 'Refund', schema: z.object({ orderId: z.string(), amount: z.number(), apiKey: z.string().optional() }) },
    );
    const agent2 = createAgent({ model: scriptedModel(), tools: [failing] });
    const result = await agent2.invoke(input, { callbacks: [handler] });
    expect(text(toolMessages(result.messages).get('call_1'))).toMatch(/ledger unavailable/);
    const failed = client.executions.filter((e) => e.kind === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.actionId).toBe(client.actions[1]!.actionId);
    expect(handler.openRuns).toBe(0);
    await client.close();
  });
});
