/**
 * FileSpoolStore on a real temporary directory: atomic writes and mode bits, the round trip of
 * every field, order, idempotent removal, untrusted directory content (damaged, truncated,
 * oversized, foreign files, crash leftovers), bounds, and constructor validation.
 */
import { createHash, randomUUID } from 'node:crypto';
import { constants as fsConstants, promises as fsp } from 'node:fs';
import * as fs from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAscendError, type LogRecord, type SpooledReport } from '@ascend/core';
import { FILE_SPOOL_MAX_RECORD_BYTES, FileSpoolStore } from './file-spool.js';

const posix = process.platform !== 'win32';
let root: string;
let dir: string;
let logs: LogRecord[];
const logger = { log: (r: LogRecord) => void logs.push(r) };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-spool-test-'));
  dir = join(root, 'nested', 'spool');
  logs = [];
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

function report(n: number, over: Partial<SpooledReport> = {}): SpooledReport {
  return {
    idempotencyKey: randomUUID(),
    kind: n % 2 === 0 ? 'complete' : 'fail',
    actionId: `act-${n}`,
    body: JSON.stringify({ action_id: `act-${n}`, status: 'completed', result: { note: 'ünïcødé ✓', n } }),
    timestamp: '2026-04-17T12:00:00.123000+00:00',
    correlationId: `asc_${n.toString(16).padStart(16, '0')}`,
    spooledAt: 1_700_000_000_000 + n,
    ...over,
  };
}

const nameOf = (key: string) => `report-${createHash('sha256').update(key, 'utf8').digest('hex')}.json`;
const store = (extra: Partial<ConstructorParameters<typeof FileSpoolStore>[0]> = {}) => new FileSpoolStore({ directory: dir, logger, ...extra });
const files = async () => (await readdir(dir)).sort();

describe('FileSpoolStore: writing', () => {
  it('creates the directory (mode 0700) and writes one file per report, mode 0600, no temp file left', async () => {
    const s = store();
    const r = report(1);
    await s.add(r);
    expect(await files()).toEqual([nameOf(r.idempotencyKey)]);
    const file = await stat(join(dir, nameOf(r.idempotencyKey)));
    if (posix) {
      expect(file.mode & 0o777).toBe(0o600);
      expect((await stat(dir)).mode & 0o777).toBe(0o700);
    }
    const onDisk = JSON.parse(await readFile(join(dir, nameOf(r.idempotencyKey)), 'utf8')) as Record<string, unknown>;
    expect(onDisk['report']).toEqual(r);
  });

  it('writes a temp file in the same directory (exclusive, 0600, whole and synced) and renames it into place', async () => {
    const s = store();
    await s.load(); // directory exists
    const r = report(2);
    const final = join(dir, nameOf(r.idempotencyKey));
    const steps: string[] = [];
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (path, flags, mode) => {
      const handle = await open(path, flags, mode);
      if (typeof flags === 'number' && (flags & fsConstants.O_EXCL) !== 0) {
        steps.push(`open-excl:${String(path).startsWith(dir + '/.') || String(path).startsWith(dir + '\\.')}:${mode?.toString(8)}`);
        const sync = handle.sync.bind(handle);
        vi.spyOn(handle, 'sync').mockImplementation(async () => {
          steps.push('sync-file');
          return sync();
        });
      } else if (String(path) === dir) {
        steps.push('open-dir');
      }
      return handle;
    });
    const rename = fsp.rename.bind(fsp);
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      // At rename time the final name does not exist yet and the temp file is whole.
      expect(fs.existsSync(final)).toBe(false);
      expect(JSON.parse(await readFile(from, 'utf8'))).toMatchObject({ report: r });
      steps.push(`rename:${String(to) === final}`);
      return rename(from, to);
    });
    await s.add(r);
    expect(steps).toEqual(['open-excl:true:600', 'sync-file', 'rename:true', 'open-dir']);
  });

  it('a write that fails before the rename leaves no report file and no temp file', async () => {
    const s = store();
    await s.load();
    vi.spyOn(fsp, 'rename').mockRejectedValueOnce(Object.assign(new Error('boom'), { code: 'EIO' }));
    await expect(s.add(report(3))).rejects.toThrow('boom');
    expect(await files()).toEqual([]);
    expect(await s.load()).toEqual([]);
  });

  it('a platform that refuses directory fsync does not fail the write', async () => {
    const s = store();
    await s.load();
    const open = fsp.open.bind(fsp);
    vi.spyOn(fsp, 'open').mockImplementation(async (path, flags, mode) => {
      if (String(path) === dir) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      return open(path, flags, mode);
    });
    const r = report(4);
    await s.add(r);
    expect(await store().load()).toEqual([r]);
  });

  it('names files by a hash of the key, whatever the key holds', async () => {
    const s = store();
    const r = report(5, { idempotencyKey: '../../../etc/passwd' });
    await s.add(r);
    expect(await files()).toEqual([nameOf('../../../etc/passwd')]);
    expect(await readdir(root)).toEqual(['nested']);
    expect(await store().load()).toEqual([r]);
  });

  it('adding a key again replaces its file', async () => {
    const s = store();
    const r = report(6);
    await s.add(r);
    await s.add({ ...r, spooledAt: r.spooledAt + 1 });
    expect(await files()).toHaveLength(1);
    expect(await store().load()).toEqual([{ ...r, spooledAt: r.spooledAt + 1 }]);
  });

  it.each([
    ['idempotencyKey', { idempotencyKey: '' }],
    ['idempotencyKey', { idempotencyKey: 'has space' }],
    ['idempotencyKey', { idempotencyKey: 'line\nbreak' }],
    ['kind', { kind: 'done' }],
    ['actionId', { actionId: '' }],
    ['actionId', { actionId: 7 }],
    ['body', { body: 'not json' }],
    ['body', { body: '[1,2]' }],
    ['timestamp', { timestamp: 'a\r\nb' }],
    ['correlationId', { correlationId: 12 }],
    ['spooledAt', { spooledAt: -1 }],
    ['spooledAt', { spooledAt: 1.5 }],
    ['spooledAt', { spooledAt: '1' }],
    ['report (fields)', { extra: true }],
  ])('refuses a malformed report (%s) and writes nothing', async (field, over) => {
    const s = store();
    const bad = { ...report(7), ...over } as unknown as SpooledReport;
    const error: unknown = await s.add(bad).catch((e: unknown) => e);
    expect(isAscendError(error, 'VALIDATION_ERROR')).toBe(true);
    expect(Object.keys((error as { fieldErrors: object }).fieldErrors)).toEqual([field]);
    expect(fs.existsSync(dir) ? await files() : []).toEqual([]);
  });
});

