/**
 * The SDK's approval flow end to end, in process: pending → interruption → `state.approve` /
 * `state.reject` → `run(agent, state)`. ASCEND's answer decides whether the tool runs; an SDK
 * rejection withdraws the ASCEND action; a saved run resumes the same ASCEND action.
 */
import { ActionDeniedError, ConfigurationError, ValidationError } from '@ascend/core';
import { CANCELLED_BY_CLIENT } from '@ascend/governance';
import { silentLogger } from '@ascend/node';
import { MockAscendClient } from '@ascend/testing';
import { Agent, RunState, run, setTracingDisabled, type FunctionTool } from '@openai/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { governedTool, loadGovernedRun, pendingAscendApprovals, saveGovernedRun, withdrawRejected, type OpenAIAgentsGovernanceOptions } from './index.js';
import { ScriptedModel } from './test-support/scripted-model.js';

beforeAll(() => setTracingDisabled(true));

type RefundArgs = { orderId: string; amount: number };

function setup(client: MockAscendClient, governance: OpenAIAgentsGovernanceOptions<RefundArgs> = {}, agentExtra: { stopOnFirstTool?: boolean } = {}) {
  const ran: RefundArgs[] = [];
  const refund = governedTool(
    client,
    {
      name: 'refund',
      description: 'Refund an order',
      parameters: z.object({ orderId: z.string(), amount: z.number() }),
      execute: (args) => {
        ran.push(args);
        return `refunded ${args.amount}`;
      },
    },
    { logger: silentLogger, approvalTimeoutMs: 2_000, approvalPollIntervalMs: 10, ...governance },
  );
  const model = new ScriptedModel({ name: 'refund', callId: 'call_7', args: { orderId: 'o-7', amount: 70 } });
  const agent = new Agent({
    name: 'billing',
    model,
    tools: [refund],
    ...(agentExtra.stopOnFirstTool ? { toolUseBehavior: 'stop_on_first_tool' as const } : {}),
  });
  return { ran, refund, model, agent };
}

function pendingClient() {
  // Pending, and nobody decides until the test does.
  return new MockAscendClient().decide('*', 'pending');
}

describe('pending → interruption → resume', () => {
  it('approved in the SDK and in ASCEND: runs once, against the same ASCEND action', async () => {
    const client = pendingClient();
    const { ran, agent, model } = setup(client);
    let result = await run(agent, 'Refund o-7');
    expect(result.interruptions).toHaveLength(1);
    const [pending] = pendingAscendApprovals(result.state);
    expect(pending).toMatchObject({ toolName: 'refund', callId: 'call_7', handle: { actionId: client.actions[0]!.actionId } });
    client.approve(pending!.handle.actionId, { by: 'reviewer@corp.example' });
    result.state.approve(result.interruptions[0]!);
    result = await run(agent, result.state);
    expect(ran).toEqual([{ orderId: 'o-7', amount: 70 }]);
    expect(model.seen.get('call_7')).toBe('refunded 70');
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    expect(client.executions).toMatchObject([{ kind: 'completed', actionId: pending!.handle.actionId }]);
    expect(pendingAscendApprovals(result.state)).toEqual([]);
    await client.close();
  });

  it('approved in the SDK while ASCEND still waits: the resumed run waits for the reviewer, then runs', async () => {
    // The mock's reviewer approves after a few status polls: during the resumed run's wait.
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, agent } = setup(client);
    let result = await run(agent, 'Refund o-7');
    const actionId = client.actions[0]!.actionId;
    expect(client.findAction(actionId)?.state).toBe('pending');
    result.state.approve(result.interruptions[0]!);
    result = await run(agent, result.state);
    expect(ran).toHaveLength(1);
    expect(client.findAction(actionId)?.state).toBe('approved');
    expect(client.callsTo('waitForDecision')).toHaveLength(1);
    await client.close();
  });

  it('approved in the SDK but rejected in ASCEND: never runs; the model reads the reviewer', async () => {
    const client = pendingClient();
    const { ran, agent, model } = setup(client);
    let result = await run(agent, 'Refund o-7');
    client.reject(client.actions[0]!.actionId, { reason: 'Customer already refunded' });
    result.state.approve(result.interruptions[0]!);
    result = await run(agent, result.state);
    expect(ran).toEqual([]);
    expect(model.seen.get('call_7')).toBe('Rejected by a human reviewer in ASCEND: Customer already refunded');
    expect(client.executions.filter((e) => e.kind === 'completed')).toEqual([]);
    await client.close();
  });

  it('rejected in the SDK: never runs, and the ASCEND action is withdrawn (reported once)', async () => {
    const client = pendingClient();
    const { ran, agent, model, refund } = setup(client);
    let result = await run(agent, 'Refund o-7');
    const actionId = client.actions[0]!.actionId;
    result.state.reject(result.interruptions[0]!);
    result = await run(agent, result.state);
    expect(ran).toEqual([]);
    expect(model.seen.get('call_7')).toBe('Tool execution was not approved.');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[0]).toBe(actionId);
    expect(failed[0]!.args[1]).toMatchObject({ error: { code: CANCELLED_BY_CLIENT, decision_at_cancel: 'pending' } });
    // Nothing left to withdraw; asking again reports nothing more.
    expect(await withdrawRejected(result.state, [refund])).toBe(0);
    expect(client.callsTo('logActionFailed')).toHaveLength(1);
    // ASCEND closed the withdrawn action: a reviewer can no longer approve it.
    expect(client.findAction(actionId)?.state).toBe('rejected');
    expect(() => client.approve(actionId)).toThrow(/already rejected/);
    expect(ran).toEqual([]);
    await client.close();
  });

  it('rejected in the SDK when the run ends without another turn: withdrawRejected reports it', async () => {
    const client = pendingClient();
    const { ran, agent, refund } = setup(client, {}, { stopOnFirstTool: true });
    let result = await run(agent, 'Refund o-7');
    result.state.reject(result.interruptions[0]!);
    result = await run(agent, result.state);
    expect(ran).toEqual([]);
    const before = client.callsTo('logActionFailed').length;
    const withdrawn = await withdrawRejected(result, [refund]);
    expect(before + withdrawn).toBe(1);
    expect(client.callsTo('logActionFailed')).toHaveLength(1);
    expect(await withdrawRejected(result, agent.tools)).toBe(0);
    await client.close();
  });

  it('resumed without a decision in the SDK: interrupts again, with no second ASCEND action', async () => {
    const client = pendingClient();
    const { ran, agent } = setup(client);
    let result = await run(agent, 'Refund o-7');
    result = await run(agent, result.state);
    expect(result.interruptions).toHaveLength(1);
    expect(ran).toEqual([]);
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    await client.close();
  });
});

