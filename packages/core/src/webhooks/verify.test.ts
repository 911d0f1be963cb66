import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import * as bytes from '../bytes.js';
import { isAscendError, isWebhookVerificationError, type WebhookVerificationError, type WebhookVerificationReason } from '../errors.js';
import type { Signer } from '../ports.js';
import { MemoryReplayStore } from './replay-store.js';
import { signWebhook } from './sign.js';
import { verifyWebhook, type VerifyWebhookOptions } from './verify.js';

// Call-through spy: proves the signature comparison goes through the constant-time helper.
vi.mock('../bytes.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../bytes.js')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const nodeSigner: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
};

const webCryptoSigner: Signer = {
  async hmacSha256(key, data) {
    const cryptoKey = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, data as BufferSource));
  },
};

const SECRET = 'whsec_s3cr3t-Value-THAT-must-never-leak';
const OTHER_SECRET = 'whsec_second-rotation-secret-XYZ';
const SW_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NOW = 1_764_756_000; // unix seconds
const now = (): number => NOW * 1000;

const approved = {
  id: 'evt_0123456789abcdef01234567',
  type: 'action.approved',
  timestamp: '2025-12-03T10:00:00Z',
  data: { action_id: 4711, agent_id: 'refund-bot', approved_by: 'ciso@corp.example', risk_score: 72, risk_level: 'HIGH' },
};

function hexMac(secret: string, content: string): string {
  return createHmac('sha256', secret).update(content).digest('hex');
}

/** Every way an error could leak text: message, stack, String(), JSON, enumerable fields. */
function renderings(error: unknown): string[] {
  const e = error as Error;
  return [e.message, String(e.stack), String(e), JSON.stringify(e), JSON.stringify(Object.entries(e))];
}

