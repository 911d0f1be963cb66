/**
 * The shape of an option rule, shared by the client's options (`options.ts`) and the per-call
 * options (`call-options.ts`), and the one function that checks a value against it.
 * @internal
 */

/** The longest delay a runtime's setTimeout honours (2^31 - 1 ms); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** A boolean option; the default's type says so. */
export interface BooleanRule {
  readonly default: boolean;
}

/** A case-insensitive choice, normalized to lower case. */
export interface ChoiceRule {
  readonly default: string;
  readonly oneOf: readonly string[];
}

/**
 * An integer between `min` and `max` (default `Number.MAX_SAFE_INTEGER`). A per-call option has no
 * `default` here: it falls back to the client's option.
 */
export interface IntegerRule {
  readonly default?: number;
  readonly min: number;
  readonly max?: number;
}

/** How one option is checked. */
export type Rule = BooleanRule | ChoiceRule | IntegerRule;

/**
 * What is wrong with a given (not undefined) value under `rule`: `must be a boolean`, `must be one
 * of: a, b` (compared in lower case) or `must be an integer between 1 and 10`; undefined when it
 * is fine. The caller words the problem into its own error.
 */
export function ruleProblem(value: unknown, rule: Rule): string | undefined {
  if ('oneOf' in rule) return typeof value === 'string' && rule.oneOf.includes(value.toLowerCase()) ? undefined : `must be one of: ${rule.oneOf.join(', ')}`;
  if (!('min' in rule)) return typeof value === 'boolean' ? undefined : 'must be a boolean';
  const { min, max = Number.MAX_SAFE_INTEGER } = rule;
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? undefined : `must be an integer between ${min} and ${max}`;
}
