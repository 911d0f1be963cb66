/**
 * Real clients for tests: `AscendClient` from `@ascend/core`, pointed at a fake (or the dev
 * server), with small timeouts so fault scenarios finish fast, and tracked so they can all be
 * closed after a test.
 *
 * @packageDocumentation
 */
import { AscendClient, silentLogger, type AscendClientOptions, type FetchLike, type RuntimePort } from '@ascend/core';
import { createWebCryptoSigner } from './fake/signature.js';

/**
 * Defaults for clients in tests: 1 s attempts, 2 quick retries (1–5 ms backoff, `Retry-After`
 * capped at 50 ms), 10 ms approval polls with a 2 s wait, no logs. Any of them can be overridden.
 */
export const TEST_CLIENT_DEFAULTS: Readonly<AscendClientOptions> = Object.freeze({
  agentId: 'test-agent',
  agentName: 'Test Agent',
  timeoutMs: 1000,
  deadlineMs: 10_000,
  retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 },
  approvals: { timeoutMs: 2000, pollIntervalMs: 10 },
  reportSpool: { replayIntervalMs: 10 },
  logger: silentLogger,
});

const NESTED = ['retry', 'circuitBreaker', 'approvals', 'killSwitch', 'heartbeat', 'reportSpool'] as const;

/** Merges client options: top-level keys replace, nested option groups merge key by key. */
export function mergeClientOptions(...layers: ReadonlyArray<AscendClientOptions | undefined>): AscendClientOptions {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      const current = out[key];
      out[key] =
        (NESTED as readonly string[]).includes(key) && typeof value === 'object' && value !== null && typeof current === 'object' && current !== null
          ? { ...current, ...value }
          : value;
    }
  }
  return out;
}

/** Options of {@link createTestClientFactory}. */
export interface TestClientFactoryOptions {
  /** The service's base URL (for msw, any URL the handlers intercept). */
  readonly baseUrl: string;
  /** An API key the service accepts. */
  readonly apiKey: string;
  /** The signing secret the service verifies with, if any. */
  readonly signingSecret?: string;
  /** Client options applied to every client, over {@link TEST_CLIENT_DEFAULTS}. */
  readonly defaults?: AscendClientOptions;
  /** The fetch clients use. @defaultValue the global `fetch`, looked up per call so msw's interception applies */
  readonly fetch?: FetchLike;
}

/** Creates and tracks real clients for one service. */
export interface TestClientFactory {
  /** The options a new client gets before `overrides` (handy for building an `@ascend/node` client yourself). */
  clientOptions(overrides?: AscendClientOptions): AscendClientOptions;
  /** A new real client; an `undefined` value in `overrides` removes a default (e.g. `{ signingSecret: undefined }`). */
  create(overrides?: AscendClientOptions): AscendClient;
  /** Closes every client created so far (flush deadline 0). Never throws. */
  closeAll(): Promise<void>;
}

/**
 * A factory of real `AscendClient`s (core's, with a WebCrypto signer) pointed at `baseUrl`.
 *
 * @example
 * ```ts
 * const clients = createTestClientFactory({ baseUrl: 'https://ascend.test', apiKey: fake.apiKey });
 * const client = clients.create({ failMode: 'open' });
 * afterEach(() => clients.closeAll());
 * ```
 */
export function createTestClientFactory(options: TestClientFactoryOptions): TestClientFactory {
  const created = new Set<AscendClient>();
  const signer = createWebCryptoSigner();
  const fetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const base: AscendClientOptions = { baseUrl: options.baseUrl, apiKey: options.apiKey };
  if (options.signingSecret !== undefined) base.signingSecret = options.signingSecret;
  const clientOptions = (overrides?: AscendClientOptions): AscendClientOptions => {
    const merged = mergeClientOptions(TEST_CLIENT_DEFAULTS, base, options.defaults, overrides);
    // `undefined` means "unset" here, and core rejects nothing for absent keys.
    for (const [key, value] of Object.entries(merged)) if (value === undefined) delete (merged as Record<string, unknown>)[key];
    return merged;
  };
  return {
    clientOptions,
    create(overrides) {
      const port: RuntimePort = {
        fetch,
        signer,
        randomUUID: () => globalThis.crypto.randomUUID(),
        // Tests must not pick up ASCEND_* variables from the developer's shell.
        env: () => undefined,
        runtime: 'ascend-testing',
      };
      const client = new AscendClient(clientOptions(overrides), port);
      created.add(client);
      return client;
    },
    async closeAll() {
      const all = [...created];
      created.clear();
      await Promise.allSettled(all.map((c) => c.close({ flushDeadlineMs: 0 })));
    },
  };
}
