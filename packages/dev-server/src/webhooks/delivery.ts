/**
 * Outgoing webhook delivery: the fake queues events in its outbox, this module sends them over
 * HTTP to the configured URLs through ky (per-attempt timeout, a signing hook, ky's own retries
 * off), signed with `signWebhook` (scheme `ascend-v1` unless configured), retries them here with exponential
 * backoff, and keeps a bounded delivery log for the dashboard and the admin API.
 *
 * @packageDocumentation
 */
import { compactCanonicalJson, signWebhook, type Signer, type WebhookScheme } from '@ascend/core';
import type { FakeWebhook, WebhookDelivery, WebhookEnvelope, WebhookTestResult } from '@ascend/testing';
import ky from 'ky';
import type { DevLogger } from '../logger.js';
import type { WebhookRetryOptions } from '../options.js';
import { DEV_SERVER_VERSION } from '../version.js';

/** Where a delivery stands. */
export type DeliveryStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

/** One HTTP attempt of a delivery. */
export interface DeliveryAttempt {
  /** 1-based attempt number. */
  readonly attempt: number;
  /** ISO time the attempt started. */
  readonly at: string;
  /** The receiver's status code, or null when it could not be reached. */
  readonly statusCode: number | null;
  /** What went wrong, or null for a 2xx. */
  readonly error: string | null;
  /** Round-trip time in ms. */
  readonly durationMs: number;
}

/** One webhook delivery and its attempts, as the delivery log keeps it. */
export interface DeliveryRecord {
  /** `dlv_<n>` for events, `test_<event id>` for test deliveries. */
  readonly deliveryId: string;
  /** The webhook configuration it goes to. */
  readonly webhookId: string;
  /** Target URL. */
  readonly url: string;
  /** Event type, e.g. `action.approved`. */
  readonly eventType: string;
  /** The event id (`evt_…`), sent as `X-Event-Id`; receivers de-duplicate on it. */
  readonly eventId: string;
  /**
   * The JSON body (identical on every attempt). Under `owkai-sha256` the body sent is its compact
   * canonical form, which is what that scheme signs.
   */
  readonly body: string;
  /** Current status. */
  status: DeliveryStatus;
  /** Attempts so far, oldest first. */
  attempts: DeliveryAttempt[];
  /** ISO time of the next attempt while `pending`, else null. */
  nextAttemptAt: string | null;
  /** ISO time the event was queued. */
  readonly createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
  /** True for a `POST /api/webhooks/{id}/test` delivery (one attempt, no retries). */
  readonly test: boolean;
}

/** Dependencies of a {@link WebhookDeliverer}. @internal */
export interface WebhookDelivererDeps {
  readonly retry: Required<WebhookRetryOptions>;
  /** How deliveries are signed. @defaultValue `'ascend-v1'` */
  readonly scheme?: WebhookScheme;
  readonly signer: Signer;
  readonly logger: DevLogger;
  /** The current configuration of a webhook (its secret signs the delivery), or undefined once deleted. */
  readonly lookup: (webhookId: string) => FakeWebhook | undefined;
  /** Called after every change of a record (persistence, live dashboard). */
  readonly onChange: (record: Readonly<DeliveryRecord>) => void;
  /** Resolves once the state that produced an event is durable; deliveries wait for it. */
  readonly whenDurable: () => Promise<void>;
  /** Delivery log size. */
  readonly logSize: number;
  /** @defaultValue global fetch */
  readonly fetch?: typeof fetch;
  /** @defaultValue Date.now */
  readonly now?: () => number;
  /** Deliveries in flight at once. @defaultValue 16 */
  readonly concurrency?: number;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : '';
    return detail ? `${error.message}: ${detail}` : error.message;
  }
  return String(error);
}

function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Sends webhook deliveries with bounded retries and keeps the delivery log.
 * @internal
 */
export class WebhookDeliverer {
  private readonly records = new Map<string, DeliveryRecord>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly waiting: string[] = [];
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly concurrency: number;
  private closed = false;

