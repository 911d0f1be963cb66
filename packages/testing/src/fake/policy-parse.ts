/**
 * Validation of policy rules and documents coming from JSON (a file, an admin call): typed rules
 * out, or a {@link PolicyRuleError} naming the first invalid field.
 *
 * @packageDocumentation
 */
import type { JsonValue } from './json.js';
import type { ConditionOp, PolicyCondition, PolicyDefault, PolicyDocument, PolicyMatch, PolicyOutcome, PolicyRule } from './policy-types.js';

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
