/**
 * A durable report spool for Node: one file per undelivered completion or failure report, in a
 * directory the application names, so that a report the service did not accept in one process is
 * delivered by the next process that uses the same directory.
 *
 * @packageDocumentation
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigurationError, ValidationError, type Logger, type LogLevel, type ReportSpoolStore, type SpooledReport } from '@ascend/core';
import { stderrJsonLogger } from './logger.js';

/**
 * Largest spool file, in bytes. {@link FileSpoolStore.add} refuses a report whose file would be
 * larger, and {@link FileSpoolStore.load} moves a larger file aside unread.
 */
export const FILE_SPOOL_MAX_RECORD_BYTES = 1024 * 1024;

/** Default of {@link FileSpoolStoreOptions.maxReports}: the default of core's `reportSpool.maxSize`. */
export const FILE_SPOOL_DEFAULT_MAX_REPORTS = 1000;

/** Default of {@link FileSpoolStoreOptions.maxBytes}: 64 MiB. */
export const FILE_SPOOL_DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Options of {@link FileSpoolStore}. */
export interface FileSpoolStoreOptions {
  /**
   * Directory that holds the spool files. A relative path is resolved against the current
   * working directory once, at construction. Created (recursively, mode 0700) when missing; an
   * existing directory keeps its mode. Give each agent (or each group of processes that may
   * deliver each other's reports) its own directory, and nothing else in it.
   */
  directory: string;
  /**
   * Most reports kept on disk. When it is reached, {@link FileSpoolStore.add} throws and the
   * report stays only in the client's memory (logged at error). Keep it at least as large as the
   * client's `reportSpool.maxSize`, so that the client's own drop-oldest policy acts first; the
   * Node clients refuse a smaller value. Between 1 and 1,000,000.
   * @defaultValue 1000 ({@link FILE_SPOOL_DEFAULT_MAX_REPORTS})
   */
  maxReports?: number;
  /**
   * Most bytes of spool files kept on disk; full like `maxReports`. At least 1024.
   * @defaultValue 67108864, 64 MiB ({@link FILE_SPOOL_DEFAULT_MAX_BYTES})
   */
  maxBytes?: number;
  /**
   * Where the store writes what it finds wrong in the directory (a damaged file moved aside).
   * Records hold file names and reasons only, never report contents.
   * @defaultValue the Node adapter's stderr JSON logger
   */
  logger?: Logger;
}

const OPTION_KEYS = ['directory', 'maxReports', 'maxBytes', 'logger'];
const FORMAT = 'ascend-report-spool';
const VERSION = 1;
const RECORD_KEYS = ['format', 'version', 'sequence', 'report'];
const REPORT_KEYS = ['idempotencyKey', 'kind', 'actionId', 'body', 'timestamp', 'correlationId', 'spooledAt'];
/** `report-<sha256 of the idempotency key>.json`: the name never contains any part of the key. */
const RECORD_NAME = /^report-[0-9a-f]{64}\.json$/;
/** `.report-<hash>.json.<random>.tmp`: a write in progress, or a leftover of a crash. */
const TEMP_NAME = /^\.report-[0-9a-f]{64}\.json\.[0-9a-f]{16}\.tmp$/;
/** A temp file older than this is a crash leftover (a live write takes milliseconds). */
const STALE_TEMP_MS = 60_000;
/** Visible ASCII only: these values are sent as HTTP header values. */
const HEADER_TOKEN = /^[\x21-\x7e]+$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const IGNORED_DIRECTORY_SYNC_ERRORS = new Set(['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EBADF', 'EACCES']);

// Orders reports spooled within the same millisecond by this process.
let sequence = 0;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function hasExactKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((k) => Object.prototype.hasOwnProperty.call(value, k));
}

function isHeaderToken(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && HEADER_TOKEN.test(value);
}

function isJsonObjectText(value: string): boolean {
  try {
    return isPlainObject(JSON.parse(value));
  } catch {
    return false;
  }
}