  constructor(private readonly deps: WebhookDelivererDeps) {
    this.fetchImpl = deps.fetch ?? ((input, init) => fetch(input, init));
    this.now = deps.now ?? Date.now;
    this.concurrency = deps.concurrency ?? 16;
  }

  /** Delivery records, newest first. */
  list(limit = Infinity): DeliveryRecord[] {
    const all = [...this.records.values()];
    const out: DeliveryRecord[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) out.push(structuredClone(all[i]!));
    return out;
  }

  /** One record. */
  get(deliveryId: string): DeliveryRecord | undefined {
    const r = this.records.get(deliveryId);
    return r ? structuredClone(r) : undefined;
  }

  /** Every record, oldest first (for snapshots). */
  dump(): DeliveryRecord[] {
    return [...this.records.values()].map((r) => structuredClone(r));
  }

  /** Counts by status. */
  counts(): Record<DeliveryStatus, number> {
    const c: Record<DeliveryStatus, number> = { pending: 0, delivering: 0, delivered: 0, failed: 0 };
    for (const r of this.records.values()) c[r.status]++;
    return c;
  }

  /**
   * Restores records from the durable store; unfinished ones (pending, or delivering when the
   * process died) are sent again.
   */
  load(records: readonly DeliveryRecord[]): void {
    for (const r of records) this.keep(structuredClone(r));
    for (const r of this.records.values()) {
      if (r.status !== 'pending' && r.status !== 'delivering') continue;
      if (r.test) {
        // A test delivery is one attempt, answered to its caller; it is never resent.
        r.status = 'failed';
        r.nextAttemptAt = null;
        continue;
      }
      r.status = 'pending';
      this.schedule(r, 0);
    }
  }

  /** Accepts a delivery the fake queued; it is sent once the state behind it is durable. */
  enqueue(delivery: WebhookDelivery): void {
    const at = new Date(this.now()).toISOString();
    const record: DeliveryRecord = {
      deliveryId: delivery.deliveryId,
      webhookId: delivery.webhookId,
      url: delivery.url,
      eventType: delivery.eventType,
      eventId: delivery.event.id,
      body: delivery.body,
      status: 'pending',
      attempts: [],
      nextAttemptAt: at,
      createdAt: delivery.createdAt,
      updatedAt: at,
      test: false,
    };
    this.keep(record);
    this.deps.onChange(record);
    // While shutting down the record is still journaled, so a restart sends it.
    if (this.closed) return;
    this.deps.whenDurable().then(
      () => this.schedule(record, 0),
      () => this.schedule(record, 0),
    );
  }

  /** Sends a test delivery now: one attempt, logged, no retries (`POST /api/webhooks/{id}/test`). */
  async test(webhook: Readonly<FakeWebhook>, event: WebhookEnvelope): Promise<WebhookTestResult> {
    const at = new Date(this.now()).toISOString();
    const record: DeliveryRecord = {
      deliveryId: `test_${event.id}`,
      webhookId: webhook.webhookId,
      url: webhook.url,
      eventType: event.type,
      eventId: event.id,
      body: JSON.stringify(event),
      status: 'delivering',
      attempts: [],
      nextAttemptAt: null,
      createdAt: at,
      updatedAt: at,
      test: true,
    };
    this.keep(record);
    const { attempt } = await this.send(record, webhook.secret);
    record.attempts.push(attempt);
    record.status = attempt.error === null ? 'delivered' : 'failed';
    record.updatedAt = new Date(this.now()).toISOString();
    this.deps.onChange(record);
    return { success: attempt.error === null, statusCode: attempt.statusCode, responseTimeMs: attempt.durationMs, error: attempt.error };
  }

  /**
   * Sends a failed delivery again (a fresh round of attempts).
   * @returns false when there is no such delivery or it is not failed.
   */
  retry(deliveryId: string): boolean {
    const record = this.records.get(deliveryId);
    if (!record || record.status !== 'failed' || record.test || this.closed) return false;
    record.status = 'pending';
    record.attempts = [];
    record.updatedAt = new Date(this.now()).toISOString();
    this.deps.onChange(record);
    this.schedule(record, 0);
    return true;
  }

