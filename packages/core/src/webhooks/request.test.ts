import { describe, expect, it, vi } from 'vitest';
import { isAscendError, WebhookVerificationError } from '../errors.js';
import type { Signer } from '../ports.js';
import type { WebhookEvent } from './events.js';
import { createWebhookReceiver, webhookErrorReceipt } from './receiver.js';
import { createWebhookRequestHandler, verifyWebhookRequest, webhookErrorResponse } from './request.js';
import { signWebhook } from './sign.js';

// WebCrypto only: this is the path Hono, Next.js, Workers and Deno take.
const signer: Signer = {
  async hmacSha256(key, data) {
    const k = await crypto.subtle.importKey('raw', key as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await crypto.subtle.sign('HMAC', k, data as BufferSource));
  },
};

const SECRET = 'whsec_request-test-secret-do-not-print';
const URL_ = 'https://receiver.example/webhooks/ascend';

async function signedRequest(payload: Record<string, unknown>, init: { secret?: string; timestamp?: number; tamper?: boolean } = {}): Promise<Request> {
  const { headers, body } = await signWebhook({ secret: init.secret ?? SECRET, payload, signer, ...(init.timestamp ? { timestamp: init.timestamp } : {}) });
  return new Request(URL_, { method: 'POST', headers, body: init.tamper ? body.replace('}', ',"x":1}') : body });
}

const approved = { id: 'evt_req_1', type: 'action.approved', data: { action_id: 1, approved_by: 'ciso' } };

async function json(response: Response): Promise<unknown> {
  expect(response.headers.get('content-type')).toBe('application/json');
  return response.json();
}

describe('verifyWebhookRequest', () => {
  it('reads the raw body of a Request and returns the typed event', async () => {
    const event = await verifyWebhookRequest(await signedRequest(approved), { secrets: SECRET, signer });
    expect(event).toMatchObject({ type: 'action.approved', id: 'evt_req_1', data: { actionId: '1', approvedBy: 'ciso' } });
  });

  it("a body already consumed by request.json() fails with 'parsed_body'", async () => {
    const request = await signedRequest(approved);
    await request.json();
    const error = await verifyWebhookRequest(request, { secrets: SECRET, signer }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'parsed_body' });
  });

  it("a body above maxBodyBytes fails with 'body_too_large', declared or not", async () => {
    const big = await signedRequest({ ...approved, pad: 'x'.repeat(2_000) });
    expect(await verifyWebhookRequest(big, { secrets: SECRET, signer, maxBodyBytes: 1_000 }).catch((e: unknown) => e)).toMatchObject({
      reason: 'body_too_large',
    });
    const declared = new Request(URL_, { method: 'POST', headers: { 'content-length': '5000000' }, body: '{}' });
    expect(await verifyWebhookRequest(declared, { secrets: SECRET, signer }).catch((e: unknown) => e)).toMatchObject({ reason: 'body_too_large' });
  });
});

describe('webhookErrorResponse', () => {
  it("answers 401 { error: 'invalid_signature', reason } and nothing else", async () => {
    const response = webhookErrorResponse(new WebhookVerificationError('bad_signature', `secret ${SECRET} must not show`));
    expect(response.status).toBe(401);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: 'invalid_signature', reason: 'bad_signature' });
    expect(text).not.toContain(SECRET);
  });

  it('maps the other outcomes: duplicate 200, too large 413, misconfiguration 500, anything else 500 without its message', async () => {
    expect(webhookErrorReceipt(new WebhookVerificationError('replayed', 'x'))).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(webhookErrorReceipt(new WebhookVerificationError('body_too_large', 'x'))).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });
    for (const reason of ['no_secret', 'secret_whitespace', 'malformed_secret', 'parsed_body'] as const) {
      expect(webhookErrorReceipt(new WebhookVerificationError(reason, 'x'))).toMatchObject({ status: 500, body: { error: 'webhook_misconfigured', reason } });
    }
    for (const reason of ['missing_header', 'malformed_header', 'bad_signature', 'timestamp_out_of_tolerance', 'malformed_payload'] as const) {
      expect(webhookErrorReceipt(new WebhookVerificationError(reason, 'x'))).toMatchObject({ status: 401, body: { error: 'invalid_signature', reason } });
    }
    const response = webhookErrorResponse(new Error(`db password ${SECRET}`));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":"handler_failed"}');
  });
});