/**
 * Checks every field of a spooled report; returns a fresh copy holding exactly those fields, or
 * the name of the first field that is wrong.
 */
function checkReport(value: unknown): SpooledReport | string {
  if (!isPlainObject(value)) return 'report';
  if (!hasExactKeys(value, REPORT_KEYS)) return 'report (fields)';
  const { idempotencyKey, kind, actionId, body, timestamp, correlationId, spooledAt } = value;
  if (!isHeaderToken(idempotencyKey, 256)) return 'idempotencyKey';
  if (kind !== 'complete' && kind !== 'fail') return 'kind';
  if (typeof actionId !== 'string' || actionId === '' || actionId.length > 1024 || CONTROL_CHARS.test(actionId)) return 'actionId';
  if (typeof body !== 'string' || !isJsonObjectText(body)) return 'body';
  if (!isHeaderToken(timestamp, 64)) return 'timestamp';
  if (!isHeaderToken(correlationId, 256)) return 'correlationId';
  if (typeof spooledAt !== 'number' || !Number.isSafeInteger(spooledAt) || spooledAt < 0) return 'spooledAt';
  return { idempotencyKey, kind, actionId, body, timestamp, correlationId, spooledAt };
}

/** The file name of a report: a hash of its key, so no key can reach the file system as a path. */
function recordName(idempotencyKey: string): string {
  return `report-${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}.json`;
}

function intOption(value: unknown, field: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(field, `must be an integer between ${min} and ${max}`);
  }
  return value;
}

interface Loaded {
  report: SpooledReport;
  sequence: number;
  name: string;
  size: number;
}

type ReadOutcome = { ok: Loaded } | { damaged: string } | { gone: true };

/**
 * Durable storage for the report spool: one file per report in a directory, so that reports the
 * service did not accept survive the process and are delivered by the next one that uses the same
 * directory, each with its original idempotency key, body bytes, timestamp and correlation id.
 *
 * - **Atomic files.** Each report is written to a temp file in the same directory (created
 *   exclusively, mode 0600), fsynced, renamed into place, then the directory is fsynced (best
 *   effort where the platform refuses it). A crash leaves no report file or a whole one. The
 *   file name is a SHA-256 of the idempotency key, never the key itself.
 * - **Untrusted on load.** {@link FileSpoolStore.load} reads each file with a size limit
 *   ({@link FILE_SPOOL_MAX_RECORD_BYTES}), parses it guarded and checks every field. A damaged
 *   file is renamed aside with a `.corrupt` suffix and logged; it is never loaded. Files it does
 *   not recognise are left alone. Temp files older than a minute (crash leftovers) are deleted.
 * - **Bounded.** At most `maxReports` files and `maxBytes` bytes. When full, `add` throws: the
 *   client logs it at error and keeps the report in memory only. Nothing is evicted from disk
 *   behind the client's back; the client's own drop-oldest policy (`reportSpool.maxSize`, event
 *   `reportDropped` with reason `spool_full`) removes files through `remove`.
 * - **Shared directories.** Several processes may use one directory. A report can then be sent
 *   by more than one of them; the service records it once because the Idempotency-Key is the
 *   same. A report is never lost to sharing: a file is removed only after its delivery (or its
 *   drop) was reported.
 * - **Nothing keeps the process alive**: no timers, no watchers; only the file operations a call
 *   awaits.
 *
 * The files hold exactly what a {@link SpooledReport} holds (the report body, its headers'
 * timestamp and correlation id, the idempotency key): no API key and no signing secret.
 *
 * @example
 * ```ts
 * import { AscendClient, FileSpoolStore } from '@ascend/node'
 * const client = new AscendClient({
 *   agentId: 'refund-bot',
 *   reportSpool: { store: new FileSpoolStore({ directory: '/var/lib/refund-bot/ascend-spool' }) },
 * })
 * ```
 */
