/**
 * Request signature verification (reference §2.3): `X-Signature: v1=<hex HMAC-SHA256(secret,
 * X-Request-Timestamp + "." + body)>`. Both the raw body as sent and its Python-canonical
 * re-serialization are accepted, since the Python client signs the sorted form but sends the
 * insertion-ordered one.
 *
 * @packageDocumentation
 */
import type { Signer } from '@ascend/core';
import { hex } from './ids.js';
import { canonicalizeJson, isJsonObject, tryParseJson } from './json.js';

const encoder = new TextEncoder();

/**
 * An HMAC-SHA256 {@link Signer} over WebCrypto (`crypto.subtle`), available in Node 20,
 * browsers, Deno, Bun and workers. Imported keys are cached per key bytes.
 *
 * @throws TypeError when the runtime has no `crypto.subtle`.
 */
export function createWebCryptoSigner(): Signer {
  const cache = new Map<string, Promise<CryptoKey>>();
  return {
    async hmacSha256(key, data) {
      const subtle = globalThis.crypto?.subtle;
      if (!subtle) throw new TypeError('crypto.subtle is not available; pass a `signer` to createFakeAscend');
      const cacheKey = hex(key);
      let cryptoKey = cache.get(cacheKey);
      if (!cryptoKey) {
        // WebCrypto refuses zero-length HMAC keys; a one-zero-byte key is equivalent (keys are
        // zero-padded to the block size).
        const material = key.length === 0 ? new Uint8Array(1) : key;
        cryptoKey = subtle.importKey('raw', material as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
        if (cache.size > 16) cache.clear();
        cache.set(cacheKey, cryptoKey);
      }
      const mac = await subtle.sign('HMAC', await cryptoKey, data as Uint8Array<ArrayBuffer>);
      return new Uint8Array(mac);
    },
  };
}

/**
 * Computes the `X-Signature` value for `timestamp` and `body` exactly as given:
 * `v1=` + lowercase hex HMAC-SHA256 of `timestamp + "." + body` under the UTF-8 secret.
 *
 * @example
 * await computeRequestSignature(signer, 'test-secret', '2026-04-17T12:00:00.123456+00:00', canonicalBody)
 */
export async function computeRequestSignature(signer: Signer, secret: string, timestamp: string, body: string): Promise<string> {
  const mac = await signer.hmacSha256(encoder.encode(secret), encoder.encode(`${timestamp}.${body}`));
  return `v1=${hex(mac)}`;
}

/** The result of checking one request's signature. */
export type SignatureCheck =
  | { readonly ok: true; readonly matched: 'raw' | 'canonical' | 'not-required' }
  | { readonly ok: false; readonly problem: 'missing' | 'invalid' | 'stale-timestamp' };

/**
 * True when a signing client signs this body (reference §2.3): a non-empty JSON object. Empty
 * bodies and `{}` (the command ack, an empty webhook update) are never signed.
 */
export function bodyRequiresSignature(body: string): boolean {
  if (body.trim() === '') return false;
  const parsed = tryParseJson(body);
  return !(isJsonObject(parsed) && Object.keys(parsed).length === 0);
}

function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Inputs of {@link verifyRequestSignature}. */
export interface SignatureCheckInput {
  /** The `X-Request-Timestamp` header. */
  readonly timestamp: string | null;
  /** The `X-Signature` header. */
  readonly signature: string | null;
  /** The raw body. */
  readonly body: string;
  /** Current time (ms), for the tolerance check. */
  readonly now: number;
  /** Maximum |now − timestamp| in ms; undefined skips the check (the Python client never sends stale ones on purpose). */
  readonly toleranceMs?: number | undefined;
}

/**
 * Verifies a request signature. A body that is signed by clients (see
 * {@link bodyRequiresSignature}) must carry a valid one; any other request is accepted unsigned,
 * but a signature it does carry must still be valid.
 */
export async function verifyRequestSignature(signer: Signer, secret: string, input: SignatureCheckInput): Promise<SignatureCheck> {
  const required = bodyRequiresSignature(input.body);
  if (!input.signature || input.timestamp === null) {
    return required ? { ok: false, problem: 'missing' } : { ok: true, matched: 'not-required' };
  }
  if (input.toleranceMs !== undefined) {
    const t = Date.parse(input.timestamp);
    if (Number.isNaN(t) || Math.abs(input.now - t) > input.toleranceMs) return { ok: false, problem: 'stale-timestamp' };
  }
  const received = input.signature.trim().toLowerCase();
  const raw = await computeRequestSignature(signer, secret, input.timestamp, input.body);
  if (safeEqual(received, raw)) return { ok: true, matched: 'raw' };
  const canonical = canonicalizeJson(input.body);
  if (canonical !== undefined && canonical !== input.body) {
    const sig = await computeRequestSignature(signer, secret, input.timestamp, canonical);
    if (safeEqual(received, sig)) return { ok: true, matched: 'canonical' };
  }
  return { ok: false, problem: 'invalid' };
}
