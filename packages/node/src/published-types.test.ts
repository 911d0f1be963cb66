/**
 * The published type declarations compile in the strictest consumer settings: no
 * `esModuleInterop`, no `allowSyntheticDefaultImports`, no `skipLibCheck` (a default import of a
 * Node built-in in a .d.ts is TS1192 there). Compiles test-fixtures/strict-consumer against the
 * built package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const tsc = fileURLToPath(new URL('../../../node_modules/typescript/bin/tsc', import.meta.url));

describe('published types', () => {
  it('compile without esModuleInterop and without skipLibCheck', () => {
    if (!existsSync(`${packageDir}dist/index.d.ts`)) throw new Error('build @ascend/node first (pnpm --filter @ascend/node build)');
    const run = spawnSync(process.execPath, [tsc, '-p', 'test-fixtures/strict-consumer/tsconfig.json'], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 130_000);
});
