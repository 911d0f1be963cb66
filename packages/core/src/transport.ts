/**
 * The transport: builds the request envelope once per logical call (reference §2), sends it
 * through ky over the injected fetch, maps statuses to typed errors, and runs the single retry
 * layer with the circuit breaker around each attempt.
 *
 * Every attempt of one call sends the same bytes: same body, same `Idempotency-Key`, same
 * correlation id, timestamp and signature.
 */
import ky from 'ky';
import { abortError, linkSignals, sleep } from './async.js';
import { toHex, utf8 } from './bytes.js';
import { canonicalJson } from './canonical-json.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  AbortedError,
  AscendError,
  AuthenticationError,
  AuthorizationError,
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
import type { ResolvedOptions } from './options.js';
import type { ResolvedPort } from './ports.js';
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
  /** Caller cancellation. */
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

/** Encodes one path parameter; rejects empty ids so `/None`-style paths cannot happen. */
export function encodePath(value: string | number, field: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new ValidationError(`${field} is required`, { [field]: 'Required field is missing or empty' });
  }
  return encodeURIComponent(text);
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
  return 'asc_' + uuid.replace(/-/g, '').toLowerCase().slice(0, 16);
}

function sanitizeMessage(text: string, sink: LogSink): string {
  const masked = sink.masker.maskString(text);
  return masked.length > 500 ? masked.slice(0, 500) + '…' : masked;
}

function fieldErrorsFrom(body: WireObject): FieldErrors {
  const out: Record<string, string> = {};
  const errors = body['errors'];
  if (isObject(errors)) {
    for (const [k, v] of Object.entries(errors)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const detail = body['detail'];
  if (Array.isArray(detail)) {
    // FastAPI: [{ loc: ["body", "resource"], msg: "field required", type: "..." }]
    for (const item of detail) {
      if (!isObject(item)) continue;
      const loc = Array.isArray(item['loc']) ? item['loc'].filter((p) => p !== 'body').join('.') : '';
      const msg = typeof item['msg'] === 'string' ? item['msg'] : 'invalid';
      out[loc || '_'] = msg;
    }
  }
  return out;
}

function detailMessage(body: WireObject | undefined, fallback: string): string {
  const detail = body?.['detail'];
  if (typeof detail === 'string' && detail.trim() !== '') return detail;
  if (Array.isArray(detail) && detail.length > 0) {
    const first = detail[0];
    if (isObject(first) && typeof first['msg'] === 'string') return first['msg'];
  }
  const message = body?.['message'] ?? body?.['error'];
  if (typeof message === 'string' && message.trim() !== '') return message;
  return fallback;
}

/**
 * Maps a non-2xx response to its typed error (reference §5.2, without the Python client's
 * raw-library escapes). Messages come from the body's `detail`, masked and truncated.
 */
export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfter: string | null,
  nowMs: number,
  sink: LogSink,
): AscendError {
  let body: WireObject | undefined;
  try {
    const parsed: unknown = bodyText.trim() === '' ? undefined : JSON.parse(bodyText);
    body = isObject(parsed) ? parsed : undefined;
  } catch {
    body = bodyText.trim() ? { detail: bodyText.slice(0, 500) } : undefined;
  }
  const msg = (fallback: string) => sanitizeMessage(detailMessage(body, fallback), sink);
  if (status === 400 || status === 422) {
    return new ValidationError(msg('Validation failed'), body ? fieldErrorsFrom(body) : {}, { status });
  }
  if (status === 401) return new AuthenticationError(msg('Invalid or expired API key'));
  if (status === 403) {
    const violations = body && Array.isArray(body['policy_violations']) ? body['policy_violations'].filter((v): v is string => typeof v === 'string') : [];
    const risk = body?.['risk_score'];
    return new AuthorizationError(msg('Access denied'), {
      policyViolations: violations,
      ...(typeof risk === 'number' ? { riskScore: risk } : {}),
    });
  }
  if (status === 404) return new NotFoundError(msg('Not found'));
  if (status === 409) return new ConflictError(msg('Conflict'));
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter, nowMs);
    return new RateLimitError(msg('Rate limit exceeded'), retryAfterMs === undefined ? {} : { retryAfterMs });
  }
  if (status >= 500 && status <= 599) return new ServerError(status, msg(`Server error (HTTP ${status})`));
  return new HttpError(status, msg(`Unexpected HTTP status ${status}`));
}

