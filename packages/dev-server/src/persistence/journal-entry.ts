/**
 * The records of the write-ahead journal and how they fold into a state.
 *
 * Every entry is an idempotent upsert (or delete) of one record keyed by its id, so replaying an
 * entry twice, or replaying entries whose effect a snapshot already holds, gives the same state.
 * Id counters are not journaled: they are recomputed as the largest id seen.
 *
 * @packageDocumentation
 */
import type {
  FakeAction,
  FakeAgent,
  FakeApproval,
  FakeAuditEvent,
  FakeCommand,
  FakeComponent,
  FakeCounters,
  FakeHeartbeat,
  FakeKillSwitch,
  FakeResourceClassification,
  FakeSnapshot,
  FakeWebhook,
  IdempotencyEntry,
} from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';

/** One line of the journal (`k` names the record kind). */
export type JournalEntry =
  | { readonly k: 'action'; readonly v: FakeAction }
  | { readonly k: 'action-'; readonly id: number }
  | { readonly k: 'approval'; readonly v: FakeApproval }
  | { readonly k: 'agent'; readonly v: FakeAgent }
  | { readonly k: 'agent-'; readonly id: string; readonly n: number }
  | { readonly k: 'agents'; readonly v: readonly FakeAgent[] }
  | { readonly k: 'heartbeat'; readonly v: FakeHeartbeat }
  | { readonly k: 'command'; readonly v: FakeCommand }
  | { readonly k: 'commands'; readonly v: readonly FakeCommand[] }
  | { readonly k: 'webhooks'; readonly v: readonly FakeWebhook[] }
  | { readonly k: 'components'; readonly v: readonly FakeComponent[] }
  | { readonly k: 'classifications'; readonly v: readonly FakeResourceClassification[] }
  | { readonly k: 'killSwitch'; readonly v: FakeKillSwitch }
  | { readonly k: 'audit'; readonly v: FakeAuditEvent }
  | { readonly k: 'idem'; readonly v: IdempotencyEntry }
  | { readonly k: 'delivery'; readonly v: DeliveryRecord }
  | { readonly k: 'reset' };

/** Bounds applied when a replayed state is turned into a snapshot. */
export interface ReplayLimits {
  /** Audit events kept. */
  readonly audit: number;
  /** Idempotency keys kept. */
  readonly idempotencyKeys: number;
  /** Finished deliveries kept (unfinished ones are always kept). */
  readonly deliveries: number;
}

/** The state being rebuilt from a snapshot and journal entries. @internal */
export interface ReplayState {
  counters: FakeCounters;
  agents: Map<string, FakeAgent>;
  heartbeats: Map<string, FakeHeartbeat>;
  actions: Map<number, FakeAction>;
  approvals: Map<string, FakeApproval>;
  commands: Map<string, FakeCommand>;
  webhooks: Map<string, FakeWebhook>;
  components: Map<string, FakeComponent>;
  classifications: FakeResourceClassification[] | null;
  killSwitch: FakeKillSwitch;
  auditCounter: number;
  audit: Map<number, FakeAuditEvent>;
  idempotency: Map<string, IdempotencyEntry>;
  deliveries: Map<string, DeliveryRecord>;
}

/** A state with nothing in it. @internal */
export function emptyReplayState(): ReplayState {
  return {
    counters: { action: 0, agent: 0, approval: 0, webhook: 0, component: 0, alert: 0, delivery: 0 },
    agents: new Map(),
    heartbeats: new Map(),
    actions: new Map(),
    approvals: new Map(),
    commands: new Map(),
    webhooks: new Map(),
    components: new Map(),
    classifications: null,
    killSwitch: { active: false, reason: null, activatedAt: null, activatedBy: null },
    auditCounter: 0,
    audit: new Map(),
    idempotency: new Map(),
    deliveries: new Map(),
  };
}

function suffixNumber(id: string | null | undefined, prefix: string): number {
  if (!id || !id.startsWith(prefix)) return 0;
  const n = Number(id.slice(prefix.length));
  return Number.isSafeInteger(n) ? n : 0;
}

function bump(state: ReplayState, key: keyof FakeCounters, value: number): void {
  if (value > state.counters[key]) state.counters[key] = value;
}

/** Folds one snapshot into an empty state. @internal */
export function stateFromSnapshot(snapshot: FakeSnapshot, deliveries: readonly DeliveryRecord[]): ReplayState {
  const state = emptyReplayState();
  state.counters = { ...snapshot.counters };
  for (const a of snapshot.agents) state.agents.set(a.agentId, a);
  for (const h of snapshot.heartbeats) state.heartbeats.set(h.agentId, h);
  for (const a of snapshot.actions) state.actions.set(a.id, a);
  for (const a of snapshot.approvals) state.approvals.set(a.approvalId, a);
  for (const c of snapshot.commands) state.commands.set(c.commandId, c);
  for (const w of snapshot.webhooks) state.webhooks.set(w.webhookId, w);
  for (const c of snapshot.components) state.components.set(c.componentId, c);
  state.classifications = [...snapshot.classifications];
  state.killSwitch = { ...snapshot.killSwitch };
  state.auditCounter = snapshot.audit.counter;
  for (const e of snapshot.audit.events) state.audit.set(suffixNumber(e.eventId, 'ev-'), e);
  for (const e of snapshot.idempotency) state.idempotency.set(e.key, e);
  for (const d of deliveries) state.deliveries.set(d.deliveryId, d);
  return state;
}

