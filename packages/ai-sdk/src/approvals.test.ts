/**
 * The AI SDK's tool-approval flow end to end, through the real run loop: a pending decision
 * becomes a `tool-approval-request`; the user's answer resumes it; ASCEND's reviewer decides.
 * Also a restart between the request and the answer, a UI message stream carrying the handle,
 * forged or replayed answers, and the user's denial withdrawing the action in ASCEND.
 */
import { silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { isStepCount, readUIMessageStream, streamText, tool, ToolLoopAgent, type ModelMessage, type UIMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CANCELLED_BY_CLIENT,
  createAscendApprovals,
  createMemoryApprovalStore,
  governTools,
  type PendingApprovalRecord,
  type PendingApprovalStore,
} from './index.js';
import { answer, approvalRequests, lastSeen, runOnce, type Runner } from './test-support/drive.js';
import { scriptedModel, toolAnswers } from './test-support/model.js';

const INPUT = { orderId: 'o-7', amount: 900 };

function setup(client: MockAscendClient, store?: PendingApprovalStore) {
  const ran: Array<{ orderId: string; amount: number }> = [];
  const approvals = createAscendApprovals({ logger: silentLogger, ...(store ? { store } : {}) });
  const refund = tool({
    description: 'Refund an order',
    inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
    execute: async (input) => {
      ran.push(input);
      await Promise.resolve();
      return { refunded: input.amount };
    },
  });
  const tools = governTools(client, { refund }, { approvals, logger: silentLogger, approvalTimeoutMs: 5_000, approvalPollIntervalMs: 10 });
  return { ran, approvals, tools, model: scriptedModel('refund', INPUT) };
}

const start: ModelMessage[] = [{ role: 'user', content: 'Refund order o-7' }];

for (const runner of ['generateText', 'streamText'] as const satisfies readonly Runner[]) {
  describe(`${runner}: pending → approval request → answer → ASCEND decides`, () => {
    it('asks for approval, keeps the handle, and runs once only after ASCEND approves', async () => {
      const client = new MockAscendClient().decide('*', 'pending', { reason: 'Refunds over 500 need a reviewer' });
      const { ran, approvals, tools, model } = setup(client);
      const first = await runOnce(runner, { model, tools, messages: start, approvals });
      const [request] = approvalRequests(first);
      expect(ran).toHaveLength(0);
      expect(request?.toolCallId).toBe('call-1');
      const [pending] = client.pendingActions();
      expect(pending).toBeDefined();
      expect(request?.reason).toBe(
        `ASCEND holds this tool call for a human reviewer (action ${pending!.actionId}): Refunds over 500 need a reviewer. Approving here resumes it; the tool runs only once ASCEND approves it.`,
      );
      // The pending handle is kept, plain JSON, for the answer.
      const handle = await approvals.pendingHandle('call-1');
      expect(handle).toMatchObject({ actionId: pending!.actionId });
      expect(JSON.parse(JSON.stringify(handle))).toEqual(handle);

      // The user approves in the chat while ASCEND's reviewer has not decided yet: execute waits
      // for the reviewer, who approves during the wait.
      const approving = new Promise<void>((resolve) =>
        setTimeout(() => {
          client.approve(pending!.actionId, { by: 'ciso@corp.example' });
          resolve();
        }, 50),
      );
      const second = await runOnce(runner, { model, tools, messages: answer(start, first, true), approvals });
      await approving;
      expect(ran).toEqual([INPUT]);
      expect(lastSeen(model, runner)).toEqual([{ type: 'json', value: { refunded: 900 } }]);
      expect(second.text).toContain('"refunded":900');
      expect(client.callsTo('evaluateAction')).toHaveLength(1);
      expect(client.executions).toMatchObject([{ kind: 'completed', actionId: pending!.actionId }]);
      expect(await approvals.pendingHandle('call-1')).toBeUndefined();
      await client.close();
    });

    it('the chat approves but ASCEND rejects: never runs, and the model is told', async () => {
      const client = new MockAscendClient().decide('*', 'pending');
      const { ran, approvals, tools, model } = setup(client);
      const first = await runOnce(runner, { model, tools, messages: start, approvals });
      const [pending] = client.pendingActions();
      client.reject(pending!.actionId, { reason: 'Not this order' });
      await runOnce(runner, { model, tools, messages: answer(start, first, true), approvals });
      expect(ran).toHaveLength(0);
      expect(lastSeen(model, runner)).toEqual([{ type: 'error-text', value: 'Rejected by a human reviewer in ASCEND: Not this order' }]);
      expect(client.executions).toHaveLength(0);
      await client.close();
    });

    it('the user denies in the chat: never runs, and the action is withdrawn in ASCEND (CANCELLED_BY_CLIENT)', async () => {
      const client = new MockAscendClient().decide('*', 'pending');
      const { ran, approvals, tools, model } = setup(client);
      const first = await runOnce(runner, { model, tools, messages: start, approvals });
      const [pending] = client.pendingActions();
      const messages = answer(start, first, false, 'wrong order');
      // Nothing of a governed tool runs on a denial alone, so the app settles the answer first.
      expect(await approvals.settle(messages)).toEqual([{ toolCallId: 'call-1', toolName: 'refund', actionId: pending!.actionId }]);
      await runOnce(runner, { model, tools, messages, approvals });
      expect(ran).toHaveLength(0);
      expect(lastSeen(model, runner)).toEqual([{ type: 'execution-denied', reason: 'wrong order' }]);
      const failed = client.callsTo('logActionFailed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.args[0]).toBe(pending!.actionId);
      expect(failed[0]!.args[1]).toMatchObject({ error: { code: CANCELLED_BY_CLIENT, cancelled_via: 'approval_denied' } });
      // Settling again finds nothing left to withdraw.
      expect(await approvals.settle(messages)).toEqual([]);
      expect(client.callsTo('logActionFailed')).toHaveLength(1);
      await client.close();
    });
  });
}

describe('resuming safely', () => {
  it('survives a restart: a new process with the stored record and the messages resumes the action', async () => {
    // A store that only keeps JSON text, as a database or a file would.
    const rows = new Map<string, string>();
    const durable: PendingApprovalStore = {
      get: (id) => {
        const row = rows.get(id);
        return row === undefined ? undefined : (JSON.parse(row) as PendingApprovalRecord);
      },
      set: (id, record) => void rows.set(id, JSON.stringify(record)),
      delete: (id) => void rows.delete(id),
    };
    const before = new MockAscendClient().decide('*', 'pending');
    const first = setup(before, durable);
    const asked = await runOnce('generateText', { model: first.model, tools: first.tools, messages: start, approvals: first.approvals });
    const [pending] = before.pendingActions();
    // The conversation is persisted as JSON; the process goes away.
    const persisted = JSON.stringify(answer(start, asked, true));
    before.approve(pending!.actionId);

    // "After the restart": new tools and a new coordinator; only the store and the messages
    // carry over (the mock client stands for the ASCEND service, which outlives the app; the
    // child-process suite restarts a real process against the dev server).
    const after = before;
    const second = setup(after, durable);
    await runOnce('generateText', { model: second.model, tools: second.tools, messages: JSON.parse(persisted) as ModelMessage[], approvals: second.approvals });
    expect(first.ran).toHaveLength(0);
    expect(second.ran).toEqual([INPUT]);
    expect(after.callsTo('evaluateAction')).toHaveLength(1);
    expect(after.callsTo('logActionCompleted')[0]!.args[0]).toBe(pending!.actionId);
    expect(rows.size).toBe(0);
    await before.close();
  });

  it('a restart with an in-memory store cannot resume: the tool is not run, and the model is told why', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    const first = setup(client);
    const asked = await runOnce('generateText', { model: first.model, tools: first.tools, messages: start, approvals: first.approvals });
    client.approve(client.pendingActions()[0]!.actionId);
    const second = setup(client);
    await runOnce('generateText', { model: second.model, tools: second.tools, messages: answer(start, asked, true), approvals: second.approvals });
    expect(second.ran).toHaveLength(0);
    expect(lastSeen(second.model, 'generateText')).toEqual([
      {
        type: 'error-text',
        value:
          'This tool call was approved in the chat, but its ASCEND approval could not be resumed (no pending ASCEND approval is stored for this tool call), so it was not run.',
      },
    ]);
    expect(client.callsTo('evaluateAction')).toHaveLength(1);
    await client.close();
  });

  it('an approved answer replayed never runs the tool twice', async () => {
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client);
    const first = await runOnce('generateText', { model, tools, messages: start, approvals });
    const messages = answer(start, first, true);
    await runOnce('generateText', { model, tools, messages, approvals });
    await runOnce('generateText', { model, tools, messages, approvals });
    expect(ran).toHaveLength(1);
    expect(client.executions.filter((e) => e.kind === 'completed')).toHaveLength(1);
    await client.close();
  });

  it('the same approved answer sent twice at once runs the tool once (a store without take)', async () => {
    const rows = new Map<string, string>();
    const slow: PendingApprovalStore = {
      get: async (id) => {
        await new Promise((r) => setTimeout(r, 5));
        const row = rows.get(id);
        return row === undefined ? undefined : (JSON.parse(row) as PendingApprovalRecord);
      },
      set: (id, record) => void rows.set(id, JSON.stringify(record)),
      delete: async (id) => {
        await new Promise((r) => setTimeout(r, 5));
        rows.delete(id);
      },
    };
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client, slow);
    const first = await runOnce('generateText', { model, tools, messages: start, approvals });
    const messages = answer(start, first, true);
    await Promise.all([runOnce('generateText', { model, tools, messages, approvals }), runOnce('generateText', { model, tools, messages, approvals })]);
    expect(ran).toHaveLength(1);
    // Only one of them resumed the ASCEND action; the other found nothing to resume.
    expect(client.callsTo('waitForDecision')).toHaveLength(1);
    const told = model.doGenerateCalls.slice(-2).map((c) => JSON.stringify(toolAnswers(c.prompt)));
    expect(told.filter((t) => t.includes('"refunded":900'))).toHaveLength(1);
    expect(told.filter((t) => t.includes('no pending ASCEND approval is stored'))).toHaveLength(1);
    expect(client.executions.filter((e) => e.kind === 'completed')).toHaveLength(1);
    await client.close();
  });

  it('a history whose tool input was changed after ASCEND was asked never runs', async () => {
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client);
    const first = await runOnce('generateText', { model, tools, messages: start, approvals });
    const forged = JSON.parse(JSON.stringify(answer(start, first, true)).replace('"amount":900', '"amount":90000')) as ModelMessage[];
    await runOnce('generateText', { model, tools, messages: forged, approvals });
    expect(ran).toHaveLength(0);
    expect(lastSeen(model, 'generateText')).toEqual([
      {
        type: 'error-text',
        value:
          'This tool call was approved in the chat, but its ASCEND approval could not be resumed (the tool input differs from the one ASCEND was asked about), so it was not run.',
      },
    ]);
    await client.close();
  });

  it('a store that cannot keep the handle: the call is withdrawn at once and never runs', async () => {
    const broken: PendingApprovalStore = {
      get: () => undefined,
      set: () => {
        throw new Error('disk full (password=hunter2)');
      },
      delete: () => undefined,
    };
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client, broken);
    const first = await runOnce('generateText', { model, tools, messages: start, approvals });
    expect(approvalRequests(first)).toHaveLength(0);
    expect(ran).toHaveLength(0);
    expect(lastSeen(model, 'generateText')).toEqual([
      { type: 'execution-denied', reason: 'The ASCEND approval request could not be kept, so this tool call was withdrawn and not run.' },
    ]);
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[1]).toMatchObject({ error: { code: CANCELLED_BY_CLIENT } });
    expect(JSON.stringify(failed[0]!.args[1])).not.toContain('hunter2');
    await client.close();
  });

  it('a stored record for another tool call id is never used', async () => {
    const store = createMemoryApprovalStore();
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client, store);
    const first = await runOnce('generateText', { model, tools, messages: start, approvals });
    const record = (await store.get('call-1')) as PendingApprovalRecord;
    await store.delete('call-1');
    await store.set('call-1', { ...record, toolCallId: 'call-9' });
    await runOnce('generateText', { model, tools, messages: answer(start, first, true), approvals });
    expect(ran).toHaveLength(0);
    await client.close();
  });
});

