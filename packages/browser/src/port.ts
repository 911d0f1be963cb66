import type { FetchLike, RuntimePort } from '@ascend/core';
import { webCryptoSigner } from './signer.js';

/** Options of {@link browserPort}. */
export interface BrowserPortOptions {
  /**
   * A fetch implementation; defaults to the global `fetch` (looked up at call time). With the
   * global fetch in a page, a failed cross-origin request's error says it may have been blocked
   * by CORS and how to allow the page's origin.
   */
  fetch?: FetchLike;
  /**
   * Variables to read `ASCEND_*` settings from, e.g. a Cloudflare Worker's `env` binding or
   * `Deno.env.toObject()`. Nothing is read from any global.
   */
  env?: Readonly<Record<string, unknown>>;
  /** Runtime label for the User-Agent. @defaultValue 'web' */
  runtime?: string;
}

function randomUUID(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof c?.randomUUID === 'function') return c.randomUUID();
  if (typeof c?.getRandomValues !== 'function') throw new Error('@ascend/browser needs crypto.getRandomValues');
  // Non-secure browser contexts lack randomUUID; build a v4 UUID from random bytes.
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface PageGlobals {
  document?: unknown;
  location?: { href: string; origin: string };
}

/**
 * When a fetch fails in a page for a cross-origin URL, the likely cause is CORS: the browser
 * hides it and reports only `TypeError: Failed to fetch`. Returns a `TypeError` whose message
 * says so (core puts the thrown message into the client's `NetworkError`), or `error` unchanged
 * outside a page, for a same-origin URL, or for anything but a `TypeError` (an abort is not one).
 * @internal
 */
export function withCorsHint(error: unknown, input: Request | URL | string, globals: PageGlobals = globalThis): unknown {
  if (!(error instanceof TypeError) || globals.document === undefined || !globals.location) return error;
  let target: URL;
  let page: string;
  try {
    page = globals.location.origin;
    target = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, globals.location.href);
  } catch {
    return error;
  }
  if (target.origin === page) return error;
  return new TypeError(
    `${error.message}. This page (${page}) called ${target.origin}: the request may have been blocked by CORS. ` +
      `Start ascend-dev with --cors-origin ${page}, or allow this origin in the ASCEND service's CORS settings (or the service is not reachable)`,
    { cause: error },
  );
}

/** Builds the web-standard runtime port: global fetch, WebCrypto signer, `crypto` UUIDs. */
export function browserPort(options: BrowserPortOptions = {}): RuntimePort {
  const env = options.env;
  return {
    fetch:
      options.fetch ??
      ((input, init) =>
        globalThis.fetch(input, init).catch((error: unknown) => {
          throw withCorsHint(error, input);
        })),
    signer: webCryptoSigner,
    randomUUID,
    env: (name) => {
      const v = env?.[name];
      return typeof v === 'string' ? v : undefined;
    },
    runtime: options.runtime ?? 'web',
  };
}
