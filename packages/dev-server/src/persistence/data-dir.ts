/**
 * The on-disk layout of a data dir:
 *
 * ```
 * DIR/lock                      pid of the server using the dir
 * DIR/snapshot.json             compacted state, covering journal segments <= `segment`
 * DIR/journal-00000001.jsonl    write-ahead journal segments, one JSON entry per line
 * DIR/history/journal-*.jsonl   segments a snapshot covers, moved aside: the full history
 * ```
 *
 * @packageDocumentation
 */
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FakeSnapshot } from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';
import type { JournalEntry } from './journal-entry.js';
import type { LegacyJournalEntry } from './journal-v1.js';

/** Format marker of `snapshot.json`. */
export const SNAPSHOT_FORMAT = 'ascend-dev-server/snapshot';

/** The content of `snapshot.json`. */
export interface SnapshotFile {
  /** Always {@link SNAPSHOT_FORMAT}. */
  readonly format: typeof SNAPSHOT_FORMAT;
  /** Format version: 1. */
  readonly version: 1;
  /**
   * The format of the journal segments after this snapshot: 2. Absent in snapshots of earlier
   * releases, whose segments are format 1 (see `journal-v1.ts`).
   */
  readonly journal?: 2;
  /** The last journal segment whose entries this snapshot contains; later segments are replayed. */
  readonly segment: number;
  /** ISO time it was written. */
  readonly savedAt: string;
  /** The fake's state. */
  readonly state: FakeSnapshot;
  /** The webhook delivery log. */
  readonly deliveries: readonly DeliveryRecord[];
}

/** A data dir that cannot be used: locked by a live process, or corrupt. The message names the file. */
export class DataDirError extends Error {
  /** Always `'DataDirError'`. */
  override readonly name = 'DataDirError';
}

const SEGMENT = /^journal-(\d{8})\.jsonl$/;
/** Data dirs locked by this process (resolved paths). */
const HELD = new Set<string>();

/** File name of segment `n`. @internal */
export function segmentName(n: number): string {
  return `journal-${String(n).padStart(8, '0')}.jsonl`;
}

/** Segment numbers present in `dir`, ascending. @internal */
export async function listSegments(dir: string): Promise<number[]> {
  const names = await readdir(dir);
  return names
    .map((n) => SEGMENT.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `dir` if needed and takes its lock. A lock left by a dead process (a crash) is taken
 * over. @returns a function releasing the lock.
 * @throws {@link DataDirError} when a live process holds it.
 * @internal
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'lock');
  const key = resolve(dir);
  // The pid in the lock file cannot tell two servers of this same process apart.
  if (HELD.has(key)) throw new DataDirError(`data dir ${dir} is in use by another dev server in this process (${process.pid})`);
  for (let round = 0; round < 2; round++) {
    try {
      const fh = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      HELD.add(key);
      return async () => {
        HELD.delete(key);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataDirError(`data dir ${dir} is in use by process ${pid} (remove ${path} if that is wrong)`);
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirError(`cannot take the lock ${path}`);
}

/** Reads `snapshot.json`, or null when there is none. @throws {@link DataDirError} when unreadable. @internal */
export async function readSnapshotFile(dir: string): Promise<SnapshotFile | null> {
  const path = join(dir, 'snapshot.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DataDirError(`${path} is not valid JSON`);
  }
  const file = parsed as Partial<SnapshotFile>;
  if (file.format !== SNAPSHOT_FORMAT || file.version !== 1 || typeof file.segment !== 'number' || typeof file.state !== 'object') {
    throw new DataDirError(`${path} is not a version 1 ${SNAPSHOT_FORMAT} file`);
  }
  return file as SnapshotFile;
}

/**
 * Reads the entries of one segment. A last line that is cut short (the process died while
 * writing it, before its fsync, so it was never acknowledged) is ignored.
 * @throws {@link DataDirError} for a damaged line anywhere else.
 * @internal
 */
export async function readSegment(dir: string, n: number, isLast: boolean): Promise<{ entries: (JournalEntry | LegacyJournalEntry)[]; tornTail: boolean }> {
  const path = join(dir, segmentName(n));
  const text = await readFile(path, 'utf8');
  const lines = text.split('\n');
  const entries: (JournalEntry | LegacyJournalEntry)[] = [];
  let tornTail = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    try {
      entries.push(JSON.parse(line) as JournalEntry);
    } catch {
      const last = i === lines.length - 1 || (i === lines.length - 2 && lines[lines.length - 1] === '');
      if (isLast && last && !text.endsWith('\n')) {
        tornTail = true;
        break;
      }
      throw new DataDirError(`${path}:${i + 1} is not a valid journal entry`);
    }
  }
  return { entries, tornTail };
}

/** fsyncs a directory, so a rename or a new file in it survives a crash. @internal */
export async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    await fh?.close();
  }
}

/** Writes `snapshot.json` atomically: temp file, fsync, rename, fsync of the dir. @internal */
export async function writeSnapshotFile(dir: string, file: SnapshotFile): Promise<void> {
  const tmp = join(dir, 'snapshot.json.tmp');
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(file));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, 'snapshot.json'));
  await syncDir(dir);
}

/** Opens a segment for appending (created empty when new). @internal */
export async function openSegment(dir: string, n: number): Promise<FileHandle> {
  const fh = await open(join(dir, segmentName(n)), 'a', 0o600);
  await syncDir(dir);
  return fh;
}

/** The folder that keeps the segments a snapshot covers (the full history). */
export const HISTORY_DIR = 'history';

/**
 * Moves segments numbered `<= upTo` into `DIR/history/` (empty ones are deleted): the snapshot
 * covers them, and they keep the history of what left memory under the retention limit. They are
 * never read back. @internal
 */
export async function archiveSegments(dir: string, upTo: number): Promise<void> {
  const history = join(dir, HISTORY_DIR);
  let made = false;
  for (const n of await listSegments(dir)) {
    if (n > upTo) continue;
    const path = join(dir, segmentName(n));
    const empty = await stat(path).then(
      (st) => st.size === 0,
      () => true,
    );
    if (empty) {
      await rm(path, { force: true });
      continue;
    }
    if (!made) {
      await mkdir(history, { recursive: true, mode: 0o700 });
      made = true;
    }
    await rename(path, join(history, segmentName(n)));
  }
  if (made) {
    await syncDir(history);
    await syncDir(dir);
  }
}
