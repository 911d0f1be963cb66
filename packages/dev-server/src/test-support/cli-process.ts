/**
 * Runs the `ascend-dev` CLI as a child process in tests. The CLI is bundled from the current
 * sources with esbuild first (dependencies stay external and resolve to the built siblings), so a
 * test never runs a stale dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let bundled: Promise<string> | undefined;

/** Bundles src/cli.ts once per test file; returns the path of the bundle. */
export function bundleCli(): Promise<string> {
  bundled ??= (async () => {
    const outDir = join(PACKAGE_DIR, 'node_modules', '.cache', 'dev-server-tests');
    mkdirSync(outDir, { recursive: true });
    const outfile = join(outDir, `cli-${process.pid}.mjs`);
    await build({
      entryPoints: [join(PACKAGE_DIR, 'src', 'cli.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'error',
    });
    process.once('exit', () => rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

/** A running CLI process. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** stdout so far (JSON log lines). */
  stdout(): string;
  /** stderr so far (the banner). */
  stderr(): string;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  readonly exited: Promise<number | string>;
}

/** Starts `ascend-dev` with `args` and waits for the URL in its banner. */
export async function startCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const cli = await bundleCli();
  const child = spawn(process.execPath, [cli, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ascend-dev did not start:\n${err}\n${out}`)), 20_000);
    const check = (): void => {
      const m = /URL\s+(http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stderr.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`ascend-dev exited with ${String(code)} before listening:\n${err}\n${out}`));
    });
  });
  return { child, url, stdout: () => out, stderr: () => err, exited };
}
