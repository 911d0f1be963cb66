/**
 * A framework-neutral webhook receiver: verify, de-duplicate, run the handler, and choose the
 * HTTP answer. The Web `Request` helper and `@ascend/node`'s http handler are thin adapters over
 * it, so every runtime answers the same way.
 *
 * @packageDocumentation
 */
import { ConfigurationError, isAscendError, isWebhookVerificationError, type WebhookVerificationReason } from '../errors.js';
import { runContained } from '../events.js';
import type { WebhookEvent } from './events.js';
import { MemoryReplayStore, type ReplayStore } from './replay-store.js';
import { resolveWebhookConfig, verifyWebhookDelivery, type VerifyWebhookOptions, type WebhookHeaders } from './verify.js';

/** Default largest accepted webhook body: 1 MiB. */
export const DEFAULT_WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createWebhookReceiver}. */
export interface WebhookReceiverOptions extends Omit<VerifyWebhookOptions, 'body' | 'headers' | 'replayStore'> {
  /**
   * Runs once per verified, non-duplicate event. Throwing (or rejecting) answers 500, and the
   * event is forgotten by the replay store so the sender's retry is processed.
   */
  onEvent(this: void, event: WebhookEvent): void | Promise<void>;
  /**
   * Replay store. `false` disables replay rejection (then de-duplicate in `onEvent`).
   * @defaultValue a new {@link MemoryReplayStore} per receiver (one instance only; pass a shared
   *   store when several instances receive the same endpoint)
   */
  replayStore?: ReplayStore | false;
  /**
   * Observes every failed delivery (verification failure or handler error), e.g. for logging.
   * Exceptions thrown here are swallowed, and so is the rejection of an async observer.
   */
  onError?(this: void, error: unknown, event: WebhookEvent | undefined): void;
}

/** One incoming delivery, as an adapter sees it. */
export interface WebhookDelivery {
  /** HTTP method; anything but `POST` answers 405 without reading the body. Omit to skip the check. */
  method?: string | undefined;
  /** The request headers. */
  headers: WebhookHeaders;
  /** Reads the raw body. Called after the method check; may throw a `WebhookVerificationError`. */
  readBody(): Promise<unknown>;
}

/**
 * The JSON body of a receiver's answer. Successful deliveries carry `status`; every failure
 * carries `error` (and, for verification failures, the diagnostic `reason`). No variant ever
 * contains an error message, a secret or a signature.
 */
export type WebhookResponseBody =
  /** 200: the handler ran. */
  | {
      /** Always `'processed'`: the event was verified and `onEvent` completed. */
      status: 'processed';
      /** The event type as sent (for an unknown event, its raw type rather than `'unknown'`). */
      type: string;
      /** The event's id ({@link WebhookEventBase.id}), or `null` when the delivery carried none. */
      id: string | null;
    }
  /** 200: this event was already accepted; the handler did not run again. */
  | {
      /** Always `'duplicate'`: the replay store had already seen this event, so `onEvent` was skipped. */
      status: 'duplicate';
    }
  /** 401: the delivery is not authentic, or not well-formed. */
  | {
      /** Always `'invalid_signature'`, including for malformed headers or payloads and stale timestamps. */
      error: 'invalid_signature';
      /** Which check failed, e.g. `bad_signature`, `missing_header` or `timestamp_out_of_tolerance`. */
      reason: WebhookVerificationReason;
    }
  /** 413: the body exceeds the size limit. */
  | {
      /** Always `'payload_too_large'`. */
      error: 'payload_too_large';
      /** Always `'body_too_large'`: the adapter's `maxBodyBytes` limit (default {@link DEFAULT_WEBHOOK_MAX_BODY_BYTES}) was exceeded. */
      reason: 'body_too_large';
    }
  /** 500: the receiver is misconfigured (no/invalid secret, pre-parsed body); the sender should retry later. */
  | {
      /** Always `'webhook_misconfigured'`: the fault is in this receiver's setup, not in the delivery. */
      error: 'webhook_misconfigured';
      /**
       * The verification reason behind it (`no_secret`, `secret_whitespace`, `malformed_secret` or
       * `parsed_body`); absent when the cause was a {@link ConfigurationError}.
       */
      reason?: WebhookVerificationReason;
    }
  /** 405: not a POST. */
  | {
      /** Always `'method_not_allowed'`; the response also carries `Allow: POST`. */
      error: 'method_not_allowed';
    }
  /** 500: `onEvent` threw; the sender should retry. */
  | {
      /**
       * Always `'handler_failed'`: `onEvent` threw (a replay store with `forget` then drops the
       * event, so the sender's retry is processed), or reading the body failed with an error that
       * is not a verification failure.
       */
      error: 'handler_failed';
    };

/** A receiver's answer, ready to write to any HTTP response. */
export interface WebhookReceipt {
  /** HTTP status. */
  status: number;
  /** Response headers (`Content-Type: application/json`, …). */
  headers: Record<string, string>;
  /** Response body, to serialize with `JSON.stringify`. */
  body: WebhookResponseBody;
  /** The verified event, when verification succeeded. */
  event: WebhookEvent | undefined;
}

