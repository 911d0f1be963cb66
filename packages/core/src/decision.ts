/**
 * Authorization decisions and their normalization from the wire (reference §4), without the
 * Python client's flaws: only an explicit `allowed`/`approved` (or `auto_approved`) is allowed;
 * a missing, unknown, malformed or self-contradicting decision is a {@link ProtocolError}.
 */
import { ProtocolError, type AscendError } from './errors.js';
import { expectObject, id, isObject, num, obj, str, strArray, bool, type WireObject } from './wire-read.js';

/** The three outcomes of a governance decision. */
export type DecisionOutcome = 'allowed' | 'denied' | 'pending';

/** Risk levels the service reports. */
export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';

const RISK_LEVELS: readonly string[] = ['low', 'medium', 'high', 'critical'];

/** Fields common to every decision. */
export interface DecisionBase {
  /** The normalized outcome. */
  decision: DecisionOutcome;
  /** The action id the service assigned (numbers on the wire become strings). */
  actionId: string;
  /** The raw `status` value the service sent, if any (e.g. `pending_approval`). */
  status: string | undefined;
  /** Risk score 0–100, when reported. */
  riskScore: number | undefined;
  /** Risk level, when reported and recognised; an unrecognised value reads as undefined. */
  riskLevel: RiskLevel | undefined;
  /** Why the service decided so. */
  reason: string | undefined;
  /** Policy identifiers that matched. */
  policyViolations: string[];
  /** Conditions attached to an allowed action. */
  conditions: string[];
  /** Who approved or reviewed, for decisions made by a human. */
  approvedBy: string | undefined;
  /** When it was approved or reviewed (as sent). */
  approvedAt: string | undefined;
  /** Reviewer comments. */
  comments: string | undefined;
  /** Extra metadata the service attached. */
  metadata: Record<string, unknown>;
  /** The response body as received, for fields this SDK does not model (cvss, mitre…). */
  raw: Readonly<Record<string, unknown>>;
}

/** The action may run. */
export interface AllowedDecision extends DecisionBase {
  decision: 'allowed';
  /** True: execution is permitted. */
  executionAllowed: true;
  /**
   * Set only when the decision was synthesized locally because the service was unreachable and
   * the client's fail mode is `open`. Holds the error that triggered it.
   */
  failOpen: { cause: AscendError } | undefined;
}

/** The action must not run. */
export interface DeniedDecision extends DecisionBase {
  decision: 'denied';
  /** False: execution is not permitted. */
  executionAllowed: false;
  /** Never set on a denial. */
  failOpen: undefined;
}

/** A human must approve before the action may run. */
export interface PendingDecision extends DecisionBase {
  decision: 'pending';
  /** False until approved. */
  executionAllowed: false;
  /** The approval request to poll with `checkApproval`, when the service gave one. */
  approvalRequestId: string | undefined;
  /** When the approval request expires (as sent). */
  expiresAt: string | undefined;
  /** Who may approve. */
  requiredApprovers: string[];
  /** Never set on a pending decision. */
  failOpen: undefined;
}

/** A governance decision: discriminate on `decision`. */
export type AuthorizationDecision = AllowedDecision | DeniedDecision | PendingDecision;

/**
 * Explicit mapping of every status/decision word the service is known to send.
 * Matching is exact (lowercase); any other value is a protocol error, never "allowed".
 *
 * | wire value | outcome | why |
 * |---|---|---|
 * | `allowed`, `approved`, `auto_approved` | allowed | explicit approval (by policy or human) |
 * | `denied`, `rejected`, `blocked` | denied | explicit refusal |
 * | `timeout`, `expired` | denied | the approval window closed without approval |
 * | `requires_modification` | denied | the action as submitted may not run |
 * | `pending`, `pending_approval`, `escalated` | pending | a human has yet to decide |
 */
export const DECISION_VOCABULARY: Readonly<Record<string, DecisionOutcome>> = Object.freeze({
  allowed: 'allowed',
  approved: 'allowed',
  auto_approved: 'allowed',
  denied: 'denied',
  rejected: 'denied',
  blocked: 'denied',
  timeout: 'denied',
  expired: 'denied',
  requires_modification: 'denied',
  pending: 'pending',
  pending_approval: 'pending',
  escalated: 'pending',
});

function outcomeOf(value: unknown, field: string): DecisionOutcome {
  if (typeof value !== 'string') {
    throw new ProtocolError(`decision field "${field}" is ${value === null ? 'null' : typeof value}, expected a string`, {
      field,
    });
  }
  const outcome = Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, value) ? DECISION_VOCABULARY[value] : undefined;
  if (outcome === undefined) {
    throw new ProtocolError(`unknown decision value ${JSON.stringify(value.slice(0, 40))} in "${field}"`, { field });
  }
  return outcome;
}

/**
 * Reads the outcome from `decision` and `status`. When both are present they must agree.
 * @throws {@link ProtocolError} when neither is present, a value is unknown, or they disagree.
 */
export function readOutcome(body: WireObject): DecisionOutcome {
  const hasDecision = body['decision'] !== undefined;
  const hasStatus = body['status'] !== undefined;
  if (!hasDecision && !hasStatus) throw new ProtocolError('response carries neither "decision" nor "status"', { field: 'decision' });
  const fromDecision = hasDecision ? outcomeOf(body['decision'], 'decision') : undefined;
  const fromStatus = hasStatus ? outcomeOf(body['status'], 'status') : undefined;
  if (fromDecision !== undefined && fromStatus !== undefined && fromDecision !== fromStatus) {
    throw new ProtocolError(`"decision" (${fromDecision}) and "status" (${fromStatus}) disagree`, { field: 'decision' });
  }
  return (fromDecision ?? fromStatus)!;
}

