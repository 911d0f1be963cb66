/**
 * Node entry (Node 20 and Node 24): runs the checks with `@ascend/node` and with
 * `@ascend/browser`. Usage: `node node.mjs <origin> <runId>`.
 */
import * as nodePackage from '@ascend/node';
import * as webPackage from '@ascend/browser';
import { runConformance, type ConformanceTarget } from './conformance.js';
import { formatReport } from './protocol.js';

const [origin = '', runId = 'node'] = process.argv.slice(2);
const runtime = `node ${process.versions.node}`;
const targets: ConformanceTarget[] = [
  { packageName: '@ascend/node', runtime, createClient: (o) => new nodePackage.AscendClient(o), signer: nodePackage.nodeSigner, exports: nodePackage },
  { packageName: '@ascend/browser', runtime, createClient: (o) => new webPackage.AscendClient(o), signer: webPackage.webCryptoSigner, exports: webPackage },
];
let failed = 0;
for (const target of targets) {
  const report = await runConformance({ origin, runId: `${runId}-${target.packageName.slice(8)}` }, target);
  failed += report.checks.filter((c) => !c.ok).length;
  console.log(formatReport(report));
}
// No process.exit(): the process must end by itself once the clients are closed.
process.exitCode = failed === 0 ? 0 : 1;