describe('FileSpoolStore: loading', () => {
  it('round-trips every field through a new store (a later process)', async () => {
    const reports = [report(1), report(2, { kind: 'fail', body: '{"action_id":"act-2","error":{"code":"E"},"status":"failed"}' })];
    const a = store();
    for (const r of reports) await a.add(r);
    const loaded = await store().load();
    expect(loaded).toEqual(reports);
    for (const [i, r] of loaded.entries()) expect(Object.keys(r)).toEqual(Object.keys(reports[i]!));
  });

  it('returns reports oldest first: spooledAt, then the order they were spooled', async () => {
    const a = store();
    const late = report(1, { spooledAt: 3000 });
    const early = report(2, { spooledAt: 1000 });
    const sameMs = [report(3, { spooledAt: 2000 }), report(4, { spooledAt: 2000 }), report(5, { spooledAt: 2000 })];
    for (const r of [late, ...sameMs, early]) await a.add(r);
    expect((await store().load()).map((r) => r.actionId)).toEqual(['act-2', 'act-3', 'act-4', 'act-5', 'act-1']);
  });

  it('loads an empty list from a missing directory, creating it', async () => {
    expect(await store().load()).toEqual([]);
    expect(fs.existsSync(dir)).toBe(true);
  });

  it('rejects when the directory cannot be created (a file is in the way)', async () => {
    await mkdir(join(root, 'nested'), { recursive: true });
    await writeFile(dir, 'a file');
    await expect(store().load()).rejects.toMatchObject({ code: expect.stringMatching(/EEXIST|ENOTDIR/) as unknown });
  });

  async function damagedCase(write: (goodName: string, key: string) => Promise<string>): Promise<{ before: string[]; after: string[] }> {
    const a = store();
    const good = report(1);
    await a.add(good);
    const victim = report(2);
    await a.add(victim);
    const damagedName = await write(nameOf(victim.idempotencyKey), victim.idempotencyKey);
    const before = await files();
    const loaded = await store().load();
    expect(loaded).toEqual([good]);
    const after = await files();
    expect(after).not.toContain(damagedName);
    expect(after.filter((f) => f.startsWith(damagedName) && f.endsWith('.corrupt'))).toHaveLength(1);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('moved aside') && l.fields['file'] === damagedName)).toBe(true);
    return { before, after };
  }

  it('moves a truncated file aside (.corrupt), logs it and loads the rest', async () => {
    await damagedCase(async (name) => {
      const text = await readFile(join(dir, name));
      await writeFile(join(dir, name), text.subarray(0, text.byteLength - 20));
      return name;
    });
  });

  it('moves aside garbage bytes and invalid UTF-8', async () => {
    await damagedCase(async (name) => {
      await writeFile(join(dir, name), Buffer.from([0xff, 0xfe, 0x7b, 0x7d]));
      return name;
    });
  });

  it.each([
    ['missing field', (r: Record<string, unknown>) => delete r['correlationId']],
    ['extra field', (r: Record<string, unknown>) => (r['apiKey'] = 'x')],
    ['wrong kind', (r: Record<string, unknown>) => (r['kind'] = 'delete')],
    ['numeric key', (r: Record<string, unknown>) => (r['idempotencyKey'] = 5)],
    ['string spooledAt', (r: Record<string, unknown>) => (r['spooledAt'] = '5')],
    ['body not JSON', (r: Record<string, unknown>) => (r['body'] = '{"half":')],
    ['header injection', (r: Record<string, unknown>) => (r['timestamp'] = 'x\r\nX-Evil: 1')],
    ['null report', (_r: Record<string, unknown>, rec: Record<string, unknown>) => (rec['report'] = null)],
    ['unknown version', (_r: Record<string, unknown>, rec: Record<string, unknown>) => (rec['version'] = 2)],
    ['foreign format', (_r: Record<string, unknown>, rec: Record<string, unknown>) => (rec['format'] = 'other')],
    ['bad sequence', (_r: Record<string, unknown>, rec: Record<string, unknown>) => (rec['sequence'] = -3)],
  ])('moves aside a record with a %s', async (_label, damage) => {
    await damagedCase(async (name) => {
      const rec = JSON.parse(await readFile(join(dir, name), 'utf8')) as Record<string, unknown>;
      damage(rec['report'] as Record<string, unknown>, rec);
      await writeFile(join(dir, name), JSON.stringify(rec));
      return name;
    });
  });

  it('moves aside a record whose file name does not match its key (it could never be removed)', async () => {
    await damagedCase(async (name) => {
      const other = nameOf('someone-else');
      await fsp.rename(join(dir, name), join(dir, other));
      return other;
    });
  });

  it('moves aside an oversized file without reading it into a report', async () => {
    await damagedCase(async (name) => {
      await writeFile(join(dir, name), Buffer.alloc(FILE_SPOOL_MAX_RECORD_BYTES + 1, 0x20));
      return name;
    });
  });

  it.skipIf(!posix)('moves aside a symlink or a directory that carries a report name, without following it', async () => {
    const secret = join(root, 'secret.txt');
    await writeFile(secret, 'not yours');
    await damagedCase(async (name) => {
      await rm(join(dir, name));
      await symlink(secret, join(dir, name));
      return name;
    });
    expect(await readFile(secret, 'utf8')).toBe('not yours');
    const d = nameOf('a-directory');
    await mkdir(join(dir, d));
    await store().load();
    expect((await files()).some((f) => f.startsWith(d) && f.endsWith('.corrupt'))).toBe(true);
  });

  it('leaves foreign files alone and never loads them', async () => {
    await store().add(report(1));
    await writeFile(join(dir, 'README.txt'), 'hello');
    await writeFile(join(dir, 'report-abc.json'), JSON.stringify({ format: 'ascend-report-spool' }));
    await writeFile(join(dir, 'old.corrupt'), '{');
    const loaded = await store().load();
    expect(loaded.map((r) => r.actionId)).toEqual(['act-1']);
    expect(await files()).toEqual(expect.arrayContaining(['README.txt', 'report-abc.json', 'old.corrupt']));
    expect(await files()).toHaveLength(4);
  });

  it('ignores temp files; deletes those a crash left behind, keeps a recent one (a write in progress elsewhere)', async () => {
    await store().add(report(1));
    const name = nameOf(randomUUID());
    const stale = `.${name}.0123456789abcdef.tmp`;
    const fresh = `.${name}.fedcba9876543210.tmp`;
    // A crash between write and rename: a half-written temp file.
    await writeFile(join(dir, stale), '{"format":"ascend-report-spool","vers');
    await writeFile(join(dir, fresh), '{"format":"ascend-report-spool","vers');
    const old = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, stale), old, old);
    const loaded = await store().load();
    expect(loaded.map((r) => r.actionId)).toEqual(['act-1']);
    const left = await files();
    expect(left).not.toContain(stale);
    expect(left).toContain(fresh);
    expect(left.filter((f) => f.endsWith('.corrupt'))).toEqual([]);
  });

  it('returns at most maxReports reports; the rest stay on disk for a later load', async () => {
    const big = store();
    for (let i = 0; i < 4; i++) await big.add(report(i));
    const small = store({ maxReports: 2 });
    expect((await small.load()).map((r) => r.actionId)).toEqual(['act-0', 'act-1']);
    expect((await files()).length).toBe(4);
    await small.remove((await small.load())[0]!.idempotencyKey);
    expect((await store().load()).map((r) => r.actionId)).toEqual(['act-1', 'act-2', 'act-3']);
  });
});

