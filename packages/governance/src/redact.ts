/**
 * Redaction of tool arguments before they are sent to ASCEND as `parameters`.
 *
 * The Python decorator sent raw arguments, passwords included, in `action_details` and only
 * redacted a copy kept in the context (reference §13, flaw 19). Here the only copy that leaves
 * the process is the redacted one.
 */
import { ConfigurationError, SecretMasker } from '@ascend/core';

/** Replacement for the value of a secret-named key. */
export const REDACTED = '[REDACTED]';

/**
 * Fragments that mark a key as secret when its lowercased name, with `-`, `_` and spaces removed,
 * contains one of them. So `password`, `db_password`, `apiKey`, `X-Auth-Token` and
 * `private-key` are all redacted. The check is deliberately broad (`auth` also matches
 * `author`): a false positive hides a value from policy evaluation, a false negative leaks it.
 */
export const SECRET_KEY_FRAGMENTS: readonly string[] = Object.freeze([
  'password',
  'passwd',
  'secret',
  'token',
  'api_key',
  'apikey',
  'auth',
  'credential',
  'private_key',
  'access_token',
  'cookie',
]);

/** How tool arguments are redacted and bounded before they are sent. */
export interface RedactionOptions {
  /**
   * Extra key fragments to treat as secret, matched like {@link SECRET_KEY_FRAGMENTS}.
   * @defaultValue none
   */
  secretKeys?: readonly string[];
  /**
   * Your own redaction, applied after the built-in one to the already redacted copy (it never
   * sees a value the built-in rules removed). Return the object to send. It must not throw; if it
   * does, the call is blocked as a governance error rather than sending unredacted data.
   */
  redact?: (parameters: Record<string, unknown>) => Record<string, unknown>;
  /**
   * Strings longer than this are cut to this many characters plus a `…[truncated N chars]`
   * marker. @defaultValue 500
   */
  maxStringLength?: number;
  /** Arrays longer than this keep their first items plus a marker. @defaultValue 50 */
  maxArrayLength?: number;
  /** Nesting deeper than this is replaced by a marker. @defaultValue 8 */
  maxDepth?: number;
  /**
   * Mask known secret formats inside string values (`sk_…`, `ascend_…`, `whsec_…`,
   * `Bearer …`, `v1=<hex>`), whatever their key. Turn off if legitimate values look like keys
   * (e.g. table names such as `pk_orders_index`) and policies need to see them. @defaultValue true
   */
  maskSecretValues?: boolean;
}

const DEFAULT_MAX_STRING = 500;
const DEFAULT_MAX_ARRAY = 50;
const DEFAULT_MAX_DEPTH = 8;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

// Values can carry secrets too (a bearer token pasted into a `headers` string, an `sk_…` key in
// a URL): the core masker knows the common formats.
const valueMasker = new SecretMasker();

/**
 * Returns a JSON-safe, redacted, size-bounded copy of tool arguments.
 *
 * - Values under secret-named keys become {@link REDACTED}, at any depth, inside arrays too.
 * - Known secret formats inside strings (`sk_…`, `Bearer …`, `v1=<hex>`…) are masked.
 * - Long strings and arrays are truncated; deep nesting and cycles are cut with a marker.
 * - Values JSON cannot carry become descriptive strings (`[function]`, `[bigint 12]`…);
 *   dates become ISO strings.
 *
 * A non-object argument value (a tool whose input schema is not an object) is returned as
 * `{ value: … }` so that `parameters` is always an object.
 *
 * @throws `ConfigurationError` for an invalid limit; `TypeError` when `redact` returns a non-object.
 * @example
 * ```ts
 * redactArguments({ sql: 'select 1', password: 'hunter2' }) // { sql: 'select 1', password: '[REDACTED]' }
 * ```
 */
export function redactArguments(args: unknown, options: RedactionOptions = {}): Record<string, unknown> {
  const fragments = [...SECRET_KEY_FRAGMENTS, ...(options.secretKeys ?? [])].map(normalizeKey).filter((f) => f !== '');
  const limits = {
    maxString: positive(options.maxStringLength, 'maxStringLength', DEFAULT_MAX_STRING),
    maxArray: positive(options.maxArrayLength, 'maxArrayLength', DEFAULT_MAX_ARRAY),
    maxDepth: positive(options.maxDepth, 'maxDepth', DEFAULT_MAX_DEPTH),
  };
  const maskValues = options.maskSecretValues ?? true;
  const isSecret = (key: string): boolean => {
    const k = normalizeKey(key);
    return fragments.some((f) => k.includes(f));
  };
  const seen = new WeakSet<object>();

  const visit = (value: unknown, depth: number): unknown => {
    if (value === null || typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'string') return truncate(maskValues ? valueMasker.maskString(value) : value, limits.maxString);
    if (typeof value === 'bigint') return `[bigint ${value.toString()}]`;
    if (typeof value === 'undefined') return undefined;
    if (typeof value === 'function') return '[function]';
    if (typeof value === 'symbol') return '[symbol]';
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? '[invalid date]' : value.toISOString();
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
    if (depth >= limits.maxDepth) return '[depth limit]';
    if (seen.has(value)) return '[circular]';
    seen.add(value);
    try {
      if (Array.isArray(value) || value instanceof Set) {
        const items = Array.isArray(value) ? value : [...value];
        const out = items.slice(0, limits.maxArray).map((item) => {
          const v = visit(item, depth + 1);
          return v === undefined ? null : v;
        });
        if (items.length > limits.maxArray) out.push(`[${items.length - limits.maxArray} more items]`);
        return out;
      }
      const entries = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v] as const) : Object.entries(value);
      const out: Record<string, unknown> = {};
      for (const [key, v] of entries) {
        if (isSecret(key)) {
          out[key] = REDACTED;
          continue;
        }
        const copy = visit(v, depth + 1);
        if (copy !== undefined) out[key] = copy;
      }
      return out;
    } finally {
      seen.delete(value);
    }
  };

  const root = visit(args, 0);
  const parameters = isPlainRecord(root) ? root : root === undefined ? {} : { value: root };
  if (!options.redact) return parameters;
  const custom = options.redact(parameters);
  if (!isPlainRecord(custom)) throw new TypeError('redact() must return an object');
  return custom;
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}…[truncated ${text.length - max} chars]`;
}

function positive(value: number | undefined, field: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new ConfigurationError(field, 'must be a positive integer');
  return value;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
