// Core overhead benchmark: evaluateAction (the whole SDK path: envelope, canonical JSON, HMAC
// signature, breaker, retry wrapper, decision parsing) against a raw fetch of the same request
// (same URL, same body bytes, same headers) to a local node:http server answering the allowed
// submit sample. Every side runs interleaved (the order rotating each iteration) after a
// warm-up, and the medians are compared in the same run:
//   sdk         evaluateAction of the default Node client (API requests over node:http)
//   raw fetch   the same request with the global fetch: the ratio's baseline (the goal)
//   raw http    the same request with node:http and a keep-alive agent: the SDK's own stack, so
//               sdk / raw http is the SDK's own overhead with the transport held equal (context)
//   sdk fetch   evaluateAction of a client given `fetch` (context: the fetch port)
//   raw fetch + AbortSignal, hand-written equivalent (context)
// Then the throughput of decisions while the breaker is open (fail fast, no I/O) is measured.
//
// Run: pnpm --filter @ascend/core --filter @ascend/node build && node bench/core-overhead.mjs
// Env: BENCH_ITERATIONS (default 3000 per side, at least 2000), BENCH_WARMUP (default 500 per
// side), BENCH_OPEN_CALLS (default 200000). Prints a table and lines for bench/run-all.mjs:
//   RATIO core.evaluate.overhead_x <median evaluateAction / median raw fetch> <=1.15 met|missed
//   RATIO core.evaluate.same_stack_x <median evaluateAction / median raw node:http> - info
//   RATIO core.evaluate.fetch_port_x <median evaluateAction over fetch / median raw fetch> - info
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parseDecision } from '../packages/core/dist/internal.js';
import { AscendClient, canonicalJson, silentLogger } from '../packages/node/dist/index.js';

const ITERATIONS = Math.max(2000, Number(process.env.BENCH_ITERATIONS ?? 3000));
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const OPEN_CALLS = Number(process.env.BENCH_OPEN_CALLS ?? 200_000);
const GOAL = 1.15;

const ALLOWED = JSON.stringify({
  action_id: 5103,
  decision: 'allowed',
  risk_score: 12,
  risk_level: 'low',
  execution_allowed: true,
  conditions: [],
});

let submits = 0;
let lastSdkRequest;
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    submits++;
    if (req.headers['x-bench-capture'] === undefined && lastSdkRequest === undefined) {
      lastSdkRequest = { headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') };
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(ALLOWED) });
    res.end(ALLOWED);
  });
});
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const url = `${baseUrl}/api/v1/actions/submit`;

const clientOptions = {
  apiKey: 'owkai_bench_key_0123456789',
  baseUrl,
  agentId: 'bench-agent',
  agentName: 'Bench Agent',
  signingSecret: 'bench-signing-secret',
  logger: silentLogger,
  env: {},
};
const client = new AscendClient(clientOptions);
const fetchClient = new AscendClient({ ...clientOptions, fetch: (input, init) => globalThis.fetch(input, init) });
const request = {
  actionType: 'financial.refund',
  resource: 'stripe_api',
  resourceId: 'ch_3PqX',
  parameters: { amount: 100, currency: 'EUR', note: 'café' },
  context: { session_id: 's-42' },
};

// One SDK call first, to capture the exact bytes and headers it sends.
await client.evaluateAction(request);
const sentHeaders = {};
for (const [k, v] of Object.entries(lastSdkRequest.headers)) {
  if (!['host', 'connection', 'content-length', 'accept-encoding', 'accept-language', 'sec-fetch-mode'].includes(k)) sentHeaders[k] = v;
}
const sentBody = lastSdkRequest.body;

async function sdkOnce() {
  const t0 = performance.now();
  const decision = await client.evaluateAction(request);
  const t1 = performance.now();
  if (decision.decision !== 'allowed') throw new Error('unexpected decision');
  return t1 - t0;
}

