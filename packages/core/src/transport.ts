/**
 * The transport: builds the request envelope once per logical call (reference §2), sends it
 * over the injected fetch, maps statuses to typed errors, and runs the single retry layer with
 * the circuit breaker consulted before each attempt.
 *
 * Every attempt of one call sends the same bytes: same body, same `Idempotency-Key`, same
 * correlation id, timestamp and signature (docs/decisions/002-one-retry-layer-with-idempotency-keys.md).
 *
 * The fetch is called directly rather than through ky: the transport uses none of ky's features
 * (its retries, timeouts, hooks and HTTP-error throwing are all off), and each ky call builds an
 * extra `Request` and `AbortController`, which is most of the SDK's per-call overhead
 * (docs/decisions/005-direct-fetch-in-the-transport.md).
 */
import { abortError, firstAborted, sleep, type AbortScope } from './async.js';
import { toHex, utf8 } from './bytes.js';
import { canonicalJson } from './canonical-json.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  AscendError,
  AuthenticationError,
  AuthorizationError,
  CircuitOpenError,
  ConflictError,
  HttpError,
  isAscendError,
  NetworkError,
  NotFoundError,
  ProtocolError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
  type FieldErrors,
} from './errors.js';
import type { LogSink } from './logger.js';
import type { ResolvedOptions, TraceContextHeaders } from './options.js';
import type { FetchLike, HttpRequest, HttpResponse, ResolvedPort, TimerKind } from './ports.js';
import { backoffDelay, isRetryableFailure, isServiceFailure, parseRetryAfter } from './retry.js';
import { SDK_VERSION } from './version.js';
import { isObject, type WireObject } from './wire-read.js';

/** HTTP methods the protocol uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One logical call, before its envelope is built. */
export interface CallSpec {
  /** Operation name, for logs (e.g. `submitAction`). */
  operation: string;
  /** HTTP method. */
  method: HttpMethod;
  /** Path below the base URL, with path parameters already encoded (see {@link encodePath}). */
  path: string;
  /** Query parameters; undefined values are left out. */
  query?: Readonly<Record<string, string | number | undefined>>;
  /**
   * JSON body. An object is sent canonically; the string form is sent as is (used for the
   * literal `{}` of the command ack and for spool replays). Undefined sends no body.
   */
  body?: unknown;
  /** Reuse this idempotency key (spool replay); otherwise one is created for POSTs. */
  idempotencyKey?: string;
  /** Reuse this envelope (spool replay of the exact original bytes). */
  envelope?: { timestamp: string; correlationId: string };
  /** Caller cancellation: aborts the call at once, including during a backoff sleep. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's overall deadline. */
  deadlineMs?: number;
}

/** A successful response. */
export interface CallResult {
  /** HTTP status (2xx). */
  status: number;
  /** Parsed JSON body; undefined for an empty body (e.g. 204). */
  body: unknown;
  /** How many attempts were made. */
  attempts: number;
}

/** The immutable wire form of one logical call. */
export interface PreparedCall {
  readonly operation: string;
  readonly method: HttpMethod;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly timestamp: string;
  readonly correlationId: string;
}

/**
 * Encodes one path parameter (an id). Rejects anything but a non-empty string, so neither a
 * `/None`-style path nor an id of the wrong type (a number, an object) can be sent.
 * @throws {@link ValidationError} naming `field`.
 */
