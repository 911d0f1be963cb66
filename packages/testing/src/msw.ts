/**
 * msw handlers that route ASCEND requests to a fake (`@ascend/testing/msw`). Valid for both
 * `msw/node` (`setupServer`) and the browser worker (`setupWorker`).
 *
 * @packageDocumentation
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { FakeAscend } from './fake/fake-api.js';
import { untilAborted } from './fake/fetch.js';

/** The base URL the handlers intercept by default: the ASCEND client's own default. */
export const DEFAULT_ASCEND_BASE_URL = 'https://pilot.owkai.app';

/** Options of {@link ascendHandlers}. */
export interface AscendHandlersOptions {
  /**
   * The service root to intercept; requests under it (any method, any path) go to the fake,
   * with the base path stripped. @defaultValue `https://pilot.owkai.app`
   */
  readonly baseUrl?: string;
}

/**
 * msw handlers serving `fake` under `baseUrl`, in the reference's exact wire format. An `outage`
 * fault answers `HttpResponse.error()` (fetch rejects with a TypeError); a `hang` fault keeps the
 * request open until the client aborts it.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const fake = createFakeAscend();
 * const server = setupServer(...ascendHandlers(fake, { baseUrl: 'https://ascend.test' }));
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 */
export function ascendHandlers(fake: FakeAscend, options: AscendHandlersOptions = {}): HttpHandler[] {
  const base = new URL(options.baseUrl ?? DEFAULT_ASCEND_BASE_URL);
  const basePath = base.pathname.replace(/\/+$/, '');
  const inside = (url: URL): boolean => url.origin === base.origin && (basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));

  return [
    // A '*' path plus an early fall-through (returning undefined) works on every msw 2.x; other
    // origins stay unhandled, so `onUnhandledRequest` still reports them.
    http.all('*', async ({ request }) => {
      const url = new URL(request.url);
      if (!inside(url)) return undefined;
      const method = request.method.toUpperCase();
      const body = method === 'GET' || method === 'HEAD' ? '' : await request.text();
      const response = await fake.handle({
        method,
        path: url.pathname.slice(basePath.length) || '/',
        query: url.searchParams,
        headers: request.headers,
        body,
        signal: request.signal,
      });
      if (response.networkError) return HttpResponse.error();
      if (response.hang) {
        await untilAborted(request.signal);
        return HttpResponse.error();
      }
      return new HttpResponse(response.body, { status: response.status, headers: response.headers });
    }),
  ];
}
