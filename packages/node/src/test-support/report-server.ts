/**
 * A small ASCEND stand-in over real HTTP on 127.0.0.1 for report-spool tests: it answers 503
 * while `down` is set and `{}` with 200 otherwise, and records every request it receives with its
 * raw body bytes and the headers a replay must repeat.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received. */
export interface SeenRequest {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  timestamp: string | undefined;
  correlationId: string | undefined;
  body: Buffer;
  /** The status the server answered. */
  status: number;
}

/** A running report server. */
export interface ReportServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  /** Answer 503 to everything while true. */
  down: boolean;
  /** Requests answered 2xx, by idempotency key. */
  accepted(): Map<string, SeenRequest[]>;
  close(): Promise<void>;
}

/** Starts a report server on an ephemeral port of 127.0.0.1. */
export async function startReportServer(options: { down?: boolean } = {}): Promise<ReportServer> {
  const seen: SeenRequest[] = [];
  const state = { down: options.down ?? false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = state.down ? 503 : 200;
      const header = (name: string) => {
        const v = req.headers[name];
        return Array.isArray(v) ? v.join(',') : v;
      };
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        idempotencyKey: header('idempotency-key'),
        timestamp: header('x-request-timestamp'),
        correlationId: header('x-correlation-id'),
        body: Buffer.concat(chunks),
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(status === 200 ? '{}' : '{"detail":"down for maintenance"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    accepted() {
      const byKey = new Map<string, SeenRequest[]>();
      for (const r of seen) {
        if (r.status !== 200 || r.idempotencyKey === undefined) continue;
        byKey.set(r.idempotencyKey, [...(byKey.get(r.idempotencyKey) ?? []), r]);
      }
      return byKey;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (connection refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