export function encodePath(value: string, field: string): string {
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a string, got ${value === null ? 'null' : typeof value}`, { [field]: 'Must be a non-empty string' });
  }
  if (value.trim() === '') throw new ValidationError(`${field} is required`, { [field]: 'Required field is missing or empty' });
  return encodeURIComponent(value);
}

/**
 * Formats a timestamp like Python's `datetime.now(timezone.utc).isoformat()`:
 * `2026-04-17T12:00:00.123000+00:00`, with no fraction when it is exactly zero.
 */
export function formatRequestTimestamp(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2026-04-17T12:00:00.123Z
  const ms = iso.slice(20, 23);
  const seconds = iso.slice(0, 19);
  return ms === '000' ? `${seconds}+00:00` : `${seconds}.${ms}000+00:00`;
}

/** `asc_` plus 16 lowercase hex characters of a random UUID. */
export function correlationIdFrom(uuid: string): string {
  // A canonical UUID is 8-4-4-4-12 hex digits: its first 16 digits without the hyphens.
  const short = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-/.test(uuid)
    ? uuid.slice(0, 8) + uuid.slice(9, 13) + uuid.slice(14, 18)
    : uuid.replace(/-/g, '').slice(0, 16);
  return 'asc_' + short.toLowerCase();
}

function sanitizeMessage(text: string, sink: LogSink): string {
  const masked = sink.masker.maskString(text);
  return masked.length > 500 ? masked.slice(0, 500) + '…' : masked;
}

// Field names and messages come from the server, which may echo a secret back: both are masked.
function fieldErrorsFrom(body: WireObject, sink: LogSink): FieldErrors {
  const out: Record<string, string> = {};
  const put = (field: string, message: string) => (out[sanitizeMessage(field, sink)] = sanitizeMessage(message, sink));
  const errors = body['errors'];
  if (isObject(errors)) {
    for (const [k, v] of Object.entries(errors)) put(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));
  }
  const detail = body['detail'];
  if (Array.isArray(detail)) {
    // FastAPI: [{ loc: ["body", "resource"], msg: "field required", type: "..." }]
    for (const item of detail) {
      if (!isObject(item)) continue;
      const loc = Array.isArray(item['loc']) ? item['loc'].filter((p) => p !== 'body').join('.') : '';
      const msg = typeof item['msg'] === 'string' ? item['msg'] : 'invalid';
      put(loc || '_', msg);
    }
  }
  return out;
}

function detailMessage(body: WireObject | undefined, fallback: string): string {
  const detail = body?.['detail'];
  if (typeof detail === 'string' && detail.trim() !== '') return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    const first: unknown = detail[0];
    if (isObject(first) && typeof first['msg'] === 'string') return first['msg'];
  }
  const message = body?.['message'] ?? body?.['error'];
  if (typeof message === 'string' && message.trim() !== '') return message;
  return fallback;
}

// `Retry-After` on a 5xx (typically 503), kept beside the error because ServerError has no field for it.
const serverRetryAfter = new WeakMap<AscendError, number>();

/**
 * How long the service asked to wait before retrying after `error`, in ms: `Retry-After` of a
 * 429 or a 5xx, seconds or HTTP-date, before capping. Undefined when it did not say.
 */
export function retryAfterMsOf(error: unknown): number | undefined {
  if (isAscendError(error, 'RATE_LIMIT')) return error.retryAfterMs;
  if (isAscendError(error, 'SERVER_ERROR')) return serverRetryAfter.get(error);
  return undefined;
}

/**
 * A governance block of a 403 (`mcp_governance`, `model_governance`): an object, kept with every
 * string masked like the log lines (the service may echo a secret back); anything else is dropped.
 */
function governanceBlock(value: unknown, sink: LogSink): Readonly<Record<string, unknown>> | undefined {
  return isObject(value) ? Object.freeze(sink.masker.mask(value) as Record<string, unknown>) : undefined;
}

/**
 * Maps a non-2xx response to its typed error (reference §5.2, without the Python client's
 * raw-library escapes). Messages come from the body's `detail`, masked and truncated.
 */
export function errorFromResponse(status: number, bodyText: string, retryAfter: string | null, nowMs: number, sink: LogSink): AscendError {
  let body: WireObject | undefined;
  try {
    const parsed: unknown = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
    body = isObject(parsed) ? parsed : undefined;
  } catch {
    body = bodyText.trim() ? { detail: bodyText.slice(0, 500) } : undefined;
  }
  const msg = (fallback: string) => sanitizeMessage(detailMessage(body, fallback), sink);
  if (status === 400 || status === 422) {
    return new ValidationError(msg('Validation failed'), body ? fieldErrorsFrom(body, sink) : {}, { status });
  }
  if (status === 401) return new AuthenticationError(msg('Invalid or expired API key'));
  if (status === 403) {
    const violations =
      body && Array.isArray(body['policy_violations'])
        ? body['policy_violations'].filter((v): v is string => typeof v === 'string').map((v) => sanitizeMessage(v, sink))
        : [];
    const risk = body?.['risk_score'];
    return new AuthorizationError(msg('Access denied'), {
      policyViolations: violations,
      ...(typeof risk === 'number' ? { riskScore: risk } : {}),
      mcpGovernance: governanceBlock(body?.['mcp_governance'], sink),
      modelGovernance: governanceBlock(body?.['model_governance'], sink),
    });
  }
  if (status === 404) return new NotFoundError(msg('Not found'));
  if (status === 409) return new ConflictError(msg('Conflict'));
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    return new RateLimitError(msg('Rate limit exceeded'), retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  if (status >= 500 && status <= 599) {
    const error = new ServerError(status, msg(`Server error (HTTP ${status})`));
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    if (retryAfterMs !== undefined) serverRetryAfter.set(error, retryAfterMs);
    return error;
  }
  return new HttpError(status, msg(`Unexpected HTTP status ${status}`));
}

/** Dependencies of a {@link Transport}. */
export interface TransportDeps {
  /** Resolved client options. */
  options: ResolvedOptions;
  /** Resolved runtime port. */
  port: ResolvedPort;
  /** Masking log sink. */
  log: LogSink;
  /** Source of jitter in [0, 1). @defaultValue Math.random */
  random?: () => number;
}

/** Options of {@link Transport.send}. */
export interface SendOptions {
  /** Signals that cancel the call at once (the caller's, the client's lifetime). */
  signals?: ReadonlyArray<AbortSignal | undefined>;
  /** A scope (the client's lifetime) whose abort cancels the call; tracked without listeners. */
  scope?: AbortScope | undefined;
  /** Per-attempt timeout; defaults to the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Overall deadline across attempts and sleeps; defaults to the client's `deadlineMs`. */
  deadlineMs?: number | undefined;
  /** Set false for a single attempt. @defaultValue true */
  retry?: boolean;
  /**
   * True when nobody awaits the call (kill-switch polls, scheduled heartbeats and spool
   * replays): its timers then never keep the host alive. @defaultValue false
   */
  background?: boolean;
}

const MAX_REDIRECTS = 3;

/**
 * Adds the W3C `traceparent` the hook returns, when well formed; a throwing hook or a malformed
 * value adds nothing. Headers are not signed: the signed bytes stay the same.
 */
function addTraceHeaders(headers: Record<string, string>, read: () => TraceContextHeaders | undefined): void {
  try {
    const parent = read()?.traceparent;
    if (typeof parent === 'string' && /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/.test(parent)) headers['traceparent'] = parent;
  } catch {
    // A tracing hook never breaks a governance call.
  }
}
const NO_SIGNALS: ReadonlyArray<AbortSignal | undefined> = [];

/** Sends calls with the envelope, retries and breaker described in the module doc. */
export class Transport {
  // #private: the headers hold the API key and the key is the signing secret; neither may be
  // reachable by serializing or inspecting the object.
  readonly #baseHeaders: Readonly<Record<string, string>>;
  readonly #signingKey: Uint8Array | undefined;
  readonly #deps: TransportDeps;
  private readonly random: () => number;
  private lastStampMs = Number.NaN;
  private lastStamp = '';

  constructor(deps: TransportDeps) {
    this.#deps = deps;
    const { options, port } = deps;
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': `ascend-sdk-ts/${SDK_VERSION} (${port.runtime})`,
      'X-SDK-Version': SDK_VERSION,
      'X-Environment': options.environment,
    };
    if (options.authHeader === 'authorization') headers['Authorization'] = `Bearer ${options.apiKey}`;
    else headers['X-API-Key'] = options.apiKey;
    this.#baseHeaders = headers;
    // Encoded once: the hot path signs every POST.
    this.#signingKey = options.signingSecret ? utf8(options.signingSecret) : undefined;
    this.random = deps.random ?? Math.random;
  }

  /** Builds the immutable wire form of a call: headers, canonical body, signature, keys. */
  async prepare(spec: CallSpec): Promise<PreparedCall> {
    const { options, port } = this.#deps;
    let url = options.baseUrl + spec.path;
    if (spec.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    const body = spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : canonicalJson(spec.body);
    const envelope = spec.envelope;
    const timestamp = envelope ? envelope.timestamp : this.timestamp(port.clock.now());
    const correlationId = envelope ? envelope.correlationId : correlationIdFrom(port.randomUUID());
    const headers: Record<string, string> = Object.assign({}, this.#baseHeaders);
    headers['X-Correlation-ID'] = correlationId;
    headers['X-Request-Timestamp'] = timestamp;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.traceContext) addTraceHeaders(headers, options.traceContext);
    // Signed when a secret is set and the body is a non-empty object (reference §2.3).
    if (this.#signingKey && body !== undefined && isSignableBody(spec.body)) {
      headers['X-Signature'] = `v1=${await this.sign(this.#signingKey, `${timestamp}.${body}`)}`;
    }
    let idempotencyKey: string | undefined;
    if (spec.method === 'POST') {
      idempotencyKey = spec.idempotencyKey ?? port.randomUUID();
      headers['Idempotency-Key'] = idempotencyKey;
    }
    return {
      operation: spec.operation,
      method: spec.method,
      url,
      headers,
      body,
      idempotencyKey,
      timestamp,
      correlationId,
    };
  }

  /** Hex HMAC of `text`: through the signer's hex fast path when it has one. */
  private sign(key: Uint8Array, text: string): string | Promise<string> {
    const { signer } = this.#deps.port;
    if (signer.hmacSha256Hex) return signer.hmacSha256Hex(key, text);
    return signer.hmacSha256(key, utf8(text)).then(toHex);
  }

  /** {@link formatRequestTimestamp}, remembering the last one (calls often share a millisecond). */
  private timestamp(epochMs: number): string {
    if (epochMs !== this.lastStampMs) {
      this.lastStampMs = epochMs;
      this.lastStamp = formatRequestTimestamp(epochMs);
    }
    return this.lastStamp;
  }

  /**
   * Sends a prepared call, retrying network errors, timeouts, 429 and 500/502/503/504 with
   * jittered exponential backoff (or the service's capped `Retry-After`) until the attempts or
   * the overall deadline run out. Every attempt sends the prepared bytes unchanged.
   *
   * The breaker is asked before every attempt and told each attempt's outcome; when it is open
   * the call ends at once with {@link CircuitOpenError} (carrying the last failure as `cause`).
   *
   * @throws the typed error of the last attempt, {@link CircuitOpenError}, or
   * {@link AbortedError} as soon as one of `signals` aborts.
   */
  async send(call: PreparedCall, breaker: CircuitBreaker, opts: SendOptions = {}): Promise<CallResult> {
    const { options, port, log } = this.#deps;
    const scope = opts.scope;
    const signals = opts.signals ?? NO_SIGNALS;
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs;
    const deadline = port.clock.now() + (opts.deadlineMs ?? options.deadlineMs);
    const maxAttempts = opts.retry === false ? 1 : options.retry.maxRetries + 1;
    const kind = opts.background === true ? 'background' : 'awaited';
    let lastError: AscendError | undefined;
    for (let attempt = 1; ; attempt++) {
      const aborted = firstAborted(signals);
      if (aborted) throw abortError(aborted);
      if (scope?.aborted) throw abortError(scope);
      let permit;
      try {
        permit = breaker.acquire();
      } catch (error) {
        // The breaker opened while this call was backing off: say why, not only that it is open.
        if (lastError && isAscendError(error, 'CIRCUIT_OPEN')) throw new CircuitOpenError(error.retryInMs, { cause: lastError });
        throw error;
      }
      const remaining = deadline - port.clock.now();
      let response: Omit<CallResult, 'attempts'>;
      try {
        response = await this.attempt(call, Math.min(timeoutMs, Math.max(1, remaining)), signals, scope, kind);
      } catch (caught) {
        const error = caught as AscendError;
        if (isServiceFailure(error)) permit.failure();
        else if (isAscendError(error, 'ABORTED')) permit.release();
        else permit.success();
        lastError = error;
        if (attempt >= maxAttempts || !isRetryableFailure(error)) throw error;
        const retryAfterMs = retryAfterMsOf(error);
        if (retryAfterMs !== undefined && retryAfterMs > options.retry.maxRetryAfterMs) {
          log.warn('the service asked to wait longer than retry.maxRetryAfterMs; waiting the cap instead', {
            operation: call.operation,
            retryAfterMs,
            capMs: options.retry.maxRetryAfterMs,
          });
        }
        const delay = backoffDelay(attempt - 1, options.retry, retryAfterMs, this.random());
        if (port.clock.now() + delay >= deadline) {
          log.debug('the deadline leaves no room for another attempt', { operation: call.operation, attempt });
          throw error;
        }
        log.debug('retrying', { operation: call.operation, attempt, delayMs: delay, error: error.code, correlationId: call.correlationId });
        if (scope) {
          // Backoff sleeps are rare: a dedicated controller lets the scope cut them short.
          const sleeper = new AbortController();
          scope.add(sleeper);
          try {
            await sleep(delay, port.timers, [...signals, sleeper.signal], kind);
          } catch (error) {
            throw scope.aborted ? abortError(scope) : error;
          } finally {
            scope.delete(sleeper);
          }
        } else {
          await sleep(delay, port.timers, signals, kind);
        }
        continue;
      }
      permit.success();
      return { status: response.status, body: response.body, attempts: attempt };
    }
  }

  private async attempt(
    call: PreparedCall,
    timeoutMs: number,
    signals: ReadonlyArray<AbortSignal | undefined>,
    scope: AbortScope | undefined,
    kind: TimerKind,
  ): Promise<Omit<CallResult, 'attempts'>> {
    const { port, log } = this.#deps;
    // One controller per attempt: it aborts on the attempt timeout, on any of `signals` and with
    // the scope.
    const controller = new AbortController();
    const signal = controller.signal;
    const onAbort = signals.length > 0 ? () => controller.abort() : undefined;
    if (onAbort) for (const s of signals) s?.addEventListener('abort', onAbort);
    scope?.add(controller);
    let timedOut = false;
    const timer = port.timers.setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      timeoutMs,
      kind,
    );
    const fail = (error: unknown): AscendError => {
      if (isAscendError(error)) return error;
      const aborted = firstAborted(signals);
      if (aborted) return abortError(aborted);
      if (scope?.aborted) return abortError(scope);
      if (timedOut) return new RequestTimeoutError(timeoutMs);
      const message = error instanceof Error ? error.message : String(error);
      return new NetworkError(`Failed to reach the ASCEND service (${log.masker.maskString(message)})`, { cause: error });
    };
    let url = call.url;
    try {
      for (let hop = 0; ; hop++) {
        let response: HttpResponse;
        try {
          const request: HttpRequest = { method: call.method, url, headers: call.headers, body: call.body, signal };
          response = await (port.send ? port.send(request) : sendWithFetch(port.fetch, request));
        } catch (error) {
          throw fail(error);
        }
        const status = response.status;
        if (log.enabled('debug')) log.debug('response', { operation: call.operation, status, correlationId: call.correlationId });
        if (status === OPAQUE_REDIRECT || (status >= 300 && status < 400)) {
          response.discard();
          const next = redirectTarget(status, response.header('location'), url);
          if (hop >= MAX_REDIRECTS) throw new HttpError(status, 'Too many redirects');
          url = next;
          continue;
        }
        let text: string | undefined;
        const maxBytes = this.#deps.options.maxResponseBytes;
        try {
          text = await response.text(maxBytes);
        } catch (error) {
          throw fail(error);
        }
        // The length check also covers a custom `send` that ignores the limit.
        if (text === undefined || text.length > maxBytes) {
          controller.abort();
          throw new ProtocolError(
            `${call.operation}: the service answered HTTP ${status} with a body over the ${maxBytes}-byte limit (maxResponseBytes); it was not read`,
          );
        }
        if (status >= 200 && status < 300) {
          if (text.trim() === '') return { status, body: undefined };
          try {
            return { status, body: JSON.parse(text) as unknown };
          } catch (cause) {
            throw new ProtocolError(`${call.operation}: the service answered HTTP ${status} with a body that is not JSON`, { cause });
          }
        }
        throw errorFromResponse(status, text, response.header('retry-after'), port.clock.now(), log);
      }
    } finally {
      port.timers.clearTimeout(timer);
      if (onAbort) for (const s of signals) s?.removeEventListener('abort', onAbort);
      scope?.delete(controller);
    }
  }
}

