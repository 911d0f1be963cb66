/**
 * `@ascend/testing/vitest`: lifecycle helpers and matchers for vitest.
 *
 * - {@link setupAscend} serves a fake ASCEND through msw for the test file: started before all
 *   tests, reset after each, closed after all.
 * - Matchers `toHaveBeenGoverned` and `toHaveNoUngovernedActions`, typed through module
 *   augmentation of vitest's `Assertion`. `setupAscend` installs them; call
 *   {@link installAscendMatchers} yourself when you only use `MockAscendClient`.
 *
 * vitest is an optional peer dependency of `@ascend/testing`, needed for this subpath only;
 * msw is needed only by `setupAscend` and loaded when the first test starts.
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest';
 * import { setupAscend } from '@ascend/testing/vitest';
 *
 * const ascend = setupAscend({ policy: [{ id: 'no-drops', match: { actionType: '*.drop' }, outcome: 'deny' }] });
 *
 * it('asks before dropping', async () => {
 *   const client = ascend.createClient({ agentId: 'db-bot' });
 *   const decision = await client.evaluateAction({ actionType: 'database.drop', resource: 'db' });
 *   expect(decision.decision).toBe('denied');
 *   expect(ascend.fake).toHaveBeenGoverned({ actionType: 'database.drop', outcome: 'denied' });
 * });
 * ```
 *
 * @packageDocumentation
 */
import type { AscendClient, AscendClientOptions } from '@ascend/core';
import type { RequestHandler } from 'msw';
import type { SetupServer } from 'msw/node';
// Kept as a side-effect import so the emitted declarations import 'vitest' too: without it,
// the `declare module 'vitest'` augmentation below is not applied for consumers.
import 'vitest';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import {
  describeActions,
  describeEntries,
  describeMatcher,
  governedActions,
  matchesGovernedAction,
  type GovernanceLedger,
  type GovernanceSource,
  type GovernedActionMatcher,
  type UngovernedOptions,
} from './assertions/governance.js';
import type { FakeAscend } from './fake/fake-api.js';
import { createFakeAscend } from './fake/fake-ascend.js';
import type { FakeAscendOptions } from './fake/fake-options.js';
import { createTestClientFactory } from './test-client.js';

/** The base URL {@link setupAscend} serves the fake on by default. */
export const DEFAULT_TEST_BASE_URL = 'https://ascend.test';

/** Options of {@link setupAscend}: the fake's options plus where and how it is served. */
export interface SetupAscendOptions extends FakeAscendOptions {
  /** The URL the fake is served on (through msw). @defaultValue `https://ascend.test` */
  readonly baseUrl?: string;
  /**
   * An msw server you already run (for your other HTTP mocks). The fake's handlers are added to
   * it before each test with `server.use`; listening and closing stay yours. When omitted,
   * `setupAscend` runs its own server with `onUnhandledRequest`.
   */
  readonly server?: SetupServer;
  /** For the server `setupAscend` runs itself. @defaultValue `'error'` */
  readonly onUnhandledRequest?: 'error' | 'warn' | 'bypass';
  /** Options of every client from `createClient`, over the fast test defaults (`TEST_CLIENT_DEFAULTS`). */
  readonly client?: AscendClientOptions;
}

/** What {@link setupAscend} returns. */
export interface AscendTestContext {
  /** The fake service: admin API, faults, recorded requests. Reset after each test. */
  readonly fake: FakeAscend;
  /** The URL it is served on. */
  readonly baseUrl: string;
  /** An API key it accepts. */
  readonly apiKey: string;
  /** The msw server; available once the first test has started. */
  readonly server: SetupServer;
  /**
   * A real `AscendClient` pointed at the fake, with fast test defaults (and the fake's signing
   * secret, when it has one). Closed automatically after the test.
   */
  createClient(options?: AscendClientOptions): AscendClient;
  /** The options `createClient` would use, to build a client yourself (e.g. `new AscendClient(ascend.clientOptions())` from `@ascend/node`). */
  clientOptions(options?: AscendClientOptions): AscendClientOptions;
}

/**
 * Serves a fake ASCEND through msw for the current test file. Registers `beforeAll` (start
 * msw), `beforeEach` (install the handlers on a shared server), `afterEach` (close the test's
 * clients, reset the fake, its faults and its policy) and `afterAll` (stop msw), and installs
 * the matchers. Call it at the top level of a test file or inside a `describe`.
 *
 * @example
 * ```ts
 * const ascend = setupAscend({ policy: [{ id: 'big-refunds', match: { actionType: '*.refund', params: [{ param: 'amount', op: '>', value: 100 }] }, outcome: 'require_approval' }] });
 * ```
 */
