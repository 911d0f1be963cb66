#!/usr/bin/env node
// Runs the package's suite a second time, on ky 2 under Node 24 (ky 2 needs Node >= 22; the
// workspace runs Node 20). Node 24 is the npm package `node@24` held by @ascend/runtime-node24
// (runtimes/node), as the runtime matrix uses it. Part of `pnpm --filter @ascend/ky test`.
//
// Without a Node 24 binary the run is skipped with the reason; with CI set, that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(here, 'package.json'));

function node24() {
  const holder = dirname(require.resolve('@ascend/runtime-node24/package.json'));
  const dir = dirname(createRequire(join(holder, 'package.json')).resolve('node24/package.json'));
  const binary = join(dir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (!existsSync(binary)) throw new Error(`no Node 24 binary at ${binary} (pnpm install runs the node package's install script)`);
  return binary;
}

let binary;
try {
  binary = node24();
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  if (process.env.CI) {
    console.error(`ky 2 / Node 24 run: FAILED, ${reason}`);
    process.exit(1);
  }
  console.warn(`ky 2 / Node 24 run: skipped, ${reason}`);
  process.exit(0);
}

const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
const ky2 = JSON.parse(readFileSync(join(here, 'node_modules', 'ky2', 'package.json'), 'utf8')).version;
console.log(`ky 2 / Node 24 run: ky ${ky2} on Node ${version}`);
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
const run = spawnSync(binary, [vitest, 'run', '--config', 'vitest.ky2.config.ts'], {
  cwd: here,
  stdio: 'inherit',
  env: { ...process.env, ASCEND_KY_MAJOR: '2' },
});
process.exit(run.status ?? 1);
