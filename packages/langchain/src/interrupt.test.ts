/**
 * LangGraph's approval flow end to end, with a checkpointer and thread ids: a pending decision
 * becomes an `interrupt()` carrying the ASCEND pending handle; `new Command({ resume })` resumes
 * the run; ASCEND decides (a resume value alone never runs the tool); `reject` withdraws the
 * action. Through a governed tool under `createAgent`, through the middleware, through a
 * hand-built `StateGraph` with the prebuilt `ToolNode`, and across a restart (a new process's
 * graph reading the same checkpoints).
 */
import { silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { Command, MemorySaver, MessagesAnnotation, StateGraph, START, END } from '@langchain/langgraph';
import { ToolNode, toolsCondition } from '@langchain/langgraph/prebuilt';
import { createAgent } from 'langchain';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  ascendMiddleware,
  ASCEND_INTERRUPT_TYPE,
  CANCELLED,
  governTool,
  pendingApprovals,
  type AscendApprovalInterrupt,
  type LangChainGovernanceOptions,
} from './test-support/exports.js';
import { REFUND_ARGS, refundTool, scriptedModel, text, toolMessages, type Counter } from './test-support/agent.js';

const options: LangChainGovernanceOptions = { logger: silentLogger, approval: 'interrupt', approvalTimeoutMs: 300, approvalPollIntervalMs: 10 };
const input = { messages: [{ role: 'user', content: 'refund order o-17' }] };
const thread = (id: string) => ({ configurable: { thread_id: id } });

function setup(client: MockAscendClient, saver = new MemorySaver(), via: 'tool' | 'middleware' = 'tool', model = scriptedModel()) {
  const counter: Counter = { runs: 0, args: [] };
  const refund = refundTool(counter);
  const agent =
    via === 'tool'
      ? createAgent({ model, tools: [governTool(client, refund, options)], checkpointer: saver })
      : createAgent({ model, tools: [refund], middleware: [ascendMiddleware(client, options)], checkpointer: saver });
  return { agent, counter, saver, model };
}

function pendingClient() {
  return new MockAscendClient().decide('*', 'pending');
}

async function pause(agent: ReturnType<typeof setup>['agent'], threadId: string) {
  const result = await agent.invoke(input, thread(threadId));
  const approvals = pendingApprovals(result);
  expect(approvals).toHaveLength(1);
  return { result, approval: approvals[0]!.value };
}

for (const via of ['tool', 'middleware'] as const) {
  describe(`interrupt and resume (${via === 'tool' ? 'governTool' : 'ascendMiddleware'})`, () => {
    it('pending pauses the run with the ASCEND pending handle; nothing runs yet', async () => {
      const client = pendingClient();
      const { agent, counter } = setup(client, new MemorySaver(), via);
      const { approval } = await pause(agent, 't-pause');
      const action = client.pendingActions()[0]!;
      expect(approval).toMatchObject({
        type: ASCEND_INTERRUPT_TYPE,
        pending: { actionId: action.actionId, approvalRequestId: action.approvalRequestId },
        toolName: 'refund',
        toolCallId: 'call_1',
        actionType: 'langchain.tool.refund',
      });
      expect(JSON.stringify(approval)).not.toContain('sk-live');
      // The handle is plain JSON.
      expect(JSON.parse(JSON.stringify(approval.pending))).toEqual(approval.pending);
      expect(counter.runs).toBe(0);
      expect(client.actions).toHaveLength(1);
      await client.close();
    });

    it('approved in ASCEND, then resumed: runs once, on the same action, and reports completion', async () => {
      const client = pendingClient();
      const { agent, counter, model } = setup(client, new MemorySaver(), via);
      const { approval } = await pause(agent, 't-approve');
      client.approve(approval.pending.actionId);
      const result = await agent.invoke(new Command({ resume: 'approve' }), thread('t-approve'));
      expect(counter.runs).toBe(1);
      expect(counter.args).toEqual([{ orderId: 'o-17', amount: 40 }]);
      expect(text(toolMessages(result.messages).get('call_1'))).toBe('refunded 40 on o-17');
      expect(model.calls[1]!.messages.map((m: BaseMessage) => text(m))).toContain('refunded 40 on o-17');
      // No second action was submitted when the node ran again.
      expect(client.actions).toHaveLength(1);
      expect(client.executions.filter((e) => e.kind === 'completed').map((e) => e.actionId)).toEqual([approval.pending.actionId]);
      await client.close();
    });

    it('a resume that says approve does not run the tool while ASCEND has not approved', async () => {
      const client = pendingClient();
      const { agent, counter } = setup(client, new MemorySaver(), via);
      await pause(agent, 't-early');
      const result = await agent.invoke(new Command({ resume: { type: 'approve' } }), thread('t-early'));
      expect(counter.runs).toBe(0);
      const message = toolMessages(result.messages).get('call_1');
      expect(message!.status).toBe('error');
      expect(text(message)).toMatch(/Approval timed out/);
      expect(client.executions.filter((e) => e.kind === 'completed')).toHaveLength(0);
      await client.close();
    });

    it('rejected in ASCEND, then resumed with approve: never runs', async () => {
      const client = pendingClient();
      const { agent, counter } = setup(client, new MemorySaver(), via);
      const { approval } = await pause(agent, 't-asc-reject');
      client.reject(approval.pending.actionId, { reason: 'Not this one' });
      const result = await agent.invoke(new Command({ resume: 'approve' }), thread('t-asc-reject'));
      expect(counter.runs).toBe(0);
      expect(text(toolMessages(result.messages).get('call_1'))).toMatch(/Rejected by a human reviewer in ASCEND/);
      await client.close();
    });

    it('a resume that says reject withdraws the action and never runs the tool, even if ASCEND approved', async () => {
      const client = pendingClient();
      const { agent, counter } = setup(client, new MemorySaver(), via);
      const { approval } = await pause(agent, 't-reject');
      client.approve(approval.pending.actionId);
      const result = await agent.invoke(new Command({ resume: { type: 'reject', message: 'wrong order\nINJECTED' } }), thread('t-reject'));
      expect(counter.runs).toBe(0);
      const message = toolMessages(result.messages).get('call_1');
      expect(message!.status).toBe('error');
      expect(text(message)).toBe('A reviewer rejected this tool call (wrong order INJECTED); it was withdrawn from ASCEND and not run.');
      const failures = client.callsTo('logActionFailed');
      expect(failures).toHaveLength(1);
      expect(failures[0]!.args[0]).toBe(approval.pending.actionId);
      expect(failures[0]!.args[1]).toMatchObject({ error: { code: CANCELLED } });
      expect(client.executions.filter((e) => e.kind === 'completed')).toHaveLength(0);
      await client.close();
    });
  });
}

