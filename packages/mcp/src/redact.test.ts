import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redactArguments } from './redact.js';

describe('redactArguments', () => {
  it('redacts secret-named keys at any depth, in any case and separator style, inside arrays too', () => {
    const out = redactArguments({
      sql: 'select 1',
      password: 'p1',
      DB_PASSWORD: 'p2',
      apiKey: 'k1',
      'x-api-key': 'k2',
      'X-Auth-Token': 't1',
      private_key: 'pk',
      nested: { clientSecret: 's1', list: [{ access_token: 'a1', keep: 1 }, ['x', { credential: 'c1' }]] },
      sessionCookie: 'c2',
    });
    expect(out).toEqual({
      sql: 'select 1',
      password: REDACTED,
      DB_PASSWORD: REDACTED,
      apiKey: REDACTED,
      'x-api-key': REDACTED,
      'X-Auth-Token': REDACTED,
      private_key: REDACTED,
      nested: { clientSecret: REDACTED, list: [{ access_token: REDACTED, keep: 1 }, ['x', { credential: REDACTED }]] },
      sessionCookie: REDACTED,
    });
  });

  it('redacts a whole object or list under a secret key, not just strings', () => {
    expect(redactArguments({ auth: { user: 'u', pass: 'p' }, tokens: ['a', 'b'] })).toEqual({ auth: REDACTED, tokens: REDACTED });
  });

  it('masks known secret formats inside ordinary values, unless turned off', () => {
    const args = { cmd: 'curl -H "Authorization: Bearer abc.def" https://x', key: 'sk_live_abcdefgh1234' };
    expect(redactArguments(args)).toEqual({ cmd: 'curl -H "Authorization: Bearer ****" https://x', key: 'sk_****' });
    expect(redactArguments(args, { maskSecretValues: false })).toEqual(args);
  });

  it('truncates long strings and arrays and cuts deep nesting and cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const shared = { v: 1 };
    const out = redactArguments(
      { long: 'a'.repeat(30), list: [1, 2, 3, 4, 5], deep: { a: { b: { c: 1 } } }, cyclic, twice: [shared, shared] },
      { maxStringLength: 10, maxArrayLength: 3, maxDepth: 3 },
    );
    expect(out).toEqual({
      long: `${'a'.repeat(10)}…[truncated 20 chars]`,
      list: [1, 2, 3, '[2 more items]'],
      deep: { a: { b: '[depth limit]' } },
      cyclic: { name: 'loop', self: '[circular]' },
      twice: [{ v: 1 }, { v: 1 }],
    });
  });

  it('turns values JSON cannot carry into descriptive strings', () => {
    const out = redactArguments({
      n: Number.NaN,
      big: 12n,
      fn: () => 1,
      when: new Date('2026-01-02T03:04:05Z'),
      bytes: new Uint8Array(4),
      gone: undefined,
      list: [undefined],
      map: new Map([
        ['password', 'x'],
        ['ok', 'y'],
      ]),
      set: new Set(['a']),
    });
    expect(out).toEqual({
      n: 'NaN',
      big: '[bigint 12]',
      fn: '[function]',
      when: '2026-01-02T03:04:05.000Z',
      bytes: '[binary 4 bytes]',
      list: [null],
      map: { password: REDACTED, ok: 'y' },
      set: ['a'],
    });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('wraps non-object arguments so parameters are always an object', () => {
    expect(redactArguments('text')).toEqual({ value: 'text' });
    expect(redactArguments([1])).toEqual({ value: [1] });
    expect(redactArguments(undefined)).toEqual({});
  });

  it('applies the custom redact function to the already redacted copy', () => {
    let seen: unknown;
    const out = redactArguments(
      { card: '4111 1111 1111 1111', password: 'x', extraSecretField: 'y' },
      {
        secretKeys: ['extraSecret'],
        redact: (p) => {
          seen = p;
          return { ...p, card: String(p['card']).replace(/\d{4} /g, '**** ') };
        },
      },
    );
    expect(seen).toEqual({ card: '4111 1111 1111 1111', password: REDACTED, extraSecretField: REDACTED });
    expect(out).toEqual({ card: '**** **** **** 1111', password: REDACTED, extraSecretField: REDACTED });
  });

  it('property: no value under a secret-named key ever survives, whatever the shape', () => {
    const secretKey = fc.constantFrom('password', 'apiKey', 'X-Auth-Token', 'client_secret', 'refreshToken', 'privateKey', 'myCredentials');
    const marker = fc.stringMatching(/^[A-Za-z0-9]{8,16}$/).map((s) => `SECRET${s}`);
    const plainKey = fc.constantFrom('path', 'query', 'limit', 'items', 'name', 'options');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(plainKey, tie('node'), { maxKeys: 3 }),
        fc.tuple(secretKey, marker).map(([k, v]) => ({ [k]: v })),
        fc.tuple(secretKey, marker).map(([k, v]) => ({ [k]: { inner: v } })),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(plainKey, tree.node, { maxKeys: 4 }), (args) => {
        expect(JSON.stringify(redactArguments(args, { maxDepth: 20 }))).not.toContain('SECRET');
      }),
      { numRuns: 300 },
    );
  });
});
