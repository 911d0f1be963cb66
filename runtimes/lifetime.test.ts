/**
 * The real-process lifetime suite (issue 13, requirement 11): each scenario runs as its own child
 * process with nothing else keeping it alive, in three shapes (ESM with top-level await,
 * CommonJS, a plain `main()` called without await), on Node 20, Node 24, Deno and Bun wherever the
 * scenario applies, against the dev server embedded in this process (one per run, in memory) and,
 * where a fault is needed, a small fault proxy in front of it.
 *
 * A run passes when its process ended by itself (it is killed at a generous bound, and then
 * fails), with the expected exit code and exactly one result line with the expected outcome. The
 * only timing asserted is "did not hang" and, for the approval, "did not exit before the human
 * answered". Elapsed times are printed in the table at the end, never asserted.
 *
 * `ASCEND_LIFETIME_CONCURRENCY` (default 5, also vitest's own cap for concurrent tests) bounds the
 * scenario runs at once; most of a run is waiting, so this is more than the cores.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { RUNTIMES_DIR } from './harness/bundle.js';
import { closedPort, startFaultProxy } from './lifetime/fault-proxy.js';
import { describeEnd, problemsOf, startScript, transcript, type Expected, type Finished, type LiveScript } from './lifetime/process.js';
import { LIFETIME_RUNTIMES, type LifetimeRuntime } from './lifetime/runtimes.js';
import { prepareScripts, type LifetimeScripts, type Shape } from './lifetime/shapes.js';

/** A scenario process that runs longer than this is killed, and fails (the slowest legitimate run takes a few seconds). */
const KILL_AFTER_MS = 20_000;
/** The default-options hang: expected to answer within 10 s once fixed; killed at 30 s. */
const DEFAULTS_KILL_AFTER_MS = 30_000;
const TEST_TIMEOUT_MS = 240_000;
const CONCURRENCY = Math.max(1, Number(process.env['ASCEND_LIFETIME_CONCURRENCY'] ?? 5));

/** Scenarios Deno runs (bundled with @ascend/browser). The durable spool needs node:fs. */
const DENO_SCENARIOS = ['approval', 'retry-503', 'fail-closed', 'kill-switch'];

// ---------------------------------------------------------------------------------------------
// Shared state: derived scripts, runtime probes, the report table, a concurrency limit.

let scripts: LifetimeScripts;
const probes = new Map<string, { skip: string } | { version: string }>();
const rows: Array<{ scenario: string; runtime: string; shape: Shape; status: 'pass' | 'FAIL' | 'skip'; detail: string }> = [];

beforeAll(async () => {
  scripts = await prepareScripts(DENO_SCENARIOS);
  await Promise.all(LIFETIME_RUNTIMES.map(async (r) => probes.set(r.id, await r.probe())));
}, 120_000);

afterAll(() => {
  if (rows.length === 0) return;
  const order = (r: (typeof rows)[number]) => `${r.scenario}\u0000${LIFETIME_RUNTIMES.findIndex((x) => x.id === r.runtime)}\u0000${r.shape}`;
  const sorted = [...rows].sort((a, b) => order(a).localeCompare(order(b)));
  const width = Math.max(...sorted.map((r) => `${r.scenario} ${r.runtime} ${r.shape}`.length));
  const lines = sorted.map((r) => `${`${r.scenario} ${r.runtime} ${r.shape}`.padEnd(width)}  ${r.status.padEnd(4)}  ${r.detail}`);
  const count = (s: string) => sorted.filter((r) => r.status === s).length;
  process.stdout.write(
    `\nlifetime suite (scenario runtime shape: status, how the process ended)\n${lines.join('\n')}\nlifetime: ${count('pass')} passed, ${count('FAIL')} failed, ${count('skip')} skipped\n`,
  );
});

