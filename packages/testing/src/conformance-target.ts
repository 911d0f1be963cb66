/**
 * What the conformance suite runs against: the {@link ConformanceTarget} interface (a client
 * factory and admin hooks, in-process or over an admin HTTP API), and
 * {@link fakeConformanceTarget}, the target over an in-process fake.
 *
 * @packageDocumentation
 */
import type { AscendClientOptions } from '@ascend/core';
import type { FakeAscend } from './fake/fake-api.js';
import type { Fault, FaultScope } from './fake/faults.js';
import type { OperationName } from './fake/operations.js';
import type { AscendClientApi } from './mock/public-api.js';
import { createTestClientFactory, type TestClientFactoryOptions } from './test-client.js';

/**
 * The service under test, as the suite sees it. Every hook may be async (an admin HTTP call).
 * `setup` is called once per test; return a fresh service or one reset to a clean state.
 */
export interface ConformanceTarget {
  /**
   * A real client pointed at the service, signing with {@link ConformanceTarget.signingSecret},
   * with `overrides` applied on top (an `undefined` value removes a setting, e.g.
   * `{ signingSecret: undefined }`). Use small timeouts and retry delays; `cleanup` closes it.
   */
  createClient(overrides?: AscendClientOptions): AscendClientApi;
  /** Approves a pending action (by its action id) as `by`. */
  approve(actionId: string, input?: { readonly by?: string; readonly comment?: string }): void | Promise<void>;
  /** Rejects a pending action with `reason`. */
  reject(actionId: string, input?: { readonly by?: string; readonly reason?: string }): void | Promise<void>;
  /** Turns the kill switch on or off; turning it on must also broadcast a `BLOCK` command (as the fake does by default). */
  setKillSwitch(active: boolean, input?: { readonly reason?: string }): void | Promise<void>;
  /** Injects a fault, with the fake's fault model (see `FaultController.inject`). */
  injectFault(fault: Fault, scope?: FaultScope): void | Promise<void>;
  /** How many requests of `operation` the service has received. */
  countRequests(operation: OperationName): number | Promise<number>;
  /** How many actions the service has created. */
  countActions(): number | Promise<number>;
  /** The secret the service verifies request signatures with; it must reject unsigned and wrongly signed requests. */
  readonly signingSecret: string;
  /** Called after each test, also when it failed: close clients, reset state. */
  cleanup?(): void | Promise<void>;
}

/** Options of {@link fakeConformanceTarget}: where the fake is served, and client defaults. */
export type FakeConformanceTargetOptions = Omit<TestClientFactoryOptions, 'apiKey' | 'signingSecret'>;

/**
 * A {@link ConformanceTarget} over an in-process fake (served by msw or another adapter at
 * `baseUrl`). The fake must have been created with a `signingSecret`.
 *
 * @throws TypeError when the fake verifies no signatures (the suite needs a signing secret).
 */
export function fakeConformanceTarget(fake: FakeAscend, options: FakeConformanceTargetOptions & { readonly signingSecret: string }): ConformanceTarget {
  if (!options.signingSecret) throw new TypeError('fakeConformanceTarget: pass the signingSecret the fake was created with');
  const clients = createTestClientFactory({ ...options, apiKey: fake.apiKey, signingSecret: options.signingSecret });
  return {
    signingSecret: options.signingSecret,
    createClient: (overrides) => clients.create(overrides),
    approve: (actionId, input = {}) => void fake.approve(Number(actionId), input),
    reject: (actionId, input = {}) => void fake.reject(Number(actionId), input),
    setKillSwitch: (active, input = {}) => void fake.setKillSwitch(active, input),
    injectFault: (fault, scope) => void fake.faults.inject(fault, scope),
    countRequests: (operation) => fake.requestsFor(operation).length,
    countActions: () => fake.listActions().length,
    cleanup: async () => {
      await clients.closeAll();
      fake.reset();
    },
  };
}
