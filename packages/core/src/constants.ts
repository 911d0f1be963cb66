/**
 * Value objects for the SDK's string unions, for code that prefers `Decision.ALLOWED` to
 * `'allowed'`. Each `as const` object shares its name with the type of the same name, so
 * `import { Decision } from '@ascend/node'` gives both the value and the type. Plain object
 * literals (typed read-only): a bundle that never reads them drops them.
 */
import type { DecisionOutcome, RiskLevel as RiskLevelType } from './decision.js';
import type { FailMode as FailModeType } from './options.js';
import { SDK_VERSION } from './version.js';

/** The outcomes of a governance decision: `Decision.ALLOWED === 'allowed'`, and so on. */
export const Decision = { ALLOWED: 'allowed', DENIED: 'denied', PENDING: 'pending' } as const satisfies Record<string, DecisionOutcome>;
/** One outcome of a governance decision (the same union as {@link DecisionOutcome}). */
export type Decision = DecisionOutcome;

/** The fail modes: `FailMode.CLOSED` (block when ASCEND is unreachable, the default) and `FailMode.OPEN`. */
export const FailMode = { CLOSED: 'closed', OPEN: 'open' } as const satisfies Record<string, FailModeType>;
/** What happens when no decision can be obtained from the service. */
export type FailMode = FailModeType;

/** The risk levels the service reports: `RiskLevel.LOW` … `RiskLevel.CRITICAL`. */
export const RiskLevel = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' } as const satisfies Record<string, RiskLevelType>;
/** A risk level the service reports. */
export type RiskLevel = RiskLevelType;

/** This SDK's version (the same as {@link SDK_VERSION}). */
export const VERSION: string = SDK_VERSION;
