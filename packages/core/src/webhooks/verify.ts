/**
 * Webhook signature verification over the injected {@link Signer}.
 *
 * @packageDocumentation
 */
import { fromBase64, fromUtf8, timingSafeEqual, toBase64, toHex, utf8 } from '../bytes.js';
import { ConfigurationError, isValidationError, WebhookVerificationError } from '../errors.js';
import type { Signer } from '../ports.js';
import { id as readId } from '../wire-read.js';
import { assertPayloadObject, parseWebhookEvent, type WebhookEvent } from './events.js';
import type { ReplayStore } from './replay-store.js';
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

/** The raw request body, exactly as received. Never a parsed object. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/**
 * Request headers: a Web `Headers`, or a plain record as Node's `req.headers` gives it (names
 * matched case-insensitively; an array value, i.e. a repeated header, is joined with `", "`).
 */
export type WebhookHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /**
   * The raw body: a string, `Uint8Array` (Node byte buffers are Uint8Arrays) or `ArrayBuffer`, exactly as
   * received. A parsed object fails with reason `parsed_body`: re-serializing JSON changes bytes.
   */
  body: WebhookBody;
  /** The request headers. */
  headers: WebhookHeaders;
  /**
   * The webhook secret, or several during a rotation: a delivery passes when any one of them
   * produced any one of its signatures. Never logged, never put in an error.
   */
  secrets: string | readonly string[];
  /** HMAC-SHA256 implementation (`nodeSigner` from `@ascend/node`, or the WebCrypto one). */
  signer: Signer;
  /**
   * Largest accepted distance, in seconds, between the signed timestamp and `now`, in either
   * direction (past: replays; future: a skewed sender clock).
   * @defaultValue 300
   */
  toleranceSeconds?: number;
  /** Current time in epoch milliseconds. @defaultValue `Date.now` */
  now?: () => number;
  /**
   * Rejects a second delivery of the same event inside the tolerance period (reason
   * `replayed`). Without a store, no replay check is made beyond the timestamp tolerance.
   */
  replayStore?: ReplayStore;
  /** Signature scheme. @defaultValue `'ascend-v1'` */
  scheme?: WebhookScheme;
  /**
   * Largest body, in bytes, that the `owkai-sha256` scheme parses (it must parse the body before
   * it can check the signature); a larger one fails with reason `body_too_large` before any
   * parsing. The other schemes hash the raw bytes and leave the bound to the receivers.
   * @defaultValue 1048576 (1 MiB)
   */
  maxBodyBytes?: number;
}

/** Default {@link VerifyWebhookOptions.maxBodyBytes} (the receivers' default too). */
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** A verified delivery, with what the receivers need to undo the replay record. @internal */
export interface VerifiedDelivery {
  /** The parsed event. */
  event: WebhookEvent;
  /** The signed timestamp, unix seconds. */
  timestamp: number;
  /** Keys recorded in the replay store (empty without a store). */
  replayKeys: readonly string[];
}

