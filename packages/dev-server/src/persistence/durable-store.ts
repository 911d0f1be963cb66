/**
 * The durable store behind `--data DIR`: recovery at start (snapshot plus journal replay),
 * write-ahead journaling with group commit while running, and compaction into a fresh snapshot.
 *
 * Lifecycle: {@link recoverDataDir} reads the dir before the fake exists (the fake is created
 * from the recovered snapshot), then {@link RecoveredDataDir.attach} compacts what was read into
 * a new snapshot and starts journaling the fake's changes.
 *
 * @packageDocumentation
 */
import type { FileHandle } from 'node:fs/promises';
import type { FakeAscend, FakeResourceClassification, FakeSnapshot } from '@ascend/testing';
import type { DevLogger } from '../logger.js';
import type { DeliveryRecord } from '../webhooks/delivery.js';
import { archiveSegments, listSegments, lockDataDir, openSegment, readSegment, readSnapshotFile, SNAPSHOT_FORMAT, writeSnapshotFile } from './data-dir.js';
import { GroupCommitWriter } from './group-commit.js';
import { ChangeJournal } from './change-journal.js';
import {
  applyJournalEntry,
  emptyReplayState,
  JOURNAL_FORMAT,
  snapshotFromState,
  stateFromSnapshot,
  type JournalEntry,
  type ReplayLimits,
  type ReplayState,
} from './journal-entry.js';
import { applyLegacyEntry, type LegacyJournalEntry } from './journal-v1.js';

/** Persistence as the server sees it: a durability barrier plus the delivery log, which is not the fake's. */
export interface StateStore {
  /** The data dir, or undefined in memory. */
  readonly dataDir: string | undefined;
  /**
   * Resolves once every change made so far is durable. Rejects when the journal is broken (the
   * server then answers 503 instead of acknowledging).
   */
  sync(): Promise<void>;
  /** Journals a change of the webhook delivery log. */
  recordDelivery(record: Readonly<DeliveryRecord>): void;
  /** Counters for the admin API. */
  stats(): StoreStats;
  /** Flushes what is left and releases the data dir. */
  close(): Promise<void>;
}

/** Journal statistics. */
export interface StoreStats {
  /** `memory` or `journal`. */
  readonly mode: 'memory' | 'journal';
  /** Current journal segment number. */
  readonly segment: number;
  /** Bytes in the current segment. */
  readonly segmentBytes: number;
  /** fsyncs since start (each one commits a group of writes). */
  readonly syncs: number;
  /** Journal entries written since start. */
  readonly entries: number;
  /** Compactions since start (the one at start included). */
  readonly compactions: number;
  /** Entries replayed at start. */
  readonly replayedEntries: number;
  /** True when a write failed; the server refuses further writes. */
  readonly failed: boolean;
}

const RESOLVED: Promise<void> = Promise.resolve();

/** The store without a data dir: nothing to wait for. @internal */
export function memoryStore(): StateStore {
  return {
    dataDir: undefined,
    sync: () => RESOLVED,
    recordDelivery: () => undefined,
    stats: () => ({ mode: 'memory', segment: 0, segmentBytes: 0, syncs: 0, entries: 0, compactions: 0, replayedEntries: 0, failed: false }),
    close: () => RESOLVED,
  };
}

/** What {@link recoverDataDir} found. @internal */
export interface RecoveredDataDir {
  /** The state to create the fake from, or undefined for a new dir. */
  readonly snapshot: FakeSnapshot | undefined;
  /** The webhook delivery log. */
  readonly deliveries: readonly DeliveryRecord[];
  /** Entries replayed from the journal. */
  readonly replayedEntries: number;
  /** True when the last journal line was cut short by a crash (and ignored). */
  readonly tornTail: boolean;
  /**
   * Compacts the recovered state into a new snapshot and starts journaling the fake.
   * @param dumpDeliveries - the delivery log for snapshots.
   */
  attach(fake: FakeAscend, dumpDeliveries: () => DeliveryRecord[]): Promise<StateStore>;
  /** Releases the dir without attaching (start-up failed). */
  abandon(): Promise<void>;
}

/** Options of {@link recoverDataDir}. @internal */
export interface RecoverOptions {
  readonly limits: ReplayLimits;
  readonly defaultClassifications: readonly FakeResourceClassification[];
  readonly compactAfterBytes: number;
  readonly logger: DevLogger;
}

/**
 * Locks `dir`, then rebuilds the state from `snapshot.json` and the journal segments after it.
 * @throws {@link DataDirError} when the dir is locked by a live process or damaged.
 * @internal
 */
