// Dev server load: autocannon drives POST /api/v1/actions/submit (an allowed refund, with the
// headers a client sends) at the dev server over real HTTP, in memory and with --data (every
// acknowledged submit fsync'd to the write-ahead journal before its response, group commit).
// The server runs as a child process (`ascend-dev`, the real CLI) so it does not share an event
// loop with the load generator; --in-process runs it inside this process instead.
//
// Prints per scenario: requests/s, latency p50/p99/max, non-2xx, errors, timeouts, and the
// server's memory (RSS / heap, from /_admin/summary) after the run. The RATIO lines report the
// worst scenario:
//   RATIO dev-server-submits-per-sec <value> >=3000 <met|missed>
//   RATIO dev-server-p99-ms <value> <=50 <met|missed>
//
// Run: pnpm --filter @ascend/dev-server... build && node bench/dev-server-load.mjs [--in-process]
// Env: BENCH_DURATION_S (default 10), BENCH_CONNECTIONS (default 50), BENCH_WARMUP_S (default 3),
//      BENCH_SCENARIOS (default "memory,data").
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'packages/dev-server/dist/cli.js');
const DURATION = Math.max(1, Number(process.env.BENCH_DURATION_S ?? 10));
const WARMUP = Math.max(0, Number(process.env.BENCH_WARMUP_S ?? 3));
const CONNECTIONS = Math.max(1, Number(process.env.BENCH_CONNECTIONS ?? 50));
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'memory,data')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const IN_PROCESS = process.argv.includes('--in-process');
const GOAL_RPS = 3000;
const GOAL_P99_MS = 50;
const API_KEY = 'ascend_dev_local_key';

// An allowed refund (the default policy allows refunds up to 100), as the TS client sends it:
// canonical JSON body, key in both headers, correlation id, timestamp.
const BODY = JSON.stringify({
  action_details: { amount: 42, currency: 'EUR', order_id: 'ord_4711' },
  action_type: 'financial.refund',
  agent_id: 'bench-refund-bot',
  agent_name: 'Bench Refund Bot',
  context: { session_id: 's-bench' },
  resource: 'stripe_api',
});
const HEADERS = {
  'content-type': 'application/json',
  'x-api-key': API_KEY,
  authorization: `Bearer ${API_KEY}`,
  'user-agent': 'ascend-sdk-ts/bench',
  'x-environment': 'production',
  'x-correlation-id': 'asc_0123456789abcdef',
  'x-request-timestamp': new Date().toISOString(),
};

async function startChild(dataDir) {
  const args = [CLI, '--port', '0', '--log-level', 'warn'];
  if (dataDir) args.push('--data', dataDir);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`dev server did not start: ${err}`)), 15_000);
    child.stderr.on('data', (chunk) => {
      err += chunk.toString('utf8');
      const m = /URL\s+(http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`dev server exited with ${code}: ${err}`)));
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function startInProcess(dataDir) {
  const { startDevServer } = await import('../packages/dev-server/dist/index.js');
  const server = await startDevServer({ port: 0, logLevel: 'error', ...(dataDir ? { dataDir } : {}) });
  return { url: server.url, pid: process.pid, stop: async () => (await server.close(), 0) };
}

function run(url, duration) {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `${url}/api/v1/actions/submit`, method: 'POST', headers: HEADERS, body: BODY, connections: CONNECTIONS, duration, pipelining: 1 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

// Other processes compete for the same cores; the load average says how much.
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} before the run`,
);
const results = [];
for (const scenario of SCENARIOS) {
  const dataDir = scenario === 'data' ? await mkdtemp(join(tmpdir(), 'ascend-bench-')) : undefined;
  const server = IN_PROCESS ? await startInProcess(dataDir) : await startChild(dataDir);
  try {
    // Sanity first: the body must be an allowed submit, or the numbers mean nothing.
    const probe = await fetch(`${server.url}/api/v1/actions/submit`, { method: 'POST', headers: HEADERS, body: BODY });
    const decision = (await probe.json()).decision;
    if (probe.status !== 200 || decision !== 'allowed') throw new Error(`bench setup: submit answered ${probe.status} ${decision}`);
    if (WARMUP > 0) await run(server.url, WARMUP);
    const before = await (await fetch(`${server.url}/_admin/summary`)).json();
    const r = await run(server.url, DURATION);
    const summary = await (await fetch(`${server.url}/_admin/summary`)).json();
    const cpuMs = summary.cpu.user_ms + summary.cpu.system_ms - before.cpu.user_ms - before.cpu.system_ms;
    const row = {
      scenario: `${IN_PROCESS ? 'in-process' : 'child'}/${scenario}`,
      rps: r.requests.average,
      total: r.requests.total,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      rssMb: summary.memory.rss_bytes / 1048576,
      heapMb: summary.memory.heap_used_bytes / 1048576,
      syncs: summary.store.syncs,
      entries: summary.store.entries,
      actions: summary.counts.actions,
      // Server CPU per request: the cost that decides throughput on a quiet machine, and a
      // figure that holds when other processes compete for the cores.
      cpuUsPerReq: IN_PROCESS ? NaN : (cpuMs * 1000) / Math.max(1, r.requests.total),
    };
    results.push(row);
    console.log(
      `${row.scenario.padEnd(18)} ${row.rps.toFixed(0).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  max ${row.max} ms  ` +
        `non2xx ${row.non2xx}  errors ${row.errors}  timeouts ${row.timeouts}  ` +
        `RSS ${row.rssMb.toFixed(1)} MiB  heap ${row.heapMb.toFixed(1)} MiB  actions ${row.actions}` +
        (Number.isNaN(row.cpuUsPerReq) ? '' : `  server CPU ${row.cpuUsPerReq.toFixed(0)} µs/req`) +
        (scenario === 'data' ? `  fsyncs ${row.syncs} (${(row.entries / Math.max(1, row.syncs)).toFixed(1)} entries each)` : ''),
    );
  } finally {
    const code = await server.stop();
    if (code !== 0) console.log(`dev server exited with ${code} after SIGTERM`);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `machine: load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} after the run`,
);
const failed = results.some((r) => r.non2xx > 0 || r.errors > 0 || r.timeouts > 0);
if (failed) console.log('errors during the run: the goal requires none');
const worstRps = Math.min(...results.map((r) => r.rps));
const worstP99 = Math.max(...results.map((r) => r.p99));
console.log(`RATIO dev-server-submits-per-sec ${worstRps.toFixed(0)} >=${GOAL_RPS} ${worstRps >= GOAL_RPS && !failed ? 'met' : 'missed'}`);
console.log(`RATIO dev-server-p99-ms ${worstP99} <=${GOAL_P99_MS} ${worstP99 <= GOAL_P99_MS && !failed ? 'met' : 'missed'}`);