function riskLevel(body: WireObject): RiskLevel | undefined {
  const v = body['risk_level'];
  return typeof v === 'string' && RISK_LEVELS.includes(v.toLowerCase()) ? (v.toLowerCase() as RiskLevel) : undefined;
}

/**
 * Normalizes a submit or status response into an {@link AuthorizationDecision}.
 *
 * @param body - The parsed JSON body (untrusted).
 * @param knownActionId - The action id when the caller already knows it (status polls).
 * @throws {@link ProtocolError} for a body that is not an object, lacks a valid decision, or lacks an action id.
 */
export function parseDecision(body: unknown, knownActionId?: string): AuthorizationDecision {
  const o = expectObject(body, 'decision response');
  const outcome = readOutcome(o);
  const actionId = id(o, 'action_id', 'id') ?? knownActionId;
  if (actionId === undefined) throw new ProtocolError('decision response has no action_id', { field: 'action_id' });
  const base: Omit<DecisionBase, 'decision'> = {
    actionId,
    status: str(o, 'status'),
    riskScore: num(o, 'risk_score'),
    riskLevel: riskLevel(o),
    reason: str(o, 'reason', 'rejection_reason'),
    policyViolations: strArray(o, 'policy_violations'),
    conditions: strArray(o, 'conditions'),
    approvedBy: str(o, 'approved_by', 'reviewed_by'),
    approvedAt: str(o, 'approved_at', 'reviewed_at'),
    comments: str(o, 'comments'),
    metadata: obj(o, 'metadata'),
    raw: o,
  };
  if (outcome === 'allowed') {
    // A server that says allowed but explicitly forbids execution is contradicting itself.
    if (bool(o, 'execution_allowed') === false) {
      throw new ProtocolError('decision is allowed but execution_allowed is false', { field: 'execution_allowed' });
    }
    return { ...base, decision: 'allowed', executionAllowed: true, failOpen: undefined };
  }
  if (outcome === 'denied') return { ...base, decision: 'denied', executionAllowed: false, failOpen: undefined };
  return {
    ...base,
    decision: 'pending',
    executionAllowed: false,
    approvalRequestId: id(o, 'approval_request_id', 'approval_id'),
    expiresAt: str(o, 'expires_at'),
    requiredApprovers: strArray(o, 'required_approvers'),
    failOpen: undefined,
  };
}

/**
 * Normalizes the MCP action endpoint's response (§3.27). Unlike the Python client, an empty or
 * unrecognised body is a protocol error, not an allowed decision.
 *
 * Accepted shapes: a regular decision body (`decision`/`status`), or the MCP shape where
 * `status: "denied"` / `success: false` mean denied, a truthy `requires_approval` means pending,
 * and `allowed: true` or `execution_allowed: true` mean allowed.
 */
export function parseMcpDecision(body: unknown): AuthorizationDecision {
  const o = expectObject(body, 'MCP decision response');
  if (o['decision'] !== undefined || (typeof o['status'] === 'string' && o['status'] in DECISION_VOCABULARY)) {
    return parseDecision(o, id(o, 'action_id', 'id') ?? '');
  }
  const actionId = id(o, 'action_id', 'id') ?? '';
  let outcome: DecisionOutcome;
  if (o['success'] === false) outcome = 'denied';
  else if (o['requires_approval'] === true) outcome = 'pending';
  else if (o['allowed'] === true || o['execution_allowed'] === true) outcome = 'allowed';
  else throw new ProtocolError('MCP decision response carries no explicit decision', { field: 'decision' });
  return parseDecision({ ...o, decision: outcome, status: undefined, action_id: actionId }, actionId);
}

/** Builds the synthetic allowed decision of fail-open mode. */
export function failOpenDecision(actionId: string, cause: AscendError): AllowedDecision {
  return {
    decision: 'allowed',
    actionId,
    status: undefined,
    riskScore: undefined,
    riskLevel: undefined,
    reason: 'Allowed by fail-open mode: ASCEND was unreachable',
    policyViolations: [],
    conditions: ['fail_open_mode'],
    approvedBy: undefined,
    approvedAt: undefined,
    comments: undefined,
    metadata: { failMode: 'open', errorCode: cause.code },
    raw: {},
    executionAllowed: true,
    failOpen: { cause },
  };
}

/** A pending decision in a serializable form, enough to resume waiting after a restart. */
export interface PendingDecisionHandle {
  /** The pending action. */
  actionId: string;
  /** Its approval request, when known. */
  approvalRequestId: string | undefined;
  /** When the approval expires (as sent). */
  expiresAt: string | undefined;
}

/** Extracts the serializable handle from a pending decision. */
export function toPendingHandle(decision: PendingDecision): PendingDecisionHandle {
  return { actionId: decision.actionId, approvalRequestId: decision.approvalRequestId, expiresAt: decision.expiresAt };
}

/** True when `value` looks like a {@link PendingDecisionHandle} (e.g. after JSON round-trip). */
export function isPendingDecisionHandle(value: unknown): value is PendingDecisionHandle {
  return isObject(value) && typeof value['actionId'] === 'string' && value['actionId'] !== '';
}