/** A receiver created by {@link createWebhookReceiver}. */
export type WebhookReceiver = (delivery: WebhookDelivery) => Promise<WebhookReceipt>;

// Reasons that mean "this receiver is set up wrong", not "this delivery is bad". They answer 500
// so that the sender retries once the configuration is fixed instead of dropping the event.
const MISCONFIGURATION: ReadonlySet<WebhookVerificationReason> = new Set<WebhookVerificationReason>([
  'no_secret',
  'secret_whitespace',
  'malformed_secret',
  'parsed_body',
]);

const JSON_HEADERS = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } as const;

function receipt(status: number, body: WebhookResponseBody, event?: WebhookEvent, extra?: Record<string, string>): WebhookReceipt {
  return { status, headers: { ...JSON_HEADERS, ...extra }, body, event };
}

/**
 * Maps an error thrown while receiving a webhook to the HTTP answer.
 *
 * | error | status | body |
 * | --- | --- | --- |
 * | verification failure (`missing_header`, `malformed_header`, `bad_signature`, `timestamp_out_of_tolerance`, `malformed_payload`) | 401 | `{ error: 'invalid_signature', reason }` |
 * | `replayed` | 200 | `{ status: 'duplicate' }` |
 * | `body_too_large` | 413 | `{ error: 'payload_too_large', reason }` |
 * | `no_secret`, `secret_whitespace`, `malformed_secret`, `parsed_body` | 500 | `{ error: 'webhook_misconfigured', reason }` |
 * | `ConfigurationError` | 500 | `{ error: 'webhook_misconfigured' }` |
 * | anything else | 500 | `{ error: 'handler_failed' }` |
 *
 * The body never contains an error message, a secret or a signature.
 */
export function webhookErrorReceipt(error: unknown): WebhookReceipt {
  if (isWebhookVerificationError(error)) {
    const { reason } = error;
    if (reason === 'replayed') return receipt(200, { status: 'duplicate' });
    if (reason === 'body_too_large') return receipt(413, { error: 'payload_too_large', reason }, undefined, { Connection: 'close' });
    if (MISCONFIGURATION.has(reason)) return receipt(500, { error: 'webhook_misconfigured', reason });
    return receipt(401, { error: 'invalid_signature', reason });
  }
  if (isAscendError(error, 'CONFIG_ERROR')) return receipt(500, { error: 'webhook_misconfigured' });
  return receipt(500, { error: 'handler_failed' });
}

const ignore = (): void => {};

/** Runs an observer: a throw, or the rejection of an async one, must not change the answer nor reach the host. */
function safely(fn: (() => unknown) | undefined): void {
  if (fn) runContained(fn, ignore);
}

/**
 * Creates a framework-neutral receiver: method check → read body → {@link verifyWebhook} (with a
 * replay store) → `onEvent` → {@link WebhookReceipt}. The returned function never throws; see
 * {@link webhookErrorReceipt} for the answers.
 *
 * @throws {@link ConfigurationError} at creation when `secrets`, `scheme`, `toleranceSeconds`,
 *   `signer` or `onEvent` is unusable, so a misconfiguration fails at startup.
 *
 * @example
 * ```ts
 * const receive = createWebhookReceiver({ secrets, signer, onEvent: (e) => queue.push(e) })
 * const { status, headers, body } = await receive({ method: 'POST', headers: req.headers, readBody: () => readRaw(req) })
 * ```
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const { onEvent, onError, replayStore: storeOption, ...verifyOptions } = options;
  if (typeof onEvent !== 'function') throw new ConfigurationError('onEvent', 'must be a function');
  // Fail at startup, not on the first delivery.
  try {
    resolveWebhookConfig(verifyOptions);
  } catch (error) {
    if (isWebhookVerificationError(error)) throw new ConfigurationError('secrets', error.message);
    throw error;
  }
  const replayStore = storeOption === false ? undefined : (storeOption ?? new MemoryReplayStore());

  return async (delivery) => {
    if (delivery.method !== undefined && delivery.method.toUpperCase() !== 'POST') {
      return receipt(405, { error: 'method_not_allowed' }, undefined, { Allow: 'POST' });
    }
    let verified;
    try {
      const body = await delivery.readBody();
      verified = await verifyWebhookDelivery({
        ...verifyOptions,
        body: body as VerifyWebhookOptions['body'],
        headers: delivery.headers,
        ...(replayStore ? { replayStore } : {}),
      });
    } catch (error) {
      safely(onError && (() => onError(error, undefined)));
      return webhookErrorReceipt(error);
    }
    const { event, replayKeys } = verified;
    try {
      await onEvent(event);
    } catch (error) {
      if (replayStore?.forget) {
        for (const key of replayKeys) {
          try {
            await replayStore.forget(key);
          } catch {
            // Best effort: at worst the retry is answered as a duplicate.
          }
        }
      }
      safely(onError && (() => onError(error, event)));
      return receipt(500, { error: 'handler_failed' }, event);
    }
    return receipt(200, { status: 'processed', type: event.type === 'unknown' ? event.rawType : event.type, id: event.id ?? null }, event);
  };
}
