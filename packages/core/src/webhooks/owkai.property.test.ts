/**
 * Property-based tests of the opt-in `owkai-sha256` scheme, which signs the parsed payload
 * written canonically (sorted keys, compact separators, ASCII escaping) after the timestamp:
 *
 * - a valid delivery is always accepted, whatever serialization of the payload is sent
 *   (the backend sends its HTTP client's own encoding, not the bytes it signed);
 * - a body whose parsed value differs from the signed one is always refused; a one-byte change
 *   is accepted exactly when it leaves the parsed value's canonical form unchanged (whitespace,
 *   an escape spelled differently), which is what re-canonicalization does not bind;
 * - a changed timestamp or signature is always refused, and so is a timestamp outside 300 s.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonical-json.js';
import { compactCanonicalJson } from '../canonical-json-compact.js';
import { isWebhookVerificationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { OWKAI_HEADERS } from './schemes.js';
import { signWebhook } from './sign.js';
import { verifyWebhook, type VerifyWebhookOptions } from './verify.js';

const signer: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
};

const NOW = 1_764_756_000;
const RUNS = { numRuns: 150 };
const secretArb = fc.stringMatching(/^[0-9a-f]{64}$/);
const timestampArb = fc.integer({ min: NOW - 300, max: NOW + 300 });

const payloadArb = fc.record({
  id: fc.stringMatching(/^evt_[0-9a-f]{24}$/),
  type: fc.constantFrom('action.approved', 'action.rejected', 'action.submitted', 'alert.triggered', 'vendor.custom'),
  organization_id: fc.nat(),
  data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  metadata: fc.record({ idempotency_key: fc.string({ unit: 'binary', maxLength: 20 }), delivery_attempt: fc.integer({ min: 1, max: 5 }) }),
});

/** How the sender's HTTP client may write the payload it signed canonically. */
const encodingArb = fc.constantFrom<(p: unknown) => string>(
  (p) => JSON.stringify(p),
  (p) => JSON.stringify(p, null, 2),
  (p) => canonicalJson(p),
  (p) => compactCanonicalJson(p),
);

const canonical = (value: unknown): string => compactCanonicalJson(value);

async function reasonOf(options: Omit<VerifyWebhookOptions, 'signer' | 'scheme' | 'now'>): Promise<string> {
  try {
    await verifyWebhook({ ...options, signer, scheme: 'owkai-sha256', now: () => NOW * 1000 });
    return 'verified';
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
}

async function deliver(secret: string, payload: Record<string, unknown>, ts: number) {
  return signWebhook({ scheme: 'owkai-sha256', secret, signer, payload, timestamp: ts });
}

function mutateChar(text: string, index: number, replacement: string): string {
  const current = text[index]!;
  const next = replacement === current ? String.fromCharCode(current.charCodeAt(0) ^ 1) : replacement;
  return text.slice(0, index) + next + text.slice(index + 1);
}

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));

describe('owkai-sha256 properties', () => {
  it('a valid delivery is always accepted, however the payload is serialized on the wire', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, payloadArb, timestampArb, encodingArb, async (secret, payload, ts, encode) => {
        const d = await deliver(secret, payload, ts);
        expect(await reasonOf({ secrets: secret, body: encode(payload), headers: d.headers })).toBe('verified');
        expect(await reasonOf({ secrets: secret, body: new TextEncoder().encode(d.body), headers: d.headers })).toBe('verified');
      }),
      RUNS,
    );
  });

  it('a body carrying any other value is always refused', async () => {
    const otherArb = fc.tuple(payloadArb, payloadArb).filter(([a, b]) => canonical(a) !== canonical(b));
    await fc.assert(
      fc.asyncProperty(secretArb, otherArb, timestampArb, encodingArb, async (secret, [signed, sent], ts, encode) => {
        const d = await deliver(secret, signed, ts);
        expect(await reasonOf({ secrets: secret, body: encode(sent), headers: d.headers })).not.toBe('verified');
      }),
      RUNS,
    );
  });

  it('one changed body byte is refused unless the parsed value is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        secretArb,
        payloadArb,
        timestampArb,
        encodingArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (secret, payload, ts, encode, at, xor) => {
          const d = await deliver(secret, payload, ts);
          const bytes = new TextEncoder().encode(encode(payload));
          bytes[at % bytes.length]! ^= xor;
          let same = false;
          try {
            same = canonical(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))) === d.body;
          } catch {
            same = false;
          }
          const reason = await reasonOf({ secrets: secret, body: bytes, headers: d.headers });
          expect(reason === 'verified').toBe(same);
        },
      ),
      RUNS,
    );
  });

  it('a changed timestamp is always refused', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, payloadArb, timestampArb, fc.nat(), printable, async (secret, payload, ts, at, ch) => {
        const d = await deliver(secret, payload, ts);
        const text = d.headers[OWKAI_HEADERS.timestamp]!;
        const changed = mutateChar(text, at % text.length, ch);
        const reason = await reasonOf({ secrets: secret, body: d.body, headers: { ...d.headers, [OWKAI_HEADERS.timestamp]: changed } });
        expect(['bad_signature', 'malformed_header', 'timestamp_out_of_tolerance']).toContain(reason);
      }),
      RUNS,
    );
  });

  it('a timestamp outside 300 s is refused even with a valid signature', async () => {
    const farArb = fc.oneof(fc.integer({ min: NOW - 100_000, max: NOW - 301 }), fc.integer({ min: NOW + 301, max: NOW + 100_000 }));
    await fc.assert(
      fc.asyncProperty(secretArb, payloadArb, farArb, async (secret, payload, ts) => {
        const d = await deliver(secret, payload, ts);
        expect(await reasonOf({ secrets: secret, body: d.body, headers: d.headers })).toBe('timestamp_out_of_tolerance');
      }),
      RUNS,
    );
  });

  it('a changed signature is always refused, and so is another secret', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, secretArb, payloadArb, timestampArb, fc.nat(), printable, async (secret, other, payload, ts, at, ch) => {
        const d = await deliver(secret, payload, ts);
        const text = d.headers[OWKAI_HEADERS.signature]!;
        const changed = mutateChar(text, at % text.length, ch);
        const reason = await reasonOf({ secrets: secret, body: d.body, headers: { ...d.headers, [OWKAI_HEADERS.signature]: changed } });
        expect(['bad_signature', 'malformed_header']).toContain(reason);
        if (other !== secret) expect(await reasonOf({ secrets: other, body: d.body, headers: d.headers })).toBe('bad_signature');
      }),
      RUNS,
    );
  });
});
