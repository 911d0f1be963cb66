/**
 * The approval lifecycle: a pending action gets an approval request that a human (the admin API)
 * approves or rejects, or that expires by the fake's clock.
 *
 *     pending ──approve──▶ approved   (action: decision allowed, status approved)
 *        ├────reject───▶ rejected   (action: decision denied,  status rejected)
 *        └────expire───▶ expired    (action: decision denied,  status expired)
 *
 * @packageDocumentation
 */
import type { FakeContext } from './context.js';
import type { Fault } from './faults.js';
import type { JsonObject } from './json.js';
import { settleAction } from './retention.js';
import { approvalDueMs, trackApproval } from './store-indexes.js';
import type { FakeAction, FakeApproval } from './store-records.js';

/**
 * What went wrong in an admin call: an unknown id (`not-found`), an approval no longer pending
 * (`not-pending`), a name already taken (`conflict`), or an invalid input (`invalid`; the message
 * names the field).
 */
export type FakeAdminErrorCode = 'not-found' | 'not-pending' | 'conflict' | 'invalid';

/** Thrown by the admin API for an unknown id, a request that is no longer pending, a taken name or an invalid input. */
export class FakeAdminError extends Error {
  /** Always `'FakeAdminError'`. */
  override readonly name = 'FakeAdminError';
  /** See {@link FakeAdminErrorCode}. */
  readonly code: FakeAdminErrorCode;

