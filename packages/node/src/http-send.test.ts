/**
 * The Node adapter's HTTP client against real local servers: exact request bytes, headers,
 * no redirects, decompression, keep-alive reuse, aborts and connection failures, and the same
 * behaviour through the client (timeouts, network errors, retries with one idempotency key).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from '@ascend/core';
import { AscendAgentClient, isAscendError, nodeHttpSend, nodePort } from './index.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  socket: number;
}

const servers: Array<http.Server | https.Server> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

/** A local server answering with `handler`; records every request and which socket it came on. */
async function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void) {
  const received: Received[] = [];
  const sockets = new Map<object, number>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
      const body = Buffer.concat(chunks);
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: sockets.get(req.socket)! });
      handler(req, res, body);
    });
  });
  server.keepAliveTimeout = 60_000; // a socket the client left referenced would hold a process this long
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

function request(url: string, overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'GET', url, headers: {}, body: undefined, signal: new AbortController().signal, ...overrides };
}

const quiet = { logger: { log() {} } };
const LIMIT = 1024 * 1024;

describe('nodeHttpSend', () => {
  it('sends the exact method, path, query, headers and UTF-8 body bytes', async () => {
    const { url, received } = await serve((_req, res) => res.end('{}'));
    const send = nodeHttpSend();
    const body = '{"note": "caf\\u00e9", "raw": "ü✓"}';
    const response = await send(
      request(`${url}/api/v1/actions/submit?page=2&status=a%20b`, {
        method: 'POST',
        headers: { 'X-Signature': 'v1=abc', 'Content-Type': 'application/json' },
        body,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.text(LIMIT)).toBe('{}');
    expect(received).toHaveLength(1);
    const [got] = received;
    expect(got!.method).toBe('POST');
    expect(got!.url).toBe('/api/v1/actions/submit?page=2&status=a%20b');
    expect(got!.headers['x-signature']).toBe('v1=abc');
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(got!.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
  });

  it('reads status, headers by any case (repeated ones joined) and a multi-byte body split across chunks', async () => {
    const text = JSON.stringify({ reason: 'é'.repeat(40_000) });
    const bytes = Buffer.from(text, 'utf8');
    const { url } = await serve((_req, res) => {
      res.writeHead(201, { 'Retry-After': '7', 'X-Many': ['a', 'b'] });
      // Split inside a two-byte character.
      res.write(bytes.subarray(0, 1001));
      setTimeout(() => res.end(bytes.subarray(1001)), 5);
    });
    const response = await nodeHttpSend()(request(url));
    expect(response.status).toBe(201);
    expect(response.header('retry-after')).toBe('7');
    expect(response.header('RETRY-AFTER')).toBe('7');
    expect(response.header('x-many')).toBe('a, b');
    expect(response.header('x-absent')).toBeNull();
    expect(await response.text(LIMIT)).toBe(text);
  });

  it('follows no redirect: the 3xx and its location come back as they are', async () => {
    const { url, received } = await serve((_req, res) => {
      res.writeHead(302, { Location: '/elsewhere' });
      res.end();
    });
    const response = await nodeHttpSend()(request(`${url}/start`));
    expect(response.status).toBe(302);
    expect(response.header('location')).toBe('/elsewhere');
    response.discard();
    expect(received.map((r) => r.url)).toEqual(['/start']);
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('decodes a %s-compressed body', async (encoding, compress) => {
    const text = JSON.stringify({ decision: 'allowed', note: 'ü'.repeat(500) });
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding });
      res.end(compress(Buffer.from(text)));
    });
    expect(await (await nodeHttpSend()(request(url))).text(LIMIT)).toBe(text);
  });

  it('reads a body up to the limit, and gives undefined past it without reading the rest (declared, chunked, compressed)', async () => {
    let written = 0;
    const { url } = await serve((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'Content-Length': '5000' });
        res.end('x'.repeat(5000));
      } else if (req.url === '/gzip') {
        // 64 KiB of text in a few hundred compressed bytes: the limit counts decoded bytes.
        res.writeHead(200, { 'Content-Encoding': 'gzip' });
        res.end(gzipSync('y'.repeat(64 * 1024)));
      } else if (req.url === '/exact') {
        res.end('z'.repeat(4096));
      } else {
        // Chunked and endless: only the limit ends the read.
        res.writeHead(200);
        const pump = () => {
          while (!res.destroyed && written < 50 * 1024 * 1024 && res.write('w'.repeat(1024))) written += 1024;
          if (!res.destroyed && written < 50 * 1024 * 1024) res.once('drain', pump);
          else res.end();
        };
        res.on('close', () => res.destroy());
        pump();
      }
    });
    const send = nodeHttpSend();
    expect(await (await send(request(`${url}/declared`))).text(4096)).toBeUndefined();
    expect(await (await send(request(`${url}/gzip`))).text(4096)).toBeUndefined();
    expect(await (await send(request(`${url}/exact`))).text(4096)).toBe('z'.repeat(4096));
    expect(await (await send(request(`${url}/endless`))).text(4096)).toBeUndefined();
    // The server stopped well before its 50 MiB: the client closed the exchange.
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('through the client, a response over maxResponseBytes is a ProtocolError, never a decision (fail-open too)', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ action_id: 1, decision: 'denied', padding: 'p'.repeat(10_000) }));
    });
    const client = new AscendAgentClient({ apiKey: 'k', baseUrl: url, env: {}, failMode: 'open', maxResponseBytes: 2048, ...quiet });
    const error: unknown = await client.evaluateAction({ actionType: 'a.b', resource: 'r' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'PROTOCOL_ERROR')).toBe(true);
    await client.close();
  });

  it('rejects a body in an encoding it cannot decode instead of returning garbage', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'zstd' });
      res.end('not really zstd');
    });
    const response = await nodeHttpSend()(request(url));
    await expect(response.text(LIMIT)).rejects.toThrow(/unsupported content-encoding zstd/);
  });

  it('keeps the connection alive between requests', async () => {
    const { url, received } = await serve((_req, res) => res.end('{}'));
    const send = nodeHttpSend();
    for (let i = 0; i < 3; i++) await (await send(request(url))).text(LIMIT);
    expect(received.map((r) => r.socket)).toEqual([1, 1, 1]);
  });

  it('rejects at once when the signal aborts while the server has not answered', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = nodeHttpSend()(request(url, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects the body read when the signal aborts after the headers arrived', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200);
      res.write('{"partial": ');
    });
    const controller = new AbortController();
    const response = await nodeHttpSend()(request(url, { signal: controller.signal }));
    const reading = response.text(LIMIT);
    controller.abort();
    await expect(reading).rejects.toThrow();
  });

  it('rejects the body read when the server closes the connection mid-body', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('{"partial": ');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    const response = await nodeHttpSend()(request(url));
    await expect(response.text(LIMIT)).rejects.toThrow();
  });

  it('rejects when nothing listens, and for a scheme it does not speak', async () => {
    const { url, server } = await serve((_req, res) => res.end());
    await new Promise<void>((resolve) => server.close(() => resolve()));
    servers.length = 0;
    await expect(nodeHttpSend()(request(url))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(nodeHttpSend()(request('ftp://127.0.0.1/x'))).rejects.toThrow(/unsupported URL scheme ftp:/);
  });
});

