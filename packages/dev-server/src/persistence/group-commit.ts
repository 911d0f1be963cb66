/**
 * Group commit: callers ask for durability, one writer loop drains everything that changed since
 * the last round into a single append plus a single `fdatasync`, then releases every caller that
 * asked before the round started. Concurrent requests share fsyncs, so throughput does not
 * collapse to one request per disk flush.
 *
 * @packageDocumentation
 */
import type { FileHandle } from 'node:fs/promises';

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** The writer loop behind the journal. @internal */
export class GroupCommitWriter {
  private waiters: Waiter[] = [];
  private running = false;
  private failure: Error | null = null;
  private exclusive: Array<() => Promise<void>> = [];
  private scheduled = false;
  /** Bytes appended to the current file. */
  bytes = 0;
  /** fsyncs performed (for tests and stats). */
  syncs = 0;
  /** Entries written. */
  entries = 0;

  /**
   * @param file - the segment being appended to.
   * @param drain - returns the serialized entries (`\n`-terminated lines) changed since the last
   *   call, or `''`; called only by the writer loop, right before a write.
   * @param hasPending - true when `drain` would return something.
   * @param onFailure - told once when a write or fsync fails; every later `sync` rejects.
   */
  constructor(
    private file: FileHandle,
    private readonly drain: () => { text: string; count: number },
    private readonly hasPending: () => boolean,
    private readonly onFailure: (error: Error) => void,
  ) {}

  /** The error that broke the journal, or null. */
  get failed(): Error | null {
    return this.failure;
  }

  /**
   * Resolves once every change made before this call is on disk (written and fdatasync'd).
   * Rejects when the journal is broken.
   */
  sync(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.running && !this.hasPending()) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.running) void this.loop();
    });
  }

  /** Flushes soon without anybody waiting (background changes: expiries, delivery log). */
  nudge(): void {
    if (this.scheduled || this.failure) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sync().catch(() => undefined);
    });
  }

  /**
   * Runs `task` between two rounds, with no write in progress (segment rotation). Changes made
   * meanwhile wait for the next round.
   */
  runExclusive(task: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.exclusive.push(() => task().then(resolve, reject));
      if (!this.running) void this.loop();
    });
  }

  /** Switches to another file; call only from a {@link runExclusive} task. */
  replaceFile(file: FileHandle): FileHandle {
    const old = this.file;
    this.file = file;
    this.bytes = 0;
    return old;
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (!this.failure && (this.waiters.length > 0 || this.exclusive.length > 0)) {
        if (this.exclusive.length > 0) {
          const tasks = this.exclusive;
          this.exclusive = [];
          for (const task of tasks) await task();
          continue;
        }
        const batch = this.waiters;
        this.waiters = [];
        const { text, count } = this.drain();
        try {
          if (text !== '') {
            const buffer = Buffer.from(text, 'utf8');
            let offset = 0;
            while (offset < buffer.length) {
              const { bytesWritten } = await this.file.write(buffer, offset, buffer.length - offset);
              offset += bytesWritten;
            }
            await this.file.datasync();
            this.bytes += buffer.length;
            this.entries += count;
            this.syncs++;
          }
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error));
          this.onFailure(this.failure);
          for (const w of batch) w.reject(this.failure);
          break;
        }
        for (const w of batch) w.resolve();
      }
    } finally {
      if (this.failure) {
        const rest = this.waiters;
        this.waiters = [];
        for (const w of rest) w.reject(this.failure);
      }
      this.running = false;
    }
  }
}
