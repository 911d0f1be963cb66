/**
 * Shadow mode (`enforcement: 'shadow'`) through the outcome table: the same scenarios as enforce
 * mode, with the expected differences. Every call is still evaluated and called back; the tool
 * runs whatever the answer, without waiting for a human; the kill switch still blocks unless
 * `shadowKillSwitch: 'observe'`; the caller's cancellation always does.
 */
import { silentLogger, type LogRecord } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS, type GovernedOutcomeName } from '@ascend/testing';
import { describe, expect, it } from 'vitest';
import { createToolGovernor, type GovernanceBlock, type GovernancePolicy, type ShadowMark, type ToolIdentity } from './index.js';

type Args = { orderId: string; amount: number };
type Result = { refunded: number };

const identity: ToolIdentity<Result> = {
  toolName: 'refund',
  source: 'test_framework',
  actionTypePrefix: 'tool',
  component: 'test',
  callerLabel: 'test caller',
  defaultSummary: (r) => ({ refunded: r.refunded }),
};

function governor(client: MockAscendClient, policy: GovernancePolicy<Args, Result> = {}) {
  return createToolGovernor<Args, Result>(client, identity, {
    logger: silentLogger,
    approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
    approvalPollIntervalMs: 10,
    enforcement: 'shadow',
    ...policy,
  });
}

/**
 * What shadow mode does in each scenario. `shadow` is the mark when the tool ran only because of
 * shadow mode; `completionRecorded` is whether the (fake) service kept the completion report: it
 * accepts completions only for allowed actions, so a shadowed denial's report is refused.
 */
const SHADOW: Record<
  GovernedOutcomeName,
  { runs: boolean; shadow: ShadowMark | undefined; block?: string; completionRecorded: boolean; completionSent: boolean }
> = {
  allowed: { runs: true, shadow: undefined, completionRecorded: true, completionSent: true },
  'fail-open allowed': { runs: true, shadow: undefined, completionRecorded: false, completionSent: true },
  // Never waits for the human: runs at once on the pending answer. The mock's approver decides
  // the action as it is submitted, so the completion report finds it approved (accepted) or
  // rejected (refused); with nobody deciding, the approval stays pending in ASCEND.
  'pending then approved': { runs: true, shadow: { decision: 'pending', blockKind: 'approval_pending' }, completionRecorded: true, completionSent: true },
  rejected: { runs: true, shadow: { decision: 'pending', blockKind: 'approval_pending' }, completionRecorded: false, completionSent: true },
  'timed out': { runs: true, shadow: { decision: 'pending', blockKind: 'approval_pending' }, completionRecorded: false, completionSent: true },
  denied: { runs: true, shadow: { decision: 'denied', blockKind: 'denied' }, completionRecorded: false, completionSent: true },
  // The kill switch still blocks in shadow mode by default.
  'kill switch': { runs: false, shadow: undefined, block: 'kill_switch', completionRecorded: false, completionSent: false },
  // No action id: nothing to report against; the run is in the log and telemetry.
  unavailable: { runs: true, shadow: { decision: undefined, blockKind: 'unavailable' }, completionRecorded: false, completionSent: false },
  'malformed answer': { runs: true, shadow: { decision: undefined, blockKind: 'error' }, completionRecorded: false, completionSent: false },
};

