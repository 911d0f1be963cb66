/**
 * The runtimes of the lifetime suite, located as the matrix locates them: the harness's Node
 * (`process.execPath`, Node 20 here), Node 24 from the npm package `node`, Deno and Bun from
 * their npm packages. Each says how to start a derived script with a minimal environment.
 */
import { join } from 'node:path';
import { bun as bunRunner } from '../bun/run.js';
import { deno as denoRunner } from '../deno/run.js';
import { RUNTIMES_DIR } from '../harness/bundle.js';
import { packageDir, type RuntimeRunner } from '../harness/runner.js';
import { hostNode, node24 as node24Runner } from '../node/run.js';
import type { Shape } from './shapes.js';

/** One runtime of the suite. */
export interface LifetimeRuntime {
  /** Row label: `node20`, `node24`, `deno`, `bun`. */
  id: string;
  /** Shapes it runs. Deno runs the ESM ones (bundled with `@ascend/browser`). */
  shapes: readonly Shape[];
  /** True when it runs the `@ascend/node` scripts as written (Node, Bun); false for the Deno bundles. */
  plain: boolean;
  /** Version, or the reason it cannot start here. */
  probe: RuntimeRunner['probe'];
  /** Command and arguments that run `script` with `config` as its one argument. */
  command(script: string, config: unknown): { command: string; args: string[]; env: NodeJS.ProcessEnv };
}

const PATH = process.env['PATH'] ?? '';
const HOME = process.env['HOME'] ?? '/tmp';

const nodeBinary24 = (): string => join(packageDir('node24', join(RUNTIMES_DIR, 'node')), 'bin', 'node');
const bunBinary = (): string => join(packageDir('bun'), 'bin', 'bun.exe'); // the npm package names it bun.exe on every platform
const denoBinary = (): string => join(packageDir('deno'), process.platform === 'win32' ? 'deno.exe' : 'deno');

const ALL: readonly Shape[] = ['esm-tla', 'cjs', 'main'];

/** Node 20 (the harness's), Node 24, Deno, Bun. */
export const LIFETIME_RUNTIMES: readonly LifetimeRuntime[] = [
  {
    id: hostNode.id,
    shapes: ALL,
    plain: true,
    probe: () => hostNode.probe(),
    command: (script, config) => ({ command: process.execPath, args: [script, JSON.stringify(config)], env: { PATH, NO_COLOR: '1' } }),
  },
  {
    id: 'node24',
    shapes: ALL,
    plain: true,
    probe: () => node24Runner.probe(),
    command: (script, config) => ({ command: nodeBinary24(), args: [script, JSON.stringify(config)], env: { PATH, NO_COLOR: '1' } }),
  },
  {
    id: 'deno',
    shapes: ['esm-tla', 'main'],
    plain: false,
    probe: () => denoRunner.probe(),
    command: (script, config) => ({
      command: denoBinary(),
      args: ['run', '--allow-net=127.0.0.1', '--no-prompt', '--no-config', '--no-lock', script, JSON.stringify(config)],
      env: { PATH, HOME, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    }),
  },
  {
    id: 'bun',
    shapes: ALL,
    plain: true,
    probe: () => bunRunner.probe(),
    command: (script, config) => ({ command: bunBinary(), args: ['--no-install', script, JSON.stringify(config)], env: { PATH, HOME, NO_COLOR: '1' } }),
  },
];