// A self-signed identity for 127.0.0.1, for tests only (fixtures/tls/README.md).
const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
const tls = { cert: readFileSync(`${TLS_DIR}cert.pem`), key: readFileSync(`${TLS_DIR}key.pem`) };

/** A local HTTPS server with the test identity; records each request's method, path and body. */
async function serveTls(handler: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  const received: Array<{ method: string; url: string; body: string }> = [];
  const server = https.createServer(tls, (req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      handler(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('nodeHttpSend over https', () => {
  it('speaks TLS through node:https with the given agent: same bytes out, body back', async () => {
    const { url, received } = await serveTls((_req, res, body) => res.end(JSON.stringify({ echoed: body.length })));
    const httpsAgent = new https.Agent({ ca: tls.cert, keepAlive: true });
    try {
      const body = '{"amount": 50, "note": "caf\u00e9"}';
      const response = await nodeHttpSend({ httpsAgent })(
        request(`${url}/api/v1/actions/submit`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }),
      );
      expect(response.status).toBe(200);
      expect(JSON.parse((await response.text(LIMIT))!)).toEqual({ echoed: body.length });
      expect(received).toEqual([{ method: 'POST', url: '/api/v1/actions/submit', body }]);
    } finally {
      httpsAgent.destroy();
    }
  });

  it('verifies the certificate: with the default agent it refuses a server it cannot trust, and nothing is sent', async () => {
    const { url, received } = await serveTls((_req, res) => res.end('{}'));
    const error: unknown = await nodeHttpSend()(request(`${url}/health`)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as NodeJS.ErrnoException).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect(received).toEqual([]);
  });

  it('through the client, an untrusted certificate is a network error (fail mode applies), never a decision', async () => {
    const { url, received } = await serveTls((_req, res) => res.end('{}'));
    const client = new AscendAgentClient({ ...quiet, apiKey: 'k-0123456789', baseUrl: url, agentId: 'a', retry: { maxRetries: 0 } });
    try {
      const error: unknown = await client.evaluateAction({ actionType: 'a.b', resource: 'r' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE')).toBe(true);
      expect(isAscendError((error as Error).cause, 'NETWORK_ERROR')).toBe(true);
      expect(received).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe('nodePort', () => {
  it('sends API requests over node:http by default, and over a given fetch instead when one is passed', async () => {
    expect(typeof nodePort().send).toBe('function');
    const { url, received } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ action_id: 1, decision: 'allowed' }));
    });
    const fetched: string[] = [];
    const port = nodePort({
      fetch: (input, init) => {
        fetched.push(input instanceof Request ? input.url : String(input));
        return globalThis.fetch(input, init);
      },
    });
    expect(port.send).toBeUndefined();
    const client = new AscendAgentClient({ ...quiet, apiKey: 'k-0123456789', baseUrl: url, agentId: 'a', fetch: port.fetch });
    await client.evaluateAction({ actionType: 'data.read', resource: 'db' });
    await client.close();
    expect(fetched).toEqual([`${url}/api/v1/actions/submit`]);
    expect(received).toHaveLength(1);
  });
});

describe('AscendAgentClient over node:http', () => {
  it('retries a 503 with the same idempotency key, body and signature, then decides', async () => {
    let calls = 0;
    const { url, received } = await serve((_req, res) => {
      calls++;
      if (calls < 3) {
        res.writeHead(503);
        res.end('{"detail": "busy"}');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ action_id: 9, decision: 'allowed' }));
    });
    const client = new AscendAgentClient({
      ...quiet,
      apiKey: 'k-0123456789',
      baseUrl: url,
      agentId: 'a',
      signingSecret: 'node-http-secret',
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 },
    });
    const decision = await client.evaluateAction({ actionType: 'data.read', resource: 'db' });
    await client.close();
    expect(decision.decision).toBe('allowed');
    expect(received).toHaveLength(3);
    const keys = new Set(received.map((r) => r.headers['idempotency-key']));
    const signatures = new Set(received.map((r) => r.headers['x-signature']));
    const bodies = new Set(received.map((r) => r.body.toString('hex')));
    expect([keys.size, signatures.size, bodies.size]).toEqual([1, 1, 1]);
  });

  it('turns a hung server into a request timeout, and a refused connection into a network error', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    const client = new AscendAgentClient({ ...quiet, apiKey: 'k-0123456789', baseUrl: url, agentId: 'a', timeoutMs: 50, retry: { maxRetries: 0 } });
    const hung = await client.submitAction({ actionType: 'data.read', resource: 'db' }).catch((e: unknown) => e);
    expect(isAscendError(hung, 'TIMEOUT')).toBe(true);
    await client.close();

    const closed = await serve(() => {});
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    servers.pop();
    const refused = new AscendAgentClient({ ...quiet, apiKey: 'k-0123456789', baseUrl: closed.url, agentId: 'a', retry: { maxRetries: 0 } });
    const error = await refused.submitAction({ actionType: 'data.read', resource: 'db' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'NETWORK_ERROR')).toBe(true);
    await refused.close();
  });

  it('lets the process exit by itself after a call: idle keep-alive sockets hold nothing open', async () => {
    const { url, received } = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ action_id: 3, decision: 'allowed' }));
    });
    const script = `
      const { AscendAgentClient } = await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
      const client = new AscendAgentClient({ apiKey: 'k-0123456789', baseUrl: ${JSON.stringify(url)}, agentId: 'a', logger: { log() {} } });
      const d = await client.evaluateAction({ actionType: 'data.read', resource: 'db' });
      console.log(d.decision);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)) });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running after 5 s');
      }, 5_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    expect(exited).toBe(0);
    expect(out.trim()).toBe('allowed');
    expect(received).toHaveLength(1);
  });
});