/** Default {@link VerifyWebhookOptions.toleranceSeconds}. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * Verifies a signed webhook delivery and returns its typed event.
 *
 * Checks, in order: the secrets are usable; the body is raw bytes; the scheme's headers are
 * present and well-formed; some signature matches under some secret (constant-time compare);
 * the timestamp is within `toleranceSeconds` of now, in either direction; the body is a JSON
 * object naming an event type; the event was not already accepted (with a `replayStore`).
 *
 * Accepted headers (names case-insensitive):
 * - `ascend-v1`: `X-Signature` holding one or more `v1=<64 lowercase hex digits>` entries separated by
 *   spaces and/or commas (other prefixes such as `v0=` or `sha256=` are ignored); `X-Timestamp`
 *   (unix seconds, digits only); optional `X-Event-Id`. Signed content: `<X-Timestamp>.<raw body>`.
 * - `standard-webhooks`: `webhook-id`, `webhook-timestamp` (unix seconds), `webhook-signature`
 *   holding one or more space-separated `v1,<base64>` entries (standard alphabet, padded; other versions such as `v1a,`
 *   are ignored). Signed content: `<webhook-id>.<webhook-timestamp>.<raw body>`.
 * - `owkai-sha256` (opt-in, the OWkai backend's signer): `X-OWkai-Signature` holding
 *   `sha256=<64 lowercase hex>` entries; `X-OWkai-Timestamp` (unix seconds); unsigned
 *   `X-OWkai-Event-ID`. The body (at most `maxBodyBytes`) is parsed and written again as compact
 *   canonical JSON; signed content: `<X-OWkai-Timestamp>.<canonical body>`. It binds the parsed
 *   value, not the bytes (key order, whitespace and number spelling are not bound).
 *
 * @returns The verified event; its `id` is the signed id when the scheme has one.
 * @throws {@link WebhookVerificationError} with a diagnostic `reason`: `no_secret`,
 *   `secret_whitespace`, `malformed_secret`, `parsed_body`, `missing_header`, `malformed_header`,
 *   `bad_signature`, `timestamp_out_of_tolerance`, `malformed_payload`, `replayed` or (`owkai-sha256`)
 *   `body_too_large`. Its message
 *   never contains a secret or an expected signature.
 * @throws {@link ConfigurationError} for an unknown `scheme`, a bad `toleranceSeconds` or `maxBodyBytes`, or a missing `signer`.
 *
 * @example
 * ```ts
 * const event = await verifyWebhook({ body: rawBody, headers: req.headers, secrets: env.ASCEND_WEBHOOK_SECRET, signer: nodeSigner })
 * if (event.type === 'action.approved') await execute(event.data.actionId)
 * ```
 */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<WebhookEvent> {
  return (await verifyWebhookDelivery(options)).event;
}

/**
 * {@link verifyWebhook}, also returning the signed timestamp and the replay keys it recorded.
 * @internal
 */
