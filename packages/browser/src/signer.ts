import type { Signer } from '@ascend/core';

interface SubtleLike {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: 'HMAC'; hash: 'SHA-256' }, extractable: false, usages: ['sign']): Promise<CryptoKey>;
  sign(algorithm: 'HMAC', key: CryptoKey, data: Uint8Array): Promise<ArrayBuffer>;
}

function subtle(): SubtleLike {
  const s = (globalThis as { crypto?: { subtle?: SubtleLike } }).crypto?.subtle;
  if (!s) {
    throw new Error(
      '@ascend/browser needs WebCrypto (crypto.subtle). In a browser it exists only in secure contexts (https or localhost); in other runtimes use @ascend/node or pass your own signer.',
    );
  }
  return s;
}

// HMAC pads keys shorter than the block size with zeros, so an empty key equals 64 zero bytes;
// WebCrypto refuses zero-length raw keys, hence the substitution.
const EMPTY_KEY_EQUIVALENT = new Uint8Array(64);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * HMAC-SHA256 over WebCrypto (`crypto.subtle`), for browsers, Deno, Bun and workers.
 * The imported key of the most recent secret is cached.
 */
export function createWebCryptoSigner(): Signer {
  let cached: { bytes: Uint8Array; key: Promise<CryptoKey> } | undefined;
  return {
    async hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
      const raw = key.length === 0 ? EMPTY_KEY_EQUIVALENT : key;
      if (!cached || !sameBytes(cached.bytes, raw)) {
        const bytes = raw.slice();
        cached = { bytes, key: subtle().importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']) };
      }
      return new Uint8Array(await subtle().sign('HMAC', await cached.key, data));
    },
  };
}

/** A shared WebCrypto signer. */
export const webCryptoSigner: Signer = createWebCryptoSigner();