export class FileSpoolStore implements ReportSpoolStore {
  readonly #directory: string;
  readonly #maxReports: number;
  readonly #maxBytes: number;
  readonly #logger: Logger;
  /** Spool files on disk (file name → size), as last seen. */
  #index = new Map<string, number>();
  /** Writes in progress (file name → size): counted against the bounds before they land. */
  readonly #pending = new Map<string, number>();
  #ready: Promise<void> | undefined;

  /**
   * @throws {@link ConfigurationError} naming the field: `directory` (not a non-empty string),
   *   `maxReports`, `maxBytes`, `logger`, or an unknown option.
   */
  constructor(options: FileSpoolStoreOptions) {
    if (!isPlainObject(options)) throw new ConfigurationError('options', 'must be an object with a directory');
    for (const key of Object.keys(options)) {
      if (!OPTION_KEYS.includes(key)) throw new ConfigurationError(key, `unknown option; allowed: ${OPTION_KEYS.join(', ')}`);
    }
    const { directory, maxReports, maxBytes, logger } = options;
    if (typeof directory !== 'string' || directory.trim() === '') throw new ConfigurationError('directory', 'must be a non-empty string');
    if (directory.includes('\0')) throw new ConfigurationError('directory', 'must not contain a NUL character');
    if (logger !== undefined && (!isPlainObject(logger) || typeof logger.log !== 'function')) {
      throw new ConfigurationError('logger', 'must implement log(record)');
    }
    this.#maxReports = intOption(maxReports, 'maxReports', FILE_SPOOL_DEFAULT_MAX_REPORTS, 1, 1_000_000);
    this.#maxBytes = intOption(maxBytes, 'maxBytes', FILE_SPOOL_DEFAULT_MAX_BYTES, 1024, Number.MAX_SAFE_INTEGER);
    this.#directory = resolve(directory);
    this.#logger = logger ?? stderrJsonLogger;
  }

  /** The spool directory, resolved to an absolute path. */
  get directory(): string {
    return this.#directory;
  }

  /** Most reports kept on disk. */
  get maxReports(): number {
    return this.#maxReports;
  }

  /** Most bytes of spool files kept on disk. */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /**
   * Reads every report in the directory, oldest first (by `spooledAt`, then by the order this
   * process spooled them, then by idempotency key). Damaged files are moved aside and logged,
   * crash leftovers deleted, foreign files left alone. Returns at most `maxReports` reports; any
   * beyond stay on disk for a later load.
   * @throws the file-system error when the directory cannot be created or listed.
   */
  async load(): Promise<SpooledReport[]> {
    await this.#ensureDirectory();
    const names = await fs.readdir(this.#directory);
    const found: Loaded[] = [];
    for (const name of names) {
      if (TEMP_NAME.test(name)) {
        await this.#sweepTemp(name);
        continue;
      }
      if (!RECORD_NAME.test(name)) continue;
      const outcome = await this.#read(name);
      if ('ok' in outcome) found.push(outcome.ok);
      else if ('damaged' in outcome) await this.#moveAside(name, outcome.damaged);
    }
    found.sort(
      (a, b) =>
        a.report.spooledAt - b.report.spooledAt ||
        a.sequence - b.sequence ||
        (a.report.idempotencyKey < b.report.idempotencyKey ? -1 : a.report.idempotencyKey > b.report.idempotencyKey ? 1 : 0),
    );
    this.#index = new Map(found.map((f) => [f.name, f.size]));
    if (found.length > this.#maxReports) {
      this.#write('warn', 'report spool directory holds more reports than maxReports; the rest wait for a later load', {
        directory: this.#directory,
        reports: found.length,
        maxReports: this.#maxReports,
      });
    }
    return found.slice(0, this.#maxReports).map((f) => f.report);
  }

