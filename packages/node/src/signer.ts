import { createHmac } from 'node:crypto';
import type { Signer } from '@ascend/core';

/**
 * HMAC-SHA256 over node:crypto. Synchronous under the hood, exposed through the async
 * {@link Signer} contract shared with the WebCrypto signer.
 */
export const nodeSigner: Signer = {
  async hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
    const digest = createHmac('sha256', key).update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  },
};
