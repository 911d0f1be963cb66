/**
 * `@ascend/ky` on a fetch-based runtime: ky/check.ts, bundled from the built packages with ky 1
 * and with ky 2, runs under Deno (`deno run --allow-net=127.0.0.1`) against an embedded dev
 * server (the ASCEND service) and a node:http target API, both on 127.0.0.1. Every check must
 * pass, and the service and the target must have seen exactly what each outcome implies.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deno } from './deno/run.js';
import { RUNTIMES_DIR } from './harness/bundle.js';
import { packageDir } from './harness/runner.js';
import { runProcess } from './harness/spawn.js';

const OUT = join(RUNTIMES_DIR, '.out', 'ky');
const denoBinary = (): string => join(packageDir('deno'), process.platform === 'win32' ? 'deno.exe' : 'deno');

const POLICY = {
  rules: [
    { id: 'no-deletes', match: { actionType: 'http.delete' }, outcome: 'deny' as const },
    { id: 'patches-need-a-human', match: { actionType: 'http.patch' }, outcome: 'require_approval' as const },
  ],
  default: { outcome: 'allow' as const },
};

interface Target {
  origin: string;
  hits: Map<string, number>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The agent's HTTP API: `/ok`, `/fail` (500), `/flaky/<n>` (n × 503, then 200), a kill-switch control route, 200 for the rest. */
async function startTarget(onKillSwitch: () => void): Promise<Target> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    req.resume();
    req.on('end', () => {
      if (path === '/control/kill-switch') onKillSwitch();
      const flaky = /^\/flaky\/(\d+)$/.exec(path);
      const status = path === '/fail' ? 500 : flaky && n <= Number(flaky[1]) ? 503 : 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: status === 200 }));
    });
  });
  const port = await listen(server);
  return { origin: `http://127.0.0.1:${port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Bundles ky/check.ts for a fetch-based runtime, with ky 1 or ky 2. Refuses package sources. */
async function bundle(major: 1 | 2): Promise<{ file: string; inputs: string[] }> {
  const file = join(OUT, `check-ky${major}.mjs`);
  const result = await build({
    entryPoints: [join(RUNTIMES_DIR, 'ky', 'check.ts')],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: RUNTIMES_DIR,
    // `ky2` is @ascend/ky's alias of ky 2 (`npm:ky@^2`), resolved from that package.
    ...(major === 2 ? { alias: { ky: createRequire(join(RUNTIMES_DIR, '..', 'packages', 'ky', 'package.json')).resolve('ky2') } } : {}),
  });
  const repo = join(RUNTIMES_DIR, '..');
  const inputs = Object.keys(result.metafile.inputs).map((p) => relative(repo, join(RUNTIMES_DIR, p)));
  const sources = inputs.filter((p) => /^packages\/[^/]+\/src\//.test(p));
  if (sources.length > 0) throw new Error(`the ky bundle includes package sources, not dist: ${sources.join(', ')}`);
  return { file, inputs };
}

const CHECKS = ['allowed', 'denied', 'pending-approved', 'pending', 'http-error', 'network-error', 'retries', 'unavailable-closed', 'fail-open', 'kill-switch'];

let probe: { skip: string } | { version: string };
beforeAll(async () => {
  probe = await deno.probe();
});

describe.each([1, 2] as const)('@ascend/ky with ky %i on Deno', (major) => {
  let server: DevServer;
  let target: Target;
  afterAll(async () => {
    await target?.close();
    await server?.close();
  });

  it('every outcome: sent or not, what the caller gets, what ASCEND heard', async (ctx) => {
    if ('skip' in probe) {
      if (process.env['CI']) throw new Error(`Deno cannot start: ${probe.skip}`);
      ctx.skip();
      return;
    }
    server = await startDevServer({ port: 0, host: '127.0.0.1', policy: POLICY, logger: { log() {} } });
    const fake = server.fake;
    target = await startTarget(() => fake.setKillSwitch(true, { reason: 'ky runtime check' }));
    // The first pending action (check `pending-approved`) is approved as soon as it is polled.
    fake.faults.inject({ kind: 'approval', outcome: 'approve', afterMs: 0 }, { operation: 'submitAction', times: 1 });
    const { file, inputs } = await bundle(major);
    expect(inputs).toContain('packages/ky/dist/governed-ky.js');
    expect(inputs.some((p) => p.includes(`/ky@${major}.`))).toBe(true);

    const config = { baseUrl: server.url, apiKey: server.apiKey, target: target.origin, closedPort: await closedPort() };
    const run = await runProcess(denoBinary(), ['run', '--allow-net=127.0.0.1', '--no-prompt', '--no-config', '--no-lock', file, JSON.stringify(config)], {
      timeoutMs: 60_000,
      cwd: OUT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    });
    const lines = run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { ky: string; ok: boolean; detail: string });
    expect({ code: run.code, timedOut: run.timedOut, stderr: run.stderr.trim() }).toEqual({ code: 0, timedOut: false, stderr: '' });
    expect(lines.map((l) => l.ky)).toEqual(CHECKS);
    expect(lines.filter((l) => !l.ok)).toEqual([]);

    // Never sent: denied, pending, unavailable, kill switch. Sent once: allowed, approved, fail-open.
    for (const path of ['/denied', '/pending', '/unavailable', '/killed']) expect(target.hits.get(path) ?? 0).toBe(0);
    for (const path of ['/ok', '/approved', '/fail-open', '/fail']) expect(target.hits.get(path)).toBe(1);
    expect(target.hits.get('/flaky/2')).toBe(3);

    const byPath = (path: string) => fake.listActions().filter((a) => a.resourceId === path);
    expect(byPath('/ok')[0]?.actionDetails).toEqual({ method: 'GET', url: `${target.origin}/ok` });
    expect(byPath('/ok')[0]?.execution).toMatchObject({ state: 'completed', result: { status: 200 } });
    expect(byPath('/approved')[0]?.execution).toMatchObject({ state: 'completed', result: { status: 200 } });
    expect(byPath('/fail')[0]?.execution).toMatchObject({ state: 'failed', error: { code: 'HTTP_ERROR', status: 500 } });
    expect(byPath('/refunds')[0]?.execution).toMatchObject({ state: 'failed', error: { code: 'NETWORK_ERROR' } });
    expect(byPath('/flaky/2')).toHaveLength(1);
    expect(byPath('/flaky/2')[0]?.execution).toMatchObject({ state: 'completed', result: { status: 200 } });
    expect(byPath('/denied')[0]?.execution).toBeNull();
    expect(byPath('/killed')).toHaveLength(0);
    // Fail-open and unavailable never reached this service.
    expect(byPath('/fail-open')).toHaveLength(0);
    expect(byPath('/unavailable')).toHaveLength(0);
    expect(JSON.stringify(fake.listActions())).not.toContain('s3cret');
  });
});
