/**
 * A pending decision survives a process restart, in the shape users run it: two plain `node`
 * processes on the built package against the dev server. The first stops at the interruption,
 * saves the run and exits by itself; a human approves in the dev server while the second, having
 * approved in the SDK, waits on ASCEND; the second completes and exits by itself. The tool ran
 * exactly once.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = join(PACKAGE_DIR, 'test-fixtures', 'refund-run.mjs');
/** A bound on each child, so a process that never ends fails the test instead of hanging it. */
const KILL_AFTER_MS = 60_000;

interface Child {
  /** Resolves with the first printed JSON line that matches. */
  line(match: (fields: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves when the process ended: its exit code, whether the bound killed it, its stderr. */
  done: Promise<{ code: number | null; killed: boolean; stderr: string; lines: Record<string, unknown>[] }>;
}

function start(phase: 'start' | 'resume', env: Record<string, string>): Child {
  // process.execPath is the Node 24 running this suite; nothing else is alive in the child.
  const child = spawn(process.execPath, [SCRIPT, phase], { cwd: PACKAGE_DIR, env: { PATH: process.env['PATH'] ?? '', ...env } });
  const lines: Record<string, unknown>[] = [];
  const waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    let nl: number;
    while ((nl = stdout.indexOf('\n')) >= 0) {
      const text = stdout.slice(0, nl);
      stdout = stdout.slice(nl + 1);
      let fields: Record<string, unknown>;
      try {
        fields = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      lines.push(fields);
      for (const w of [...waiters]) {
        if (w.match(fields)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(fields);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let killed = false;
  const bound = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, KILL_AFTER_MS);
  const done = new Promise<{ code: number | null; killed: boolean; stderr: string; lines: Record<string, unknown>[] }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(bound);
      resolve({ code, killed, stderr, lines });
    }),
  );
  return {
    done,
    line: (match) =>
      new Promise((resolve, reject) => {
        const found = lines.find(match);
        if (found) return resolve(found);
        waiters.push({ match, resolve });
        void done.then(({ code, stderr: err }) => reject(new Error(`the ${phase} process ended (exit ${code}) before printing the line; stderr:\n${err}`)));
      }),
  };
}

let server: DevServer;
let dir: string;

beforeAll(async () => {
  // The children run the built package, as users do: build it from the current source.
  execFileSync(process.execPath, [join(PACKAGE_DIR, '../../node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: PACKAGE_DIR });
  expect(existsSync(join(PACKAGE_DIR, 'dist', 'index.js'))).toBe(true);
  server = await startDevServer({
    port: 0,
    logLevel: 'error',
    policy: { rules: [{ id: 'refund-review', match: { actionType: 'tool.refund' }, outcome: 'require_approval', reason: 'Refunds need a reviewer' }] },
  });
  dir = await mkdtemp(join(tmpdir(), 'ascend-openai-agents-'));
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a pending decision across a process restart', () => {
  it('the first process saves the interrupted run and exits; the second resumes it after a human approved in the dev server; the tool ran once', async () => {
    const env = {
      ASCEND_BASE_URL: server.url,
      ASCEND_API_KEY: server.apiKey,
      STATE_FILE: join(dir, 'run.json'),
      RAN_FILE: join(dir, 'ran.log'),
    };

    const first = await start('start', env).done;
    expect(first.killed, first.stderr).toBe(false);
    expect(first.code, first.stderr).toBe(0);
    expect(first.lines).toHaveLength(1);
    const { actionId, interruptions } = first.lines[0]!;
    expect(interruptions).toBe(1);
    expect(typeof actionId).toBe('string');
    expect(existsSync(env.RAN_FILE)).toBe(false);
    expect(server.fake.getAction(Number(actionId))?.status).toBe('pending_approval');

    const second = start('resume', env);
    // The second process approved in the SDK and now waits on ASCEND's reviewer.
    const resuming = await second.line((f) => f['resuming'] === true);
    expect(resuming['actionId']).toBe(actionId);
    expect(existsSync(env.RAN_FILE)).toBe(false);
    // A human approves in the dev server (what its dashboard's Approve button sends).
    const res = await fetch(`${server.url}/_admin/approvals/${String(actionId)}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ by: 'reviewer@corp.example', comment: 'Checked the order' }),
    });
    expect(res.status).toBe(200);

    const ended = await second.done;
    expect(ended.killed, ended.stderr).toBe(false);
    expect(ended.code, ended.stderr).toBe(0);
    const finished = ended.lines.find((f) => f['done'] === true);
    expect(finished).toMatchObject({ interruptions: 0, finalOutput: 'tool said: refunded 40 on o-17' });

    const ran = (await readFile(env.RAN_FILE, 'utf8')).trim().split('\n');
    expect(ran).toHaveLength(1);
    expect(ran[0]).toMatch(/ refunded o-17 40$/);
    // One ASCEND action, approved by the human, with its completion reported.
    const actions = server.fake.listActions();
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ status: 'approved', reviewedBy: 'reviewer@corp.example', execution: { state: 'completed' } });
  }, 150_000);
});
