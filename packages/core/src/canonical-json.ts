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
import { fieldError } from './field-error.js';

/** A value that can be serialized canonically. `undefined` object members are omitted. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

// Printable ASCII other than `"` and `\`.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// A UTF-16 surrogate: the only case where code unit order differs from code point order.
const SURROGATE = /[\ud800-\udfff]/;

// Every character Python escapes: outside space..tilde (DEL included), `"` and `\`.
const SPECIAL = /[^\x20\x21\x23-\x5b\x5d-\x7e]/g;
// The characters with a short escape, and the letter after the backslash for each.
const SHORT = '"\\\n\r\t\b\f';
const SHORT_LETTERS = '"\\nrtbf';

function escapeChar(c: string): string {
  const i = SHORT.indexOf(c);
  return i < 0 ? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0') : '\\' + SHORT_LETTERS[i]!;
}

/** Escapes a string as Python's `json.dumps(..., ensure_ascii=True)` does. @internal */
export function escapeString(value: string): string {
  // Fast path: printable ASCII with nothing to escape (almost every key and most values).
  if (PLAIN.test(value)) return '"' + value + '"';
  // One flat result per string (a character-by-character rope costs tens of bytes per
  // character); the pattern has no `u` flag, so each half of a surrogate pair is escaped alone.
  return '"' + value.replace(SPECIAL, escapeChar) + '"';
}

/** A finite number in Python's notation (the caller has rejected NaN and the infinities). */
function formatNumber(value: number): string {
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

/**
 * The deepest nesting of arrays and objects {@link canonicalJson} writes, counted from the value
 * it is given: the request body is level 1, so an action's `parameters` object (the body's
 * `action_details`) is level 2. Deeper values are a {@link ValidationError}, never a stack overflow.
 * @internal
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The longest text, in characters (bytes: the output is ASCII), that {@link canonicalJson}
 * builds: 16 MiB, sixteen times the dev server's default request limit. A longer value is a
 * {@link ValidationError} naming the string or the array or object being written when the limit
 * was passed, found before the engine runs out of memory (an array of length 2^32 - 1 with
 * nothing in it would otherwise be written as four billion `null`s).
 * @internal
 */
export const MAX_JSON_LENGTH = 16 * 1024 * 1024;

const TOO_LONG = `longer than ${MAX_JSON_LENGTH} characters`;

// Field paths are built only to name the field in an error: the first pass runs without them
// (`path` undefined) and throws NEEDS_PATH at the first problem; the caller then serializes
// again with paths to throw the error that names the field.
// An Error made once, so the fast pass throws an Error without building a stack per problem.
const NEEDS_PATH = new Error('needs a field path');

/** The first pass asks for the second; the second throws the error naming `path`. */
function fault(path: string | undefined, reason: string, cause?: unknown): never {
  if (path === undefined) throw NEEDS_PATH;
  throw fieldError(path, reason, cause);
}

const UNREADABLE = 'unreadable (a getter or Proxy threw, or a revoked Proxy)';

function write(value: unknown, key: string | number, path: string | undefined, stack: object[]): string {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_JSON_LENGTH ? escapeString(value) : fault(path, TOO_LONG);
    case 'number':
      return Number.isFinite(value) ? formatNumber(value) : fault(path, 'NaN or Infinity is not JSON');
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return value === null ? 'null' : writeObject(value, key, path, stack);
    case 'bigint':
      // Refused even when the application gave BigInt.prototype a toJSON: say what to send.
      return fault(path, 'a bigint is not JSON; send a string');
    default:
      return fault(path, `${typeof value} is not JSON`);
  }
}

/** An object: its toJSON result if it has one, else its contents. */
function writeObject(value: object, key: string | number, path: string | undefined, stack: object[]): string {
  let toJSON: unknown;
  try {
    toJSON = (value as { toJSON?: unknown }).toJSON;
  } catch (error) {
    return fault(path, UNREADABLE, error);
  }
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = (toJSON as (key: string) => unknown).call(value, typeof key === 'number' ? String(key) : key);
    } catch (error) {
      return fault(path, 'toJSON() threw', error);
    }
    return writeReplaced(value, replaced, path, stack);
  }
  return writeContainer(value, path, stack);
}

/** What a toJSON returned. Like JSON.stringify, the result's own toJSON is not called again. */
function writeReplaced(original: unknown, replaced: unknown, path: string | undefined, stack: object[]): string {
  switch (typeof replaced) {
    case 'object':
      if (replaced !== null) return writeContainer(replaced, path, stack);
      // Date's toJSON answers null for an invalid date; sending null would lose the mistake. (A
      // Proxy whose getPrototypeOf trap throws here is named by canonicalJson's last resort.)
      return original instanceof Date ? fault(path, 'an invalid Date is not JSON') : 'null';
    case 'string':
    case 'number':
    case 'boolean':
      return write(replaced, '', path, stack);
    default:
      return fault(path, `toJSON() returned ${typeof replaced}`);
  }
}

