/**
 * `@ascend/browser` in a real page against the real `ascend-dev` CLI: Debian's headless Chromium
 * (playwright-core, fresh profile) opens a page served from another 127.0.0.1 port, so every call
 * to the dev server is cross-origin and goes through the browser's CORS checks (a preflight for
 * the API key header).
 *
 * - Started with `--cors-origin <page origin>`, the page's client gets `allowed` for an action
 *   the default policy allows, and the dev server recorded it.
 * - Started without it, the browser blocks the call and the page's error names CORS and the
 *   `--cors-origin` flag with the page's origin.
 *
 * The page's script is `@ascend/browser` bundled with esbuild for the browser, from the package's
 * current sources. Without /usr/bin/chromium the file is skipped, unless CI is set: then it fails.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from './test-support/admin-client.js';
import { startCli, type CliProcess } from './test-support/cli-process.js';

const CHROMIUM = process.env['ASCEND_CHROMIUM_PATH'] || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const BROWSER_PACKAGE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'browser');
const available = existsSync(CHROMIUM);
const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1';

if (!available && !inCi) {
  console.warn(`browser-client.browser.test: skipped, ${CHROMIUM} not found (apt-get install -y chromium, or set ASCEND_CHROMIUM_PATH)`);
}

/** What the page's script does: one governed call, its outcome left in `window.__ascend`. */
const PAGE_SCRIPT = `
import { AscendClient } from '@ascend/browser';
const api = new URL(location.href).searchParams.get('api');
const client = new AscendClient({
  baseUrl: api,
  apiKey: 'ascend_dev_local_key',
  agentId: 'page-bot',
  agentName: 'Page Bot',
  env: {},
  retry: { maxRetries: 0 },
  logger: { log() {} },
});
try {
  const d = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 25, currency: 'EUR' } });
  window.__ascend = { decision: d.decision, actionId: d.actionId };
} catch (error) {
  window.__ascend = { error: String(error && error.message), name: String(error && error.name) };
} finally {
  await client.close();
}
`;

const PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>ASCEND in a page</title></head>
<body>governed call…<script type="module" src="/app.mjs"></script></body></html>
`;

type Outcome = { decision?: string; actionId?: string; error?: string; name?: string };

describe.skipIf(!available && !inCi)('@ascend/browser in headless Chromium against ascend-dev', () => {
  let pageServer: Server;
  let pageOrigin: string;
  let context: BrowserContext;
  let profile: string;
  const clis: CliProcess[] = [];

  beforeAll(async () => {
    if (!available) throw new Error(`CI is set and ${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
    const bundled = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: BROWSER_PACKAGE, sourcefile: 'page.mjs', loader: 'js' },
      alias: { '@ascend/browser': join(BROWSER_PACKAGE, 'src', 'index.ts') },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'error',
    });
    const script = bundled.outputFiles[0]!.text;
    // The page's own origin: another port than the dev server's.
    pageServer = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/app.mjs') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
      else if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE_HTML);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    profile = await mkdtemp(join(tmpdir(), 'ascend-page-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    for (const cli of clis) {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
    await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
  });

  async function runPage(api: string): Promise<{ outcome: Outcome; log: string[] }> {
    const page = await context.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
    try {
      await page.goto(`${pageOrigin}/?api=${encodeURIComponent(api)}`);
      const handle = await page.waitForFunction(() => (globalThis as { __ascend?: unknown }).__ascend, undefined, { timeout: 30_000 });
      return { outcome: (await handle.jsonValue()) as Outcome, log };
    } finally {
      await page.close();
    }
  }

  it('gets allowed from ascend-dev started with --cors-origin <page origin>', async () => {
    const cli = await startCli(['--port', '0', '--log-level', 'warn', '--cors-origin', pageOrigin]);
    clis.push(cli);
    expect(cli.stderr()).toContain(`  CORS       ${pageOrigin}`);
    expect(new URL(cli.url).origin).not.toBe(pageOrigin);

    const { outcome, log } = await runPage(cli.url);
    expect(outcome, log.join('\n')).toMatchObject({ decision: 'allowed' });
    expect(outcome.actionId).toMatch(/^\d+$/);
    // The dev server holds the action the page submitted.
    const action = (
      await adminClient(cli.url).get<{ action: { agent_id: string; decision: string; action_type: string } }>(`/_admin/actions/${outcome.actionId}`)
    ).action;
    expect(action).toMatchObject({ agent_id: 'page-bot', decision: 'allowed', action_type: 'financial.refund' });
  }, 60_000);

  it('without --cors-origin the browser blocks the call and the error names CORS and the flag', async () => {
    const cli = await startCli(['--port', '0', '--log-level', 'warn']);
    clis.push(cli);
    const { outcome, log } = await runPage(cli.url);
    expect(outcome.decision, log.join('\n')).toBeUndefined();
    expect(outcome.error).toContain('may have been blocked by CORS');
    expect(outcome.error).toContain(`--cors-origin ${pageOrigin}`);
    expect(outcome.error).toContain(`called ${new URL(cli.url).origin}`);
    // Chromium's own reason, as the page's console reports it.
    expect(log.some((line) => /CORS policy/.test(line))).toBe(true);
  }, 60_000);
});
