/**
 * Structured logging through a pluggable port, with secret masking applied to every message
 * and every field before anything is written.
 */
import { runContained } from './events.js';

const ignore = (): void => {};

/** Log levels, least to most severe. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured fields attached to a log record. */
export type LogFields = Readonly<Record<string, unknown>>;

/** One structured log record, already masked. */
export interface LogRecord {
  /** ISO-8601 UTC time. */
  timestamp: string;
  /** Severity. */
  level: LogLevel;
  /** Always `ascend`. */
  logger: 'ascend';
  /** Masked message. */
  message: string;
  /** Masked fields. */
  fields: Record<string, unknown>;
}

/**
 * The logger port. Receives records that are already masked; implementations only write them.
 * The default writes one JSON line per record to the console.
 */
export interface Logger {
  /** Writes one record. Must not throw. */
  log(record: LogRecord): void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Writes each record as one JSON line through `console` (`console.error` for error,
 * `console.warn` for warn, `console.log` otherwise): `timestamp`, `level`, `logger`, `message`,
 * then the record's fields (a field named like an envelope key is written as `fields_<name>`).
 */
export const jsonLinesLogger: Logger = {
  log(record) {
    const envelope: Record<string, unknown> = {
      timestamp: record.timestamp,
      level: record.level,
      logger: record.logger,
      message: record.message,
    };
    // Fields sit beside the envelope; one that would overwrite it is renamed `fields_<name>`.
    for (const [key, value] of Object.entries(record.fields)) {
      envelope[key in envelope ? `fields_${key}` : key] = value;
    }
    const line = JSON.stringify(envelope);
    if (record.level === 'error') console.error(line);
    else if (record.level === 'warn') console.warn(line);
    else console.log(line);
  },
};

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} };

/**
 * Replacement text for masked values.
 * @internal
 */
export const MASK = '****';

/**
 * Secret key names, one list for both layers that use names: `-` marks where a name may carry a
 * separator (`api-key`, `api_key` and `apikey` all match).
 */
const SECRET_NAME_LIST =
  'x-api-key api-key authorization signing-secret webhook-secret client-secret access-token refresh-token id-token private-key x-signature signature password passwd secrets secret token set-cookie cookie credentials credential';

/**
 * Key names whose values are always masked, compared case-insensitively after normalizing
 * `-` and `_` (so `X-API-Key`, `x_api_key` and `xApiKey`-style `xapikey` all match).
 */
const SECRET_KEYS = new Set(SECRET_NAME_LIST.replace(/-/g, '').split(' '));

/**
 * True when a field name designates a secret. Exact names only: `task_id` and `risk_score` stay.
 * @internal
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

// Known API-key and secret prefixes. Word boundaries keep `task_id` and `risk_score` intact;
// a prefix must be followed by at least 6 key characters to count as a key.
const PREFIX_PATTERN = /\b(owkai|ascend|sk|whsec|pk|rk)_([A-Za-z0-9_]{6,})/g;
// Bearer tokens: at least 8 token characters, so "the bearer of news" stays readable.
const BEARER_PATTERN = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi;
// Basic credentials: base64 with at least one digit, `+`, `/` or `=`, so "Basic settings" stays.
const BASIC_PATTERN = /\b(Basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}/g;
const SIGNATURE_PATTERN = /\bv1=[0-9a-f]{16,}/gi;
// `name=value`, `name: value`, `"name": "value"` and `'name': 'value'` for secret key names in
// free text (query strings, JSON, Python reprs). The name must start a word, so `task_id` or
// `token_count` never match; an auth scheme before the value (`Authorization: Bearer x`) is kept.
const SECRET_NAMES = SECRET_NAME_LIST.replace(/-/g, '[-_]?').replace(/ /g, '|');
const KEY_VALUE_PATTERN = new RegExp(`(?<![A-Za-z0-9_-])(${SECRET_NAMES})(["']?)(\\s*[:=]\\s*)(["']?)((?:bearer|basic)\\s+)?([^\\s"'&,;)}\\]]+)`, 'gi');

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The forms a literal secret takes in logged text: raw, JSON-escaped (also ASCII-only), URL-encoded. */
function literalForms(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  return [secret, json, asciiJson, encodeURIComponent(secret), form];
}

/**
 * Masks secrets in strings and structured values.
 *
 * Four layers:
 * 1. the literal values of the secrets this client was configured with, wherever they appear,
 *    also in their JSON-escaped and URL-encoded forms (values shorter than 4 characters are
 *    ignored: masking them would garble every line);
 * 2. known key formats: `owkai_…`, `ascend_…`, `sk_…`, `whsec_…`, `pk_…`, `rk_…` (at least 6
 *    key characters after the prefix, which must start a word), `Bearer …`, `Basic …` and
 *    `v1=<hex>` signatures;
 * 3. `name=value` / `name: value` text for secret key names (`api_key`, `authorization`,
 *    `password`, `token`, `secret`, `cookie`, `signature` and the like, compared without `-` and
 *    `_` and case-insensitively);
 * 4. in structured values, everything under a secret key name; key names themselves are never
 *    changed.
 *
 * Names only match whole words, so `task_id`, `risk_score` or `token_count` stay intact.
 */
export class SecretMasker {
  #literals: RegExp | undefined;

