/**
 * Policy rules for the fake: a first-match-wins list of rules, configurable in code or from JSON,
 * that turns a submitted action into allow, deny or require-approval with a risk score.
 *
 * @packageDocumentation
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** What a rule decides. The vocabulary of the wire's `policy_decision` field. */
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

/** Thrown when a policy rule or document is invalid; `field` names the offending path. */
export class PolicyRuleError extends Error {
  /** Always `'PolicyRuleError'` (a literal, robust to minification). */
  override readonly name = 'PolicyRuleError';
  /** Path of the invalid field, e.g. `rules[2].match.params[0].op`. */
  readonly field: string;

  /** @param field path of the invalid field; @param problem what is wrong with it. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

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

/**
 * The default rules, modelled on the seed examples. First match wins:
 *
 * 1. `forbidden-destructive` — `*.drop`, `*.truncate`, `system.shutdown`, `system.format`: deny
 *    (violations `SEC-001`, risk 95).
 * 2. `refund-within-limit` — `*.refund` with `amount <= 100`: allow (risk 25).
 * 3. `refund-requires-approval` — any other `*.refund` (above 100 or without an amount): approval
 *    (risk 65, approvers `finance-approvers`).
 * 4. `large-payment` — `financial.*`, `payment.*`, `transaction.*` with `amount > 1000`: approval
 *    (risk 75).
 * 5. `delete-on-production` — `*delete*` on a `*prod*` resource: approval (risk 80).
 * 6. `human-approval-requested` — `context.require_human_approval == true`: approval.
 * 7. `read-only` — `*.query`, `*.read`, `*.read_*`, `*.get`, `*.list`, `*.lookup`, `*.search`:
 *    allow (risk 10).
 *
 * Anything else gets {@link DEFAULT_POLICY_DEFAULT}: allowed.
 */
export const DEFAULT_POLICY_RULES: readonly PolicyRule[] = [
  {
    id: 'forbidden-destructive',
    name: 'Forbidden destructive actions',
    match: { actionType: ['*.drop', '*.truncate', 'system.shutdown', 'system.format'] },
    outcome: 'deny',
    reason: 'Destructive action is forbidden by policy',
    violations: ['SEC-001'],
    riskScore: 95,
  },
  {
    id: 'refund-within-limit',
    name: 'Refunds up to 100',
    match: { actionType: '*.refund', params: [{ param: 'amount', op: '<=', value: 100 }] },
    outcome: 'allow',
    reason: 'Refund within the automatic limit',
    riskScore: 25,
  },
  {
    id: 'refund-requires-approval',
    name: 'Refunds above 100 need approval',
    match: { actionType: '*.refund' },
    outcome: 'require_approval',
    reason: 'Refund above the automatic limit of 100 requires approval',
    riskScore: 65,
    approvers: ['finance-approvers'],
  },
  {
    id: 'large-payment',
    name: 'Large payments need approval',
    match: { actionType: ['financial.*', 'payment.*', 'transaction.*'], params: [{ param: 'amount', op: '>', value: 1000 }] },
    outcome: 'require_approval',
    reason: 'Payment above 1000 requires approval',
    riskScore: 75,
    approvers: ['finance-approvers'],
  },
  {
    id: 'delete-on-production',
    name: 'Deletes on production need approval',
    match: { actionType: '*delete*', resource: '*prod*' },
    outcome: 'require_approval',
    reason: 'Delete on a production resource requires approval',
    riskScore: 80,
    approvers: ['security-team'],
  },
  {
    id: 'human-approval-requested',
    name: 'Caller asked for human approval',
    match: { context: [{ param: 'require_human_approval', op: '==', value: true }] },
    outcome: 'require_approval',
    reason: 'Human approval was requested',
    approvers: ['security-team'],
  },
  {
    id: 'read-only',
    name: 'Reads and queries',
    match: { actionType: ['*.query', '*.read', '*.read_*', '*.get', '*.list', '*.lookup', '*.search'] },
    outcome: 'allow',
    reason: 'Read-only action',
    riskScore: 10,
  },
];

/** The default outcome when no rule matches: allow, risk from indicators. */
export const DEFAULT_POLICY_DEFAULT: PolicyDefault = { outcome: 'allow', reason: 'No policy matched; allowed by default' };

const globCache = new Map<string, RegExp>();

/** Case-insensitive glob match: `*` any run of characters, `?` one character. */
export function globMatch(pattern: string, value: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, 'is');
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re.test(value);
}