describe('interrupt and resume: more shapes', () => {
  it('survives a restart: a new graph, checkpointer and governed tool over the same checkpoints resume the same action', async () => {
    const client = pendingClient();
    const first = setup(client);
    const { approval } = await pause(first.agent, 't-restart');
    // What a durable checkpointer keeps across a restart: its stored checkpoints and writes.
    const restored = new MemorySaver();
    restored.storage = structuredClone(first.saver.storage);
    restored.writes = structuredClone(first.saver.writes);
    client.approve(approval.pending.actionId);
    const second = setup(client, restored);
    const result = await second.agent.invoke(new Command({ resume: 'approve' }), thread('t-restart'));
    expect(first.counter.runs).toBe(0);
    expect(second.counter.runs).toBe(1);
    expect(client.actions).toHaveLength(1);
    expect(text(toolMessages(result.messages).get('call_1'))).toBe('refunded 40 on o-17');
    await client.close();
  });

  it('parallel tool calls pause together and resume by interrupt id: the approved one runs, the rejected one does not', async () => {
    const client = pendingClient();
    const model = scriptedModel([
      { name: 'refund', args: { orderId: 'o-1', amount: 10 }, id: 'call_a' },
      { name: 'refund', args: { orderId: 'o-2', amount: 20 }, id: 'call_b' },
    ]);
    const { agent, counter } = setup(client, new MemorySaver(), 'tool', model);
    const paused = await agent.invoke(input, thread('t-parallel'));
    const approvals = pendingApprovals(paused);
    expect(approvals.map((a) => a.value.toolCallId).sort()).toEqual(['call_a', 'call_b']);
    const resume: Record<string, unknown> = {};
    for (const { id, value } of approvals) {
      client.approve(value.pending.actionId);
      resume[id!] = value.toolCallId === 'call_a' ? 'approve' : 'reject';
    }
    const result = await agent.invoke(new Command({ resume }), thread('t-parallel'));
    expect(counter.args).toEqual([{ orderId: 'o-1', amount: 10 }]);
    expect(toolMessages(result.messages).get('call_b')!.status).toBe('error');
    expect(client.actions).toHaveLength(2);
    await client.close();
  });

  it("a hand-built StateGraph with LangGraph's prebuilt ToolNode pauses and resumes the same way", async () => {
    const client = pendingClient();
    const counter: Counter = { runs: 0, args: [] };
    const tools = [governTool(client, refundTool(counter), options)];
    const model = fakeModel()
      .respondWithTools([{ name: 'refund', args: REFUND_ARGS, id: 'call_1' }])
      .respond(new AIMessage('done'));
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('agent', async (state) => ({ messages: [await model.invoke(state.messages)] }))
      .addNode('tools', new ToolNode(tools))
      .addEdge(START, 'agent')
      .addConditionalEdges('agent', toolsCondition, ['tools', END])
      .addEdge('tools', 'agent')
      .compile({ checkpointer: new MemorySaver() });
    const paused = await graph.invoke(input, thread('t-graph'));
    const [approval] = pendingApprovals(paused);
    expect(approval?.value.pending.actionId).toBeDefined();
    expect(counter.runs).toBe(0);
    client.approve(approval!.value.pending.actionId);
    const result = await graph.invoke(new Command({ resume: 'approve' }), thread('t-graph'));
    expect(counter.runs).toBe(1);
    expect(text(toolMessages(result.messages).get('call_1'))).toBe('refunded 40 on o-17');
    expect(client.actions).toHaveLength(1);
    await client.close();
  });

  it('in one ToolNode, a sibling call that already ran is re-run on resume (LangGraph re-runs the node), under a fresh ASCEND decision', async () => {
    const client = new MockAscendClient().decide('langchain.tool.refund', 'pending');
    const counter: Counter = { runs: 0, args: [] };
    let lookups = 0;
    const lookup = tool(
      async () => {
        lookups++;
        return 'order o-17: damaged';
      },
      { name: 'lookup_order', description: 'Look up an order', schema: z.object({ orderId: z.string() }) },
    );
    const tools = [governTool(client, refundTool(counter), options), governTool(client, lookup, options)];
    const model = fakeModel()
      .respondWithTools([
        { name: 'lookup_order', args: { orderId: 'o-17' }, id: 'call_l' },
        { name: 'refund', args: REFUND_ARGS, id: 'call_r' },
      ])
      .respond(new AIMessage('done'));
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('agent', async (state) => ({ messages: [await model.invoke(state.messages)] }))
      .addNode('tools', new ToolNode(tools))
      .addEdge(START, 'agent')
      .addConditionalEdges('agent', toolsCondition, ['tools', END])
      .addEdge('tools', 'agent')
      .compile({ checkpointer: new MemorySaver() });
    const paused = await graph.invoke(input, thread('t-siblings'));
    const [approval] = pendingApprovals(paused);
    expect(lookups).toBe(1);
    client.approve(approval!.value.pending.actionId);
    await graph.invoke(new Command({ resume: 'approve' }), thread('t-siblings'));
    expect(counter.runs).toBe(1);
    // The whole node ran again: the lookup too, as a new governed call (never on the old decision).
    expect(lookups).toBe(2);
    expect(client.actions.filter((a) => a.request.actionType === 'langchain.tool.lookup_order')).toHaveLength(2);
    expect(client.actions.filter((a) => a.request.actionType === 'langchain.tool.refund')).toHaveLength(1);
    await client.close();
  });

  it('without a checkpointer the run cannot pause: the pending action is withdrawn and the tool does not run', async () => {
    const client = pendingClient();
    const counter: Counter = { runs: 0, args: [] };
    const agent = createAgent({ model: scriptedModel(), tools: [governTool(client, refundTool(counter), options)] });
    const result = await agent.invoke(input);
    expect(counter.runs).toBe(0);
    const message = toolMessages(result.messages).get('call_1');
    expect(message!.status).toBe('error');
    expect(text(message)).toMatch(/ASCEND governance check failed/);
    expect(client.callsTo('logActionFailed')).toHaveLength(1);
    await client.close();
  });

  it('outside any graph, interrupt mode refuses to run and submits nothing', async () => {
    const client = pendingClient();
    const counter: Counter = { runs: 0, args: [] };
    const governed = governTool(client, refundTool(counter), options);
    const out: unknown = await governed.invoke({ orderId: 'o-1', amount: 1 });
    expect(counter.runs).toBe(0);
    expect(String(out)).toMatch(/governance check failed/);
    expect(client.actions).toHaveLength(0);
    await client.close();
  });

  it('the interrupt value type guards what it claims', () => {
    const value: AscendApprovalInterrupt = {
      type: ASCEND_INTERRUPT_TYPE,
      pending: { actionId: '1', approvalRequestId: undefined, expiresAt: undefined },
      toolName: 't',
      toolCallId: undefined,
      actionType: 'a',
      resource: 'r',
      parameters: {},
      message: 'm',
    };
    expect(pendingApprovals([{ id: 'x', value }, { id: 'y', value: { type: 'other' } }, null])).toEqual([{ id: 'x', value }]);
    expect(pendingApprovals({ __interrupt__: 'nope' })).toEqual([]);
  });
});