// The status a fetch `opaqueredirect` response is given: a browser hides where it points.
const OPAQUE_REDIRECT = -1;

/** Sends a request over a fetch function, with manual redirects, as an {@link HttpResponse}. */
async function sendWithFetch(fetch: FetchLike, request: HttpRequest): Promise<HttpResponse> {
  const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual', signal: request.signal };
  if (request.body !== undefined) init.body = request.body;
  const response = await fetch(request.url, init);
  return {
    status: response.type === 'opaqueredirect' ? OPAQUE_REDIRECT : response.status,
    header: (name) => response.headers.get(name),
    text: (maxBytes) => readLimited(response, maxBytes),
    // Never awaited: some fetch shims never settle a cancel.
    discard: () => void response.body?.cancel().catch(() => {}),
  };
}

/**
 * A fetch response's body as text, or undefined once it passes `maxBytes`: the declared length
 * is checked first, then the bytes as they arrive, and the stream is cancelled at the limit.
 */
async function readLimited(response: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers.get('content-length'));
  const body = response.body;
  if ((Number.isFinite(declared) && declared > maxBytes) || !body) {
    if (body) void body.cancel().catch(() => {});
    return body ? undefined : '';
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    received += value.byteLength;
    if (received > maxBytes) {
      void reader.cancel().catch(() => {});
      return undefined;
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Where a redirect may be followed: the same origin only. */
function redirectTarget(status: number, location: string | null, current: string): string {
  if (status === OPAQUE_REDIRECT || !location) {
    throw new HttpError(status === OPAQUE_REDIRECT ? 0 : status, 'The service answered with a redirect that cannot be followed safely');
  }
  const target = new URL(location, current);
  const origin = new URL(current).origin;
  if (target.origin !== origin) {
    // Never send credentials to another host.
    throw new HttpError(status, `Refused to follow a redirect to another host (${target.host}); credentials were not sent`);
  }
  return target.toString();
}

function isSignableBody(body: unknown): boolean {
  if (typeof body === 'string') {
    // Literal bodies: the `{}` of the command ack is never signed; a replayed report is, and
    // since HMAC is deterministic its signature equals the original one.
    try {
      return isSignableBody(JSON.parse(body) as unknown);
    } catch {
      return false;
    }
  }
  return isObject(body) && Object.keys(body).some((k) => body[k] !== undefined);
}