export async function verifyWebhookDelivery(options: VerifyWebhookOptions): Promise<VerifiedDelivery> {
  const { scheme, tolerance, keys } = resolveWebhookConfig(options);
  const body = rawBody(options.body);
  const parts =
    scheme === 'ascend-v1'
      ? readAscendV1Headers(options.headers)
      : scheme === 'owkai-sha256'
        ? readOwkaiHeaders(options.headers)
        : readStandardHeaders(options.headers);

  // owkai-sha256 signs the parsed payload written again canonically, so the body is parsed
  // (size-bounded) first; the event below is built from this same parsed value.
  let parsed: { value: unknown } | undefined;
  let content: Uint8Array;
  if (scheme === 'owkai-sha256') {
    parsed = { value: parseBoundedBody(body, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) };
    content = signedContent(scheme, parts.timestampText, undefined, canonicalOrRefuse(parsed.value));
  } else {
    content = signedContent(scheme, parts.timestampText, parts.signedId, body);
  }

  // One HMAC per secret; every (expected, received) pair is compared in constant time.
  let matched: Uint8Array | undefined;
  for (const key of keys) {
    const expected = await options.signer.hmacSha256(key, content);
    for (const candidate of parts.signatures) {
      if (timingSafeEqual(expected, candidate) && matched === undefined) matched = candidate;
    }
  }
  if (matched === undefined) {
    const secrets = keys.length === 1 ? 'the configured secret' : `any of the ${keys.length} configured secrets`;
    const what = scheme === 'owkai-sha256' ? 'the canonical form of the parsed body' : 'the raw body';
    throw new WebhookVerificationError(
      'bad_signature',
      `No signature in ${parts.signatureHeader} matches ${what} under ${secrets}. ` +
        'Check that the body is passed exactly as received and that the secret is the one configured for this endpoint.',
    );
  }

  const nowMs = (options.now ?? Date.now)();
  const skewMs = nowMs - parts.timestamp * 1000;
  if (Math.abs(skewMs) > tolerance * 1000) {
    const seconds = Math.round(Math.abs(skewMs) / 1000);
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `${parts.timestampHeader} is ${seconds} s in the ${skewMs > 0 ? 'past' : 'future'}; the tolerance is ${tolerance} s. ` +
        'Either the delivery is a replay or a clock is wrong.',
    );
  }

  let payload: unknown;
  if (parsed) payload = parsed.value;
  else {
    try {
      payload = JSON.parse(typeof body === 'string' ? body : fromUtf8(body));
    } catch (cause) {
      throw new WebhookVerificationError('malformed_payload', 'Webhook body is not valid JSON', { cause });
    }
  }
  assertPayloadObject(payload);

  // The event id: signed (`webhook-id`, payload `id`) when possible, else the unsigned header
  // hint (`X-Event-Id`; `X-OWkai-Event-ID`, the backend's own record id, which differs from the
  // payload's `id` and so is never compared with it).
  const payloadId = scheme === 'standard-webhooks' ? undefined : readId(payload, 'id');
  const eventId = scheme === 'standard-webhooks' ? parts.signedId : (payloadId ?? parts.unsignedId);
  const event = parseWebhookEvent(payload, { id: eventId });
  if (scheme === 'ascend-v1' && payloadId !== undefined && parts.unsignedId !== undefined && payloadId !== parts.unsignedId) {
    throw new WebhookVerificationError('malformed_header', `${ASCEND_V1_HEADERS.eventId} does not match the signed payload's "id"`);
  }

  // The signed id is the replay key when there is one. Without it, the signature itself is a key
  // (so rewriting the unsigned X-Event-Id cannot make a captured delivery look new) and the
  // X-Event-Id hint is a second key, so a sender's re-signed retry of the same event is
  // recognised. Someone able to rewrite headers in transit could make a fresh delivery look like
  // a duplicate; such an attacker could as well drop it, so this costs no protection.
  const replayKeys: string[] = [];
  if (scheme === 'standard-webhooks' || payloadId !== undefined) {
    replayKeys.push(`id:${eventId}`);
  } else {
    replayKeys.push(`sig:${parts.timestampText}.${toHex(matched)}`);
    if (parts.unsignedId !== undefined) replayKeys.push(`id:${parts.unsignedId}`);
  }

  const store = options.replayStore;
  if (!store) return { event, timestamp: parts.timestamp, replayKeys: [] };
  const expiresAtMs = (parts.timestamp + tolerance) * 1000;
  for (const key of replayKeys) {
    if (!(await store.checkAndRemember(key, expiresAtMs))) {
      throw new WebhookVerificationError(
        'replayed',
        `Webhook event ${eventId === undefined ? '(no id)' : JSON.stringify(eventId)} was already accepted inside the tolerance period`,
      );
    }
  }
  return { event, timestamp: parts.timestamp, replayKeys };
}

/** Validated configuration. @internal */
export interface WebhookConfig {
  /** The scheme, defaulted. */
  scheme: WebhookScheme;
  /** Tolerance in seconds, defaulted. */
  tolerance: number;
  /** One HMAC key per secret. */
  keys: Uint8Array[];
}

/**
 * Validates the configuration part of {@link VerifyWebhookOptions} and derives the HMAC keys.
 * @throws {@link ConfigurationError} for `scheme`, `toleranceSeconds` and `signer`;
 *   {@link WebhookVerificationError} (`no_secret`, `secret_whitespace`, `malformed_secret`) for secrets.
 * @internal
 */
export function resolveWebhookConfig(options: Pick<VerifyWebhookOptions, 'scheme' | 'toleranceSeconds' | 'signer' | 'secrets'>): WebhookConfig {
  const scheme = options.scheme ?? 'ascend-v1';
  if (!isWebhookScheme(scheme)) {
    throw new ConfigurationError('scheme', `unknown webhook scheme; use 'ascend-v1', 'standard-webhooks' or 'owkai-sha256'`);
  }
  const tolerance = options.toleranceSeconds ?? DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new ConfigurationError('toleranceSeconds', 'must be a finite number of seconds ≥ 0');
  }
  if (!options.signer || typeof options.signer.hmacSha256 !== 'function') {
    throw new ConfigurationError('signer', 'no HMAC-SHA256 signer; pass nodeSigner from @ascend/node or a WebCrypto signer');
  }
  const derived = deriveKeys(scheme, options.secrets);
  if (derived.problem) throw new WebhookVerificationError(derived.problem.reason, derived.problem.message);
  return { scheme, tolerance, keys: derived.keys };
}