/** Applies one journal entry. Unknown kinds are reported, never guessed at. @internal */
export function applyJournalEntry(state: ReplayState, entry: JournalEntry): void {
  switch (entry.k) {
    case 'action':
      state.actions.set(entry.v.id, entry.v);
      bump(state, 'action', entry.v.id);
      bump(state, 'alert', suffixNumber(entry.v.alertId, 'alert_'));
      break;
    case 'action-': {
      // Evicted from memory by the retention limit (the history segments still hold it).
      const action = state.actions.get(entry.id);
      if (action?.approvalRequestId) state.approvals.delete(action.approvalRequestId);
      state.actions.delete(entry.id);
      bump(state, 'action', entry.id);
      break;
    }
    case 'approval':
      state.approvals.set(entry.v.approvalId, entry.v);
      bump(state, 'approval', suffixNumber(entry.v.approvalId, 'apr_'));
      break;
    case 'agent':
      state.agents.set(entry.v.agentId, entry.v);
      bump(state, 'agent', entry.v.id);
      break;
    case 'agent-':
      state.agents.delete(entry.id);
      bump(state, 'agent', entry.n);
      break;
    case 'agents':
      state.agents.clear();
      for (const a of entry.v) {
        state.agents.set(a.agentId, a);
        bump(state, 'agent', a.id);
      }
      break;
    case 'heartbeat':
      state.heartbeats.set(entry.v.agentId, entry.v);
      break;
    case 'command':
      state.commands.set(entry.v.commandId, entry.v);
      break;
    case 'commands':
      state.commands.clear();
      for (const c of entry.v) state.commands.set(c.commandId, c);
      break;
    case 'webhooks':
      state.webhooks.clear();
      for (const w of entry.v) {
        state.webhooks.set(w.webhookId, w);
        bump(state, 'webhook', suffixNumber(w.webhookId, 'wh_'));
      }
      break;
    case 'components':
      state.components.clear();
      for (const c of entry.v) {
        state.components.set(c.componentId, c);
        bump(state, 'component', c.id);
      }
      break;
    case 'classifications':
      state.classifications = [...entry.v];
      break;
    case 'killSwitch':
      state.killSwitch = { ...entry.v };
      break;
    case 'audit': {
      const n = suffixNumber(entry.v.eventId, 'ev-');
      state.audit.set(n, entry.v);
      if (n > state.auditCounter) state.auditCounter = n;
      break;
    }
    case 'idem':
      state.idempotency.delete(entry.v.key);
      state.idempotency.set(entry.v.key, entry.v);
      break;
    case 'delivery':
      state.deliveries.delete(entry.v.deliveryId);
      state.deliveries.set(entry.v.deliveryId, entry.v);
      bump(state, 'delivery', suffixNumber(entry.v.deliveryId, 'dlv_'));
      break;
    case 'reset': {
      const kept = state.deliveries;
      Object.assign(state, emptyReplayState());
      // The delivery log belongs to the dev server, not the fake: a reset keeps it.
      state.deliveries = kept;
      break;
    }
    default: {
      const unknown: never = entry;
      throw new Error(`unknown journal entry kind ${JSON.stringify((unknown as { k?: unknown }).k)}`);
    }
  }
}

function lastN<T>(values: Iterable<T>, n: number): T[] {
  const all = [...values];
  return all.length > n ? all.slice(all.length - n) : all;
}

/**
 * Turns a replayed state into a fake snapshot and the delivery log.
 * @param defaultClassifications - used when no classification was ever journaled.
 * @internal
 */
export function snapshotFromState(
  state: ReplayState,
  limits: ReplayLimits,
  defaultClassifications: readonly FakeResourceClassification[],
): { snapshot: FakeSnapshot; deliveries: DeliveryRecord[] } {
  const audit = [...state.audit.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  const deliveries = [...state.deliveries.values()];
  const finished = deliveries.filter((d) => d.status === 'delivered' || d.status === 'failed');
  const dropFinished = new Set(finished.slice(0, Math.max(0, finished.length - limits.deliveries)));
  return {
    snapshot: {
      version: 1,
      counters: { ...state.counters },
      agents: [...state.agents.values()],
      heartbeats: [...state.heartbeats.values()],
      actions: [...state.actions.values()].sort((a, b) => a.id - b.id),
      approvals: [...state.approvals.values()].sort((a, b) => suffixNumber(a.approvalId, 'apr_') - suffixNumber(b.approvalId, 'apr_')),
      commands: [...state.commands.values()],
      webhooks: [...state.webhooks.values()].sort((a, b) => suffixNumber(a.webhookId, 'wh_') - suffixNumber(b.webhookId, 'wh_')),
      components: [...state.components.values()].sort((a, b) => a.id - b.id),
      classifications: state.classifications ?? [...defaultClassifications],
      killSwitch: { ...state.killSwitch },
      audit: { counter: state.auditCounter, events: lastN(audit, limits.audit) },
      outbox: [],
      idempotency: lastN(state.idempotency.values(), limits.idempotencyKeys),
    },
    deliveries: deliveries.filter((d) => !dropFinished.has(d)),
  };
}
