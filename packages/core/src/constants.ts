/**
 * Value objects for the SDK's string unions, for code that prefers `Decision.ALLOWED` to
 * `'allowed'`. Each `as const` object shares its name with the type of the same name, so
 * `import { Decision } from '@ascend/node'` gives both the value and the type. Plain object
 * literals (typed read-only): a bundle that never reads them drops them.
 */
import type { DecisionOutcome } from './decision.js';
import { SDK_VERSION } from './version.js';

/** The outcomes of a governance decision: `Decision.ALLOWED === 'allowed'`, and so on. */
export const Decision = {
  /** `'allowed'`: the action may run. */
  ALLOWED: 'allowed',
  /** `'denied'`: the action must not run. */
  DENIED: 'denied',
  /** `'pending'`: a human must approve first. */
  PENDING: 'pending',
} as const satisfies Record<string, DecisionOutcome>;
/** One outcome of a governance decision (the same union as {@link DecisionOutcome}). */
export type Decision = DecisionOutcome;

/** The fail modes: `FailMode.CLOSED` (block when ASCEND is unreachable, the default) and `FailMode.OPEN`. */
export const FailMode = {
  /** `'closed'`: block (throw) when ASCEND cannot be reached. */
  CLOSED: 'closed',
  /** `'open'`: allow, loudly, when ASCEND cannot be reached. */
  OPEN: 'open',
} as const satisfies Record<string, FailMode>;
/** What happens when no decision can be obtained from the service. */
export type FailMode = 'closed' | 'open';

/** The risk levels the service reports: `RiskLevel.LOW` … `RiskLevel.CRITICAL`. */
export const RiskLevel = {
  /** `'low'`. */
  LOW: 'low',
  /** `'medium'`. */
  MEDIUM: 'medium',
  /** `'high'`. */
  HIGH: 'high',
  /** `'critical'`. */
  CRITICAL: 'critical',
} as const satisfies Record<string, RiskLevel>;
/** Risk levels the service reports. */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/** This SDK's version (the same as {@link SDK_VERSION}). */
export const VERSION: string = SDK_VERSION;
