import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signerContract } from '@ascend/core/internal';
import { nodeSigner } from './signer.js';

signerContract('nodeSigner (node:crypto)', nodeSigner, { describe, it, expect });

describe('nodeSigner', () => {
  it('returns a digest whose bytes are exactly the 32 digest bytes', async () => {
    const key = randomBytes(40);
    const data = randomBytes(300);
    const digest = await nodeSigner.hmacSha256(key, data);
    expect(Buffer.from(digest).equals(createHmac('sha256', key).update(data).digest())).toBe(true);
    expect(digest.byteLength).toBe(32);
  });
});
