/**
 * Validation of per-call options: every options argument of every method is checked like the
 * constructor's, before any I/O, so that no local mistake (a zero timeout, a NaN, a string, a
 * fake signal) can become a timeout, and through fail mode an allowed decision.
 * @internal
 */
import { fieldError } from './field-error.js';
import { GROUP_RULES, SCALAR_RULES } from './options.js';
import { ruleProblem, type BooleanRule, type IntegerRule } from './rules.js';
import { typeName } from './wire-read.js';

/**
 * Every per-call option the client knows, with its rule (`signal` is checked as an AbortSignal).
 * An option that overrides a client option for one call has that option's rule; its default is
 * the client's value, not the rule's.
 */
const RULES: Readonly<Record<string, IntegerRule | BooleanRule | 'signal'>> = {
  signal: 'signal',
  timeoutMs: SCALAR_RULES.timeoutMs,
  deadlineMs: SCALAR_RULES.deadlineMs,
  waitForApproval: { default: false },
  approvalTimeoutMs: { min: 1, max: 30 * 24 * 3_600_000 },
  pollIntervalMs: GROUP_RULES.approvals.pollIntervalMs,
  concurrency: { min: 1, max: 50 },
  flushDeadlineMs: { min: 0, max: 600_000 },
};

/** A key of the per-call rules. */
export type CallOptionKey =
  'signal' | 'timeoutMs' | 'deadlineMs' | 'waitForApproval' | 'approvalTimeoutMs' | 'pollIntervalMs' | 'concurrency' | 'flushDeadlineMs' | 'intervalMs';

/** The options every network call accepts. */
export const CALL_KEYS: readonly CallOptionKey[] = ['signal', 'timeoutMs', 'deadlineMs'];
/** `evaluateAction`'s options. */
export const EVALUATE_KEYS: readonly CallOptionKey[] = [...CALL_KEYS, 'waitForApproval', 'approvalTimeoutMs', 'pollIntervalMs'];
/** `waitForDecision`'s options (`timeoutMs` is the wait's total there). */
export const WAIT_KEYS: readonly CallOptionKey[] = ['signal', 'timeoutMs', 'pollIntervalMs'];
/** `evaluateActions`' options. */
export const BULK_KEYS: readonly CallOptionKey[] = ['signal', 'concurrency'];
/** `startHeartbeat`'s options. */
export const HEARTBEAT_KEYS: readonly CallOptionKey[] = ['intervalMs'];
/** `close()`'s options. */
export const CLOSE_KEYS: readonly CallOptionKey[] = ['flushDeadlineMs'];

/** True for an object that can serve as an AbortSignal: `aborted` and the listener methods. */
function isSignal(value: unknown): value is AbortSignal {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<AbortSignal>;
  return typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function' && typeof s.removeEventListener === 'function';
}

function fail(field: string, problem: string): never {
  throw fieldError(field, problem);
}

/**
 * Checks one method's options argument against `allowed` and returns it typed. `undefined` is
 * no options; anything but a plain object, an unknown key, or a bad value throws.
 *
 * @param options - The options argument as the caller passed it (untrusted).
 * @param allowed - The keys this method accepts.
 * @param overrides - Checks that differ for this method (e.g. `timeoutMs` of a wait).
 * @throws {@link ValidationError} whose field names the offending option.
 */
export function checkCallOptions<T extends object>(
  options: T | undefined,
  allowed: readonly CallOptionKey[],
  overrides?: Partial<Record<CallOptionKey, IntegerRule>>,
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('options', `must be an object or undefined, got ${typeName(options)}`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(allowed as readonly string[]).includes(key)) fail(key, `is not an option here; allowed: ${allowed.join(', ')}`);
    const value = record[key];
    if (value === undefined) continue;
    const rule = overrides?.[key as CallOptionKey] ?? RULES[key]!;
    if (rule === 'signal') {
      if (!isSignal(value)) fail(key, 'must be an AbortSignal');
    } else {
      const problem = ruleProblem(value, rule);
      const integer = 'min' in rule;
      if (problem) fail(key, `${problem}${integer ? ' (ms)' : ''}, got ${integer && typeof value === 'number' ? String(value) : typeof value}`);
    }
  }
  return options;
}

/** The `timeoutMs` check of an approval wait (a total, not a per-attempt timeout). */
export const WAIT_TIMEOUT_CHECK: Partial<Record<CallOptionKey, IntegerRule>> = { timeoutMs: RULES['approvalTimeoutMs'] as IntegerRule };
