/**
 * The approvals dashboard in a real browser: Debian's headless Chromium (playwright-core, fresh
 * profile) opens `/`, sees the approval that a client's `evaluateAction(..., { waitForApproval:
 * true })` is waiting on appear live, a reviewer approves it with a comment, and the waiting
 * client receives `allowed`. A webhook receiver built on `verifyWebhook` gets the signed
 * `action.approved` for that action. The kill switch is toggled from the page too.
 *
 * The governance panels: an MCP server registered and deactivated in the page makes the next
 * submit naming it fail with the 403 `mcp_governance` block; a tool blocked in the page likewise;
 * a hostile server name is shown as text.
 *
 * Writes test-artifacts/dashboard.png (pending approval in view), dashboard-decided.png and
 * dashboard-governance.png.
 * Without /usr/bin/chromium the file is skipped, unless CI is set: then it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AscendClient, isAscendError, nodeSigner, verifyWebhook, type WebhookEvent } from '@ascend/node';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './index.js';
import { adminClient } from './test-support/admin-client.js';

const CHROMIUM = process.env['ASCEND_CHROMIUM_PATH'] || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-artifacts');
const WEBHOOK_SECRET = 'whsec_dashboard_test_secret';
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

if (!available && !inCi) {
  console.warn(`dashboard.browser.test: skipped, ${CHROMIUM} not found (apt-get install -y chromium, or set ASCEND_CHROMIUM_PATH)`);
}

describe.skipIf(!available && !inCi)('approvals dashboard in headless Chromium', () => {
  let server: DevServer;
  let receiver: Server;
  let receiverUrl: string;
  const received: { event: WebhookEvent; eventIdHeader: string | undefined }[] = [];
  const rejected: string[] = [];
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let client: AscendClient;

  beforeAll(async () => {
    if (!available) throw new Error(`CI is set and ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    // The receiver a user would write: raw body, verifyWebhook, 401 on a bad signature.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        verifyWebhook({ body, headers: req.headers, secrets: WEBHOOK_SECRET, signer: nodeSigner }).then(
          (event) => {
            received.push({ event, eventIdHeader: req.headers['x-event-id'] as string | undefined });
            res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
          },
          (error: unknown) => {
            rejected.push((error as Error).message);
            res.writeHead(401).end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/ascend`;

    server = await startDevServer({ port: 0, logLevel: 'error', webhookRetry: { attempts: 3, initialDelayMs: 20, maxDelayMs: 100 } });
    client = new AscendClient({
      baseUrl: server.url,
      apiKey: server.apiKey,
      agentId: 'refund-bot',
      agentName: 'Refund Bot',
      environment: 'staging',
      env: {},
      approvals: { timeoutMs: 30_000, pollIntervalMs: 50 },
    });
    await client.register({ agentType: 'supervised', capabilities: ['refunds'], allowedResources: ['stripe_api'] });
    await client.configureWebhook({ url: receiverUrl, events: ['action.approved', 'action.pending'], secret: WEBHOOK_SECRET });
    // Some history, so the dashboard shows what a working session looks like.
    const allowed = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 40, currency: 'EUR' } });
    await client.logActionCompleted(allowed.actionId, { durationMs: 84, result: { refund_id: 're_123' } });
    await client.evaluateAction({ actionType: 'database.drop', resource: 'production_db', parameters: { table: 'customers' } });
    await client.evaluateAction({ actionType: 'database.query', resource: 'customer_db', parameters: { query: 'SELECT count(*) FROM orders' } });

    profile = await mkdtemp(join(tmpdir(), 'ascend-dashboard-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1440, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    await mkdir(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    await client?.close();
    await server?.close();
    await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
  });

  it('a waiting client gets allowed after the reviewer approves in the page, and the receiver gets the signed action.approved', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${server.url}/`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByTestId('no-pending').waitFor();

    const waiting = client.evaluateAction(
      {
        actionType: 'financial.refund',
        resource: 'stripe_api',
        resourceId: 'ch_3PqX',
        parameters: { amount: 1250, currency: 'EUR', customer: 'cus_981', reason: 'duplicate charge' },
      },
      { waitForApproval: true },
    );

    // It appears without a reload: pushed over server-sent events.
    const card = page.locator('article[data-testid^="pending-"]');
    await card.waitFor({ timeout: 10_000 });
    const actionId = await card.getAttribute('data-id');
    expect(actionId).toMatch(/^\d+$/);
    await expect(card.textContent()).resolves.toContain('financial.refund');

    await page.getByTestId('reviewer').fill('ciso@corp.example');
    await page.getByTestId(`comment-${actionId}`).fill('Customer verified by phone; duplicate charge confirmed.');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    await page.getByTestId(`approve-${actionId}`).click();
    const decision = await waiting;
    expect(decision.decision).toBe('allowed');
    expect(decision.actionId).toBe(actionId);
    expect(decision.approvedBy).toBe('ciso@corp.example');

    // The card leaves and the decision is listed, live.
    await page.getByTestId('no-pending').waitFor({ timeout: 10_000 });
    await page.getByTestId(`decision-${actionId}`).waitFor({ timeout: 10_000 });

    // The signed webhook for exactly this action reached a receiver that verifies signatures.
    await expect.poll(() => received.find((r) => r.event.type === 'action.approved'), { timeout: 10_000 }).toBeDefined();
    const approved = received.find((r) => r.event.type === 'action.approved')!;
    expect(approved.event.type === 'action.approved' && approved.event.data.actionId).toBe(actionId);
    expect(approved.eventIdHeader).toBe(approved.event.id);
    expect(rejected).toEqual([]);
    const approval = (await adminClient(server.url).get<{ action: { reviewed_by: string; comments: string } }>(`/_admin/actions/${actionId}`)).action;
    expect([approval.reviewed_by, approval.comments]).toEqual(['ciso@corp.example', 'Customer verified by phone; duplicate charge confirmed.']);

    await page.locator('tr[data-testid^="delivery-"]').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-decided.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 60_000);

  it('an agent acting without registering is counted and listed, live', async () => {
    await page.goto(`${server.url}/`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('unregistered-count').textContent()).resolves.toBe('0');
    const rogue = new AscendClient({ baseUrl: server.url, apiKey: server.apiKey, agentId: 'rogue-bot', env: {} });
    try {
      await rogue.evaluateAction({ actionType: 'database.query', resource: 'customer_db' });
    } finally {
      await rogue.close();
    }
    await expect.poll(() => page.getByTestId('unregistered-count').textContent(), { timeout: 10_000 }).toBe('1');
    await expect(page.getByTestId('unregistered-agent').textContent()).resolves.toContain('rogue-bot');
  }, 30_000);

  it('the kill switch is switched on with a reason and off again from the page', async () => {
    await page.goto(`${server.url}/`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByTestId('kill-switch-reason').fill('Incident INC-42: refunds paused');
    await page.getByTestId('kill-switch-toggle').click();
    await expect.poll(async () => (await client.getKillSwitchStatus()).active, { timeout: 5000 }).toBe(true);
    expect((await client.getKillSwitchStatus()).reason).toBe('Incident INC-42: refunds paused');
    await page.getByText('Kill switch ON').waitFor({ timeout: 5000 });
    const denied = await client.submitAction({ actionType: 'database.query', resource: 'customer_db' });
    expect(denied.decision).toBe('denied');

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await expect.poll(async () => (await client.getKillSwitchStatus()).active, { timeout: 5000 }).toBe(false);
    await page.getByText('Kill switch off').waitFor({ timeout: 5000 });
  }, 30_000);

  it('an MCP server deactivated in the page refuses the next submit naming it with the 403 block; a blocked tool too; a hostile name stays text', async () => {
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    await client.registerMcpServer({ serverName: hostile, description: '<b>not bold</b>' });

    await page.goto(`${server.url}/`);
    await page.getByText('Live', { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByTestId('reviewer').fill('ciso@corp.example');
    // Registered from the page, with a blocked tool.
    await page.getByTestId('mcp-new-name').fill('filesystem');
    await page.getByTestId('mcp-new-blocked').fill('format_disk');
    await page.getByTestId('mcp-register').click();
    await page.getByTestId('mcp-server-filesystem').waitFor({ timeout: 10_000 });
    const read = {
      actionType: 'mcp.filesystem.read_file',
      resource: 'workspace',
      parameters: { tool_name: 'read_file', path: 'README.md' },
      mcpServerName: 'filesystem',
    };
    expect((await client.evaluateAction(read)).decision).toBe('allowed');

    await page.getByTestId('mcp-reason-filesystem').fill('INC-77: suspected exfiltration');
    await page.getByTestId('mcp-deactivate-filesystem').click();
    await expect.poll(() => page.getByTestId('mcp-why-filesystem').textContent(), { timeout: 10_000 }).toContain('INC-77: suspected exfiltration');
    const refused: unknown = await client.evaluateAction(read).then(
      () => 'allowed',
      (e: unknown) => e,
    );
    expect(isAscendError(refused, 'AUTHZ_DENIED')).toBe(true);
    if (!isAscendError(refused, 'AUTHZ_DENIED')) return;
    expect(refused.policyViolations).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
    expect(refused.mcpGovernance).toMatchObject({ server_name: 'filesystem', active: false, enforcement: 'MCP_SERVER_DEACTIVATED_DENY' });
    await expect.poll(() => page.getByTestId('refusal').first().textContent(), { timeout: 10_000 }).toContain('MCP_SERVER_DEACTIVATED_DENY');

    // Activated again, then a tool blocked from the page.
    await page.getByTestId('mcp-activate-filesystem').click();
    await page.getByTestId('mcp-deactivate-filesystem').waitFor({ timeout: 10_000 });
    expect((await client.evaluateAction(read)).decision).toBe('allowed');
    await page.getByTestId('mcp-tool-filesystem').fill('read_file');
    await page.getByTestId('mcp-block-filesystem').click();
    await page.getByTestId('mcp-unblock-filesystem-read_file').waitFor({ timeout: 10_000 });
    const blocked: unknown = await client.evaluateAction(read).catch((e: unknown) => e);
    expect(isAscendError(blocked, 'AUTHZ_DENIED') && blocked.mcpGovernance?.['enforcement']).toBe('MCP_TOOL_BLOCKED_DENY');

    // The hostile name is in the page as text: no element made from it, no script run.
    const row = page.getByTestId(`mcp-server-${hostile}`);
    await expect(row.locator('.name').textContent()).resolves.toBe(hostile);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-governance.png'), fullPage: true });
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 60_000);
});
