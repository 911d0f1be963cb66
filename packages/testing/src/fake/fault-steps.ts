/**
 * Applying injected faults to one request: before the handler (latency, outage, hang, rate
 * limit, server error, kill switch) and after it (the same, plus garbled bodies).
 * @internal
 */
import type { FakeContext } from './context.js';
import { formatRetryAfter, type Fault } from './faults.js';
import { isJsonObject, tryParseJson, type JsonObject } from './json.js';
import { setKillSwitch } from './kill-switch.js';
import type { Serialized } from './response.js';
import type { FakeResponse } from './types.js';

function garble(current: Serialized, fault: Extract<Fault, { kind: 'malformed-body' }>): Serialized {
  const status = fault.status ?? (current.status >= 200 && current.status < 300 ? current.status : 200);
  const headers = { ...current.headers, 'content-type': 'application/json' };
  const variant = fault.variant ?? 'invalid-json';
  switch (variant) {
    case 'invalid-json':
      return { status, headers, body: '{"decision": "allow' };
    case 'empty':
      return { status, headers, body: '' };
    case 'not-an-object':
      return { status, headers, body: '"ok"' };
    case 'missing-decision':
    case 'unknown-decision': {
      const parsed = tryParseJson(current.body);
      const obj: JsonObject = isJsonObject(parsed) ? parsed : {};
      if (variant === 'missing-decision') {
        delete obj['decision'];
        delete obj['status'];
      } else {
        obj['decision'] = 'ALLOWED';
        obj['status'] = 'ALLOWED';
      }
      return { status, headers, body: JSON.stringify(obj) };
    }
    default: {
      const unreachable: never = variant;
      throw new Error(`unknown malformed-body variant ${String(unreachable)}`);
    }
  }
}

/** What the request does after its faults: go on, stop (aborted), or answer with the fault's response. */
export type FaultStep = { readonly kind: 'continue' } | { readonly kind: 'aborted' } | { readonly kind: 'answer'; readonly response: FakeResponse };

/** Applies `list` in order; `current` is the handler's answer for faults applied after it. */
export async function applyFaults(
  ctx: FakeContext,
  list: readonly Fault[],
  signal: AbortSignal | undefined,
  current: Serialized | null,
): Promise<FaultStep | { kind: 'garbled'; response: Serialized }> {
  let garbled: Serialized | null = null;
  for (const fault of list) {
    switch (fault.kind) {
      case 'latency':
        await ctx.options.sleep(fault.ms, signal);
        if (signal?.aborted) return { kind: 'aborted' };
        break;
      case 'kill-switch':
        if (!ctx.store.killSwitch.active) {
          setKillSwitch(ctx, true, { reason: fault.reason ?? 'Kill switch fault injected', by: fault.by ?? 'fault-injection' });
        }
        break;
      case 'outage':
        return { kind: 'answer', response: { status: 0, headers: {}, body: null, networkError: true, operation: null } };
      case 'hang':
        return { kind: 'answer', response: { status: 0, headers: {}, body: null, hang: true, operation: null } };
      case 'rate-limit': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = formatRetryAfter(fault.retryAfter);
        return { kind: 'answer', response: { status: 429, headers, body: JSON.stringify({ detail: 'Rate limit exceeded' }), operation: null } };
      }
      case 'server-error': {
        const status = fault.status ?? 500;
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (fault.retryAfter !== undefined) headers['retry-after'] = formatRetryAfter(fault.retryAfter);
        const detail = fault.detail ?? (status === 503 ? 'Service Unavailable' : 'Internal Server Error');
        return { kind: 'answer', response: { status, headers, body: JSON.stringify({ detail }), operation: null } };
      }
      case 'malformed-body':
        garbled = garble(garbled ?? current ?? { status: 200, headers: {}, body: '{}' }, fault);
        break;
      case 'approval':
        // Consumed when an approval request is created, never per request.
        break;
      default: {
        const unreachable: never = fault;
        throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
      }
    }
  }
  return garbled ? { kind: 'garbled', response: garbled } : { kind: 'continue' };
}

/** The kinds of `list`, joined with `+` (the recorded fault name). */
export function faultName(list: readonly Fault[]): string {
  return list.map((f) => f.kind).join('+');
}
