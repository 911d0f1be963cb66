/**
 * Compact canonical JSON: canonicalJson's text with `,`/`:` separators, strings untouched. Pinned
 * against Python's `json.dumps(v, sort_keys=True, separators=(',', ':'))` output for a tricky
 * value, and checked as a property over arbitrary JSON.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactCanonicalJson } from './canonical-json-compact.js';
import { canonicalJson } from './canonical-json.js';
import { ValidationError } from './errors.js';

/** The separators outside strings: what compacting removes a space from. */
function separatorsOutsideStrings(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ((c === ',' || c === ':') && text[i + 1] === ' ') count++;
  }
  return count;
}

describe('compactCanonicalJson', () => {
  it("matches Python's compact sorted output, strings with separators and quotes untouched", () => {
    // python3 -c 'import json; print(json.dumps(v, sort_keys=True, separators=(",", ":")))'
    const value = { z: [1, 2.5, { b: 'a, b: "c"\\', a: null }], 'k: v, w': true, é: 'ü 😀', n: 1e-7 };
    expect(compactCanonicalJson(value)).toBe('{"k: v, w":true,"n":1e-07,"z":[1,2.5,{"a":null,"b":"a, b: \\"c\\"\\\\"}],"\\u00e9":"\\u00fc \\ud83d\\ude00"}');
  });

  it('is canonicalJson without the spaces of its separators, and parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const spaced = canonicalJson(value);
        const compact = compactCanonicalJson(value);
        expect(compact.length).toBe(spaced.length - separatorsOutsideStrings(spaced));
        expect(JSON.parse(compact)).toEqual(JSON.parse(spaced));
        expect(separatorsOutsideStrings(compact)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses what canonicalJson refuses, naming the field under the given root', () => {
    expect(() => compactCanonicalJson({ a: Number.NaN }, 'payload')).toThrow(ValidationError);
    expect(() => compactCanonicalJson({ a: Number.NaN }, 'payload')).toThrow(/payload\.a/);
  });
});
