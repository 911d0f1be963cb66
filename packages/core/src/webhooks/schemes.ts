/**
 * The webhook signature schemes: header names, signed content and key derivation, shared by
 * the verifier and the signer so the two can never drift apart.
 *
 * @packageDocumentation
 */
import { concatBytes, fromBase64, utf8 } from '../bytes.js';
import { compactCanonicalJson } from '../canonical-json-compact.js';
import type { WebhookVerificationReason } from '../errors.js';

/**
 * A webhook signature scheme.
 *
 * - `'ascend-v1'` (default): the seed receiver's scheme.
 *   `X-Signature: v1=<hex HMAC-SHA256(secret, "<X-Timestamp>.<raw body>")>`, `X-Timestamp`
 *   (unix seconds), optional `X-Event-Id`. The key is the secret's UTF-8 bytes, whole
 *   (a `whsec_` prefix is part of the key here).
 * - `'standard-webhooks'`: {@link https://www.standardwebhooks.com | Standard Webhooks}.
 *   `webhook-signature: v1,<base64 HMAC-SHA256(key, "<webhook-id>.<webhook-timestamp>.<raw body>")>`,
 *   `webhook-id`, `webhook-timestamp`. A `whsec_<base64>` secret's key is the base64-decoded part;
 *   any other secret is used as UTF-8 bytes.
 * - `'owkai-sha256'` (opt-in): the OWkai backend's signer (Nov 2025).
 *   `X-OWkai-Signature: sha256=<hex HMAC-SHA256(secret, "<X-OWkai-Timestamp>.<canonical payload>")>`
 *   where the canonical payload is the parsed body written again with sorted keys, compact
 *   separators and ASCII escaping; `X-OWkai-Timestamp` (unix seconds); unsigned
 *   `X-OWkai-Event-ID` and `X-OWkai-Delivery-ID`. The key is the secret's UTF-8 bytes, whole.
 *   It binds the parsed JSON value, not the body bytes: see the webhooks README.
 */
export type WebhookScheme = 'ascend-v1' | 'standard-webhooks' | 'owkai-sha256';

/** Every supported {@link WebhookScheme}. */
export const WEBHOOK_SCHEMES: readonly WebhookScheme[] = ['ascend-v1', 'standard-webhooks', 'owkai-sha256'];

/** Whether `value` names a supported {@link WebhookScheme}. @internal */
export function isWebhookScheme(value: unknown): value is WebhookScheme {
  return value === 'ascend-v1' || value === 'standard-webhooks' || value === 'owkai-sha256';
}

/** Header names of the `owkai-sha256` scheme, as the OWkai backend sends them (matched case-insensitively). */
export const OWKAI_HEADERS = {
  /** `sha256=<64 lowercase hex>` entries, separated by spaces and/or commas. */
  signature: 'X-OWkai-Signature',
  /** Unix seconds, decimal digits only. */
  timestamp: 'X-OWkai-Timestamp',
  /** The backend's event record id (a UUID, not the payload's `id`); not signed. */
  eventId: 'X-OWkai-Event-ID',
  /** The backend's delivery attempt id (an integer); not signed. */
  deliveryId: 'X-OWkai-Delivery-ID',
} as const;

/** Header names of the `ascend-v1` scheme (matched case-insensitively). */
export const ASCEND_V1_HEADERS = {
  /** `v1=<64 hex>` entries, separated by spaces and/or commas. */
  signature: 'X-Signature',
  /** Unix seconds, decimal digits only. */
  timestamp: 'X-Timestamp',
  /** Optional event id; must equal the payload's `id` when both are present. */
  eventId: 'X-Event-Id',
} as const;

/** Header names of the `standard-webhooks` scheme (matched case-insensitively). */
export const STANDARD_WEBHOOKS_HEADERS = {
  /** Message id; signed, stable across the sender's retries. */
  id: 'webhook-id',
  /** Unix seconds, decimal digits only. */
  timestamp: 'webhook-timestamp',
  /** `v1,<base64>` entries separated by spaces. */
  signature: 'webhook-signature',
} as const;

/** The `whsec_` prefix of Standard Webhooks secrets. */
export const STANDARD_WEBHOOKS_SECRET_PREFIX = 'whsec_';

/** A problem with the configured secrets; the caller picks the error class. @internal */
export interface SecretProblem {
  /** The diagnostic code. */
  reason: Extract<WebhookVerificationReason, 'no_secret' | 'secret_whitespace' | 'malformed_secret'>;
  /** What is wrong, naming the secret's position, never its value. */
  message: string;
}

/**
 * Validates secrets and derives their HMAC keys. Messages name the secret's position, never its value.
 * @internal
 */
export function deriveKeys(
  scheme: WebhookScheme,
  secrets: unknown,
): { keys: Uint8Array[]; problem?: undefined } | { keys?: undefined; problem: SecretProblem } {
  const list: unknown[] = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [];
  if (list.length === 0) {
    return { problem: { reason: 'no_secret', message: 'No webhook secret configured: pass `secrets` (a string or a non-empty array)' } };
  }
  const keys: Uint8Array[] = [];
  for (let i = 0; i < list.length; i++) {
    const secret = list[i];
    const where = list.length === 1 ? 'The webhook secret' : `Webhook secret #${i + 1} of ${list.length}`;
    if (typeof secret !== 'string' || secret === '') {
      return { problem: { reason: 'no_secret', message: `${where} is empty or not a string` } };
    }
    if (secret.trim() !== secret) {
      return {
        problem: {
          reason: 'secret_whitespace',
          message: `${where} has leading or trailing whitespace (often a newline from an env file or secret manager); trim it`,
        },
      };
    }
    if (scheme === 'standard-webhooks' && secret.startsWith(STANDARD_WEBHOOKS_SECRET_PREFIX)) {
      const key = fromBase64(secret.slice(STANDARD_WEBHOOKS_SECRET_PREFIX.length));
      if (!key || key.length === 0) {
        return {
          problem: { reason: 'malformed_secret', message: `${where} starts with "whsec_" but the rest is not valid base64` },
        };
      }
      keys.push(key);
    } else {
      keys.push(utf8(secret));
    }
  }
  return { keys };
}

/**
 * What `owkai-sha256` signs after the timestamp and the dot: the parsed payload with sorted keys,
 * `,`/`:` separators and ASCII escaping (Python's `json.dumps(payload, sort_keys=True,
 * separators=(',', ':'))`), as core's canonical JSON writes it.
 * @throws {@link ValidationError} for a value that is not JSON or is nested deeper than 64 levels.
 * @internal
 */
export function owkaiCanonicalPayload(payload: unknown): string {
  return compactCanonicalJson(payload, 'payload');
}

/**
 * The exact bytes a scheme signs (`ascend-v1`, `standard-webhooks`): byte bodies are appended untouched (never decoded and re-encoded);
 * string bodies are UTF-8 encoded, as they are sent.
 * @internal
 */
export function signedContent(scheme: WebhookScheme, timestamp: string, id: string | undefined, body: string | Uint8Array): Uint8Array {
  const prefix = scheme === 'standard-webhooks' ? `${id ?? ''}.${timestamp}.` : `${timestamp}.`;
  // A string body is encoded together with the prefix: the same bytes as encoding each part.
  return typeof body === 'string' ? utf8(prefix + body) : concatBytes(utf8(prefix), body);
}