describe('shadow mode: the outcome table (run)', () => {
  for (const scenario of GOVERNED_OUTCOMES) {
    const want = SHADOW[scenario.name];
    it(`${scenario.name}: ${want.runs ? (want.shadow ? `runs, shadowed (${want.shadow.blockKind})` : 'runs') : `blocked (${want.block})`}; enforce mode: ${scenario.expected.runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
      const client = scenario.client();
      const shadowed: GovernanceBlock[] = [];
      const blocked: GovernanceBlock[] = [];
      const decisions: string[] = [];
      let runs = 0;
      try {
        const outcome = await governor(client, {
          onShadowed: (b) => void shadowed.push(b),
          onBlocked: (b) => void blocked.push(b),
          onDecision: (d) => void decisions.push(d.decision),
        }).run({ orderId: 'o-1', amount: 40 }, () => {
          runs++;
          return { refunded: 40 };
        });
        expect(runs).toBe(want.runs ? 1 : 0);
        expect(outcome.ran).toBe(want.runs);
        if (want.shadow) {
          expect(outcome).toMatchObject({ ran: true, shadowed: true, value: { refunded: 40 }, shadow: want.shadow });
          expect(shadowed.map((b) => b.kind)).toEqual([want.shadow.blockKind]);
          expect(blocked).toEqual([]);
        } else {
          expect('shadowed' in outcome).toBe(false);
          expect(shadowed).toEqual([]);
        }
        if (!outcome.ran) expect(outcome.block.kind).toBe(want.block);
        // Evaluated and called back as in enforce mode, but never a second decision after a wait.
        const noDecision = ['kill switch', 'unavailable', 'malformed answer'].includes(scenario.name);
        expect(decisions).toHaveLength(noDecision ? 0 : 1);
        expect(client.calls.filter((c) => c.method === 'waitForDecision')).toEqual([]);
        // Each run is marked in its completion report's result.
        const sent = client.calls.filter((c) => c.method === 'logActionCompleted');
        expect(sent.length).toBe(want.completionSent ? 1 : 0);
        if (want.completionSent) {
          const result = (sent[0]!.args[1] as { result: Record<string, unknown> }).result;
          expect(result).toEqual({
            refunded: 40,
            shadow: want.shadow ? { decision: want.shadow.decision, block_kind: want.shadow.blockKind } : { decision: 'allowed' },
          });
        }
        expect(client.executions.filter((e) => e.kind === 'completed').length).toBe(want.completionRecorded ? 1 : 0);
        // A pending approval is left pending: nobody waited, nobody withdrew it.
        expect(client.pendingActions()).toHaveLength(scenario.name === 'timed out' ? 1 : 0);
        // Where enforce mode runs the tool, shadow mode does too.
        if (scenario.expected.runs) expect(runs).toBe(1);
      } finally {
        await client.close();
      }
    });
  }
});

describe('shadow mode: what still stops a tool', () => {
  it("the kill switch with shadowKillSwitch: 'observe' runs the tool, marked kill_switch", async () => {
    const client = new MockAscendClient().setKillSwitch(true, { reason: 'Incident 42' });
    try {
      let runs = 0;
      const outcome = await governor(client, { shadowKillSwitch: 'observe' }).run({ orderId: 'o-1', amount: 40 }, () => ({ refunded: ++runs }));
      expect(runs).toBe(1);
      expect(outcome).toMatchObject({ ran: true, shadowed: true, shadow: { decision: undefined, blockKind: 'kill_switch' } });
    } finally {
      await client.close();
    }
  });

  it("shadowKillSwitch: 'observe' does nothing in enforce mode", async () => {
    const client = new MockAscendClient().setKillSwitch(true);
    try {
      let runs = 0;
      const outcome = await governor(client, { enforcement: 'enforce', shadowKillSwitch: 'observe' }).run({ orderId: 'o-1', amount: 40 }, () => ({
        refunded: ++runs,
      }));
      expect(runs).toBe(0);
      expect(outcome).toMatchObject({ ran: false, block: { kind: 'kill_switch' } });
    } finally {
      await client.close();
    }
  });

  it('a cancelled call is not run, in shadow mode either', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    try {
      let runs = 0;
      const abort = new AbortController();
      const outcome = await governor(client, { onShadowed: () => abort.abort() }).run({ orderId: 'o-1', amount: 40 }, () => ({ refunded: ++runs }), {
        signal: abort.signal,
      });
      expect(runs).toBe(0);
      expect(outcome).toMatchObject({ ran: false, block: { kind: 'cancelled' } });
    } finally {
      await client.close();
    }
  });

  it('a shadowed tool that throws is reported as failed with the shadow mark, and the error is rethrown', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    try {
      await expect(
        governor(client).run({ orderId: 'o-1', amount: 40 }, () => {
          throw new Error('card declined');
        }),
      ).rejects.toThrow('card declined');
      const failed = client.calls.filter((c) => c.method === 'logActionFailed');
      expect(failed).toHaveLength(1);
      expect(failed[0]!.args[1]).toMatchObject({
        error: { code: 'TOOL_FAILED', message: 'card declined', shadow: { decision: 'denied', block_kind: 'denied' } },
      });
    } finally {
      await client.close();
    }
  });

  it('logs each shadowed run at warn with the block kind, never the arguments', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    const records: LogRecord[] = [];
    try {
      await governor(client, { logger: { log: (r) => void records.push(r) } }).run({ orderId: 'o-secret-1', amount: 40 }, () => ({ refunded: 40 }));
      const line = records.find((r) => r.message.startsWith('shadow mode'));
      expect(line).toMatchObject({ level: 'warn', fields: { kind: 'denied', decision: 'denied' } });
      expect(JSON.stringify(records)).not.toContain('o-secret-1');
    } finally {
      await client.close();
    }
  });
});

describe('shadow mode: the phases', () => {
  it('decide never waits for a human; proceed runs the pending call as shadowed', async () => {
    const client = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    try {
      const g = governor(client);
      const verdict = await g.decide({ orderId: 'o-1', amount: 40 });
      expect(verdict).toMatchObject({ kind: 'blocked', block: { kind: 'approval_pending' } });
      const outcome = await g.proceed(verdict, () => ({ refunded: 40 }));
      expect(outcome).toMatchObject({ ran: true, shadowed: true, shadow: { decision: 'pending', blockKind: 'approval_pending' } });
    } finally {
      await client.close();
    }
  });

  it('in enforce mode, proceed executes an allowed verdict and blocks the rest (with the callbacks)', async () => {
    const client = new MockAscendClient().decide('*', 'denied');
    try {
      const blocked: string[] = [];
      const g = governor(client, { enforcement: 'enforce', onBlocked: (b) => void blocked.push(b.kind) });
      const outcome = await g.proceed(await g.decide({ orderId: 'o-1', amount: 40 }), () => ({ refunded: 40 }));
      expect(outcome).toMatchObject({ ran: false, block: { kind: 'denied' } });
      expect(blocked).toEqual(['denied']);
      client.clearDecisions();
      const ran = await g.proceed(await g.decide({ orderId: 'o-1', amount: 40 }), () => ({ refunded: 40 }));
      expect(ran).toMatchObject({ ran: true, value: { refunded: 40 } });
    } finally {
      await client.close();
    }
  });

  it('refuses a bad enforcement or shadowKillSwitch at wrap time, naming the field', () => {
    const client = new MockAscendClient();
    expect(() => governor(client, { enforcement: 'log-only' as never })).toThrow(/enforcement/);
    expect(() => governor(client, { shadowKillSwitch: 'ignore' as never })).toThrow(/shadowKillSwitch/);
    void client.close();
  });
});
