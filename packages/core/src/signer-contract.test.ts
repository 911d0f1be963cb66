import { describe, expect, it } from 'vitest';
import { signerContract, SIGNER_VECTORS } from './internal.js';
import { toHex } from './bytes.js';
import { hmacHex, testSigner } from './test-support/harness.js';
import type { Signer } from './ports.js';

// The reference signer of the test harness must meet the contract itself.
signerContract('node:crypto test signer', testSigner, { describe, it, expect });

describe('the signer contract', () => {
  it('hard-codes vectors that agree with node:crypto', () => {
    for (const v of SIGNER_VECTORS) expect(hmacHex(v.key, v.data), v.name).toBe(v.hex);
  });

  it('catches a signer that is wrong', async () => {
    // A signer that ignores its key: the contract suite must fail on it.
    const broken: Signer = { hmacSha256: (_key, data) => testSigner.hmacSha256(new Uint8Array(0), data) };
    const failures: string[] = [];
    const tests: Array<{ name: string; body: () => Promise<void> }> = [];
    signerContract('broken', broken, {
      describe: (_n, body) => body(),
      it: (name, body) => void tests.push({ name, body }),
      expect: (actual) => ({
        toBe: (expected) => {
          if (!Object.is(actual, expected)) throw new Error('toBe');
        },
        toEqual: (expected) => {
          if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error('toEqual');
        },
      }),
    });
    for (const t of tests) await t.body().catch(() => failures.push(t.name));
    expect(tests.length).toBeGreaterThan(SIGNER_VECTORS.length);
    expect(failures).toContain('reproduces the fixed vector for the wire reference §2.3 request-signing vector');
    expect(failures).toContain('produces the reference §2.3 X-Signature header value');
    // Only the empty-key vectors can pass for a key-ignoring signer.
    expect(tests.filter((t) => !failures.includes(t.name)).map((t) => t.name)).not.toContain('reproduces the fixed vector for a JSON body');
    expect(toHex(await broken.hmacSha256(new Uint8Array(1), new Uint8Array(0)))).toBe(SIGNER_VECTORS[8]!.hex);
  });
});
