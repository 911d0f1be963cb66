/**
 * The three seed examples, run offline against the embedded dev server (real HTTP, the default
 * policy) with a reviewer who answers in the dashboard's place.
 */
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { AscendClient, silentLogger } from '@ascend/node';
import { setTracingDisabled } from '@openai/agents';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ApprovalWorkflow } from '../src/approval-workflow.js';
import { customerServiceAgent, handleRequest, type CustomerServiceLog } from '../src/customer-service.js';
import { dataPipelineAgent, type PipelineLog } from '../src/data-pipeline.js';
import { PlannedModel } from '../src/scripted-model.js';

setTracingDisabled(true);
let server: DevServer;
let client: AscendClient;
let stopReviewer: (() => void) | undefined;

beforeAll(async () => {
  server = await startDevServer({ port: 0, host: '127.0.0.1', logLevel: 'error' });
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  stopReviewer?.();
  stopReviewer = undefined;
  await client?.close();
});

function connect(agentId: string): AscendClient {
  client = new AscendClient({ baseUrl: server.url, apiKey: server.apiKey, agentId, logger: silentLogger });
  return client;
}

/** Answers approvals as a reviewer would: `decide(actionType, details)` says approve or reject. */
function reviewer(decide: (actionType: string, details: Record<string, unknown>) => 'approve' | 'reject'): void {
  stopReviewer = server.fake.on('approval.pending', (approval) => {
    setTimeout(() => {
      const action = server.fake.getAction(approval.actionId);
      if (!action) return;
      if (decide(action.actionType, action.actionDetails) === 'approve') server.fake.approve(approval.actionId, { by: 'lead@corp.example', comment: 'ok' });
      else server.fake.reject(approval.actionId, { by: 'lead@corp.example', reason: 'over the limit for this customer' });
    }, 200);
  });
}

describe('customer-service agent (seed: CustomerServiceAgent)', () => {
  it('a small refund runs at once; a larger one waits for the reviewer; one the reviewer rejects never runs', async () => {
    connect('customer-service-agent');
    reviewer((_type, details) => (Number(details['amount']) > 500 ? 'reject' : 'approve'));
    const log: CustomerServiceLog = { refunds: [], lookups: [] };
    const refund = (amount: number, orderId: string) => ({ name: 'process_refund', args: { customerId: 'cust_123', orderId, amount, reason: 'damaged' } });

    const small = await handleRequest(
      customerServiceAgent(client, new PlannedModel([[{ name: 'lookup_customer', args: { customerId: 'cust_123' } }], [refund(50, 'ord_1')]]), log),
      'Refund order 1',
    );
    expect(small.interruptions).toBe(0);
    const medium = await handleRequest(customerServiceAgent(client, new PlannedModel([[refund(250, 'ord_2')]]), log), 'Refund order 2');
    expect(medium.interruptions).toBe(1);
    expect(medium.output).toContain('Refunded 250.00 on ord_2');
    const large = await handleRequest(customerServiceAgent(client, new PlannedModel([[refund(900, 'ord_3')]]), log), 'Refund order 3');
    expect(large.output).toContain('Rejected by a human reviewer in ASCEND');

    expect(log.lookups).toEqual(['cust_123']);
    expect(log.refunds).toEqual([
      { orderId: 'ord_1', amount: 50 },
      { orderId: 'ord_2', amount: 250 },
    ]);
  }, 60_000);
});

describe('data-pipeline agent (seed: DataPipelineAgent)', () => {
  it('extract and transform run; the load waits for a human and runs once approved', async () => {
    connect('data-pipeline-agent');
    reviewer(() => 'approve');
    const log: PipelineLog = { steps: [] };
    const model = new PlannedModel([
      [{ name: 'extract', args: { source: 'orders_db', query: 'SELECT * FROM orders WHERE day = today()' } }],
      [{ name: 'transform', args: { transformations: ['dedupe', 'mask_emails'] } }],
      [{ name: 'load', args: { destination: 'analytics_warehouse', rows: 1180 } }],
    ]);
    const { output, interruptions } = await handleRequest(dataPipelineAgent(client, model, log, 'pipe-42'), 'Run the nightly ETL');
    expect(interruptions).toBe(1);
    expect(log.steps).toEqual(['extract:orders_db', 'transform:dedupe+mask_emails', 'load:analytics_warehouse']);
    expect(output).toContain('loaded 1180 rows into analytics_warehouse');
  }, 60_000);

  it('a rejected load never writes', async () => {
    connect('data-pipeline-agent');
    reviewer((type) => (type === 'database.write' ? 'reject' : 'approve'));
    const log: PipelineLog = { steps: [] };
    const model = new PlannedModel([[{ name: 'load', args: { destination: 'analytics_warehouse', rows: 10 } }]]);
    const { output } = await handleRequest(dataPipelineAgent(client, model, log, 'pipe-43'), 'Load');
    expect(log.steps).toEqual([]);
    expect(output).toContain('Rejected by a human reviewer in ASCEND');
  }, 60_000);
});

describe('approval workflow (seed: ApprovalWorkflow)', () => {
  it('returns at once, then calls onApproved after the reviewer approves, or onDenied after a rejection', async () => {
    connect('approval-workflow-agent');
    reviewer((_type, details) => (details['destination'] === 'analytics_warehouse' ? 'approve' : 'reject'));
    const workflow = new ApprovalWorkflow(client, 30_000);
    const events: string[] = [];
    const handlers = {
      onApproved: (output: string) => void events.push(`approved: ${output}`),
      onDenied: (actionId: string, reason: string) => void events.push(`denied ${actionId}: ${reason}`),
      onTimeout: (actionId: string) => void events.push(`timeout ${actionId}`),
    };
    const log: PipelineLog = { steps: [] };
    const approved = await workflow.submit(
      dataPipelineAgent(client, new PlannedModel([[{ name: 'load', args: { destination: 'analytics_warehouse', rows: 5 } }]]), log, 'p1'),
      'load',
      handlers,
    );
    const rejected = await workflow.submit(
      dataPipelineAgent(client, new PlannedModel([[{ name: 'load', args: { destination: 'finance_ledger', rows: 5 } }]]), log, 'p2'),
      'load',
      handlers,
    );
    expect(approved.completed || rejected.completed).toBe(false);
    expect(workflow.saved.size).toBe(2);
    if (!approved.completed && !rejected.completed) await Promise.all([approved.settled, rejected.settled]);
    expect(events.sort()).toEqual(['approved: load: loaded 5 rows into analytics_warehouse', expect.stringMatching(/^denied \d+: over the limit/)]);
    expect(log.steps).toEqual(['load:analytics_warehouse']);
    expect(workflow.saved.size).toBe(0);
  }, 60_000);
});
