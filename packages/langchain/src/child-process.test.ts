/**
 * The package in the shape users run it: a plain `node script.mjs` with nothing else alive,
 * importing the BUILT `@ascend/langchain`, against the dev server over real HTTP. The process
 * must stay alive through a wait for a human and exit by itself; and a run paused with
 * `interrupt()` must resume in a new process from the checkpoints alone.
 * Needs `pnpm --filter @ascend/langchain build` (and the workspace packages built).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const script = join(packageDir, 'test-fixtures', 'refund-agent.mjs');

let server: DevServer;
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(packageDir, 'dist', 'index.js'))) throw new Error('@ascend/langchain is not built: run `pnpm --filter @ascend/langchain build` first');
  dir = await mkdtemp(join(tmpdir(), 'ascend-langchain-child-'));
  server = await startDevServer({
    port: 0,
    logLevel: 'error',
    policy: {
      rules: [{ id: 'refunds-need-a-human', match: { actionType: 'langchain.tool.refund' }, outcome: 'require_approval' }],
      default: { outcome: 'allow' },
    },
  });
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Child {
  events: Array<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
  waitFor: (event: string) => Promise<Record<string, unknown>>;
}

function run(mode: 'wait' | 'pause' | 'resume', file: string): Child {
  const child = spawn(process.execPath, [script, mode, file], {
    cwd: packageDir,
    env: { PATH: process.env['PATH'] ?? '', ASCEND_API_URL: server.url, ASCEND_API_KEY: server.apiKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ event: string; resolve: (e: Record<string, unknown>) => void }> = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as Record<string, unknown>;
      events.push(event);
      for (const w of waiters.filter((w) => w.event === event['event'])) w.resolve(event);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    events,
    exited,
    stderr: () => err,
    waitFor: (event) => {
      const seen = events.find((e) => e['event'] === event);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ event, resolve }));
    },
  };
}

/** Resolves when the service holds a pending approval for the refund (the dev server's own event). */
function nextPendingApproval(): Promise<string> {
  return new Promise((resolve) => {
    const stop = server.fake.on('approval.pending', (approval) => {
      stop();
      resolve(String(approval.actionId));
    });
  });
}

describe('a plain node process, against the dev server', () => {
  it('waits for a human through the approval, runs the refund once, and exits by itself', async () => {
    const pending = nextPendingApproval();
    const child = run('wait', join(dir, 'unused.json'));
    const actionId = await pending;
    // The process is alive and waiting: nothing ran yet.
    expect(child.events.find((e) => e['event'] === 'refund-ran')).toBeUndefined();
    server.fake.approve(actionId, { by: 'reviewer@corp.example' });
    const { code, signal } = await child.exited;
    expect({ code, signal, stderr: child.stderr() }).toMatchObject({ code: 0, signal: null });
    expect(child.events.filter((e) => e['event'] === 'refund-ran')).toEqual([{ event: 'refund-ran', orderId: 'o-17', amount: 40 }]);
    expect(child.events.at(-1)).toMatchObject({ event: 'done', tool: { content: 'refunded 40 on o-17', status: 'success' } });
    expect(server.fake.getAction(Number(actionId))?.execution?.state).toBe('completed');
  }, 60_000);

  it('pauses with interrupt(), exits; a new process resumes from the checkpoints, and runs once ASCEND approved', async () => {
    const file = join(dir, 'checkpoints.json');
    const first = run('pause', file);
    const paused = await first.waitFor('paused');
    expect(await first.exited).toMatchObject({ code: 0, signal: null });
    expect(first.events.find((e) => e['event'] === 'refund-ran')).toBeUndefined();
    const actionId = String((paused['pending'] as { actionId: string }).actionId);
    expect(server.fake.getAction(Number(actionId))).toBeDefined();
    server.fake.approve(actionId, { by: 'reviewer@corp.example' });

    const second = run('resume', file);
    expect(await second.exited).toMatchObject({ code: 0, signal: null });
    expect(second.events.filter((e) => e['event'] === 'refund-ran')).toHaveLength(1);
    expect(second.events.at(-1)).toMatchObject({ event: 'done', tool: { content: 'refunded 40 on o-17' } });
    // One action for the whole story: the resumed process did not submit another.
    expect(server.fake.getAction(Number(actionId))?.execution?.state).toBe('completed');
    expect(
      server.fake
        .listActions()
        .filter((a) => a.context['langgraph_thread_id'] === 'order-17' && a.actionType === 'langchain.tool.refund' && a.id >= Number(actionId)),
    ).toHaveLength(1);
  }, 60_000);
});
