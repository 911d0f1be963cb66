/**
 * The sending side of webhooks: signs a payload the way {@link verifyWebhook} checks it. Used by
 * tests, `@ascend/testing` and the dev server.
 *
 * @packageDocumentation
 */
import { toBase64, toHex, utf8 } from '../bytes.js';
import { ConfigurationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { id as readId, isObject } from '../wire-read.js';
import { ASCEND_V1_HEADERS, deriveKeys, signedContent, STANDARD_WEBHOOKS_HEADERS, type WebhookScheme } from './schemes.js';

/** Options of {@link signWebhook}. */
export interface SignWebhookOptions {
  /** The secret, or several to emit one signature each (sender-side rotation). */
  secret: string | readonly string[];
  /**
   * The payload: an object (serialized once with `JSON.stringify`) or a raw string sent as is.
   * The returned `body` is exactly the bytes that were signed.
   */
  payload: string | Readonly<Record<string, unknown>>;
  /** HMAC-SHA256 implementation. */
  signer: Signer;
  /** Signing time, unix seconds. @defaultValue the current time */
  timestamp?: number;
  /**
   * Event id. @defaultValue the payload's `id` when it has one, else a random `evt_<24 hex>`
   * (`ascend-v1`) or `msg_<24 hex>` (`standard-webhooks`).
   */
  eventId?: string;
  /** Signature scheme. @defaultValue `'ascend-v1'` */
  scheme?: WebhookScheme;
}

/** A signed delivery: send `body` with `headers`. */
export interface SignedWebhook {
  /**
   * `ascend-v1`: `Content-Type`, `X-Event-Id`, `X-Timestamp`, `X-Signature` (`v1=<hex>` entries
   * separated by a space). `standard-webhooks`: `Content-Type`, `webhook-id`,
   * `webhook-timestamp`, `webhook-signature` (`v1,<base64>` entries separated by a space).
   */
  headers: Record<string, string>;
  /** The exact body that was signed. */
  body: string;
}

/**
 * Signs a webhook delivery.
 *
 * @throws {@link ConfigurationError} when a secret is empty, has surrounding whitespace or is a
 *   malformed `whsec_` secret; when `timestamp` is not a non-negative integer; when `eventId`
 *   contradicts the payload's `id` or is not 1–256 visible ASCII characters; or when no id is given and the runtime has no
 *   `crypto.getRandomValues`. Messages never contain a secret.
 *
 * @example
 * ```ts
 * const { headers, body } = await signWebhook({ secret, signer: nodeSigner, payload: { id: 'evt_1', type: 'action.approved', data: { action_id: 42 } } })
 * await fetch(url, { method: 'POST', headers, body })
 * ```
 */
export async function signWebhook(options: SignWebhookOptions): Promise<SignedWebhook> {
  const scheme = options.scheme ?? 'ascend-v1';
  if (scheme !== 'ascend-v1' && scheme !== 'standard-webhooks') {
    throw new ConfigurationError('scheme', `unknown webhook scheme; use 'ascend-v1' or 'standard-webhooks'`);
  }
  if (!options.signer || typeof options.signer.hmacSha256 !== 'function') {
    throw new ConfigurationError('signer', 'no HMAC-SHA256 signer given');
  }
  const derived = deriveKeys(scheme, options.secret);
  if (derived.problem) throw new ConfigurationError('secret', derived.problem.message);

  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ConfigurationError('timestamp', 'must be a non-negative integer number of unix seconds');
  }

  let body: string;
  let payloadId: string | undefined;
  if (typeof options.payload === 'string') {
    body = options.payload;
    payloadId = idOfJson(body);
  } else if (isObject(options.payload)) {
    body = JSON.stringify(options.payload);
    payloadId = readId(options.payload, 'id');
  } else {
    throw new ConfigurationError('payload', 'must be an object or a raw JSON string');
  }
  if (options.eventId !== undefined && payloadId !== undefined && options.eventId !== payloadId) {
    throw new ConfigurationError('eventId', "differs from the payload's id; receivers reject the mismatch");
  }
  const eventId = options.eventId ?? payloadId ?? randomId(scheme === 'standard-webhooks' ? 'msg_' : 'evt_');
  if (!/^[\x21-\x7e]{1,256}$/.test(eventId)) {
    throw new ConfigurationError('eventId', 'must be 1–256 visible ASCII characters without spaces (it travels in a header)');
  }

  const timestampText = String(timestamp);
  const content = signedContent(scheme, timestampText, eventId, utf8(body));
  const macs: Uint8Array[] = [];
  for (const key of derived.keys) macs.push(await options.signer.hmacSha256(key, content));

  if (scheme === 'standard-webhooks') {
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        [STANDARD_WEBHOOKS_HEADERS.id]: eventId,
        [STANDARD_WEBHOOKS_HEADERS.timestamp]: timestampText,
        [STANDARD_WEBHOOKS_HEADERS.signature]: macs.map((m) => `v1,${toBase64(m)}`).join(' '),
      },
    };
  }
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      [ASCEND_V1_HEADERS.eventId]: eventId,
      [ASCEND_V1_HEADERS.timestamp]: timestampText,
      [ASCEND_V1_HEADERS.signature]: macs.map((m) => `v1=${toHex(m)}`).join(' '),
    },
  };
}

function idOfJson(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? readId(parsed, 'id') : undefined;
  } catch {
    return undefined;
  }
}

function randomId(prefix: string): string {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  if (typeof crypto?.getRandomValues !== 'function') {
    throw new ConfigurationError('eventId', 'this runtime has no crypto.getRandomValues; pass an eventId');
  }
  return prefix + toHex(crypto.getRandomValues(new Uint8Array(12)));
}
