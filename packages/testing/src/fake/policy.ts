/**
 * Policy evaluation for the fake: a first-match-wins list of rules turns a submitted action into
 * allow, deny or require-approval with a risk score. The rule types live in `policy-types.ts`,
 * matching in `policy-match.ts`, risk scoring in `policy-risk.ts`, the default rules in
 * `policy-defaults.ts` and validation of rules from JSON in `policy-parse.ts`.
 *
 * @packageDocumentation
 */
import { DEFAULT_POLICY_DEFAULT } from './policy-defaults.js';
import { ruleMatches } from './policy-match.js';
import { computeRiskScore, riskLevelFromScore } from './policy-risk.js';
import type { PolicyDefault, PolicyEvaluation, PolicyInput, PolicyOutcome, PolicyRule } from './policy-types.js';

const DEFAULT_REASONS: Record<PolicyOutcome, string> = {
  allow: 'Allowed by policy',
  deny: 'Denied by policy',
  require_approval: 'Requires human approval',
};

/**
 * Evaluates `rules` in order against `input`; the first matching rule decides, else
 * `fallback`. Pure: no state, no time.
 */
export function evaluatePolicy(rules: readonly PolicyRule[], input: PolicyInput, fallback: PolicyDefault = DEFAULT_POLICY_DEFAULT): PolicyEvaluation {
  const rule = rules.find((r) => ruleMatches(r, input)) ?? null;
  const source = rule ?? fallback;
  const riskScore = computeRiskScore(source.outcome, input.riskIndicators, source.riskScore);
  return {
    outcome: source.outcome,
    rule,
    riskScore,
    riskLevel: riskLevelFromScore(riskScore),
    reason: source.reason ?? (rule ? `${DEFAULT_REASONS[source.outcome]} (${rule.name ?? rule.id})` : DEFAULT_REASONS[source.outcome]),
    violations: [...(source.violations ?? [])],
    approvers: [...(source.approvers ?? [])],
  };
}
