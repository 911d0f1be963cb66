/** Python-style canonical JSON used to check signatures. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeJson, pythonJson } from '../index.js';

describe('canonicalizeJson', () => {
  it('sorts keys at every level and uses Python separators, keeping array order', () => {
    expect(canonicalizeJson('{"b":{"z":1,"a":[3,{"y":1,"x":2}]},"a":null}')).toBe('{"a": null, "b": {"a": [3, {"x": 2, "y": 1}], "z": 1}}');
    expect(canonicalizeJson('{}')).toBe('{}');
    expect(canonicalizeJson('[]')).toBe('[]');
    expect(canonicalizeJson(' \n{ "a" : true }\t')).toBe('{"a": true}');
  });

  it('escapes non-ASCII as \\uXXXX (surrogate pairs for astral characters), DEL and controls too', () => {
    expect(canonicalizeJson('{"n":"café 😀\\u007f\\u0001\\n"}')).toBe('{"n": "caf\\u00e9 \\ud83d\\ude00\\u007f\\u0001\\n"}');
    expect(canonicalizeJson('{"k":"\\"\\\\/"}')).toBe('{"k": "\\"\\\\/"}');
  });

  it('keeps number lexemes exactly (Python prints floats as 1.0, 1e-05)', () => {
    expect(canonicalizeJson('{"b":100.0,"a":1e-05,"c":-0,"d":12345678901234567890}')).toBe('{"a": 1e-05, "b": 100.0, "c": -0, "d": 12345678901234567890}');
  });

  it('sorts by code point like Python, not by UTF-16 unit', () => {
    // U+FF61 sorts before U+1F600 by code point, after it by UTF-16 unit.
    expect(canonicalizeJson('{"😀":1,"｡":2}')).toBe('{"\\uff61": 2, "\\ud83d\\ude00": 1}');
  });

  it('lets the last duplicate key win and rejects invalid JSON', () => {
    expect(canonicalizeJson('{"a":1,"a":2}')).toBe('{"a": 2}');
    for (const bad of ['', '{', '{"a":}', '{"a":1,}', 'nul', '01', '{"a":1} x', "{'a':1}"]) expect(canonicalizeJson(bad)).toBeUndefined();
  });

  it('round-trips any JSON value and is idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const canonical = canonicalizeJson(text)!;
        expect(JSON.parse(canonical)).toEqual(JSON.parse(text));
        expect(canonicalizeJson(canonical)).toBe(canonical);
        expect(/^[\x20-\x7e]*$/.test(canonical)).toBe(true);
      }),
    );
  });
});

describe('pythonJson', () => {
  it("produces the Python client's sent bytes (insertion order)", () => {
    expect(
      pythonJson({
        agent_id: 'agent-001',
        agent_name: 'Refund Bot',
        action_type: 'financial.refund',
        resource: 'stripe_api',
        action_details: { amount: 100, currency: 'EUR', note: 'café' },
      }),
    ).toBe(
      '{"agent_id": "agent-001", "agent_name": "Refund Bot", "action_type": "financial.refund", "resource": "stripe_api", "action_details": {"amount": 100, "currency": "EUR", "note": "caf\\u00e9"}}',
    );
  });
});
