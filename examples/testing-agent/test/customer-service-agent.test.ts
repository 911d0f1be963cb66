/**
 * Unit tests with MockAscendClient: the seed's `test_allowed_action`, `test_denied_action` and
 * `test_action_parameters`, plus what the seed could not express (pending approvals, outages,
 * the kill switch, and proof that nothing ran without an allowed decision).
 */
import { assertNoUngovernedActions, createGovernanceLedger, MockAscendClient } from '@ascend/testing';
import { installAscendMatchers } from '@ascend/testing/vitest';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CustomerServiceAgent, type AgentServices, type RefundRequest } from '../src/customer-service-agent.js';

installAscendMatchers();

const REFUND: RefundRequest = { customerId: 'cust_123', orderId: 'ord_456', amount: 75, currency: 'USD', reason: 'Product defect' };

function services(): AgentServices & { refund: ReturnType<typeof vi.fn> } {
  return {
    refund: vi.fn(async (r: RefundRequest) => ({ refundId: `ref_${r.orderId}` })),
    findCustomer: async (customerId) => ({ customerId, name: 'John Doe', email: 'john@example.com' }),
    query: async () => [{ id: 1 }],
  };
}

let ascend: MockAscendClient;
let payments: ReturnType<typeof services>;
let agent: CustomerServiceAgent;
let ledger: ReturnType<typeof createGovernanceLedger>;

beforeEach(() => {
  ascend = new MockAscendClient({ agentId: 'customer-service-agent' });
  payments = services();
  ledger = createGovernanceLedger(ascend);
  agent = new CustomerServiceAgent(ascend, { services: payments, onExecute: (decision, action) => ledger.markExecuted(decision, { label: action }) });
});

describe('with the mock allowing (the seed’s default)', () => {
  it('executes an allowed refund and reports its completion', async () => {
    const result = await agent.processRefund(REFUND);
    expect(result).toMatchObject({ status: 'completed', refundId: 'ref_ord_456', actionId: '1' });
    expect(ascend.calls.length).toBeGreaterThanOrEqual(1);
    expect(ascend.findAction('1')?.execution).toMatchObject({ kind: 'completed', report: { result: { refund_id: 'ref_ord_456', amount: 75 } } });
    expect(ledger).toHaveNoUngovernedActions();
  });

  it('sends the right action type and parameters (the seed’s test_action_parameters)', async () => {
    await agent.queryDatabase('SELECT * FROM users');
    const [call] = ascend.callsTo('evaluateAction');
    expect(call!.args[0].actionType).toBe('database.query');
    expect(String(call!.args[0].parameters?.['query'])).toContain('SELECT');
    expect(ascend).toHaveBeenGoverned({ actionType: 'database.query', resource: 'analytics_db', executed: 'completed' });
  });

  it('flags PII on customer lookups', async () => {
    expect(await agent.lookupCustomer('cust_123')).toMatchObject({ name: 'John Doe' });
    expect(ascend).toHaveBeenGoverned({ actionType: 'customer.lookup', riskIndicators: { pii_involved: true } });
  });
});

describe('with scripted decisions', () => {
  it('does not refund when denied (the seed’s test_denied_action)', async () => {
    ascend.decide('transaction.refund', 'denied', { reason: 'Refund limit exceeded for this customer' });
    const result = await agent.processRefund(REFUND);
    expect(result).toEqual({ status: 'denied', actionId: '1', message: 'Refund denied: Refund limit exceeded for this customer' });
    expect(payments.refund).not.toHaveBeenCalled();
    expect(ascend.executions).toEqual([]);
  });

  it('denies lookups by function of the request', async () => {
    ascend.decideWith((req) => (req.parameters?.['customer_id'] === 'vip_1' ? { decision: 'denied', reason: 'VIP records need a supervisor' } : undefined));
    expect(await agent.lookupCustomer('vip_1')).toEqual({ error: 'Access denied: VIP records need a supervisor' });
    expect(await agent.lookupCustomer('cust_1')).toMatchObject({ customerId: 'cust_1' });
  });

  it('parks a large refund for approval, and refunds only after a human approves', async () => {
    ascend.decide('transaction.refund', 'pending', { requiredApprovers: ['finance'] });
    const big = { ...REFUND, amount: 500 };
    const parked = await agent.processRefund(big);
    expect(parked).toMatchObject({ status: 'pending_approval', approvalId: 'apr_1' });
    expect(payments.refund).not.toHaveBeenCalled();

    const pending = ascend.findAction(parked.actionId!)!.decision;
    const resumed = agent.resumeRefund(pending, big);
    ascend.approve(parked.actionId!, { by: 'finance-lead@corp.example' });
    expect(await resumed).toMatchObject({ status: 'completed', refundId: 'ref_ord_456' });
    expect(ledger).toHaveNoUngovernedActions();
  });

  it('reports a failed refund to ASCEND', async () => {
    payments.refund.mockRejectedValueOnce(new Error('card expired'));
    expect(await agent.processRefund(REFUND)).toMatchObject({ status: 'error', message: 'Refund failed: card expired' });
    expect(ascend.findAction('1')?.execution).toMatchObject({ kind: 'failed', report: { error: { code: 'REFUND_FAILED', message: 'card expired' } } });
  });
});

describe('when ASCEND cannot decide', () => {
  it('refunds nothing while the kill switch is on', async () => {
    ascend.setKillSwitch(true, { reason: 'Incident 42' });
    expect(await agent.processRefund(REFUND)).toEqual({ status: 'blocked', message: 'All actions are blocked: Incident 42' });
    expect(payments.refund).not.toHaveBeenCalled();
  });

  it('fails closed when the service is down', async () => {
    ascend.setServiceDown(true);
    expect((await agent.processRefund(REFUND)).status).toBe('error');
    expect(payments.refund).not.toHaveBeenCalled();
  });

  it('in fail-open mode runs, and the ledger shows it ran without a service decision', async () => {
    const open = new MockAscendClient({ failMode: 'open' }).setServiceDown(true);
    const openLedger = createGovernanceLedger(open);
    const openAgent = new CustomerServiceAgent(open, { services: payments, onExecute: (d, a) => openLedger.markExecuted(d, { label: a }) });
    expect((await openAgent.processRefund(REFUND)).status).toBe('completed');
    expect(() => assertNoUngovernedActions(openLedger)).toThrow(/process_refund\): fail-open/);
    assertNoUngovernedActions(openLedger, { allowFailOpen: true });
  });
});

describe('the ledger catches an agent that skips governance', () => {
  it('fails the assertion when an action runs on a denied decision', async () => {
    ascend.decide('transaction.refund', 'denied');
    const decision = await ascend.evaluateAction({ actionType: 'transaction.refund', resource: 'stripe_api' });
    // A buggy agent would do this: run the side effect regardless of the decision.
    ledger.markExecuted(decision, { label: 'process_refund' });
    expect(ledger).not.toHaveNoUngovernedActions();
  });
});
