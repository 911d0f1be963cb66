/**
 * Signed webhook deliveries for tests: build one the way ASCEND would send it, or deliver a
 * fake's outbox to real endpoints.
 *
 * Signing is `@ascend/core`'s own `signWebhook`, so deliveries verify with core's
 * `verifyWebhook` by construction. The default scheme is `ascend-v1`:
 * `X-Signature: v1=<hex HMAC-SHA256(secret, "<X-Timestamp>.<raw body>")>`, `X-Timestamp` in unix
 * seconds, `X-Event-Id` equal to the payload's `id`; `standard-webhooks` is available too.
 *
 * @packageDocumentation
 */
import { signWebhook, type FetchLike, type Signer, type WebhookScheme } from '@ascend/core';
import ky from 'ky';
import type { FakeAscend } from './fake/fake-api.js';
import { hex, webCryptoRandomBytes } from './fake/ids.js';
import { createWebCryptoSigner } from './fake/signature.js';

/** The envelope version the fake and the backend put in `api_version`. */
export const WEBHOOK_API_VERSION = '2025-11-28';

/** Options of {@link createWebhookDelivery}. */
export interface WebhookDeliveryOptions {
  /** The webhook's signing secret. Never logged or put in errors. */
  readonly secret: string;
  /** The event type, e.g. `action.approved`. */
  readonly event: string;
  /** The event's `data` (snake_case, as on the wire). @defaultValue `{}` */
  readonly data?: Readonly<Record<string, unknown>>;
  /** The event id. @defaultValue a random `evt_<24 hex>` */
  readonly id?: string;
  /** Signing time, unix seconds; set it in the past to test the tolerance window. @defaultValue now */
  readonly timestamp?: number;
  /** The envelope's ISO `timestamp`. @defaultValue the signing time */
  readonly occurredAt?: string;
  /** `organization_id`. @defaultValue 1 */
  readonly organizationId?: number;
  /** `metadata.delivery_attempt`. @defaultValue 1 */
  readonly deliveryAttempt?: number;
  /**
   * A raw body to sign and send instead of the generated envelope (e.g. to test a receiver's
   * handling of malformed JSON). `event`, `data` and `id` then only fill the headers.
   */
  readonly body?: string;
  /** HMAC-SHA256 implementation. @defaultValue WebCrypto */
  readonly signer?: Signer;
  /** Signature scheme, as in core's `signWebhook`. @defaultValue `'ascend-v1'` */
  readonly scheme?: WebhookScheme;
}

/** A signed delivery: POST `body` with `headers`. */
export interface SignedWebhookDelivery {
  /**
   * `ascend-v1`: `Content-Type`, `X-Event-Id`, `X-Timestamp`, `X-Signature`;
   * `standard-webhooks`: `Content-Type`, `webhook-id`, `webhook-timestamp`, `webhook-signature`;
   * `owkai-sha256`: `Content-Type`, `User-Agent`, `X-OWkai-Signature`, `X-OWkai-Timestamp`,
   * `X-OWkai-Event-ID`, `X-OWkai-Delivery-ID`.
   */
  readonly headers: Record<string, string>;
  /** The exact bytes that were signed (`owkai-sha256`: the compact canonical form of the envelope, which it signs). */
  readonly body: string;
  /** The event id (also in `X-Event-Id`). */
  readonly eventId: string;
  /** The signing time, unix seconds (also in `X-Timestamp`). */
  readonly timestamp: number;
}

/**
 * Builds a signed webhook delivery, in the backend's envelope
 * `{ id, type, timestamp, api_version, organization_id, data, metadata }`.
 *
 * @throws TypeError when `secret` or `event` is empty or `timestamp` is not a non-negative integer;
 *   core's `ConfigurationError` for a secret `signWebhook` refuses (messages never contain it).
 * @example
 * ```ts
 * const { headers, body } = await createWebhookDelivery({ secret: 'whsec_test', event: 'action.approved', data: { action_id: 42 } });
 * const res = await app.request('/webhooks/ascend', { method: 'POST', headers, body });
 * ```
 */