  /**
   * Writes one report atomically (temp file, fsync, rename, directory fsync). Adding a key that
   * is already spooled replaces its file.
   * @throws {@link ValidationError} when the report is malformed or its file would exceed
   *   {@link FILE_SPOOL_MAX_RECORD_BYTES}; {@link ConfigurationError} naming `maxReports` or
   *   `maxBytes` when the spool is full; the file-system error when the write fails (the disk is
   *   full, the directory is not writable). Nothing is written then.
   */
  async add(report: SpooledReport): Promise<void> {
    const checked = checkReport(report);
    if (typeof checked === 'string') throw new ValidationError(`Cannot spool the report: ${checked} is missing or invalid`, { [checked]: 'invalid' });
    const name = recordName(checked.idempotencyKey);
    const bytes = Buffer.from(JSON.stringify({ format: FORMAT, version: VERSION, sequence: ++sequence, report: checked }), 'utf8');
    if (bytes.byteLength > FILE_SPOOL_MAX_RECORD_BYTES) {
      throw new ValidationError(`Cannot spool the report: its file would be ${bytes.byteLength} bytes, above the limit of ${FILE_SPOOL_MAX_RECORD_BYTES}`, {
        body: 'too large',
      });
    }
    await this.#ensureDirectory();
    // Other processes may share the directory: count what is there now.
    await this.#rescan();
    const full = this.#fullFor(name, bytes.byteLength);
    if (full !== undefined) {
      throw new ConfigurationError(
        full,
        `the report spool in ${this.#directory} is full (${this.#maxReports} reports or ${this.#maxBytes} bytes); this report is not kept on disk`,
      );
    }
    this.#pending.set(name, bytes.byteLength);
    try {
      await this.#writeAtomically(name, bytes);
      this.#index.set(name, bytes.byteLength);
    } finally {
      this.#pending.delete(name);
    }
  }

