/**
 * The vocabulary of the fake's policy rules: outcomes, risk levels, condition operators, the
 * rule and policy document shapes, and what a policy is evaluated against and returns.
 *
 * @packageDocumentation
 */
import type { JsonObject, JsonValue } from './json.js';

export type PolicyOutcome = 'allow' | 'deny' | 'require_approval';

/** Risk level vocabulary of the protocol (reference §4.2). */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

/** A comparison operator of a {@link PolicyCondition}. */
export type ConditionOp = '>' | '>=' | '<' | '<=' | '==' | '!=' | 'in' | 'not_in' | 'exists' | 'not_exists' | 'matches';

/**
 * One test on a field of the action. `param` is a dotted path into the object the condition list
 * applies to (`action_details`, `context` or `risk_indicators`), e.g. `amount` or `customer.tier`.
 *
 * - `>` `>=` `<` `<=`: `value` is a number; the field must be a number or a numeric string.
 * - `==` `!=`: `value` is any JSON value, compared structurally.
 * - `in` `not_in`: `value` is an array of JSON values.
 * - `exists` `not_exists`: no `value`.
 * - `matches`: `value` is a glob (see {@link PolicyMatch}); the field must be a string.
 *
 * A condition on a missing field is false, except `!=`, `not_in` and `not_exists`.
 */
export interface PolicyCondition {
  /** Dotted path of the field to test. */
  readonly param: string;
  /** The operator. */
  readonly op: ConditionOp;
  /** The operand; omitted for `exists` and `not_exists`. */
  readonly value?: JsonValue;
}

/**
 * What a rule applies to. Every given criterion must hold (AND); a list of globs matches when any
 * glob does (OR). Globs are case-insensitive, `*` matches any run of characters (dots and slashes
 * included) and `?` exactly one. An empty or missing `match` matches every action.
 */
export interface PolicyMatch {
  /** Glob(s) on `action_type`, e.g. `financial.*` or `*.drop`. */
  readonly actionType?: string | readonly string[];
  /** Glob(s) on `resource`, e.g. `*prod*` or `/etc/*`. */
  readonly resource?: string | readonly string[];
  /**
   * Glob(s) on the environment: the action's `context.environment`, else the MCP body's
   * `environment`, else the `X-Environment` header, else the registered agent's environment.
   */
  readonly environment?: string | readonly string[];
  /** Glob(s) on `agent_id`. */
  readonly agentId?: string | readonly string[];
  /** Conditions on `action_details` (the caller's parameters). */
  readonly params?: readonly PolicyCondition[];
  /** Conditions on `context`. */
  readonly context?: readonly PolicyCondition[];
  /** Conditions on `risk_indicators`. */
  readonly riskIndicators?: readonly PolicyCondition[];
}

/**
 * One policy rule.
 *
 * @example
 * ```json
 * { "id": "refund-over-limit", "match": { "actionType": "*.refund",
 *   "params": [{ "param": "amount", "op": ">", "value": 100 }] },
 *   "outcome": "require_approval", "reason": "Refunds above 100 need a human", "riskScore": 65 }
 * ```
 */
export interface PolicyRule {
  /** Unique id; reported as the matched policy and in `metadata.rule_id`. */
  readonly id: string;
  /** Human-readable name; defaults to the id. */
  readonly name?: string;
  /** Free text for dashboards. */
  readonly description?: string;
  /** What the rule applies to; omitted means every action. */
  readonly match?: PolicyMatch;
  /** The decision. */
  readonly outcome: PolicyOutcome;
  /** The decision's `reason`; a default per outcome names the rule. */
  readonly reason?: string;
  /** Policy violation codes reported with the decision (typically for `deny`). */
  readonly violations?: readonly string[];
  /**
   * Risk score 0–100, used exactly. When omitted: 20 (allow), 60 (require_approval) or 90 (deny),
   * raised by risk indicators (see {@link computeRiskScore}).
   */
  readonly riskScore?: number;
  /** `required_approvers` for a pending decision. */
  readonly approvers?: readonly string[];
}

/** The outcome used when no rule matches. */
export interface PolicyDefault {
  /** The decision. */
  readonly outcome: PolicyOutcome;
  /** The decision's `reason`. */
  readonly reason?: string;
  /** Risk score, as in {@link PolicyRule.riskScore}. */
  readonly riskScore?: number;
  /** Violation codes. */
  readonly violations?: readonly string[];
  /** Approvers for a pending default. */
  readonly approvers?: readonly string[];
}

/** A policy as loaded from JSON: rules plus the default outcome. */
export interface PolicyDocument {
  /** The rules, first match wins. */
  readonly rules: readonly PolicyRule[];
  /** Used when no rule matches; defaults to {@link DEFAULT_POLICY_DEFAULT}. */
  readonly default?: PolicyDefault;
}

/** What a policy is evaluated against. */
export interface PolicyInput {
  /** `action_type`. */
  readonly actionType: string;
  /** `resource`. */
  readonly resource: string;
  /** The environment (see {@link PolicyMatch.environment}). */
  readonly environment?: string | null;
  /** `agent_id`. */
  readonly agentId?: string | null;
  /** `action_details`. */
  readonly params?: JsonObject;
  /** `context`. */
  readonly context?: JsonObject;
  /** `risk_indicators`. */
  readonly riskIndicators?: JsonObject;
}

/** The result of evaluating a policy. */
export interface PolicyEvaluation {
  /** The decision. */
  readonly outcome: PolicyOutcome;
  /** The rule that matched, or null when the default applied. */
  readonly rule: PolicyRule | null;
  /** Risk score 0–100. */
  readonly riskScore: number;
  /** Level derived from the score. */
  readonly riskLevel: RiskLevel;
  /** Human-readable reason. */
  readonly reason: string;
  /** Violation codes. */
  readonly violations: readonly string[];
  /** Approvers for a pending decision. */
  readonly approvers: readonly string[];
}
