/**
 * Fetch adapters: answer a WHATWG `Request` from the fake with fetch semantics, and a
 * `fetch`-compatible function that routes one base URL to the fake (no msw needed, so it works
 * in any runtime).
 *
 * @packageDocumentation
 */
import type { FetchLike } from '@ascend/core';
import type { FakeAscend } from './fake-api.js';
import type { FakeResponse } from './types.js';

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Resolves when `signal` aborts (never, when there is no signal). */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) return resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Converts a {@link FakeResponse} to a fetch outcome: a `Response`, a rejection with a
 * `TypeError` for an outage, or a rejection with the abort reason once a hung request is aborted.
 */
export async function toFetchResponse(response: FakeResponse, signal: AbortSignal | undefined): Promise<Response> {
  if (response.networkError) throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED (fake ASCEND outage)') });
  if (response.hang) {
    await untilAborted(signal);
    throw abortReason(signal!);
  }
  // Status 1xx/204/304 cannot carry a body in the Response constructor; the fake never sends them.
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/**
 * See {@link FakeAscend.handleFetch}. `options.signal` is the signal to watch during a `hang`
 * (default `request.signal`).
 */
export async function handleFetch(
  fake: FakeAscend,
  request: Request,
  options: { readonly basePath?: string; readonly signal?: AbortSignal | undefined } = {},
): Promise<Response> {
  const url = new URL(request.url);
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  let path = url.pathname;
  if (basePath !== '' && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length) || '/';
  const method = request.method.toUpperCase();
  const body = method === 'GET' || method === 'HEAD' ? '' : await request.text();
  const signal = options.signal ?? request.signal;
  const response = await fake.handle({ method, path, query: url.searchParams, headers: request.headers, body, signal });
  return toFetchResponse(response, signal);
}

/**
 * A `fetch` function that sends requests under `baseUrl` to the fake and rejects every other URL
 * with a `TypeError` (nothing leaves the process). Hand it to a client's runtime port in tests
 * that cannot use msw (Deno, workerd, a browser page without a service worker).
 *
 * @example
 * const fetch = createFakeFetch(fake, { baseUrl: 'https://ascend.test' });
 * await fetch('https://ascend.test/health');
 */
export function createFakeFetch(fake: FakeAscend, options: { readonly baseUrl: string }): FetchLike {
  const base = new URL(options.baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const inside = url.origin === base.origin && (basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
    if (!inside) throw new TypeError(`fetch failed: ${url.origin}${url.pathname} is not served by the fake ASCEND at ${options.baseUrl}`);
    // Watch the caller's own signal. `request.signal` is a signal derived from it, and the
    // caller's signal holds derived signals only weakly: once `request` is unreachable (as it is
    // during a hang), a garbage collection drops it and the caller's abort would never arrive.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    return handleFetch(fake, request, { basePath, signal: signal ?? undefined });
  };
}
