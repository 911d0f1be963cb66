/**
 * A small fault proxy in front of the dev server, on 127.0.0.1, one per scenario run:
 *
 * - `fail-first`: the first request is answered `503` with `Retry-After: 1`, every later one is
 *   forwarded unchanged to the target;
 * - `hang`: every connection is accepted and its request read, and nothing is ever answered.
 *
 * And {@link closedPort}: an address where nothing listens (connection refused).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does. */
export type Fault = 'fail-first' | 'hang';

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Requests received, by method and path, in order. */
  readonly requests: string[];
  /** Requests forwarded to the target. */
  readonly forwarded: number;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/** Starts a proxy with `fault` in front of `target` (an origin such as the dev server's URL). */
export async function startFaultProxy(target: string, fault: Fault): Promise<FaultProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  let forwarded = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    if (fault === 'hang') {
      req.resume(); // read the request, never answer
      return;
    }
    if (requests.length === 1) {
      req.resume();
      req.once('end', () => {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end('{"detail":"Service Unavailable"}');
      });
      return;
    }
    forwarded++;
    const out = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    get forwarded() {
      return forwarded;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An origin on 127.0.0.1 where nothing listens: a port that was free a moment ago. */
export async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
