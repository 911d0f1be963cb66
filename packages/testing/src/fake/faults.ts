/**
 * Fault injection: typed fault kinds scoped per operation, applied once, N times or until
 * cleared.
 *
 * @packageDocumentation
 */
import { OPERATION_NAMES, type OperationName } from './operations.js';

/** How a `malformed-body` fault garbles a 2xx answer. */
export type MalformedVariant =
  /** A body that is not JSON (`{"decision": "allow` …). The default. */
  | 'invalid-json'
  /** An empty body. */
  | 'empty'
  /** Valid JSON that is not an object (`"ok"`). */
  | 'not-an-object'
  /** The real body with `decision` and `status` removed (for submit and status answers). */
  | 'missing-decision'
  /** The real body with `decision` and `status` set to `ALLOWED` (an unknown, upper-case value). */
  | 'unknown-decision';

/** A value for `Retry-After`: seconds, a `Date` (sent as an HTTP-date) or a raw header value. */
export type RetryAfter = number | Date | string;

/**
 * A fault the fake can inject. Exhaustively switched on `kind`.
 *
 * - `outage`: connection refused (msw: `HttpResponse.error()`; fetch rejects with a TypeError).
 * - `latency`: waits `ms` before (or after) processing, then answers normally.
 * - `hang`: never answers; the request ends only when the client aborts it.
 * - `rate-limit`: 429 `{"detail": "Rate limit exceeded"}`, with `Retry-After` when given.
 * - `server-error`: a 5xx (default 500) `{"detail": ...}`, with `Retry-After` when given.
 * - `malformed-body`: the request is processed, and the 2xx answer is garbled (see {@link MalformedVariant}).
 * - `approval`: the next pending approvals created are decided automatically `afterMs` later
 *   (by the fake's clock): approved, rejected or expired.
 * - `kill-switch`: turns the kill switch on, then processes the request normally.
 */
export type Fault =
  | { readonly kind: 'outage' }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'rate-limit'; readonly retryAfter?: RetryAfter }
  | { readonly kind: 'server-error'; readonly status?: number; readonly detail?: string; readonly retryAfter?: RetryAfter }
  | { readonly kind: 'malformed-body'; readonly variant?: MalformedVariant; readonly status?: number }
  | {
      readonly kind: 'approval';
      readonly outcome: 'approve' | 'reject' | 'expire';
      readonly afterMs?: number;
      readonly by?: string;
      readonly reason?: string;
    }
  | { readonly kind: 'kill-switch'; readonly reason?: string; readonly by?: string };

/** The `kind` of a {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Where and how often a fault applies. */
export interface FaultScope {
  /**
   * The operation(s) it applies to; every request (unknown routes included) when omitted. For
   * `approval` faults: the operation that created the pending action (`submitAction`,
   * `submitMcpAction`).
   */
  readonly operation?: OperationName | readonly OperationName[];
  /** How many times it applies before it is removed; until cleared when omitted. `1` = once. */
  readonly times?: number;
  /**
   * `before` (default): the fault replaces processing — nothing is stored. `after`: the request is
   * processed and committed (and its idempotent response stored), then the fault replaces the
   * answer — the "lost response" case that retries with an idempotency key must survive.
   * `malformed-body` is always `after`; `approval` ignores this.
   */
  readonly when?: 'before' | 'after';
}

/** A handle on an injected fault. */
export interface FaultHandle {
  /** Unique id. */
  readonly id: number;
  /** The fault. */
  readonly fault: Fault;
  /** Its scope. */
  readonly scope: FaultScope;
  /** How many times it has applied. */
  readonly hits: number;
  /** Applications left, or undefined for "until cleared". */
  readonly remaining: number | undefined;
  /** False once cleared or used up. */
  readonly active: boolean;
  /** Removes the fault (idempotent). */
  clear(): void;
}

/** The fault controller of a fake (`fake.faults`). */
export interface FaultController {
  /**
   * Injects a fault.
   *
   * @example
   * fake.faults.inject({ kind: 'rate-limit', retryAfter: 2 }, { operation: 'submitAction', times: 2 });
   * @throws {@link FaultError} when the fault or scope is invalid.
   */
  inject(fault: Fault, scope?: FaultScope): FaultHandle;
  /** Removes every fault. */
  clear(): void;
  /** The active faults, in injection order. */
  active(): readonly FaultHandle[];
}

/** Thrown for an invalid fault or scope; `field` names the offending path. */
export class FaultError extends Error {
  /** Always `'FaultError'`. */
  override readonly name = 'FaultError';
  /** Path of the invalid field, e.g. `fault.retryAfter`. */
  readonly field: string;

