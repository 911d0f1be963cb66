// The fake service's per-request cost must not grow with its history. Every request first applies
// what is due (approval expiries, automatic decisions, command expiries); the dev server runs
// the same fake for hours, and with `--data` its history survives restarts. Two fakes with the
// same policy (every submit needs a human): one fresh, one holding HISTORY approval requests
// (a third decided, the rest pending, as on a long-running dev server). Each round times the
// same request mix on both (a kill-switch status read and an approval check), alternating which
// goes first; the ratio is the median of the per-round ratios (history / fresh).
//
// Run: pnpm --filter @ascend/testing... build && node bench/fake-history.mjs
// Env: BENCH_HISTORY (default 30000), BENCH_ITERATIONS (default 2000 per round and side), BENCH_ROUNDS (default 7).
import { performance } from 'node:perf_hooks';
import { createFakeAscend, createFakeFetch } from '../packages/testing/dist/index.js';

const HISTORY = Math.max(1000, Number(process.env.BENCH_HISTORY ?? 30_000));
const ITERATIONS = Math.max(200, Number(process.env.BENCH_ITERATIONS ?? 2_000));
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 7));
// A request to a fake with a long history may cost a little more (bigger maps, more garbage),
// never in proportion to the history.
const GOAL = 1.5;

const BASE = 'http://fake.local';
const HEADERS = { 'X-API-Key': 'bench-key', 'Content-Type': 'application/json' };

function setup() {
  const fake = createFakeAscend({ apiKeys: ['bench-key'], policy: { rules: [], default: { outcome: 'require_approval', reason: 'needs a human' } } });
  return { fake, fetch: createFakeFetch(fake, { baseUrl: BASE }) };
}

async function submit(side, i) {
  const body = JSON.stringify({ agent_id: 'bench', agent_name: 'bench', action_type: 'bench.op', resource: 'bench_db', action_details: { i } });
  const res = await side.fetch(`${BASE}/api/v1/actions/submit`, { method: 'POST', headers: HEADERS, body });
  if (res.status !== 200) throw new Error(`submit answered ${res.status}`);
  return res.json();
}

const fresh = setup();
const aged = setup();
const started = performance.now();
for (let i = 0; i < HISTORY; i++) {
  const decision = await submit(aged, i);
  if (i % 3 === 0) aged.fake.approve(decision.action_id, { by: 'bench@ascend.local' });
}
await submit(fresh, 0);
const setupMs = performance.now() - started;

async function timeSide(side) {
  const t0 = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const res = await side.fetch(i % 2 ? `${BASE}/api/sdk/kill-switch/status` : `${BASE}/api/sdk/approval/apr_1`, { headers: HEADERS });
    if (res.status !== 200) throw new Error(`request answered ${res.status}`);
    await res.text();
  }
  return ((performance.now() - t0) * 1000) / ITERATIONS;
}

await timeSide(fresh);
await timeSide(aged);
const freshUs = [];
const agedUs = [];
const ratios = [];
for (let r = 0; r < ROUNDS; r++) {
  let f;
  let h;
  if (r % 2) {
    h = await timeSide(aged);
    f = await timeSide(fresh);
  } else {
    f = await timeSide(fresh);
    h = await timeSide(aged);
  }
  freshUs.push(f);
  agedUs.push(h);
  ratios.push(h / f);
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const ratio = median(ratios);
const met = ratio <= GOAL;

console.log(`Fake service: per-request cost with ${HISTORY} approval requests in its history vs a fresh fake`);
console.log(`(${ROUNDS} rounds x ${ITERATIONS} requests per side; history built in ${(setupMs / 1000).toFixed(1)} s)\n`);
console.log(`fresh fake, median round          ${median(freshUs).toFixed(1).padStart(8)} µs per request`);
console.log(`fake with history, median round   ${median(agedUs).toFixed(1).padStart(8)} µs per request`);
console.log(`ratio (median of per-round ratios) ${ratio.toFixed(3).padStart(7)} (goal <= ${GOAL})`);
console.log(`\nRATIO testing.fake.history_x ${ratio.toFixed(3)} <=${GOAL} ${met ? 'met' : 'missed'}`);