/** An array or a plain object, guarded against cycles and excessive depth. */
function writeContainer(value: object, path: string | undefined, stack: object[]): string {
  if (stack.includes(value)) return fault(path, 'circular reference');
  if (stack.length >= MAX_JSON_DEPTH) return fault(path, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  let isArray: boolean;
  try {
    isArray = Array.isArray(value);
  } catch (error) {
    return fault(path, UNREADABLE, error);
  }
  stack.push(value);
  const out = isArray ? writeArray(value as readonly unknown[], path, stack) : writeRecord(value as Record<string, unknown>, path, stack);
  stack.pop();
  return out;
}

function writeArray(array: readonly unknown[], path: string | undefined, stack: object[]): string {
  let length: number;
  try {
    length = array.length;
  } catch (error) {
    return fault(path, UNREADABLE, error);
  }
  // A Proxy may claim any length: the text limit below ends the loop all the same.
  let out = '[';
  for (let i = 0; i < length; i++) {
    const at = path === undefined ? undefined : `${path}[${i}]`;
    let item: unknown;
    try {
      item = array[i];
    } catch (error) {
      return fault(at, UNREADABLE, error);
    }
    // Holes and undefined items are written as null, as JSON.stringify does.
    out += (i === 0 ? '' : ', ') + (item === undefined ? 'null' : write(item, i, at, stack));
    if (out.length > MAX_JSON_LENGTH) return fault(path, TOO_LONG);
  }
  return out + ']';
}

// Both run inside writeRecord's try: a hostile prototype that throws is reported as unreadable.

/** True for `{}`-style objects (of any realm) and objects with a null prototype. */
function isPlainPrototype(proto: object | null): boolean {
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
}

/** Why a non-plain object is refused, naming its class. */
function refusal(proto: object): string {
  const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return `${typeof name === 'string' && name !== '' ? name : 'object'} instance is not a plain object or array`;
}

function writeRecord(record: Record<string, unknown>, path: string | undefined, stack: object[]): string {
  let keys: string[];
  let refused: string | undefined;
  let symbolKey: symbol | undefined;
  try {
    const proto = Object.getPrototypeOf(record) as object | null;
    if (!isPlainPrototype(proto)) refused = refusal(proto!);
    keys = Object.keys(record);
    for (const symbol of Object.getOwnPropertySymbols(record)) if (Object.prototype.propertyIsEnumerable.call(record, symbol)) symbolKey ??= symbol;
  } catch (error) {
    return fault(path, UNREADABLE, error);
  }
  if (refused) return fault(path, refused);
  if (symbolKey) return fault(path === undefined ? path : `${path}[${String(symbolKey)}]`, 'a symbol key is not JSON');
  // UTF-16 code unit order is code point order unless a key holds a surrogate.
  let surrogates = false;
  for (const k of keys) {
    if (SURROGATE.test(k)) {
      surrogates = true;
      break;
    }
  }
  if (surrogates) keys.sort(compareCodePoints);
  else keys.sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const at = path === undefined ? undefined : `${path}.${k}`;
    // Each member is read once, so a getter cannot answer differently to two reads.
    let item: unknown;
    try {
      item = record[k];
    } catch (error) {
      return fault(at, UNREADABLE, error);
    }
    // Undefined members are omitted, as JSON.stringify does.
    if (item === undefined) continue;
    out += (first ? '' : ', ') + escapeString(k) + ': ' + write(item, k, at, stack);
    if (out.length > MAX_JSON_LENGTH) return fault(path, TOO_LONG);
    first = false;
  }
  return out + '}';
}

/**
 * Serializes `value` canonically (sorted keys, Python separators, ASCII escaping).
 *
 * Accepted: strings, finite numbers, booleans, `null`, arrays, and plain objects (`{}` literals,
 * `JSON.parse` results, objects of another realm, objects with a null prototype). Like
 * `JSON.stringify`, a `toJSON` method is honoured (called once with the member's key; `Date`
 * becomes its ISO string), `undefined` members are omitted, `undefined` items and array holes are
 * written as `null`, and non-index properties of arrays are ignored. A benign `Proxy` is read
 * like the object it stands for. Each member is read once per pass.
 *
 * Refused with a {@link ValidationError} whose `fieldErrors` key is the path of the offending
 * value (e.g. `body.action_details.items[3].when`): `NaN` and the infinities, bigints (even when
 * the application gave `BigInt.prototype` a `toJSON`), functions, symbols (as values and as
 * enumerable keys), `undefined` at the root, `Map`, `Set` and every other non-plain object
 * without `toJSON` (class instances, typed arrays, `Error`, `WeakMap`…), an invalid `Date`,
 * a getter, Proxy trap or `toJSON` that throws, a `toJSON` result that is not JSON, cycles, and
 * nesting deeper than 64 levels (counted from the value given), and text longer than
 * 16 MiB. No `TypeError` or `RangeError` escapes.
 *
 * @param value - The value to serialize.
 * @param rootName - Name used for the root in error paths (e.g. `body`).
 * @returns The canonical JSON text.
 * @throws {@link ValidationError} naming the field, as listed above.
 */
export function canonicalJson(value: unknown, rootName = 'body'): string {
  try {
    return write(value, '', undefined, []);
  } catch {
    // Serialize again, building field paths, to throw the error that names the field. Reads
    // that threw in the first pass are caught there and named; anything else (the engine's stack
    // exhausted by the caller's own recursion) is wrapped so that only a ValidationError leaves.
    try {
      return write(value, '', rootName, []);
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      return fault(rootName, 'could not be serialized as JSON', error);
    }
  }
}
