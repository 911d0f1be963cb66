/**
 * An in-process ASCEND test server over msw: routes by method and path, records every request
 * (method, path, headers, exact body text), and offers the faults resilience tests need
 * (status storms, network errors, responses held until the test releases them).
 *
 * Test-only; excluded from the build.
 *
 * @example
 * ```ts
 * const server = createTestServer()
 * beforeAll(() => server.listen()); afterEach(() => server.reset()); afterAll(() => server.close())
 * server.route('POST', '/api/v1/actions/submit', (req, n) => (n < 2 ? reply.status(503) : reply.json(ALLOWED)))
 * ```
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** One request as the server saw it. */
export interface RecordedRequest {
  /** Arrival order across the whole server, from 0. */
  readonly seq: number;
  /** HTTP method. */
  readonly method: string;
  /** Path without the query. */
  readonly path: string;
  /** The full URL. */
  readonly url: URL;
  /** Headers, names lowercased. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body exactly as sent ('' when none). */
  readonly body: string;
}

/** What a route answers: a Response, a reply spec, or a promise of either (held responses). */
export type RouteAnswer = Response | Promise<Response>;

/** Answers one request; `n` counts this route's requests from 0. */
export type Responder = (request: RecordedRequest, n: number) => RouteAnswer;

/** Response builders for responders. */
export const reply = {
  /** A JSON body with a status (200 by default) and optional headers. */
  json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
    return HttpResponse.json(body as Record<string, unknown>, { status, headers });
  },
  /** A status with a small JSON error body. */
  status(status: number, headers: Record<string, string> = {}, detail = `HTTP ${status}`): Response {
    return HttpResponse.json({ detail }, { status, headers });
  },
  /** A raw text body. */
  text(body: string, status = 200): Response {
    return new HttpResponse(body, { status, headers: { 'content-type': 'application/json' } });
  },
  /** A network-level failure (the fetch rejects, like a refused connection). */
  networkError(): Response {
    return HttpResponse.error();
  },
};

/** A promise the test resolves later: for responses held while other calls run. */
export interface Held<T> {
  /** The pending promise. */
  readonly promise: Promise<T>;
  /** Settles it. */
  resolve(value: T): void;
}

/** Creates a {@link Held} promise. */
export function held<T>(): Held<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** The server handle. */
export interface TestServer {
  /** Base URL to give the client. */
  readonly baseUrl: string;
  /** Every request received since the last reset, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests to one route. */
  requestsTo(method: string, path: string | RegExp): RecordedRequest[];
  /** Adds (or replaces) a route. Later routes win over earlier ones for the same key. */
  route(method: string, path: string | RegExp, responder: Responder): void;
  /** Starts intercepting. Requests to other origins pass through to the real network. */
  listen(): void;
  /** Forgets routes and recorded requests. */
  reset(): void;
  /** Stops intercepting. */
  close(): void;
}

interface Route {
  method: string;
  path: string | RegExp;
  responder: Responder;
  count: number;
}

/**
 * Creates an msw-backed server for `baseUrl`. Unrouted requests get 404 `{detail}` and are
 * still recorded, so a test can assert that nothing unexpected was sent.
 */
export function createTestServer(baseUrl = 'https://ascend.test'): TestServer {
  const requests: RecordedRequest[] = [];
  let routes: Route[] = [];
  const origin = new URL(baseUrl).origin;
  const matches = (r: Route, method: string, path: string) => r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path));

  const msw = setupServer(
    http.all(`${origin}/*`, async ({ request }) => {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
      const recorded: RecordedRequest = {
        seq: requests.length,
        method: request.method,
        path: url.pathname,
        url,
        headers,
        body: await request.text(),
      };
      requests.push(recorded);
      for (let i = routes.length - 1; i >= 0; i--) {
        const r = routes[i]!;
        if (matches(r, recorded.method, recorded.path)) return r.responder(recorded, r.count++);
      }
      return HttpResponse.json({ detail: `no route for ${recorded.method} ${recorded.path}` }, { status: 404 });
    }),
  );

  return {
    baseUrl: origin,
    get requests() {
      return requests;
    },
    requestsTo(method, path) {
      return requests.filter((q) => matches({ method, path, responder: () => reply.status(500), count: 0 }, q.method, q.path));
    },
    route(method, path, responder) {
      routes.push({ method, path, responder, count: 0 });
    },
    listen() {
      msw.listen({ onUnhandledRequest: 'bypass' });
    },
    reset() {
      routes = [];
      requests.length = 0;
    },
    close() {
      msw.close();
    },
  };
}
