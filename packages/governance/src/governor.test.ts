/**
 * The pipeline against the real client (MockAscendClient runs AscendClient over the fake): the
 * outcome table, the phases frameworks with their own approval flow compose, and the rules
 * that must hold whatever the caller does.
 */
import { silentLogger, type AuthorizationDecision, type LogRecord } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import { cancelledBlock, createToolGovernor, errorForBlock, type GovernancePolicy, type ToolIdentity, type Verdict } from './index.js';

type Args = { orderId: string; amount: number; apiKey?: string };

const identity: ToolIdentity<{ refunded: number }> = {
  toolName: 'refund',
  source: 'test_framework',
  actionTypePrefix: 'tool',
  component: 'test',
  callerLabel: 'test caller',
  defaultSummary: (r) => ({ refunded: r.refunded }),
};

function governor(client: MockAscendClient, policy: GovernancePolicy<Args, { refunded: number }> = {}) {
  return createToolGovernor<Args, { refunded: number }>(client, identity, {
    logger: silentLogger,
    approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
    approvalPollIntervalMs: 10,
    ...policy,
  });
}

const args: Args = { orderId: 'o-1', amount: 40, apiKey: 'sk-live-123456789' };

describe('the outcome table (run)', () => {
  for (const scenario of GOVERNED_OUTCOMES) {
    it(`${scenario.name}: ${scenario.expected.runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
      const client = scenario.client();
      let runs = 0;
      try {
        const outcome = await governor(client).run(args, () => {
          runs++;
          return { refunded: 40 };
        });
        expect(runs).toBe(scenario.expected.runs ? 1 : 0);
        expect(outcome.ran).toBe(scenario.expected.runs);
        if (outcome.ran) {
          expect(outcome.value).toEqual({ refunded: 40 });
          expect(outcome.decision.failOpen !== undefined).toBe(scenario.expected.failOpen);
          expect(outcome.decision.approvedBy !== undefined).toBe(scenario.expected.humanDecided);
        } else {
          expect(outcome.block.kind).toBe(scenario.expected.block);
          expect(outcome.block.message).not.toContain('sk-live');
          // The thrown form names the same outcome.
          expect(errorForBlock(outcome.block)).toBeInstanceOf(Error);
        }
        const recorded = client.executions.filter((e) => e.kind === 'completed');
        expect(recorded.length).toBe(scenario.expected.completionRecorded ? 1 : 0);
      } finally {
        await client.close();
      }
    });
  }
});

describe('what is sent', () => {
  it('redacts secrets, names the tool and its source, and sends the policy fields', async () => {
    const client = new MockAscendClient();
    const outcome = await governor(client, { resource: (a) => `orders/${a.orderId}`, riskLevel: 'high', metadata: { team: 'payments' } }).run(
      args,
      () => ({ refunded: 40 }),
      { requestId: 'call_1', sessionId: 'thread_9', context: { framework_run: 'r1' } },
    );
    expect(outcome.ran).toBe(true);
    const sent = client.actions[0]!.request;
    expect(sent.actionType).toBe('tool.refund');
    expect(sent.resource).toBe('orders/o-1');
    expect(sent.parameters).toMatchObject({ orderId: 'o-1', amount: 40, apiKey: '[REDACTED]' });
    expect(JSON.stringify(sent)).not.toContain('sk-live');
    expect(sent.context).toMatchObject({
      source: 'test_framework',
      tool_name: 'refund',
      framework_run: 'r1',
      risk_level: 'high',
      metadata: { team: 'payments' },
    });
    expect(outcome.call).toMatchObject({ requestId: 'call_1', sessionId: 'thread_9', actionType: 'tool.refund' });
    await client.close();
  });
});

describe('phases for frameworks with their own approval flow', () => {
  it('decide({ wait: false }) returns the pending verdict; a new governor resumes from the stored handle and runs once approved', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'pending');
    const first = await governor(client).decide(args, {}, { wait: false });
    expect(first.kind).toBe('pending');
    const stored = JSON.parse(JSON.stringify(first.kind === 'pending' ? { handle: first.decision, call: first.call } : {})) as {
      handle: AuthorizationDecision;
      call: Verdict['call'];
    };
    client.approve(stored.handle.actionId, { by: 'reviewer@example.com' });
    // As after a restart: another governor, only the serialized handle and call.
    const resumed = await governor(client).resume({ actionId: stored.handle.actionId, approvalRequestId: undefined, expiresAt: undefined }, stored.call);
    expect(resumed.kind).toBe('allowed');
    let runs = 0;
    if (resumed.kind === 'allowed') {
      const outcome = await governor(client).execute(resumed, () => {
        runs++;
        return { refunded: 40 };
      });
      expect(outcome.ran).toBe(true);
    }
    expect(runs).toBe(1);
    expect(client.executions).toHaveLength(1);
    await client.close();
  });

  it('resume of a rejected action blocks as a human rejection', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'pending');
    const first = await governor(client).decide(args, {}, { wait: false });
    if (first.kind !== 'pending') throw new Error('expected pending');
    client.reject(first.decision.actionId, { by: 'reviewer', reason: 'not today' });
    const resumed = await governor(client).resume(first.decision, first.call);
    expect(resumed.kind === 'blocked' && resumed.block.kind).toBe('denied');
    expect(resumed.kind === 'blocked' && resumed.block.message).toContain('Rejected by a human reviewer');
    await client.close();
  });

  it('resume with something that is not a handle blocks, never runs', async () => {
    const client = new MockAscendClient();
    const g = governor(client);
    const call = g.describe(args);
    for (const bad of [null, {}, { actionId: '' }, 'x', 42]) {
      const v = await g.resume(bad as never, call);
      expect(v.kind).toBe('blocked');
    }
    await client.close();
  });

  it('execute refuses a verdict that is not an explicit allowed decision', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'denied');
    const g = governor(client);
    const verdict = await g.decide(args);
    expect(verdict.kind).toBe('blocked');
    let runs = 0;
    const forged = { kind: 'allowed', decision: { ...(verdict.kind === 'blocked' ? verdict.block.decision : {}), decision: 'allowed' }, call: verdict.call };
    const outcome = await g.execute(forged as never, () => {
      runs++;
      return { refunded: 1 };
    });
    expect(runs).toBe(0);
    expect(outcome.ran).toBe(false);
    await client.close();
  });

  it('waitForApproval: false blocks a pending decision as approval_pending even when the caller asked not to wait', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'pending');
    const verdict = await governor(client, { waitForApproval: false }).decide(args, {}, { wait: false });
    expect(verdict.kind === 'blocked' && verdict.block.kind).toBe('approval_pending');
    await client.close();
  });
});

describe('cancellation, reports and callbacks', () => {
  it('an abort during the wait blocks as cancelled and reports CANCELLED_BY_CLIENT', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'pending');
    const controller = new AbortController();
    let runs = 0;
    const pending = governor(client, { approvalTimeoutMs: 60_000 }).run(
      args,
      () => {
        runs++;
        return { refunded: 1 };
      },
      { signal: controller.signal, onWaiting: () => void setTimeout(() => controller.abort(), 20) },
    );
    const outcome = await pending;
    expect(runs).toBe(0);
    expect(!outcome.ran && outcome.block.kind).toBe('cancelled');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.args[1])).toContain('CANCELLED_BY_CLIENT');
    await client.close();
  });

  it('a pending action whose framework approval the user denied is reported CANCELLED_BY_CLIENT via approval_denied', async () => {
    const client = new MockAscendClient();
    client.decide('*', 'pending');
    const g = governor(client);
    const verdict = await g.decide(args, {}, { wait: false });
    expect(verdict.kind).toBe('pending');
    if (verdict.kind !== 'pending') return;
    await g.block(cancelledBlock(verdict.decision, undefined, 'approval_denied'), verdict.call);
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[0]).toBe(verdict.decision.actionId);
    const report = JSON.stringify(failed[0]!.args[1]);
    expect(report).toContain('CANCELLED_BY_CLIENT');
    expect(report).toContain('"cancelled_via":"approval_denied"');
    expect(report).toContain('denied its approval request');
    await client.close();
  });

  it('a tool that throws is reported failed (masked) and its error rethrown', async () => {
    const client = new MockAscendClient();
    await expect(
      governor(client).run(args, () => {
        throw new Error('card declined (api_key=sk_live_abcdefghijklmnop)');
      }),
    ).rejects.toThrow('card declined');
    const failed = client.callsTo('logActionFailed');
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed[0]!.args[1])).not.toContain('abcdefghijklmnop');
    await client.close();
  });

  it('throwing callbacks and a throwing logger never change the outcome', async () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      const client = scenario.client();
      const boom = () => {
        throw new Error('callback bug');
      };
      let runs = 0;
      const outcome = await governor(client, {
        onDecision: boom,
        onAllowed: boom,
        onApprovalRequired: boom,
        onDenied: boom,
        onTimeout: boom,
        onBlocked: boom,
        logLevel: 'debug',
        logger: {
          log: (_r: LogRecord) => {
            throw new Error('logger bug');
          },
        },
      }).run(args, () => {
        runs++;
        return { refunded: 1 };
      });
      expect({ name: scenario.name, runs: runs === 1, ran: outcome.ran }).toEqual({
        name: scenario.name,
        runs: scenario.expected.runs,
        ran: scenario.expected.runs,
      });
      await client.close();
    }
  });

  it('refuses bad options at creation, naming the field', () => {
    const client = new MockAscendClient();
    expect(() => governor(client, { approvalTimeoutMs: 0 })).toThrow(/approvalTimeoutMs/);
    expect(() => governor(client, { riskLevel: 'extreme' as never })).toThrow(/riskLevel/);
    expect(() => governor(client, { onDenied: 'x' as never })).toThrow(/onDenied/);
    expect(() => governor(client, { waitForApproval: 'no' as never })).toThrow(/waitForApproval/);
    expect(() => createToolGovernor(client, { ...identity, toolName: '' }, {})).toThrow(/toolName/);
    expect(() => createToolGovernor({} as never, identity, {})).toThrow(/client/);
  });
});
