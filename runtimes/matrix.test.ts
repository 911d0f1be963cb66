/**
 * The runtime matrix: the conformance bundle on Node 20, Node 24, Deno, Bun, workerd and headless
 * Chromium against one conformance server. A runtime fails when any check fails, when it
 * produced no report, or when its process did not end by itself. A runtime is skipped only when
 * it cannot start here, with the reason; under `CI` even that is a failure.
 *
 * `ASCEND_RUNTIMES_VERBOSE=1` prints every runtime's full output (one line per check).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bun } from './bun/run.js';
import { chromium } from './chromium/run.js';
import { CHECK_IDS } from './conformance/protocol.js';
import { deno } from './deno/run.js';
import { buildBundles, type Bundles } from './harness/bundle.js';
import { RUN_TIMEOUT_MS, type RuntimeRunner } from './harness/runner.js';
import { renderTable, type MatrixRow } from './harness/table.js';
import { hostNode, node24 } from './node/run.js';
import { startConformanceServer, type ConformanceServer } from './server/conformance-server.js';
import { workerd } from './workerd/run.js';

const RUNNERS: readonly RuntimeRunner[] = [hostNode, node24, deno, bun, workerd, chromium];
const rows: MatrixRow[] = [];
let server: ConformanceServer;
let bundles: Bundles;

beforeAll(async () => {
  bundles = await buildBundles();
  server = await startConformanceServer();
}, 120_000);

afterAll(async () => {
  await server?.close();
  // Straight to stdout so the table is not folded into vitest's per-test console capture.
  process.stdout.write(renderTable(rows));
});

for (const runner of RUNNERS) {
  it(
    runner.id,
    async (ctx) => {
      const probe = await runner.probe();
      if ('skip' in probe) {
        if (process.env['CI']) {
          rows.push({ runtime: runner.id, status: 'ran', version: '-', reports: [], problems: [`cannot run: ${probe.skip}`] });
          throw new Error(`${runner.id} cannot run in CI: ${probe.skip}`);
        }
        rows.push({ runtime: runner.id, status: 'skipped', reason: probe.skip });
        ctx.skip(`${runner.id} cannot run here: ${probe.skip}`);
        return;
      }
      const outcome = await runner.run({
        origin: server.origin,
        runId: runner.id,
        bundles,
        serveStatic: (name, contentType, body) => server.setAsset(name, { contentType, body }),
      });
      rows.push({ runtime: runner.id, status: 'ran', version: probe.version, reports: outcome.reports, problems: outcome.problems });
      const context = `\n--- ${runner.id} output ---\n${outcome.output}`;
      if (process.env['ASCEND_RUNTIMES_VERBOSE']) process.stdout.write(context + '\n');
      expect(outcome.problems, context).toEqual([]);
      expect(
        outcome.reports.map((r) => r.package),
        context,
      ).toHaveLength(runner.expectedReports);
      for (const report of outcome.reports) {
        expect(
          report.checks.map((c) => c.id),
          context,
        ).toEqual([...CHECK_IDS]);
        expect(
          report.checks.filter((c) => !c.ok),
          context,
        ).toEqual([]);
      }
    },
    RUN_TIMEOUT_MS + 30_000,
  );
}
