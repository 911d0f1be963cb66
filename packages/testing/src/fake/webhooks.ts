/**
 * Webhook events the fake would deliver: envelopes in the backend's shape (reference §9.2) put
 * in an outbox. The fake sends no HTTP; the dev server drains the outbox and delivers.
 *
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';
import type { FakeWebhook } from './store-records.js';

/**
 * Every event name any source of the reference lists (§9.1), plus `webhook.test`. `configure`
 * accepts these and `*`.
 */
export const KNOWN_WEBHOOK_EVENTS: readonly string[] = [
  'action.submitted',
  'action.evaluated',
  'action.pending',
  'action.approved',
  'action.denied',
  'action.rejected',
  'action.blocked',
  'action.escalated',
  'action.timeout',
  'action.executed',
  'action.completed',
  'action.failed',
  'policy.created',
  'policy.updated',
  'policy.deleted',
  'policy.violated',
  'policy.violation',
  'alert.created',
  'alert.triggered',
  'alert.resolved',
  'alert.escalated',
  'agent.trust_changed',
  'risk.threshold_exceeded',
  'risk.score_changed',
  'compliance.report_ready',
  'compliance.violation',
  'user.login',
  'user.logout',
  'user.mfa_enabled',
  'system.health_alert',
  'workflow.started',
  'workflow.completed',
  'workflow.escalated',
  'security.high_risk',
  'security.anomaly',
  'webhook.test',
];

/** The envelope of one webhook event (backend payload builder, reference §9.2). */
export interface WebhookEnvelope extends JsonObject {
  /** `evt_` + 24 hex; receivers de-duplicate on it. */
  id: string;
  /** Event type, e.g. `action.approved`. */
  type: string;
  /** ISO-8601 UTC time. */
  timestamp: string;
  /** `2025-11-28`. */
  api_version: string;
  /** The fake's organization id. */
  organization_id: number;
  /** Event data. */
  data: JsonObject;
  /** `{ idempotency_key, delivery_attempt }`. */
  metadata: JsonObject;
}

/** One delivery the fake would make. */
export interface WebhookDelivery {
  /** `dlv_<n>`. */
  readonly deliveryId: string;
  /** The webhook configuration it is for. Look the secret up with `fake.getWebhook(id)`. */
  readonly webhookId: string;
  /** Target URL. */
  readonly url: string;
  /** Event type. */
  readonly eventType: string;
  /** The envelope. */
  readonly event: WebhookEnvelope;
  /** The envelope serialized as it would be sent (compact JSON). */
  readonly body: string;
  /** ISO time it was queued. */
  readonly createdAt: string;
}

/** True when `webhook` is subscribed to `eventType` (an empty list or `*` means all). */
export function webhookWants(webhook: FakeWebhook, eventType: string): boolean {
  if (!webhook.active) return false;
  if (eventType === 'webhook.test') return true;
  return webhook.events.length === 0 || webhook.events.includes('*') || webhook.events.includes(eventType);
}

/** A bounded outbox of deliveries. @internal */
export class WebhookOutbox {
  private items: WebhookDelivery[] = [];

  /** @param limit maximum number of undrained deliveries kept (oldest dropped). */
  constructor(private readonly limit: number) {}

  /** Queues a delivery. */
  push(delivery: WebhookDelivery): void {
    this.items.push(delivery);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
  }

  /** Undrained deliveries, oldest first. */
  all(): readonly WebhookDelivery[] {
    return this.items;
  }

  /** Removes and returns every queued delivery. */
  drain(): WebhookDelivery[] {
    const out = this.items;
    this.items = [];
    return out;
  }

  /** Replaces the content. */
  load(items: readonly WebhookDelivery[]): void {
    this.items = [...items];
  }
}
