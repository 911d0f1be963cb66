/**
 * A runtime port for core tests: the global fetch (looked up per call, so msw intercepts it), a
 * WebCrypto HMAC signer, fake time, and a log capture. Test-only; excluded from the build.
 */
import type { Logger, LogRecord } from '../logger.js';
import type { RuntimePort, Signer } from '../ports.js';
import { FakeTime } from './fake-time.js';

/** HMAC-SHA256 over WebCrypto, available in every runtime core supports. */
export const webCryptoSigner: Signer = {
  async hmacSha256(key, data) {
    const subtle = globalThis.crypto.subtle;
    const k = await subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    return new Uint8Array(await subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>));
  },
};

/** A logger that keeps every record for assertions. */
export interface CapturedLogs extends Logger {
  /** Records written so far. */
  readonly records: LogRecord[];
  /** Every record serialized, for "this secret never appears" checks. */
  text(): string;
}

/** Creates a {@link CapturedLogs}. */
export function captureLogs(): CapturedLogs {
  const records: LogRecord[] = [];
  return {
    records,
    log(record) {
      records.push(record);
    },
    text() {
      return records.map((r) => JSON.stringify(r)).join('\n');
    },
  };
}

/** Builds a test port around `time` (a new {@link FakeTime} when omitted). */
export function testPort(time: FakeTime = new FakeTime(), overrides: Partial<RuntimePort> = {}): RuntimePort & { clock: FakeTime; timers: FakeTime } {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    signer: webCryptoSigner,
    randomUUID: () => globalThis.crypto.randomUUID(),
    runtime: 'test',
    ...overrides,
    clock: time,
    timers: time,
  };
}
