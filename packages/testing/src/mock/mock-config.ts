/**
 * The configuration of `MockAscendClient`: its option checks and defaults, the policy of
 * unscripted actions, the real client's options inside the mock, and the simulated outages.
 * @internal
 */
import { silentLogger, type AscendClientOptions, type DecisionOutcome, type FailMode } from '@ascend/core';
import type { FakeAscend } from '../fake/fake-api.js';
import { parsePolicyDocument } from '../fake/policy-parse.js';
import type { PolicyDocument } from '../fake/policy-types.js';
import { mergeClientOptions } from '../test-client.js';
import type { MockAscendClientOptions, OutageKind } from './mock-types.js';
import { POLICY_OUTCOME } from './scripted-service.js';

/** The reason of a decision whose script gives none. */
export const DEFAULT_REASONS: Readonly<Record<DecisionOutcome, string>> = {
  allowed: 'Allowed by mock policy',
  denied: 'Denied by mock policy',
  pending: 'Requires human approval',
};

/** The outcomes a script may give. */
export const DECISIONS: readonly DecisionOutcome[] = ['allowed', 'denied', 'pending'];
const BASE_URL = 'https://mock.ascend.test';
/** The fake's fault for each kind of simulated outage. */
export const OUTAGES = {
  network: { kind: 'outage' },
  timeout: { kind: 'hang' },
  'server-error': { kind: 'server-error', status: 503, detail: 'Service unavailable (simulated outage)' },
} as const satisfies Record<OutageKind, Parameters<FakeAscend['faults']['inject']>[0]>;

/** Options of the real client inside the mock, before the user's `client` options. */
const MOCK_CLIENT_DEFAULTS: Readonly<AscendClientOptions> = Object.freeze({
  timeoutMs: 250,
  retry: { maxRetries: 0 },
  circuitBreaker: { enabled: false },
  approvals: { pollIntervalMs: 10 },
  reportSpool: { replayIntervalMs: 10 },
  logger: silentLogger,
});

/**
 * Checks the options that have no later check, in order: `defaultDecision`, `failMode`,
 * `firstActionId`, with their defaults applied.
 * @throws TypeError naming the option.
 */
export function readMockOptions(options: MockAscendClientOptions): {
  readonly defaultDecision: DecisionOutcome;
  readonly failMode: FailMode;
  readonly firstActionId: number;
} {
  const defaultDecision = options.defaultDecision ?? 'allowed';
  if (!DECISIONS.includes(defaultDecision)) throw new TypeError(`defaultDecision must be allowed, denied or pending; got ${String(defaultDecision)}`);
  const failMode = options.failMode ?? 'closed';
  if (failMode !== 'closed' && failMode !== 'open') throw new TypeError(`failMode must be 'closed' or 'open'; got ${String(failMode)}`);
  const firstActionId = options.firstActionId ?? 1;
  if (!Number.isSafeInteger(firstActionId) || firstActionId < 1) throw new TypeError('firstActionId must be a positive integer');
  return { defaultDecision, failMode, firstActionId };
}

/** The policy of unscripted actions: `options.policy`, else `defaultDecision` for every action. */
export function basePolicy(options: MockAscendClientOptions, defaultDecision: DecisionOutcome): PolicyDocument {
  return options.policy === undefined
    ? { rules: [], default: { outcome: POLICY_OUTCOME[defaultDecision], reason: DEFAULT_REASONS[defaultDecision] } }
    : parsePolicyDocument(options.policy);
}

/** The options of the real client inside the mock: the mock's defaults, then `options.client`. */
export function mockClientOptions(options: MockAscendClientOptions, apiKey: string, environment: string, failMode: FailMode): AscendClientOptions {
  const agentId = 'agentId' in options ? options.agentId : 'mock-agent';
  const merged = mergeClientOptions(
    MOCK_CLIENT_DEFAULTS,
    { baseUrl: BASE_URL, apiKey, agentId, agentName: options.agentName, environment, failMode },
    { approvals: { timeoutMs: options.approvalTimeoutMs ?? 60_000 } },
    options.client,
  );
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete (merged as Record<string, unknown>)[key];
  return merged;
}
