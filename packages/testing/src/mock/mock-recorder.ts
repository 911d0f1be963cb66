/**
 * The call recorder of `MockAscendClient`: every client method call, in order, with its
 * arguments and how it ended; and the helpers that read what a call returned.
 * @internal
 */
import type { AuthorizationDecision, BulkEvaluationResult } from '@ascend/core';
import type { MockCallOutcome } from './mock-types.js';
import type { ClientMethodName } from './public-api.js';

/** One recorded call, updated when it ends. */
export interface MutableCall {
  seq: number;
  method: ClientMethodName;
  args: readonly unknown[];
  outcome: MockCallOutcome<unknown>;
}

/** A structured clone of `value`, or `value` itself when it cannot be cloned. */
export function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    // Requests with functions or class instances inside cannot be cloned; keep the reference.
    return value;
  }
}

/** The decisions a call returned, each with the request it answers. */
export function decisionsOf(method: ClientMethodName, args: readonly unknown[], value: unknown): Array<{ request: unknown; decision: AuthorizationDecision }> {
  if (method === 'evaluateActions') {
    return (value as BulkEvaluationResult).results.flatMap((r) => (r.ok ? [{ request: r.request, decision: r.decision }] : []));
  }
  const decision = value as AuthorizationDecision;
  return method === 'evaluateAction' || method === 'evaluateMcpAction' ? [{ request: args[0], decision }] : [];
}

/** The mock's call log. */
export class CallRecorder {
  #callLog: MutableCall[] = [];

  /** Every call, oldest first (a new array after {@link CallRecorder.clear}). */
  get all(): readonly MutableCall[] {
    return this.#callLog;
  }

  /** Forgets every call. */
  clear(): void {
    this.#callLog = [];
  }

  /**
   * Records a call of `method` and runs `invoke`: at once when `after` is null (a synchronous
   * method), else once `after` settles. `observe` sees each value a call returns.
   */
  track(method: ClientMethodName, args: readonly unknown[], invoke: () => unknown, after: Promise<void> | null, observe: (value: unknown) => void): unknown {
    const call: MutableCall = { seq: this.#callLog.length + 1, method, args, outcome: { state: 'pending' } };
    this.#callLog.push(call);
    const returned = (value: unknown): unknown => {
      call.outcome = { state: 'returned', value };
      observe(value);
      return value;
    };
    const threw = (error: unknown): never => {
      call.outcome = { state: 'threw', error };
      throw error;
    };
    if (after === null) {
      try {
        return returned(invoke());
      } catch (error) {
        return threw(error);
      }
    }
    return after.then(invoke).then(returned, threw);
  }
}
