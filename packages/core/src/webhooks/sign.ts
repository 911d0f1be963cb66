/**
 * The sending side of webhooks: signs a payload the way {@link verifyWebhook} checks it. Used by
 * tests, `@ascend/testing` and the dev server.
 *
 * @packageDocumentation
 */
import { toBase64, toHex, utf8 } from '../bytes.js';
import { ConfigurationError, isValidationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { id as readId, isObject } from '../wire-read.js';
import {
  ASCEND_V1_HEADERS,
  deriveKeys,
  isWebhookScheme,
  OWKAI_HEADERS,
  owkaiCanonicalPayload,
  signedContent,
  STANDARD_WEBHOOKS_HEADERS,
  type WebhookScheme,
} from './schemes.js';

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
   * (`ascend-v1`, `owkai-sha256`) or `msg_<24 hex>` (`standard-webhooks`). For `owkai-sha256` it
   * is the unsigned `X-OWkai-Event-ID` header and may differ from the payload's `id`.
   */
  eventId?: string;
  /** Signature scheme. @defaultValue `'ascend-v1'` */
  scheme?: WebhookScheme;
  /**
   * `owkai-sha256` only: the `X-OWkai-Delivery-ID` header (the backend sends its delivery
   * record's integer id). Not signed. @defaultValue `'1'`
   */
  deliveryId?: string;
}

/** A signed delivery: send `body` with `headers`. */
export interface SignedWebhook {
  /**
   * `ascend-v1`: `Content-Type`, `X-Event-Id`, `X-Timestamp`, `X-Signature` (`v1=<hex>` entries
   * separated by a space). `standard-webhooks`: `Content-Type`, `webhook-id`,
   * `webhook-timestamp`, `webhook-signature` (`v1,<base64>` entries separated by a space).
   * `owkai-sha256`: `Content-Type`, `User-Agent: OWkai-Webhook/1.0`, `X-OWkai-Signature`
   * (`sha256=<hex>` entries separated by a space), `X-OWkai-Timestamp`, `X-OWkai-Event-ID`,
   * `X-OWkai-Delivery-ID`.
   */
  headers: Record<string, string>;
  /**
   * The body to send. `ascend-v1` and `standard-webhooks`: exactly the bytes that were signed.
   * `owkai-sha256`: the payload's canonical form (sorted keys, compact separators, ASCII
   * escaping), which is both what was signed and what is sent, so a receiver that checks the
   * raw bytes and one that re-canonicalizes the parsed body both accept it.
   */
  body: string;
}

/**
 * Signs a webhook delivery.
 *
 * @throws {@link ConfigurationError} when a secret is empty, has surrounding whitespace or is a
 *   malformed `whsec_` secret; when `timestamp` is not a non-negative integer; when `eventId`
 *   contradicts the payload's `id` (except under `owkai-sha256`) or is not 1–256 visible ASCII characters; when an
 *   `owkai-sha256` payload is not JSON or `deliveryId` is not a header-safe token; or when no id is given and the runtime has no
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
  if (!isWebhookScheme(scheme)) {
    throw new ConfigurationError('scheme', `unknown webhook scheme; use 'ascend-v1', 'standard-webhooks' or 'owkai-sha256'`);
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
  // owkai-sha256's X-OWkai-Event-ID is the sender's own record id, unrelated to the payload's id.
  if (scheme !== 'owkai-sha256' && options.eventId !== undefined && payloadId !== undefined && options.eventId !== payloadId) {
    throw new ConfigurationError('eventId', "differs from the payload's id; receivers reject the mismatch");
  }
  const eventId = options.eventId ?? payloadId ?? randomId(scheme === 'standard-webhooks' ? 'msg_' : 'evt_');
  if (!/^[\x21-\x7e]{1,256}$/.test(eventId)) {
    throw new ConfigurationError('eventId', 'must be 1–256 visible ASCII characters without spaces (it travels in a header)');
  }

  const timestampText = String(timestamp);
  if (scheme === 'owkai-sha256') body = owkaiBody(body);
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
  if (scheme === 'owkai-sha256') {
    const deliveryId = options.deliveryId ?? '1';
    if (!/^[\x21-\x7e]{1,256}$/.test(deliveryId)) {
      throw new ConfigurationError('deliveryId', 'must be 1–256 visible ASCII characters without spaces (it travels in a header)');
    }
    return {
      body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'OWkai-Webhook/1.0',
        [OWKAI_HEADERS.signature]: macs.map((m) => `sha256=${toHex(m)}`).join(' '),
        [OWKAI_HEADERS.timestamp]: timestampText,
        [OWKAI_HEADERS.eventId]: eventId,
        [OWKAI_HEADERS.deliveryId]: deliveryId,
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

/** The canonical compact form of a JSON text: what `owkai-sha256` signs and sends. */
function owkaiBody(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigurationError('payload', 'is not valid JSON; owkai-sha256 signs the parsed payload');
  }
  try {
    return owkaiCanonicalPayload(parsed);
  } catch (error) {
    if (isValidationError(error)) throw new ConfigurationError('payload', error.message);
    throw error;
  }
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
