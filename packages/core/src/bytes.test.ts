import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromUtf8, timingSafeEqual, toBase64, toHex, utf8 } from './bytes.js';

describe('byte helpers agree with Node Buffer (fast-check)', () => {
  it('utf8 / fromUtf8 / toHex / toBase64 / fromBase64', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 100 }), (text, bytes) => {
        expect(Buffer.from(utf8(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(fromUtf8(utf8(text))).toBe(text);
        expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
        expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(Array.from(fromBase64(toBase64(bytes))!)).toEqual(Array.from(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('fromBase64 rejects malformed input', () => {
    for (const bad of ['a', 'ab$c', 'abcde', '====x']) expect(fromBase64(bad)).toBeUndefined();
    expect(Array.from(fromBase64('')!)).toEqual([]);
  });

  it('timingSafeEqual and concatBytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(timingSafeEqual(a, a.slice())).toBe(true);
        expect(Array.from(concatBytes(a, b))).toEqual([...a, ...b]);
      }),
      { numRuns: 300 },
    );
  });
});
