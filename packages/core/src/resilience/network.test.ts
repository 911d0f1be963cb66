/**
 * Retries against real sockets on 127.0.0.1 (no msw in this file): a port that was opened and
 * closed (connection refused) and a server that accepts and never answers (hung socket). Time is
 * fake; the tests step it only once the real I/O they wait for has happened.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../ports.js';
import { eventually, type FakeTime } from '../test-support/fake-time.js';
import { ENVELOPE_HEADERS, REQUEST, rejection, scenario } from '../test-support/scenario.js';

interface Sent {
  headers: Record<string, string>;
  body: string;
}

/** Wraps the real fetch to see what each attempt sent (the request still goes to the network). */
function observedFetch(sent: Sent[]): FetchLike {
  return (input, init) => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    sent.push({ headers, body: typeof init?.body === 'string' ? init.body : '' });
    return globalThis.fetch(input, init);
  };
}

function expectOneEnvelope(sent: readonly Sent[]): void {
  for (const s of sent) {
    expect(s.body).toBe(sent[0]!.body);
    for (const h of ENVELOPE_HEADERS) expect(s.headers[h], h).toBe(sent[0]!.headers[h]);
  }
  expect(sent[0]!.headers['idempotency-key']).toBeTruthy();
  expect(sent[0]!.headers['x-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
}

/** Settles `promise`, stepping fake time over each backoff sleep (delay ≤ maxSleep) once it is scheduled. */
async function stepBackoffs<T>(time: FakeTime, promise: Promise<T>, maxSleep: number): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    await eventually(() => settled || time.pending().some((t) => t.delay <= maxSleep), 'a backoff sleep or the end of the call');
    if (settled) return promise;
    await time.advance(time.pending().find((t) => t.delay <= maxSleep)!.dueIn);
  }
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe('real sockets', () => {
  it('connection refused: exactly 1 + maxRetries attempts, each the same request, then NetworkError through the fail mode', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));

    const sent: Sent[] = [];
    // The attempt timeout (60 s) is never reached: refusals come back from the kernel at once.
    const { client, time } = scenario(
      `http://127.0.0.1:${port}`,
      { timeoutMs: 60_000, deadlineMs: 600_000, retry: { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 1000 } },
      { fetch: observedFetch(sent) },
    );
    const error = await stepBackoffs(time, rejection(client.evaluateAction(REQUEST)), 1000);
    expect(sent).toHaveLength(4);
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'NETWORK_ERROR' } });
    expectOneEnvelope(sent);
    await client.close();
  });

  it('a hung socket: each attempt times out, exactly 1 + maxRetries requests reach the server with one envelope', async () => {
    const received: Sent[] = [];
    const hung = http.createServer((req) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
        received.push({ headers, body: Buffer.concat(chunks).toString('utf8') });
        // Never answer.
      });
    });
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    cleanups.push(async () => {
      hung.closeAllConnections();
      await new Promise<void>((r) => hung.close(() => r()));
    });
    const { port } = hung.address() as AddressInfo;
    const { client, time } = scenario(`http://127.0.0.1:${port}`, {
      timeoutMs: 1000,
      deadlineMs: 600_000,
      retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 100 },
    });
    const result = rejection(client.evaluateAction(REQUEST));
    // Step exactly to each timer (never past it), so one step cannot also fire the next sleep.
    const stepTo = (pick: (t: { delay: number }) => boolean) => time.advance(time.pending().find(pick)!.dueIn);
    for (let attempt = 1; attempt <= 4; attempt++) {
      await eventually(() => received.length === attempt, `request ${attempt} at the server`);
      await stepTo((t) => t.delay === 1000); // the attempt timeout
      if (attempt < 4) {
        await eventually(() => time.pending().some((t) => t.delay <= 100), 'the backoff sleep');
        await stepTo((t) => t.delay <= 100);
      }
    }
    const error = await result;
    expect(error).toMatchObject({ code: 'GOVERNANCE_UNAVAILABLE', cause: { code: 'TIMEOUT', timeoutMs: 1000 } });
    expect(received).toHaveLength(4);
    expectOneEnvelope(received);
    await client.close();
  });
});