/** Dependencies of a {@link Transport}. */
export interface TransportDeps {
  options: ResolvedOptions;
  port: ResolvedPort;
  log: LogSink;
}

const MAX_REDIRECTS = 3;

/** Sends calls with the envelope, retries and breaker described in the module doc. */
export class Transport {
  constructor(private readonly deps: TransportDeps) {}

  /** Builds the immutable wire form of a call: headers, canonical body, signature, keys. */
  async prepare(spec: CallSpec): Promise<PreparedCall> {
    const { options, port } = this.deps;
    const url = new URL(options.baseUrl + spec.path);
    if (spec.query) {
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) url.searchParams.set(k, String(v));
    }
    const body =
      spec.body === undefined ? undefined : typeof spec.body === 'string' ? spec.body : canonicalJson(spec.body);
    const timestamp = spec.envelope?.timestamp ?? formatRequestTimestamp(port.clock.now());
    const correlationId = spec.envelope?.correlationId ?? correlationIdFrom(port.randomUUID());
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'User-Agent': `ascend-sdk-ts/${SDK_VERSION} (${port.runtime})`,
      'X-SDK-Version': SDK_VERSION,
      'X-Environment': options.environment,
      'X-Correlation-ID': correlationId,
      'X-Request-Timestamp': timestamp,
    };
    if (options.authHeader === 'authorization') headers['Authorization'] = `Bearer ${options.apiKey}`;
    else headers['X-API-Key'] = options.apiKey;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // Signed when a secret is set and the body is a non-empty object (reference §2.3).
    if (options.signingSecret && body !== undefined && isSignableBody(spec.body)) {
      const digest = await port.signer.hmacSha256(utf8(options.signingSecret), utf8(`${timestamp}.${body}`));
      headers['X-Signature'] = `v1=${toHex(digest)}`;
    }
    let idempotencyKey: string | undefined;
    if (spec.method === 'POST') {
      idempotencyKey = spec.idempotencyKey ?? port.randomUUID();
      headers['Idempotency-Key'] = idempotencyKey;
    }
    return {
      operation: spec.operation,
      method: spec.method,
      url: url.toString(),
      headers,
      body,
      idempotencyKey,
      timestamp,
      correlationId,
    };
  }

  /**
   * Sends a prepared call with retries. The breaker is consulted before every attempt and told
   * the outcome of each; an open breaker ends the call at once.
   */
  async send(
    call: PreparedCall,
    breaker: CircuitBreaker,
    opts: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined; deadlineMs?: number | undefined; retry?: boolean } = {},
  ): Promise<CallResult> {
    const { options, port, log } = this.deps;
    const timeoutMs = opts.timeoutMs ?? options.timeoutMs;
    const deadline = port.clock.now() + (opts.deadlineMs ?? options.deadlineMs);
    const maxAttempts = opts.retry === false ? 1 : options.retry.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      const permit = breaker.acquire();
      const remaining = deadline - port.clock.now();
      let result: CallResult;
      try {
        result = { ...(await this.attempt(call, Math.min(timeoutMs, Math.max(1, remaining)), opts.signal)), attempts: attempt };
      } catch (error) {
        if (isServiceFailure(error)) permit.failure();
        else if (isAscendError(error, 'ABORTED')) permit.release();
        else permit.success();
        const retryAfterMs = isAscendError(error, 'RATE_LIMIT') ? error.retryAfterMs : undefined;
        const canRetry = attempt < maxAttempts && isRetryableFailure(error);
        if (!canRetry) throw error;
        if (retryAfterMs !== undefined && retryAfterMs > options.retry.maxRetryAfterMs) {
          log.warn('server asked to wait longer than retry.maxRetryAfterMs; waiting the cap', {
            operation: call.operation,
            retryAfterMs,
            capMs: options.retry.maxRetryAfterMs,
          });
        }
        const delay = backoffDelay(attempt - 1, options.retry, retryAfterMs, Math.random());
        if (port.clock.now() + delay >= deadline) {
          log.debug('deadline leaves no room for another attempt', { operation: call.operation, attempt });
          throw error;
        }
        log.debug('retrying', {
          operation: call.operation,
          attempt,
          delayMs: delay,
          error: (error as AscendError).code,
          correlationId: call.correlationId,
        });
        await sleep(delay, port.timers, opts.signal);
        continue;
      }
      permit.success();
      return result;
    }
  }

  private async attempt(call: PreparedCall, timeoutMs: number, signal: AbortSignal | undefined): Promise<Omit<CallResult, 'attempts'>> {
    const { port, log } = this.deps;
    const timeoutReason = new RequestTimeoutError(timeoutMs);
    const linked = linkSignals(signal);
    const timer = port.timers.setTimeout(() => linked.abort(timeoutReason), timeoutMs);
    let url = call.url;
    try {
      for (let hop = 0; ; hop++) {
        let response: Response;
        try {
          response = await ky(url, {
            method: call.method,
            headers: call.headers,
            ...(call.body === undefined ? {} : { body: call.body }),
            retry: 0,
            timeout: false,
            throwHttpErrors: false,
            redirect: 'manual',
            fetch: port.fetch,
            signal: linked.signal,
          });
        } catch (error) {
          throw this.classifyFetchError(error, linked.signal, signal, timeoutReason);
        }
        log.debug('response', { operation: call.operation, status: response.status, correlationId: call.correlationId });
        if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
          const next = this.redirectTarget(response, url);
          await response.body?.cancel().catch(() => {});
          if (hop >= MAX_REDIRECTS) throw new HttpError(response.status, 'Too many redirects');
          url = next;
          continue;
        }
        let text: string;
        try {
          text = await response.text();
        } catch (error) {
          throw this.classifyFetchError(error, linked.signal, signal, timeoutReason);
        }
        if (response.status >= 200 && response.status < 300) {
          if (text.trim() === '') return { status: response.status, body: undefined };
          try {
            return { status: response.status, body: JSON.parse(text) as unknown };
          } catch (cause) {
            throw new ProtocolError(`${call.operation}: the service answered HTTP ${response.status} with a body that is not JSON`, { cause });
          }
        }
        throw errorFromResponse(response.status, text, response.headers.get('retry-after'), port.clock.now(), log);
      }
    } finally {
      port.timers.clearTimeout(timer);
      linked.dispose();
    }
  }

  private redirectTarget(response: Response, current: string): string {
    const location = response.headers.get('location');
    if (response.type === 'opaqueredirect' || !location) {
      throw new HttpError(response.status, 'The service answered with a redirect that cannot be followed safely');
    }
    const target = new URL(location, current);
    const origin = new URL(current).origin;
    if (target.origin !== origin) {
      // Never send credentials to another host.
      throw new HttpError(response.status, `Refused to follow a redirect to another host (${target.host}); credentials were not sent`);
    }
    return target.toString();
  }

  private classifyFetchError(
    error: unknown,
    linked: AbortSignal,
    callerSignal: AbortSignal | undefined,
    timeoutReason: RequestTimeoutError,
  ): AscendError {
    if (isAscendError(error)) return error;
    if (callerSignal?.aborted) return abortError(callerSignal);
    if (linked.aborted && linked.reason === timeoutReason) return timeoutReason;
    if (linked.aborted) return new AbortedError('The operation was aborted', { cause: linked.reason });
    const message = error instanceof Error ? error.message : String(error);
    return new NetworkError(`Failed to reach the ASCEND service (${this.deps.log.masker.maskString(message)})`, {
      cause: error,
    });
  }
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
