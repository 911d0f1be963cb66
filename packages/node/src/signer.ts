import { createHmac } from 'node:crypto';
import type { Signer } from '@ascend/core';

/**
 * HMAC-SHA256 over node:crypto. Synchronous under the hood, exposed through the async
 * {@link Signer} contract shared with the WebCrypto signer, plus the synchronous hex fast path
 * the transport signs requests with.
 */
export const nodeSigner: Signer = {
  async hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const digest = createHmac('sha256', key).update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  },
  hmacSha256Hex(key: Uint8Array, text: string): string {
    // node:crypto encodes a string update as UTF-8.
    return createHmac('sha256', key).update(text, 'utf8').digest('hex');
  },
};
