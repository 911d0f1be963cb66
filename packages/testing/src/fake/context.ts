/**
 * The internal context shared by the fake's handlers: state, side effects and resolved options.
 * @internal
 */
import type { Signer } from '@ascend/core';
import type { AuditInput, FakeAuditEvent } from './audit.js';
import type { FakeEventMap } from './events.js';
import type { FaultRegistry } from './faults.js';
import type { RandomBytes } from './ids.js';
import type { JsonObject } from './json.js';
import type { PolicyDefault, PolicyRule } from './policy-types.js';
import type { FakeStore } from './store.js';
import type { FakeWebhook } from './store-records.js';
import type { WebhookEnvelope } from './webhooks.js';

/** Result of a simulated webhook test delivery (reference §3.25). */
export interface WebhookTestResult {
  /** Whether the receiver answered 2xx. */
  readonly success: boolean;
  /** Receiver's status code, or null when unreachable. */
  readonly statusCode: number | null;
  /** Round-trip time. */
  readonly responseTimeMs: number;
  /** Error text, or null. */
  readonly error: string | null;
}

/** Performs a webhook test delivery (the dev server sends real HTTP; the default pretends 200). */
export type WebhookTester = (webhook: Readonly<FakeWebhook>, event: WebhookEnvelope) => Promise<WebhookTestResult>;

/** Side effects a state change triggers. */
export interface Effects {
  /** Current time in ms. */
  now(): number;
  /** Current time as ISO-8601 UTC. */
  iso(): string;
  /** Writes an audit event. */
  audit(input: AuditInput): void;
  /** Emits a live event (the payload is copied). */
  emit<K extends keyof FakeEventMap>(type: K, payload: FakeEventMap[K]): void;
  /** Queues an event of `type` for every subscribed webhook. */
  webhook(type: string, data: JsonObject): void;
  /** Builds an event envelope (a fresh `evt_` id) without queueing it. */
  envelope(type: string, data: JsonObject): WebhookEnvelope;
  /** The audit log, oldest first. */
  auditEvents(): readonly FakeAuditEvent[];
}

/** Options after defaults were applied. */
export interface ResolvedOptions {
  readonly apiKeys: ReadonlyMap<string, { readonly admin: boolean }> | 'any';
  readonly signingSecret: string | null;
  readonly signatureToleranceMs: number | undefined;
  readonly signer: Signer;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly randomBytes: RandomBytes;
  readonly approvalTtlMs: number;
  readonly heartbeatStaleMs: number;
  readonly deniedSubmitStatus: 200 | 403;
  readonly organizationId: number;
  readonly deploymentInfo: JsonObject;
  readonly models: Readonly<Record<string, string>> | undefined;
  readonly webhookTester: WebhookTester;
  /** Actions kept in memory besides pending ones (`limits.actions`); Infinity when unbounded. */
  readonly retainActions: number;
}

/** Everything a handler needs. */
export interface FakeContext {
  readonly store: FakeStore;
  readonly fx: Effects;
  readonly options: ResolvedOptions;
  readonly faults: FaultRegistry;
  readonly policy: { rules: readonly PolicyRule[]; fallback: PolicyDefault };
}
