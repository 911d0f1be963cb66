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

/** Escapes a string as Python's `json.dumps(..., ensure_ascii=True)` does. @internal */
export function escapeString(value: string): string {
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

function write(value: unknown, path: string, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return escapeString(value);
    case 'number':
      return formatNumber(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      break;
    default:
      throw new ValidationError(`${path} cannot be serialized as JSON (${typeof value})`, {
        [path]: `a ${typeof value} is not a JSON value`,
      });
  }
  const obj = value as object;
  if (seen.has(obj)) {
    throw new ValidationError(`${path} contains a circular reference`, { [path]: 'circular reference' });
  }
  const toJSON = (obj as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return write((toJSON as () => unknown).call(obj), path, seen);
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      return '[' + obj.map((item, i) => write(item === undefined ? null : item, `${path}[${i}]`, seen)).join(', ') + ']';
    }
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort(compareCodePoints);
    return '{' + keys.map((k) => `${escapeString(k)}: ${write(record[k], `${path}.${k}`, seen)}`).join(', ') + '}';
  } finally {
    seen.delete(obj);
  }
}

/**
 * Serializes `value` canonically (sorted keys, Python separators, ASCII escaping).
 *
 * @param value - Any JSON-compatible value; `undefined` members are dropped, `toJSON` is honoured.
 * @param rootName - Name used for the root in error messages (e.g. `body`).
 * @throws {@link ValidationError} naming the field for NaN/Infinity, functions, symbols or cycles.
 */
export function canonicalJson(value: unknown, rootName = 'body'): string {
  return write(value, rootName, new Set());
}
