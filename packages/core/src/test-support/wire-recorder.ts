/**
 * A recorder of what actually reaches the wire, for msw-based tests: method, raw path, query,
 * headers and the exact body bytes of every request, with scripted responses.
 *
 * Test support only: excluded from the build and from the core lint rules.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The full request URL. */
  readonly url: string;
  /** The path exactly as sent, percent-encoding preserved (e.g. `/api/v1/actions/a%2Fb/status`). */
  readonly path: string;
  /** The raw query string without `?` (empty when there is none). */
  readonly rawQuery: string;
  /** Decoded query parameters (last value wins). */
  readonly query: Readonly<Record<string, string>>;
  /** Headers, names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body bytes exactly as received (empty when there was no body). */
  readonly body: Uint8Array;
  /** The body bytes decoded as UTF-8. */
  readonly text: string;
}

/** Produces the response for one recorded request. */
export type Responder = (request: RecordedRequest) => Response | Promise<Response>;

/** A JSON response with the given status (200 by default). */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers });
}

/** A raw text response (for non-JSON bodies). */
export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(body, { status, headers: { 'Content-Type': 'text/plain', ...headers } });
}

/** An empty response (e.g. 204). */
export function empty(status = 204): Response {
  return new HttpResponse(null, { status });
}

/**
 * Records every request that reaches its msw handler and answers from a queue of responders,
 * falling back to a default responder (200 `{}` unless replaced).
 */
export class WireRecorder {
  /** Every request seen, oldest first. */
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Responder[] = [];
  private fallback: Responder = () => json({});

  /** An msw handler that records and answers every request under `baseUrl`. */
  handler(baseUrl: string): HttpHandler {
    return http.all(`${baseUrl}/*`, async ({ request }) => {
      const recorded = await recordRequest(request);
      this.requests.push(recorded);
      const next = this.queue.shift() ?? this.fallback;
      return next(recorded);
    });
  }

  /** Queues responders for the next requests, in order. */
  reply(...responders: Array<Responder | Response>): this {
    for (const r of responders) this.queue.push(typeof r === 'function' ? r : () => r.clone());
    return this;
  }

  /** Replaces the responder used when the queue is empty. */
  otherwise(responder: Responder): this {
    this.fallback = responder;
    return this;
  }

  /** The most recent request; throws when there is none. */
  last(): RecordedRequest {
    const r = this.requests[this.requests.length - 1];
    if (!r) throw new Error('no request was recorded');
    return r;
  }

  /** The single request recorded since the last reset; throws unless there is exactly one. */
  only(): RecordedRequest {
    if (this.requests.length !== 1) {
      throw new Error(`expected exactly one request, got ${this.requests.length}: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    }
    return this.requests[0]!;
  }

  /** Forgets recorded requests, queued responders and the fallback. */
  reset(): void {
    this.requests.length = 0;
    this.queue.length = 0;
    this.fallback = () => json({});
  }
}

/** Captures a request's method, raw path, query, headers and exact body bytes. */
export async function recordRequest(request: Request): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  const body = new Uint8Array(await request.clone().arrayBuffer());
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => {
    query[name] = value;
  });
  return {
    method: request.method.toUpperCase(),
    url: request.url,
    path: url.pathname,
    rawQuery: url.search.replace(/^\?/, ''),
    query,
    headers,
    body,
    text: new TextDecoder().decode(body),
  };
}
