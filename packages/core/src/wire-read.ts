/**
 * Small validating readers for untrusted response bodies. Safety-critical fields are read
 * strictly by their callers; auxiliary fields of the wrong type read as `undefined` instead of
 * crashing the parse.
 * @internal
 */
import { ProtocolError } from './errors.js';

/** A parsed JSON object from the wire. */
export type WireObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is WireObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value is, for a message: `null`, `an array` or its `typeof`. */
export function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Requires the body to be a JSON object. */
export function expectObject(body: unknown, what: string): WireObject {
  if (!isObject(body)) {
    throw new ProtocolError(`${what}: expected a JSON object, got ${typeName(body)}`);
  }
  return body;
}

/**
 * The value of the first key (in order) that is neither absent nor `null`. Unlike the Python
 * client's key-presence rule (§3.0), a `null` never shadows a later key: FastAPI-style servers
 * send `null` for every unset optional field.
 */
export function firstPresent(obj: WireObject, ...keys: string[]): unknown {
  return pick(obj, keys);
}

// The readers below pass their rest array on as is: no second copy per read.
function pick(obj: WireObject, keys: readonly string[]): unknown {
  for (let i = 0; i < keys.length; i++) {
    const v = obj[keys[i]!];
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** A string field, or undefined when absent or not a string. */
export function str(obj: WireObject, ...keys: string[]): string | undefined {
  const v = pick(obj, keys);
  return typeof v === 'string' ? v : undefined;
}

/** A finite number field (numeric strings accepted), or undefined. */
export function num(obj: WireObject, ...keys: string[]): number | undefined {
  const v = pick(obj, keys);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A boolean field, or undefined. */
export function bool(obj: WireObject, ...keys: string[]): boolean | undefined {
  const v = pick(obj, keys);
  return typeof v === 'boolean' ? v : undefined;
}

/** An id that may be a number or a string on the wire, as a string. */
export function id(obj: WireObject, ...keys: string[]): string | undefined {
  const v = pick(obj, keys);
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** An array of strings; non-string items are dropped; absent → []. */
export function strArray(obj: WireObject, ...keys: string[]): string[] {
  const v = pick(obj, keys);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** An array of objects; other items are dropped; absent → []. */
export function objArray(value: unknown): WireObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** An object field, or {} when absent or not an object. */
export function obj(o: WireObject, ...keys: string[]): WireObject {
  const v = pick(o, keys);
  return isObject(v) ? v : {};
}

/** Returns a list from either a bare array body or `{ <key>: [...] }`. */
export function listFrom(body: unknown, ...keys: string[]): WireObject[] {
  if (Array.isArray(body)) return objArray(body);
  if (isObject(body)) return objArray(firstPresent(body, ...keys));
  return [];
}
