import type { FetchLike, RuntimePort } from '@ascend/core';
import { webCryptoSigner } from './signer.js';

/** Options of {@link browserPort}. */
export interface BrowserPortOptions {
  /** A fetch implementation; defaults to the global `fetch` (looked up at call time). */
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

/** Builds the web-standard runtime port: global fetch, WebCrypto signer, `crypto` UUIDs. */
export function browserPort(options: BrowserPortOptions = {}): RuntimePort {
  const env = options.env;
  return {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    signer: webCryptoSigner,
    randomUUID,
    env: (name) => {
      const v = env?.[name];
      return typeof v === 'string' ? v : undefined;
    },
    runtime: options.runtime ?? 'web',
  };
}
