// Dev server memory under a long session: what one retained action costs, and that the heap
// stays flat once the retention limit (--retain-actions, default 10000) is reached.
//
// Each scenario runs in a child process started with --expose-gc, so every heap figure is taken
// after a forced full GC. The child starts the dev server (startDevServer from the built
// package, in memory) and drives it over real HTTP as an agent would: an allowed refund submit,
// then its completion report, LIMIT actions at a time, with a bounded number in flight.
//
//   heap0   after start and a short warm-up
//   heap1   after LIMIT actions (the retention limit is reached: every bounded log is full)
//   heap3   after 3 x LIMIT actions
//
//   per retained action = (heap1 - heap0) / LIMIT
//   growth past the limit = (heap3 - heap0) / (heap1 - heap0): what is held at 3x vs at 1x
//
// The same run with --data (write-ahead journal in a temporary dir) must stay as flat; the
// growth figure is the worse of the two. The run without a limit (--retain-actions 100000000) is
// printed for comparison: there the held state keeps growing. Prints the machine's load average before and after, as
// dev-server-load does.
//
//   RATIO dev_server.memory.per_retained_action_kb <v> <=6 met|missed
//   RATIO dev_server.memory.growth_past_limit_x <v> <=1.2 met|missed
//   RATIO dev_server.memory.unbounded_growth_x <v> - info
//   RATIO dev_server.memory.per_action_record_kb <v> - info
//
// The per-retained-action figure includes each action's share of the bounded logs (recorded
// requests, audit events, idempotency keys), which are full by 1 x LIMIT with the default
// limits. The last line is the action record alone: the unbounded run's heap from 1x to 3x,
// where only actions still accumulate.
//
// Run: pnpm --filter @ascend/dev-server... build && node bench/dev-server-memory.mjs
// Env: BENCH_RETAIN (the limit, default 10000), BENCH_IN_FLIGHT (default 32).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SELF = fileURLToPath(import.meta.url);
const LIMIT = Math.max(100, Number(process.env.BENCH_RETAIN ?? 10_000));
const IN_FLIGHT = Math.max(1, Number(process.env.BENCH_IN_FLIGHT ?? 32));
const GOAL_PER_ACTION_KB = 6;
const GOAL_GROWTH_X = 1.2;
const CHILD_TIMEOUT_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// Child: one scenario, heap figures as a JSON line on stdout.

async function child(retainActions, withData) {
  const { startDevServer } = await import(pathToFileURL(join(ROOT, 'packages/dev-server/dist/index.js')).href);
  const dataDir = withData ? await mkdtemp(join(tmpdir(), 'ascend-memory-bench-')) : undefined;
  const server = await startDevServer({ port: 0, host: '127.0.0.1', logLevel: 'error', retainActions, ...(dataDir ? { dataDir } : {}) });
  const headers = { 'content-type': 'application/json', 'x-api-key': server.apiKey, 'x-environment': 'production' };
  let n = 0;
  const one = async () => {
    const i = ++n;
    const body = JSON.stringify({
      action_details: { amount: 42, currency: 'EUR', order_id: `ord_${i}` },
      action_type: 'financial.refund',
      agent_id: 'bench-refund-bot',
      agent_name: 'Bench Refund Bot',
      context: { session_id: 's-bench' },
      resource: 'stripe_api',
    });
    const submitted = await fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: { ...headers, 'idempotency-key': `k-${i}` }, body });
    const { action_id: id } = await submitted.json();
    const done = await fetch(`${server.url}/api/agent-action/${id}/complete`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `c-${i}` },
      body: JSON.stringify({ action_id: id, duration_ms: 12, result: { refund_id: `re_${i}` } }),
    });
    await done.arrayBuffer();
    if (submitted.status !== 200 || done.status !== 200) throw new Error(`unexpected status ${submitted.status} / ${done.status}`);
  };
  const drive = async (count) => {
    let left = count;
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (left > 0) {
          left--;
          await one();
        }
      }),
    );
  };
  const heap = async () => {
    // Several passes: weak references and finalizers settle over more than one.
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage().heapUsed;
  };

  await drive(200);
  const heap0 = await heap();
  await drive(LIMIT - 200);
  const heap1 = await heap();
  await drive(LIMIT);
  const heap2 = await heap();
  await drive(LIMIT);
  const heap3 = await heap();
  const retention = server.fake.retention;
  const rss = process.memoryUsage().rss;
  await server.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify({ heap0, heap1, heap2, heap3, rss, held: retention.held, evicted: retention.evicted, actions: n })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: runs the scenarios one after the other and reports.

function runChild(retainActions, withData) {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', SELF, '--child', String(retainActions), withData ? 'data' : 'memory'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    proc.stdout.on('data', (c) => (out += c.toString('utf8')));
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`scenario child exited with ${code ?? signal}: ${out}`));
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`scenario child printed no result: ${out}`));
      }
    });
  });
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

async function parent() {
  console.log(
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} before the run`,
  );
  console.log(`retention limit ${LIMIT} actions; each action = allowed submit + completion report; ${IN_FLIGHT} in flight`);
  const results = {};
  for (const [name, retain, withData] of [
    ['bounded', LIMIT, false],
    ['unbounded', 100_000_000, false],
    ['data', LIMIT, true],
  ]) {
    const r = await runChild(retain, withData);
    results[name] = r;
    const held1 = r.heap1 - r.heap0;
    console.log(
      `${name.padEnd(9)} heap after GC: start ${mb(r.heap0)}, 1x ${mb(r.heap1)}, 2x ${mb(r.heap2)}, 3x ${mb(r.heap3)} ` +
        `(held at 1x ${mb(held1)}, at 3x ${mb(r.heap3 - r.heap0)}); rss ${mb(r.rss)}; ${r.actions} actions, ${r.held} held, ${r.evicted} evicted`,
    );
  }
  console.log(
    `machine: load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} after the run`,
  );

  const b = results.bounded;
  const u = results.unbounded;
  const d = results.data;
  const perAction = (b.heap1 - b.heap0) / LIMIT / 1024;
  // The worse of in memory and with --data (the journal's write-ahead path).
  const growth = Math.max((b.heap3 - b.heap0) / (b.heap1 - b.heap0), (d.heap3 - d.heap0) / (d.heap1 - d.heap0));
  const unbounded = (u.heap3 - u.heap0) / (u.heap1 - u.heap0);
  console.log(
    `RATIO dev_server.memory.per_retained_action_kb ${perAction.toFixed(2)} <=${GOAL_PER_ACTION_KB} ${perAction <= GOAL_PER_ACTION_KB ? 'met' : 'missed'}`,
  );
  console.log(`RATIO dev_server.memory.growth_past_limit_x ${growth.toFixed(2)} <=${GOAL_GROWTH_X} ${growth <= GOAL_GROWTH_X ? 'met' : 'missed'}`);
  console.log(`RATIO dev_server.memory.unbounded_growth_x ${unbounded.toFixed(2)} - info`);
  console.log(`RATIO dev_server.memory.per_action_record_kb ${((u.heap3 - u.heap1) / (2 * LIMIT) / 1024).toFixed(2)} - info`);
}

if (process.argv[2] === '--child') {
  child(Number(process.argv[3]), process.argv[4] === 'data').catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  parent().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
