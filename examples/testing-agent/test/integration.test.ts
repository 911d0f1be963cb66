/**
 * Integration tests: the same agent with the REAL client, against the fake ASCEND served by msw
 * (`setupAscend`), with the fake's default policy (refunds up to 100 allowed, larger ones need
 * approval, reads allowed). The seed ran these against staging; here they need no network.
 */
import { AscendClient } from '@ascend/node';
import { setupAscend } from '@ascend/testing/vitest';
import { describe, expect, it } from 'vitest';
import { CustomerServiceAgent } from '../src/customer-service-agent.js';

const ascend = setupAscend();
const REFUND = { customerId: 'cust_123', orderId: 'ord_456', amount: 75, currency: 'USD', reason: 'Product defect' };

describe('customer-service agent against the fake ASCEND', () => {
  it('connects and registers (the seed’s test_connection)', async () => {
    const client = ascend.createClient({ agentId: 'customer-service-agent', agentName: 'Customer Service Bot' });
    expect(await client.testConnection()).toMatchObject({ connected: true });
    await new CustomerServiceAgent(client).register();
    expect(ascend.fake.getAgent('customer-service-agent')?.capabilities).toContain('transaction.refund');
  });

  it('refunds within the limit and reports completion (the seed’s test_low_risk_action)', async () => {
    const agent = new CustomerServiceAgent(ascend.createClient({ agentId: 'customer-service-agent' }));
    expect(await agent.processRefund(REFUND)).toMatchObject({ status: 'completed', actionId: '1' });
    expect(ascend.fake).toHaveBeenGoverned({
      actionType: 'transaction.refund',
      parameters: { order_id: 'ord_456', amount: 75 },
      outcome: 'allowed',
      executed: 'completed',
    });
  });

  it('waits for a human on a large refund, then completes it once approved in the fake', async () => {
    const agent = new CustomerServiceAgent(ascend.createClient({ agentId: 'customer-service-agent' }));
    const big = { ...REFUND, amount: 250 };
    const parked = await agent.processRefund(big);
    expect(parked).toMatchObject({ status: 'pending_approval', approvalId: 'apr_1' });
    ascend.fake.approve(Number(parked.actionId), { by: 'finance-lead@corp.example' });
    const client = ascend.createClient({ agentId: 'customer-service-agent' });
    const pending = await client.getActionStatus(parked.actionId!);
    expect(await agent.resumeRefund(pending, big)).toMatchObject({ status: 'completed' });
  });

  it('works the same with an @ascend/node client built from the test options', async () => {
    await using client = new AscendClient(ascend.clientOptions({ agentId: 'customer-service-agent' }));
    expect(await new CustomerServiceAgent(client).queryDatabase('SELECT 1')).toEqual([]);
    expect(ascend.fake).toHaveBeenGoverned({ actionType: 'database.query', parameters: { query: 'SELECT 1' } });
  });

  it('fails closed and refunds nothing when ASCEND is down', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const agent = new CustomerServiceAgent(ascend.createClient());
    expect(await agent.processRefund(REFUND)).toEqual({ status: 'error', message: 'Governance is unavailable; the refund was not made' });
    expect(ascend.fake.listActions()).toEqual([]);
  });
});