  /** Deletes the file of one report. Idempotent: a report that is not (or no longer) there is fine. */
  async remove(idempotencyKey: string): Promise<void> {
    if (typeof idempotencyKey !== 'string') throw new ValidationError('idempotencyKey must be a string', { idempotencyKey: 'must be a string' });
    const name = recordName(idempotencyKey);
    try {
      await fs.unlink(join(this.#directory, name));
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    this.#index.delete(name);
  }

  /** The bound `name` would break if written with `size` bytes, or undefined when it fits. */
  #fullFor(name: string, size: number): 'maxReports' | 'maxBytes' | undefined {
    const sizes = new Map([...this.#index, ...this.#pending]);
    const replaced = sizes.get(name);
    sizes.delete(name);
    let bytes = size;
    for (const s of sizes.values()) bytes += s;
    if (replaced === undefined && sizes.size + 1 > this.#maxReports) return 'maxReports';
    if (bytes > this.#maxBytes) return 'maxBytes';
    return undefined;
  }

  #ensureDirectory(): Promise<void> {
    this.#ready ??= (async () => {
      await fs.mkdir(this.#directory, { recursive: true, mode: 0o700 });
      await this.#rescan();
    })().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  /**
   * Refreshes the index from the directory listing: names only, plus the size of files it did not
   * know (contents are checked by load).
   */
  async #rescan(): Promise<void> {
    const known = this.#index;
    const index = new Map<string, number>();
    for (const name of await fs.readdir(this.#directory)) {
      if (!RECORD_NAME.test(name)) continue;
      const size = known.get(name) ?? (await this.#lstat(name))?.size;
      if (size !== undefined) index.set(name, size);
    }
    this.#index = index;
  }

  async #lstat(name: string): Promise<Stats | undefined> {
    try {
      return await fs.lstat(join(this.#directory, name));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  async #read(name: string): Promise<ReadOutcome> {
    const path = join(this.#directory, name);
    let stats: Stats | undefined;
    try {
      stats = await this.#lstat(name);
    } catch (error) {
      this.#write('error', 'cannot read a report spool file; it stays where it is', { file: path, error: errorCode(error) ?? String(error) });
      return { gone: true };
    }
    if (!stats) return { gone: true };
    if (!stats.isFile()) return { damaged: 'not a regular file' };
    if (stats.size > FILE_SPOOL_MAX_RECORD_BYTES) return { damaged: `larger than ${FILE_SPOOL_MAX_RECORD_BYTES} bytes` };
    let data: Buffer;
    try {
      data = await readBounded(path, FILE_SPOOL_MAX_RECORD_BYTES);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') return { gone: true };
      if (code === 'ELOOP' || code === 'E2BIG' || code === 'EISDIR') return { damaged: 'not a regular file of bounded size' };
      this.#write('error', 'cannot read a report spool file; it stays where it is', { file: path, error: code ?? String(error) });
      return { gone: true };
    }
    let text: string;
    let parsed: unknown;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
      parsed = JSON.parse(text);
    } catch {
      return { damaged: 'not UTF-8 JSON (truncated or overwritten)' };
    }
    if (!isPlainObject(parsed) || !hasExactKeys(parsed, RECORD_KEYS) || parsed['format'] !== FORMAT) return { damaged: 'not a report spool record' };
    if (parsed['version'] !== VERSION) return { damaged: 'unknown record version' };
    const seq = parsed['sequence'];
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return { damaged: 'invalid sequence' };
    const report = checkReport(parsed['report']);
    if (typeof report === 'string') return { damaged: `invalid ${report}` };
    if (recordName(report.idempotencyKey) !== name) return { damaged: 'file name does not match its idempotency key' };
    return { ok: { report, sequence: seq, name, size: data.byteLength } };
  }

  async #moveAside(name: string, reason: string): Promise<void> {
    const aside = `${name}.${randomBytes(4).toString('hex')}.corrupt`;
    try {
      await fs.rename(join(this.#directory, name), join(this.#directory, aside));
      this.#write('warn', 'damaged report spool file moved aside', { directory: this.#directory, file: name, movedTo: aside, reason });
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      this.#write('error', 'damaged report spool file could not be moved aside; it is ignored', {
        directory: this.#directory,
        file: name,
        reason,
        error: errorCode(error) ?? String(error),
      });
    }
  }

  /** Deletes a temp file a crash left behind; a recent one may be another process's write in progress. */
  async #sweepTemp(name: string): Promise<void> {
    try {
      const stats = await this.#lstat(name);
      if (!stats || Date.now() - stats.mtimeMs < STALE_TEMP_MS) return;
      await fs.unlink(join(this.#directory, name));
      this.#write('info', 'removed a leftover report spool temp file', { directory: this.#directory, file: name });
    } catch (error) {
      if (errorCode(error) !== 'ENOENT')
        this.#write('warn', 'cannot remove a leftover report spool temp file', { file: name, error: errorCode(error) ?? String(error) });
    }
  }

  async #writeAtomically(name: string, bytes: Buffer): Promise<void> {
    const temp = join(this.#directory, `.${name}.${randomBytes(8).toString('hex')}.tmp`);
    const handle = await fs.open(temp, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
    try {
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.rename(temp, join(this.#directory, name));
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw error;
    }
    await this.#syncDirectory();
  }

  /** Makes the rename durable. Some platforms (Windows) cannot fsync a directory: best effort there. */
  async #syncDirectory(): Promise<void> {
    let handle: FileHandle | undefined;
    try {
      handle = await fs.open(this.#directory, 'r');
      await handle.sync();
    } catch (error) {
      if (!IGNORED_DIRECTORY_SYNC_ERRORS.has(errorCode(error) ?? '')) throw error;
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  #write(level: LogLevel, message: string, fields: Record<string, unknown>): void {
    try {
      this.#logger.log({ timestamp: new Date().toISOString(), level, logger: 'ascend', message, fields });
    } catch {
      // A broken logger must not break the spool.
    }
  }
}

/**
 * Reads at most `limit` bytes of a regular file without following a symlink and without blocking
 * on a FIFO; throws `E2BIG` when the file holds more.
 */
async function readBounded(path: string, limit: number): Promise<Buffer> {
  const flags = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);
  const handle = await fs.open(path, flags);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buffer.byteLength) {
      const { bytesRead } = await handle.read(buffer, length, buffer.byteLength - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > limit) throw Object.assign(new Error('file too large'), { code: 'E2BIG' });
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
