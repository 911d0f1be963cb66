/**
 * Chromium runner: Debian's headless Chromium driven by playwright-core, with a fresh profile.
 * The page and its bundle are served by the conformance server itself, so the page's requests
 * to the API are same-origin (no CORS) and `http://127.0.0.1` is a secure context (WebCrypto).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwrightChromium } from 'playwright-core';
import { parseReports } from '../conformance/protocol.js';
import { probeBinary, RUN_TIMEOUT_MS, type RunOutcome, type RuntimeRunner } from '../harness/runner.js';

/** Where Chromium is: `ASCEND_CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env['ASCEND_CHROMIUM_PATH'] || '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>ASCEND conformance</title></head>
<body>running…<script type="module" src="/static/chromium.mjs"></script></body></html>
`;

/** Headless Chromium. */
export const chromium: RuntimeRunner = {
  id: 'chromium',
  expectedReports: 1,
  probe: async () => {
    if (!existsSync(CHROMIUM_PATH)) return { skip: `${CHROMIUM_PATH} not found (apt-get install -y chromium, or set ASCEND_CHROMIUM_PATH)` };
    return probeBinary(CHROMIUM_PATH, ['--version', '--no-sandbox']);
  },
  async run(ctx): Promise<RunOutcome> {
    ctx.serveStatic('chromium.html', 'text/html; charset=utf-8', PAGE);
    ctx.serveStatic('chromium.mjs', 'text/javascript; charset=utf-8', await readFile(ctx.bundles.files.chromium, 'utf8'));
    const profile = await mkdtemp(join(tmpdir(), 'ascend-chromium-'));
    const log: string[] = [];
    const problems: string[] = [];
    let text = '';
    const context = await playwrightChromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      timeout: 60_000,
    });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      page.on('console', (m) => log.push(`[console.${m.type()}] ${m.text()}`));
      page.on('pageerror', (e) => log.push(`[pageerror] ${e.message}`));
      await page.goto(`${ctx.origin}/static/chromium.html?run=${encodeURIComponent(ctx.runId)}`);
      const handle = await page.waitForFunction(() => (globalThis as { __ascendReport?: string }).__ascendReport, undefined, { timeout: RUN_TIMEOUT_MS });
      text = String(await handle.jsonValue());
    } catch (error) {
      problems.push(error instanceof Error ? error.message.split('\n')[0]! : String(error));
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
    return { reports: parseReports(text), problems, output: `${text}\n[page log]\n${log.join('\n')}` };
  },
};
