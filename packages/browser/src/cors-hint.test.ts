/**
 * The CORS hint: in a page, a fetch that fails with a `TypeError` for another origin says the
 * request may have been blocked by CORS and names `--cors-origin <page origin>`; same-origin
 * failures, aborts and anything outside a page keep their error. Through the client, the
 * `NetworkError` message carries the hint. (The real page is in the dev server's Chromium test.)
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AscendClient, isAscendError } from './index.js';
import { withCorsHint } from './port.js';

// The browser's view of a CORS refusal: the fetch rejects with a TypeError, no response.
const server = setupServer(http.all('http://127.0.0.1:4455/*', () => HttpResponse.error()));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const page = { document: {}, location: { href: 'http://127.0.0.1:5173/app/index.html', origin: 'http://127.0.0.1:5173' } };

describe('withCorsHint', () => {
  it('annotates a TypeError for a cross-origin URL in a page', () => {
    const cause = new TypeError('Failed to fetch');
    const hinted = withCorsHint(cause, 'http://127.0.0.1:4455/api/v1/actions/submit', page) as TypeError;
    expect(hinted).toBeInstanceOf(TypeError);
    expect(hinted.cause).toBe(cause);
    expect(hinted.message).toBe(
      'Failed to fetch. This page (http://127.0.0.1:5173) called http://127.0.0.1:4455: the request may have been blocked by CORS. ' +
        "Start ascend-dev with --cors-origin http://127.0.0.1:5173, or allow this origin in the ASCEND service's CORS settings (or the service is not reachable)",
    );
    // URL and Request inputs too.
    expect((withCorsHint(cause, new URL('https://ascend.example/health'), page) as Error).message).toContain('called https://ascend.example');
  });

  it('leaves same-origin URLs, relative URLs, non-TypeErrors and non-page runtimes alone', () => {
    const cause = new TypeError('Failed to fetch');
    expect(withCorsHint(cause, 'http://127.0.0.1:5173/api/health', page)).toBe(cause);
    expect(withCorsHint(cause, '/api/health', page)).toBe(cause);
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    expect(withCorsHint(abort, 'http://127.0.0.1:4455/health', page)).toBe(abort);
    expect(withCorsHint(cause, 'http://127.0.0.1:4455/health', { location: page.location })).toBe(cause);
    expect(withCorsHint(cause, 'http://127.0.0.1:4455/health', {})).toBe(cause);
    expect(withCorsHint(cause, 'http://[bad', page)).toBe(cause);
  });

  it('reaches the client: the NetworkError message names CORS in a page', async () => {
    const g = globalThis as { document?: unknown; location?: unknown };
    const saved = { document: g.document, location: g.location };
    g.document = page.document;
    g.location = page.location;
    const client = new AscendClient({
      baseUrl: 'http://127.0.0.1:4455',
      apiKey: 'k',
      agentId: 'page-bot',
      env: {},
      logger: { log() {} },
      retry: { maxRetries: 0 },
    });
    try {
      const error = await client.evaluateAction({ actionType: 'data.read', resource: 'data_lake' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // Failing closed, the client wraps the NetworkError; its message travels along.
      expect(isAscendError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(
        'Failed to reach the ASCEND service (Failed to fetch. This page (http://127.0.0.1:5173) called http://127.0.0.1:4455',
      );
      expect((error as Error).message).toContain('may have been blocked by CORS');
      expect((error as Error).message).toContain('--cors-origin http://127.0.0.1:5173');
    } finally {
      await client.close();
      if (saved.document === undefined) delete g.document;
      else g.document = saved.document;
      if (saved.location === undefined) delete g.location;
      else g.location = saved.location;
    }
  });
});
