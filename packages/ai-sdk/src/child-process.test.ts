/**
 * The built package in the shape users run it: `node agent.mjs` (Node 24, which AI SDK 7 needs)
 * with nothing else alive, against the dev server embedded in this process. A process must stay
 * alive while it waits for a human and end by itself; with the SDK's approval flow, a pending
 * call survives a restart (the conversation and a file store carry over) and is resumed by a new
 * process once ASCEND's reviewer approves.
 *
 * The only timing asserted is "did not hang" (a process is killed at a generous bound, and then
 * fails) and "did not exit before the human answered".
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const PACKAGE_DIR = join(here, '..');
const NODE24 = join(PACKAGE_DIR, 'node_modules', 'node24', 'bin', 'node');
const AGENT = join(PACKAGE_DIR, 'test-fixtures', 'agent.mjs');
const KILL_AFTER_MS = 30_000;

interface Live {
  exited(): boolean;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; killed: boolean; stdout: string; stderr: string }>;
}

function start(mode: string, config: Record<string, unknown>): Live {
  const child = spawn(NODE24, [AGENT, mode, JSON.stringify(config)], {
    cwd: PACKAGE_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env['PATH'] ?? '' },
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  let killed = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, KILL_AFTER_MS);
  const done = new Promise<Awaited<Live['done']>>((resolve) =>
    child.on('close', (code, signal) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, signal, killed, stdout, stderr });
    }),
  );
  return { exited: () => exited, done };
}

function resultOf(stdout: string): Record<string, unknown> {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{"agent"'));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

let server: DevServer;
let dir: string;

beforeAll(async () => {
  // The agent imports the built package, as users do.
  if (!existsSync(join(PACKAGE_DIR, 'dist', 'index.js'))) throw new Error('@ascend/ai-sdk is not built: run `pnpm --filter @ascend/ai-sdk build` first');
  server = await startDevServer({
    port: 0,
    host: '127.0.0.1',
    policy: {
      rules: [{ id: 'refunds-need-a-human', match: { actionType: 'tool.refund' }, outcome: 'require_approval', reason: 'Refunds need a reviewer' }],
      default: { outcome: 'allow' },
    },
    logger: { log() {} },
  });
  dir = await mkdtemp(join(tmpdir(), 'ascend-ai-sdk-'));
});

afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function admin<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Polls the dev server until a pending approval appears (or the process ends). */
async function pendingApproval(live: Live | undefined): Promise<number | undefined> {
  const end = Date.now() + 20_000;
  while (Date.now() < end && !(live?.exited() ?? false)) {
    const { approvals } = await admin<{ approvals: Array<{ action_id: number }> }>('GET', '/_admin/pending');
    if (approvals[0]) return approvals[0].action_id;
    if (!live) return undefined;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

const base = () => ({ baseUrl: server.url, apiKey: server.apiKey });

describe('node24 agent.mjs against the dev server', () => {
  it('waits inside execute through the human approval, runs the tool once, and ends by itself', async () => {
    const live = start('wait', base());
    const actionId = await pendingApproval(live);
    expect(actionId, 'a pending approval while the process waits').toBeDefined();
    expect(live.exited(), 'did not exit before the human answered').toBe(false);
    await admin('POST', `/_admin/approvals/${actionId}/approve`, { by: 'ciso@corp.example' });
    const end = await live.done;
    expect(end.killed, `hung: ${end.stderr}`).toBe(false);
    expect(end.code, end.stderr).toBe(0);
    const result = resultOf(end.stdout);
    expect(result).toMatchObject({ agent: 'wait', runs: 1 });
    expect(JSON.parse(String(result['text']))).toEqual([{ type: 'json', value: { refunded: 40, orderId: 'o-17' } }]);
    const action = server.fake.getAction(actionId!);
    expect(action?.execution).toMatchObject({ state: 'completed' });
    expect(action?.context).toMatchObject({ source: 'vercel_ai_sdk', ai_sdk_tool_call_id: 'call-17' });
  }, 60_000);

  it("the SDK's approval flow across a restart: ask, end; ASCEND approves; a new process resumes and runs once", async () => {
    const stateFile = join(dir, 'approved.json');
    const ask = await start('ask', { ...base(), stateFile }).done;
    expect(ask.killed, `hung with a pending approval: ${ask.stderr}`).toBe(false);
    expect(ask.code, ask.stderr).toBe(0);
    const asked = resultOf(ask.stdout) as { runs: number; requests: Array<{ reason: string }>; handle: { actionId: string } };
    expect(asked.runs).toBe(0);
    expect(asked.requests).toHaveLength(1);
    expect(asked.requests[0]!.reason).toContain(`action ${asked.handle.actionId}`);

    // The reviewer approves in ASCEND while no agent process is alive.
    const actionId = await pendingApproval(undefined);
    expect(String(actionId)).toBe(asked.handle.actionId);
    await admin('POST', `/_admin/approvals/${actionId}/approve`, { by: 'ciso@corp.example' });

    const resumed = await start('resume', { ...base(), stateFile, approved: true }).done;
    expect(resumed.killed, resumed.stderr).toBe(false);
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = resultOf(resumed.stdout);
    expect(result).toMatchObject({ agent: 'resume', runs: 1, withdrawn: [], left: [] });
    expect(JSON.parse(String(result['text']))).toEqual([{ type: 'json', value: { refunded: 40, orderId: 'o-17' } }]);
    expect(server.fake.getAction(actionId!)?.execution).toMatchObject({ state: 'completed' });
  }, 60_000);

  it('the user denies after a restart: the new process never runs the tool and withdraws the action (CANCELLED_BY_CLIENT)', async () => {
    const stateFile = join(dir, 'denied.json');
    const ask = await start('ask', { ...base(), stateFile }).done;
    expect(ask.code, ask.stderr).toBe(0);
    const asked = resultOf(ask.stdout) as { handle: { actionId: string } };
    const resumed = await start('resume', { ...base(), stateFile, approved: false }).done;
    expect(resumed.code, resumed.stderr).toBe(0);
    const result = resultOf(resumed.stdout);
    expect(result).toMatchObject({
      agent: 'resume',
      runs: 0,
      withdrawn: [{ toolCallId: 'call-17', toolName: 'refund', actionId: asked.handle.actionId }],
      left: [],
    });
    expect(JSON.parse(String(result['text']))).toEqual([{ type: 'execution-denied' }]);
    // The fake closes a withdrawn approval as rejected by the agent and audits the failure report.
    const action = server.fake.getAction(Number(asked.handle.actionId));
    expect(action).toMatchObject({ status: 'rejected', execution: null });
    const failed = server.fake.auditLog.filter((e) => e.eventType === 'action.failed' && e.details['action_id'] === action?.id);
    expect(failed).toMatchObject([{ outcome: 'withdrawn', details: { error: { code: 'CANCELLED_BY_CLIENT', cancelled_via: 'approval_denied' } } }]);
  }, 60_000);
});