async function sdkFetchOnce() {
  const t0 = performance.now();
  const decision = await fetchClient.evaluateAction(request);
  const t1 = performance.now();
  if (decision.decision !== 'allowed') throw new Error('unexpected decision');
  return t1 - t0;
}

// The same request over node:http, as a user writing it by hand would: a keep-alive agent,
// the body read as text and parsed.
const agent = new http.Agent({ keepAlive: true });
const target = new URL(url);
const httpHeaders = { ...sentHeaders, 'content-length': String(Buffer.byteLength(sentBody)) };
function rawHttpOnce() {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: httpHeaders }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => {
        const body = JSON.parse(text);
        const t1 = performance.now();
        if (body.decision !== 'allowed') reject(new Error('unexpected body'));
        else resolve(t1 - t0);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(sentBody);
  });
}

async function rawOnce() {
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: sentHeaders, body: sentBody });
  const body = await res.json();
  const t1 = performance.now();
  if (body.decision !== 'allowed') throw new Error('unexpected body');
  return t1 - t0;
}

// For context only: the same raw fetch made cancellable (an AbortSignal, as any client with a
// timeout must pass). Not part of the ratio.
async function rawSignalOnce() {
  const t0 = performance.now();
  const controller = new AbortController();
  const res = await fetch(url, { method: 'POST', headers: sentHeaders, body: sentBody, signal: controller.signal });
  const body = await res.json();
  const t1 = performance.now();
  if (body.decision !== 'allowed') throw new Error('unexpected body');
  return t1 - t0;
}

// For context only: the least any client doing the same job must do, written by hand with no
// SDK plumbing: canonical body, timestamp, HMAC, two random ids, an AbortSignal with a timeout,
// and strict decision parsing. Not part of the ratio.
async function handWrittenOnce() {
  const t0 = performance.now();
  const body = canonicalJson({
    agent_id: 'bench-agent',
    agent_name: 'Bench Agent',
    action_type: request.actionType,
    resource: request.resource,
    resource_id: request.resourceId,
    action_details: request.parameters,
    context: request.context,
  });
  const timestamp = new Date().toISOString();
  const headers = {
    ...sentHeaders,
    'x-request-timestamp': timestamp,
    'x-signature': `v1=${createHmac('sha256', 'bench-signing-secret').update(`${timestamp}.${body}`).digest('hex')}`,
    'idempotency-key': randomUUID(),
    'x-correlation-id': `asc_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
  };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  timer.unref();
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: controller.signal });
    const decision = parseDecision(JSON.parse(await res.text()));
    const t1 = performance.now();
    if (decision.decision !== 'allowed') throw new Error('unexpected decision');
    return t1 - t0;
  } finally {
    clearTimeout(timer);
  }
}

const sides = {
  sdk: sdkOnce,
  raw: rawOnce,
  rawHttp: rawHttpOnce,
  sdkFetch: sdkFetchOnce,
  rawSignal: rawSignalOnce,
  handWritten: handWrittenOnce,
};
const names = Object.keys(sides);
for (let i = 0; i < WARMUP; i++) for (const name of names) await sides[name]();
const times = Object.fromEntries(names.map((name) => [name, []]));
for (let i = 0; i < ITERATIONS; i++) {
  // Rotate the order so that no side always runs first, or always right after another.
  for (let k = 0; k < names.length; k++) {
    const name = names[(i + k) % names.length];
    times[name].push(await sides[name]());
  }
}
const { sdk, raw, rawHttp, sdkFetch, rawSignal, handWritten } = times;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const p = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const sdkMedian = median(sdk);
const rawMedian = median(raw);
const ratio = sdkMedian / rawMedian;
const rawHttpMedian = median(rawHttp);
const sameStack = sdkMedian / rawHttpMedian;
const fetchPort = median(sdkFetch) / rawMedian;
// Each iteration's pair ran back to back under the same load; their ratio is robust to drift.
const pairedRatio = median(sdk.map((t, i) => t / raw[i]));

// Breaker open: a client pointed at a port that answers 503, threshold 1, no retries.
const down = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(503, { 'content-type': 'application/json' });
    res.end('{"detail":"down"}');
  });
});
let downRequests = 0;
down.on('request', () => downRequests++);
await new Promise((resolve) => down.listen(0, '127.0.0.1', resolve));
const openClient = new AscendClient({
  apiKey: 'owkai_bench_key_0123456789',
  baseUrl: `http://127.0.0.1:${down.address().port}`,
  agentId: 'bench-agent',
  signingSecret: 'bench-signing-secret',
  failMode: 'open',
  retry: { maxRetries: 0 },
  circuitBreaker: { failureThreshold: 1, recoveryTimeMs: 3_600_000 },
  logger: silentLogger,
  env: {},
});
await openClient.evaluateAction(request); // the one failure that opens the breaker
if (openClient.status().circuit.name !== 'open') throw new Error('breaker did not open');
const before = downRequests;
const o0 = performance.now();
let failOpen = 0;
for (let i = 0; i < OPEN_CALLS; i++) {
  const d = await openClient.evaluateAction(request);
  if (d.failOpen) failOpen++;
}
const openSeconds = (performance.now() - o0) / 1000;
const openRequests = downRequests - before;

