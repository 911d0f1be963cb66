import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signerContract } from '@ascend/core/internal';
import { createWebCryptoSigner, webCryptoSigner } from './signer.js';

signerContract('webCryptoSigner (WebCrypto)', webCryptoSigner, { describe, it, expect });
signerContract('createWebCryptoSigner() (fresh key cache)', createWebCryptoSigner(), { describe, it, expect });

/** The node:crypto HMAC, loaded at run time: this package is typed for web runtimes only. */
interface NodeCrypto {
  createHmac(algorithm: 'sha256', key: Uint8Array): { update(data: Uint8Array): { digest(): Uint8Array } };
}
const nodeCryptoModule = 'node:crypto';

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('WebCrypto signer against node:crypto', () => {
  it('agrees on random keys and data (fast-check)', async () => {
    const { createHmac } = (await import(nodeCryptoModule)) as NodeCrypto;
    // One signer across all runs, so its key cache sees keys change, repeat and collide.
    const signer = createWebCryptoSigner();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.uint8Array({ minLength: 0, maxLength: 2000 }), async (key, data) => {
        const web = await signer.hmacSha256(key, data);
        const node = createHmac('sha256', key).update(data).digest();
        expect(hex(web)).toBe(hex(node));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees when the caller reuses and mutates one key buffer between calls', async () => {
    const { createHmac } = (await import(nodeCryptoModule)) as NodeCrypto;
    const signer = createWebCryptoSigner();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(31), fc.nat(255)), { minLength: 1, maxLength: 20 }), async (edits) => {
        const key = new Uint8Array(32);
        const data = new Uint8Array([1, 2, 3]);
        for (const [index, value] of edits) {
          key[index] = value;
          const web = await signer.hmacSha256(key, data);
          expect(hex(web)).toBe(hex(createHmac('sha256', key).update(data).digest()));
        }
      }),
      { numRuns: 50 },
    );
  });
});