function anyGlob(patterns: string | readonly string[] | undefined, value: string | null | undefined): boolean {
  if (patterns === undefined) return true;
  if (value === null || value === undefined) return false;
  const list = typeof patterns === 'string' ? [patterns] : patterns;
  return list.some((p) => globMatch(p, value));
}

function lookup(obj: JsonObject | undefined, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = obj;
  for (const part of path.split('.')) {
    if (!isJsonObject(current) || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = current[part];
  }
  return current;
}

function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return stableStringify(a) === stableStringify(b);
}

function stableStringify(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify(value[k]!)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Evaluates one condition against `obj`. */
export function conditionHolds(condition: PolicyCondition, obj: JsonObject | undefined): boolean {
  const actual = lookup(obj, condition.param);
  const expected = condition.value;
  switch (condition.op) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
    case '==':
      return actual !== undefined && jsonEqual(actual, expected);
    case '!=':
      return !jsonEqual(actual, expected);
    case 'in':
      return actual !== undefined && Array.isArray(expected) && expected.some((e) => jsonEqual(actual, e));
    case 'not_in':
      return !(Array.isArray(expected) && expected.some((e) => jsonEqual(actual, e)));
    case 'matches':
      return typeof actual === 'string' && typeof expected === 'string' && globMatch(expected, actual);
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const a = asNumber(actual);
      const b = asNumber(expected);
      if (a === undefined || b === undefined) return false;
      if (condition.op === '>') return a > b;
      if (condition.op === '>=') return a >= b;
      if (condition.op === '<') return a < b;
      return a <= b;
    }
    default: {
      const unreachable: never = condition.op;
      throw new Error(`unknown operator ${String(unreachable)}`);
    }
  }
}

/** True when `rule` applies to `input`. */
export function ruleMatches(rule: PolicyRule, input: PolicyInput): boolean {
  const m = rule.match;
  if (!m) return true;
  return (
    anyGlob(m.actionType, input.actionType) &&
    anyGlob(m.resource, input.resource) &&
    anyGlob(m.environment, input.environment) &&
    anyGlob(m.agentId, input.agentId) &&
    (m.params ?? []).every((c) => conditionHolds(c, input.params)) &&
    (m.context ?? []).every((c) => conditionHolds(c, input.context)) &&
    (m.riskIndicators ?? []).every((c) => conditionHolds(c, input.riskIndicators))
  );
}

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

// ---------------------------------------------------------------------------------------------
// Validation of rules coming from JSON.

const OUTCOMES: readonly PolicyOutcome[] = ['allow', 'deny', 'require_approval'];
const OPS: readonly ConditionOp[] = ['>', '>=', '<', '<=', '==', '!=', 'in', 'not_in', 'exists', 'not_exists', 'matches'];
const RULE_KEYS = ['id', 'name', 'description', 'match', 'outcome', 'reason', 'violations', 'riskScore', 'approvers'];
const MATCH_KEYS = ['actionType', 'resource', 'environment', 'agentId', 'params', 'context', 'riskIndicators'];
const CONDITION_KEYS = ['param', 'op', 'value'];
const DEFAULT_KEYS = ['outcome', 'reason', 'riskScore', 'violations', 'approvers'];
const DOCUMENT_KEYS = ['version', 'rules', 'default'];

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return 'an object that is not JSON';
  }
}

