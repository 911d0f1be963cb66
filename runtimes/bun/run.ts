/**
 * Bun runner: `bun <bundle>` with the binary of the npm package `bun`.
 */
import { join } from 'node:path';
import { outcomeOf, packageDir, probeBinary, RUN_TIMEOUT_MS, type RuntimeRunner } from '../harness/runner.js';
import { runProcess } from '../harness/spawn.js';

const bunBinary = (): string => join(packageDir('bun'), 'bin', 'bun.exe'); // the npm package names it bun.exe on every platform;

/** Bun. */
export const bun: RuntimeRunner = {
  id: 'bun',
  expectedReports: 1,
  probe: () => probeBinary(bunBinary(), ['--version']),
  run: async (ctx) =>
    outcomeOf(
      await runProcess(bunBinary(), ['--no-install', ctx.bundles.files.bun, ctx.origin, ctx.runId], {
        timeoutMs: RUN_TIMEOUT_MS,
        cwd: ctx.bundles.dir,
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1' },
      }),
    ),
};
