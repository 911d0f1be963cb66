/** `@ascend/testing/vitest`: setupAscend's lifecycle and the matchers (types included). */
import type { AscendClient } from '@ascend/core';
import { AscendClient as NodeAscendClient } from '@ascend/node';
import { describe, expect, it } from 'vitest';
import { createGovernanceLedger } from './assertions/governance.js';
import { MockAscendClient } from './mock/mock-client.js';
import { installAscendMatchers, setupAscend } from './vitest.js';

const ascend = setupAscend({
  signingSecret: 'vitest-suite-secret',
  policy: [
    { id: 'no-drops', match: { actionType: '*.drop' }, outcome: 'deny', violations: ['SEC-001'] },
    { id: 'big-refunds', match: { actionType: '*.refund', params: [{ param: 'amount', op: '>', value: 100 }] }, outcome: 'require_approval' },
  ],
  client: { agentId: 'vitest-agent' },
});

describe('setupAscend', () => {
  let fromFirstTest: AscendClient | undefined;

  it('serves the fake through msw to real clients that sign with its secret', async () => {
    const client = ascend.createClient();
    fromFirstTest = client;
    const decision = await client.evaluateAction({ actionType: 'database.drop', resource: 'db' });
    expect([decision.decision, decision.policyViolations]).toEqual(['denied', ['SEC-001']]);
    const submit = ascend.fake.requestsFor('submitAction')[0];
    expect([submit?.headers['x-signature']?.startsWith('v1='), submit?.json]).toMatchObject([true, { agent_id: 'vitest-agent' }]);
    // A client built by hand from clientOptions() (here the Node adapter's) reaches the same fake.
    const node = new NodeAscendClient(ascend.clientOptions({ agentId: 'node-agent' }));
    expect((await node.evaluateAction({ actionType: 'x.read', resource: 'r' })).decision).toBe('allowed');
    await node.close();
    expect(ascend.baseUrl).toBe('https://ascend.test');
    expect(ascend.apiKey).toBe(ascend.fake.apiKey);
    expect(typeof ascend.server.use).toBe('function');
    // Leave state behind for the next test to prove the reset.
    ascend.fake.setPolicy([{ id: 'deny-all', outcome: 'deny' }]);
    ascend.fake.faults.inject({ kind: 'outage' });
    ascend.fake.setKillSwitch(true);
  });

  it('resets the fake, its faults and its policy, and closes the clients of the previous test', async () => {
    expect(fromFirstTest?.status().closed).toBe(true);
    expect([ascend.fake.listActions().length, ascend.fake.faults.active().length, ascend.fake.killSwitch.active]).toEqual([0, 0, false]);
    expect(ascend.fake.policy.rules.map((r) => r.id)).toEqual(['no-drops', 'big-refunds']);
    const decision = await ascend.createClient().evaluateAction({ actionType: 'financial.refund', resource: 'stripe', parameters: { amount: 500 } });
    expect([decision.decision, decision.actionId]).toEqual(['pending', '1']);
  });
});

describe('matchers', () => {
  it('toHaveBeenGoverned works on the fake and on the mock, negated too', async () => {
    await ascend.createClient().evaluateAction({ actionType: 'transaction.refund', resource: 'stripe_api', parameters: { order_id: 'ord_1', amount: 50 } });
    expect(ascend.fake).toHaveBeenGoverned({ actionType: '*.refund', parameters: { order_id: 'ord_1' }, outcome: 'allowed' });
    expect(ascend.fake).not.toHaveBeenGoverned({ actionType: '*.refund', parameters: { order_id: 'ord_2' } });

    const mock = new MockAscendClient().decide('*', 'denied');
    await mock.evaluateAction({ actionType: 'customer.lookup', resource: 'customer_db' });
    expect(mock).toHaveBeenGoverned({ actionType: 'customer.lookup', outcome: 'denied' });
    expect(() => expect(mock).toHaveBeenGoverned({ actionType: 'customer.delete' })).toThrow(
      /expected an action matching \{"actionType":"customer.delete"\} to have been governed, but 1 action\(s\) were submitted:\n {2}#1 customer.lookup/,
    );
    expect(() => expect(mock).not.toHaveBeenGoverned({ actionType: 'customer.*' })).toThrow(/expected no action matching/);
    expect(() => expect({}).toHaveBeenGoverned({})).toThrow(/MockAscendClient or a fake/);
  });

  it('toHaveNoUngovernedActions checks a ledger', async () => {
    installAscendMatchers(); // idempotent
    const mock = new MockAscendClient().decide('*.drop', 'denied');
    const ledger = createGovernanceLedger(mock);
    ledger.markExecuted(await mock.evaluateAction({ actionType: 'db.query', resource: 'db' }));
    expect(ledger).toHaveNoUngovernedActions();
    ledger.markExecuted(await mock.evaluateAction({ actionType: 'db.drop', resource: 'db' }), { label: 'drop' });
    expect(ledger).not.toHaveNoUngovernedActions();
    expect(() => expect(ledger).toHaveNoUngovernedActions()).toThrow(/1 action\(s\) ran without an allowed ASCEND decision:\n {2}#2 \(drop\): denied/);
    expect(() => expect(mock).toHaveNoUngovernedActions()).toThrow(/createGovernanceLedger/);
  });
});
