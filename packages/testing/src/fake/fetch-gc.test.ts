/** createFakeFetch's `hang` fault under garbage collection: the caller's abort must still arrive. */
import { AscendClient, isAscendError, silentLogger } from '@ascend/core';
import { describe, expect, it } from 'vitest';
import { createFakeAscend } from './fake-ascend.js';
import { createFakeFetch } from './fetch.js';
import { createWebCryptoSigner } from './signature.js';

const gc = (globalThis as { gc?: () => void }).gc;

describe('hang fault and garbage collection', () => {
  it('a hung request still ends on the client’s timeout after forced GCs (runs with --expose-gc)', async () => {
    // vitest.config.ts passes --expose-gc to the test workers; without it this test proves nothing.
    expect(typeof gc).toBe('function');
    const fake = createFakeAscend();
    fake.faults.inject({ kind: 'hang' });
    const client = new AscendClient(
      { baseUrl: 'https://ascend.test', apiKey: fake.apiKey, agentId: 'gc-agent', timeoutMs: 200, retry: { maxRetries: 0 }, logger: silentLogger },
      { fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }), signer: createWebCryptoSigner(), env: () => undefined },
    );
    let settled: unknown = 'pending';
    const call = client.health().then(
      () => 'resolved',
      (error: unknown) => (isAscendError(error) ? error.code : String(error)),
    );
    void call.then((outcome) => (settled = outcome));
    // Collect garbage while the request hangs, then keep collecting until the call has ended
    // (bounded: the 200 ms attempt timeout ends it long before the bound when the abort arrives).
    for (let i = 0; i < 400 && settled === 'pending'; i++) {
      gc!();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(settled).toBe('TIMEOUT');
    expect(fake.requests[0]?.outcome).toEqual({ kind: 'hang', fault: 'hang' });
    await client.close();
  });
});