function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], field: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new PolicyRuleError(`${field}.${key}`, `unknown key; allowed keys are ${allowed.join(', ')}`);
    }
  }
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PolicyRuleError(field, `must be an object; got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, field: string, nonEmpty = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || (nonEmpty && value.trim() === '')) {
    throw new PolicyRuleError(field, `must be a ${nonEmpty ? 'non-empty ' : ''}string; got ${describe(value)}`);
  }
  return value;
}

function optionalStringList(value: unknown, field: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new PolicyRuleError(field, `must be an array of strings; got ${describe(value)}`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw new PolicyRuleError(`${field}[${i}]`, `must be a string; got ${describe(item)}`);
  });
  return value as string[];
}

function optionalGlobs(value: unknown, field: string): string | readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    if (value === '') throw new PolicyRuleError(field, 'must not be empty');
    return value;
  }
  const list = optionalStringList(value, field);
  if (list && list.length === 0) throw new PolicyRuleError(field, 'must list at least one glob');
  return list;
}

function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  if (typeof value === 'object') return Object.values(value).every(isJsonValue);
  return false;
}

function parseCondition(value: unknown, field: string): PolicyCondition {
  const obj = requireObject(value, field);
  checkKeys(obj, CONDITION_KEYS, field);
  const param = optionalString(obj['param'], `${field}.param`, true);
  if (param === undefined) throw new PolicyRuleError(`${field}.param`, 'is required (a dotted field path such as "amount")');
  const op = obj['op'];
  if (typeof op !== 'string' || !OPS.includes(op as ConditionOp)) {
    throw new PolicyRuleError(`${field}.op`, `must be one of ${OPS.join(' ')}; got ${describe(op)}`);
  }
  const operator = op as ConditionOp;
  const operand = obj['value'];
  switch (operator) {
    case '>':
    case '>=':
    case '<':
    case '<=':
      if (typeof operand !== 'number' || !Number.isFinite(operand)) {
        throw new PolicyRuleError(`${field}.value`, `must be a number for "${operator}"; got ${describe(operand)}`);
      }
      break;
    case 'in':
    case 'not_in':
      if (!Array.isArray(operand) || !isJsonValue(operand)) {
        throw new PolicyRuleError(`${field}.value`, `must be an array for "${operator}"; got ${describe(operand)}`);
      }
      break;
    case 'exists':
    case 'not_exists':
      if (operand !== undefined) throw new PolicyRuleError(`${field}.value`, `must be omitted for "${operator}"`);
      break;
    case 'matches':
      if (typeof operand !== 'string') {
        throw new PolicyRuleError(`${field}.value`, `must be a glob string for "matches"; got ${describe(operand)}`);
      }
      break;
    case '==':
    case '!=':
      if (operand === undefined || !isJsonValue(operand)) {
        throw new PolicyRuleError(`${field}.value`, `must be a JSON value for "${operator}"; got ${describe(operand)}`);
      }
      break;
    default: {
      const unreachable: never = operator;
      throw new PolicyRuleError(`${field}.op`, `unknown operator ${String(unreachable)}`);
    }
  }
  return operand === undefined ? { param, op: operator } : { param, op: operator, value: operand };
}

function parseConditions(value: unknown, field: string): readonly PolicyCondition[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new PolicyRuleError(field, `must be an array of conditions; got ${describe(value)}`);
  return value.map((c, i) => parseCondition(c, `${field}[${i}]`));
}

function parseRiskScore(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw new PolicyRuleError(field, `must be a number from 0 to 100; got ${describe(value)}`);
  }
  return value;
}

function parseOutcome(value: unknown, field: string): PolicyOutcome {
  if (typeof value !== 'string' || !OUTCOMES.includes(value as PolicyOutcome)) {
    throw new PolicyRuleError(field, `must be one of ${OUTCOMES.join(', ')}; got ${describe(value)}`);
  }
  return value as PolicyOutcome;
}

function compact<T extends object>(obj: T): T {
  for (const key of Object.keys(obj) as (keyof T)[]) if (obj[key] === undefined) delete obj[key];
  return obj;
}

function parseRule(value: unknown, field: string): PolicyRule {
  const obj = requireObject(value, field);
  checkKeys(obj, RULE_KEYS, field);
  const id = optionalString(obj['id'], `${field}.id`, true);
  if (id === undefined) throw new PolicyRuleError(`${field}.id`, 'is required');
  let match: PolicyMatch | undefined;
  if (obj['match'] !== undefined) {
    const m = requireObject(obj['match'], `${field}.match`);
    checkKeys(m, MATCH_KEYS, `${field}.match`);
    match = compact({
      actionType: optionalGlobs(m['actionType'], `${field}.match.actionType`),
      resource: optionalGlobs(m['resource'], `${field}.match.resource`),
      environment: optionalGlobs(m['environment'], `${field}.match.environment`),
      agentId: optionalGlobs(m['agentId'], `${field}.match.agentId`),
      params: parseConditions(m['params'], `${field}.match.params`),
      context: parseConditions(m['context'], `${field}.match.context`),
      riskIndicators: parseConditions(m['riskIndicators'], `${field}.match.riskIndicators`),
    });
  }
  return compact({
    id,
    name: optionalString(obj['name'], `${field}.name`),
    description: optionalString(obj['description'], `${field}.description`),
    match,
    outcome: parseOutcome(obj['outcome'], `${field}.outcome`),
    reason: optionalString(obj['reason'], `${field}.reason`),
    violations: optionalStringList(obj['violations'], `${field}.violations`),
    riskScore: parseRiskScore(obj['riskScore'], `${field}.riskScore`),
    approvers: optionalStringList(obj['approvers'], `${field}.approvers`),
  });
}

/**
 * Validates a list of rules (for example parsed from a JSON file) and returns typed rules.
 *
 * @param input the parsed JSON: an array of rule objects.
 * @param field the path prefix used in error messages.
 * @throws {@link PolicyRuleError} naming the first invalid field, e.g.
 *   `rules[1].match.params[0].op: must be one of > >= < <= == != in not_in exists not_exists matches; got "gt"`.
 */
export function parsePolicyRules(input: unknown, field = 'rules'): PolicyRule[] {
  if (!Array.isArray(input)) throw new PolicyRuleError(field, `must be an array of rules; got ${describe(input)}`);
  const rules = input.map((r, i) => parseRule(r, `${field}[${i}]`));
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) throw new PolicyRuleError(`${field}[${i}].id`, `duplicate rule id "${r.id}"`);
    seen.add(r.id);
  });
  return rules;
}

/**
 * Validates a policy document: either an array of rules, or
 * `{ "version": 1, "rules": [...], "default": { "outcome": "allow" } }`.
 *
 * @throws {@link PolicyRuleError} naming the first invalid field.
 */
export function parsePolicyDocument(input: unknown): PolicyDocument {
  if (Array.isArray(input)) return { rules: parsePolicyRules(input) };
  const obj = requireObject(input, 'policy');
  checkKeys(obj, DOCUMENT_KEYS, 'policy');
  if (obj['version'] !== undefined && obj['version'] !== 1) {
    throw new PolicyRuleError('policy.version', `must be 1; got ${describe(obj['version'])}`);
  }
  const rules = parsePolicyRules(obj['rules'], 'policy.rules');
  if (obj['default'] === undefined) return { rules };
  const d = requireObject(obj['default'], 'policy.default');
  checkKeys(d, DEFAULT_KEYS, 'policy.default');
  const fallback: PolicyDefault = compact({
    outcome: parseOutcome(d['outcome'], 'policy.default.outcome'),
    reason: optionalString(d['reason'], 'policy.default.reason'),
    riskScore: parseRiskScore(d['riskScore'], 'policy.default.riskScore'),
    violations: optionalStringList(d['violations'], 'policy.default.violations'),
    approvers: optionalStringList(d['approvers'], 'policy.default.approvers'),
  });
  return { rules, default: fallback };
}