const fmt = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const rows = [
  ['measure', 'value'],
  ['iterations per side', String(ITERATIONS)],
  ['raw fetch median', fmt(rawMedian)],
  ['evaluateAction median (node:http)', fmt(sdkMedian)],
  ['raw node:http median', fmt(rawHttpMedian)],
  ['evaluateAction over fetch median', `${fmt(median(sdkFetch))} (${fetchPort.toFixed(3)}, context)`],
  ['raw fetch + AbortSignal median (context)', `${fmt(median(rawSignal))} (${(median(rawSignal) / rawMedian).toFixed(3)})`],
  ['hand-written equivalent median (context)', `${fmt(median(handWritten))} (${(median(handWritten) / rawMedian).toFixed(3)})`],
  ['raw fetch p90', fmt(p(raw, 0.9))],
  ['evaluateAction p90', fmt(p(sdk, 0.9))],
  ['overhead at median', fmt(sdkMedian - rawMedian)],
  ['ratio of medians (goal <= ' + GOAL + ')', `${ratio.toFixed(3)} ${ratio <= GOAL ? 'met' : 'missed'}`],
  ['same stack: sdk / raw node:http (context)', sameStack.toFixed(3)],
  ['overhead over raw node:http at median', fmt(sdkMedian - rawHttpMedian)],
  ['median of paired ratios (context)', pairedRatio.toFixed(3)],
  ['breaker-open decisions/s', `${Math.round(OPEN_CALLS / openSeconds).toLocaleString('en-US')}`],
  ['requests while open', String(openRequests)],
  ['fail-open decisions', `${failOpen}/${OPEN_CALLS}`],
];
const w = Math.max(...rows.map((r) => r[0].length));
console.log('\ncore overhead (one run, interleaved, local node:http server)\n');
for (const [i, [k, v]] of rows.entries()) {
  console.log(`${k.padEnd(w)}  ${v}`);
  if (i === 0) console.log(`${'-'.repeat(w)}  ${'-'.repeat(20)}`);
}

console.log('');
console.log(`RATIO core.evaluate.overhead_x ${ratio.toFixed(3)} <=${GOAL} ${ratio <= GOAL ? 'met' : 'missed'}`);
console.log(`RATIO core.evaluate.same_stack_x ${sameStack.toFixed(3)} - info`);
console.log(`RATIO core.evaluate.fetch_port_x ${fetchPort.toFixed(3)} - info`);

await client.close();
await fetchClient.close();
await openClient.close();
agent.destroy();
server.closeAllConnections?.();
down.closeAllConnections?.();
await new Promise((resolve) => server.close(resolve));
await new Promise((resolve) => down.close(resolve));
