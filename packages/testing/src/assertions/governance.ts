/**
 * Framework-agnostic governance assertions: "this action was submitted to ASCEND with these
 * parameters" and "no action ran without an allowed decision". They work on either test double,
 * a {@link MockAscendClient} (unit tests) or a {@link FakeAscend} (integration tests over msw or
 * the dev server), and throw a {@link GovernanceAssertionError} that any test runner reports.
 *
 * @packageDocumentation
 */
import type { AuthorizationDecision, DecisionOutcome } from '@ascend/core';
import type { FakeAscend } from '../fake/fake-api.js';
import { globMatch } from '../fake/policy-match.js';
import { MockAscendClient } from '../mock/mock-client.js';

/** A test double that knows which actions ASCEND decided: the mock client or the fake service. */
export type GovernanceSource = MockAscendClient | FakeAscend;

/** One action as the governance source saw it, in a shape common to the mock and the fake. */
export interface GovernedAction {
  /** The action id (numeric string; `fail_open_…` for a fail-open decision of the mock). */
  readonly actionId: string;
  /** `action_type`. */
  readonly actionType: string;
  /** `resource`. */
  readonly resource: string;
  /** The parameters (`action_details`). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The context. */
  readonly context: Readonly<Record<string, unknown>>;
  /** The risk indicators. */
  readonly riskIndicators: Readonly<Record<string, unknown>>;
  /** The current outcome: `allowed` (by policy or approval), `denied` (incl. rejected/expired) or `pending`. */
  readonly outcome: DecisionOutcome;
  /** The current lifecycle state, e.g. `approved`, `rejected`, `pending_approval` (fake) or `pending` (mock). */
  readonly state: string;
  /** True for a decision the mock synthesized in fail-open mode: the service never saw it. */
  readonly failOpen: boolean;
  /** The completion or failure report received, if any. */
  readonly executed: 'completed' | 'failed' | undefined;
}

/** Which governed actions to look for. Every given field must match. */
export interface GovernedActionMatcher {
  /** A glob or a list of globs (case-insensitive, `*` matches anything). */
  readonly actionType?: string | readonly string[];
  /** A glob or a list of globs. */
  readonly resource?: string | readonly string[];
  /** A subset of the parameters: each key given must be deeply equal (objects match recursively as subsets). */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** A subset of the context, matched like `parameters`. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** A subset of the risk indicators, matched like `parameters`. */
  readonly riskIndicators?: Readonly<Record<string, unknown>>;
  /** The current outcome. */
  readonly outcome?: DecisionOutcome;
  /** Whether a completion or failure was reported (`true`: either; or the exact kind). */
  readonly executed?: boolean | 'completed' | 'failed';
  /** Include the mock's fail-open decisions (which ASCEND never saw). @defaultValue false */
  readonly includeFailOpen?: boolean;
}

/** Thrown by the assertions of this module; the message says what was expected and what was seen. */
export class GovernanceAssertionError extends Error {
  /** Always `'GovernanceAssertionError'`. */
  override readonly name = 'GovernanceAssertionError';
}

function isMock(source: GovernanceSource): source is MockAscendClient {
  return source instanceof MockAscendClient;
}

function isFake(source: unknown): source is FakeAscend {
  return (
    typeof source === 'object' &&
    source !== null &&
    typeof (source as FakeAscend).listActions === 'function' &&
    typeof (source as FakeAscend).handle === 'function'
  );
}

function assertSource(source: unknown): asserts source is GovernanceSource {
  if (!(source instanceof MockAscendClient) && !isFake(source)) {
    throw new TypeError('expected a MockAscendClient or a fake from createFakeAscend() as the governance source');
  }
}

