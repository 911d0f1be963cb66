/**
 * The three seed examples, driven by LangChain's scripted `fakeModel()` against `MockAscendClient`
 * (the real client over the in-memory fake ASCEND): no network, no model key.
 */
import { silentLogger } from '@ascend/core';
import { MockAscendClient } from '@ascend/testing';
import { AIMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { describe, expect, it } from 'vitest';
import { createApprovalWorkflow } from '../src/approval-workflow.js';
import { createPipelineAgent } from '../src/data-pipeline.js';
import { createRefundAgent, type RefundLedger } from '../src/refund-agent.js';

const refundCall = (amount: number) => ({
  name: 'process_refund',
  args: { customerId: 'cust_123', orderId: `ord_${amount}`, amount, currency: 'USD', reason: 'Product defect' },
  id: `refund_${amount}`,
});

describe('refund agent (seed: Customer Service Agent)', () => {
  it('runs an allowed refund and sends the seed’s risk indicators', async () => {
    const ascend = new MockAscendClient({ client: { logger: silentLogger } });
    const ledger: RefundLedger = { refunds: [] };
    const model = fakeModel()
      .respondWithTools([refundCall(75)])
      .respond(new AIMessage('Refunded.'));
    await createRefundAgent(ascend, model, ledger).invoke({ messages: [{ role: 'user', content: 'Refund ord_75, it arrived broken' }] });
    expect(ledger.refunds).toEqual([{ refundId: 'ref_1', orderId: 'ord_75', amount: 75 }]);
    expect(ascend.actions[0]!.request).toMatchObject({
      actionType: 'transaction.refund',
      resource: 'stripe_api',
      riskIndicators: { financial_data: true, amount_threshold: 'normal' },
    });
    await ascend.close();
  });

  it('a denied refund never reaches the ledger, and the model is told why', async () => {
    const ascend = new MockAscendClient({ client: { logger: silentLogger } }).decide('transaction.refund', 'denied', { reason: 'Refund limit exceeded' });
    const ledger: RefundLedger = { refunds: [] };
    const model = fakeModel()
      .respondWithTools([refundCall(900)])
      .respond(new AIMessage('Sorry.'));
    await createRefundAgent(ascend, model, ledger).invoke({ messages: [{ role: 'user', content: 'Refund ord_900' }] });
    expect(ledger.refunds).toEqual([]);
    const seen = model.calls[1]!.messages.map((m) => String(m.content));
    expect(seen.some((c) => c.startsWith('Denied by ASCEND governance: Refund limit exceeded'))).toBe(true);
    expect(ascend.actions[0]!.request.riskIndicators).toMatchObject({ amount_threshold: 'exceeded' });
    await ascend.close();
  });
});

describe('data pipeline (seed: Data Pipeline Agent)', () => {
  it('governs each step through the middleware; a denied load stops the data from landing', async () => {
    const ascend = new MockAscendClient({ client: { logger: silentLogger } }).decide('data.load', 'denied', { reason: 'Warehouse frozen' });
    const store = { extracted: 0, loaded: [] as Array<{ destination: string; rows: number }> };
    const model = fakeModel()
      .respondWithTools([{ name: 'extract', args: { source: 'source_db', query: 'SELECT * FROM events' }, id: 'e1' }])
      .respondWithTools([{ name: 'transform', args: { transformations: ['normalize', 'deduplicate'] }, id: 't1' }])
      .respondWithTools([{ name: 'load', args: { destination: 'warehouse_db' }, id: 'l1' }])
      .respond(new AIMessage('The load was refused.'));
    await createPipelineAgent(ascend, model, 'pipe_1', store).invoke({ messages: [{ role: 'user', content: 'Run the nightly ETL' }] });
    expect(store.extracted).toBe(2);
    expect(store.loaded).toEqual([]);
    expect(ascend.actions.map((a) => [a.request.actionType, a.request.resource])).toEqual([
      ['data.extract', 'source_db'],
      ['data.transform', 'memory'],
      ['data.load', 'warehouse_db'],
    ]);
    for (const a of ascend.actions) expect(a.request.context).toMatchObject({ metadata: { pipeline_id: 'pipe_1' } });
    expect(ascend.executions.filter((e) => e.kind === 'completed')).toHaveLength(2);
    await ascend.close();
  });
});

describe('approval workflow (seed: Approval Workflow Handler)', () => {
  const request = 'Delete the 2022 audit logs';
  const deleteCall = { name: 'delete_records', args: { table: 'old_logs', where: "created_at < '2023-01-01'" }, id: 'd1' };

  it('pauses for the reviewer, resumes once ASCEND approved, and calls onApproved', async () => {
    const ascend = new MockAscendClient({ client: { logger: silentLogger } }).decide('database.delete', 'pending');
    const approved: string[] = [];
    const model = fakeModel().respondWithTools([deleteCall]).respond(new AIMessage('Deleted.'));
    const workflow = createApprovalWorkflow(ascend, model, { onApproved: (d) => void approved.push(d.actionId) });
    const [waiting] = await workflow.start('ticket-1', request);
    expect(waiting?.pending.actionId).toBeDefined();
    expect(workflow.executed).toEqual([]);
    ascend.approve(waiting!.pending.actionId);
    expect(await workflow.resume('ticket-1')).toBe('Deleted.');
    expect(workflow.executed).toEqual(['old_logs']);
    expect(approved).toEqual([waiting!.pending.actionId]);
    await ascend.close();
  });

  it('a reviewer’s rejection in ASCEND calls onDenied and nothing is deleted', async () => {
    const ascend = new MockAscendClient({ client: { logger: silentLogger } }).decide('database.delete', 'pending');
    const denied: string[] = [];
    const model = fakeModel().respondWithTools([deleteCall]).respond(new AIMessage('It was rejected.'));
    const workflow = createApprovalWorkflow(ascend, model, { onDenied: (block) => void denied.push(block.message) });
    const [waiting] = await workflow.start('ticket-2', request);
    ascend.reject(waiting!.pending.actionId, { reason: 'No change ticket' });
    await workflow.resume('ticket-2');
    expect(workflow.executed).toEqual([]);
    expect(denied).toEqual(['Rejected by a human reviewer in ASCEND: No change ticket']);
    await ascend.close();
  });
});
