/**
 * Builds core clients for tests: a node:crypto signer, a fixed clock, and fetch looked up at call
 * time so msw's interception applies.
 *
 * Test support only: excluded from the build and from the core lint rules.
 */
import { createHmac } from 'node:crypto';
import { AscendClient } from '../client.js';
import type { AscendClientOptions } from '../options.js';
import type { RuntimePort, Signer } from '../ports.js';
import type { LogRecord, Logger } from '../logger.js';
import { syncSigner } from './test-port.js';

/** Base URL the msw handlers answer on. */
export const BASE_URL = 'https://ascend.test';

/** 2026-04-17T12:00:00.123Z, the fixed time of the test clock. */
export const FIXED_NOW = Date.UTC(2026, 3, 17, 12, 0, 0, 123);

/** HMAC-SHA256 over node:crypto, independent of the adapters (the same signer as the fake-time port's). */
export const testSigner: Signer = syncSigner;

/** HMAC-SHA256 hex of `data` under `key`, computed with node:crypto (the test oracle). */
export function hmacHex(key: string | Uint8Array, data: string | Uint8Array): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** A runtime port for tests. */
export function testPort(overrides: Partial<RuntimePort> = {}): RuntimePort {
  return {
    fetch: (input, init) => globalThis.fetch(input, init),
    signer: testSigner,
    clock: { now: () => FIXED_NOW },
    runtime: 'test',
    ...overrides,
  };
}

/** A logger that keeps every record. */
export function captureLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  return { records, log: (r) => void records.push(r) };
}

/** A client against {@link BASE_URL} with retries off and silent logs, unless overridden. */
export function testClient(options: AscendClientOptions = {}, port: Partial<RuntimePort> = {}): AscendClient {
  return new AscendClient(
    {
      apiKey: 'test-api-key-0001',
      baseUrl: BASE_URL,
      agentId: 'agent-001',
      agentName: 'Refund Bot',
      retry: { maxRetries: 0 },
      logger: { log() {} },
      ...options,
    },
    testPort(port),
  );
}
