/**
 * Canonical JSON against Python's `json.dumps(obj, sort_keys=True)`. Every expected string below
 * was produced by CPython 3.11 and is hard-coded; the JS value next to it is the same value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { isAscendError } from './errors.js';

const PYTHON_VECTORS: ReadonlyArray<readonly [name: string, value: unknown, python: string]> = [
  ['float 1e-05', 1e-5, '1e-05'],
  ['float 0.1', 0.1, '0.1'],
  ['float 1e-07', 1e-7, '1e-07'],
  ['float 2.5e-05', 2.5e-5, '2.5e-05'],
  ['float -1e-05', -1e-5, '-1e-05'],
  ['float 9.999e-05', 9.999e-5, '9.999e-05'],
  ['float 0.0001 (the switch to exponent form is below it)', 0.0001, '0.0001'],
  ['float 0.00012', 0.00012, '0.00012'],
  ['float 1.23e-18', 123e-20, '1.23e-18'],
  ['float 5e-324 (smallest subnormal)', 5e-324, '5e-324'],
  ['float 0.1 + 0.2', 0.1 + 0.2, '0.30000000000000004'],
  ['float 1/3', 1 / 3, '0.3333333333333333'],
  ['float 123456.789', 123456.789, '123456.789'],
  ['float 1234567890123.5', 1234567890123.5, '1234567890123.5'],
  ['float -2.75', -2.75, '-2.75'],
  ['int 0', 0, '0'],
  ['int 9007199254740991', 9007199254740991, '9007199254740991'],
  ['int -42', -42, '-42'],
  ['int 3820998678777924000 (beyond 2^53: the digits written, not the binary expansion)', 3820998678777924000, '3820998678777924000'],
  ['int 10**21 (JS would print 1e+21)', 1e21, '1000000000000000000000'],
  ['int -123 * 10**300', -1.23e302, '-123' + '0'.repeat(300)],
  ['non-ASCII café', 'café', String.raw`"caf\u00e9"`],
  ['astral emoji (surrogate pair)', '😀 ok', String.raw`"\ud83d\ude00 ok"`],
  ['astral math letters', '𝔘𝔫𝔦', String.raw`"\ud835\udd18\ud835\udd2b\ud835\udd26"`],
  ['DEL U+007F', 'a\x7fb', String.raw`"a\u007fb"`],
  ['U+0080 and U+00FF', '\x80\xff', String.raw`"\u0080\u00ff"`],
  ['U+2028 and U+2029', '\u2028\u2029', String.raw`"\u2028\u2029"`],
  ['U+FFFF', '\uffff', String.raw`"\uffff"`],
  ['control characters', '\x00\x01\x1f\b\f\n\r\t', String.raw`"\u0000\u0001\u001f\b\f\n\r\t"`],
  ['quote, backslash, slash (not escaped)', '"\\/', String.raw`"\"\\/"`],
  ['space and tilde (printable edges)', ' ~', '" ~"'],
  [
    'keys sorted by code point (U+FFFF before an astral key)',
    { '\uffff': 1, '😀': 2, a: 3, B: 4, '': 5, ab: 6, a_b: 7, '10': 8, '2': 9, é: 10 },
    String.raw`{"": 5, "10": 8, "2": 9, "B": 4, "a": 3, "a_b": 7, "ab": 6, "\u00e9": 10, "\uffff": 1, "\ud83d\ude00": 2}`,
  ],
  [
    'nested arrays and objects, sorted at every level',
    { z: [3, { b: [], a: {} }, [[1, [2, { y: null, x: true }]]]], a: { d: false, c: { f: 'é', e: [0.5, 1e-5] } } },
    String.raw`{"a": {"c": {"e": [0.5, 1e-05], "f": "\u00e9"}, "d": false}, "z": [3, {"a": {}, "b": []}, [[1, [2, {"x": true, "y": null}]]]]}`,
  ],
  ['empty object', {}, '{}'],
  ['empty array', [], '[]'],
  ['array of mixed values', [null, true, false, 0, -1, 1.5, 's', [], {}], '[null, true, false, 0, -1, 1.5, "s", [], {}]'],
  [
    'the reference §2.3 body',
    {
      agent_id: 'agent-001',
      agent_name: 'Refund Bot',
      action_type: 'financial.refund',
      resource: 'stripe_api',
      action_details: { amount: 100, currency: 'EUR', note: 'café' },
    },
    String.raw`{"action_details": {"amount": 100, "currency": "EUR", "note": "caf\u00e9"}, "action_type": "financial.refund", "agent_id": "agent-001", "agent_name": "Refund Bot", "resource": "stripe_api"}`,
  ],
];

describe('canonicalJson matches Python json.dumps(sort_keys=True)', () => {
  for (const [name, value, python] of PYTHON_VECTORS) {
    it(name, () => {
      expect(canonicalJson(value)).toBe(python);
    });
  }

  it('documents the two values JavaScript cannot tell apart from integers', () => {
    // Python prints the float -0.0 as "-0.0" and 1.0 as "1.0"; JS numbers cannot carry that
    // distinction, so they go out as Python's int forms. Only a re-serializing server could notice.
    expect(canonicalJson(-0)).toBe('0'); // Python: json.dumps(-0) == "0", json.dumps(-0.0) == "-0.0"
    expect(canonicalJson(1.0)).toBe('1'); // Python: json.dumps(1.0) == "1.0"
    expect(canonicalJson({ a: -0 })).toBe('{"a": 0}');
  });
});

describe('canonicalJson edge cases', () => {
  it('omits undefined members and writes undefined array items as null, like JSON.stringify', () => {
    expect(canonicalJson({ b: undefined, a: 1, c: [undefined, 2] })).toBe('{"a": 1, "c": [null, 2]}');
  });

  it('honours toJSON (e.g. Date)', () => {
    expect(canonicalJson({ at: new Date(Date.UTC(2026, 3, 17, 12)) })).toBe('{"at": "2026-04-17T12:00:00.000Z"}');
  });

  it('refuses bigints (JSON.stringify throws on them too); see canonical-json-hostile.test.ts', () => {
    expect(() => canonicalJson({ big: 12345678901234567890n })).toThrow(/body\.big: a bigint is not JSON/);
  });

  it.each([
    ['NaN', { amount: Number.NaN }, 'body.amount'],
    ['Infinity', { nested: { x: [1, Number.POSITIVE_INFINITY] } }, 'body.nested.x[1]'],
    ['a function', { f: () => 1 }, 'body.f'],
    ['a symbol', { s: Symbol('x') }, 'body.s'],
  ])('rejects %s with a ValidationError naming the path', (_label, value, path) => {
    let caught: unknown;
    try {
      canonicalJson(value);
    } catch (error) {
      caught = error;
    }
    expect(isAscendError(caught, 'VALIDATION_ERROR')).toBe(true);
    expect(Object.keys((caught as { fieldErrors: Record<string, string> }).fieldErrors)).toEqual([path]);
  });

  it('rejects cycles but accepts a shared (non-cyclic) sub-object', () => {
    const shared = { k: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a": {"k": 1}, "b": {"k": 1}}');
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });
});

/** Python's key order: code points, not UTF-16 units. */
function codePointCompare(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Escapes what Python's ensure_ascii escapes beyond JSON.stringify: DEL and everything non-ASCII. */
function asciiOnly(jsonText: string): string {
  return jsonText.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * An independent oracle for Python's json.dumps(sort_keys=True) on integer-only values:
 * JSON.stringify's escaping made ASCII-only, code-point key order, ", " and ": " separators.
 */
function pythonDumps(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(pythonDumps).join(', ') + ']';
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(codePointCompare);
    return '{' + keys.map((k) => `${asciiOnly(JSON.stringify(k))}: ${pythonDumps(record[k])}`).join(', ') + '}';
  }
  if (typeof value === 'string') return asciiOnly(JSON.stringify(value));
  return JSON.stringify(value);
}

describe('string escaping', () => {
  it('escapes every UTF-16 code unit as the oracle does, alone and all in one string', () => {
    let all = '';
    for (let unit = 0; unit <= 0xffff; unit++) {
      const c = String.fromCharCode(unit);
      all += c;
      expect(canonicalJson(c)).toBe(asciiOnly(JSON.stringify(c)));
    }
    expect(canonicalJson(all)).toBe(asciiOnly(JSON.stringify(all)));
  });
});

describe('canonicalJson properties (fast-check)', () => {
  const json = fc.jsonValue({ maxDepth: 4 });

  it('is printable ASCII only, round-trips through JSON.parse, and is independent of key insertion order', () => {
    fc.assert(
      fc.property(json, (value) => {
        const out = canonicalJson(value);
        expect(/^[\x20-\x7e]*$/.test(out)).toBe(true);
        // -0 is written as 0 (see above), so compare against a JSON.stringify round-trip.
        expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
        const reversed = JSON.parse(JSON.stringify(value), (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ) as unknown;
        expect(canonicalJson(reversed)).toBe(out);
      }),
      { numRuns: 500 },
    );
  });

  it('equals an independent Python-dumps oracle on nested values with arbitrary Unicode keys and strings', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ maxDepth: 3, depthSize: 'small' }, tie('leaf'), tie('list'), tie('dict')),
      leaf: fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 3 }), fc.integer(), fc.boolean(), fc.constant(null)),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      dict: fc.dictionary(fc.string({ unit: 'binary', maxLength: 5 }), tie('tree'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(pythonDumps(value));
      }),
      { numRuns: 500 },
    );
  });
});
