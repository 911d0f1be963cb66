/**
 * A runtime port for core tests: the global fetch (looked up per call, so msw intercepts it), a
 * node:crypto HMAC signer, fake time, and a log capture. Test-only; excluded from the build.
 */
import { createHmac } from 'node:crypto';
import type { Logger, LogRecord } from '../logger.js';
import type { RuntimePort, Signer } from '../ports.js';
import { FakeTime } from './fake-time.js';

/**
 * HMAC-SHA256 over node:crypto. Synchronous underneath, so it settles in a microtask: WebCrypto
 * runs on the libuv thread pool, whose latency would leak real time into fake-time tests.
 */
export const syncSigner: Signer = {
  async hmacSha256(key, data) {
    return new Uint8Array(createHmac('sha256', key).update(data).digest());
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
    signer: syncSigner,
    randomUUID: () => globalThis.crypto.randomUUID(),
    runtime: 'test',
    ...overrides,
    clock: time,
    timers: time,
  };
}