// ---- body ------------------------------------------------------------------------------------

/** The raw body as received: a string stays a string (no encode/decode round trip), bytes as bytes. */
function rawBody(body: unknown): string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  const got = body === null ? 'null' : body === undefined ? 'undefined' : Array.isArray(body) ? 'an array' : typeof body;
  throw new WebhookVerificationError(
    'parsed_body',
    `Webhook body must be the raw request body (a string, Uint8Array or ArrayBuffer), got ${got}. ` +
      'A body that a framework already parsed into an object cannot be verified: re-serializing changes the signed bytes. ' +
      "Pass the raw body instead, e.g. express.raw({ type: 'application/json' }) on the route, " +
      'await request.arrayBuffer() in fetch-style handlers, or the bytes read from the Node request stream.',
  );
}

/**
 * Parses a body for `owkai-sha256`: at most `maxBytes` bytes (checked before decoding or
 * parsing), valid UTF-8 JSON.
 */
function parseBoundedBody(body: string | Uint8Array, maxBytes: number): unknown {
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new ConfigurationError('maxBodyBytes', 'must be a positive integer number of bytes');
  }
  // A string's UTF-8 length is at most 3 bytes per UTF-16 unit: encode only when it could be over.
  const size = typeof body === 'string' ? (body.length * 3 <= maxBytes ? body.length : utf8(body).length) : body.length;
  if (size > maxBytes) {
    throw new WebhookVerificationError('body_too_large', `Webhook body is ${size} bytes; the limit is ${maxBytes} (maxBodyBytes)`);
  }
  try {
    return JSON.parse(typeof body === 'string' ? body : fromUtf8(body));
  } catch (cause) {
    throw new WebhookVerificationError('malformed_payload', 'Webhook body is not valid JSON, so it cannot carry an owkai-sha256 signature', { cause });
  }
}

/** The canonical text of a parsed body; a value too deep to write is a malformed payload. */
function canonicalOrRefuse(value: unknown): string {
  try {
    return owkaiCanonicalPayload(value);
  } catch (cause) {
    if (!isValidationError(cause)) throw cause;
    throw new WebhookVerificationError('malformed_payload', `Webhook body cannot be written canonically: ${cause.message}`, { cause });
  }
}

// ---- headers ---------------------------------------------------------------------------------

/**
 * Reads one header from a `Headers` or a plain record, case-insensitively.
 * @internal
 */
export function readHeader(headers: WebhookHeaders | null | undefined, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  const maybe = headers as { get?: unknown; has?: unknown };
  if (typeof maybe.get === 'function' && typeof maybe.has === 'function') {
    return (headers as Headers).get(name) ?? undefined;
  }
  const wanted = name.toLowerCase();
  const record = headers as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== wanted) continue;
    const value = record[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').join(', ');
  }
  return undefined;
}

interface HeaderParts {
  signatureHeader: string;
  timestampHeader: string;
  timestampText: string;
  timestamp: number;
  /** An id covered by the signature (Standard Webhooks). */
  signedId: string | undefined;
  /** An id not covered by the signature (`X-Event-Id`). */
  unsignedId: string | undefined;
  signatures: Uint8Array[];
}

function required(headers: WebhookHeaders, name: string): string {
  const value = readHeader(headers, name)?.trim();
  if (value === undefined || value === '') {
    throw new WebhookVerificationError('missing_header', `Missing or empty ${name} header`);
  }
  return value;
}

function parseTimestamp(text: string, name: string): number {
  if (/^\d{13}$/.test(text)) {
    throw new WebhookVerificationError('malformed_header', `${name} must be unix seconds; this 13-digit value looks like milliseconds`);
  }
  if (!/^\d{1,12}$/.test(text)) {
    throw new WebhookVerificationError('malformed_header', `${name} must be unix seconds (decimal digits only)`);
  }
  return Number(text);
}

// Lowercase only, as the scheme specifies: every distinct header value is a distinct signature.
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;

