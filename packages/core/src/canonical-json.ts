/**
 * Canonical JSON: the exact bytes the SDK sends and signs.
 *
 * Keys are sorted at every nesting level (by Unicode code point, as Python sorts `str`),
 * separators are Python's defaults (`", "` and `": "`) and every non-ASCII character is
 * escaped as `\uXXXX` (surrogate pairs for astral characters), as Python's
 * `json.dumps(obj, sort_keys=True, ensure_ascii=True)` produces. Sending these bytes and signing
 * exactly them satisfies both a server that verifies the raw body and one that re-canonicalizes
 * it the way the Python client does (reference §2.3).
 *
 * Non-integral numbers use Python's `repr` rules (`1e-05`, not `0.00001`). Integral numbers are
 * written as plain integers with their shortest round-trip digits (`1e21` becomes
 * `1000000000000000000000`, `-0` becomes `0`); a Python client would write the floats `1.0`,
 * `-0.0` and `1e+21` where we write `1`, `0` and the digits, which only a server that
 * re-serializes the body could notice.
 */
import { ValidationError } from './errors.js';

/** A value that can be serialized canonically. `undefined` object members are omitted. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

// Printable ASCII other than `"` and `\`.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// A UTF-16 surrogate: the only case where code unit order differs from code point order.
const SURROGATE = /[\ud800-\udfff]/;

/** Escapes a string as Python's `json.dumps(..., ensure_ascii=True)` does. @internal */
export function escapeString(value: string): string {
  // Fast path: printable ASCII with nothing to escape (almost every key and most values).
  if (PLAIN.test(value)) return '"' + value + '"';
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    // Python escapes everything outside space..tilde, DEL (0x7f) included.
    else if (c < 0x20 || c > 0x7e) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += value[i];
  }
  return out + '"';
}

function formatNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw new ValidationError(`${path} is not a finite number`, { [path]: 'NaN and Infinity cannot be sent as JSON' });
  }
  if (Number.isInteger(value)) {
    // Integral doubles print as integers, like Python ints; avoid "-0".
    return Object.is(value, -0) ? '0' : integerDigits(value);
  }
  const abs = Math.abs(value);
  if (abs < 1e-4) {
    // Python switches to exponent form below 1e-4 and pads the exponent to two digits.
    const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
    const sign = exponent.startsWith('-') ? '-' : '+';
    const digits = exponent.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/**
 * An integral double in plain integer notation with its shortest round-trip digits, the digits
 * `JSON.stringify` writes (`3820998678777924000`, not the binary value `3820998678777924096`),
 * expanded out of exponent form at 1e21 and beyond. A Python server reads these digits as the
 * int the caller wrote and re-serializes them unchanged.
 */
function integerDigits(value: number): string {
  const text = String(value);
  const exp = /^(-?)(\d+)(?:\.(\d+))?e\+(\d+)$/.exec(text);
  if (!exp) return text;
  const [, sign = '', int = '', frac = '', power = '0'] = exp;
  return sign + int + frac + '0'.repeat(Number(power) - frac.length);
}

/** Orders strings by Unicode code point, as Python sorts `str`. @internal */
export function compareCodePoints(a: string, b: string): number {
  // JS compares UTF-16 code units; Python compares code points. They differ only when an
  // astral character (surrogate pair) meets a BMP character above U+D7FF.
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const na = ia.next();
    const nb = ib.next();
    if (na.done) return nb.done ? 0 : -1;
    if (nb.done) return 1;
    const ca = na.value.codePointAt(0)!;
    const cb = nb.value.codePointAt(0)!;
    if (ca !== cb) return ca - cb;
  }
}

// Field paths are built only to name the field in an error: the first pass runs without them
// (`path` undefined) and throws NEEDS_PATH at the first problem; the caller then serializes
// again with paths to throw the error that names the field.
const NEEDS_PATH = Symbol('needs a field path');

/** The keys of `record` whose values are not undefined, in code point order. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys: string[] = [];
  let surrogates = false;
  for (const k of Object.keys(record)) {
    if (record[k] === undefined) continue;
    keys.push(k);
    if (!surrogates && SURROGATE.test(k)) surrogates = true;
  }
  // UTF-16 code unit order is code point order unless a key holds a surrogate.
  return surrogates ? keys.sort(compareCodePoints) : keys.sort();
}

function write(value: unknown, path: string | undefined, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return escapeString(value);
    case 'number':
      if (path === undefined && !Number.isFinite(value)) throw NEEDS_PATH;
      return formatNumber(value, path ?? '');
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      break;
    default:
      if (path === undefined) throw NEEDS_PATH;
      throw new ValidationError(`${path} cannot be serialized as JSON (${typeof value})`, {
        [path]: `a ${typeof value} is not a JSON value`,
      });
  }
  if (seen.has(value)) {
    if (path === undefined) throw NEEDS_PATH;
    throw new ValidationError(`${path} contains a circular reference`, { [path]: 'circular reference' });
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write((toJSON as () => unknown).call(value), path, seen);
  seen.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      out += (i === 0 ? '' : ', ') + write(item === undefined ? null : item, path === undefined ? path : `${path}[${i}]`, seen);
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      out += (i === 0 ? '' : ', ') + escapeString(k) + ': ' + write(record[k], path === undefined ? path : `${path}.${k}`, seen);
    }
    out += '}';
  }
  seen.delete(value);
  return out;
}

/**
 * Serializes `value` canonically (sorted keys, Python separators, ASCII escaping).
 *
 * @param value - Any JSON-compatible value; `undefined` members are dropped, `toJSON` is honoured.
 * @param rootName - Name used for the root in error messages (e.g. `body`).
 * @throws {@link ValidationError} naming the field for NaN/Infinity, functions, symbols or cycles.
 */
export function canonicalJson(value: unknown, rootName = 'body'): string {
  try {
    return write(value, undefined, new Set());
  } catch (error) {
    if (error !== NEEDS_PATH) throw error;
    // Serialize again, building field paths, to throw the error that names the field.
    return write(value, rootName, new Set());
  }
}