describe('streaming and several calls in one turn', () => {
  it('a streamed run stops at the interruption and resumes streamed, running once after ASCEND approved', async () => {
    const client = pendingClient();
    const { ran, agent, model } = setup(client);
    let result = await run(agent, 'Refund o-7', { stream: true });
    for await (const _event of result) void _event;
    await result.completed;
    expect(result.interruptions).toHaveLength(1);
    expect(ran).toEqual([]);
    client.approve(client.actions[0]!.actionId);
    result.state.approve(result.interruptions[0]!);
    result = await run(agent, result.state, { stream: true });
    for await (const _event of result) void _event;
    await result.completed;
    expect(ran).toEqual([{ orderId: 'o-7', amount: 70 }]);
    expect(model.seen.get('call_7')).toBe('refunded 70');
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    await client.close();
  });

  it('an allowed call and a pending call in one turn: each runs once, each against its own action', async () => {
    // Small refunds are allowed, large ones need a human.
    const client = new MockAscendClient().decideWith((request) => (Number(request.parameters?.['amount']) > 100 ? 'pending' : 'allowed'));
    const ran: RefundArgs[] = [];
    const refund = governedTool(
      client,
      {
        name: 'refund',
        description: 'Refund an order',
        parameters: z.object({ orderId: z.string(), amount: z.number() }),
        execute: (args) => {
          ran.push(args);
          return `refunded ${args.amount}`;
        },
      },
      { logger: silentLogger, approvalTimeoutMs: 2_000, approvalPollIntervalMs: 10 },
    );
    const model = new ScriptedModel([
      { name: 'refund', callId: 'call_small', args: { orderId: 'o-1', amount: 10 } },
      { name: 'refund', callId: 'call_large', args: { orderId: 'o-2', amount: 900 } },
    ]);
    const agent = new Agent({ name: 'billing', model, tools: [refund] });
    const result = await run(agent, 'Refund both');
    expect(result.interruptions.map((i) => i.rawItem.type === 'function_call' && i.rawItem.callId)).toEqual(['call_large']);
    const saved = saveGovernedRun(result);
    const state = await loadGovernedRun(agent, saved);
    client.approve(pendingAscendApprovals(state)[0]!.handle.actionId);
    state.approve(state.getInterruptions()[0]!);
    const resumed = await run(agent, state);
    expect(resumed.interruptions).toEqual([]);
    expect(ran.map((a) => a.orderId).sort()).toEqual(['o-1', 'o-2']);
    expect(model.seen.get('call_small')).toBe('refunded 10');
    expect(model.seen.get('call_large')).toBe('refunded 900');
    // Every action ASCEND allowed got its completion report; none ran without one.
    const completed = client.executions.filter((e) => e.kind === 'completed').map((e) => e.actionId);
    const allowedOrApproved = client.actions.filter((a) => a.state === 'allowed' || a.state === 'approved').map((a) => a.actionId);
    expect(completed.sort()).toEqual(allowedOrApproved.sort());
    // The allowed call ran in the first run: one ASCEND action per tool call.
    expect(client.callsTo('evaluateAction')).toHaveLength(2);
    await client.close();
  });
});

