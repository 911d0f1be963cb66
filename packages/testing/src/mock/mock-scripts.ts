/**
 * The mock's decision scripts: what one is, the check of what it returns, and how a scripted
 * decision becomes the fake's policy for that one action.
 * @internal
 */
import type { DecisionOutcome } from '@ascend/core';
import { DECISIONS, DEFAULT_REASONS } from './mock-config.js';
import type { DecisionFunction, ScriptedDecision } from './mock-types.js';
import { POLICY_OUTCOME, type ScriptOutcome } from './scripted-service.js';

/** A script, with how many more actions it may decide (`undefined`: unlimited). */
export interface Script {
  readonly resolve: DecisionFunction;
  remaining: number | undefined;
}

function isScriptedDecision(value: unknown): value is ScriptedDecision {
  return typeof value === 'object' && value !== null && typeof (value as ScriptedDecision).decision === 'string';
}

/**
 * What a script returned, as a {@link ScriptedDecision}.
 * @throws TypeError when it is neither an outcome nor a `{ decision }` object.
 */
export function scriptedDecisionOf(result: DecisionOutcome | ScriptedDecision): ScriptedDecision {
  if (typeof result === 'string' && !DECISIONS.includes(result)) {
    throw new TypeError(`a decision script returned ${JSON.stringify(result)}; expected allowed, denied or pending`);
  }
  const scripted = typeof result === 'string' ? { decision: result } : result;
  if (!isScriptedDecision(scripted) || !DECISIONS.includes(scripted.decision)) {
    throw new TypeError('a decision script returned something that is neither an outcome nor a { decision } object');
  }
  return scripted;
}

/** The fake's policy (and wire overrides) for one action a script decided. */
export function scriptOutcome(scripted: ScriptedDecision): ScriptOutcome {
  const { decision, reason, riskScore, riskLevel, policyViolations, conditions, requiredApprovers, resolveWith, wire } = scripted;
  const overrides = { ...(riskLevel ? { risk_level: riskLevel } : {}), ...(conditions ? { conditions: [...conditions] } : {}), ...wire };
  return {
    policy: {
      rules: [],
      default: {
        outcome: POLICY_OUTCOME[decision],
        reason: reason ?? DEFAULT_REASONS[decision],
        ...(riskScore !== undefined ? { riskScore } : {}),
        ...(policyViolations ? { violations: [...policyViolations] } : {}),
        ...(requiredApprovers ? { approvers: [...requiredApprovers] } : {}),
      },
    },
    resolveWith: decision === 'pending' ? resolveWith : undefined,
    overrides: Object.keys(overrides).length > 0 ? overrides : undefined,
  };
}
