/**
 * Rule matching: case-insensitive globs on the action's names, conditions on its fields, and
 * whether a rule applies to an action.
 *
 * @packageDocumentation
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { PolicyCondition, PolicyInput, PolicyRule } from './policy-types.js';

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
