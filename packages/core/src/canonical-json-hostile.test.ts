/**
 * Hostile and unusual input to canonicalJson (issue 13, requirement 8): every refusal is a
 * ValidationError whose single field path names the offending value; no TypeError, RangeError
 * or stack overflow escapes; and what is accepted is written as JSON.stringify would write it.
 */
import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { canonicalJson, MAX_JSON_DEPTH, MAX_JSON_LENGTH } from './canonical-json.js';
import { isAscendError, ValidationError } from './errors.js';

/** The ValidationError canonicalJson throws for `value`; fails the test for anything else. */
function refusal(value: unknown, rootName?: string): ValidationError {
  let caught: unknown;
  try {
    canonicalJson(value, rootName);
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a ValidationError').toBeInstanceOf(ValidationError);
  expect(isAscendError(caught, 'VALIDATION_ERROR')).toBe(true);
  return caught as ValidationError;
}

/** The one field path a refusal names. */
function refusedPath(value: unknown, rootName?: string): string {
  const keys = Object.keys(refusal(value, rootName).fieldErrors);
  expect(keys).toHaveLength(1);
  return keys[0]!;
}

/** `levels` arrays nested in one another, the innermost holding `leaf`. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value: unknown = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

class Money {
  constructor(readonly amount: number) {}
}

const throwingGetter = {
  get when(): string {
    throw new Error('boom');
  },
};

describe('canonicalJson refuses hostile values with a ValidationError naming the path', () => {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const revokedArray = Proxy.revocable([], {});
  revokedArray.revoke();
  const cases: ReadonlyArray<readonly [label: string, value: unknown, path: string, reason: RegExp]> = [
    ['a Map', { parameters: { m: new Map([['a', 1]]) } }, 'body.parameters.m', /Map instance is not a plain object/],
    ['a Set', { parameters: { tags: new Set(['x']) } }, 'body.parameters.tags', /Set instance is not a plain object/],
    ['a WeakMap', { w: new WeakMap() }, 'body.w', /WeakMap instance/],
    ['a typed array', { bytes: new Uint8Array([1, 2]) }, 'body.bytes', /Uint8Array instance/],
    ['an ArrayBuffer', { buf: new ArrayBuffer(2) }, 'body.buf', /ArrayBuffer instance/],
    ['a class instance without toJSON', { price: new Money(5) }, 'body.price', /Money instance is not a plain object or array/],
    ['an Error', { error: new Error('x') }, 'body.error', /Error instance/],
    ['a RegExp', { re: /x/ }, 'body.re', /RegExp instance/],
    ['a Promise', { p: Promise.resolve(1) }, 'body.p', /Promise instance/],
    ['a boxed string', { s: Object('x') as object }, 'body.s', /String instance/],
    ['a bigint', { parameters: { n: 10n } }, 'body.parameters.n', /bigint is not JSON; send a string/],
    ['a function in an array', { items: [1, () => 1] }, 'body.items[1]', /function is not JSON/],
    ['a symbol value', { s: Symbol('v') }, 'body.s', /symbol is not JSON/],
    ['a symbol key', { a: { ok: 1, [Symbol('k')]: 1 } }, 'body.a[Symbol(k)]', /symbol key/],
    ['a throwing getter', { parameters: { items: [{}, {}, {}, throwingGetter] } }, 'body.parameters.items[3].when', /unreadable \(a getter or Proxy threw/],
    [
      'a throwing toJSON',
      {
        at: {
          toJSON: () => {
            throw new TypeError('no');
          },
        },
      },
      'body.at',
      /toJSON\(\) threw/,
    ],
    [
      'a throwing toJSON getter',
      {
        at: Object.defineProperty({}, 'toJSON', {
          get: () => {
            throw new Error('no');
          },
        }),
      },
      'body.at',
      /unreadable/,
    ],
    ['a toJSON returning undefined', { at: { toJSON: () => undefined } }, 'body.at', /returned undefined/],
    ['a toJSON returning a function', { at: { toJSON: () => () => 1 } }, 'body.at', /returned function/],
    ['a toJSON returning a Map', { at: { toJSON: () => new Map() } }, 'body.at', /Map instance/],
    ['a toJSON returning NaN', { at: { toJSON: () => Number.NaN } }, 'body.at', /NaN/],
    ['a toJSON returning a bigint', { at: { toJSON: () => 1n } }, 'body.at', /returned bigint/],
    [
      'a toJSON returning an object holding a cycle',
      {
        at: {
          toJSON: () => {
            const o: Record<string, unknown> = {};
            o['me'] = o;
            return o;
          },
        },
      },
      'body.at.me',
      /circular/,
    ],
    ['an invalid Date', { when: new Date('not a date') }, 'body.when', /invalid Date/],
    ['a revoked Proxy', { p: revoked.proxy }, 'body.p', /revoked/],
    ['a revoked Proxy of an array', { p: [revokedArray.proxy] }, 'body.p[0]', /revoked/],
    [
      'a Proxy whose get trap throws',
      {
        p: new Proxy(
          { a: 1 },
          {
            get: () => {
              throw new Error('trap');
            },
          },
        ),
      },
      'body.p',
      /unreadable/,
    ],
    [
      'a Proxy whose ownKeys trap throws',
      {
        p: new Proxy(
          { a: 1 },
          {
            ownKeys: () => {
              throw new Error('trap');
            },
          },
        ),
      },
      'body.p',
      /unreadable/,
    ],
    [
      'a Proxy whose getPrototypeOf trap throws',
      {
        p: new Proxy(
          { a: 1 },
          {
            getPrototypeOf: () => {
              throw new Error('trap');
            },
          },
        ),
      },
      'body.p',
      /unreadable/,
    ],
    [
      'a Proxy whose trap throws a non-Error',
      {
        p: new Proxy(
          {},
          {
            ownKeys: () => {
              throw 'a string';
            },
          },
        ),
      },
      'body.p',
      /unreadable/,
    ],
    [
      'a Proxy reading one member badly',
      {
        p: new Proxy(
          { a: 1, b: 2 },
          {
            get: (t, k): unknown => {
              if (k === 'b') throw new Error('b');
              return Reflect.get(t, k);
            },
          },
        ),
      },
      'body.p.b',
      /unreadable/,
    ],
    [
      'a Proxy of an array lying about its length',
      { p: new Proxy([1], { get: (t, k): unknown => (k === 'length' ? 2 ** 40 : Reflect.get(t, k)) }) },
      'body.p',
      /longer than/,
    ],
    ['a Map at the root', new Map(), 'body', /Map/],
    ['undefined at the root', undefined, 'body', /undefined is not JSON/],
  ];

  it.each(cases)('%s', (_label, value, path, reason) => {
    const error = refusal(value);
    expect(Object.keys(error.fieldErrors)).toEqual([path]);
    expect(error.fieldErrors[path]).toMatch(reason);
    expect(error.message).toBe(`${path}: ${error.fieldErrors[path]}`);
  });

  it('a bigint is refused even when the application gave BigInt.prototype a toJSON (where JSON.stringify would call it)', () => {
    const proto = BigInt.prototype as { toJSON?: () => string };
    proto.toJSON = function (this: bigint) {
      return this.toString();
    };
    try {
      expect(JSON.stringify({ n: 1n })).toBe('{"n":"1"}');
      expect(refusedPath({ n: 1n })).toBe('body.n');
    } finally {
      delete proto.toJSON;
    }
  });

  it('keeps what a getter, trap or toJSON threw as the non-enumerable cause', () => {
    const cause = new Error('boom');
    const error = refusal({
      a: {
        get b() {
          throw cause;
        },
      },
    });
    expect(error.cause).toBe(cause);
    expect(Object.keys(error)).not.toContain('cause');
  });

  it('names the rootName it is given', () => {
    expect(refusedPath({ items: [new Set()] }, 'parameters')).toBe('parameters.items[0]');
  });

  it('refuses cycles through objects and arrays, naming where the value comes back', () => {
    const a: Record<string, unknown> = { k: 1 };
    a['list'] = [0, { back: a }];
    expect(refusedPath({ root: a })).toBe('body.root.list[1].back');
    const arr: unknown[] = [];
    arr.push(arr);
    expect(refusedPath(arr)).toBe('body[0]');
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more, naming the level`, () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toBe('['.repeat(64) + '1' + ']'.repeat(64));
    expect(refusedPath(nested(MAX_JSON_DEPTH + 1))).toBe('body' + '[0]'.repeat(MAX_JSON_DEPTH));
    const error = refusal(nested(MAX_JSON_DEPTH + 1));
    expect(Object.values(error.fieldErrors)[0]).toMatch(/nested deeper than 64 levels/);
  });

  it('refuses nesting far past the engine stack as a ValidationError, not a RangeError', () => {
    expect(refusal(nested(200_000)).fieldErrors).toHaveProperty('body' + '[0]'.repeat(MAX_JSON_DEPTH));
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 200_000; i++) deep = { d: deep };
    expect(Object.keys(refusal(deep).fieldErrors)[0]).toMatch(/^body(\.d){64}$/);
  });

  it('refuses a getter that builds a fresh object on every read (no identity cycle) by depth', () => {
    const endless = (): object => ({
      get next() {
        return endless();
      },
    });
    expect(Object.keys(refusal(endless()).fieldErrors)[0]).toMatch(/^body(\.next){64}$/);
  });

  it('refuses a toJSON that returns a fresh object holding itself again, by depth', () => {
    const endless = (): object => ({ toJSON: () => ({ again: endless() }) });
    expect(Object.keys(refusal(endless()).fieldErrors)[0]).toMatch(/^body(\.again){64}$/);
  });

  it('refuses objects of another realm that are not plain (a Map from node:vm)', () => {
    expect(refusedPath({ m: runInNewContext('new Map()') as unknown })).toBe('body.m');
  });

  it(`refuses text longer than ${MAX_JSON_LENGTH} characters, naming the string or the container that passed the limit`, () => {
    expect(MAX_JSON_LENGTH).toBe(16 * 1024 * 1024);
    const half = 'x'.repeat(MAX_JSON_LENGTH / 2);
    expect(refusedPath({ big: 'x'.repeat(MAX_JSON_LENGTH + 1) })).toBe('body.big');
    expect(refusedPath({ list: [half, half] })).toBe('body.list');
    expect(refusedPath({ a: half, b: half })).toBe('body');
    expect(refusal({ a: half, b: half }).fieldErrors['body']).toMatch(/longer than 16777216 characters/);
    // Near the limit is fine (two quotes around the string).
    expect(canonicalJson('x'.repeat(MAX_JSON_LENGTH - 2))).toHaveLength(MAX_JSON_LENGTH);
  });

  it('refuses an empty array of length 2^32 - 1 by length, instead of exhausting memory', () => {
    expect(refusedPath({ holes: new Array(2 ** 32 - 1) })).toBe('body.holes');
  });

  it('only ever throws ValidationError, whatever fast-check builds (Maps, Sets, bigints, typed arrays, boxed values…)', () => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        try {
          const out = canonicalJson(value);
          expect(/^[\x20-\x7e]*$/.test(out)).toBe(true);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(value)));
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalJson accepts, as JSON.stringify does', () => {
  it('objects with a null prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { b: 1, a: [true] });
    expect(canonicalJson({ bare })).toBe('{"bare": {"a": [true], "b": 1}}');
  });

  it('plain objects and arrays of another realm (node:vm)', () => {
    expect(canonicalJson(runInNewContext('({ b: [1, { y: null, x: "é" }], a: new Date(0) })'))).toBe(
      String.raw`{"a": "1970-01-01T00:00:00.000Z", "b": [1, {"x": "\u00e9", "y": null}]}`,
    );
  });

  it('sparse arrays, writing holes as null', () => {
    const sparse = [1, , 3];
    expect(canonicalJson(sparse)).toBe('[1, null, 3]');
    expect(canonicalJson(sparse)).toBe(JSON.stringify(sparse).replace(/,/g, ', '));
  });

  it('arrays with non-index properties, ignoring those properties', () => {
    const list = Object.assign([1, 2], { extra: 'ignored' });
    expect(canonicalJson(list)).toBe('[1, 2]');
    expect(JSON.stringify(list)).toBe('[1,2]');
  });

  it('a benign Proxy over a plain object or an array, read like its target', () => {
    const target = { b: [1, 2], a: 'x' };
    expect(canonicalJson({ p: new Proxy(target, {}) })).toBe('{"p": {"a": "x", "b": [1, 2]}}');
    expect(canonicalJson(new Proxy([1, { z: 0 }], {}))).toBe('[1, {"z": 0}]');
  });

  it('a shared sub-object that is not a cycle, at any depth', () => {
    const shared = { k: [1] };
    expect(canonicalJson({ a: [shared, shared], b: { c: shared } })).toBe('{"a": [{"k": [1]}, {"k": [1]}], "b": {"c": {"k": [1]}}}');
  });

  it('non-enumerable symbol keys (metadata libraries attach), ignoring them', () => {
    const tagged = Object.defineProperty({ a: 1 }, Symbol('meta'), { value: 'x', enumerable: false });
    expect(canonicalJson(tagged)).toBe('{"a": 1}');
  });

  it('toJSON on any object, called once with the member key ("" at the root, the index in arrays)', () => {
    const keys: string[] = [];
    const probe = { toJSON: (key: string) => (keys.push(key), key) };
    expect(canonicalJson({ a: probe, list: [probe] })).toBe('{"a": "a", "list": ["0"]}');
    expect(canonicalJson(probe)).toBe('""');
    expect(keys).toEqual(['a', '0', '']);
    expect(canonicalJson({ price: Object.assign(new Money(5), { toJSON: () => ({ amount: 5, currency: 'EUR' }) }) })).toBe(
      '{"price": {"amount": 5, "currency": "EUR"}}',
    );
  });

  it("honours the members' toJSON inside a toJSON result, as JSON.stringify does", () => {
    const value = { e: { toJSON: () => ({ at: new Date(0), n: 1 }) } };
    expect(canonicalJson(value)).toBe('{"e": {"at": "1970-01-01T00:00:00.000Z", "n": 1}}');
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });

  it('reads each member once, so a getter cannot answer two reads differently', () => {
    let reads = 0;
    const counted = {
      get n() {
        reads++;
        return reads;
      },
      skipped: undefined,
    };
    expect(canonicalJson(counted)).toBe('{"n": 1}');
    expect(reads).toBe(1);
  });
});