/** Every action the source has decided, oldest first, in the common {@link GovernedAction} shape. */
export function governedActions(source: GovernanceSource): GovernedAction[] {
  assertSource(source);
  if (isMock(source)) {
    return source.actions.map((a) => ({
      actionId: a.actionId,
      actionType: a.request.actionType,
      resource: a.request.resource,
      parameters: a.request.parameters ?? {},
      context: a.request.context ?? {},
      riskIndicators: a.request.riskIndicators ?? {},
      outcome: a.decision.decision,
      state: a.state,
      failOpen: a.failOpen,
      executed: a.execution?.kind,
    }));
  }
  return source.listActions().map((a) => ({
    actionId: String(a.id),
    actionType: a.actionType,
    resource: a.resource,
    parameters: a.actionDetails,
    context: a.context,
    riskIndicators: a.riskIndicators,
    outcome: a.decision,
    state: a.status,
    failOpen: false,
    executed: a.execution ? a.execution.state : undefined,
  }));
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** True when every key of `expected` is in `actual` with an equal value (objects compared as subsets, arrays exactly). */
function isSubset(expected: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(expected).every(([key, value]) => {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) return false;
    const got = actual[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && typeof got === 'object' && got !== null && !Array.isArray(got)) {
      return isSubset(value as Record<string, unknown>, got as Record<string, unknown>);
    }
    return deepEqual(value, got);
  });
}

function globs(patterns: string | readonly string[] | undefined, value: string): boolean {
  if (patterns === undefined) return true;
  return (typeof patterns === 'string' ? [patterns] : patterns).some((p) => globMatch(p, value));
}

/** True when `action` satisfies `matcher`. */
export function matchesGovernedAction(action: GovernedAction, matcher: GovernedActionMatcher): boolean {
  if (action.failOpen && !matcher.includeFailOpen) return false;
  if (!globs(matcher.actionType, action.actionType)) return false;
  if (!globs(matcher.resource, action.resource)) return false;
  if (matcher.parameters && !isSubset(matcher.parameters, action.parameters)) return false;
  if (matcher.context && !isSubset(matcher.context, action.context)) return false;
  if (matcher.riskIndicators && !isSubset(matcher.riskIndicators, action.riskIndicators)) return false;
  if (matcher.outcome !== undefined && action.outcome !== matcher.outcome) return false;
  if (matcher.executed !== undefined) {
    if (matcher.executed === true && action.executed === undefined) return false;
    if (matcher.executed === false && action.executed !== undefined) return false;
    if (typeof matcher.executed === 'string' && action.executed !== matcher.executed) return false;
  }
  return true;
}

/** The source's actions that satisfy `matcher`, oldest first. */
export function findGovernedActions(source: GovernanceSource, matcher: GovernedActionMatcher = {}): GovernedAction[] {
  return governedActions(source).filter((a) => matchesGovernedAction(a, matcher));
}

/** A one-line description of a matcher, for failure messages. */
export function describeMatcher(matcher: GovernedActionMatcher): string {
  return JSON.stringify(matcher);
}

/** A short list of what the source saw, for failure messages. */
export function describeActions(actions: readonly GovernedAction[]): string {
  if (actions.length === 0) return 'no actions were submitted to ASCEND';
  const lines = actions
    .slice(-10)
    .map((a) => `  #${a.actionId} ${a.actionType} on ${a.resource} → ${a.outcome}${a.failOpen ? ' (fail-open)' : ''} ${JSON.stringify(a.parameters)}`);
  return `${actions.length} action(s) were submitted${actions.length > 10 ? ' (last 10 shown)' : ''}:\n${lines.join('\n')}`;
}

/**
 * Asserts that at least one action matching `matcher` went through ASCEND, and returns the
 * matches. Works with a {@link MockAscendClient} or a fake.
 *
 * @throws {@link GovernanceAssertionError} listing what was submitted instead.
 * @example
 * ```ts
 * expectGoverned(mock, { actionType: 'transaction.refund', parameters: { order_id: 'ord_456' } });
 * ```
 */
export function expectGoverned(source: GovernanceSource, matcher: GovernedActionMatcher): GovernedAction[] {
  const all = governedActions(source);
  const matches = all.filter((a) => matchesGovernedAction(a, matcher));
  if (matches.length === 0) {
    throw new GovernanceAssertionError(`expected an action matching ${describeMatcher(matcher)} to have been governed, but ${describeActions(all)}`);
  }
  return matches;
}

// ---------------------------------------------------------------------------------------------
// The ledger: what the agent actually executed

/** One execution the agent under test recorded. */
export interface LedgerEntry {
  /** The action id the agent said it executed under. */
  readonly actionId: string;
  /** A label for messages, e.g. the tool name. */
  readonly label: string | undefined;
  /** The source's outcome for that id when the execution was recorded; `unknown` for an id it never issued. */
  readonly outcomeAtExecution: DecisionOutcome | 'unknown';
  /** True when the decision was a fail-open synthesis (no service decision). */
  readonly failOpen: boolean;
}