  /** @param secrets - Literal secret values to mask wherever they appear (empty ones are ignored). */
  constructor(secrets: ReadonlyArray<string | undefined> = []) {
    this.setSecrets(secrets);
  }

  /** Replaces the set of literal secrets. */
  setSecrets(secrets: ReadonlyArray<string | undefined>): void {
    const values = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
    const forms = [...new Set(values.flatMap(literalForms))];
    // Longest first so a secret containing another is masked whole.
    forms.sort((a, b) => b.length - a.length);
    this.#literals = forms.length ? new RegExp(forms.map(escapeRegExp).join('|'), 'g') : undefined;
  }

  /** Masks secrets inside one string. */
  maskString(text: string): string {
    let out = text;
    if (this.#literals) out = out.replace(this.#literals, MASK);
    return out
      .replace(PREFIX_PATTERN, (_m, prefix: string) => `${prefix}_${MASK}`)
      .replace(BEARER_PATTERN, (_m, scheme: string) => `${scheme} ${MASK}`)
      .replace(BASIC_PATTERN, (_m, scheme: string) => `${scheme} ${MASK}`)
      .replace(SIGNATURE_PATTERN, `v1=${MASK}`)
      .replace(KEY_VALUE_PATTERN, (match, name: string, q1: string, sep: string, q2: string, scheme: string | undefined, value: string) =>
        value === MASK ? match : `${name}${q1}${sep}${q2}${scheme ?? ''}${MASK}`,
      );
  }

  /** Masks a value recursively: strings, arrays, plain objects and errors. */
  mask(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.maskString(value);
    if (value === null || typeof value !== 'object') return value;
    if (depth > 8) return '[depth limit]';
    if (Array.isArray(value)) return value.map((v) => this.mask(v, depth + 1));
    if (value instanceof Error) {
      const out: Record<string, unknown> = { name: value.name, message: this.maskString(value.message) };
      const code = (value as { code?: unknown }).code;
      if (typeof code === 'string') out['code'] = code;
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretKey(k) && v !== undefined && v !== null ? MASK : this.mask(v, depth + 1);
    }
    return out;
  }
}

/**
 * The SDK's internal logging facade: level filtering, masking, never throws.
 * @internal
 */
export class LogSink {
  readonly #threshold: number;
  readonly #logger: Logger;
  readonly #now: () => number;

  constructor(
    logger: Logger,
    level: LogLevel,
    readonly masker: SecretMasker,
    now: () => number,
  ) {
    this.#logger = logger;
    this.#now = now;
    this.#threshold = LEVELS[level];
  }

  /** True when records at `level` are written. */
  enabled(level: LogLevel): boolean {
    return LEVELS[level] >= this.#threshold;
  }

  /** Masks and writes one record if `level` is enabled. */
  write(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (!this.enabled(level)) return;
    // A broken logger, sync or async, must never break governance nor reach the host.
    runContained(
      () =>
        this.#logger.log({
          timestamp: new Date(this.#now()).toISOString(),
          level,
          logger: 'ascend',
          message: this.masker.maskString(message),
          fields: this.masker.mask(fields) as Record<string, unknown>,
        }),
      ignore,
    );
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
}

/** True when `value` is a valid {@link LogLevel}. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && value in LEVELS;
}

/**
 * The spellings the full client's `logLevel` option accepts ({@link AscendClient}, and the
 * adapters' clients built on it): the four levels in any case, and `warning` (any case) for
 * `warn`, so `'DEBUG'` and `'WARNING'` work as in other ASCEND clients. The lean
 * `AscendAgentClient` takes the four lowercase levels only (its bundle stays small).
 */
export type LogLevelName = LogLevel | Uppercase<LogLevel> | Capitalize<LogLevel> | 'warning' | 'WARNING' | 'Warning';

/**
 * Reads a level name case-insensitively (`WARNING` and `warning` read as `warn`).
 * @returns the {@link LogLevel}, or undefined when `value` names none.
 */
export function toLogLevel(value: unknown): LogLevel | undefined {
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase().replace(/^warning$/, 'warn');
  // Own keys only: `constructor` or `toString` are not levels.
  return Object.prototype.hasOwnProperty.call(LEVELS, name) ? (name as LogLevel) : undefined;
}

/**
 * One record as a plain-text line: `<timestamp> [LEVEL] ascend: <message>` followed by the
 * fields as `key=<JSON value>`. The record is already masked.
 */
export function formatTextLine(record: LogRecord): string {
  let line = `${record.timestamp} [${record.level.toUpperCase()}] ${record.logger}: ${record.message}`;
  for (const [key, value] of Object.entries(record.fields)) {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch {
      text = undefined;
    }
    line += ` ${key}=${text ?? String(value)}`;
  }
  return line;
}

/**
 * The plain-text counterpart of {@link jsonLinesLogger}: one {@link formatTextLine} line per
 * record through `console` (`console.error` for error, `console.warn` for warn, `console.log`
 * otherwise). Pass it as the `logger` option for human-readable logs.
 */
export const textLinesLogger: Logger = {
  log(record) {
    const line = formatTextLine(record);
    if (record.level === 'error') console.error(line);
    else if (record.level === 'warn') console.warn(line);
    else console.log(line);
  },
};
