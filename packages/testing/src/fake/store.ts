/**
 * The fake's in-memory state: {@link FakeStore} holds the records by kind (see
 * `store-records.ts`), the resource classifications, the kill switch and the id counters, and
 * announces each change it makes as a `StoreChange` (`store-changes.ts`). Its indexes of open
 * items and retention are kept by `store-indexes.ts`.
 * @internal
 */
import type { FakeSnapshot } from './fake-api.js';
import { copyJson } from './json.js';
import { STORE_RECORDS, type RecordCollection, type RecordKey, type RecordKind, type StoreChange } from './store-changes.js';
import type { FakeApproval, FakeCommand, FakeCounters, FakeKillSwitch, FakeResourceClassification, StoreRecords } from './store-records.js';

type RecordMaps = { [K in RecordKind]: Map<RecordKey<K>, StoreRecords[K]> };

const RECORD_KINDS = Object.keys(STORE_RECORDS) as RecordKind[];

/**
 * The mutable state of one fake. Records change only through its mutators ({@link put},
 * {@link remove}, {@link nextId}, ...), and each mutator announces what it changed as a
 * {@link StoreChange}. Handlers change a record's fields, then `put` it. @internal
 */
export class FakeStore {
  private readonly maps = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, new Map()])) as unknown as RecordMaps;
  private classificationList: FakeResourceClassification[];
  private killSwitchState: FakeKillSwitch = { active: false, reason: null, activatedAt: null, activatedBy: null };
  private readonly counterValues: FakeCounters;
  /**
   * Approval requests that may still come due (pending when added; decided ones are dropped by
   * the next sweep), so a sweep never walks the whole history.
   */
  readonly openApprovals = new Set<FakeApproval>();
  /** Commands with an expiry that may still come due (pending or delivered when added). */
  readonly openCommands = new Set<FakeCommand>();
  /**
   * No open approval or command comes due before this time (fake clock, ms), so a sweep before
   * it would find nothing. -Infinity: not known yet; the next sweep walks the open sets.
   */
  nextDueMs = Number.NEGATIVE_INFINITY;
  /**
   * Retention order of the actions held in memory: ids in the order they were settled (submitted,
   * or decided by a human or by expiry), oldest first. A pending action that reaches the front is
   * held back (taken out of the order, never evicted) and re-enters at the end once decided.
   */
  readonly retention = new Set<number>();
  /** Actions evicted from memory by the retention limit since this store was created. */
  evicted = 0;

  /**
   * @param classifications - the initial resource classifications (copied).
   * @param firstActionId - the id of the first action.
   * @param announce - told every change, synchronously, after it was made.
   */
  constructor(
    classifications: readonly FakeResourceClassification[],
    firstActionId: number,
    private announce: (change: StoreChange) => void = () => undefined,
  ) {
    this.classificationList = classifications.map((c) => structuredClone(c));
    this.counterValues = { action: firstActionId - 1, agent: 0, approval: 0, webhook: 0, component: 0, alert: 0, delivery: 0 };
  }

  get agents(): ReadonlyMap<string, StoreRecords['agent']> {
    return this.maps.agent;
  }
  get heartbeats(): ReadonlyMap<string, StoreRecords['heartbeat']> {
    return this.maps.heartbeat;
  }
  get actions(): ReadonlyMap<number, StoreRecords['action']> {
    return this.maps.action;
  }
  get approvals(): ReadonlyMap<string, StoreRecords['approval']> {
    return this.maps.approval;
  }
  get commands(): ReadonlyMap<string, StoreRecords['command']> {
    return this.maps.command;
  }
  get webhooks(): ReadonlyMap<string, StoreRecords['webhook']> {
    return this.maps.webhook;
  }
  get mcpServers(): ReadonlyMap<string, StoreRecords['mcpServer']> {
    return this.maps.mcpServer;
  }
  get components(): ReadonlyMap<string, StoreRecords['component']> {
    return this.maps.component;
  }
  get classifications(): readonly FakeResourceClassification[] {
    return this.classificationList;
  }
  get killSwitch(): Readonly<FakeKillSwitch> {
    return this.killSwitchState;
  }
  get counters(): Readonly<FakeCounters> {
    return this.counterValues;
  }

  /** The records of one kind, in the order they were first stored. */
  records<K extends RecordKind>(kind: K): ReadonlyMap<RecordKey<K>, StoreRecords[K]> {
    return this.maps[kind];
  }

  /** Issues the next id of `counter`. */
  nextId(counter: keyof FakeCounters): number {
    const id = ++this.counterValues[counter];
    this.announce({ kind: 'counters', counters: this.counterValues });
    return id;
  }

  /** Stores a new record, or announces that a stored one was changed in place. */
  put<K extends RecordKind>(kind: K, record: StoreRecords[K]): void {
    (this.maps[kind] as Map<RecordKey<K>, StoreRecords[K]>).set(STORE_RECORDS[kind].key(record), record);
    this.announce({ kind, record } as StoreChange);
  }

  /** Removes a record; false when there was none. */
  remove<K extends RecordKind>(kind: K, key: RecordKey<K>): boolean {
    if (!(this.maps[kind] as Map<RecordKey<K>, StoreRecords[K]>).delete(key)) return false;
    this.announce({ kind: 'removed', of: kind, key } as StoreChange);
    return true;
  }

  /** Replaces the kill switch. */
  setKillSwitch(state: FakeKillSwitch): Readonly<FakeKillSwitch> {
    this.killSwitchState = state;
    this.announce({ kind: 'kill-switch', record: state });
    return state;
  }

  /** Adds or replaces (by `resourceId`) a resource classification. */
  setClassification(classification: FakeResourceClassification): void {
    const i = this.classificationList.findIndex((c) => c.resourceId === classification.resourceId);
    if (i >= 0) this.classificationList[i] = classification;
    else this.classificationList.push(classification);
    this.announce({ kind: 'classifications', records: this.classificationList });
  }

  /** Starts announcing changes to `announce` (a store filled silently by {@link load}). */
  announcing(announce: (change: StoreChange) => void): this {
    this.announce = announce;
    return this;
  }

  /**
   * Fills a new store with copies of a snapshot's records, without announcing each one:
   * `restore` announces the whole replacement as one `restored` change.
   */
  load(snapshot: Pick<FakeSnapshot, RecordCollection | 'counters' | 'killSwitch'>): void {
    for (const kind of RECORD_KINDS) {
      const map = this.maps[kind] as Map<unknown, unknown>;
      const key = STORE_RECORDS[kind].key as (record: unknown) => unknown;
      // Snapshots taken before a kind existed lack its collection.
      for (const record of snapshot[STORE_RECORDS[kind].collection] ?? []) map.set(key(record), copyJson(record));
    }
    Object.assign(this.counterValues, snapshot.counters);
    this.killSwitchState = { ...snapshot.killSwitch };
  }

  /** Copies of every keyed record, by snapshot field, each in the order first stored. */
  dumpRecords(): Pick<FakeSnapshot, RecordCollection> {
    const out: Record<string, unknown[]> = {};
    for (const kind of RECORD_KINDS) out[STORE_RECORDS[kind].collection] = [...this.maps[kind].values()].map((r) => copyJson(r));
    return out as unknown as Pick<FakeSnapshot, RecordCollection>;
  }
}