/** Decodes hex already validated by {@link HEX_SIGNATURE}. */
function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  return out;
}

function nibble(code: number): number {
  return code <= 57 ? code - 48 : code - 87; // '0'..'9' | 'a'..'f'
}

function readAscendV1Headers(headers: WebhookHeaders): HeaderParts {
  const signatureText = required(headers, ASCEND_V1_HEADERS.signature);
  const timestampText = required(headers, ASCEND_V1_HEADERS.timestamp);
  const timestamp = parseTimestamp(timestampText, ASCEND_V1_HEADERS.timestamp);
  const signatures: Uint8Array[] = [];
  for (const entry of signatureText.split(/[\s,]+/)) {
    if (!entry.startsWith('v1=')) continue;
    const hex = entry.slice(3);
    if (HEX_SIGNATURE.test(hex)) signatures.push(fromHex(hex));
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${ASCEND_V1_HEADERS.signature} has no "v1=<64 lowercase hex digits>" entry (entries are separated by spaces or commas; ` +
        'other prefixes such as sha256= are not accepted)',
    );
  }
  const unsignedId = readHeader(headers, ASCEND_V1_HEADERS.eventId)?.trim() || undefined;
  return {
    signatureHeader: ASCEND_V1_HEADERS.signature,
    timestampHeader: ASCEND_V1_HEADERS.timestamp,
    timestampText,
    timestamp,
    signedId: undefined,
    unsignedId,
    signatures,
  };
}

function readOwkaiHeaders(headers: WebhookHeaders): HeaderParts {
  const signatureText = required(headers, OWKAI_HEADERS.signature);
  const timestampText = required(headers, OWKAI_HEADERS.timestamp);
  const timestamp = parseTimestamp(timestampText, OWKAI_HEADERS.timestamp);
  const signatures: Uint8Array[] = [];
  for (const entry of signatureText.split(/[\s,]+/)) {
    if (!entry.startsWith('sha256=')) continue;
    const hex = entry.slice(7);
    if (HEX_SIGNATURE.test(hex)) signatures.push(fromHex(hex));
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${OWKAI_HEADERS.signature} has no "sha256=<64 lowercase hex digits>" entry (entries are separated by spaces or commas)`,
    );
  }
  const unsignedId = readHeader(headers, OWKAI_HEADERS.eventId)?.trim() || undefined;
  return {
    signatureHeader: OWKAI_HEADERS.signature,
    timestampHeader: OWKAI_HEADERS.timestamp,
    timestampText,
    timestamp,
    signedId: undefined,
    unsignedId,
    signatures,
  };
}

function readStandardHeaders(headers: WebhookHeaders): HeaderParts {
  const id = required(headers, STANDARD_WEBHOOKS_HEADERS.id);
  const timestampText = required(headers, STANDARD_WEBHOOKS_HEADERS.timestamp);
  const signatureText = required(headers, STANDARD_WEBHOOKS_HEADERS.signature);
  const timestamp = parseTimestamp(timestampText, STANDARD_WEBHOOKS_HEADERS.timestamp);
  const signatures: Uint8Array[] = [];
  for (const entry of signatureText.split(/\s+/)) {
    if (!entry.startsWith('v1,')) continue;
    const text = entry.slice(3);
    const bytes = fromBase64(text);
    // Canonical base64 only (as the reference libraries, which compare strings): no stray padding
    // bits, so every distinct header value is a distinct signature.
    if (bytes && bytes.length === 32 && toBase64(bytes) === text) signatures.push(bytes);
  }
  if (signatures.length === 0) {
    throw new WebhookVerificationError(
      'malformed_header',
      `${STANDARD_WEBHOOKS_HEADERS.signature} has no "v1,<canonical base64 of 32 bytes>" entry (entries are separated by spaces)`,
    );
  }
  return {
    signatureHeader: STANDARD_WEBHOOKS_HEADERS.signature,
    timestampHeader: STANDARD_WEBHOOKS_HEADERS.timestamp,
    timestampText,
    timestamp,
    signedId: id,
    unsignedId: undefined,
    signatures,
  };
}
