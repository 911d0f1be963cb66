/**
 * Deno entry: runs the checks with `@ascend/browser`.
 * Usage: `deno run --allow-net=127.0.0.1 deno.mjs <origin> <runId>`.
 */
import * as webPackage from '@ascend/browser';
import { runConformance } from './conformance.js';
import { formatReport } from './protocol.js';

declare const Deno: { args: string[]; version: { deno: string }; exitCode: number };

const [origin = '', runId = 'deno'] = Deno.args;
const report = await runConformance(
  { origin, runId },
  {
    packageName: '@ascend/browser',
    runtime: `deno ${Deno.version.deno}`,
    createClient: (o) => new webPackage.AscendClient(o),
    signer: webPackage.webCryptoSigner,
    exports: webPackage,
  },
);
console.log(formatReport(report));
Deno.exitCode = report.checks.every((c) => c.ok) ? 0 : 1;
