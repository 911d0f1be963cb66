// Webhook verification throughput: verifyWebhook (ascend-v1: secret checks, header parsing, hex
// decode, HMAC through the async Signer port, constant-time compare, timestamp tolerance,
// JSON.parse and typed event mapping) against a bare node:crypto createHmac over the same
// signed bytes ("<timestamp>.<body>"), measured in the same run. Rounds alternate which side goes
// first after a warm-up; the table shows each side's median round, the ratio is the median of the
// per-round ratios.
//
// Run: pnpm --filter @ascend/core build && node bench/webhook-verify.mjs
// Env: BENCH_ITERATIONS (default 20000 per round and side), BENCH_ROUNDS (default 9), BENCH_WARMUP (default 5000).
import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { signWebhook, verifyWebhook } from '../packages/core/dist/webhooks/index.js';

const ITERATIONS = Math.max(1000, Number(process.env.BENCH_ITERATIONS ?? 20_000));
const ROUNDS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 9));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5_000);
// verifyWebhook does the same one HMAC plus header parsing, JSON.parse of the body, event mapping
// and an async hop through the Signer port. Within 5x of the bare HMAC (a few µs per delivery),
// verification never matters next to the handler's own I/O.
const GOAL = 5;

/** @type {import('../packages/core/dist/ports.js').Signer} */
const nodeSigner = {
  async hmacSha256(key, data) {
    const digest = createHmac('sha256', key).update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  },
};

const SECRET = 'whsec_bench_0123456789abcdef0123456789abcdef';
const payload = {
  id: 'evt_0123456789abcdef01234567',
  type: 'action.approved',
  timestamp: '2025-12-03T10:00:00Z',
  api_version: '2025-11-28',
  organization_id: 7,
  data: {
    action_id: 4711,
    action_type: 'financial.refund',
    agent_id: 'refund-bot',
    risk_score: 72,
    risk_level: 'high',
    approved_by: 'ciso@corp.example',
    approved_at: '2025-12-03T10:00:00Z',
    approval_notes: 'Within quarterly limit; customer verified by phone.',
  },
  metadata: { idempotency_key: 'idem-4711', delivery_attempt: 1 },
};
const timestamp = Math.floor(Date.now() / 1000);
const { headers, body } = await signWebhook({ secret: SECRET, payload, signer: nodeSigner, timestamp });
const signedBytes = Buffer.from(`${timestamp}.${body}`, 'utf8');
const options = { body, headers, secrets: SECRET, signer: nodeSigner };

// Both sides must agree before anything is timed.
const expected = createHmac('sha256', SECRET).update(signedBytes).digest('hex');
if (headers['X-Signature'] !== `v1=${expected}`) throw new Error('bench setup: signatures disagree');
if ((await verifyWebhook(options)).type !== 'action.approved') throw new Error('bench setup: verification failed');

let sink = 0;
function bareHmac(n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) sink ^= createHmac('sha256', SECRET).update(signedBytes).digest()[0];
  return performance.now() - start;
}
async function verify(n) {
  const start = performance.now();
  for (let i = 0; i < n; i++) sink ^= (await verifyWebhook(options)).id.length;
  return performance.now() - start;
}

bareHmac(WARMUP);
await verify(WARMUP);

const hmacMs = [];
const verifyMs = [];
for (let round = 0; round < ROUNDS; round++) {
  if (round % 2 === 0) {
    hmacMs.push(bareHmac(ITERATIONS));
    verifyMs.push(await verify(ITERATIONS));
  } else {
    verifyMs.push(await verify(ITERATIONS));
    hmacMs.push(bareHmac(ITERATIONS));
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (ms) => (ITERATIONS / ms) * 1000;
const hmacOps = perSecond(median(hmacMs));
const verifyOps = perSecond(median(verifyMs));
// The ratio is taken per round (both sides measured back to back) and the median round kept,
// so load that drifts during the run moves both sides of a round together.
const ratio = median(verifyMs.map((v, i) => v / hmacMs[i]));
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const rows = [
  ['', 'ops/s (median round)', 'µs/op'],
  ['createHmac (bare, sync)', fmt(hmacOps), (1e6 / hmacOps).toFixed(2)],
  ['verifyWebhook (ascend-v1)', fmt(verifyOps), (1e6 / verifyOps).toFixed(2)],
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\nwebhook verification (node ${process.versions.node}, body ${Buffer.byteLength(body)} bytes, ${ROUNDS} rounds x ${ITERATIONS} per side)\n`);
rows.forEach((r, i) => {
  console.log(`${r[0].padEnd(w0)}  ${r[1].padStart(w1)}  ${r[2].padStart(6)}`);
  if (i === 0) console.log(`${'-'.repeat(w0)}  ${'-'.repeat(w1)}  ${'-'.repeat(6)}`);
});
console.log(`\nverifyWebhook costs ${ratio.toFixed(2)}x a bare HMAC of the same bytes (median of per-round ratios; goal <= ${GOAL}x)`);
if (sink === 0.5) console.log(''); // keeps the loops observable
console.log(`RATIO webhooks.verify.overhead_x ${ratio.toFixed(2)} <=${GOAL} ${ratio <= GOAL ? 'met' : 'missed'}`);
