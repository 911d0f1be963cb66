/**
 * De-duplication of retried requests by `Idempotency-Key`: the first response for a key is
 * stored, and a retry with the same key gets exactly that response without being processed
 * again. The map is bounded (least recently used entries are evicted first).
 *
 * @packageDocumentation
 */
import type { OperationName } from './operations.js';

/** A stored response for one idempotency key. */
export interface IdempotencyEntry {
  /** The `Idempotency-Key` header value. */
  readonly key: string;
  /** The operation of the first request. */
  readonly operation: OperationName;
  /** `METHOD path` plus the raw body of the first request; a retry must match it exactly. */
  readonly fingerprint: string;
  /** The stored status. */
  readonly status: number;
  /** The stored body. */
  readonly body: string;
  /** How often the entry was replayed. */
  replays: number;
}

/** A bounded LRU map from idempotency key to stored response. */
export class IdempotencyStore {
  private readonly entries = new Map<string, IdempotencyEntry>();

  /**
   * @param limit maximum number of keys remembered.
   * @param onWrite told every entry stored or replayed (not those restored by {@link load}).
   */
  constructor(
    private readonly limit: number,
    private readonly onWrite: (entry: IdempotencyEntry) => void = () => undefined,
  ) {}

  /** The entry for `key`, refreshed as most recently used. */
  get(key: string): IdempotencyEntry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores an entry, evicting the least recently used ones beyond the limit. */
  set(entry: IdempotencyEntry): void {
    this.keep(entry);
    this.onWrite(entry);
  }

  /** Counts a replay of a stored entry. */
  replayed(entry: IdempotencyEntry): void {
    entry.replays++;
    this.onWrite(entry);
  }

  private keep(entry: IdempotencyEntry): void {
    this.entries.delete(entry.key);
    this.entries.set(entry.key, entry);
    while (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  /** Number of remembered keys. */
  get size(): number {
    return this.entries.size;
  }

  /** All entries, least recently used first. */
  dump(): IdempotencyEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  /** Replaces the content with `entries`. */
  load(entries: readonly IdempotencyEntry[]): void {
    this.entries.clear();
    for (const e of entries) this.keep({ ...e });
  }
}