describe('a saved run', () => {
  it('round-trips through saveGovernedRun / loadGovernedRun and resumes the same ASCEND action', async () => {
    const client = pendingClient();
    const first = setup(client);
    const result = await run(first.agent, 'Refund o-7');
    const saved = saveGovernedRun(result);
    const parsed = JSON.parse(saved) as { pending: { handle: { actionId: string } }[] };
    expect(parsed.pending).toHaveLength(1);
    expect(parsed.pending[0]!.handle.actionId).toBe(client.actions[0]!.actionId);

    // A fresh agent and tool, as a new process would build them.
    const second = setup(client);
    const state = await loadGovernedRun(second.agent, saved);
    expect(pendingAscendApprovals(state)).toEqual(pendingAscendApprovals(result));
    client.approve(client.actions[0]!.actionId);
    state.approve(state.getInterruptions()[0]!);
    const resumed = await run(second.agent, state);
    expect(resumed.interruptions).toEqual([]);
    expect(first.ran).toEqual([]);
    expect(second.ran).toEqual([{ orderId: 'o-7', amount: 70 }]);
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    await client.close();
  });

  it('rejected in the SDK after a restore: never runs, and the restored ASCEND action is withdrawn', async () => {
    const client = pendingClient();
    const first = setup(client);
    const saved = saveGovernedRun(await run(first.agent, 'Refund o-7'));
    const second = setup(client);
    const state = await loadGovernedRun(second.agent, saved);
    state.reject(state.getInterruptions()[0]!, { message: 'Not today' });
    await run(second.agent, state);
    expect(second.ran).toEqual([]);
    expect(second.model.seen.get('call_7')).toBe('Not today');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[0]).toBe(client.actions[0]!.actionId);
    expect(failed[0]!.args[1]).toMatchObject({ error: { code: CANCELLED_BY_CLIENT } });
    await client.close();
  });

  it('a state restored without its ASCEND handles still asks ASCEND: the SDK approval alone never runs the tool', async () => {
    const client = pendingClient();
    const first = setup(client);
    const result = await run(first.agent, 'Refund o-7');
    const second = setup(client, { approvalTimeoutMs: 200 });
    const bare = await RunState.fromString(second.agent, result.state.toString());
    bare.approve(bare.getInterruptions()[0]!);
    const resumed = await run(second.agent, bare);
    // A new ASCEND action, still pending: the wait times out and nothing runs.
    expect(client.callsTo('evaluateAction').length).toBeGreaterThanOrEqual(2);
    expect(second.ran).toEqual([]);
    expect(second.model.seen.get('call_7')).toMatch(/^Approval timed out/);
    expect(resumed.interruptions).toEqual([]);
    await client.close();
  });

  it('refuses a saved text that is not one, naming the field', async () => {
    const client = new MockAscendClient();
    const { agent } = setup(client);
    const good = JSON.parse(saveGovernedRun(await run(agent, 'Refund o-7'))) as Record<string, unknown>;
    const load = (value: unknown) => loadGovernedRun(agent, typeof value === 'string' ? value : JSON.stringify(value));
    await expect(load('not json')).rejects.toThrow(ValidationError);
    await expect(load({ ...good, format: 'other' })).rejects.toThrow(/format/);
    await expect(load({ ...good, state: 42 })).rejects.toThrow(/state/);
    await expect(load({ ...good, pending: [{ toolName: 'refund', callId: 'c', handle: {}, call: {} }] })).rejects.toThrow(/pending\[0\]\.handle/);
    await expect(
      load({ ...good, pending: [{ toolName: 'refund', callId: 'c', handle: { actionId: '1' }, call: { actionType: 'tool.refund', resource: 'x' } }] }),
    ).rejects.toThrow(/pending\[0\]\.call\.parameters/);
    await expect(load({ ...good, pending: new Array(1001).fill(null) })).rejects.toThrow(/pending/);
    await expect(loadGovernedRun(agent, 'x'.repeat(32 * 1024 * 1024 + 1))).rejects.toThrow(/text/);
    expect(() => saveGovernedRun({} as never)).toThrow(ValidationError);
    await client.close();
  });
});

