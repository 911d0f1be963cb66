/**
 * The side effects of the fake's state changes ({@link Effects}): timestamps, audit events, live
 * events, and webhook events queued in the outbox for every subscribed webhook; with the default
 * webhook tester, which queues its test event there too.
 * @internal
 */
import type { AuditLog } from './audit.js';
import type { Effects, WebhookTester } from './context.js';
import type { FakeEventMap, TypedEmitter } from './events.js';
import type { FakeState } from './fake-host.js';
import { hex, type RandomBytes } from './ids.js';
import { copyJson } from './json.js';
import type { FakeWebhook } from './store-records.js';
import { webhookWants, type WebhookDelivery, type WebhookEnvelope, type WebhookOutbox } from './webhooks.js';

/** What the effects write to and read from. */
export interface EffectsDeps {
  /** The replaceable store (webhooks, delivery ids). */
  readonly state: FakeState;
  /** The live-event emitter. */
  readonly emitter: TypedEmitter<FakeEventMap>;
  /** The audit log. */
  readonly audit: AuditLog;
  /** The webhook outbox. */
  readonly outbox: WebhookOutbox;
  /** The clock. */
  readonly now: () => number;
  /** Random bytes for event ids. */
  readonly randomBytes: RandomBytes;
  /** Put in every envelope. */
  readonly organizationId: number;
}

/** Builds the effects of one fake and its default webhook tester. */
export function createEffects(deps: EffectsDeps): { readonly fx: Effects; readonly defaultTester: WebhookTester } {
  const { state, emitter, audit, outbox, now, randomBytes, organizationId } = deps;
  const fx: Effects = {
    now,
    iso: () => new Date(now()).toISOString(),
    audit: (input) => {
      audit.append(input);
    },
    emit: (type, payload) => {
      if (emitter.has(type)) emitter.emit(type, copyJson(payload));
    },
    envelope: (type, data): WebhookEnvelope => {
      const id = `evt_${hex(randomBytes(12))}`;
      return {
        id,
        type,
        timestamp: new Date(now()).toISOString(),
        api_version: '2025-11-28',
        organization_id: organizationId,
        data: copyJson(data),
        metadata: { idempotency_key: id, delivery_attempt: 1 },
      };
    },
    webhook: (type, data) => {
      const targets = [...state.store.webhooks.values()].filter((w) => webhookWants(w, type));
      if (targets.length === 0) return;
      const event = fx.envelope(type, data);
      for (const w of targets) queueDelivery(w, event);
    },
    auditEvents: () => audit.all(),
  };

  function queueDelivery(webhook: FakeWebhook, event: WebhookEnvelope): WebhookDelivery {
    const delivery: WebhookDelivery = {
      deliveryId: `dlv_${state.store.nextId('delivery')}`,
      webhookId: webhook.webhookId,
      url: webhook.url,
      eventType: event.type,
      event,
      body: JSON.stringify(event),
      createdAt: fx.iso(),
    };
    outbox.push(delivery);
    if (emitter.has('webhook')) emitter.emit('webhook', copyJson(delivery));
    return delivery;
  }

  const defaultTester: WebhookTester = (webhook, event) => {
    queueDelivery(webhook, event);
    return Promise.resolve({ success: true, statusCode: 200, responseTimeMs: 0, error: null });
  };

  return { fx, defaultTester };
}
