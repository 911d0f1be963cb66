/**
 * JSON helpers for the fake: value types, lenient parsing, and the Python-style canonical
 * re-serialization that request signatures are checked against (reference §2.3).
 *
 * @packageDocumentation
 */
import { compareCodePoints, pythonJsonString } from '@ascend/core/internal';

export { pythonJsonString };

/** A JSON primitive. */
export type JsonPrimitive = string | number | boolean | null;

/** Any JSON value. */
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of plain data (objects, arrays, primitives; `undefined` kept), several times
 * faster than `structuredClone` for the fake's records, which are plain JSON-safe objects by
 * design. A `__proto__` key stays an own property, as `JSON.parse` made it.
 * @internal
 */
export function copyJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = copyJson((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    else out[key] = v;
  }
  return out as T;
}

/**
 * Copies of every value of `values` ({@link copyJson}), as an array.
 * @internal
 */
export const copyAll = <T>(values: Iterable<T>): T[] => [...values].map((v) => copyJson(v));

/** Parses `raw` as JSON; `undefined` when it is empty or not JSON. */
export function tryParseJson(raw: string | null | undefined): JsonValue | undefined {
  if (raw === null || raw === undefined || raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as JsonValue;
  } catch {
    return undefined;
  }
}

// A parse tree that keeps number lexemes exactly as sent: a Python client signs `100.0` and
// sends `100.0`, and re-printing a JS number would turn it into `100`.
type Node =
  | { readonly t: 'obj'; readonly entries: Map<string, Node> }
  | { readonly t: 'arr'; readonly items: Node[] }
  | { readonly t: 'str'; readonly value: string }
  | { readonly t: 'lit'; readonly raw: string };

class RawParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  parseDocument(): Node {
    const node = this.value();
    this.ws();
    if (this.pos !== this.text.length) throw new SyntaxError('trailing characters');
    return node;
  }

  private ws(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else break;
    }
  }

  private value(): Node {
    this.ws();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { t: 'str', value: this.string() };
    for (const literal of ['true', 'false', 'null']) {
      if (this.text.startsWith(literal, this.pos)) {
        this.pos += literal.length;
        return { t: 'lit', raw: literal };
      }
    }
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!match) throw new SyntaxError(`unexpected character at ${this.pos}`);
    this.pos += match[0].length;
    return { t: 'lit', raw: match[0] };
  }

  private object(): Node {
    this.pos++;
    const entries = new Map<string, Node>();
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { t: 'obj', entries };
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') throw new SyntaxError('expected a key');
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') throw new SyntaxError('expected ":"');
      this.pos++;
      // Python's dict keeps the last duplicate; the position is irrelevant once sorted.
      entries.set(key, this.value());
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === '}') return { t: 'obj', entries };
      if (sep !== ',') throw new SyntaxError('expected "," or "}"');
    }
  }

  private array(): Node {
    this.pos++;
    const items: Node[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { t: 'arr', items };
    }
    for (;;) {
      items.push(this.value());
      this.ws();
      const sep = this.text[this.pos++];
      if (sep === ']') return { t: 'arr', items };
      if (sep !== ',') throw new SyntaxError('expected "," or "]"');
    }
  }

  private string(): string {
    // Reuse the platform's string decoding on the exact lexeme.
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === '"') {
        this.pos++;
        return JSON.parse(this.text.slice(start, this.pos)) as string;
      } else this.pos++;
    }
    throw new SyntaxError('unterminated string');
  }
}

function writeCanonical(node: Node): string {
  switch (node.t) {
    case 'lit':
      return node.raw;
    case 'str':
      return pythonJsonString(node.value);
    case 'arr':
      return '[' + node.items.map(writeCanonical).join(', ') + ']';
    case 'obj': {
      const keys = [...node.entries.keys()].sort(compareCodePoints);
      return '{' + keys.map((k) => `${pythonJsonString(k)}: ${writeCanonical(node.entries.get(k)!)}`).join(', ') + '}';
    }
  }
}

/**
 * Re-serializes a raw JSON text the way the Python client signs it: keys sorted by code point
 * at every level, separators `", "` and `": "`, non-ASCII escaped as `\uXXXX`. Number lexemes
 * are kept as sent. Returns `undefined` when `raw` is not valid JSON.
 *
 * @example
 * canonicalizeJson('{"b":1,"a":"café"}') // '{"a": "caf\\u00e9", "b": 1}'
 */
export function canonicalizeJson(raw: string): string | undefined {
  try {
    return writeCanonical(new RawParser(raw).parseDocument());
  } catch {
    return undefined;
  }
}

/** Serializes `value` as Python's default `json.dumps` would (insertion order, ASCII escaping). */
export function pythonJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return pythonJsonString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map(pythonJson).join(', ') + ']';
  return (
    '{' +
    Object.keys(value)
      .map((k) => `${pythonJsonString(k)}: ${pythonJson(value[k]!)}`)
      .join(', ') +
    '}'
  );
}