export async function recoverDataDir(dir: string, options: RecoverOptions): Promise<RecoveredDataDir> {
  const unlock = await lockDataDir(dir);
  try {
    const file = await readSnapshotFile(dir);
    const state = file ? stateFromSnapshot(file.state, file.deliveries) : emptyReplayState();
    const covered = file?.segment ?? 0;
    // Segments after a snapshot of this format are format 2; any other was written by an
    // earlier release (format 1) and is read the way that release wrote it.
    const apply: (state: ReplayState, entry: JournalEntry | LegacyJournalEntry) => void =
      file?.journal === JOURNAL_FORMAT ? (s, e) => applyJournalEntry(s, e as JournalEntry) : applyLegacyEntry;
    const segments = (await listSegments(dir)).filter((n) => n > covered);
    let replayed = 0;
    let tornTail = false;
    for (let i = 0; i < segments.length; i++) {
      const n = segments[i]!;
      const { entries, tornTail: torn } = await readSegment(dir, n, i === segments.length - 1);
      for (const entry of entries) apply(state, entry);
      replayed += entries.length;
      tornTail ||= torn;
    }
    const lastSegment = segments.length ? segments[segments.length - 1]! : covered;
    const fresh = !file && segments.length === 0;
    const { snapshot, deliveries } = snapshotFromState(state, options.limits, options.defaultClassifications);
    return {
      snapshot: fresh ? undefined : snapshot,
      deliveries,
      replayedEntries: replayed,
      tornTail,
      attach: (fake, dumpDeliveries) => attachJournal(dir, fake, dumpDeliveries, lastSegment, replayed, unlock, options),
      abandon: unlock,
    };
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function attachJournal(
  dir: string,
  fake: FakeAscend,
  dumpDeliveries: () => DeliveryRecord[],
  lastSegment: number,
  replayedEntries: number,
  unlock: () => Promise<void>,
  options: RecoverOptions,
): Promise<StateStore> {
  const { logger } = options;
  let segment = lastSegment;
  let compactions = 0;
  let compacting: Promise<void> | null = null;

  const writeSnapshot = async (covers: number, state: FakeSnapshot, deliveries: DeliveryRecord[]): Promise<void> => {
    await writeSnapshotFile(dir, {
      format: SNAPSHOT_FORMAT,
      version: 1,
      journal: JOURNAL_FORMAT,
      segment: covers,
      savedAt: new Date().toISOString(),
      state,
      deliveries,
    });
    await archiveSegments(dir, covers);
    compactions++;
  };

  // Compaction at start: the recovered state becomes the snapshot, the segments it came from
  // (including a torn tail) go away, and writing continues in a new segment.
  await writeSnapshot(segment, fake.snapshot(), dumpDeliveries());
  segment++;
  let file: FileHandle = await openSegment(dir, segment);

  // The journal nudges the writer only when the fake changes, which cannot happen before `writer`
  // below is initialized (both are set up synchronously).
  const journal = new ChangeJournal(fake, () => writer.nudge());
  const writer: GroupCommitWriter = new GroupCommitWriter(
    file,
    () => journal.drain(),
    () => journal.hasPending(),
    (error) => logger.error('journal write failed; the server now refuses writes', { data_dir: dir, error }),
  );

  const compact = (): void => {
    if (compacting || writer.failed) return;
    compacting = (async () => {
      const taken: { state?: FakeSnapshot; deliveries: DeliveryRecord[]; covers: number } = { deliveries: [], covers: 0 };
      await writer.runExclusive(async () => {
        // Taken with no write in flight: everything in segments <= covers is in this state; what
        // changes from now on goes to the next segment.
        taken.state = fake.snapshot();
        taken.deliveries = dumpDeliveries();
        taken.covers = segment;
        const next = await openSegment(dir, segment + 1);
        segment++;
        const old = writer.replaceFile(next);
        file = next;
        await old.close();
      });
      const { state, deliveries, covers } = taken;
      if (state) await writeSnapshot(covers, state, deliveries);
      logger.info('journal compacted', { data_dir: dir, snapshot_covers_segment: covers, actions: state?.actions.length ?? 0 });
    })()
      .catch((error: unknown) => logger.error('journal compaction failed; the journal keeps growing', { data_dir: dir, error }))
      .finally(() => {
        compacting = null;
      });
  };

  let closed = false;
  return {
    dataDir: dir,
    sync() {
      const done = writer.sync();
      if (writer.bytes > options.compactAfterBytes) compact();
      return done;
    },
    recordDelivery: (record) => journal.recordDelivery(record),
    stats: () => ({
      mode: 'journal',
      segment,
      segmentBytes: writer.bytes,
      syncs: writer.syncs,
      entries: writer.entries,
      compactions,
      replayedEntries,
      failed: writer.failed !== null,
    }),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await compacting;
        await writer.sync().catch(() => undefined);
        journal.detach();
        await file.close().catch(() => undefined);
      } finally {
        await unlock();
      }
    },
  };
}
