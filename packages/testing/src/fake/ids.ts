/**
 * Time formatting and random identifiers for the fake. Randomness and time are injected so a
 * test can make every id and timestamp deterministic.
 * @internal
 */

/** Returns `n` random bytes. */
export type RandomBytes = (n: number) => Uint8Array;

/** Random bytes from WebCrypto's `getRandomValues` (Node 20, browsers, Deno, workers). */
export const webCryptoRandomBytes: RandomBytes = (n) => {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
};

/** Lowercase hex of `bytes`. */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** An RFC 4122 version 4 UUID built from `random`. */
export function uuidV4(random: RandomBytes): string {
  const b = random(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO-8601 UTC with milliseconds and a `Z`, e.g. `2026-04-17T12:00:00.000Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `YYYYMMDD_HHMMSS` in UTC, as in the live correlation ids (`action_20260417_120000_ab12cd34`). */
export function compactTime(ms: number): string {
  const iso = isoTime(ms);
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}
