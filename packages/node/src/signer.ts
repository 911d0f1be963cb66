import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { Signer } from '@ascend/core';

// Key objects by key array. Node 22+ spends several times the HMAC itself turning a raw
// Uint8Array key into a key on every call; a KeyObject made once avoids that. An entry is used
// only while its array still holds the bytes it was made from, so a key changed in place is
// never signed with its old value.
const keyObjects = new WeakMap<Uint8Array, { bytes: Uint8Array; key: KeyObject }>();

function keyObjectFor(key: Uint8Array): KeyObject {
  const cached = keyObjects.get(key);
  if (cached && sameBytes(cached.bytes, key)) return cached.key;
  const bytes = key.slice();
  const keyObject = createSecretKey(bytes);
  keyObjects.set(key, { bytes, key: keyObject });
  return keyObject;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * HMAC-SHA256 over node:crypto. Synchronous under the hood, exposed through the async
 * {@link Signer} contract shared with the WebCrypto signer, plus the synchronous hex fast path
 * the transport signs requests with.
 */
export const nodeSigner: Signer = {
  // Nothing to await: `async` is what turns a throw from node:crypto into the rejection the
  // Signer contract promises.
  // eslint-disable-next-line @typescript-eslint/require-await
  async hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const digest = createHmac('sha256', keyObjectFor(key)).update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  },
  hmacSha256Hex(key: Uint8Array, text: string): string {
    // node:crypto encodes a string update as UTF-8.
    return createHmac('sha256', keyObjectFor(key)).update(text, 'utf8').digest('hex');
  },
};