describe('FileSpoolStore: remove', () => {
  it('removes a report; removing again, an unknown key or in a missing directory is fine', async () => {
    const s = store();
    await s.remove('never-spooled'); // directory does not exist yet
    const r = report(1);
    await s.add(r);
    await s.remove(r.idempotencyKey);
    await s.remove(r.idempotencyKey);
    await s.remove('../../whatever');
    expect(await files()).toEqual([]);
    expect(await store().load()).toEqual([]);
  });
});

describe('FileSpoolStore: bounds', () => {
  it('throws when maxReports files are kept, naming maxReports, and writes nothing; room again after a remove', async () => {
    const s = store({ maxReports: 2 });
    const [r1, r2, r3] = [report(1), report(2), report(3)];
    await s.add(r1);
    await s.add(r2);
    const error: unknown = await s.add(r3).catch((e: unknown) => e);
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe('maxReports');
    expect(await files()).toHaveLength(2);
    await s.add({ ...r2 }); // replacing an existing key still fits
    await s.remove(r1.idempotencyKey);
    await s.add(r3);
    expect((await store().load()).map((r) => r.actionId)).toEqual(['act-2', 'act-3']);
  });

  it('throws when maxBytes would be exceeded, naming maxBytes', async () => {
    const r1 = report(1);
    const probe = store();
    await probe.add(r1);
    const size = (await stat(join(dir, nameOf(r1.idempotencyKey)))).size;
    await probe.remove(r1.idempotencyKey);
    const s = store({ maxBytes: Math.max(1024, size * 2 + 10) });
    const body = JSON.stringify({ pad: 'x'.repeat(Math.max(0, 1024 - size * 2)) });
    await s.add({ ...r1, body: r1.body });
    await s.add(report(2));
    const error: unknown = await s.add(report(3, { body })).catch((e: unknown) => e);
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe('maxBytes');
    expect(await files()).toHaveLength(2);
  });

  it('refuses a report whose file would exceed the per-record limit', async () => {
    const s = store();
    const body = JSON.stringify({ pad: 'x'.repeat(FILE_SPOOL_MAX_RECORD_BYTES) });
    const error: unknown = await s.add(report(1, { body })).catch((e: unknown) => e);
    expect(isAscendError(error, 'VALIDATION_ERROR')).toBe(true);
    expect(fs.existsSync(dir) ? await files() : []).toEqual([]);
  });

  it('counts files another store (another process) wrote, and sees the room it frees', async () => {
    const mine = store({ maxReports: 2 });
    await mine.load();
    const theirs = store({ maxReports: 2 });
    const [t1, t2] = [report(1), report(2)];
    await theirs.add(t1);
    await theirs.add(t2);
    await expect(mine.add(report(3))).rejects.toMatchObject({ field: 'maxReports' });
    await theirs.remove(t1.idempotencyKey);
    await mine.add(report(3));
    expect((await store().load()).map((r) => r.actionId)).toEqual(['act-2', 'act-3']);
  });

  it('counts concurrent adds before they land', async () => {
    const s = store({ maxReports: 3 });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => s.add(report(n))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await files()).toHaveLength(3);
  });
});