describe('createWebhookRequestHandler', () => {
  function setup(extra: Partial<Parameters<typeof createWebhookRequestHandler>[0]> = {}) {
    const events: WebhookEvent[] = [];
    const errors: unknown[] = [];
    const handler = createWebhookRequestHandler({
      secrets: SECRET,
      signer,
      onEvent: (event) => void events.push(event),
      onError: (error) => void errors.push(error),
      ...extra,
    });
    return { handler, events, errors };
  }

  it('200 processed for a valid delivery, with the event passed to onEvent', async () => {
    const { handler, events } = setup();
    const response = await handler(await signedRequest(approved));
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'processed', type: 'action.approved', id: 'evt_req_1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'action.approved', data: { actionId: '1' } });
  });

  it('401 with the reason for a bad signature or a missing header; onEvent does not run', async () => {
    const { handler, events, errors } = setup();
    const tampered = await handler(await signedRequest(approved, { tamper: true }));
    expect(tampered.status).toBe(401);
    expect(await json(tampered)).toEqual({ error: 'invalid_signature', reason: 'bad_signature' });
    const bare = await handler(new Request(URL_, { method: 'POST', body: JSON.stringify(approved) }));
    expect(await json(bare)).toEqual({ error: 'invalid_signature', reason: 'missing_header' });
    const stale = await handler(await signedRequest(approved, { timestamp: Math.floor(Date.now() / 1000) - 3600 }));
    expect(await json(stale)).toEqual({ error: 'invalid_signature', reason: 'timestamp_out_of_tolerance' });
    expect(events).toHaveLength(0);
    expect(errors).toHaveLength(3);
  });

  it('a duplicate of an accepted event answers 200 duplicate without running onEvent again', async () => {
    const { handler, events } = setup();
    expect((await handler(await signedRequest(approved))).status).toBe(200);
    const again = await handler(await signedRequest(approved));
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ status: 'duplicate' });
    expect(events).toHaveLength(1);
  });

  it('a failing onEvent answers 500 and forgets the event, so the retry is processed', async () => {
    let fail = true;
    const seen: string[] = [];
    const errors: unknown[] = [];
    const handler = createWebhookRequestHandler({
      secrets: SECRET,
      signer,
      onEvent: async (event) => {
        if (fail) throw new Error(`downstream down (${SECRET})`);
        seen.push(event.id ?? '');
      },
      onError: (error, event) => void errors.push([error, event?.id]),
    });
    const first = await handler(await signedRequest(approved));
    expect(first.status).toBe(500);
    const text = await first.text();
    expect(JSON.parse(text)).toEqual({ error: 'handler_failed' });
    expect(text).not.toContain(SECRET);
    expect(errors).toMatchObject([[expect.any(Error), 'evt_req_1']]);
    fail = false;
    expect((await handler(await signedRequest(approved))).status).toBe(200);
    expect(seen).toEqual(['evt_req_1']);
  });

  it('replayStore: false leaves de-duplication to onEvent', async () => {
    const { handler, events } = setup({ replayStore: false });
    await handler(await signedRequest(approved));
    await handler(await signedRequest(approved));
    expect(events).toHaveLength(2);
  });

  it('uses the given shared store', async () => {
    const checkAndRemember = vi.fn(() => true);
    const { handler } = setup({ replayStore: { checkAndRemember } });
    await handler(await signedRequest(approved));
    expect(checkAndRemember).toHaveBeenCalledWith('id:evt_req_1', expect.any(Number));
  });

  it('405 for anything but POST, without reading the body', async () => {
    const { handler } = setup();
    const request = new Request(URL_, { method: 'PUT', body: 'x' });
    const response = await handler(request);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(request.bodyUsed).toBe(false);
  });

  it('413 above maxBodyBytes; 500 webhook_misconfigured when the body was already read', async () => {
    const { handler } = setup({ maxBodyBytes: 100 });
    const big = await handler(await signedRequest({ ...approved, pad: 'x'.repeat(500) }));
    expect(big.status).toBe(413);
    expect(await json(big)).toEqual({ error: 'payload_too_large', reason: 'body_too_large' });
    const { handler: h2 } = setup();
    const used = await signedRequest(approved);
    await used.text();
    const response = await h2(used);
    expect(response.status).toBe(500);
    expect(await json(response)).toEqual({ error: 'webhook_misconfigured', reason: 'parsed_body' });
  });

  it('an onError that throws does not change the answer', async () => {
    const { handler } = setup({
      onError: () => {
        throw new Error('logger broke');
      },
    });
    expect((await handler(await signedRequest(approved, { tamper: true }))).status).toBe(401);
  });

  it('fails at creation, not per delivery, for unusable configuration; never echoing the secret', () => {
    const bad = [
      [{ secrets: ` ${SECRET}` }, 'secrets'],
      [{ secrets: [] }, 'secrets'],
      [{ scheme: 'v9' }, 'scheme'],
      [{ toleranceSeconds: Number.NaN }, 'toleranceSeconds'],
      [{ onEvent: undefined }, 'onEvent'],
    ] as const;
    for (const [extra, field] of bad) {
      let error: unknown;
      try {
        createWebhookReceiver({ secrets: SECRET, signer, onEvent: () => {}, ...(extra as object) });
      } catch (e) {
        error = e;
      }
      expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe(field);
      expect(String(error) + JSON.stringify(error)).not.toContain(SECRET);
    }
  });
});
