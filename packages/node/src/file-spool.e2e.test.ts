/**
 * FileSpoolStore with the real Node client against a local HTTP server: reports the service did
 * not accept in one client are delivered by a later client that uses the same directory, with
 * their original idempotency key, body bytes, timestamp and correlation id.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AscendClient, FileSpoolStore, isAscendError, type LogRecord, type SpooledReport } from './index.js';
import { closedPort, startReportServer, type ReportServer } from './test-support/report-server.js';

let root: string;
let directory: string;
let server: ReportServer;
const silent = { log() {} };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-spool-e2e-'));
  directory = join(root, 'spool');
  server = await startReportServer({ down: true });
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function client(baseUrl: string, extra: { maxSize?: number; logger?: { log(r: LogRecord): void }; store?: FileSpoolStore } = {}): AscendClient {
  return new AscendClient({
    apiKey: 'spool-e2e-key',
    baseUrl,
    env: {},
    logger: extra.logger ?? silent,
    retry: { maxRetries: 0 },
    reportSpool: { store: extra.store ?? new FileSpoolStore({ directory, logger: silent }), ...(extra.maxSize ? { maxSize: extra.maxSize } : {}) },
  });
}

/** Client A: reports during an outage, then closes. Returns what it spooled. */
async function reportDuringOutage(baseUrl: string): Promise<SpooledReport[]> {
  const a = client(baseUrl);
  const spooled: SpooledReport[] = [];
  a.on('reportSpooled', ({ report }) => spooled.push(report));
  const r1 = await a.logActionCompleted('act-1', { durationMs: 12, result: { refundId: 're_1', note: 'ünïcødé' } });
  const r2 = await a.logActionFailed('act-2', { error: { code: 'REFUND_FAILED', message: 'card declined' }, durationMs: 3 });
  expect([r1.spooled, r2.spooled, r1.delivered, r2.delivered]).toEqual([true, true, false, false]);
  await a.close();
  expect(a.status().spoolSize).toBe(2);
  expect((await readdir(directory)).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  return spooled;
}

function expectDeliveredAsSpooled(spooled: SpooledReport[]): void {
  const accepted = server.accepted();
  expect(accepted.size).toBe(2);
  for (const report of spooled) {
    const requests = accepted.get(report.idempotencyKey) ?? [];
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request!.path).toBe(`/api/agent-action/${report.actionId}/${report.kind}`);
    expect(request!.body.toString('utf8')).toBe(report.body);
    expect(request!.timestamp).toBe(report.timestamp);
    expect(request!.correlationId).toBe(report.correlationId);
  }
  // The attempt client A made during the outage carried the same key and bytes as the delivery.
  const first = server.seen.find((r) => r.status === 503)!;
  const delivered = accepted.get(first.idempotencyKey!)![0]!;
  expect(delivered.body.equals(first.body)).toBe(true);
  expect([delivered.timestamp, delivered.correlationId]).toEqual([first.timestamp, first.correlationId]);
}

describe('FileSpoolStore end to end with AscendClient', () => {
  it('503s: client A spools and closes; client B delivers on flushReports() with the original key and bytes', async () => {
    const spooled = await reportDuringOutage(server.url);
    server.down = false;
    const b = client(server.url);
    const delivered: string[] = [];
    b.on('reportDelivered', ({ report }) => delivered.push(report.actionId));
    await b.flushReports();
    expect(delivered).toEqual(['act-1', 'act-2']); // oldest first
    expectDeliveredAsSpooled(spooled);
    await b.close();
    expect(await readdir(directory)).toEqual([]);
  });

  it('connection refused: client A spools; client B delivers on close()', async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const spooled = await reportDuringOutage(down);
    expect(server.seen).toEqual([]);
    server.down = false;
    const b = client(server.url);
    // close() flushes what the client has loaded from the store; wait for that load first.
    await vi.waitFor(() => expect(b.status().spoolSize).toBe(2), { timeout: 30_000 });
    await b.close();
    const accepted = server.accepted();
    expect([...accepted.keys()].sort()).toEqual(spooled.map((r) => r.idempotencyKey).sort());
    for (const r of spooled) expect(accepted.get(r.idempotencyKey)![0]!.body.toString('utf8')).toBe(r.body);
    expect(await readdir(directory)).toEqual([]);
  });

  it('a report still down for client B stays on disk for a client C', async () => {
    const spooled = await reportDuringOutage(server.url);
    const b = client(server.url);
    await b.flushReports(); // still 503
    await b.close();
    server.down = false;
    const c = client(server.url);
    await c.flushReports();
    await c.close();
    expectDeliveredAsSpooled(spooled);
  });

  it("the client's drop-oldest policy removes the file of the dropped report; the rest is delivered later", async () => {
    const store = new FileSpoolStore({ directory, maxReports: 2, logger: silent });
    const a = client(server.url, { maxSize: 2, store });
    const dropped: string[] = [];
    a.on('reportDropped', ({ report, reason }) => dropped.push(`${report.actionId}:${reason}`));
    for (const id of ['act-1', 'act-2', 'act-3']) await a.logActionCompleted(id, { durationMs: 1 });
    await a.close();
    expect(dropped).toEqual(['act-1:spool_full']);
    server.down = false;
    const b = client(server.url);
    await b.flushReports();
    await b.close();
    expect(server.seen.filter((r) => r.status === 200).map((r) => r.path)).toEqual(['/api/agent-action/act-2/complete', '/api/agent-action/act-3/complete']);
  });

  it('a report the store cannot keep is logged at error (it stays in memory only)', async () => {
    const logs: LogRecord[] = [];
    const store = new FileSpoolStore({ directory, maxBytes: 1024, logger: silent });
    const a = client(server.url, { store, logger: { log: (r) => void logs.push(r) } });
    await a.logActionCompleted('act-1', { durationMs: 1, result: { pad: 'x'.repeat(2000) } });
    const failure = logs.find((l) => l.level === 'error' && l.message === 'report spool store failed');
    expect(failure).toBeDefined();
    expect(a.status().spoolSize).toBe(1); // in memory
    await a.close();
    expect(await readdir(directory)).toEqual([]);
  });

  it('the Node clients refuse a FileSpoolStore that holds fewer reports than reportSpool.maxSize', () => {
    const store = new FileSpoolStore({ directory, maxReports: 10 });
    let error: unknown;
    try {
      client(server.url, { store });
    } catch (e) {
      error = e;
    }
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe('reportSpool.store');
    const ok = client(server.url, { store, maxSize: 10 });
    void ok.close();
  });
});
