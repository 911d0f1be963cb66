/**
 * `@ascend/testing`'s fake ASCEND service over real HTTP on 127.0.0.1, for governed MCP servers
 * running in another process (stdio children) or behind a real HTTP client. Approvals go through
 * the fake's own API (`fake.approve`), like a reviewer in the dashboard.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAscend } from '@ascend/testing';

/** A running host: its base URL and how to stop it. */
export interface FakeHost {
  url: string;
  close(): Promise<void>;
}

/** Serves `fake` on 127.0.0.1 (a free port). */
export async function serveFake(fake: FakeAscend): Promise<FakeHost> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      void fake
        .handle({ method: req.method ?? 'GET', path: req.url ?? '/', headers, body: Buffer.concat(chunks).toString('utf8') })
        .then((response) => {
          if (response.networkError || response.hang) {
            req.socket.destroy();
            return;
          }
          res.writeHead(response.status, response.headers);
          res.end(response.body ?? '');
        })
        .catch(() => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end('{"detail":"fake host error"}');
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
