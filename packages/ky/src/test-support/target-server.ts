/**
 * The HTTP API a governed agent calls in the tests: a node:http server on 127.0.0.1 that counts
 * every request it receives, by path.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running target server. */
export interface TargetServer {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** `127.0.0.1:<port>`, the default resource of its requests. */
  readonly host: string;
  /** Requests received per path. */
  hits(path: string): number;
  /** Every request received, as `METHOD /path?query`. */
  readonly received: string[];
  /** Forgets the counts. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Routes: `/ok` 200 JSON; `/fail` 500; `/flaky/<n>` 503 for the first n requests, then 200;
 * `/created` 201; anything else 404.
 */
export async function startTargetServer(): Promise<TargetServer> {
  const received: string[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const n = (counts.get(url.pathname) ?? 0) + 1;
    counts.set(url.pathname, n);
    received.push(`${req.method ?? ''} ${req.url ?? ''}`);
    req.resume();
    req.on('end', () => {
      const flaky = /^\/flaky\/(\d+)$/.exec(url.pathname);
      const send = (status: number, body: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (url.pathname === '/ok') send(200, { ok: true });
      else if (url.pathname === '/created') send(201, { id: 'r_1' });
      else if (url.pathname === '/fail') send(500, { error: 'boom' });
      else if (flaky) send(n <= Number(flaky[1]) ? 503 : 200, { attempt: n });
      else send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    hits: (path) => counts.get(path) ?? 0,
    received,
    reset: () => {
      counts.clear();
      received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
