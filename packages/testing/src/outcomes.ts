/**
 * The governed-call outcome table, as scenarios: one `MockAscendClient` per outcome every
 * integration must handle (allowed, fail-open allowed, pending then approved, rejected, timed
 * out, denied, kill switch, unavailable, malformed answer), with what must happen. Integration
 * suites (`@ascend/mcp`, the framework adapters, your own) run their tool through each one and
 * assert that nothing runs without an explicit allowed decision or a fail-open synthesis the
 * user chose.
 */
import { MockAscendClient } from './mock/mock-client.js';
import type { MockAscendClientOptions } from './mock/mock-types.js';

/** The outcome names, in the order of the adapters' outcome tables. */
export type GovernedOutcomeName =
  'allowed' | 'fail-open allowed' | 'pending then approved' | 'rejected' | 'timed out' | 'denied' | 'kill switch' | 'unavailable' | 'malformed answer';

/** What a governed call must do in one scenario. */
export interface GovernedOutcomeExpectation {
  /** Whether the tool body runs. */
  readonly runs: boolean;
  /** The block kind (as `@ascend/governance` names it) when it does not run. */
  readonly block: 'denied' | 'approval_timeout' | 'kill_switch' | 'unavailable' | 'error' | undefined;
  /** The run is a fail-open synthesis (the user chose `failMode: 'open'`). */
  readonly failOpen: boolean;
  /** Whether a human decided (approved or rejected) in ASCEND. */
  readonly humanDecided: boolean;
  /** Whether the service records a completion report for the action (fail-open reports stay local). */
  readonly completionRecorded: boolean;
}

/** One scenario of the outcome table. */
export interface GovernedOutcomeScenario {
  /** The outcome. */
  readonly name: GovernedOutcomeName;
  /** How the service answers, in words. */
  readonly setup: string;
  /** A new mock set up for the scenario. Close it after use. */
  readonly client: (options?: MockAscendClientOptions) => MockAscendClient;
  /** What must happen. */
  readonly expected: GovernedOutcomeExpectation;
}

/**
 * The approval wait (ms) to configure on the governed call under test, so `timed out` ends
 * quickly: longer than a few of the mock's 10 ms polls (so `pending then approved` is approved
 * in time), short enough to keep suites fast.
 */
export const OUTCOME_APPROVAL_TIMEOUT_MS = 300;

const none = { block: undefined, failOpen: false, humanDecided: false } as const;

/**
 * The outcome table every governed integration must satisfy, as scenarios.
 *
 * @example
 * ```ts
 * for (const scenario of GOVERNED_OUTCOMES) {
 *   it(scenario.name, async () => {
 *     const client = scenario.client()
 *     let ran = 0
 *     await myGovernedTool(client, () => ran++)
 *     expect(ran).toBe(scenario.expected.runs ? 1 : 0)
 *     await client.close()
 *   })
 * }
 * ```
 */
export const GOVERNED_OUTCOMES: readonly GovernedOutcomeScenario[] = Object.freeze([
  {
    name: 'allowed',
    setup: 'policy allows the action',
    client: (o) => new MockAscendClient({ ...o }),
    expected: { ...none, runs: true, completionRecorded: true },
  },
  {
    name: 'fail-open allowed',
    setup: "the service is unreachable and the client's failMode is 'open'",
    client: (o) => new MockAscendClient({ ...o, failMode: 'open' }).setServiceDown(true, 'network'),
    expected: { ...none, runs: true, failOpen: true, completionRecorded: false },
  },
  {
    name: 'pending then approved',
    setup: 'the action needs a human, who approves it',
    client: (o) => new MockAscendClient({ ...o }).decide('*', 'pending', { resolveWith: 'approve' }),
    expected: { ...none, runs: true, humanDecided: true, completionRecorded: true },
  },
  {
    name: 'rejected',
    setup: 'the action needs a human, who rejects it',
    client: (o) => new MockAscendClient({ ...o }).decide('*', 'pending', { resolveWith: 'reject' }),
    expected: { ...none, runs: false, block: 'denied', humanDecided: true, completionRecorded: false },
  },
  {
    name: 'timed out',
    setup: 'the action needs a human, who never decides',
    client: (o) => new MockAscendClient({ ...o }).decide('*', 'pending'),
    expected: { ...none, runs: false, block: 'approval_timeout', completionRecorded: false },
  },
  {
    name: 'denied',
    setup: 'policy denies the action',
    client: (o) => new MockAscendClient({ ...o }).decide('*', 'denied', { reason: 'Refund limit exceeded', policyViolations: ['FIN-001'] }),
    expected: { ...none, runs: false, block: 'denied', completionRecorded: false },
  },
  {
    name: 'kill switch',
    setup: 'an operator engaged the kill switch',
    client: (o) => new MockAscendClient({ ...o }).setKillSwitch(true, { reason: 'Incident 42' }),
    expected: { ...none, runs: false, block: 'kill_switch', completionRecorded: false },
  },
  {
    name: 'unavailable',
    setup: "the service is unreachable and the client's failMode is 'closed'",
    client: (o) => new MockAscendClient({ ...o, failMode: 'closed' }).setServiceDown(true, 'network'),
    expected: { ...none, runs: false, block: 'unavailable', completionRecorded: false },
  },
  {
    name: 'malformed answer',
    setup: 'the service answers a decision word nobody knows ("ALLOWED"), even in fail-open mode',
    client: (o) => {
      const mock = new MockAscendClient({ ...o, failMode: 'open' });
      mock.service.faults.inject({ kind: 'malformed-body', variant: 'unknown-decision' }, { operation: 'submitAction' });
      return mock;
    },
    expected: { ...none, runs: false, block: 'error', completionRecorded: false },
  },
]);