  /** @param field path of the invalid field; @param problem what is wrong. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

/** The processing phase a fault applies in. */
export type FaultPhase = 'before' | 'after' | 'approval';

/** The phase of `fault` under `scope`. */
export function faultPhase(fault: Fault, scope: FaultScope): FaultPhase {
  switch (fault.kind) {
    case 'approval':
      return 'approval';
    case 'malformed-body':
      return 'after';
    case 'outage':
    case 'latency':
    case 'hang':
    case 'rate-limit':
    case 'server-error':
    case 'kill-switch':
      return scope.when ?? 'before';
    default: {
      const unreachable: never = fault;
      throw new FaultError('fault.kind', `unknown kind ${JSON.stringify((unreachable as { kind: unknown }).kind)}`);
    }
  }
}

/** Formats a {@link RetryAfter} as a header value: integer seconds or an HTTP-date. */
export function formatRetryAfter(value: RetryAfter): string {
  if (value instanceof Date) return value.toUTCString();
  if (typeof value === 'number') return String(Math.max(0, Math.ceil(value)));
  return value;
}

class Handle implements FaultHandle {
  hits = 0;
  active = true;
  constructor(
    readonly id: number,
    readonly fault: Fault,
    readonly scope: FaultScope,
    private readonly remove: (h: Handle) => void,
  ) {}
  get remaining(): number | undefined {
    return this.scope.times === undefined ? undefined : this.scope.times - this.hits;
  }
  appliesTo(operation: OperationName | null): boolean {
    const op = this.scope.operation;
    if (op === undefined) return true;
    if (operation === null) return false;
    return typeof op === 'string' ? op === operation : op.includes(operation);
  }
  consume(): void {
    this.hits++;
    if (this.scope.times !== undefined && this.hits >= this.scope.times) this.clear();
  }
  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.remove(this);
  }
}

/** The fault registry behind {@link FaultController}. @internal */
export class FaultRegistry implements FaultController {
  private handles: Handle[] = [];
  private nextId = 1;

  inject(fault: Fault, scope: FaultScope = {}): FaultHandle {
    const checkedFault = parseFault(fault);
    const checkedScope = parseFaultScope(scope);
    const handle = new Handle(this.nextId++, checkedFault, checkedScope, (h) => {
      this.handles = this.handles.filter((x) => x !== h);
    });
    this.handles.push(handle);
    return handle;
  }

  clear(): void {
    for (const h of [...this.handles]) h.clear();
  }

  active(): readonly FaultHandle[] {
    return [...this.handles];
  }

  /**
   * The faults to apply to one request in `phase`, consumed: every matching `latency` and
   * `kill-switch` fault, plus the first matching terminal fault.
   */
  take(operation: OperationName | null, phase: 'before' | 'after'): Fault[] {
    const taken: Fault[] = [];
    let terminal = false;
    for (const h of [...this.handles]) {
      if (!h.active || !h.appliesTo(operation) || faultPhase(h.fault, h.scope) !== phase) continue;
      const isTerminal = h.fault.kind !== 'latency' && h.fault.kind !== 'kill-switch';
      if (isTerminal && terminal) continue;
      terminal ||= isTerminal;
      h.consume();
      taken.push(h.fault);
    }
    return taken;
  }

  /** The first matching `approval` fault for a pending action created by `operation`, consumed. */
  takeApproval(operation: OperationName): Extract<Fault, { kind: 'approval' }> | undefined {
    for (const h of this.handles) {
      if (h.active && h.fault.kind === 'approval' && h.appliesTo(operation)) {
        h.consume();
        return h.fault;
      }
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation (faults may come from JSON, e.g. the dev server's control API).

const VARIANTS: readonly MalformedVariant[] = ['invalid-json', 'empty', 'not-an-object', 'missing-decision', 'unknown-decision'];

function obj(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FaultError(field, 'must be an object');
  return value as Record<string, unknown>;
}

function allowKeys(o: Record<string, unknown>, keys: readonly string[], field: string): void {
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new FaultError(`${field}.${k}`, `unknown key; allowed keys are ${keys.join(', ')}`);
  }
}

function optNumber(o: Record<string, unknown>, key: string, field: string, min: number, integer = false): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
    throw new FaultError(`${field}.${key}`, `must be ${integer ? 'an integer' : 'a number'} >= ${min}; got ${JSON.stringify(v)}`);
  }
  return v;
}

function optString(o: Record<string, unknown>, key: string, field: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new FaultError(`${field}.${key}`, `must be a string; got ${JSON.stringify(v)}`);
  return v;
}

function optRetryAfter(o: Record<string, unknown>, field: string): RetryAfter | undefined {
  const v = o['retryAfter'];
  if (v === undefined) return undefined;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && v.trim() !== '') return v;
  throw new FaultError(`${field}.retryAfter`, 'must be seconds (a number >= 0), a Date or an HTTP-date string');
}

