/**
 * The records of the write-ahead journal and how they fold into a state.
 *
 * An entry is the fake's {@link StoreChange} as it was made, written as it is: an idempotent
 * upsert (or removal) of one record keyed by its id, or a whole singleton (the kill switch, the
 * id counters, the classifications). Replaying an entry twice, or replaying entries whose effect
 * a snapshot already holds, gives the same state. Record kinds are the fake's
 * (`STORE_RECORDS`): a kind added there is journaled and replayed with no change here.
 *
 * This is journal format 2. Segments written by earlier releases (format 1, no id counters
 * journaled) are read through `journal-v1.ts`.
 *
 * @packageDocumentation
 */
import {
  STORE_RECORDS,
  type FakeAuditEvent,
  type FakeCounters,
  type FakeKillSwitch,
  type FakeResourceClassification,
  type FakeSnapshot,
  type IdempotencyEntry,
  type RecordCollection,
  type RecordKey,
  type RecordKind,
  type StoreChange,
  type StoreRecords,
} from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';

/** The journal format this code writes. */
export const JOURNAL_FORMAT = 2;

/** An upsert of one record of the fake's store. */
export type RecordEntry = { readonly [K in RecordKind]: { readonly k: K; readonly v: StoreRecords[K] } }[RecordKind];

/** A removal of one record of the fake's store (deregistered, deleted, or evicted by retention). */
export type RemovalEntry = { readonly [K in RecordKind]: { readonly k: `${K}-`; readonly id: RecordKey<K> } }[RecordKind];

/** One line of the journal (`k` names the kind). */
export type JournalEntry =
  | RecordEntry
  | RemovalEntry
  | { readonly k: 'classifications'; readonly v: readonly FakeResourceClassification[] }
  | { readonly k: 'killSwitch'; readonly v: FakeKillSwitch }
  | { readonly k: 'counters'; readonly v: FakeCounters }
  /** `n`: audit events written so far (the audit log's counter). */
  | { readonly k: 'audit'; readonly v: FakeAuditEvent; readonly n: number }
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

type RecordMaps = { [K in RecordKind]: Map<RecordKey<K>, StoreRecords[K]> };

/** The state being rebuilt from a snapshot and journal entries. @internal */
export interface ReplayState {
  counters: FakeCounters;
  records: RecordMaps;
  classifications: FakeResourceClassification[] | null;
  killSwitch: FakeKillSwitch;
  auditCounter: number;
  /** By event id, in the order written. */
  audit: Map<string, FakeAuditEvent>;
  idempotency: Map<string, IdempotencyEntry>;
  deliveries: Map<string, DeliveryRecord>;
}

const RECORD_KINDS = Object.keys(STORE_RECORDS) as RecordKind[];

function recordMaps(): RecordMaps {
  const maps = {} as Record<RecordKind, Map<unknown, unknown>>;
  for (const kind of RECORD_KINDS) maps[kind] = new Map();
  return maps as RecordMaps;
}

/** The map of one record kind, loosely typed for code that handles every kind alike. */
function mapOf(state: ReplayState, kind: RecordKind): Map<string | number, unknown> {
  return state.records[kind];
}

/** The key of a record of `kind`. @internal */
export function recordKey(kind: RecordKind, record: unknown): string | number {
  return (STORE_RECORDS[kind].key as (r: unknown) => string | number)(record);
}

/** True when `k` is a record kind of the fake's store. @internal */
export function isRecordKind(k: string): k is RecordKind {
  return Object.hasOwn(STORE_RECORDS, k);
}

/** A state with nothing in it. @internal */
export function emptyReplayState(): ReplayState {
  return {
    counters: { action: 0, agent: 0, approval: 0, webhook: 0, component: 0, alert: 0, delivery: 0 },
    records: recordMaps(),
    classifications: null,
    killSwitch: { active: false, reason: null, activatedAt: null, activatedBy: null },
    auditCounter: 0,
    audit: new Map(),
    idempotency: new Map(),
    deliveries: new Map(),
  };
}

/** Folds one snapshot into an empty state. @internal */
export function stateFromSnapshot(snapshot: FakeSnapshot, deliveries: readonly DeliveryRecord[]): ReplayState {
  const state = emptyReplayState();
  state.counters = { ...snapshot.counters };
  for (const kind of RECORD_KINDS) {
    const map = mapOf(state, kind);
    // Snapshots written before a record kind existed lack its collection.
    for (const record of snapshot[STORE_RECORDS[kind].collection] ?? []) map.set(recordKey(kind, record), record);
  }
  state.classifications = [...snapshot.classifications];
  state.killSwitch = { ...snapshot.killSwitch };
  state.auditCounter = snapshot.audit.counter;
  for (const e of snapshot.audit.events) state.audit.set(e.eventId, e);
  for (const e of snapshot.idempotency) state.idempotency.set(e.key, e);
  for (const d of deliveries) state.deliveries.set(d.deliveryId, d);
  return state;
}

