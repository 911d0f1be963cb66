/**
 * The end-to-end demo: the seed's scenarios in TypeScript, against the embedded dev server.
 * Every package takes part: core (through the node adapter), testing (the fake inside the dev
 * server), mcp (governed tools) and dev-server (real HTTP, dashboard, signed webhooks).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { startDevServer } from '@ascend/dev-server';
import { governedServer } from '@ascend/mcp';
import { AscendClient, createNodeWebhookHandler, isAscendError, silentLogger, type Logger, type NodeClientOptions, type WebhookEvent } from '@ascend/node';
import { CustomerServiceAgent } from './agents/customer-service.js';
import { DataPipelineAgent } from './agents/data-pipeline.js';
import { runAiSdkScenario } from './frameworks/ai-sdk.js';
import type { Reporter } from './reporter.js';
import { openAIAgentsScenario } from './frameworks/openai-agents.js';
import { startReviewer } from './reviewer.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  reporter: Reporter;
  /** Port of the dev server; 0 picks a free one. */
  port?: number;
  /** Keep the dev server running after the scenarios (for a look at the dashboard). */
  keepOpen?: boolean;
}

/** What the demo observed, for its test. */
export interface DemoReport {
  dashboardUrl: string;
  outcomes: Record<string, string>;
  webhookEvents: string[];
  auditEvents: number;
  reviews: number;
}

const SIGNING_SECRET = 'demo-signing-secret-0d1f7c';
const WEBHOOK_SECRET = 'whsec_demo_receiver_5b2e9a';