let running = 0;
const queue: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= CONCURRENCY) await new Promise<void>((resolve) => queue.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    queue.shift()?.();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` every 50 ms until it returns a value, the script exits, or `boundMs` passes. */
async function until<T>(probe: () => Promise<T | undefined>, live: LiveScript, boundMs: number): Promise<T | undefined> {
  const end = Date.now() + boundMs;
  while (Date.now() < end && !live.exited()) {
    const value = await probe();
    if (value !== undefined) return value;
    await pause(50);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The dev server, its admin API, and the runs.

const POLICY = {
  rules: [{ id: 'needs-human', match: { actionType: 'lifetime.approval' }, outcome: 'require_approval' as const, reason: 'a human decides' }],
  default: { outcome: 'allow' as const },
};

function devServer(): Promise<DevServer> {
  return startDevServer({ port: 0, host: '127.0.0.1', policy: POLICY, logger: { log() {} } });
}

async function admin<T>(server: DevServer, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Submits an allowed action over the protocol (as an agent would) and returns its id. */
async function submitAllowed(server: DevServer): Promise<number> {
  const res = await fetch(`${server.url}/api/v1/actions/submit`, {
    method: 'POST',
    headers: { 'x-api-key': server.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ agent_id: 'lifetime-bot', agent_name: 'lifetime-bot', action_type: 'lifetime.report', resource: 'lifetime_db' }),
  });
  const answer = (await res.json()) as { action_id: number; decision: string };
  if (answer.decision !== 'allowed') throw new Error(`setup: expected an allowed action, got ${JSON.stringify(answer)}`);
  return answer.action_id;
}

/** What one run of a scenario needs. */
interface RunEnv {
  runtime: LifetimeRuntime;
  shape: Shape;
  /** A unique label for this run. */
  run: string;
  /** Starts the scenario's script `name` in this runtime and shape. */
  start(name: string, config: Record<string, unknown>, killAfterMs?: number): LiveScript;
}

/** What a run found: every problem, and the processes it ran (for the table and messages). */
interface RunResult {
  problems: string[];
  finished: Finished[];
}

function envFor(runtime: LifetimeRuntime, shape: Shape, run: string): RunEnv {
  return {
    runtime,
    shape,
    run,
    start(name, config, killAfterMs = KILL_AFTER_MS) {
      const script = runtime.plain ? scripts.plain[name]?.[shape] : scripts.deno[name]?.[shape];
      if (!script) throw new Error(`no ${shape} script ${name} for ${runtime.id}`);
      const { command, args, env } = runtime.command(script, { run, ...config });
      return startScript(command, args, { killAfterMs, cwd: RUNTIMES_DIR, env });
    },
  };
}

/** Checks one finished process against what it should have done. */
function check(f: Finished, expected: Expected, label?: string): string[] {
  return problemsOf(f, expected).map((p) => (label ? `${label}: ${p}` : p));
}

interface Scenario {
  id: string;
  /** Runtimes it applies to, when not all. */
  runtimes?: readonly string[];
  /** Shapes it runs in, when not all the runtime runs. */
  shapes?: readonly Shape[];
  run(env: RunEnv): Promise<RunResult>;
}

const SCENARIOS: Scenario[] = [
  {
    // 1. pending, then approved by an admin call while the script waits.
    id: 'approval',
    async run(env) {
      const server = await devServer();
      try {
        const live = env.start('approval', { baseUrl: server.url, apiKey: server.apiKey, approvalTimeoutMs: 60_000, pollIntervalMs: 200 });
        const problems: string[] = [];
        type Pending = { approvals: Array<{ action_id: number }> };
        const pending = await until(async () => (await admin<Pending>(server, 'GET', '/_admin/pending')).approvals[0], live, 20_000);
        if (pending) {
          // The human takes a moment; the script must still be waiting when they answer.
          await pause(1000);
          if (live.exited()) problems.push('exited while waiting for the human, before the approval');
          else await admin(server, 'POST', `/_admin/approvals/${pending.action_id}/approve`, { by: 'lifetime-suite', comment: 'approved by the suite' });
        } else {
          problems.push(live.exited() ? 'exited before its approval request appeared' : 'no pending approval appeared within 20 s');
        }
        const f = await live.done;
        return { problems: [...problems, ...check(f, { code: 0, result: { outcome: 'allowed' } })], finished: [f] };
      } finally {
        await server.close();
      }
    },
  },
  {
    // 2. one 503 (Retry-After: 1), then the real answer.
    id: 'retry-503',
    async run(env) {
      const server = await devServer();
      const proxy = await startFaultProxy(server.url, 'fail-first');
      try {
        const f = await env.start('retry-503', { baseUrl: proxy.url, apiKey: server.apiKey }).done;
        const problems = check(f, { code: 0, result: { outcome: 'allowed' } });
        if (proxy.forwarded === 0) problems.push(`the retry never reached the service (proxy saw: ${proxy.requests.join(', ') || 'nothing'})`);
        return { problems, finished: [f] };
      } finally {
        await proxy.close();
        await server.close();
      }
    },
  },
  {
    // 3. connection refused: fail closed, the script's handler runs (exit code 3, chosen by the script).
    id: 'refused',
    async run(env) {
      const f = await env.start('fail-closed', { baseUrl: await closedPort(), apiKey: 'ascend_dev_local_key' }).done;
      return { problems: check(f, { code: 3, result: { outcome: 'blocked', code: 'GOVERNANCE_UNAVAILABLE' } }), finished: [f] };
    },
  },
  {
    // 4. a hang, with small per-client timeouts: the fail-closed answer arrives, the handler runs.
    id: 'hang',
    async run(env) {
      const proxy = await startFaultProxy('http://127.0.0.1:9', 'hang');
      try {
        const clientOptions = { timeoutMs: 300, deadlineMs: 2000, retry: { baseDelayMs: 100 } };
        const f = await env.start('fail-closed', { baseUrl: proxy.url, apiKey: 'ascend_dev_local_key', clientOptions }).done;
        const problems = check(f, { code: 3, result: { outcome: 'blocked', code: 'GOVERNANCE_UNAVAILABLE' } });
        if (proxy.requests.length === 0) problems.push('no request reached the hanging server');
        return { problems, finished: [f] };
      } finally {
        await proxy.close();
      }
    },
  },
  {
    // 4b. the same hang with default client options (expected: answered within 10 s once fixed).
    id: 'hang-defaults',
    runtimes: [LIFETIME_RUNTIMES[0]!.id],
    shapes: ['esm-tla'],
    async run(env) {
      const proxy = await startFaultProxy('http://127.0.0.1:9', 'hang');
      try {
        const f = await env.start('fail-closed', { baseUrl: proxy.url, apiKey: 'ascend_dev_local_key' }, DEFAULTS_KILL_AFTER_MS).done;
        return { problems: check(f, { code: 3, result: { outcome: 'blocked', code: 'GOVERNANCE_UNAVAILABLE' } }), finished: [f] };
      } finally {
        await proxy.close();
      }
    },
  },
  ...([true, false] as const).map((close): Scenario => ({
    // 5. the kill switch, activated by an admin while the script polls it; with and without close().
    id: close ? 'kill-switch' : 'kill-switch-no-close',
    async run(env) {
      const server = await devServer();
      try {
        const live = env.start('kill-switch', { baseUrl: server.url, apiKey: server.apiKey, intervalMs: 100, pauseMs: 100, attempts: 100, close });
        const problems: string[] = [];
        type Actions = { actions?: unknown[] };
        const seen = await until(
          async () => ((await admin<Actions>(server, 'GET', '/_admin/actions?limit=1')).actions?.length ? true : undefined),
          live,
          20_000,
        );
        if (seen) await admin(server, 'POST', '/_admin/kill-switch', { active: true, reason: 'lifetime suite', by: 'lifetime-suite' });
        else problems.push(live.exited() ? 'exited before its first decision' : 'no decision reached the service within 20 s');
        const f = await live.done;
        return {
          problems: [...problems, ...check(f, { code: 0, result: { outcome: 'blocked', code: 'KILL_SWITCH_ACTIVE', first: 'allowed', polling: true } })],
          finished: [f],
        };
      } finally {
        await server.close();
      }
    },
  })),
  {
    // 6. a report made during an outage by process A (durable FileSpoolStore), delivered by process B.
    id: 'spool',
    runtimes: LIFETIME_RUNTIMES.filter((r) => r.plain).map((r) => r.id),
    async run(env) {
      const server = await devServer();
      const directory = await mkdtemp(join(tmpdir(), 'ascend-lifetime-spool-'));
      try {
        const actionId = await submitAllowed(server);
        const a = await env.start('spool-outage', { baseUrl: await closedPort(), apiKey: server.apiKey, directory, actionId: String(actionId) }).done;
        const problems = check(a, { code: 0, result: { outcome: 'spooled' } }, 'process A');
        const kept = await readdir(directory, { recursive: true });
        if (kept.length === 0) problems.push('process A left nothing in the spool directory');
        const b = await env.start('spool-deliver', { baseUrl: server.url, apiKey: server.apiKey, directory }).done;
        problems.push(...check(b, { code: 0, result: { outcome: 'flushed' } }, 'process B'));
        type Audit = { events: Array<{ event_type: string; details?: { action_id?: unknown } }> };
        const { events } = await admin<Audit>(server, 'GET', '/_admin/audit?limit=1000');
        const recorded = events.filter((e) => e.event_type === 'action.completed' && e.details?.action_id === actionId).length;
        if (recorded !== 1) problems.push(`the service recorded the completion of action ${actionId} ${recorded} times, expected exactly once`);
        return { problems, finished: [a, b] };
      } finally {
        await server.close();
        await rm(directory, { recursive: true, force: true });
      }
    },
  },
];

/** Skips a runtime that cannot start here (with the reason); under CI that is a failure. */
function gate(ctx: TestContext, runtime: LifetimeRuntime, scenario: string, shape: Shape): boolean {
  const probe = probes.get(runtime.id);
  if (probe && 'skip' in probe) {
    if (process.env['CI']) throw new Error(`${runtime.id} cannot run in CI: ${probe.skip}`);
    rows.push({ scenario, runtime: runtime.id, shape, status: 'skip', detail: probe.skip });
    ctx.skip(`${runtime.id} cannot run here: ${probe.skip}`);
    return false;
  }
  return true;
}

describe.concurrent('lifetime: each scenario as its own process, ending by itself', () => {
  for (const scenario of SCENARIOS) {
    for (const runtime of LIFETIME_RUNTIMES) {
      if (scenario.runtimes && !scenario.runtimes.includes(runtime.id)) continue;
      for (const shape of runtime.shapes) {
        if (scenario.shapes && !scenario.shapes.includes(shape)) continue;
        it(
          `${scenario.id} · ${runtime.id} · ${shape}`,
          async (ctx) => {
            if (!gate(ctx, runtime, scenario.id, shape)) return;
            const result = await limited(() => scenario.run(envFor(runtime, shape, `${scenario.id}-${runtime.id}-${shape}`)));
            rows.push({
              scenario: scenario.id,
              runtime: runtime.id,
              shape,
              status: result.problems.length === 0 ? 'pass' : 'FAIL',
              detail: [result.finished.map(describeEnd).join(' | '), ...result.problems].join('; '),
            });
            expect(result.problems, result.finished.map(transcript).join('\n')).toEqual([]);
          },
          TEST_TIMEOUT_MS,
        );
      }
    }
  }
});
