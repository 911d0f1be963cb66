/**
 * Chromium entry: a page script. Loaded from the conformance server's own origin as
 * `/static/chromium.html?run=<runId>`; runs the checks with `@ascend/browser` and leaves the
 * report text in `window.__ascendReport` (and in the page body).
 */
import * as webPackage from '@ascend/browser';
import { runConformance } from './conformance.js';
import { formatReport } from './protocol.js';

const browser = /(?:Headless)?Chrome\/[\d.]+/.exec(navigator.userAgent)?.[0] ?? navigator.userAgent;
const report = await runConformance(
  { origin: location.origin, runId: new URLSearchParams(location.search).get('run') ?? 'chromium' },
  {
    packageName: '@ascend/browser',
    runtime: `chromium ${browser}`,
    createClient: (o) => new webPackage.AscendClient(o),
    signer: webPackage.webCryptoSigner,
    exports: webPackage,
  },
);
const text = formatReport(report);
document.body.textContent = text;
(globalThis as { __ascendReport?: string }).__ascendReport = text;
