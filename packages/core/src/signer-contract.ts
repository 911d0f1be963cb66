/**
 * The contract every {@link Signer} must meet, as a test suite with fixed vectors.
 *
 * The suite is framework-agnostic: the caller passes its test functions in, so core never imports
 * a test runner. Every adapter (node:crypto, WebCrypto, and any custom signer) runs the same
 * suite in every runtime of the matrix.
 *
 * The expected digests were computed once with Python's `hmac` module
 * (`hmac.new(key, data, hashlib.sha256).hexdigest()`) and are hard-coded here.
 *
 * @example
 * ```ts
 * import { describe, it, expect } from 'vitest'
 * import { signerContract } from '@ascend/core/internal'
 * signerContract('nodeSigner', nodeSigner, { describe, it, expect })
 * ```
 *
 * @packageDocumentation
 */
import { fromUtf8, toHex, utf8 } from './bytes.js';
import type { Signer } from './ports.js';

/** The assertions the contract uses; vitest's and jest's `expect` both fit. */
export interface ContractAssertion {
  /** Strict equality (`Object.is`). */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
}

/** The test-runner functions the contract needs; pass vitest's (or jest's) own. */
export interface ContractApi {
  /** Groups tests. Called unbound. */
  describe(this: void, name: string, body: () => void): void;
  /** Declares one (async) test. Called unbound. */
  it(this: void, name: string, body: () => Promise<void>): void;
  /** Starts an assertion. Called unbound. */
  expect(this: void, actual: unknown): ContractAssertion;
}

/** One fixed HMAC-SHA256 vector. */
export interface SignerVector {
  /** What the vector exercises. */
  readonly name: string;
  /** The key bytes. */
  readonly key: Uint8Array;
  /** The data bytes. */
  readonly data: Uint8Array;
  /** Expected digest, lowercase hex. */
  readonly hex: string;
}

/** The §2.3 request-signing vector of the wire reference: secret, timestamp and canonical body. */
export const REFERENCE_SIGNING_VECTOR = Object.freeze({
  secret: 'test-secret',
  timestamp: '2026-04-17T12:00:00.123456+00:00',
  canonicalBody:
    '{"action_details": {"amount": 100, "currency": "EUR", "note": "caf\\u00e9"}, "action_type": "financial.refund", "agent_id": "agent-001", "agent_name": "Refund Bot", "resource": "stripe_api"}',
  signature: 'v1=44273c843e56382c35873eb89d0422919d8edf69faebe8e4fd33d150e9d660c6',
});

/** The fixed vectors every signer must reproduce. */
export const SIGNER_VECTORS: readonly SignerVector[] = Object.freeze([
  {
    name: 'empty data',
    key: utf8('test-secret'),
    data: new Uint8Array(0),
    hex: 'a41bc6d81d6413576ae0994995e0ad89a416ec97389515c3604f47722122eeeb',
  },
  {
    name: 'a JSON body',
    key: utf8('test-secret'),
    data: utf8('{"a": 1, "b": [true, null]}'),
    hex: 'cf9bba93e64415611a4db1a567a39831fd1db268ee947093466548c55e0d560a',
  },
  {
    name: 'non-ASCII text (UTF-8 bytes, astral character included)',
    key: utf8('test-secret'),
    data: utf8('café ✓ 😀 Ω'),
    hex: '083968074202539f1d49822c00a9aa0ba5be0a11472d5475db39b4f9af8fddcb',
  },
  {
    name: 'a non-ASCII key',
    key: utf8('clé-secrète-ü'),
    data: utf8('payload'),
    hex: 'bb754fb9aa5a3a1acda47e33c0d8d7519dc3f66087a42d05972bae70a49a570d',
  },
  {
    name: 'a key of exactly one block (64 bytes)',
    key: utf8('x'.repeat(64)),
    data: utf8('block'),
    hex: '3f5c8bf0ae5dc7126127a57260fed4d841146d18f735d77d1bc8a4e3fc6ef054',
  },
  {
    name: 'a key longer than one block (65 bytes, hashed first)',
    key: utf8('x'.repeat(65)),
    data: utf8('block'),
    hex: 'f4620d41721876c841eee29b954ebb9341eb4e011ffaeea8001d70429f52ce8c',
  },
  {
    name: 'a long key (100 bytes)',
    key: utf8('k'.repeat(100)),
    data: utf8('long key body'),
    hex: 'fed77e95025497fd1584c71753f8ac26c5fe3da0481020885dd4746577a09652',
  },
  {
    name: 'an empty key',
    key: new Uint8Array(0),
    data: utf8('data'),
    hex: 'e528c4d99e6177f5841f712a143b90843299a4aa181a06501422d9ca862bd2a5',
  },
  {
    name: 'an empty key and empty data',
    key: new Uint8Array(0),
    data: new Uint8Array(0),
    hex: 'b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad',
  },
  {
    name: 'the wire reference §2.3 request-signing vector',
    key: utf8(REFERENCE_SIGNING_VECTOR.secret),
    data: utf8(`${REFERENCE_SIGNING_VECTOR.timestamp}.${REFERENCE_SIGNING_VECTOR.canonicalBody}`),
    hex: REFERENCE_SIGNING_VECTOR.signature.slice(3),
  },
]);

