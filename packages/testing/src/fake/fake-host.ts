/**
 * The shared state of one fake: what `createFakeAscend` builds once and passes, as one explicit
 * object, to the request pipeline, the admin calls and snapshot / restore; and {@link tick}, the
 * clock-driven sweep they all run first.
 * @internal
 */
import { sweepApprovals } from './approvals.js';
import type { AuditLog } from './audit.js';
import type { FakeContext } from './context.js';
import type { FakeEventMap, TypedEmitter } from './events.js';
import type { IdempotencyStore } from './idempotency.js';
import { sweepCommands } from './kill-switch.js';
import type { RequestRecorder } from './recorder.js';
import type { FakeStore } from './store.js';
import type { StoreChange } from './store-changes.js';
import type { FakeResourceClassification } from './store-records.js';
import type { WebhookOutbox } from './webhooks.js';

/** The one mutable slot: the store, replaced as a whole by `reset` and `restore`. */
export interface FakeState {
  /** The current store; `ctx.store` reads it. */
  store: FakeStore;
}

/** Everything one fake shares between its entry points. */
export interface FakeHost {
  /** What the handlers see (its `store` reads {@link FakeHost.state}). */
  readonly ctx: FakeContext;
  /** The replaceable store. */
  readonly state: FakeState;
  /** Sends a state change out as the `change` event. */
  readonly announce: (change: StoreChange) => void;
  /** The live-event emitter. */
  readonly emitter: TypedEmitter<FakeEventMap>;
  /** The recorded requests. */
  readonly recorder: RequestRecorder;
  /** The audit log. */
  readonly audit: AuditLog;
  /** Undrained webhook deliveries. */
  readonly outbox: WebhookOutbox;
  /** Remembered idempotency keys. */
  readonly idempotency: IdempotencyStore;
  /** The classifications a reset starts from. */
  readonly classifications: readonly FakeResourceClassification[];
  /** The action id a reset starts from. */
  readonly firstActionId: number;
}

// Runs before every request: it must not cost more as history grows. Nothing is due before
// `nextDueMs`; a sweep walks only the open approvals and commands.
export function tick(ctx: FakeContext): void {
  const store = ctx.store;
  if (ctx.fx.now() < store.nextDueMs) return;
  const approvalsDue = sweepApprovals(ctx);
  store.nextDueMs = Math.min(approvalsDue, sweepCommands(ctx));
}
