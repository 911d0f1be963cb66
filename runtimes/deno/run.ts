/**
 * Deno runner: `deno run --allow-net=127.0.0.1` on the bundle, with the binary of the npm
 * package `deno`. Network access is limited to the loopback server; nothing else is granted.
 */
import { join } from 'node:path';
import { outcomeOf, packageDir, probeBinary, RUN_TIMEOUT_MS, type RuntimeRunner } from '../harness/runner.js';
import { runProcess } from '../harness/spawn.js';

const denoBinary = (): string => join(packageDir('deno'), process.platform === 'win32' ? 'deno.exe' : 'deno');

/** Deno. */
export const deno: RuntimeRunner = {
  id: 'deno',
  expectedReports: 1,
  probe: () => probeBinary(denoBinary(), ['--version']),
  run: async (ctx) =>
    outcomeOf(
      await runProcess(
        denoBinary(),
        ['run', '--allow-net=127.0.0.1', '--no-prompt', '--no-config', '--no-lock', ctx.bundles.files.deno, ctx.origin, ctx.runId],
        {
          timeoutMs: RUN_TIMEOUT_MS,
          cwd: ctx.bundles.dir,
          env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
        },
      ),
    ),
};
