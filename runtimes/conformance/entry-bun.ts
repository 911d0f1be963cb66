/**
 * Bun entry: runs the checks with `@ascend/browser`. Usage: `bun bun.mjs <origin> <runId>`.
 */
import * as webPackage from '@ascend/browser';
import { runConformance } from './conformance.js';
import { formatReport } from './protocol.js';

declare const Bun: { version: string };

const [origin = '', runId = 'bun'] = process.argv.slice(2);
const report = await runConformance(
  { origin, runId },
  {
    packageName: '@ascend/browser',
    runtime: `bun ${Bun.version}`,
    createClient: (o) => new webPackage.AscendClient(o),
    signer: webPackage.webCryptoSigner,
    exports: webPackage,
  },
);
console.log(formatReport(report));
process.exitCode = report.checks.every((c) => c.ok) ? 0 : 1;
