/**
 * Node runners: the bundle under the Node that runs the harness (`process.execPath`, Node 20 in
 * this repo) and under the Node 24 binary of the npm package `node` (installed by this folder's
 * package.json, kept apart so its `node` bin never shadows the harness's Node).
 */
import { join } from 'node:path';
import { RUNTIMES_DIR } from '../harness/bundle.js';
import { outcomeOf, packageDir, probeBinary, RUN_TIMEOUT_MS, type RuntimeRunner } from '../harness/runner.js';
import { runProcess } from '../harness/spawn.js';

function nodeRunner(id: string, binary: () => string): RuntimeRunner {
  return {
    id,
    expectedReports: 2,
    probe: async () => {
      let bin: string;
      try {
        bin = binary();
      } catch (error) {
        return { skip: `no Node binary for ${id}: ${error instanceof Error ? error.message : String(error)}` };
      }
      return probeBinary(bin, ['--version']);
    },
    run: async (ctx) =>
      outcomeOf(
        await runProcess(binary(), [ctx.bundles.files.node, ctx.origin, ctx.runId], {
          timeoutMs: RUN_TIMEOUT_MS,
          cwd: ctx.bundles.dir,
          env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
        }),
      ),
  };
}

/** The harness's own Node (Node 20 in this repo). */
export const hostNode: RuntimeRunner = nodeRunner(`node${process.versions.node.split('.')[0]}`, () => process.execPath);

/** Node 24 from the npm package `node` (aliased `node24`). */
export const node24: RuntimeRunner = nodeRunner('node24', () => join(packageDir('node24', join(RUNTIMES_DIR, 'node')), 'bin', 'node'));