describe('a ToolLoopAgent', () => {
  it('with toolApproval and a signed approval secret: asks, then runs once on the answer and ASCEND approval', async () => {
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    const { ran, approvals, tools, model } = setup(client);
    const agent = new ToolLoopAgent({
      model,
      tools,
      toolApproval: approvals.toolApproval,
      experimental_toolApprovalSecret: 'agent-approval-secret-0123456789abcdef',
      stopWhen: isStepCount(3),
    });
    const first = await agent.generate({ messages: start });
    const request = first.content.find((p) => p.type === 'tool-approval-request');
    expect(request).toMatchObject({ type: 'tool-approval-request', toolCall: { toolCallId: 'call-1' } });
    expect(ran).toHaveLength(0);
    const messages: ModelMessage[] = [
      ...start,
      ...first.responseMessages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: (request as { approvalId: string }).approvalId, approved: true }] },
    ];
    const second = await agent.generate({ messages });
    expect(ran).toEqual([INPUT]);
    expect(second.text).toContain('"refunded":900');
    await client.close();
  });
});

describe('a UI message stream', () => {
  it('carries the ASCEND pending handle in the UI message metadata next to the approval request', async () => {
    const client = new MockAscendClient().decide('*', 'pending');
    const { approvals, tools, model } = setup(client);
    const result = streamText({ model, tools, toolApproval: approvals.toolApproval, messages: start });
    let last: UIMessage | undefined;
    for await (const message of readUIMessageStream({ stream: result.toUIMessageStream({ messageMetadata: approvals.messageMetadata }) })) last = message;
    const [pending] = client.pendingActions();
    const part = last?.parts.find((p) => p.type === 'tool-refund');
    expect(part).toMatchObject({ state: 'approval-requested', toolCallId: 'call-1' });
    expect((part as { approval?: { requestReason?: string } }).approval?.requestReason).toContain(`action ${pending!.actionId}`);
    expect(last?.metadata).toEqual({ ascend: { pendingApprovals: { 'call-1': expect.objectContaining({ actionId: pending!.actionId }) } } });
    await client.close();
  });
});
