/**
 * The report spool: completion and failure reports the service did not accept are kept (in
 * memory by default, or in a pluggable durable store) and replayed with their original
 * idempotency key, body bytes and envelope until delivered.
 */
import { AscendError, isAscendError } from './errors.js';
import type { ReportSpoolStore, SpooledReport } from './options.js';

/** In-memory spool storage (the default). */
export class MemorySpoolStore implements ReportSpoolStore {
  readonly #items = new Map<string, SpooledReport>();
  /** Returns every report, oldest first. */
  load(): SpooledReport[] {
    return [...this.#items.values()];
  }
  /** Stores one report. */
  add(report: SpooledReport): void {
    this.#items.set(report.idempotencyKey, report);
  }
  /** Removes one report. */
  remove(idempotencyKey: string): void {
    this.#items.delete(idempotencyKey);
  }
}

/** Sends one spooled report; resolves when the service accepted it. */
export type ReportSender = (report: SpooledReport) => Promise<void>;

/** Hooks the spool reports through. */
export interface SpoolHooks {
  spooled(report: SpooledReport, size: number, cause: AscendError): void;
  delivered(report: SpooledReport, size: number): void;
  dropped(report: SpooledReport, reason: 'spool_full' | 'rejected', cause?: AscendError): void;
  failed(error: unknown): void;
}

/**
 * A bounded queue of undelivered reports with serialized replay.
 * @internal
 */
export class ReportSpool {
  readonly #queue: SpooledReport[] = [];
  #loaded: Promise<void> | undefined;
  #replaying: Promise<void> | undefined;
  #dropCount = 0;

  readonly #store: ReportSpoolStore;
  readonly #maxSize: number;
  readonly #hooks: SpoolHooks;

  constructor(store: ReportSpoolStore, maxSize: number, hooks: SpoolHooks) {
    this.#store = store;
    this.#maxSize = maxSize;
    this.#hooks = hooks;
  }

  /** Reports waiting for delivery. */
  get size(): number {
    return this.#queue.length;
  }

  /** Reports dropped since creation. */
  get dropped(): number {
    return this.#dropCount;
  }

  /** Loads reports a durable store kept from an earlier process (once). Never rejects. */
  load(): Promise<void> {
    this.#loaded ??= this.#safely(async () => {
      const items = await this.#store.load();
      for (const item of Array.isArray(items) ? items : []) {
        if (!this.#queue.some((q) => q.idempotencyKey === item.idempotencyKey)) this.#queue.push(item);
      }
    }).then(() => undefined);
    return this.#loaded;
  }

  /**
   * Adds a report; drops the oldest when full. Never rejects, even when the store throws.
   * Resolves to false when the store could not keep it: it is then held in memory only.
   */
  async add(report: SpooledReport, cause: AscendError): Promise<boolean> {
    await this.load();
    if (this.#queue.some((q) => q.idempotencyKey === report.idempotencyKey)) return true;
    // Queue first, store after: concurrent adds must see each other before any await.
    const oldest = this.#queue.length >= this.#maxSize ? this.#queue.shift() : undefined;
    this.#queue.push(report);
    const size = this.#queue.length;
    if (oldest) {
      this.#dropCount++;
      await this.#safely(() => this.#store.remove(oldest.idempotencyKey));
      this.#hooks.dropped(oldest, 'spool_full');
    }
    const kept = await this.#safely(() => this.#store.add(report));
    this.#hooks.spooled(report, size, cause);
    return kept;
  }

  /** True while a replay runs. */
  get replayInProgress(): boolean {
    return this.#replaying !== undefined;
  }

  // Store calls may throw synchronously or reject: neither may reach the host.
  async #safely(run: () => unknown): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      this.#hooks.failed(error);
      return false;
    }
  }

  /**
   * Replays reports in order until one fails with a service failure (the service is still
   * down). Reports the service rejects for good (4xx) are dropped and reported. Concurrent calls
   * share one replay.
   */
  replay(send: ReportSender, isServiceFailure: (e: unknown) => boolean): Promise<void> {
    this.#replaying ??= (async () => {
      try {
        await this.load();
        while (this.#queue.length > 0) {
          const report = this.#queue[0]!;
          try {
            await send(report);
          } catch (error) {
            // Still down (or cancelled): keep the report and stop; the next replay resumes here.
            if (isServiceFailure(error) || (isAscendError(error) && (error.code === 'CIRCUIT_OPEN' || error.code === 'ABORTED'))) return;
            // Rejected for good, or a record that cannot even be sent (a foreign error): dropped and
            // reported, so that one bad record never blocks every report behind it.
            this.#queue.shift();
            this.#dropCount++;
            await this.#safely(() => this.#store.remove(report.idempotencyKey));
            this.#hooks.dropped(
              report,
              'rejected',
              isAscendError(error) ? error : new AscendError('PROTOCOL_ERROR', 'the spooled report could not be sent', { cause: error }),
            );
            continue;
          }
          this.#queue.shift();
          await this.#safely(() => this.#store.remove(report.idempotencyKey));
          this.#hooks.delivered(report, this.#queue.length);
        }
      } finally {
        this.#replaying = undefined;
      }
    })();
    return this.#replaying;
  }
}