describe('what is sent and how blocks surface', () => {
  it('sends the redacted arguments, the source, the tool call id and the session id', async () => {
    const client = new MockAscendClient();
    const refund = governedTool(
      client,
      {
        name: 'refund',
        description: 'Refund an order',
        parameters: z.object({ orderId: z.string(), amount: z.number(), password: z.string() }),
        execute: () => 'ok',
      },
      { logger: silentLogger, sessionId: () => 'thread_42', riskLevel: 'high', resource: (a) => `orders/${a.orderId}` },
    );
    const model = new ScriptedModel({ name: 'refund', callId: 'call_9', args: { orderId: 'o-9', amount: 5, password: 'hunter2-secret' } });
    await run(new Agent({ name: 'billing', model, tools: [refund] }), 'go');
    const sent = client.actions[0]!.request;
    expect(sent.actionType).toBe('tool.refund');
    expect(sent.resource).toBe('orders/o-9');
    expect(sent.parameters).toMatchObject({ orderId: 'o-9', amount: 5, password: '[REDACTED]' });
    expect(sent.context).toMatchObject({ source: 'openai_agents', tool_name: 'refund', tool_call_id: 'call_9', risk_level: 'high' });
    expect(JSON.stringify(sent)).not.toContain('hunter2');
    await client.close();
  });

  it("blockAs: 'throw' hands the typed error to the tool's errorFunction", async () => {
    const client = new MockAscendClient().decide('*', 'denied', { reason: 'Over limit' });
    const errors: unknown[] = [];
    const ran: unknown[] = [];
    const refund = governedTool(
      client,
      {
        name: 'refund',
        description: 'Refund an order',
        parameters: z.object({ orderId: z.string(), amount: z.number() }),
        execute: (a) => {
          ran.push(a);
          return 'ok';
        },
        errorFunction: (_ctx, error) => {
          errors.push(error);
          return 'blocked by policy';
        },
      },
      { logger: silentLogger, blockAs: 'throw' },
    );
    const model = new ScriptedModel({ name: 'refund', callId: 'call_1', args: { orderId: 'o', amount: 1 } });
    await run(new Agent({ name: 'billing', model, tools: [refund] }), 'go');
    expect(ran).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ActionDeniedError);
    expect(model.seen.get('call_1')).toBe('blocked by policy');
    await client.close();
  });

  it("the tool's own exception is reported as a failure and reaches the SDK", async () => {
    const client = new MockAscendClient();
    const refund = governedTool(
      client,
      {
        name: 'refund',
        description: 'Refund an order',
        parameters: z.object({ orderId: z.string() }),
        execute: () => {
          throw new Error('card declined (api_key=sk_live_abcdefghijklmnop)');
        },
      },
      { logger: silentLogger },
    );
    const model = new ScriptedModel({ name: 'refund', callId: 'call_1', args: { orderId: 'o' } });
    await run(new Agent({ name: 'billing', model, tools: [refund] }), 'go');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.args[1])).toContain('card declined');
    expect(JSON.stringify(failed[0]!.args[1])).not.toContain('abcdefghijklmnop');
    expect(model.seen.get('call_1')).not.toContain('abcdefghijklmnop');
    await client.close();
  });

  it("keeps the user's isEnabled", async () => {
    const client = new MockAscendClient();
    const hidden = governedTool(
      client,
      { name: 'refund', description: 'Refund', parameters: z.object({ orderId: z.string() }), execute: () => 'ok', isEnabled: false },
      { logger: silentLogger },
    ) as FunctionTool<unknown, never, string>;
    const agent = new Agent({ name: 'billing', tools: [hidden] });
    expect(await agent.getAllTools(new (await import('@openai/agents')).RunContext())).toEqual([]);
    await client.close();
  });
});

describe('configuration', () => {
  const client = new MockAscendClient();
  const base = { name: 'refund', description: 'Refund', parameters: z.object({ orderId: z.string() }), execute: () => 'ok' };

  it('refuses bad options at creation, naming the field', () => {
    expect(() => governedTool(client, { ...base, needsApproval: true } as never)).toThrow(/needsApproval/);
    expect(() => governedTool(client, { ...base, name: '' })).toThrow(/name/);
    expect(() => governedTool(client, { ...base, execute: undefined } as never)).toThrow(/execute/);
    expect(() => governedTool(client, base, { aproovalTimeoutMs: 1 } as never)).toThrow(/aproovalTimeoutMs/);
    expect(() => governedTool(client, base, { blockAs: 'silently' } as never)).toThrow(/blockAs/);
    expect(() => governedTool(client, base, { sessionId: 'x' } as never)).toThrow(/sessionId/);
    expect(() => governedTool(client, base, { approvalTimeoutMs: 0 })).toThrow(/approvalTimeoutMs/);
    expect(() => governedTool({} as never, base)).toThrow(/client/);
    expect(() => governedTool(client, base, null as never)).toThrow(/governance/);
    expect(() => governedTool(client, null as never)).toThrow(/options/);
    for (const bad of [() => governedTool(client, { ...base, needsApproval: true } as never), () => governedTool(client, base, { blockAs: 'x' } as never)]) {
      expect(bad).toThrow(ConfigurationError);
    }
  });
});
