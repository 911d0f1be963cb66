/**
 * The opt-in `owkai-sha256` scheme: the OWkai backend's webhook signer (Nov 2025). The vector
 * below was produced with Python's `json.dumps(payload, sort_keys=True, separators=(',', ':'))`
 * and `hmac.new(secret.encode(), f"{ts}.{payload_json}".encode(), hashlib.sha256)`, the backend
 * signer's recipe, and the body is what the backend's HTTP client sends (`json.dumps(payload)`:
 * insertion order, `", "`/`": "` separators).
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compactCanonicalJson } from '../canonical-json-compact.js';
import { ConfigurationError, isWebhookVerificationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { createWebhookReceiver } from './receiver.js';
import { MemoryReplayStore } from './replay-store.js';
import { createWebhookRequestHandler } from './request.js';
import { OWKAI_HEADERS, WEBHOOK_SCHEMES } from './schemes.js';
import { signWebhook } from './sign.js';
import { verifyWebhook, type VerifyWebhookOptions } from './verify.js';

const signer: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
  },
};

const SECRET = '9f2c'.repeat(16);
const TS = 1_764_331_200;
const PY_SIGNATURE = 'sha256=5d75308a2d3b262fc264223072dd6fec625d2a74cbfae35f41c06a59da2646ca';
const PY_CANONICAL =
  '{"api_version":"2025-11-28","data":{"action_id":4711,"action_type":"financial.refund","agent_id":"refund-bot","approval_notes":"ok \\u2013 caf\\u00e9 \\u2713 \\ud83d\\ude00","approved_at":"2025-11-28T12:00:00Z","approved_by":"ana@example.com","risk_level":"high","risk_score":72},"id":"evt_0123456789abcdef01234567","metadata":{"delivery_attempt":1,"idempotency_key":"action_approved_4711_ab12cd34"},"organization_id":7,"timestamp":"2025-11-28T12:00:00.000000Z","type":"action.approved"}';
const SENT_BODY =
  '{"id": "evt_0123456789abcdef01234567", "type": "action.approved", "timestamp": "2025-11-28T12:00:00.000000Z", "api_version": "2025-11-28", "organization_id": 7, "data": {"action_id": 4711, "action_type": "financial.refund", "agent_id": "refund-bot", "risk_score": 72, "risk_level": "high", "approved_by": "ana@example.com", "approved_at": "2025-11-28T12:00:00Z", "approval_notes": "ok \\u2013 caf\\u00e9 \\u2713 \\ud83d\\ude00"}, "metadata": {"idempotency_key": "action_approved_4711_ab12cd34", "delivery_attempt": 1}}';

const headers = (overrides: Record<string, string | undefined> = {}): Record<string, string> => {
  const all: Record<string, string | undefined> = {
    'content-type': 'application/json',
    'user-agent': 'OWkai-Webhook/1.0',
    'x-owkai-signature': PY_SIGNATURE,
    'x-owkai-timestamp': String(TS),
    'x-owkai-event-id': '3f1c2a4e-0b5d-4c6e-9f7a-1b2c3d4e5f60',
    'x-owkai-delivery-id': '42',
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined));
};

const base = { secrets: SECRET, signer, scheme: 'owkai-sha256' as const, now: () => TS * 1000 };

async function reasonOf(options: VerifyWebhookOptions): Promise<string> {
  try {
    await verifyWebhook(options);
    return 'verified';
  } catch (error) {
    if (!isWebhookVerificationError(error)) throw error;
    return error.reason;
  }
}

describe('owkai-sha256: the backend signer (Nov 2025)', () => {
  it('is listed, opt-in: the default scheme stays ascend-v1', async () => {
    expect(WEBHOOK_SCHEMES).toContain('owkai-sha256');
    expect(await reasonOf({ secrets: SECRET, signer, now: base.now, body: SENT_BODY, headers: headers() })).toBe('missing_header');
  });

  it('compact canonical JSON equals what Python signs', () => {
    expect(compactCanonicalJson(JSON.parse(SENT_BODY))).toBe(PY_CANONICAL);
  });

  it("accepts Python's signature over the body the backend sends (insertion order, spaced separators)", async () => {
    const event = await verifyWebhook({ ...base, body: SENT_BODY, headers: headers() });
    expect(event).toMatchObject({ type: 'action.approved', id: 'evt_0123456789abcdef01234567', data: { actionId: '4711', approvedBy: 'ana@example.com' } });
  });

  it('accepts the same delivery as bytes, and as the canonical text itself', async () => {
    expect(await reasonOf({ ...base, body: new TextEncoder().encode(SENT_BODY), headers: headers() })).toBe('verified');
    expect(await reasonOf({ ...base, body: PY_CANONICAL, headers: headers() })).toBe('verified');
  });

  it('refuses a changed value, timestamp or signature, and a stale delivery', async () => {
    expect(await reasonOf({ ...base, body: SENT_BODY.replace('"risk_score": 72', '"risk_score": 12'), headers: headers() })).toBe('bad_signature');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-timestamp': String(TS + 1) }) })).toBe('bad_signature');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': PY_SIGNATURE.replace('5d75', '5d76') }) })).toBe('bad_signature');
    expect(await reasonOf({ ...base, now: () => (TS + 301) * 1000, body: SENT_BODY, headers: headers() })).toBe('timestamp_out_of_tolerance');
    expect(await reasonOf({ ...base, now: () => (TS + 300) * 1000, body: SENT_BODY, headers: headers() })).toBe('verified');
  });

  it('headers: sha256= lowercase hex only; timestamp in seconds; both required', async () => {
    const hex = PY_SIGNATURE.slice(7);
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': undefined }) })).toBe('missing_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-timestamp': undefined }) })).toBe('missing_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': `v1=${hex}` }) })).toBe('malformed_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': hex }) })).toBe('malformed_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': `sha256=${hex.toUpperCase()}` }) })).toBe('malformed_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-timestamp': `${TS}000` }) })).toBe('malformed_header');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-signature': `sha256=${'0'.repeat(64)}, ${PY_SIGNATURE}` }) })).toBe(
      'verified',
    );
  });

  it('the unsigned X-OWkai-Event-ID (the backend record id) is never compared with the payload id', async () => {
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-event-id': 'anything-else' }) })).toBe('verified');
    expect(await reasonOf({ ...base, body: SENT_BODY, headers: headers({ 'x-owkai-event-id': undefined, 'x-owkai-delivery-id': undefined }) })).toBe(
      'verified',
    );
  });

  it('bounds the body before parsing it (maxBodyBytes, default 1 MiB), counting UTF-8 bytes', async () => {
    expect(await reasonOf({ ...base, maxBodyBytes: SENT_BODY.length - 1, body: SENT_BODY, headers: headers() })).toBe('body_too_large');
    expect(await reasonOf({ ...base, maxBodyBytes: SENT_BODY.length, body: SENT_BODY, headers: headers() })).toBe('verified');
    const padded = `{"pad": "${'é'.repeat(600_000)}"}`; // 600 000 characters, 1.2 MB of UTF-8
    expect(await reasonOf({ ...base, body: padded, headers: headers() })).toBe('body_too_large');
    await expect(verifyWebhook({ ...base, maxBodyBytes: 0, body: SENT_BODY, headers: headers() })).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('a body that is not JSON, not an object, or too deep to write is a malformed payload', async () => {
    expect(await reasonOf({ ...base, body: 'not json', headers: headers() })).toBe('malformed_payload');
    expect(await reasonOf({ ...base, body: '{"a":', headers: headers() })).toBe('malformed_payload');
    expect(await reasonOf({ ...base, body: `${'['.repeat(100)}${']'.repeat(100)}`, headers: headers() })).toBe('malformed_payload');
  });

  it('re-canonicalization: key order and whitespace are not bound, values are', async () => {
    const reordered = JSON.stringify(JSON.parse(SENT_BODY), null, 4);
    expect(await reasonOf({ ...base, body: reordered, headers: headers() })).toBe('verified');
    // A Python float written as 72.0 is signed as "72.0"; JavaScript reads 72 and writes "72".
    const pyFloat = SENT_BODY.replace('"risk_score": 72', '"risk_score": 72.0');
    const signed = createHmac('sha256', SECRET)
      .update(`${TS}.${PY_CANONICAL.replace('"risk_score":72', '"risk_score":72.0')}`)
      .digest('hex');
    expect(await reasonOf({ ...base, body: pyFloat, headers: headers({ 'x-owkai-signature': `sha256=${signed}` }) })).toBe('bad_signature');
  });

  it('signWebhook emits the backend headers and a body both verifier styles accept', async () => {
    const payload = JSON.parse(SENT_BODY) as Record<string, unknown>;
    const signed = await signWebhook({ scheme: 'owkai-sha256', secret: SECRET, signer, payload, timestamp: TS, eventId: 'uuid-1', deliveryId: '7' });
    expect(signed.body).toBe(PY_CANONICAL);
    expect(signed.headers).toEqual({
      'Content-Type': 'application/json',
      'User-Agent': 'OWkai-Webhook/1.0',
      [OWKAI_HEADERS.signature]: PY_SIGNATURE,
      [OWKAI_HEADERS.timestamp]: String(TS),
      [OWKAI_HEADERS.eventId]: 'uuid-1',
      [OWKAI_HEADERS.deliveryId]: '7',
    });
    // The backend's published receiver recipe: HMAC over "<ts>.<raw body>".
    const rawHmac = createHmac('sha256', SECRET).update(`${TS}.${signed.body}`).digest('hex');
    expect(`sha256=${rawHmac}`).toBe(PY_SIGNATURE);
    expect(await reasonOf({ ...base, body: signed.body, headers: signed.headers })).toBe('verified');
    await expect(signWebhook({ scheme: 'owkai-sha256', secret: SECRET, signer, payload: 'nope' })).rejects.toMatchObject({ field: 'payload' });
    await expect(signWebhook({ scheme: 'owkai-sha256', secret: SECRET, signer, payload, deliveryId: 'a b' })).rejects.toMatchObject({ field: 'deliveryId' });
  });

  it('the fetch-style handler takes the scheme and passes its maxBodyBytes to the verifier', async () => {
    const big = { ...(JSON.parse(SENT_BODY) as Record<string, unknown>), pad: 'x'.repeat(2 * 1024 * 1024) };
    const signed = await signWebhook({ scheme: 'owkai-sha256', secret: SECRET, signer, payload: big, timestamp: TS });
    const request = (): Request => new Request('https://receiver.test/hooks', { method: 'POST', headers: signed.headers, body: signed.body });
    const seen: string[] = [];
    const roomy = createWebhookRequestHandler({ ...base, replayStore: false, maxBodyBytes: 4 * 1024 * 1024, onEvent: (e) => void seen.push(e.type) });
    expect((await roomy(request())).status).toBe(200);
    const strict = createWebhookRequestHandler({ ...base, replayStore: false, onEvent: (e) => void seen.push(e.type) });
    expect(await (await strict(request())).json()).toEqual({ error: 'payload_too_large', reason: 'body_too_large' });
    expect(seen).toEqual(['action.approved']);
  });

  it('receivers take the scheme; an unknown scheme still fails at creation', async () => {
    const events: string[] = [];
    const receive = createWebhookReceiver({ ...base, replayStore: new MemoryReplayStore({ now: base.now }), onEvent: (e) => void events.push(e.type) });
    const first = await receive({ method: 'POST', headers: headers(), readBody: async () => SENT_BODY });
    const again = await receive({ method: 'POST', headers: headers(), readBody: async () => SENT_BODY });
    expect([first.status, first.body, again.body]).toEqual([
      200,
      { status: 'processed', type: 'action.approved', id: 'evt_0123456789abcdef01234567' },
      { status: 'duplicate' },
    ]);
    expect(events).toEqual(['action.approved']);
    expect(() => createWebhookReceiver({ ...base, scheme: 'owkai' as never, onEvent: () => {} })).toThrow(ConfigurationError);
  });
});
