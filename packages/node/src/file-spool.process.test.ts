/**
 * Reports survive the process: a plain `node agent.mjs` (ESM, the built package, nothing else
 * alive) reports during an outage and exits by itself; a second plain process with the same
 * directory delivers the reports; the server records each idempotency key once.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, startReportServer, type ReportServer } from './test-support/report-server.js';

const AGENT = fileURLToPath(new URL('../fixtures/spool/agent.mjs', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
// Guards against a hang only: a process that stays alive is the failure this test looks for.
const HANG_GUARD_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAgent(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [AGENT, ...args], { timeout: HANG_GUARD_MS, env: { PATH: process.env['PATH'] ?? '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

let root: string;
let server: ReportServer;

beforeAll(async () => {
  const { FileSpoolStore } = (await import(DIST).catch(() => ({}))) as { FileSpoolStore?: unknown };
  if (typeof FileSpoolStore !== 'function') throw new Error('Build @ascend/node first (pnpm --filter @ascend/node build): these tests run the built package.');
});
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-spool-process-'));
  server = await startReportServer();
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('FileSpoolStore across real processes', () => {
  it('process A reports while the service is unreachable and exits; process B delivers each report once', { timeout: 3 * HANG_GUARD_MS }, async () => {
    const directory = join(root, 'spool');
    const unreachable = `http://127.0.0.1:${await closedPort()}`;

    const a = await runAgent(['report', unreachable, directory, 'act-1', 'act-2']);
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0); // exited by itself, normally
    const reported = JSON.parse(a.stdout) as { receipts: Array<{ delivered: boolean; spooled: boolean }>; spooled: string[]; spoolSize: number };
    expect(reported.receipts).toEqual([
      { delivered: false, spooled: true },
      { delivered: false, spooled: true },
    ]);
    expect(reported.spooled).toHaveLength(2);
    expect((await readdir(directory)).filter((f) => f.endsWith('.json'))).toHaveLength(2);

    const b = await runAgent(['deliver', server.url, directory]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    const delivered = JSON.parse(b.stdout) as { delivered: string[]; spoolSize: number };
    expect(delivered).toEqual({ delivered: reported.spooled, spoolSize: 0 });

    const accepted = server.accepted();
    expect([...accepted.keys()]).toEqual(reported.spooled);
    for (const requests of accepted.values()) expect(requests).toHaveLength(1);
    expect(server.seen.map((r) => r.path)).toEqual(['/api/agent-action/act-1/complete', '/api/agent-action/act-2/complete']);
    expect(await readdir(directory)).toEqual([]);

    // A third process finds nothing left to send.
    const c = await runAgent(['deliver', server.url, directory]);
    expect(JSON.parse(c.stdout)).toEqual({ delivered: [], spoolSize: 0 });
    expect(server.seen).toHaveLength(2);
  });

  it('the directory is shared safely by two delivering processes: duplicates possible, loss never', { timeout: 3 * HANG_GUARD_MS }, async () => {
    const directory = join(root, 'spool');
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const a = await runAgent(['report', unreachable, directory, 'act-1', 'act-2', 'act-3']);
    const { spooled } = JSON.parse(a.stdout) as { spooled: string[] };
    const [b, c] = await Promise.all([runAgent(['deliver', server.url, directory]), runAgent(['deliver', server.url, directory])]);
    expect([b.code, c.code, b.stderr, c.stderr]).toEqual([0, 0, '', '']);
    // Every report reached the service at least once, each time under its own key.
    expect([...server.accepted().keys()].sort()).toEqual([...spooled].sort());
    expect(existsSync(directory) ? (await readdir(directory)).filter((f) => f.endsWith('.json')) : []).toEqual([]);
  });
});
