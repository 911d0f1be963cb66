/**
 * What the governed tools of one run remember between the SDK's approval check (`needsApproval`)
 * and the tool's execution: ASCEND's verdict for each tool call, and the pending handle of a call
 * waiting for a human. Kept per `RunContext` (one per run state), so two runs never share it, and
 * forgotten with the run. {@link saveGovernedRun} / {@link loadGovernedRun} carry the pending
 * handles across processes next to the SDK's serialized `RunState`.
 */
import { ValidationError, isPendingDecisionHandle, type PendingDecision, type PendingDecisionHandle } from '@ascend/core';
import type { AllowedVerdict, BlockedVerdict, GovernedCall } from '@ascend/governance';

/** ASCEND already decided this call (allowed or blocked); the tool's execution applies it. */
export interface DecidedEntry {
  readonly kind: 'decided';
  readonly verdict: AllowedVerdict | BlockedVerdict;
}

/** A human must decide in ASCEND; the SDK run was interrupted for it. */
export interface PendingEntry {
  readonly kind: 'pending';
  /** The tool's name. */
  readonly toolName: string;
  /** The SDK's tool call id. */
  readonly callId: string;
  /** What to resume in ASCEND. */
  readonly handle: PendingDecisionHandle;
  /** What the call is about, as sent to ASCEND (arguments redacted). */
  readonly call: GovernedCall;
  /** The pending decision itself, while in the process that received it. */
  readonly decision?: PendingDecision | undefined;
}

/** One tool call's record. */
export type Entry = DecidedEntry | PendingEntry;

const runs = new WeakMap<object, Map<string, Entry>>();

function key(toolName: string, callId: string): string {
  return `${toolName}\u0000${callId}`;
}

/** The records of one run (its `RunContext`), created on first use. */
function recordsOf(runContext: object): Map<string, Entry> {
  let records = runs.get(runContext);
  if (!records) {
    records = new Map();
    runs.set(runContext, records);
  }
  return records;
}

/** Remembers a call's record. */
export function remember(runContext: object, toolName: string, callId: string, entry: Entry): void {
  recordsOf(runContext).set(key(toolName, callId), entry);
}

/** A call's record, if any. */
export function recall(runContext: object, toolName: string, callId: string): Entry | undefined {
  return runs.get(runContext)?.get(key(toolName, callId));
}

/** Forgets a call's record and returns it: each record is applied once. */
export function take(runContext: object, toolName: string, callId: string): Entry | undefined {
  const records = runs.get(runContext);
  const entry = records?.get(key(toolName, callId));
  records?.delete(key(toolName, callId));
  return entry;
}

/** The pending records of one run, oldest first. */
export function pendingOf(runContext: object): PendingEntry[] {
  const records = runs.get(runContext);
  if (!records) return [];
  return [...records.values()].filter((e): e is PendingEntry => e.kind === 'pending');
}

/** Limits on a saved run read back (untrusted input). */
export const SAVED_RUN_LIMITS = Object.freeze({
  /** The whole saved text, in characters. */
  maxChars: 32 * 1024 * 1024,
  /** Pending calls in one saved run. */
  maxPending: 1_000,
  /** Any id or name in a pending record. */
  maxIdChars: 512,
  /** An action type or a resource. */
  maxTextChars: 4_096,
});

/** ASCEND's pending handle, as saved (absent fields are omitted). */
export interface SavedHandle {
  /** The ASCEND action id. */
  actionId: string;
  /** The approval request id, when ASCEND gave one. */
  approvalRequestId?: string;
  /** When the approval request expires (ISO 8601), when ASCEND said. */
  expiresAt?: string;
}

/** What a pending call is about, as sent to ASCEND (arguments redacted). */
export interface SavedCall {
  /** The action type sent to ASCEND. */
  actionType: string;
  /** The resource sent to ASCEND. */
  resource: string;
  /** The arguments as sent to ASCEND: redacted and bounded. */
  parameters: Record<string, unknown>;
  /** The server or toolset name, when configured. */
  serverName?: string | undefined;
  /** The SDK's tool call id. */
  requestId?: string | number | undefined;
  /** The conversation id, when `sessionId` gave one. */
  sessionId?: string | undefined;
}

/** The JSON form of one pending record. */
export interface SavedPending {
  /** The tool's name. */
  toolName: string;
  /** The SDK's tool call id. */
  callId: string;
  /** ASCEND's pending handle: `{ actionId, approvalRequestId, expiresAt }`. */
  handle: SavedHandle;
  /** What the call is about, as sent to ASCEND (arguments redacted). */
  call: SavedCall;
}

/** The JSON form of a pending record. */
export function toSaved(entry: PendingEntry): SavedPending {
  const { call } = entry;
  return {
    toolName: entry.toolName,
    callId: entry.callId,
    handle: {
      actionId: entry.handle.actionId,
      ...(entry.handle.approvalRequestId !== undefined ? { approvalRequestId: entry.handle.approvalRequestId } : {}),
      ...(entry.handle.expiresAt !== undefined ? { expiresAt: entry.handle.expiresAt } : {}),
    },
    call: {
      actionType: call.actionType,
      resource: call.resource,
      parameters: call.parameters,
      ...(call.serverName !== undefined ? { serverName: call.serverName } : {}),
      ...(call.requestId !== undefined ? { requestId: call.requestId } : {}),
      ...(call.sessionId !== undefined ? { sessionId: call.sessionId } : {}),
    },
  };
}

/**
 * A pending record read back from storage, checked field by field.
 * @throws `ValidationError` naming the field.
 */
export function fromSaved(value: unknown, index: number): PendingEntry {
  const at = `pending[${index}]`;
  const bad = (field: string, problem: string): ValidationError => new ValidationError(`${at}.${field}: ${problem}`, { [`${at}.${field}`]: problem });
  if (!isRecord(value)) throw bad('', 'must be an object');
  const id = (v: unknown, field: string, optional = false, max: number = SAVED_RUN_LIMITS.maxIdChars): string | undefined => {
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string' || v === '' || v.length > max) {
      throw bad(field, `must be a non-empty string of at most ${max} characters`);
    }
    return v;
  };
  const toolName = id(value['toolName'], 'toolName')!;
  const callId = id(value['callId'], 'callId')!;
  const handle = value['handle'];
  if (!isPendingDecisionHandle(handle)) throw bad('handle', 'must be a pending decision handle with an actionId');
  const actionId = id(handle.actionId, 'handle.actionId')!;
  const approvalRequestId = id(handle.approvalRequestId, 'handle.approvalRequestId', true);
  const expiresAt = id(handle.expiresAt, 'handle.expiresAt', true);
  const call = value['call'];
  if (!isRecord(call)) throw bad('call', 'must be an object');
  const parameters = call['parameters'];
  if (!isRecord(parameters)) throw bad('call.parameters', 'must be an object');
  const requestId = call['requestId'];
  if (requestId !== undefined && typeof requestId !== 'number') id(requestId, 'call.requestId');
  return {
    kind: 'pending',
    toolName,
    callId,
    handle: { actionId, approvalRequestId, expiresAt },
    call: {
      toolName,
      serverName: id(call['serverName'], 'call.serverName', true),
      actionType: id(call['actionType'], 'call.actionType', false, SAVED_RUN_LIMITS.maxTextChars)!,
      resource: id(call['resource'], 'call.resource', false, SAVED_RUN_LIMITS.maxTextChars)!,
      parameters,
      requestId: requestId as string | number | undefined,
      sessionId: id(call['sessionId'], 'call.sessionId', true),
    },
  };
}

/** True for a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