function expectNoLeak(error: unknown, ...forbidden: string[]): void {
  for (const text of renderings(error)) {
    for (const secret of [SECRET, OTHER_SECRET, SW_SECRET, SW_SECRET.slice(6), ...forbidden]) expect(text).not.toContain(secret);
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  try {
    await promise;
  } catch (error) {
    expect(isWebhookVerificationError(error)).toBe(true);
    return error as WebhookVerificationError;
  }
  throw new Error('expected verification to fail');
}

describe.each([
  ['node:crypto', nodeSigner],
  ['WebCrypto', webCryptoSigner],
])('verifyWebhook with the %s signer', (_name, signer) => {
  async function signed(payload: string | Record<string, unknown> = approved, extra: Partial<Parameters<typeof signWebhook>[0]> = {}) {
    return signWebhook({ secret: SECRET, payload, signer, timestamp: NOW, ...extra });
  }
  function options(delivery: { headers: Record<string, string>; body: unknown }, extra: Partial<VerifyWebhookOptions> = {}): VerifyWebhookOptions {
    return { body: delivery.body as string, headers: delivery.headers, secrets: SECRET, signer, now, ...extra };
  }
  async function expectReason(opts: VerifyWebhookOptions, reason: WebhookVerificationReason, ...forbidden: string[]) {
    const error = await rejectionOf(verifyWebhook(opts));
    expect(error.reason).toBe(reason);
    expect(error.code).toBe('WEBHOOK_VERIFICATION_FAILED');
    expectNoLeak(error, ...forbidden);
    return error;
  }

  describe('ascend-v1', () => {
    it('verifies a signed delivery and returns the typed event', async () => {
      const delivery = await signed();
      const event = await verifyWebhook(options(delivery));
      expect(event.type).toBe('action.approved');
      if (event.type !== 'action.approved') throw new Error('narrowing');
      expect(event.id).toBe(approved.id);
      expect(event.data).toMatchObject({ actionId: '4711', agentId: 'refund-bot', approvedBy: 'ciso@corp.example', riskLevel: 'high' });
    });

    it('accepts the seed receiver vector computed with Python hmac (whole secret, prefix included, as UTF-8 key)', async () => {
      const body =
        '{"event": "action.approved", "timestamp": "2025-12-03T10:00:00Z", "data": {"action_id": "act_123", "agent_id": "agent_001", "approver": "admin@company.com"}}';
      const event = await verifyWebhook({
        body,
        headers: { 'x-signature': 'v1=e8e32e34b050ba505f1712d5ef4456cd4fac985786a7d6527ea6ad14ca9f09af', 'x-timestamp': '1764756000' },
        secrets: 'whsec_your_secret_here',
        signer,
        now,
      });
      expect(event).toMatchObject({ type: 'action.approved', id: undefined, data: { actionId: 'act_123', approvedBy: 'admin@company.com' } });
    });

    it('reads headers from a Web Headers object and from a Node-style record, case-insensitively', async () => {
      const delivery = await signed();
      await expect(verifyWebhook(options({ ...delivery, headers: new Headers(delivery.headers) as never }))).resolves.toBeTruthy();
      const upper = Object.fromEntries(Object.entries(delivery.headers).map(([k, v]) => [k.toUpperCase(), v]));
      await expect(verifyWebhook(options({ ...delivery, headers: upper }))).resolves.toBeTruthy();
      // Node gives a repeated header as an array.
      const sig = delivery.headers['X-Signature']!;
      const nodeHeaders = { 'x-timestamp': String(NOW), 'x-signature': [`v1=${'0'.repeat(64)}`, sig] };
      await expect(verifyWebhook({ ...options(delivery), headers: nodeHeaders })).resolves.toBeTruthy();
    });

    it('accepts the raw body as string, Uint8Array, Buffer and ArrayBuffer', async () => {
      const delivery = await signed();
      const u8 = new TextEncoder().encode(delivery.body);
      for (const body of [delivery.body, u8, Buffer.from(delivery.body), u8.slice().buffer]) {
        await expect(verifyWebhook({ ...options(delivery), body })).resolves.toMatchObject({ type: 'action.approved' });
      }
    });

    it('signs and verifies the raw bytes, never a re-encoding (invalid UTF-8 inside a string)', async () => {
      const prefix = new TextEncoder().encode('{"type":"alert.triggered","data":{"title":"');
      const suffix = new TextEncoder().encode('"}}');
      const body = new Uint8Array([...prefix, 0xff, 0xfe, ...suffix]);
      const ts = String(NOW);
      const mac = createHmac('sha256', SECRET)
        .update(Buffer.concat([Buffer.from(`${ts}.`), body]))
        .digest('hex');
      const event = await verifyWebhook({ body, headers: { 'X-Signature': `v1=${mac}`, 'X-Timestamp': ts }, secrets: SECRET, signer, now });
      expect(event.type).toBe('alert.triggered');
    });

    it('accepts several v1= entries separated by spaces and/or commas, ignoring other prefixes', async () => {
      const delivery = await signed();
      const good = delivery.headers['X-Signature']!;
      const junk = `v1=${'ab'.repeat(32)}`;
      for (const header of [`${junk} ${good}`, `${junk},${good}`, `${good}, ${junk}`, `v0=abc sha256=${'0'.repeat(64)} ${good}`]) {
        await expect(verifyWebhook(options({ ...delivery, headers: { ...delivery.headers, 'X-Signature': header } }))).resolves.toBeTruthy();
      }
    });

    it('accepts lowercase hex only, as specified: an uppercased signature is malformed', async () => {
      const delivery = await signed();
      const upper = 'v1=' + delivery.headers['X-Signature']!.slice(3).toUpperCase();
      const error = await rejectionOf(verifyWebhook(options({ ...delivery, headers: { ...delivery.headers, 'X-Signature': upper } })));
      expect(error.reason).toBe('malformed_header');
    });

    it('rotation: any configured secret may match, and a sender may sign with several', async () => {
      const withOld = await signed(approved, { secret: OTHER_SECRET });
      const withNew = await signed();
      const both = await signed(approved, { secret: [OTHER_SECRET, SECRET] });
      expect(both.headers['X-Signature']!.split(' ')).toHaveLength(2);
      for (const delivery of [withOld, withNew, both]) {
        await expect(verifyWebhook(options(delivery, { secrets: [SECRET, OTHER_SECRET] }))).resolves.toBeTruthy();
      }
      await expect(verifyWebhook(options(both, { secrets: SECRET }))).resolves.toBeTruthy();
      await expectReason(options(withOld, { secrets: [SECRET, 'whsec_unrelated'] }), 'bad_signature');
    });

    it('compares signatures with the constant-time helper', async () => {
      const spy = vi.mocked(bytes.timingSafeEqual);
      spy.mockClear();
      const delivery = await signed();
      await verifyWebhook(options(delivery));
      expect(spy).toHaveBeenCalled();
      for (const [a, b] of spy.mock.calls) {
        expect(a).toHaveLength(32);
        expect(b).toHaveLength(32);
      }
      spy.mockClear();
      await expectReason(options(delivery, { secrets: 'whsec_wrong' }), 'bad_signature');
      expect(spy).toHaveBeenCalledTimes(1);
    });

    describe('diagnostic reasons', () => {
      it('missing_header: no X-Signature, no X-Timestamp, or an empty one', async () => {
        const d = await signed();
        const { 'X-Signature': _s, ...noSig } = d.headers;
        const { 'X-Timestamp': _t, ...noTs } = d.headers;
        expect((await expectReason(options({ ...d, headers: noSig }), 'missing_header')).message).toContain('X-Signature');
        expect((await expectReason(options({ ...d, headers: noTs }), 'missing_header')).message).toContain('X-Timestamp');
        await expectReason(options({ ...d, headers: { ...d.headers, 'X-Signature': '  ' } }), 'missing_header');
        await expectReason({ ...options(d), headers: {} }, 'missing_header');
      });

      it('malformed_header: bad timestamp, milliseconds, no v1 entry, wrong length, sha256= prefix', async () => {
        const d = await signed();
        const expected = d.headers['X-Signature']!.slice(3);
        for (const ts of ['abc', '-1', '1.5', '1e9', ' 17 64']) {
          await expectReason(options({ ...d, headers: { ...d.headers, 'X-Timestamp': ts } }), 'malformed_header');
        }
        const ms = await expectReason(options({ ...d, headers: { ...d.headers, 'X-Timestamp': String(NOW * 1000) } }), 'malformed_header');
        expect(ms.message).toMatch(/milliseconds/);
        for (const sig of [expected, `sha256=${expected}`, `v1=${expected.slice(2)}`, `v1=${expected}00`, `v1=${'z'.repeat(64)}`, 'v1=']) {
          const e = await expectReason(options({ ...d, headers: { ...d.headers, 'X-Signature': sig } }), 'malformed_header', expected);
          expect(e.message).toContain('v1=<64 lowercase hex digits>');
        }
      });

      it("malformed_header: X-Event-Id contradicting the signed payload's id", async () => {
        const d = await signed();
        const e = await expectReason(options({ ...d, headers: { ...d.headers, 'X-Event-Id': 'evt_other' } }), 'malformed_header');
        expect(e.message).toContain('X-Event-Id');
      });

      it('bad_signature: wrong secret, one changed body byte, changed timestamp; no expected signature in the error', async () => {
        const d = await signed();
        const expected = d.headers['X-Signature']!.slice(3);
        await expectReason(options(d, { secrets: 'whsec_wrong' }), 'bad_signature', expected);
        await expectReason(options({ ...d, body: d.body.replace('4711', '4712') }), 'bad_signature', expected);
        const later = await expectReason(options({ ...d, headers: { ...d.headers, 'X-Timestamp': String(NOW + 1) } }), 'bad_signature');
        expectNoLeak(later, expected, hexMac(SECRET, `${NOW + 1}.${d.body}`));
      });

      it('timestamp_out_of_tolerance: both sides, boundary inclusive, custom tolerance', async () => {
        for (const offset of [-300, 0, 300]) {
          const d = await signed(approved, { timestamp: NOW + offset });
          await expect(verifyWebhook(options(d))).resolves.toBeTruthy();
        }
        const past = await expectReason(options(await signed(approved, { timestamp: NOW - 301 })), 'timestamp_out_of_tolerance');
        expect(past.message).toMatch(/301 s in the past; the tolerance is 300 s/);
        const future = await expectReason(options(await signed(approved, { timestamp: NOW + 301 })), 'timestamp_out_of_tolerance');
        expect(future.message).toMatch(/301 s in the future/);
        const d = await signed(approved, { timestamp: NOW - 11 });
        await expectReason(options(d, { toleranceSeconds: 10 }), 'timestamp_out_of_tolerance');
        await expect(verifyWebhook(options(d, { toleranceSeconds: 11 }))).resolves.toBeTruthy();
      });

      it('uses Date.now when no clock is given', async () => {
        const d = await signWebhook({ secret: SECRET, payload: approved, signer });
        await expect(verifyWebhook({ body: d.body, headers: d.headers, secrets: SECRET, signer })).resolves.toBeTruthy();
      });

      it('parsed_body: an object (or nothing) instead of the raw body, with a message that says what to pass', async () => {
        const d = await signed();
        for (const body of [JSON.parse(d.body) as unknown, null, undefined, 42]) {
          const e = await expectReason(options({ ...d, body }), 'parsed_body');
          expect(e.message).toMatch(/raw/);
          expect(e.message).toContain("express.raw({ type: 'application/json' })");
        }
      });

      it('secret_whitespace: leading or trailing whitespace, reported by position only', async () => {
        const d = await signed();
        for (const secrets of [` ${SECRET}`, `${SECRET}\n`, [OTHER_SECRET, `${SECRET}\t`]]) {
          const e = await expectReason(options(d, { secrets }), 'secret_whitespace');
          expect(e.message).toMatch(/whitespace/);
        }
        expect((await expectReason(options(d, { secrets: [OTHER_SECRET, ` ${SECRET}`] }), 'secret_whitespace')).message).toContain('#2 of 2');
      });

      it('no_secret: empty string, empty list, missing, empty entry', async () => {
        const d = await signed();
        for (const secrets of ['', [], undefined, [SECRET, '']]) {
          await expectReason(options(d, { secrets: secrets as string }), 'no_secret');
        }
      });

      it('malformed_payload: a signed body that is not JSON, not an object, or names no type', async () => {
        for (const body of ['not json', '[1,2]', '"text"', 'null', '{"data":{}}', '{"type":""}']) {
          const d = await signed(body);
          await expectReason(options(d), 'malformed_payload');
        }
      });

      it('replayed: a second delivery of the same event id inside the tolerance period', async () => {
        const store = new MemoryReplayStore({ now });
        const first = await signed();
        await verifyWebhook(options(first, { replayStore: store }));
        await expectReason(options(first, { replayStore: store }), 'replayed');
        // The sender's retry: same event id, new timestamp and signature.
        const retry = await signed(approved, { timestamp: NOW + 5 });
        await expectReason(options(retry, { replayStore: store }), 'replayed');
        // Another event passes.
        await expect(verifyWebhook(options(await signed({ ...approved, id: 'evt_2' }), { replayStore: store }))).resolves.toBeTruthy();
      });

      it('replayed: rewriting the unsigned X-Event-Id does not make a captured delivery new', async () => {
        const store = new MemoryReplayStore({ now });
        const seedStyle = { event: 'action.denied', data: { action_id: 'act_9', reason: 'nope' } };
        const d = await signed(seedStyle, { eventId: 'evt_header_only' });
        const event = await verifyWebhook(options(d, { replayStore: store }));
        expect(event.id).toBe('evt_header_only');
        await expectReason(options({ ...d, headers: { ...d.headers, 'X-Event-Id': 'evt_forged' } }, { replayStore: store }), 'replayed');
        const { 'X-Event-Id': _drop, ...noId } = d.headers;
        await expectReason(options({ ...d, headers: noId }, { replayStore: store }), 'replayed');
      });

      it('a delivery that fails verification is never recorded, so forgeries cannot block the real event', async () => {
        const store = new MemoryReplayStore({ now });
        const forged = await signed(approved, { secret: 'whsec_attacker' });
        await expectReason(options(forged, { replayStore: store }), 'bad_signature');
        const stale = await signed(approved, { timestamp: NOW - 1000 });
        await expectReason(options(stale, { replayStore: store }), 'timestamp_out_of_tolerance');
        expect(store.size).toBe(0);
        await expect(verifyWebhook(options(await signed(), { replayStore: store }))).resolves.toBeTruthy();
      });

      it('records replay keys until the signed timestamp plus the tolerance', async () => {
        const calls: [string, number][] = [];
        const store = { checkAndRemember: (key: string, expiresAtMs: number) => (calls.push([key, expiresAtMs]), true) };
        await verifyWebhook(options(await signed(approved, { timestamp: NOW - 20 }), { replayStore: store, toleranceSeconds: 60 }));
        expect(calls).toEqual([[`id:${approved.id}`, (NOW - 20 + 60) * 1000]]);
      });
    });
  });

  describe('standard-webhooks', () => {
    it('reproduces the published Standard Webhooks test vector', async () => {
      const event = await verifyWebhook({
        scheme: 'standard-webhooks',
        body: '{"test": 2432232314}',
        headers: {
          'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
          'webhook-timestamp': '1614265330',
          'webhook-signature': 'v1,bm9wZQ== v1a,abc v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
        },
        secrets: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        signer,
        now: () => 1614265330 * 1000,
      }).catch((e: unknown) => e);
      // The vector's payload names no event type: the signature passed and the payload check answered.
      expect((event as WebhookVerificationError).reason).toBe('malformed_payload');
    });

    it('round-trips with a whsec_ secret (base64 key) and a plain secret (UTF-8 key)', async () => {
      const b64 = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
      for (const secret of [b64, 'plain-secret']) {
        const d = await signWebhook({ scheme: 'standard-webhooks', secret, payload: approved, signer, timestamp: NOW, eventId: approved.id });
        expect(d.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
        const event = await verifyWebhook({ scheme: 'standard-webhooks', body: d.body, headers: d.headers, secrets: secret, signer, now });
        expect(event).toMatchObject({ type: 'action.approved', id: approved.id });
      }
    });

    it('signs the id: the webhook-id is the event id and cannot be swapped', async () => {
      const d = await signWebhook({
        scheme: 'standard-webhooks',
        secret: SW_SECRET,
        payload: { type: 'action.pending', data: {} },
        signer,
        timestamp: NOW,
        eventId: 'msg_1',
      });
      const ok = { scheme: 'standard-webhooks' as const, body: d.body, headers: d.headers, secrets: SW_SECRET, signer, now };
      expect((await verifyWebhook(ok)).id).toBe('msg_1');
      await expectReason({ ...ok, headers: { ...d.headers, 'webhook-id': 'msg_2' } }, 'bad_signature');
    });

    it('diagnoses missing and malformed headers and a malformed whsec_ secret', async () => {
      const d = await signWebhook({ scheme: 'standard-webhooks', secret: SW_SECRET, payload: approved, signer, timestamp: NOW });
      const base = { scheme: 'standard-webhooks' as const, body: d.body, secrets: SW_SECRET, signer, now };
      for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
        const headers = Object.fromEntries(Object.entries(d.headers).filter(([k]) => k !== name));
        expect((await expectReason({ ...base, headers }, 'missing_header')).message).toContain(name);
      }
      const b64 = d.headers['webhook-signature']!.slice(3);
      // A non-canonical spelling of the same 32 bytes (unused padding bits set) is not accepted.
      const last = b64.at(-2)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;
      for (const sig of ['v1=abc', 'v1,not*base64', 'v1,bm9wZQ==', `v2,${b64}`, `v1,${b64.slice(0, -1)}`, `v1,${b64.slice(0, -2)}${sibling}=`]) {
        await expectReason({ ...base, headers: { ...d.headers, 'webhook-signature': sig } }, 'malformed_header');
      }
      await expectReason({ ...base, headers: d.headers, secrets: 'whsec_%%%' }, 'malformed_secret');
    });
  });

  it('rejects unusable configuration with a ConfigurationError naming the field', async () => {
    const d = await signed();
    for (const [extra, field] of [
      [{ scheme: 'nope' }, 'scheme'],
      [{ toleranceSeconds: -1 }, 'toleranceSeconds'],
      [{ toleranceSeconds: Number.POSITIVE_INFINITY }, 'toleranceSeconds'],
      [{ signer: undefined }, 'signer'],
    ] as const) {
      const error = await verifyWebhook(options(d, extra as Partial<VerifyWebhookOptions>)).catch((e: unknown) => e);
      expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe(field);
    }
  });
});
