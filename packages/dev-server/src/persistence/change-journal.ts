/**
 * Collects the fake's changes between two journal rounds, as the fake announces them. Each
 * change becomes its journal entry as it is; a record changed many times between two fsyncs is
 * written once, in its latest state, because entries hold the fake's own record and are
 * serialized only when the round is written.
 *
 * @packageDocumentation
 */
import type { FakeAscend, StoreChange } from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';
import { entryForChange, isRecordKind, recordKey, snapshotEntries, type JournalEntry, type RecordEntry, type RemovalEntry } from './journal-entry.js';

/**
 * The key under which an entry replaces an earlier entry of the same record in a round, or null
 * for one that never does (an audit event).
 */
function slot(entry: JournalEntry): string | null {
  const k = entry.k;
  if (isRecordKind(k)) return `${k}:${recordKey(k, (entry as RecordEntry).v)}`;
  if (k.endsWith('-')) return `${k}:${(entry as RemovalEntry).id}`;
  switch (entry.k) {
    case 'audit':
      return null;
    case 'idem':
      return `idem:${entry.v.key}`;
    case 'delivery':
      return `delivery:${entry.v.deliveryId}`;
    default:
      return k;
  }
}

/** The journal's pending entries over one fake. @internal */
export class ChangeJournal {
  /** Entries of the next round, in the order they must be replayed. */
  private pending = new Map<string | symbol, JournalEntry>();
  private readonly off: () => void;

  /**
   * @param fake - the fake whose changes are journaled.
   * @param onDirty - called when the first entry of a round arrives (schedules a background flush).
   */
  constructor(
    private readonly fake: FakeAscend,
    private readonly onDirty: () => void,
  ) {
    this.off = fake.on('change', (change) => this.note(change));
  }

  /** Stops listening. */
  detach(): void {
    this.off();
  }

  /** True when a round would write something. */
  hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Journals a change of the delivery log (the dev server's own record, not the fake's). */
  recordDelivery(record: Readonly<DeliveryRecord>): void {
    this.add({ k: 'delivery', v: structuredClone(record) });
  }

  /** Serializes the entries of this round as journal lines, and starts the next round. */
  drain(): { text: string; count: number } {
    if (this.pending.size === 0) return { text: '', count: 0 };
    let text = '';
    for (const entry of this.pending.values()) text += `${JSON.stringify(entry)}\n`;
    const count = this.pending.size;
    this.pending = new Map();
    return { text, count };
  }

  private note(change: StoreChange): void {
    if (change.kind === 'reset' || change.kind === 'restored') {
      // What the fake changed before is void; the delivery log is the dev server's and stays.
      for (const [key, entry] of this.pending) if (entry.k !== 'delivery') this.pending.delete(key);
      if (change.kind === 'reset') {
        // The counters start again where the fake's options put them (`firstActionId`).
        this.add({ k: 'reset' });
        this.add({ k: 'counters', v: this.fake.snapshot().counters });
      } else for (const entry of snapshotEntries(this.fake.snapshot())) this.add(entry);
      return;
    }
    const entry = entryForChange(change);
    if (entry) this.add(entry);
  }

  private add(entry: JournalEntry): void {
    if (this.pending.size === 0) this.onDirty();
    const key = slot(entry);
    if (key === null) {
      this.pending.set(Symbol(), entry);
      return;
    }
    // A record keeps the place of its first write in the round, so records are replayed in the
    // order they were created; written again after its removal, it goes after the removal. Any
    // other entry goes last.
    if (isRecordKind(entry.k) && this.pending.has(key) && !this.pending.has(`${entry.k}-${key.slice(entry.k.length)}`)) {
      this.pending.set(key, entry);
      return;
    }
    this.pending.delete(key);
    this.pending.set(key, entry);
  }
}
