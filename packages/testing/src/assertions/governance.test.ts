/** Governance assertions over both test doubles: expectGoverned, findGovernedActions, the ledger. */
import { describe, expect, it } from 'vitest';
import { createFakeAscend } from '../fake/fake-ascend.js';
import { createFakeFetch } from '../fake/fetch.js';
import { MockAscendClient } from '../mock/mock-client.js';
import { createTestClientFactory } from '../test-client.js';
import {
  assertNoUngovernedActions,
  createGovernanceLedger,
  expectGoverned,
  findGovernedActions,
  GovernanceAssertionError,
  governedActions,
} from './governance.js';

const REFUND = {
  actionType: 'transaction.refund',
  resource: 'stripe_api',
  parameters: { order_id: 'ord_456', amount: 75, meta: { channel: 'chat', tags: ['a', 'b'] } },
};

describe('expectGoverned and findGovernedActions', () => {
  it('match by glob, parameter subset (nested objects as subsets, arrays exactly), outcome and execution', async () => {
    const mock = new MockAscendClient().decide('*.drop', 'denied');
    const refund = await mock.evaluateAction(REFUND);
    await mock.evaluateAction({ actionType: 'database.drop', resource: 'db' });
    await mock.logActionCompleted(refund.actionId);

    expect(expectGoverned(mock, { actionType: '*.refund', parameters: { order_id: 'ord_456' } }).map((a) => a.actionId)).toEqual([refund.actionId]);
    expect(findGovernedActions(mock, { parameters: { meta: { channel: 'chat' } } })).toHaveLength(1);
    expect(findGovernedActions(mock, { parameters: { meta: { tags: ['a'] } } })).toHaveLength(0);
    expect(findGovernedActions(mock, { outcome: 'denied' }).map((a) => a.actionType)).toEqual(['database.drop']);
    expect(findGovernedActions(mock, { executed: true }).map((a) => a.actionType)).toEqual(['transaction.refund']);
    expect(findGovernedActions(mock, { executed: 'failed' })).toEqual([]);
    expect(findGovernedActions(mock, { executed: false, resource: ['db', 'other'] }).map((a) => a.actionType)).toEqual(['database.drop']);
  });

  it('fails with a message that lists what was submitted', async () => {
    const mock = new MockAscendClient();
    expect(() => expectGoverned(mock, { actionType: 'x' })).toThrow('no actions were submitted to ASCEND');
    await mock.evaluateAction(REFUND);
    let caught: unknown;
    try {
      expectGoverned(mock, { actionType: 'transaction.refund', parameters: { amount: 80 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GovernanceAssertionError);
    expect((caught as Error).message).toContain('#1 transaction.refund on stripe_api → allowed');
    expect((caught as Error).message).toContain('"amount":80');
  });

  it('leaves fail-open decisions out unless asked, since ASCEND never saw them', async () => {
    const mock = new MockAscendClient({ failMode: 'open' }).setServiceDown(true);
    await mock.evaluateAction(REFUND);
    expect(findGovernedActions(mock, { actionType: '*.refund' })).toEqual([]);
    expect(findGovernedActions(mock, { actionType: '*.refund', includeFailOpen: true })[0]?.failOpen).toBe(true);
  });

  it('read the fake the same way (here through the real client over a fetch adapter, no msw)', async () => {
    const fake = createFakeAscend();
    const clients = createTestClientFactory({
      baseUrl: 'https://ascend.test',
      apiKey: fake.apiKey,
      fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }),
    });
    const client = clients.create();
    const d = await client.evaluateAction({ ...REFUND, parameters: { ...REFUND.parameters, amount: 500 } });
    expect(d.decision).toBe('pending');
    expect(governedActions(fake)).toMatchObject([
      { actionId: d.actionId, actionType: 'transaction.refund', outcome: 'pending', state: 'pending_approval', executed: undefined },
    ]);
    fake.approve(Number(d.actionId));
    expectGoverned(fake, { actionType: 'transaction.refund', parameters: { amount: 500 }, outcome: 'allowed' });
    await clients.closeAll();
    expect(() => governedActions({} as never)).toThrow(TypeError);
  });
});

describe('the governance ledger', () => {
  it('passes when every execution ran under an allowed decision', async () => {
    const mock = new MockAscendClient();
    const ledger = createGovernanceLedger(mock);
    const d = await mock.evaluateAction(REFUND);
    ledger.markExecuted(d, { label: 'process_refund' });
    ledger.markExecuted(Number(d.actionId));
    expect(ledger.executions.map((e) => [e.actionId, e.outcomeAtExecution])).toEqual([
      ['1', 'allowed'],
      ['1', 'allowed'],
    ]);
    assertNoUngovernedActions(ledger);
  });

  it('catches denied, unknown and still-pending executions, even if approved afterwards', async () => {
    const mock = new MockAscendClient().decide('*.drop', 'denied').decide('*.refund', 'pending');
    const ledger = createGovernanceLedger(mock);
    const denied = await mock.evaluateAction({ actionType: 'db.drop', resource: 'db' });
    const pending = await mock.evaluateAction(REFUND);
    ledger.markExecuted(denied, { label: 'drop_table' });
    ledger.markExecuted(pending, { label: 'process_refund' });
    ledger.markExecuted('made-up-id');
    mock.approve(pending.actionId);
    expect(ledger.ungoverned().map((e) => [e.label, e.outcomeAtExecution])).toEqual([
      ['drop_table', 'denied'],
      ['process_refund', 'pending'],
      [undefined, 'unknown'],
    ]);
    expect(() => assertNoUngovernedActions(ledger)).toThrow(/3 action\(s\) ran without an allowed ASCEND decision:\n {2}#1 \(drop_table\): denied/);
    ledger.clear();
    assertNoUngovernedActions(ledger);
  });

  it('treats fail-open executions as ungoverned unless allowed explicitly, with the mock or the fake', async () => {
    const mock = new MockAscendClient({ failMode: 'open' }).setServiceDown(true);
    const ledger = createGovernanceLedger(mock);
    ledger.markExecuted(await mock.evaluateAction(REFUND));
    expect(ledger.ungoverned()).toHaveLength(1);
    assertNoUngovernedActions(ledger, { allowFailOpen: true });

    const fake = createFakeAscend();
    fake.faults.inject({ kind: 'outage' });
    const clients = createTestClientFactory({
      baseUrl: 'https://ascend.test',
      apiKey: fake.apiKey,
      fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }),
      defaults: { failMode: 'open', retry: { maxRetries: 0 } },
    });
    const fakeLedger = createGovernanceLedger(fake);
    const synthetic = await clients.create().evaluateAction(REFUND);
    fakeLedger.markExecuted(synthetic);
    fakeLedger.markExecuted(synthetic.actionId);
    expect(fakeLedger.executions.map((e) => [e.failOpen, e.outcomeAtExecution])).toEqual([
      [true, 'allowed'],
      [false, 'unknown'],
    ]);
    expect(fakeLedger.ungoverned({ allowFailOpen: true })).toHaveLength(1);
    await clients.closeAll();
  });
});