function strip<T extends object>(value: T): T {
  for (const k of Object.keys(value) as (keyof T)[]) if (value[k] === undefined) delete value[k];
  return value;
}

/**
 * Validates a fault (typed or parsed from JSON) and returns a clean copy.
 * @throws {@link FaultError} naming the offending field.
 */
export function parseFault(input: unknown, field = 'fault'): Fault {
  const o = obj(input, field);
  const kind = o['kind'];
  switch (kind) {
    case 'outage':
    case 'hang':
      allowKeys(o, ['kind'], field);
      return { kind };
    case 'latency': {
      allowKeys(o, ['kind', 'ms'], field);
      const ms = optNumber(o, 'ms', field, 0);
      if (ms === undefined) throw new FaultError(`${field}.ms`, 'is required (milliseconds)');
      return { kind, ms };
    }
    case 'rate-limit':
      allowKeys(o, ['kind', 'retryAfter'], field);
      return strip({ kind, retryAfter: optRetryAfter(o, field) });
    case 'server-error': {
      allowKeys(o, ['kind', 'status', 'detail', 'retryAfter'], field);
      const status = optNumber(o, 'status', field, 500, true);
      if (status !== undefined && status > 599) throw new FaultError(`${field}.status`, `must be a 5xx status; got ${status}`);
      return strip({ kind, status, detail: optString(o, 'detail', field), retryAfter: optRetryAfter(o, field) });
    }
    case 'malformed-body': {
      allowKeys(o, ['kind', 'variant', 'status'], field);
      const variant = o['variant'];
      if (variant !== undefined && !VARIANTS.includes(variant as MalformedVariant)) {
        throw new FaultError(`${field}.variant`, `must be one of ${VARIANTS.join(', ')}; got ${JSON.stringify(variant)}`);
      }
      const status = optNumber(o, 'status', field, 200, true);
      if (status !== undefined && status > 299) throw new FaultError(`${field}.status`, `must be a 2xx status; got ${status}`);
      return strip({ kind, variant: variant as MalformedVariant | undefined, status });
    }
    case 'approval': {
      allowKeys(o, ['kind', 'outcome', 'afterMs', 'by', 'reason'], field);
      const outcome = o['outcome'];
      if (outcome !== 'approve' && outcome !== 'reject' && outcome !== 'expire') {
        throw new FaultError(`${field}.outcome`, `must be approve, reject or expire; got ${JSON.stringify(outcome)}`);
      }
      return strip({
        kind,
        outcome,
        afterMs: optNumber(o, 'afterMs', field, 0),
        by: optString(o, 'by', field),
        reason: optString(o, 'reason', field),
      });
    }
    case 'kill-switch':
      allowKeys(o, ['kind', 'reason', 'by'], field);
      return strip({ kind, reason: optString(o, 'reason', field), by: optString(o, 'by', field) });
    default:
      throw new FaultError(
        `${field}.kind`,
        `must be one of outage, latency, hang, rate-limit, server-error, malformed-body, approval, kill-switch; got ${JSON.stringify(kind)}`,
      );
  }
}

/**
 * Validates a fault scope and returns a clean copy.
 * @throws {@link FaultError} naming the offending field.
 */
export function parseFaultScope(input: unknown, field = 'scope'): FaultScope {
  const o = obj(input, field);
  allowKeys(o, ['operation', 'times', 'when'], field);
  const op = o['operation'];
  const ops = op === undefined ? [] : Array.isArray(op) ? op : [op];
  ops.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || !OPERATION_NAMES.includes(name as OperationName)) {
      const where = Array.isArray(op) ? `${field}.operation[${i}]` : `${field}.operation`;
      throw new FaultError(where, `unknown operation ${JSON.stringify(name)}; known: ${OPERATION_NAMES.join(', ')}`);
    }
  });
  const times = optNumber(o, 'times', field, 1, true);
  const when = o['when'];
  if (when !== undefined && when !== 'before' && when !== 'after') {
    throw new FaultError(`${field}.when`, `must be "before" or "after"; got ${JSON.stringify(when)}`);
  }
  return strip({
    operation: op === undefined ? undefined : Array.isArray(op) ? [...(op as OperationName[])] : (op as OperationName),
    times,
    when,
  });
}
