/**
 * Validation of per-call options: every options argument of every method is checked like the
 * constructor's, before any I/O, so that no local mistake (a zero timeout, a NaN, a string, a
 * fake signal) can become a timeout, and through fail mode an allowed decision.
 * @internal
 */
import { ValidationError } from './errors.js';

/** The longest single timer a runtime honours (2^31 - 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** The kinds of per-call option, each with its check. */
type Check = 'signal' | 'boolean' | readonly [min: number, max: number];

/** Every per-call option the client knows, with its check. */
const CHECKS: Readonly<Record<string, Check>> = {
  signal: 'signal',
  timeoutMs: [1, 600_000],
  deadlineMs: [1, 3_600_000],
  waitForApproval: 'boolean',
  approvalTimeoutMs: [1, 30 * 24 * 3_600_000],
  pollIntervalMs: [10, MAX_TIMER_MS],
  concurrency: [1, 50],
  flushDeadlineMs: [0, 600_000],
};

/** A key of {@link CHECKS}. */
export type CallOptionKey = 'signal' | 'timeoutMs' | 'deadlineMs' | 'waitForApproval' | 'approvalTimeoutMs' | 'pollIntervalMs' | 'concurrency' | 'flushDeadlineMs';

/** The options every network call accepts. */
export const CALL_KEYS: readonly CallOptionKey[] = ['signal', 'timeoutMs', 'deadlineMs'];
/** `evaluateAction`'s options. */
export const EVALUATE_KEYS: readonly CallOptionKey[] = [...CALL_KEYS, 'waitForApproval', 'approvalTimeoutMs', 'pollIntervalMs'];
/** `waitForDecision`'s options (`timeoutMs` is the wait's total there). */
export const WAIT_KEYS: readonly CallOptionKey[] = ['signal', 'timeoutMs', 'pollIntervalMs'];
/** `evaluateActions`' options. */
export const BULK_KEYS: readonly CallOptionKey[] = ['signal', 'concurrency'];
/** `close()`'s options. */
export const CLOSE_KEYS: readonly CallOptionKey[] = ['flushDeadlineMs'];

/** True for an object that can serve as an AbortSignal: `aborted` and the listener methods. */
function isSignal(value: unknown): value is AbortSignal {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<AbortSignal>;
  return typeof s.aborted === 'boolean' && typeof s.addEventListener === 'function' && typeof s.removeEventListener === 'function';
}

function fail(field: string, problem: string): never {
  throw new ValidationError(`${field} ${problem}`, { [field]: problem });
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
  overrides?: Partial<Record<CallOptionKey, Check>>,
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail('options', `must be an object or undefined, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(allowed as readonly string[]).includes(key)) fail(key, `is not an option here; allowed: ${allowed.join(', ')}`);
    const value = record[key];
    if (value === undefined) continue;
    const check = overrides?.[key as CallOptionKey] ?? CHECKS[key]!;
    if (check === 'signal') {
      if (!isSignal(value)) fail(key, 'must be an AbortSignal');
    } else if (check === 'boolean') {
      if (typeof value !== 'boolean') fail(key, `must be a boolean, got ${typeof value}`);
    } else if (typeof value !== 'number' || !Number.isInteger(value) || value < check[0] || value > check[1]) {
      fail(key, `must be an integer between ${check[0]} and ${check[1]} (ms), got ${typeof value === 'number' ? String(value) : typeof value}`);
    }
  }
  return options;
}

/** The `timeoutMs` check of an approval wait (a total, not a per-attempt timeout). */
export const WAIT_TIMEOUT_CHECK: Partial<Record<CallOptionKey, Check>> = { timeoutMs: CHECKS['approvalTimeoutMs']! };