export async function createWebhookDelivery(options: WebhookDeliveryOptions): Promise<SignedWebhookDelivery> {
  if (typeof options.secret !== 'string' || options.secret === '') throw new TypeError('createWebhookDelivery: secret must be a non-empty string');
  if (typeof options.event !== 'string' || options.event === '') throw new TypeError('createWebhookDelivery: event must be a non-empty string');
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('createWebhookDelivery: timestamp must be non-negative unix seconds');
  const eventId = options.id ?? `evt_${hex(webCryptoRandomBytes(12))}`;
  const body =
    options.body ??
    JSON.stringify({
      id: eventId,
      type: options.event,
      timestamp: options.occurredAt ?? new Date(timestamp * 1000).toISOString(),
      api_version: WEBHOOK_API_VERSION,
      organization_id: options.organizationId ?? 1,
      data: options.data ?? {},
      metadata: { idempotency_key: eventId, delivery_attempt: options.deliveryAttempt ?? 1 },
    });
  const signed = await signWebhook({
    secret: options.secret,
    payload: body,
    signer: options.signer ?? defaultSigner(),
    timestamp,
    eventId,
    ...(options.scheme ? { scheme: options.scheme } : {}),
  });
  return { headers: signed.headers, body: signed.body, eventId, timestamp };
}

let sharedSigner: Signer | undefined;
function defaultSigner(): Signer {
  return (sharedSigner ??= createWebCryptoSigner());
}

/** The outcome of one delivery by {@link deliverOutbox}. */
export interface OutboxDeliveryResult {
  /** The fake's delivery id (`dlv_<n>`). */
  readonly deliveryId: string;
  /** The webhook configuration it was for. */
  readonly webhookId: string;
  /** The event type. */
  readonly eventType: string;
  /** Target URL. */
  readonly url: string;
  /** HTTP status, when the endpoint answered. */
  readonly status: number | undefined;
  /** True for a 2xx answer. */
  readonly ok: boolean;
  /** Why it failed (network error, unknown webhook), when it did. */
  readonly error: string | undefined;
}

/** Options of {@link deliverOutbox}. */
export interface DeliverOutboxOptions {
  /** Signing time for every delivery, unix seconds. @defaultValue now */
  readonly timestamp?: number;
  /** HMAC-SHA256 implementation. @defaultValue WebCrypto */
  readonly signer?: Signer;
  /** Signature scheme. @defaultValue `'ascend-v1'` */
  readonly scheme?: WebhookScheme;
  /** Cancels deliveries not yet sent. */
  readonly signal?: AbortSignal;
  /** Time limit of each delivery, in ms (ky's `timeout`); a delivery that runs out is reported failed. @defaultValue 10000 */
  readonly timeoutMs?: number;
}

/**
 * Drains the fake's webhook outbox and POSTs each delivery, signed with its webhook's secret,
 * through ky over `fetch` (one at a time, in order, each within `timeoutMs`). The body is the fake's exact serialized envelope
 * and `X-Event-Id` its `id`. Failed deliveries are reported, not retried or re-queued.
 *
 * @example
 * ```ts
 * const results = await deliverOutbox(fake, fetch);
 * expect(results.every((r) => r.ok)).toBe(true);
 * ```
 */
export async function deliverOutbox(fake: FakeAscend, fetch: FetchLike, options: DeliverOutboxOptions = {}): Promise<OutboxDeliveryResult[]> {
  const results: OutboxDeliveryResult[] = [];
  for (const delivery of fake.takeOutbox()) {
    const base = { deliveryId: delivery.deliveryId, webhookId: delivery.webhookId, eventType: delivery.eventType, url: delivery.url };
    const webhook = fake.getWebhook(delivery.webhookId);
    if (!webhook) {
      results.push({ ...base, status: undefined, ok: false, error: `webhook ${delivery.webhookId} no longer exists` });
      continue;
    }
    try {
      options.signal?.throwIfAborted();
      // Sent through ky: the signature is added by a beforeRequest hook, at send time, over the
      // exact body sent; one attempt with a time limit, no retries (a failure is reported).
      const response = await ky.post(delivery.url, {
        body: delivery.body,
        hooks: {
          beforeRequest: [
            async (request) => {
              const signed = await createWebhookDelivery({
                secret: webhook.secret,
                event: delivery.eventType,
                id: delivery.event.id,
                body: delivery.body,
                ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
                ...(options.signer ? { signer: options.signer } : {}),
                ...(options.scheme ? { scheme: options.scheme } : {}),
              });
              for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
            },
          ],
        },
        timeout: options.timeoutMs ?? 10_000,
        retry: 0,
        throwHttpErrors: false,
        fetch,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      // Drain the answer (cancelling the stream can stall with some fetch implementations).
      await response.arrayBuffer().catch(() => undefined);
      results.push({ ...base, status: response.status, ok: response.ok, error: response.ok ? undefined : `HTTP ${response.status}` });
    } catch (error) {
      results.push({ ...base, status: undefined, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return results;
}