/** Options of {@link GovernanceLedger.ungoverned} and {@link assertNoUngovernedActions}. */
export interface UngovernedOptions {
  /** Count executions under a fail-open decision as governed. @defaultValue false */
  readonly allowFailOpen?: boolean;
}

/** Records what an agent under test executed, to prove nothing ran without an allowed decision. */
export interface GovernanceLedger {
  /**
   * Records that the agent executed an action under `action` (its decision or action id). The
   * source's decision for that id is looked up now, so an action run while still pending is
   * caught even if it is approved later.
   */
  markExecuted(action: AuthorizationDecision | string | number, details?: { readonly label?: string }): void;
  /** Every recorded execution, oldest first. */
  readonly executions: readonly LedgerEntry[];
  /** Executions that had no allowed decision when they ran. */
  ungoverned(options?: UngovernedOptions): LedgerEntry[];
  /** Forgets every execution. */
  clear(): void;
}

/**
 * Creates a ledger bound to `source` (a {@link MockAscendClient} or a fake). Give the agent a
 * hook that calls `ledger.markExecuted(decision)` right where it performs the side effect, then
 * assert with {@link assertNoUngovernedActions} (or the vitest matcher
 * `toHaveNoUngovernedActions`).
 *
 * @example
 * ```ts
 * const ledger = createGovernanceLedger(mock);
 * const agent = new RefundAgent(mock, { onExecute: (decision) => ledger.markExecuted(decision) });
 * await agent.processRefund(request);
 * assertNoUngovernedActions(ledger);
 * ```
 */
export function createGovernanceLedger(source: GovernanceSource): GovernanceLedger {
  assertSource(source);
  let entries: LedgerEntry[] = [];
  const outcomeOf = (actionId: string): { outcome: DecisionOutcome | 'unknown'; failOpen: boolean } => {
    if (isMock(source)) {
      const action = source.findAction(actionId);
      return action ? { outcome: action.decision.decision, failOpen: action.failOpen } : { outcome: 'unknown', failOpen: false };
    }
    const action = /^\d+$/.test(actionId) ? source.getAction(Number(actionId)) : undefined;
    return action ? { outcome: action.decision, failOpen: false } : { outcome: 'unknown', failOpen: false };
  };
  return {
    markExecuted(action, details = {}) {
      const decision = typeof action === 'object' ? action : undefined;
      const actionId = typeof action === 'object' ? action.actionId : String(action);
      const seen = outcomeOf(actionId);
      // A fail-open decision of the real client never reached the fake: trust its own marker.
      const failOpen = seen.failOpen || decision?.failOpen !== undefined;
      const outcome = seen.outcome === 'unknown' && decision?.failOpen !== undefined ? 'allowed' : seen.outcome;
      entries.push({ actionId, label: details.label, outcomeAtExecution: outcome, failOpen });
    },
    get executions() {
      return entries;
    },
    ungoverned(options = {}) {
      return entries.filter((e) => e.outcomeAtExecution !== 'allowed' || (e.failOpen && !options.allowFailOpen));
    },
    clear() {
      entries = [];
    },
  };
}

/** Describes ledger entries for failure messages. */
export function describeEntries(entries: readonly LedgerEntry[]): string {
  return entries
    .map(
      (e) =>
        `  #${e.actionId}${e.label ? ` (${e.label})` : ''}: ${e.failOpen ? 'fail-open' : e.outcomeAtExecution === 'unknown' ? 'never decided by ASCEND' : e.outcomeAtExecution}`,
    )
    .join('\n');
}

/**
 * Asserts that every execution recorded in `ledger` ran under an allowed decision.
 * @throws {@link GovernanceAssertionError} listing the ungoverned executions.
 */
export function assertNoUngovernedActions(ledger: GovernanceLedger, options: UngovernedOptions = {}): void {
  const bad = ledger.ungoverned(options);
  if (bad.length > 0) {
    throw new GovernanceAssertionError(`${bad.length} action(s) ran without an allowed ASCEND decision:\n${describeEntries(bad)}`);
  }
}
