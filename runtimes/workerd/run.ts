/**
 * workerd runner: serves the worker bundle with `workerd serve config.capnp` on an ephemeral
 * port (reported through `--control-fd`), sends it one request that runs the checks against the
 * conformance server, and stops it.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIMES_DIR } from '../harness/bundle.js';
import { packageDir, probeBinary, RUN_TIMEOUT_MS, type RunOutcome, type RuntimeRunner } from '../harness/runner.js';
import { track } from '../harness/spawn.js';
import { parseReports } from '../conformance/protocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const workerdBinary = (): string => join(packageDir('workerd'), 'bin', process.platform === 'win32' ? 'workerd.exe' : 'workerd');

/** workerd, the Cloudflare Workers runtime. */
export const workerd: RuntimeRunner = {
  id: 'workerd',
  expectedReports: 1,
  probe: () => probeBinary(workerdBinary(), ['--version']),
  async run(ctx): Promise<RunOutcome> {
    if (resolve(ctx.bundles.files.workerd) !== resolve(RUNTIMES_DIR, '.out', 'workerd.mjs')) {
      throw new Error('config.capnp embeds ../.out/workerd.mjs; build the bundles into runtimes/.out');
    }
    const child = track(
      spawn(workerdBinary(), ['serve', join(here, 'config.capnp'), '--control-fd=3'], {
        cwd: here,
        env: { PATH: process.env['PATH'] ?? '' },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      }),
    );
    let log = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const problems: string[] = [];
    let text = '';
    const deadline = AbortSignal.timeout(RUN_TIMEOUT_MS);
    try {
      const port = await new Promise<number>((ready, fail) => {
        let control = '';
        (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8');
        (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: string) => {
          const lines = (control + d).split('\n');
          control = lines.pop() ?? '';
          for (const line of lines) {
            let msg: { event?: string; socket?: string; port?: number } | undefined;
            try {
              msg = JSON.parse(line) as typeof msg;
            } catch {
              continue;
            }
            if (msg?.event === 'listen' && msg.socket === 'http' && typeof msg.port === 'number') ready(msg.port);
          }
        });
        void exited.then((code) => fail(new Error(`workerd exited (${String(code)}) before listening:\n${log}`)));
        deadline.addEventListener('abort', () => fail(new Error('workerd did not start listening in time')));
      });
      const url = `http://127.0.0.1:${port}/run?origin=${encodeURIComponent(ctx.origin)}&run=${encodeURIComponent(ctx.runId)}`;
      const res = await fetch(url, { signal: deadline });
      text = await res.text();
      if (!res.ok) problems.push(`workerd answered HTTP ${res.status}`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    } finally {
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref())]);
      if (!stopped) child.kill('SIGKILL');
    }
    return { reports: parseReports(text), problems, output: `${text}\n[workerd log]\n${log}` };
  },
};