export function setupAscend(options: SetupAscendOptions = {}): AscendTestContext {
  const { baseUrl = DEFAULT_TEST_BASE_URL, server: sharedServer, onUnhandledRequest = 'error', client, ...fakeOptions } = options;
  const fake = createFakeAscend(fakeOptions);
  const initialPolicy = { rules: [...fake.policy.rules], default: fake.policy.default };
  const clients = createTestClientFactory({
    baseUrl,
    apiKey: fake.apiKey,
    ...(fakeOptions.signingSecret !== undefined ? { signingSecret: fakeOptions.signingSecret } : {}),
    ...(client ? { defaults: client } : {}),
  });
  let server: SetupServer | undefined = sharedServer;
  let handlers: RequestHandler[] | undefined;
  installAscendMatchers();

  beforeAll(async () => {
    // msw is loaded here, not at import time, so matcher-only users need not install it.
    const { ascendHandlers } = await import('./msw.js');
    handlers = ascendHandlers(fake, { baseUrl });
    if (!sharedServer) {
      const { setupServer } = await import('msw/node');
      server = setupServer(...handlers);
      server.listen({ onUnhandledRequest });
    }
  });
  beforeEach(() => {
    if (sharedServer && handlers) sharedServer.use(...handlers);
  });
  afterEach(async () => {
    await clients.closeAll();
    fake.reset();
    fake.setPolicy(initialPolicy);
    if (!sharedServer) server?.resetHandlers();
  });
  afterAll(() => {
    if (!sharedServer) server?.close();
  });

  return {
    fake,
    baseUrl,
    apiKey: fake.apiKey,
    get server(): SetupServer {
      if (!server) throw new Error('setupAscend: the msw server starts in beforeAll; use `server` inside a test or hook');
      return server;
    },
    createClient: (overrides) => clients.create(overrides),
    clientOptions: (overrides) => clients.clientOptions(overrides),
  };
}

// ---------------------------------------------------------------------------------------------
// Matchers

/** Result of a matcher, as vitest expects it. */
interface MatcherOutcome {
  pass: boolean;
  message: () => string;
}

function isLedger(value: unknown): value is GovernanceLedger {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as GovernanceLedger).markExecuted === 'function' &&
    typeof (value as GovernanceLedger).ungoverned === 'function'
  );
}

/**
 * The matchers, for `expect.extend(ascendMatchers)`:
 *
 * - `expect(mockOrFake).toHaveBeenGoverned(matcher)`: some action matching `matcher` went
 *   through ASCEND (see {@link GovernedActionMatcher}).
 * - `expect(ledger).toHaveNoUngovernedActions(options?)`: every execution recorded in the
 *   ledger ran under an allowed decision.
 */
export const ascendMatchers = {
  toHaveBeenGoverned(received: unknown, matcher: GovernedActionMatcher = {}): MatcherOutcome {
    let all;
    try {
      all = governedActions(received as GovernanceSource);
    } catch (error) {
      return { pass: false, message: () => (error instanceof Error ? error.message : String(error)) };
    }
    const pass = all.some((a) => matchesGovernedAction(a, matcher));
    return {
      pass,
      message: () =>
        pass
          ? `expected no action matching ${describeMatcher(matcher)} to have been governed, but one was`
          : `expected an action matching ${describeMatcher(matcher)} to have been governed, but ${describeActions(all)}`,
    };
  },
  toHaveNoUngovernedActions(received: unknown, options: UngovernedOptions = {}): MatcherOutcome {
    if (!isLedger(received)) {
      return { pass: false, message: () => 'expected a ledger from createGovernanceLedger()' };
    }
    const bad = received.ungoverned(options);
    return {
      pass: bad.length === 0,
      message: () =>
        bad.length === 0
          ? `expected some ungoverned actions, but all ${received.executions.length} execution(s) had an allowed decision`
          : `${bad.length} action(s) ran without an allowed ASCEND decision:\n${describeEntries(bad)}`,
    };
  },
};

let installed = false;

/** Registers {@link ascendMatchers} with vitest's `expect`. Idempotent. */
export function installAscendMatchers(): void {
  if (installed) return;
  expect.extend(ascendMatchers);
  installed = true;
}

/** The matchers' types, merged into vitest's `Assertion` and asymmetric matchers. */
export interface AscendMatchers<R = unknown> {
  /** Passes when the mock or fake governed an action matching `matcher`. */
  toHaveBeenGoverned(matcher?: GovernedActionMatcher): R;
  /** Passes when every execution in the ledger ran under an allowed decision. */
  toHaveNoUngovernedActions(options?: UngovernedOptions): R;
}

declare module 'vitest' {
  // Type parameters must match vitest's own declarations for the merge to work.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-unused-vars
  interface Assertion<T = any> extends AscendMatchers<void> {}
  interface AsymmetricMatchersContaining extends AscendMatchers<unknown> {}
}
