/**
 * The group-commit writer on its own, over a recording file handle: callers that ask while a
 * round is on disk share the next round's single write and fdatasync, nobody is released before
 * the fdatasync, and a failed write rejects every waiter and every later sync.
 */
import type { FileHandle } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GroupCommitWriter } from './group-commit.js';

interface Recorded {
  ops: string[];
  fail: Error | null;
  /** When set, each datasync waits until the test calls the release it pushes here. */
  holding: boolean;
  releases: Array<() => void>;
}

/** A FileHandle stand-in whose datasync can be held open, to observe batching. */
function recordingFile(): { file: FileHandle; rec: Recorded } {
  const rec: Recorded = { ops: [], fail: null, holding: false, releases: [] };
  const file = {
    async write(buffer: Buffer, offset: number, length: number) {
      if (rec.fail) throw rec.fail;
      rec.ops.push(
        `write:${buffer
          .subarray(offset, offset + length)
          .toString('utf8')
          .trim()
          .split('\n')
          .join('|')}`,
      );
      return { bytesWritten: length, buffer };
    },
    async datasync() {
      rec.ops.push('datasync');
      if (rec.holding) await new Promise<void>((resolve) => rec.releases.push(resolve));
    },
  } as unknown as FileHandle;
  return { file, rec };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function source() {
  let pending: string[] = [];
  return {
    add: (line: string) => pending.push(line),
    drain: () => {
      const text = pending.length ? `${pending.join('\n')}\n` : '';
      const count = pending.length;
      pending = [];
      return { text, count };
    },
    hasPending: () => pending.length > 0,
  };
}

describe('GroupCommitWriter', () => {
  it('resolves at once when nothing changed and nothing is in flight', async () => {
    const { file, rec } = recordingFile();
    const src = source();
    const writer = new GroupCommitWriter(file, src.drain, src.hasPending, () => undefined);
    await writer.sync();
    expect(rec.ops).toEqual([]);
  });

  it('batches everything that arrives during a round into the next single write and fdatasync', async () => {
    const { file, rec } = recordingFile();
    const src = source();
    const writer = new GroupCommitWriter(file, src.drain, src.hasPending, () => undefined);
    rec.holding = true;
    src.add('a');
    let firstDone = false;
    const first = writer.sync().then(() => (firstDone = true));
    await tick();
    expect(rec.ops).toEqual(['write:a', 'datasync']);
    // While 'a' is being fsync'd, three more changes and callers arrive.
    let laterDone = false;
    const later = Promise.all(
      ['b', 'c', 'd'].map((x) => {
        src.add(x);
        return writer.sync();
      }),
    ).then(() => (laterDone = true));
    await tick();
    expect([firstDone, laterDone]).toEqual([false, false]);
    rec.releases.shift()!();
    await first;
    await tick();
    // One write and one fdatasync for the three; nobody released before that fdatasync ends.
    expect(rec.ops).toEqual(['write:a', 'datasync', 'write:b|c|d', 'datasync']);
    expect(laterDone).toBe(false);
    rec.releases.shift()!();
    await later;
    expect([writer.syncs, writer.entries]).toEqual([2, 4]);
  });

  it('a failed write rejects its waiters and every later sync, and is reported once', async () => {
    const { file, rec } = recordingFile();
    const src = source();
    const failures: Error[] = [];
    const writer = new GroupCommitWriter(file, src.drain, src.hasPending, (e) => failures.push(e));
    rec.fail = new Error('ENOSPC: no space left on device');
    src.add('x');
    await expect(writer.sync()).rejects.toThrow('ENOSPC');
    await expect(writer.sync()).rejects.toThrow('ENOSPC');
    expect(failures).toHaveLength(1);
    expect(writer.failed?.message).toContain('ENOSPC');
  });

  it('runs an exclusive task between rounds (segment rotation) and writes to the new file afterwards', async () => {
    const one = recordingFile();
    const two = recordingFile();
    const src = source();
    const writer = new GroupCommitWriter(one.file, src.drain, src.hasPending, () => undefined);
    src.add('before');
    await writer.sync();
    await writer.runExclusive(async () => {
      writer.replaceFile(two.file);
    });
    src.add('after');
    await writer.sync();
    expect(one.rec.ops).toEqual(['write:before', 'datasync']);
    expect(two.rec.ops).toEqual(['write:after', 'datasync']);
  });
});
