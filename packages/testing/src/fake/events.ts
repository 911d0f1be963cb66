/**
 * A small typed event emitter for the fake's live events (dashboards, dev server persistence).
 *
 * @packageDocumentation
 */
import type { FakeAuditEvent } from './audit.js';
import type { RecordedRequest } from './recorder.js';
import type { StoreChange } from './store-changes.js';
import type { FakeAction, FakeAgent, FakeApproval, FakeCommand, FakeHeartbeat, FakeKillSwitch } from './store-records.js';
import type { WebhookDelivery } from './webhooks.js';

/** A listener for events of payload type `T`. */
export type Listener<T> = (payload: T) => void;

/**
 * A typed emitter over an event map. Listener exceptions are caught and handed to `onError`, so a
 * faulty dashboard can never break the fake's state machine.
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** @param onError receives exceptions thrown by listeners; they are ignored by default. */
  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  /** Subscribes `listener` to `type`; returns a function that unsubscribes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) {
      set = new Set();
      this.listeners.set(type, set);
    }
    set.add(listener);
    return () => this.off(type, listener);
  }

  /** Subscribes `listener` for the next `type` event only. */
  once<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(type, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /** Unsubscribes `listener` from `type`. */
  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.listeners.get(type)?.delete(listener);
  }

  /** True when `type` has at least one listener (lets callers skip building a payload). */
  has<K extends keyof Events>(type: K): boolean {
    const set = this.listeners.get(type);
    return set !== undefined && set.size > 0;
  }

  /** Calls every listener of `type` with `payload`, synchronously, in subscription order. */
  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.listeners.get(type);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}

/** Payload of the `action.evicted` event. */
export interface EvictedAction {
  /** The action as it was when it left memory. */
  readonly action: FakeAction;
  /** Its approval request, if it had one. */
  readonly approval: FakeApproval | null;
}

/**
 * The fake's live events and their payloads (copies; mutating them changes nothing).
 *
 * - `request`: a request arrived (emitted before it is processed).
 * - `action.submitted`: an action was created (any decision).
 * - `action.decided`: an action reached a final decision: allowed or denied at submit, or
 *   approved, rejected or expired later.
 * - `action.completed` / `action.failed`: the agent reported the execution.
 * - `action.evicted`: the retention limit (`limits.actions`) took a settled action, with its
 *   approval request, out of memory.
 * - `approval.pending` / `approval.decided`: the approval lifecycle.
 * - `agent.registered` / `agent.deregistered` / `agent.heartbeat`.
 * - `kill-switch`: the kill switch changed.
 * - `command.issued` / `command.acknowledged`.
 * - `webhook`: a delivery was queued in the outbox.
 * - `audit`: an audit event was written.
 * - `change`: one change of the state as the store made it (for persistence): a typed
 *   {@link StoreChange}, e.g. `{ kind: 'action', record }`. Unlike the events above its records
 *   are not copies: never modify them.
 */
export interface FakeEventMap {
  /** A request arrived. */
  request: RecordedRequest;
  /** An action was created. */
  'action.submitted': FakeAction;
  /** An action reached a final decision. */
  'action.decided': FakeAction;
  /** Completion reported. */
  'action.completed': FakeAction;
  /** Failure reported. */
  'action.failed': FakeAction;
  /** An action left memory under the retention limit: its last state and approval request. */
  'action.evicted': EvictedAction;
  /** An approval request was created. */
  'approval.pending': FakeApproval;
  /** An approval request was approved, rejected or expired. */
  'approval.decided': FakeApproval;
  /** An agent registered. */
  'agent.registered': FakeAgent;
  /** An agent deregistered. */
  'agent.deregistered': FakeAgent;
  /** A heartbeat arrived. */
  'agent.heartbeat': FakeHeartbeat;
  /** The kill switch changed. */
  'kill-switch': FakeKillSwitch;
  /** A command was issued. */
  'command.issued': FakeCommand;
  /** A command was acknowledged. */
  'command.acknowledged': FakeCommand;
  /** A webhook delivery was queued. */
  webhook: WebhookDelivery;
  /** An audit event was written. */
  audit: FakeAuditEvent;
  /** One change of the state (see {@link StoreChange}); its records are the store's own, not copies. */
  change: StoreChange;
}