/**
 * Registers the signer contract suite for `signer` under `name`.
 *
 * Checks: every fixed vector (including the reference §2.3 vector, in its `v1=<hex>` header
 * form), a 32-byte result, inputs left untouched, byte views with an offset honoured, results
 * that do not alias one another, and interleaved concurrent calls under different keys.
 *
 * @param name - Label of the signer under test.
 * @param signer - The signer under test.
 * @param api - The test runner's `describe`, `it` and `expect`.
 */
export function signerContract(name: string, signer: Signer, api: ContractApi): void {
  const { describe, it, expect } = api;
  describe(`Signer contract: ${name}`, () => {
    for (const v of SIGNER_VECTORS) {
      it(`reproduces the fixed vector for ${v.name}`, async () => {
        const digest = await signer.hmacSha256(v.key, v.data);
        expect(digest instanceof Uint8Array).toBe(true);
        expect(digest.length).toBe(32);
        expect(toHex(digest)).toBe(v.hex);
      });
    }

    const hex = signer.hmacSha256Hex?.bind(signer);
    if (hex) {
      it('gives the same digest through its hex fast path, for every fixed vector', async () => {
        for (const v of SIGNER_VECTORS) expect(await hex(v.key, fromUtf8(v.data))).toBe(v.hex);
        const { secret, timestamp, canonicalBody, signature } = REFERENCE_SIGNING_VECTOR;
        expect(`v1=${await hex(utf8(secret), `${timestamp}.${canonicalBody}`)}`).toBe(signature);
      });
    }

    it('produces the reference §2.3 X-Signature header value', async () => {
      const { secret, timestamp, canonicalBody, signature } = REFERENCE_SIGNING_VECTOR;
      const digest = await signer.hmacSha256(utf8(secret), utf8(`${timestamp}.${canonicalBody}`));
      expect(`v1=${toHex(digest)}`).toBe(signature);
    });

    it('leaves its inputs untouched', async () => {
      const key = utf8('test-secret');
      const data = utf8('{"a": 1, "b": [true, null]}');
      await signer.hmacSha256(key, data);
      expect(Array.from(key)).toEqual(Array.from(utf8('test-secret')));
      expect(Array.from(data)).toEqual(Array.from(utf8('{"a": 1, "b": [true, null]}')));
    });

    it('honours byte views that start at an offset', async () => {
      const v = SIGNER_VECTORS[1]!;
      const keyBuffer = new Uint8Array(v.key.length + 7).fill(0xaa);
      keyBuffer.set(v.key, 3);
      const dataBuffer = new Uint8Array(v.data.length + 9).fill(0x55);
      dataBuffer.set(v.data, 5);
      const digest = await signer.hmacSha256(keyBuffer.subarray(3, 3 + v.key.length), dataBuffer.subarray(5, 5 + v.data.length));
      expect(toHex(digest)).toBe(v.hex);
    });

    it('returns results that do not alias one another', async () => {
      const [a, b] = [SIGNER_VECTORS[0]!, SIGNER_VECTORS[1]!];
      const first = await signer.hmacSha256(a.key, a.data);
      const firstHex = toHex(first);
      await signer.hmacSha256(b.key, b.data);
      expect(toHex(first)).toBe(firstHex);
      expect(firstHex).toBe(a.hex);
    });

    it('keeps interleaved concurrent calls under different keys apart', async () => {
      const order = [0, 3, 1, 7, 2, 6, 0, 9, 3, 5, 4, 8];
      const digests = await Promise.all(order.map((i) => signer.hmacSha256(SIGNER_VECTORS[i]!.key, SIGNER_VECTORS[i]!.data)));
      expect(digests.map(toHex)).toEqual(order.map((i) => SIGNER_VECTORS[i]!.hex));
    });

    it('signs with the current bytes of a key array changed in place between calls', async () => {
      const v = SIGNER_VECTORS[1]!;
      const key = v.key.slice();
      expect(toHex(await signer.hmacSha256(key, v.data))).toBe(v.hex);
      key[0] = key[0]! ^ 1;
      const changed = toHex(await signer.hmacSha256(key, v.data));
      expect(changed === v.hex).toBe(false);
      if (hex) expect(await hex(key, fromUtf8(v.data))).toBe(changed);
      key[0] = key[0] ^ 1;
      expect(toHex(await signer.hmacSha256(key, v.data))).toBe(v.hex);
      if (hex) expect(await hex(key, fromUtf8(v.data))).toBe(v.hex);
    });

    it('gives a different digest when one key byte changes', async () => {
      const v = SIGNER_VECTORS[1]!;
      const key = v.key.slice();
      key[0] = key[0]! ^ 1;
      const digest = await signer.hmacSha256(key, v.data);
      expect(toHex(digest) === v.hex).toBe(false);
    });
  });
}