describe('FileSpoolStore: options', () => {
  it.each([
    [undefined, 'options'],
    [null, 'options'],
    ['dir', 'options'],
    [{}, 'directory'],
    [{ directory: '' }, 'directory'],
    [{ directory: '   ' }, 'directory'],
    [{ directory: 42 }, 'directory'],
    [{ directory: 'a\0b' }, 'directory'],
    [{ directory: 'd', maxReports: 0 }, 'maxReports'],
    [{ directory: 'd', maxReports: 1.5 }, 'maxReports'],
    [{ directory: 'd', maxReports: '10' }, 'maxReports'],
    [{ directory: 'd', maxReports: 1_000_001 }, 'maxReports'],
    [{ directory: 'd', maxBytes: 10 }, 'maxBytes'],
    [{ directory: 'd', maxBytes: Number.NaN }, 'maxBytes'],
    [{ directory: 'd', maxBytes: Infinity }, 'maxBytes'],
    [{ directory: 'd', logger: {} }, 'logger'],
    [{ directory: 'd', dir: 'x' }, 'dir'],
  ])('%j → ConfigurationError naming %s', (options, field) => {
    let error: unknown;
    try {
      new FileSpoolStore(options as unknown as ConstructorParameters<typeof FileSpoolStore>[0]);
    } catch (e) {
      error = e;
    }
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe(field);
  });

  it('resolves a relative directory once and documents its defaults', () => {
    const s = new FileSpoolStore({ directory: 'relative/spool' });
    expect(s.directory).toBe(resolve('relative/spool'));
    expect([s.maxReports, s.maxBytes]).toEqual([1000, 64 * 1024 * 1024]);
    expect(fs.existsSync(s.directory)).toBe(false); // nothing touched before the first call
  });
});