  /**
   * Stops scheduling, lets attempts in flight finish for up to `graceMs`, then aborts them.
   * Pending deliveries stay pending in the log (and are resumed from a data dir).
   */
  async close(graceMs: number): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.waiting.length = 0;
    const flights = [...this.inFlight.values()];
    if (flights.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all(flights.map((f) => f.done)),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          for (const f of flights) f.controller.abort(new Error('dev server shutting down'));
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
    await Promise.all(flights.map((f) => f.done));
  }

  private keep(record: DeliveryRecord): void {
    this.records.delete(record.deliveryId);
    this.records.set(record.deliveryId, record);
    // Evict the oldest finished records beyond the log size; unfinished ones are never dropped.
    if (this.records.size > this.deps.logSize) {
      for (const [id, r] of this.records) {
        if (this.records.size <= this.deps.logSize) break;
        if (r.status === 'delivered' || r.status === 'failed') this.records.delete(id);
      }
    }
  }

  private schedule(record: DeliveryRecord, delayMs: number): void {
    if (this.closed) return;
    const existing = this.timers.get(record.deliveryId);
    if (existing) clearTimeout(existing);
    record.nextAttemptAt = new Date(this.now() + delayMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(record.deliveryId);
      this.waiting.push(record.deliveryId);
      this.pump();
    }, delayMs);
    this.timers.set(record.deliveryId, timer);
  }

  private pump(): void {
    while (!this.closed && this.inFlight.size < this.concurrency && this.waiting.length > 0) {
      const id = this.waiting.shift()!;
      const record = this.records.get(id);
      if (!record || record.status !== 'pending' || this.inFlight.has(id)) continue;
      const controller = new AbortController();
      const done = this.attempt(record, controller.signal).finally(() => {
        this.inFlight.delete(id);
        this.pump();
      });
      this.inFlight.set(id, { controller, done });
    }
  }

  private async attempt(record: DeliveryRecord, signal: AbortSignal): Promise<void> {
    const webhook = this.deps.lookup(record.webhookId);
    const number = record.attempts.length + 1;
    if (!webhook) {
      record.attempts.push({ attempt: number, at: new Date(this.now()).toISOString(), statusCode: null, error: 'webhook no longer configured', durationMs: 0 });
      this.finish(record, 'failed');
      return;
    }
    record.status = 'delivering';
    record.nextAttemptAt = null;
    record.updatedAt = new Date(this.now()).toISOString();
    this.deps.onChange(record);
    const { attempt: a, retryAfterMs: asked } = await this.send(record, webhook.secret, signal, number);
    record.attempts.push(a);
    if (a.error === null) {
      this.finish(record, 'delivered');
      return;
    }
    const retryable = a.statusCode === null || RETRYABLE_STATUS.has(a.statusCode);
    if (!retryable || number >= this.deps.retry.attempts || this.closed) {
      if (this.closed && retryable && number < this.deps.retry.attempts) {
        // Shutting down: keep it pending so a restart from the data dir resumes it.
        record.status = 'pending';
        record.updatedAt = new Date(this.now()).toISOString();
        this.deps.onChange(record);
        return;
      }
      this.finish(record, 'failed');
      return;
    }
    const backoff = Math.min(this.deps.retry.maxDelayMs, this.deps.retry.initialDelayMs * 2 ** (number - 1));
    const delay = asked === undefined ? backoff : Math.min(this.deps.retry.maxDelayMs, Math.max(backoff, asked));
    record.status = 'pending';
    record.updatedAt = new Date(this.now()).toISOString();
    this.schedule(record, delay);
    this.deps.onChange(record);
    this.deps.logger.info('webhook delivery will be retried', {
      delivery_id: record.deliveryId,
      event_type: record.eventType,
      attempt: number,
      status_code: a.statusCode,
      error: a.error,
      retry_in_ms: delay,
    });
  }

  private finish(record: DeliveryRecord, status: 'delivered' | 'failed'): void {
    record.status = status;
    record.nextAttemptAt = null;
    record.updatedAt = new Date(this.now()).toISOString();
    this.deps.onChange(record);
    const last = record.attempts[record.attempts.length - 1];
    const fields = {
      delivery_id: record.deliveryId,
      webhook_id: record.webhookId,
      event_type: record.eventType,
      event_id: record.eventId,
      attempts: record.attempts.length,
      status_code: last?.statusCode ?? null,
      error: last?.error ?? null,
    };
    if (status === 'delivered') this.deps.logger.info('webhook delivered', fields);
    else this.deps.logger.warn('webhook delivery failed', fields);
  }

  private async send(
    record: DeliveryRecord,
    secret: string,
    signal?: AbortSignal,
    attempt = 1,
  ): Promise<{ attempt: DeliveryAttempt; retryAfterMs: number | undefined }> {
    const started = this.now();
    const at = new Date(started).toISOString();
    const elapsed = (): number => Math.max(0, Math.round(this.now() - started));
    let body: string;
    try {
      body = this.bodyToSend(record.body);
    } catch (error) {
      return { attempt: { attempt, at, statusCode: null, error: `cannot sign: ${describeError(error)}`, durationMs: 0 }, retryAfterMs: undefined };
    }
    try {
      // ky sends it: the per-attempt timeout is ky's, the signature is added by a beforeRequest
      // hook, and ky's retries are off (`retry: 0`): this deliverer's journal is the one retry
      // authority (attempts, backoff, Retry-After, resume after a restart).
      const response = await ky.post(record.url, {
        body,
        headers: {
          'User-Agent': `ascend-dev-server/${DEV_SERVER_VERSION}`,
          'X-Event-Type': record.eventType,
          'X-Delivery-Id': record.deliveryId,
          'X-Delivery-Attempt': String(attempt),
        },
        hooks: { beforeRequest: [(request) => this.sign(request, record, body, secret)] },
        timeout: this.deps.retry.timeoutMs,
        retry: 0,
        throwHttpErrors: false,
        redirect: 'manual',
        fetch: this.fetchImpl,
        ...(signal ? { signal } : {}),
      });
      // The receiver's body is not needed; release the connection. Not awaited: some fetch
      // implementations (msw's mocked responses) never settle a cancel.
      response.body?.cancel().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        attempt: { attempt, at, statusCode: response.status, error: ok ? null : `receiver answered ${response.status}`, durationMs: elapsed() },
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (error instanceof SigningFailed) {
        // signWebhook's messages never contain the secret.
        return { attempt: { attempt, at, statusCode: null, error: `cannot sign: ${describeError(error.cause)}`, durationMs: 0 }, retryAfterMs: undefined };
      }
      return { attempt: { attempt, at, statusCode: null, error: describeError(error), durationMs: elapsed() }, retryAfterMs: undefined };
    }
  }

  /** The body sent: as recorded, or under `owkai-sha256` its compact canonical form (what that scheme signs). */
  private bodyToSend(recorded: string): string {
    return this.deps.scheme === 'owkai-sha256' ? compactCanonicalJson(JSON.parse(recorded) as unknown) : recorded;
  }

  /** ky's beforeRequest hook: signs the exact body that is sent, at send time. */
  private async sign(request: Request, record: DeliveryRecord, body: string, secret: string): Promise<void> {
    let headers: Record<string, string>;
    try {
      ({ headers } = await signWebhook({
        secret,
        payload: body,
        signer: this.deps.signer,
        eventId: record.eventId,
        timestamp: Math.floor(this.now() / 1000),
        ...(this.deps.scheme ? { scheme: this.deps.scheme } : {}),
        // owkai-sha256 only (X-OWkai-Delivery-ID): the delivery record's id.
        deliveryId: record.deliveryId,
      }));
    } catch (error) {
      throw new SigningFailed(error);
    }
    for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  }
}

/** A signing failure, told apart from a failure to reach the receiver. */
class SigningFailed extends Error {
  override readonly name = 'SigningFailed';
  constructor(cause: unknown) {
    super('cannot sign the delivery', { cause });
  }
}
