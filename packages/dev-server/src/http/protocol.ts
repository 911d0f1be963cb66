/**
 * The ASCEND protocol over real HTTP: every request outside the dashboard and `/_admin` goes to
 * the fake's transport-independent `handle()`, on Node's own request objects (no per-request
 * `Request`/`Response` allocation on the hot path). The response is sent only after the state
 * it acknowledges is durable.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeAscend } from '@ascend/testing';
import type { DevLogger } from '../logger.js';
import type { StateStore } from '../persistence/durable-store.js';
import { createCors } from './cors.js';
import { hostAllowed } from './host.js';

/** Dependencies of the protocol handler. @internal */
export interface ProtocolDeps {
  readonly fake: FakeAscend;
  readonly store: () => StateStore;
  readonly logger: DevLogger;
  readonly maxBodyBytes: number;
  /** Bound to loopback: only loopback `Host` names are served (no DNS rebinding). */
  readonly loopback: boolean;
  /** Origins allowed to call from a browser page (CORS); none: no CORS headers at all. */
  readonly corsOrigins: readonly string[];
}

/** Requests in flight, for a graceful shutdown. @internal */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Marks one request started; returns the function that marks it finished. */
  start(): () => void {
    this.count++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.count--;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    };
  }

  /** Number of requests in flight. */
  get size(): number {
    return this.count;
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

type BodyResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: 'too-large' | 'aborted' };

/** Reads a request body up to `limit` bytes. @internal */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, reason: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settle({ ok: false, reason: 'too-large' });
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => settle({ ok: true, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => settle({ ok: false, reason: 'aborted' }));
    req.on('close', () => settle({ ok: false, reason: 'aborted' }));
  });
}

/** Writes a JSON answer. @internal */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Creates the protocol handler.
 * @internal
 */
export function createProtocolHandler(deps: ProtocolDeps, inFlight: InFlight): (req: IncomingMessage, res: ServerResponse) => void {
  const { fake, logger } = deps;
  const cors = createCors(deps.corsOrigins);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (!hostAllowed(deps.loopback, req.headers.host)) {
      sendJson(res, 403, { detail: 'Host not allowed: this server answers only to localhost names' });
      return;
    }
    let corsHeaders: Readonly<Record<string, string>> | undefined;
    if (cors) {
      const step = cors(req, res);
      if (step.kind === 'answered') return;
      if (step.kind === 'headers') corsHeaders = step.headers;
    }
    let rawPath = req.url ?? '/';
    if (!rawPath.startsWith('/')) {
      // Absolute-form request target (a proxy-style request): keep path and query only.
      try {
        const u = new URL(rawPath);
        rawPath = `${u.pathname}${u.search}`;
      } catch {
        sendJson(res, 400, { detail: 'Malformed request target' }, corsHeaders);
        return;
      }
    }
    let body = '';
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readBody(req, deps.maxBodyBytes);
      if (!read.ok) {
        if (read.reason === 'too-large')
          sendJson(res, 413, { detail: `Request body larger than ${deps.maxBodyBytes} bytes` }, { connection: 'close', ...corsHeaders });
        return;
      }
      body = read.text;
    }
    // Only latency and hang faults watch the signal; skip the AbortController when none is set.
    let controller: AbortController | undefined;
    if (fake.faults.active().length > 0) {
      const c = new AbortController();
      controller = c;
      res.on('close', () => {
        if (!res.writableFinished) c.abort(new Error('client went away'));
      });
    }
    const started = logger.enabled('debug') ? performance.now() : 0;
    const response = await fake.handle({
      method,
      path: rawPath,
      headers: req.headers as Record<string, string>,
      body,
      ...(controller ? { signal: controller.signal } : {}),
    });
    if (response.networkError) {
      // An `outage` fault: the connection drops with no answer.
      req.socket.destroy();
      return;
    }
    if (response.hang) {
      // A `hang` fault: never answer; the socket stays open until the client gives up (or the
      // server shuts down and destroys it).
      await new Promise<void>((resolve) => {
        if (res.destroyed || res.writableFinished) resolve();
        else res.once('close', () => resolve());
      });
      return;
    }
    try {
      // Write-ahead: nothing is acknowledged before it is on disk.
      await deps.store().sync();
    } catch {
      sendJson(res, 503, { detail: 'Storage unavailable: the dev server could not persist this change' }, { 'retry-after': '5', ...corsHeaders });
      return;
    }
    if (res.destroyed) return;
    const headers: Record<string, string | number> = corsHeaders ? { ...response.headers, ...corsHeaders } : { ...response.headers };
    if (response.body !== null) headers['content-length'] = Buffer.byteLength(response.body);
    res.writeHead(response.status, headers);
    res.end(method === 'HEAD' ? undefined : (response.body ?? undefined));
    if (started) {
      logger.debug('request', {
        method,
        path: rawPath.split('?')[0],
        operation: response.operation,
        status: response.status,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
      });
    }
  }

  return (req, res) => {
    const done = inFlight.start();
    handle(req, res)
      .catch((error: unknown) => {
        logger.error('request failed inside the dev server', { method: req.method, path: (req.url ?? '').split('?')[0], error });
        sendJson(res, 500, { detail: 'Dev server internal error' });
      })
      .finally(done);
  };
}
