/**
 * workerd entry: a worker module. `GET /run?origin=<origin>&run=<runId>` runs the checks with
 * `@ascend/browser` against the server and answers with the report as text.
 */
import * as webPackage from '@ascend/browser';
import { runConformance } from './conformance.js';
import { formatReport } from './protocol.js';

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const origin = url.searchParams.get('origin');
    if (url.pathname !== '/run' || !origin) return new Response('usage: GET /run?origin=<server origin>&run=<id>\n', { status: 404 });
    const report = await runConformance(
      { origin, runId: url.searchParams.get('run') ?? 'workerd' },
      {
        packageName: '@ascend/browser',
        runtime: `workerd (${navigator.userAgent})`,
        createClient: (o) => new webPackage.AscendClient(o),
        signer: webPackage.webCryptoSigner,
        exports: webPackage,
      },
    );
    return new Response(formatReport(report) + '\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  },
};