export async function runDemo(options: DemoOptions): Promise<DemoReport & { close(): Promise<void> }> {
  const r = options.reporter;
  const outcomes: Record<string, string> = {};
  const closers: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  try {
    // ── The service ────────────────────────────────────────────────────────────────────────
    r.section('ASCEND dev server (embedded)');
    const server = await startDevServer({ port: options.port ?? 0, signingSecret: SIGNING_SECRET, logLevel: 'error' });
    closers.push(() => server.close());
    r.ok(`listening on ${server.url}, dashboard at ${server.url}/`);
    r.note(`API key: ${server.apiKey} (the documented local default); request signing on`);
    const reviewer = startReviewer(server.fake, { delayMs: 300 });
    closers.push(() => reviewer.stop());

    const logger: Logger = {
      log: (record) => {
        if (record.level === 'warn' || record.level === 'error') r.note(`[sdk ${record.level}] ${record.message}`);
      },
    };
    const clientOptions = (agentId: string, agentName: string, extra: Partial<NodeClientOptions> = {}): NodeClientOptions => ({
      apiKey: server.apiKey,
      baseUrl: server.url,
      agentId,
      agentName,
      environment: 'production',
      signingSecret: SIGNING_SECRET,
      logger,
      ...extra,
    });
    const client = (agentId: string, agentName: string, extra: Partial<NodeClientOptions> = {}) => {
      const c = new AscendClient(clientOptions(agentId, agentName, extra));
      closers.push(() => c.close());
      return c;
    };

    // ── Webhooks ───────────────────────────────────────────────────────────────────────────
    r.section('Webhook receiver (signed deliveries)');
    const webhookEvents: string[] = [];
    const receiver: Server = createServer(
      createNodeWebhookHandler({
        secrets: WEBHOOK_SECRET,
        onEvent: (event: WebhookEvent) => {
          webhookEvents.push(event.type);
        },
      }),
    );
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/ascend`;
    const ops = client('ops-console', 'Ops Console');
    const hook = await ops.configureWebhook({
      url: receiverUrl,
      events: ['action.approved', 'action.denied', 'action.pending', 'policy.violation'],
      secret: WEBHOOK_SECRET,
    });
    r.ok(`webhook ${hook.webhookId} → ${receiverUrl} (X-Signature v1, verified with verifyWebhook)`);

    // ── Customer service ───────────────────────────────────────────────────────────────────
    r.section('Customer service agent (seed: refunds with thresholds)');
    const support = new CustomerServiceAgent(client('customer-service-agent', 'Customer Service Bot'));
    await support.start();
    r.ok('registered customer-service-agent');
    for (const [label, amount] of [
      ['small refund', 75],
      ['large refund', 250],
      ['very large refund', 900],
    ] as const) {
      r.step(`${label}: USD ${amount}`);
      const result = await support.processRefund({ customerId: 'cust_123', orderId: `ord_${amount}`, amount, currency: 'USD', reason: 'Product defect' });
      outcomes[label] = result.status;
      if (result.status === 'completed') {
        r.ok(`refund ${result.refundId} completed${result.approvedBy ? ` after approval by ${result.approvedBy}` : ''}`);
      } else r.blocked(`refund ${result.status}: ${result.reason}`);
    }
    const lookup = await support.lookupCustomer('cust_123');
    outcomes['customer lookup'] = lookup.allowed ? 'allowed' : 'denied';
    r.ok(`customer lookup (PII) ${lookup.allowed ? 'allowed' : `denied: ${lookup.reason}`}`);

    // ── Data pipeline ──────────────────────────────────────────────────────────────────────
    r.section('Data pipeline agent (seed: governed ETL, one orchestration session)');
    const pipeline = new DataPipelineAgent(client('data-pipeline-agent', 'ETL Pipeline Bot'));
    const steps = await pipeline.run('source_db', 'warehouse_db', "SELECT * FROM events WHERE date > '2024-01-01'", ['normalize', 'deduplicate']);
    for (const s of steps) r.ok(`${s.step}: ${s.decision} (action ${s.actionId}, ${s.rows} rows)`);
    outcomes['pipeline'] = steps.every((s) => s.decision === 'allowed') ? 'completed' : 'stopped';

    // ── Approvals ──────────────────────────────────────────────────────────────────────────
    r.section('Approval workflow (seed: human in the loop)');
    const admin = client('approval-agent', 'Approval Handler');
    const del = await admin.evaluateAction(
      { actionType: 'database.delete', resource: 'production_db', parameters: { table: 'old_logs', where: "created_at < '2023-01-01'" } },
      { waitForApproval: true, approvalTimeoutMs: 30_000, pollIntervalMs: 100 },
    );
    outcomes['production delete'] = del.decision;
    r.blocked(`database.delete on production_db: ${del.decision} — ${del.reason ?? ''}`);

    r.step('a pending decision survives a restart: submit, serialize the handle, resume in a new client');
    const first = await admin.evaluateAction({
      actionType: 'financial.transfer',
      resource: 'payment_gateway',
      parameters: { amount: 50_000, currency: 'USD' },
    });
    if (first.decision === 'pending') {
      const saved = JSON.stringify({ actionId: first.actionId, approvalRequestId: first.approvalRequestId, expiresAt: first.expiresAt });
      r.note(`saved handle ${saved}`);
      await admin.close();
      const resumed = client('approval-agent', 'Approval Handler (restarted)');
      const final = await resumed.waitForDecision(JSON.parse(saved), { timeoutMs: 30_000, pollIntervalMs: 100 });
      outcomes['resumed approval'] = final.decision;
      r.ok(`resumed wait ended: ${final.decision}${final.approvedBy ? ` by ${final.approvedBy}` : ''}`);
    } else {
      outcomes['resumed approval'] = first.decision;
    }

    r.step('forbidden action');
    const drop = await ops.evaluateAction({ actionType: 'database.drop', resource: 'production_db', parameters: { table: 'users' } });
    outcomes['forbidden'] = drop.decision;
    r.blocked(`database.drop: ${drop.decision} (violations ${drop.policyViolations.join(', ') || 'none'}, risk ${drop.riskScore})`);

    // ── Bulk ───────────────────────────────────────────────────────────────────────────────
    r.section('Bulk evaluation (seed: async batch)');
    const batch = await ops.evaluateActions(
      [
        { actionType: 'database.query', resource: 'db1', parameters: { query: 'Q1' } },
        { actionType: 'file.read', resource: '/logs', parameters: { path: '/app.log' } },
        { actionType: 'system.shutdown', resource: 'api', parameters: {} },
        { actionType: '', resource: 'api' },
      ],
      { concurrency: 3 },
    );
    for (const item of batch.results) {
      r.note(`#${item.index} ${item.request.actionType || '(empty)'}: ${item.ok ? item.decision.decision : `error ${item.error.code}`}`);
    }
    outcomes['bulk'] = `${batch.succeeded}/${batch.total}`;
    r.ok(`${batch.succeeded} decided, ${batch.failed} rejected before sending, results in input order`);

    // ── MCP ────────────────────────────────────────────────────────────────────────────────
    r.section('MCP server with governed tools');
    const mcpAscend = client('db-mcp-server', 'Database MCP server');
    const mcp = new McpServer({ name: 'db-server', version: '1.0.0' });
    const tools = governedServer(mcp, mcpAscend, { serverName: 'db-server', approvalTimeoutMs: 30_000, approvalPollIntervalMs: 100, logger: silentLogger });
    const executed: string[] = [];
    tools.tool(
      'query_database',
      {
        description: 'Run a read-only SQL query',
        inputSchema: { sql: z.string(), password: z.string().optional() },
        governance: { actionType: 'database.query', resource: 'production_db' },
      },
      async ({ sql }) => {
        executed.push('query_database');
        return { content: [{ type: 'text', text: `2 rows for ${sql}` }] };
      },
    );
    tools.highRiskTool(
      'delete_records',
      {
        description: 'Delete records (a human approves)',
        inputSchema: { table: z.string() },
        governance: { actionType: 'records.purge', resource: 'production_db' },
      },
      async ({ table }) => {
        executed.push('delete_records');
        return { content: [{ type: 'text', text: `purged ${table}` }] };
      },
    );
    tools.tool(
      'drop_table',
      { description: 'Drop a table', inputSchema: { table: z.string() }, governance: { actionType: 'database.drop', resource: 'production_db' } },
      async () => {
        executed.push('drop_table');
        return { content: [{ type: 'text', text: 'dropped' }] };
      },
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await mcp.connect(serverSide);
    const mcpClient = new Client({ name: 'demo-model', version: '1.0.0' });
    await mcpClient.connect(clientSide);
    closers.push(() => mcpClient.close());
    for (const [name, args] of [
      ['query_database', { sql: 'SELECT 1', password: 'hunter2' }],
      ['delete_records', { table: 'sessions' }],
      ['drop_table', { table: 'users' }],
    ] as const) {
      const res = await mcpClient.callTool({ name, arguments: { ...args } });
      const text = Array.isArray(res.content) && res.content[0] && 'text' in res.content[0] ? String(res.content[0].text) : '';
      outcomes[`mcp ${name}`] = res.isError ? 'blocked' : 'ran';
      (res.isError ? r.blocked : r.ok)(`${name}: ${text}`);
    }
    const sent = server.fake.requestsFor('submitAction').map((q) => q.body ?? '');
    r.note(`tool arguments reach ASCEND redacted: password ${sent.some((b) => b.includes('hunter2')) ? 'LEAKED' : 'never sent'}`);
    outcomes['mcp redaction'] = sent.some((b) => b.includes('hunter2')) ? 'leaked' : 'redacted';

    // ── Vercel AI SDK ──────────────────────────────────────────────────────────────────────
    r.section('Vercel AI SDK chat with governed tools (tool approvals in the chat)');
    Object.assign(outcomes, await runAiSdkScenario(server, SIGNING_SECRET, r));

    // ── OpenAI Agents SDK ──────────────────────────────────────────────────────────────────
    r.section('OpenAI Agents SDK: governed function tools, approval interruptions, a restored run');
    await openAIAgentsScenario(r, client('openai-agents-billing', 'OpenAI Agents billing agent'), outcomes);

    // ── Kill switch ────────────────────────────────────────────────────────────────────────
    r.section('Kill switch');
    const guarded = client('customer-service-agent', 'Customer Service Bot', { killSwitch: { poll: true, intervalMs: 100 } });
    server.fake.setKillSwitch(true, { reason: 'Incident INC-42', by: 'ciso@corp.example' });
    await waitFor(() => guarded.status().killSwitch.active, 5_000);
    const before = server.fake.requestsFor('submitAction').length;
    try {
      await guarded.evaluateAction({ actionType: 'customer.lookup', resource: 'customer_db' });
      outcomes['kill switch'] = 'not blocked';
    } catch (error) {
      outcomes['kill switch'] = isAscendError(error, 'KILL_SWITCH_ACTIVE') ? 'blocked' : `error ${String(error)}`;
      r.blocked(`${isAscendError(error) ? error.message : String(error)}; requests sent: ${server.fake.requestsFor('submitAction').length - before}`);
    }
    server.fake.setKillSwitch(false, { by: 'ciso@corp.example' });
    await waitFor(() => !guarded.status().killSwitch.active, 5_000);
    r.ok('kill switch released; actions flow again');

    // ── Resilience ─────────────────────────────────────────────────────────────────────────
    r.section('When ASCEND is down (seed: error handling)');
    const deadUrl = await closedPortUrl();
    const closedClient = client('resilient-agent', 'Resilient Agent', { baseUrl: deadUrl, retry: { maxRetries: 1, baseDelayMs: 10 }, logger: silentLogger });
    try {
      await closedClient.evaluateAction({ actionType: 'database.query', resource: 'production_db' });
      outcomes['fail-closed'] = 'allowed';
    } catch (error) {
      outcomes['fail-closed'] = isAscendError(error) ? error.code : 'error';
      r.blocked(`fail-closed: ${isAscendError(error) ? `${error.code}: ${error.message}` : String(error)}`);
    }
    const openClient = client('resilient-agent', 'Resilient Agent', { baseUrl: deadUrl, failMode: 'open', retry: { maxRetries: 1, baseDelayMs: 10 } });
    const open = await openClient.evaluateAction({ actionType: 'database.query', resource: 'production_db' });
    outcomes['fail-open'] = open.decision === 'allowed' && open.failOpen ? 'allowed (fail-open)' : open.decision;
    r.ok(`fail-open: ${open.decision}, marked failOpen (cause ${open.failOpen?.cause.code})`);

    r.step('completion reports survive an outage: spooled, then replayed with their idempotency key');
    const reporter = client('data-pipeline-agent', 'ETL Pipeline Bot', { reportSpool: { replayIntervalMs: 100 }, retry: { maxRetries: 0 } });
    const ok = await reporter.evaluateAction({ actionType: 'data.load', resource: 'warehouse_db' });
    const fault = server.fake.faults.inject({ kind: 'outage' }, { operation: 'logActionCompleted' });
    const receipt = await reporter.logActionCompleted(ok.actionId, { result: { rows: 0 }, durationMs: 0 });
    r.note(`report while down: delivered=${receipt.delivered} spooled=${receipt.spooled} (spool size ${reporter.status().spoolSize})`);
    fault.clear();
    await reporter.flushReports();
    outcomes['spooled report'] =
      reporter.status().spoolSize === 0 && server.fake.getAction(Number(ok.actionId))?.execution?.state === 'completed' ? 'delivered' : 'lost';
    r.ok(
      `service back: spool size ${reporter.status().spoolSize}, action ${ok.actionId} is ${server.fake.getAction(Number(ok.actionId))?.execution?.state ?? 'not reported'}`,
    );

    // ── Audit ──────────────────────────────────────────────────────────────────────────────
    r.section('Audit trail and webhooks');
    const audit = await ops.getAuditLogs({ limit: 500 });
    r.ok(`${audit.total} audit events recorded by the service`);
    await waitFor(() => webhookEvents.length > 0, 5_000).catch(() => {});
    const counts = webhookEvents.reduce<Record<string, number>>((acc, t) => ({ ...acc, [t]: (acc[t] ?? 0) + 1 }), {});
    r.ok(
      `${webhookEvents.length} signed webhook deliveries verified: ${
        Object.entries(counts)
          .map(([k, v]) => `${k}×${v}`)
          .join(', ') || 'none'
      }`,
    );
    r.ok(`${reviewer.decisions.length} decisions by the (simulated) reviewer`);

    const report: DemoReport = {
      dashboardUrl: `${server.url}/`,
      outcomes,
      webhookEvents: [...webhookEvents],
      auditEvents: audit.total,
      reviews: reviewer.decisions.length,
    };
    if (!options.keepOpen) await close();
    return { ...report, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
