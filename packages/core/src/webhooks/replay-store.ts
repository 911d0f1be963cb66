/**
 * Replay protection for webhook deliveries.
 *
 * @packageDocumentation
 */

/**
 * Remembers which webhook deliveries were already accepted, so that a captured delivery cannot
 * be played again while its timestamp is still inside the tolerance period.
 *
 * Implementations must make {@link ReplayStore.checkAndRemember} atomic: of two concurrent calls
 * with the same key, exactly one may resolve `true`. A shared store (Redis, a database) is
 * needed when several processes receive the same webhooks.
 *
 * @example A Redis store (node-redis v4)
 * ```ts
 * const replayStore: ReplayStore = {
 *   async checkAndRemember(key, expiresAtMs) {
 *     return (await redis.set(`ascend:webhook:${key}`, '1', { NX: true, PXAT: expiresAtMs })) === 'OK'
 *   },
 *   async forget(key) { await redis.del(`ascend:webhook:${key}`) },
 * }
 * ```
 */
export interface ReplayStore {
  /**
   * Records `key` until `expiresAtMs` (epoch milliseconds) unless it is already recorded.
   * @returns `true` when the key was new (the delivery may proceed), `false` when it was
   *   already recorded and has not expired (a replay).
   */
  checkAndRemember(key: string, expiresAtMs: number): Promise<boolean> | boolean;
  /**
   * Forgets `key`. Optional; the receivers call it when the event handler failed, so that the
   * sender's retry of the same event is accepted instead of being rejected as a replay.
   */
  forget?(key: string): Promise<void> | void;
}

/** Options of {@link MemoryReplayStore}. */
export interface MemoryReplayStoreOptions {
  /**
   * Most keys kept at once. When full, expired keys are dropped first, then the oldest.
   * @defaultValue 10_000
   */
  maxEntries?: number;
  /** Clock in epoch milliseconds. @defaultValue `Date.now` */
  now?: () => number;
}

/**
 * A bounded in-memory {@link ReplayStore} for a single instance.
 *
 * Keys expire at the time the verifier gives (the delivery's timestamp plus the tolerance, after
 * which the timestamp check rejects the delivery anyway). Memory is bounded by `maxEntries`;
 * only verified deliveries are recorded, so filling it requires valid signatures.
 */
export class MemoryReplayStore implements ReplayStore {
  // Insertion-ordered: the first entries are the oldest, which makes eviction O(1).
  private readonly entries = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryReplayStoreOptions = {}) {
    const max = options.maxEntries ?? 10_000;
    if (!Number.isInteger(max) || max < 1) throw new RangeError('maxEntries must be a positive integer');
    this.maxEntries = max;
    this.now = options.now ?? Date.now;
  }

  /** Number of keys currently held (expired ones may linger until the next write). */
  get size(): number {
    return this.entries.size;
  }

  /** {@inheritDoc ReplayStore.checkAndRemember} */
  checkAndRemember(key: string, expiresAtMs: number): boolean {
    const now = this.now();
    const existing = this.entries.get(key);
    if (existing !== undefined && existing > now) return false;
    if (existing !== undefined) this.entries.delete(key);
    this.makeRoom(now);
    this.entries.set(key, expiresAtMs);
    return true;
  }

  /** {@inheritDoc ReplayStore.forget} */
  forget(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every key. */
  clear(): void {
    this.entries.clear();
  }

  private makeRoom(now: number): void {
    // Cheap path: the oldest entries usually expire first.
    for (const [key, expiresAt] of this.entries) {
      if (expiresAt > now) break;
      this.entries.delete(key);
    }
    if (this.entries.size < this.maxEntries) return;
    // Expiries are not strictly in insertion order: sweep everything once before evicting live keys.
    for (const [key, expiresAt] of this.entries) if (expiresAt <= now) this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
