/**
 * The LangGraph side of a pending decision: the value an ASCEND `interrupt()` carries, and how a
 * resume value is read. The resume value never runs a tool by itself: it can only withdraw the
 * action (`reject`), or ask the adapter to check ASCEND again.
 */
import type { PendingDecisionHandle } from '@ascend/core';

/** The `type` of every {@link AscendApprovalInterrupt}. */
export const ASCEND_INTERRUPT_TYPE = 'ascend.approval_required';

/**
 * The value of the `interrupt()` a governed tool raises when ASCEND answers pending (with
 * `approval: 'interrupt'`). It is plain JSON; it is stored in the checkpoint and shown in
 * `result.__interrupt__[i].value` (or `graph.getState(config).tasks[j].interrupts`).
 */
export interface AscendApprovalInterrupt {
  /** Always {@link ASCEND_INTERRUPT_TYPE}. */
  type: typeof ASCEND_INTERRUPT_TYPE;
  /** The ASCEND pending handle: what a reviewer approves or rejects in ASCEND. */
  pending: PendingDecisionHandle;
  /** The tool that waits. */
  toolName: string;
  /** The model's tool call id, when it had one. */
  toolCallId: string | undefined;
  /** The action type sent to ASCEND. */
  actionType: string;
  /** The resource sent to ASCEND. */
  resource: string;
  /** The arguments as sent to ASCEND: redacted and bounded. */
  parameters: Record<string, unknown>;
  /** A sentence for a UI. */
  message: string;
}

/**
 * What a `new Command({ resume })` may say to a paused governed tool call.
 *
 * - `'approve'`, `{ type: 'approve' }`, `undefined` or anything else: check ASCEND again (wait
 *   up to `approvalTimeoutMs` for the reviewer's decision there); the tool runs only if ASCEND
 *   says allowed.
 * - `'reject'`, `{ type: 'reject', message? }` (the shape of LangChain's human-in-the-loop
 *   decisions) or `{ decision: 'reject', reason? }`: withdraw the ASCEND action (reported as
 *   failed with `CANCELLED_BY_CLIENT`) and never run the tool.
 */
export type AscendResume = 'approve' | 'reject' | AscendResumeDecision | AscendResumeVerdict | undefined;

/** A resume in the shape of LangChain's human-in-the-loop decisions. */
export interface AscendResumeDecision {
  /** `reject` withdraws the action; `approve` checks ASCEND again. */
  type: 'approve' | 'reject';
  /** Why, for a rejection: shown to the model (one line, at most 500 characters). */
  message?: string;
}

/** A resume as a verdict word. */
export interface AscendResumeVerdict {
  /** `reject` withdraws the action; `approve` checks ASCEND again. */
  decision: 'approve' | 'reject';
  /** Why, for a rejection: shown to the model (one line, at most 500 characters). */
  reason?: string;
}

/** One ASCEND approval a paused run waits for. */
export interface PendingApproval {
  /** The LangGraph interrupt id, the key of a `Command({ resume: { [id]: … } })` map. */
  id: string | undefined;
  /** The interrupt's value. */
  value: AscendApprovalInterrupt;
}

/** Whether a value is an {@link AscendApprovalInterrupt} (e.g. one of `result.__interrupt__[i].value`). */
export function isAscendApprovalInterrupt(value: unknown): value is AscendApprovalInterrupt {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<AscendApprovalInterrupt>;
  return v.type === ASCEND_INTERRUPT_TYPE && typeof v.pending === 'object' && v.pending !== null && typeof v.pending.actionId === 'string';
}

/**
 * The ASCEND approvals a paused run waits for: the {@link AscendApprovalInterrupt} values of a
 * result's `__interrupt__` list (or of any list of `{ id, value }` interrupts), with their
 * interrupt ids for a `Command({ resume: { [id]: … } })` map.
 *
 * @example
 * ```ts
 * const result = await agent.invoke(input, config)
 * for (const { id, value } of pendingApprovals(result)) console.log(id, value.pending.actionId)
 * ```
 */
export function pendingApprovals(result: unknown): PendingApproval[] {
  const list = Array.isArray(result)
    ? (result as unknown[])
    : typeof result === 'object' && result !== null && Array.isArray((result as { __interrupt__?: unknown }).__interrupt__)
      ? (result as { __interrupt__: unknown[] }).__interrupt__
      : [];
  const out: PendingApproval[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, value } = item as { id?: unknown; value?: unknown };
    if (isAscendApprovalInterrupt(value)) out.push({ id: typeof id === 'string' ? id : undefined, value });
  }
  return out;
}

const MAX_REASON = 500;

/** Reads a resume value: `reject` (with an optional reason) or `check` (ask ASCEND). @internal */
export function readResume(value: unknown): { reject: false } | { reject: true; reason: string | undefined } {
  let word: unknown = value;
  let reason: unknown;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    word = v['type'] ?? v['decision'];
    reason = v['message'] ?? v['reason'];
  }
  if (typeof word !== 'string') return { reject: false };
  const w = word.trim().toLowerCase();
  if (w !== 'reject' && w !== 'rejected') return { reject: false };
  return { reject: true, reason: typeof reason === 'string' && reason.trim() !== '' ? oneLine(reason).slice(0, MAX_REASON) : undefined };
}

function oneLine(text: string): string {
  // Control characters would let a resume value forge lines in logs or in the model's view.
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}
