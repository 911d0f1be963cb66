// Time to an answer from a hung service with DEFAULT client options (issue 13, requirement 5).
//
// A local server on 127.0.0.1 accepts every connection, reads the request and never answers. A
// client built with default options (fail mode closed) calls evaluateAction until it throws; the
// time from the call to the throw is the figure. Goal: at most 10 s. Also printed, as ordinary
// lines: the error, and how many attempts (requests) reached the server.
//
// The server lives in this process, so it keeps the event loop alive whatever the client's timers
// do: this bench measures the answer time, not process lifetime (runtimes/lifetime.test.ts does).
// A bound (BENCH_BOUND_S, default 60) ends the measurement if the call never settles.
//
// Run: pnpm --filter @ascend/node... build && node bench/lifetime-hung-service.mjs
import { createServer } from 'node:http';
import { AscendClient, isAscendError, silentLogger } from '../packages/node/dist/index.js';

const GOAL_S = 10;
const BOUND_S = Math.max(15, Number(process.env.BENCH_BOUND_S ?? 60));

let requests = 0;
let connections = 0;
const sockets = new Set();
const server = createServer((req) => {
  requests++;
  req.resume(); // read it, never answer
});
server.on('connection', (socket) => {
  connections++;
  sockets.add(socket);
  socket.once('close', () => sockets.delete(socket));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;

const client = new AscendClient({ baseUrl, apiKey: 'bench-key', agentId: 'bench-agent', env: {}, failMode: 'closed', logger: silentLogger });

let boundTimer;
const bound = new Promise((resolve) => (boundTimer = setTimeout(() => resolve({ bound: true }), BOUND_S * 1000)));
const started = performance.now();
const outcome = await Promise.race([
  client.evaluateAction({ actionType: 'bench.hung', resource: 'bench_db' }).then(
    (decision) => ({ decision }),
    (error) => ({ error }),
  ),
  bound,
]);
const elapsedS = (performance.now() - started) / 1000;
clearTimeout(boundTimer);

let what;
if (outcome.bound) what = `no answer within the ${BOUND_S} s bound`;
else if (outcome.decision) what = `a decision (${outcome.decision.decision}${outcome.decision.failOpen ? ', fail-open' : ''}), not the fail-closed error`;
else if (isAscendError(outcome.error)) what = `${outcome.error.code}${isAscendError(outcome.error.cause) ? ` (cause ${outcome.error.cause.code})` : ''}`;
else what = `a non-Ascend error: ${String(outcome.error)}`;

console.log('Hung service (accepts, never answers), client with default options, fail mode closed');
console.log(`answer:            ${what}`);
console.log(`time to answer:    ${elapsedS.toFixed(2)} s (goal <= ${GOAL_S} s)`);
console.log(`attempts made:     ${requests} requests reached the server over ${connections} connections`);

let closeTimer;
await Promise.race([client.close(), new Promise((resolve) => (closeTimer = setTimeout(resolve, 3000)))]);
clearTimeout(closeTimer);
for (const socket of sockets) socket.destroy();
await new Promise((resolve) => server.close(resolve));

// A call that never answered, or answered with anything but an error, is reported at the bound:
// it missed the goal.
const value = outcome.bound || outcome.decision ? BOUND_S : elapsedS;
console.log(`\nRATIO lifetime.hung_service.answer_s ${value.toFixed(2)} <=${GOAL_S} ${value <= GOAL_S ? 'met' : 'missed'}`);
