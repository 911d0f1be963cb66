/**
 * Risk scoring of policy decisions: the score of an outcome raised by the action's risk
 * indicators, and the risk level derived from a score.
 *
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';
import type { PolicyOutcome, RiskLevel } from './policy-types.js';

/**
 * Level from score, as the backend derives it: ≥90 critical, ≥70 high, ≥40 medium, else low.
 */
export function riskLevelFromScore(score: number): RiskLevel {
  if (score >= 90) return 'critical';
  if (score >= 70) return 'high';
  if (score >= 40) return 'medium';
  return 'low';
}

const BASE_RISK: Record<PolicyOutcome, number> = { allow: 20, require_approval: 60, deny: 90 };

/**
 * The risk score of a decision: `explicit` when given, else the outcome's base (allow 20,
 * require_approval 60, deny 90) plus indicator bumps — `pii_involved` +10, `financial_data` +5,
 * `external_transfer` +10, `data_sensitivity` `high` +10 / `critical` +20,
 * `amount_threshold` `exceeded` +5 — capped to 0..100.
 */
export function computeRiskScore(outcome: PolicyOutcome, riskIndicators: JsonObject | undefined, explicit?: number): number {
  if (explicit !== undefined) return clampScore(explicit);
  let score = BASE_RISK[outcome];
  const ri = riskIndicators ?? {};
  if (ri['pii_involved'] === true) score += 10;
  if (ri['financial_data'] === true) score += 5;
  if (ri['external_transfer'] === true) score += 10;
  if (ri['data_sensitivity'] === 'high') score += 10;
  if (ri['data_sensitivity'] === 'critical') score += 20;
  if (ri['amount_threshold'] === 'exceeded') score += 5;
  return clampScore(score);
}

function clampScore(score: number): number {
  return Math.max(0, Math.min(100, Math.round(score)));
}