  /** @param code what went wrong; @param message details. */
  constructor(code: FakeAdminErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** Who decides and why. */
export interface ApprovalDecisionInput {
  /** The approver or rejecter; defaults to `approver@ascend.local`. */
  readonly by?: string;
  /** A comment (approval) or the rejection reason (rejection). */
  readonly comment?: string;
  /** Rejection reason; wins over `comment` for rejections. */
  readonly reason?: string;
}

/** An approval outcome. */
export type ApprovalOutcome = 'approve' | 'reject' | 'expire';

const DEFAULT_APPROVER = 'approver@ascend.local';

/**
 * Creates the approval request of a pending action, honouring an `approval` fault. Call
 * {@link announceApproval} once the action itself was announced.
 */
export function openApproval(ctx: FakeContext, action: FakeAction, autoFault: Extract<Fault, { kind: 'approval' }> | undefined): FakeApproval {
  const { store, fx, options } = ctx;
  const number = store.nextId('approval');
  const nowMs = fx.now();
  const expiresAtMs = nowMs + options.approvalTtlMs;
  const approval: FakeApproval = {
    approvalId: `apr_${number}`,
    actionId: action.id,
    status: 'pending',
    requestedAt: new Date(nowMs).toISOString(),
    expiresAt: new Date(expiresAtMs).toISOString(),
    expiresAtMs,
    decidedAt: null,
    decidedBy: null,
    comment: null,
    rejectionReason: null,
    requiredApprovers: [...action.requiredApprovers],
    autoDecision: autoFault
      ? { outcome: autoFault.outcome, atMs: nowMs + (autoFault.afterMs ?? 0), by: autoFault.by ?? null, reason: autoFault.reason ?? null }
      : null,
  };
  store.put('approval', approval);
  trackApproval(store, approval);
  // The caller stores the action (it is being created).
  action.approvalRequestId = approval.approvalId;
  action.expiresAt = approval.expiresAt;
  return approval;
}

/** Audits and emits a freshly opened approval request. */
export function announceApproval(ctx: FakeContext, action: FakeAction, approval: FakeApproval): void {
  ctx.fx.audit({
    eventType: 'approval.requested',
    actor: action.agentId,
    resource: action.resource,
    action: action.actionType,
    outcome: 'pending',
    details: { action_id: action.id, approval_request_id: approval.approvalId, expires_at: approval.expiresAt },
  });
  ctx.fx.emit('approval.pending', approval);
}

/**
 * Finds an approval by approval id (`apr_1`), by action id (a number, or a numeric string).
 */
export function findApproval(ctx: FakeContext, id: number | string): FakeApproval | undefined {
  if (typeof id === 'string') {
    const direct = ctx.store.approvals.get(id);
    if (direct) return direct;
    if (!/^\d+$/.test(id)) return undefined;
    id = Number(id);
  }
  const action = ctx.store.actions.get(id);
  return action?.approvalRequestId ? ctx.store.approvals.get(action.approvalRequestId) : undefined;
}

function actionEventData(action: FakeAction): JsonObject {
  return {
    action_id: action.id,
    action_type: action.actionType,
    agent_id: action.agentId,
    resource: action.resource,
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    status: action.status,
  };
}

/**
 * Decides a pending approval and updates its action.
 * @throws {@link FakeAdminError} `not-pending` when it was already decided.
 */
export function decideApproval(ctx: FakeContext, approval: FakeApproval, outcome: ApprovalOutcome, input: ApprovalDecisionInput = {}): FakeApproval {
  if (approval.status !== 'pending') {
    throw new FakeAdminError('not-pending', `approval ${approval.approvalId} is already ${approval.status}`);
  }
  const { store, fx } = ctx;
  const at = fx.iso();
  const action = store.actions.get(approval.actionId);
  approval.decidedAt = at;
  approval.autoDecision = null;
  switch (outcome) {
    case 'approve':
      approval.status = 'approved';
      approval.decidedBy = input.by ?? DEFAULT_APPROVER;
      approval.comment = input.comment ?? null;
      break;
    case 'reject':
      approval.status = 'rejected';
      approval.decidedBy = input.by ?? DEFAULT_APPROVER;
      approval.rejectionReason = input.reason ?? input.comment ?? 'Rejected by reviewer';
      approval.comment = input.comment ?? null;
      break;
    case 'expire':
      approval.status = 'expired';
      approval.decidedBy = null;
      break;
    default: {
      const unreachable: never = outcome;
      throw new Error(`unknown approval outcome ${String(unreachable)}`);
    }
  }
  if (action) {
    action.updatedAt = at;
    action.reviewedAt = outcome === 'expire' ? null : at;
    action.reviewedBy = approval.decidedBy;
    if (outcome === 'approve') {
      action.decision = 'allowed';
      action.status = 'approved';
      action.reason = 'Approved by human reviewer';
      action.comments = approval.comment;
    } else if (outcome === 'reject') {
      action.decision = 'denied';
      action.status = 'rejected';
      action.reason = approval.rejectionReason ?? 'Rejected by reviewer';
      action.comments = approval.rejectionReason;
    } else {
      action.decision = 'denied';
      action.status = 'expired';
      action.reason = 'Approval request expired';
      action.comments = null;
    }
    action.trail.push({
      event: approval.status,
      timestamp: at,
      actor: approval.decidedBy,
      details: { approval_request_id: approval.approvalId, comment: approval.comment, rejection_reason: approval.rejectionReason },
    });
    store.put('action', action);
  }
  store.put('approval', approval);
  const eventType = outcome === 'approve' ? 'action.approved' : outcome === 'reject' ? 'action.rejected' : 'action.expired';
  fx.audit({
    eventType,
    actor: approval.decidedBy ?? 'system',
    resource: action?.resource ?? null,
    action: action?.actionType ?? null,
    outcome: approval.status,
    details: { action_id: approval.actionId, approval_request_id: approval.approvalId, comment: approval.comment, rejection_reason: approval.rejectionReason },
  });
  fx.emit('approval.decided', approval);
  if (action) {
    fx.emit('action.decided', action);
    const data = actionEventData(action);
    if (outcome === 'approve') {
      fx.webhook('action.approved', { ...data, approved_by: approval.decidedBy, approved_at: at, approval_notes: approval.comment });
    } else if (outcome === 'reject') {
      const rejected = { ...data, rejected_by: approval.decidedBy, rejected_at: at, rejection_reason: approval.rejectionReason };
      fx.webhook('action.rejected', rejected);
      fx.webhook('action.denied', { ...rejected, reason: approval.rejectionReason });
    } else {
      fx.webhook('action.timeout', { ...data, expired_at: at });
    }
  }
  // A decided action starts a fresh stay in memory, so the client waiting on it reads the outcome.
  if (action) settleAction(ctx, action);
  return approval;
}

/**
 * Applies due automatic decisions and expiries, in time order. Walks only the open approval
 * requests, dropping the decided ones. Returns when the earliest one still open comes due
 * (Infinity when none is open).
 */
export function sweepApprovals(ctx: FakeContext): number {
  const { store } = ctx;
  const nowMs = ctx.fx.now();
  const due: { approval: FakeApproval; atMs: number; outcome: ApprovalOutcome; by: string | null; reason: string | null }[] = [];
  let next = Number.POSITIVE_INFINITY;
  for (const approval of store.openApprovals) {
    if (approval.status !== 'pending') {
      store.openApprovals.delete(approval);
      continue;
    }
    const atMs = approvalDueMs(approval);
    if (atMs > nowMs) {
      next = Math.min(next, atMs);
      continue;
    }
    const auto = approval.autoDecision;
    if (auto && auto.atMs === atMs) due.push({ approval, atMs, outcome: auto.outcome, by: auto.by, reason: auto.reason });
    else due.push({ approval, atMs, outcome: 'expire', by: null, reason: null });
  }
  due.sort((a, b) => a.atMs - b.atMs);
  for (const d of due) {
    store.openApprovals.delete(d.approval);
    const input: ApprovalDecisionInput = { by: d.by ?? 'auto-approver@ascend.local' };
    decideApproval(ctx, d.approval, d.outcome, d.reason === null ? input : { ...input, reason: d.reason, comment: d.reason });
  }
  return next;
}
