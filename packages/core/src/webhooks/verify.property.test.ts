/**
 * Property-based tests: a signature binds every byte of the body, the timestamp and itself.
 *
 * Which reason a tampered delivery gets:
 * - a changed body byte → `bad_signature` (the headers are still well-formed);
 * - a changed timestamp or signature byte → `bad_signature` when the header still parses,
 *   `malformed_header` when the change breaks its format (a non-digit, a non-hex character);
 * - a body that was JSON.parse'd and re-serialized to a *string* (other whitespace or key order)
 *   → `bad_signature`: as a string it is indistinguishable from a forgery;
 * - a body that was JSON.parse'd and passed as the *object* → `parsed_body`, whose message says
 *   to pass the raw body.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWebhookVerificationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { signWebhook } from './sign.js';
import { verifyWebhook, type VerifyWebhookOptions } from './verify.js';
import type { WebhookScheme } from './schemes.js';

const signer: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
};

const SECRET = 'whsec_cHJvcGVydHktYmFzZWQtdGVzdC1zZWNyZXQ=';
const NOW = 1_764_756_000;
const base = { secrets: SECRET, signer, now: () => NOW * 1000 };
const RUNS = { numRuns: 150 };

async function reasonOf(options: VerifyWebhookOptions): Promise<string> {
  try {
    await verifyWebhook(options);
    return 'verified';
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
}

/** Payloads the verifier accepts: JSON objects with a type, arbitrary data and unicode. */
const payloadArb = fc.record({
  id: fc.stringMatching(/^evt_[A-Za-z0-9_-]{1,20}$/),
  type: fc.constantFrom('action.approved', 'action.denied', 'policy.violation', 'agent.trust_changed', 'vendor.custom'),
  data: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  note: fc.string({ unit: 'binary', maxLength: 30 }),
});

const timestampArb = fc.integer({ min: NOW - 300, max: NOW + 300 });

/** Replaces the character at `index` with a different one. */
function mutateChar(text: string, index: number, replacement: string): string {
  const current = text[index]!;
  const next = replacement === current ? String.fromCharCode(current.charCodeAt(0) ^ 1) : replacement;
  return text.slice(0, index) + next + text.slice(index + 1);
}

const printable = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));

describe.each<[WebhookScheme, string, string]>([
  ['ascend-v1', 'X-Timestamp', 'X-Signature'],
  ['standard-webhooks', 'webhook-timestamp', 'webhook-signature'],
])('%s: any one-byte change fails verification', (scheme, timestampHeader, signatureHeader) => {
  async function sign(payload: Record<string, unknown>, timestamp: number) {
    return signWebhook({ secret: SECRET, payload, signer, timestamp, scheme });
  }

  it('an untouched delivery verifies (control)', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, timestampArb, async (payload, ts) => {
        const d = await sign(payload, ts);
        expect(await reasonOf({ ...base, scheme, body: d.body, headers: d.headers })).toBe('verified');
      }),
      RUNS,
    );
  });

  it('one changed body byte → bad_signature', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, timestampArb, fc.nat(), fc.integer({ min: 1, max: 255 }), async (payload, ts, at, xor) => {
        const d = await sign(payload, ts);
        const body = new TextEncoder().encode(d.body);
        body[at % body.length]! ^= xor;
        expect(await reasonOf({ ...base, scheme, body, headers: d.headers })).toBe('bad_signature');
      }),
      RUNS,
    );
  });

  it('one changed timestamp character → bad_signature, or malformed_header if it is no longer digits', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, timestampArb, fc.nat(), printable, async (payload, ts, at, ch) => {
        const d = await sign(payload, ts);
        const text = d.headers[timestampHeader]!;
        const changed = mutateChar(text, at % text.length, ch);
        const reason = await reasonOf({ ...base, scheme, body: d.body, headers: { ...d.headers, [timestampHeader]: changed } });
        expect(reason).toBe(/^\d+$/.test(changed) ? 'bad_signature' : 'malformed_header');
      }),
      RUNS,
    );
  });

  it('one changed signature character → bad_signature, or malformed_header if it no longer parses', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, timestampArb, fc.nat(), printable, async (payload, ts, at, ch) => {
        const d = await sign(payload, ts);
        const text = d.headers[signatureHeader]!;
        const changed = mutateChar(text, at % text.length, ch);
        const reason = await reasonOf({ ...base, scheme, body: d.body, headers: { ...d.headers, [signatureHeader]: changed } });
        expect(['bad_signature', 'malformed_header']).toContain(reason);
      }),
      RUNS,
    );
  });
});

describe('a JSON.parse’d body', () => {
  const nonEmptyPayload = payloadArb.filter((p) => Object.keys(p.data).length > 0);

  it('re-serialized as a string with other whitespace or key order → bad_signature', async () => {
    await fc.assert(
      fc.asyncProperty(nonEmptyPayload, fc.constantFrom('compact', 'indent', 'reordered'), async (payload, style) => {
        // The sender's exact bytes: pretty-printed, as many HTTP libraries send JSON.
        const sent = JSON.stringify(payload, null, 1);
        const d = await signWebhook({ secret: SECRET, payload: sent, signer, timestamp: NOW });
        const parsed = JSON.parse(d.body) as Record<string, unknown>;
        const reserialized =
          style === 'compact'
            ? JSON.stringify(parsed)
            : style === 'indent'
              ? JSON.stringify(parsed, null, 4)
              : JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()), null, 1);
        fc.pre(reserialized !== d.body);
        expect(await reasonOf({ ...base, body: reserialized, headers: d.headers })).toBe('bad_signature');
      }),
      RUNS,
    );
  });

  it('passed as the parsed object → parsed_body, telling the caller to pass the raw body', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, async (payload) => {
        const d = await signWebhook({ secret: SECRET, payload, signer, timestamp: NOW });
        const parsed = JSON.parse(d.body) as unknown;
        let message = '';
        const reason = await verifyWebhook({ ...base, body: parsed as string, headers: d.headers }).then(
          () => 'verified',
          (e: unknown) => {
            message = (e as Error).message;
            return isWebhookVerificationError(e) ? e.reason : 'other';
          },
        );
        expect(reason).toBe('parsed_body');
        expect(message).toMatch(/raw body/);
      }),
      { numRuns: 50 },
    );
  });
});