/** Applies one journal entry. Unknown kinds are reported, never guessed at. @internal */
export function applyJournalEntry(state: ReplayState, entry: JournalEntry): void {
  const k = entry.k;
  if (isRecordKind(k)) {
    const record = (entry as RecordEntry).v;
    mapOf(state, k).set(recordKey(k, record), record);
    return;
  }
  if (k.endsWith('-') && isRecordKind(k.slice(0, -1))) {
    mapOf(state, k.slice(0, -1) as RecordKind).delete((entry as RemovalEntry).id);
    return;
  }
  const other = entry as Exclude<JournalEntry, RecordEntry | RemovalEntry>;
  switch (other.k) {
    case 'classifications':
      state.classifications = [...other.v];
      break;
    case 'killSwitch':
      state.killSwitch = { ...other.v };
      break;
    case 'counters':
      state.counters = { ...other.v };
      break;
    case 'audit':
      state.audit.set(other.v.eventId, other.v);
      state.auditCounter = Math.max(state.auditCounter, other.n);
      break;
    case 'idem':
      state.idempotency.delete(other.v.key);
      state.idempotency.set(other.v.key, other.v);
      break;
    case 'delivery':
      state.deliveries.delete(other.v.deliveryId);
      state.deliveries.set(other.v.deliveryId, other.v);
      break;
    case 'reset': {
      const kept = state.deliveries;
      Object.assign(state, emptyReplayState());
      // The delivery log belongs to the dev server, not the fake: a reset keeps it.
      state.deliveries = kept;
      break;
    }
    default: {
      const unknown: never = other;
      throw new Error(`unknown journal entry kind ${JSON.stringify((unknown as { k?: unknown }).k)}`);
    }
  }
}

/**
 * The journal entry that writes a change of the fake as it is, or null for the changes the
 * journal handles itself (`reset`, `restored`). Records are the fake's own objects: the entry is
 * serialized when its journal round is written, so it carries the record's latest state.
 * @internal
 */
export function entryForChange(change: StoreChange): JournalEntry | null {
  switch (change.kind) {
    case 'removed':
      return { k: `${change.of}-`, id: change.key } as RemovalEntry;
    case 'classifications':
      return { k: 'classifications', v: change.records };
    case 'kill-switch':
      return { k: 'killSwitch', v: change.record };
    case 'counters':
      return { k: 'counters', v: change.counters };
    case 'audit':
      return { k: 'audit', v: change.event, n: change.counter };
    case 'idempotency':
      return { k: 'idem', v: change.entry };
    case 'reset':
    case 'restored':
      return null;
    default:
      // Every record kind of the store, alike.
      return { k: change.kind, v: change.record } as RecordEntry;
  }
}

/** Every entry that rebuilds `snapshot` from nothing (after a `restore` of the fake). @internal */
export function snapshotEntries(snapshot: FakeSnapshot): JournalEntry[] {
  const out: JournalEntry[] = [{ k: 'reset' }];
  for (const kind of RECORD_KINDS) {
    for (const v of snapshot[STORE_RECORDS[kind].collection] ?? []) out.push({ k: kind, v } as RecordEntry);
  }
  out.push({ k: 'classifications', v: snapshot.classifications });
  out.push({ k: 'killSwitch', v: snapshot.killSwitch });
  out.push({ k: 'counters', v: snapshot.counters });
  for (const v of snapshot.audit.events) out.push({ k: 'audit', v, n: snapshot.audit.counter });
  for (const v of snapshot.idempotency) out.push({ k: 'idem', v });
  return out;
}

function lastN<T>(values: Iterable<T>, n: number): T[] {
  const all = [...values];
  return all.length > n ? all.slice(all.length - n) : all;
}

/**
 * Turns a replayed state into a fake snapshot and the delivery log. Records keep the order in
 * which they were first written, which is the order the fake created them.
 * @param defaultClassifications - used when no classification was ever journaled.
 * @internal
 */
export function snapshotFromState(
  state: ReplayState,
  limits: ReplayLimits,
  defaultClassifications: readonly FakeResourceClassification[],
): { snapshot: FakeSnapshot; deliveries: DeliveryRecord[] } {
  const deliveries = [...state.deliveries.values()];
  const finished = deliveries.filter((d) => d.status === 'delivered' || d.status === 'failed');
  const dropFinished = new Set(finished.slice(0, Math.max(0, finished.length - limits.deliveries)));
  const records = {} as Record<string, unknown[]>;
  for (const kind of RECORD_KINDS) records[STORE_RECORDS[kind].collection] = [...state.records[kind].values()];
  return {
    snapshot: {
      version: 1,
      ...(records as unknown as Pick<FakeSnapshot, RecordCollection>),
      counters: { ...state.counters },
      classifications: state.classifications ?? [...defaultClassifications],
      killSwitch: { ...state.killSwitch },
      audit: { counter: state.auditCounter, events: lastN(state.audit.values(), limits.audit) },
      outbox: [],
      idempotency: lastN(state.idempotency.values(), limits.idempotencyKeys),
    },
    deliveries: deliveries.filter((d) => !dropFinished.has(d)),
  };
}
