/**
 * Authorization decisions and their normalization from the wire (reference §4), without the
 * Python client's flaws: only an explicit `allowed`/`approved` (or `auto_approved`) is allowed;
 * a missing, unknown, malformed or self-contradicting decision is a {@link ProtocolError}.
 */
import type { RiskLevel } from './constants.js';
import type { DecisionDetails } from './decision-details.js';
import { ProtocolError, type AscendError } from './errors.js';
import { expectObject, id, isObject, num, obj, str, strArray, type WireObject } from './wire-read.js';

/** The three outcomes of a governance decision. */
export type DecisionOutcome = 'allowed' | 'denied' | 'pending';

/** Risk levels the service reports. */
export type { RiskLevel };

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
  /**
   * The typed analysis and attribution fields the service attaches (Python client 2.5.0 and
   * 2.7.0): CVSS, MITRE, NIST, governance blocks, thresholds, enforcement attribution. Read
   * leniently: a field that is absent, `null` or of the wrong type is left out and never affects
   * the decision. `AscendClient` always fills it (`{}` on a fail-open decision). The lean
   * `AscendAgentClient` leaves it out to stay small: read them with
   * `readDecisionDetails(decision)`.
   */
  details?: DecisionDetails;
  /** The response body as received, for fields this SDK does not model. */
  raw: Readonly<Record<string, unknown>>;
}

/**
 * What the service says became of an allowed action once it was reported: `completed` or
 * `failed` (status answers after `logActionCompleted` / `logActionFailed`).
 */
export type ExecutionState = 'completed' | 'failed';

/** The action may run. */
export interface AllowedDecision extends DecisionBase {
  decision: 'allowed';
  /** True: execution is permitted. */
  executionAllowed: true;
  /**
   * Set when the service reports that the action already ran and was reported (status
   * `completed` or `failed`): the decision was allowed, and acting on it again would run the
   * action twice. `evaluateAction` and `waitForDecision` never return such a decision; they throw
   * {@link ActionAlreadyExecutedError} instead. Undefined for a decision not yet acted on.
   */
  execution: ExecutionState | undefined;
  /**
   * Set only when the decision was synthesized locally because the service was unreachable and
   * the client's fail mode is `open`. Holds the error that triggered it.
   */
  failOpen:
    | {
        /**
         * The failure that made the service unreachable: a network, timeout, rate-limit or
         * server error, or an open circuit breaker. Its `code` is also in `metadata.errorCode`.
         */
        cause: AscendError;
      }
    | undefined;
}

/** The action must not run. */
export interface DeniedDecision extends DecisionBase {
  decision: 'denied';
  /** False: execution is not permitted. */
  executionAllowed: false;
  /** Never set on a denial. */
  execution: undefined;
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
  execution: undefined;
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

/**
 * Status words of an action that was allowed and has since been reported: they read as allowed,
 * with the execution state kept (see {@link AllowedDecision.execution}). Only `status` may carry
 * them; a `decision` field never does.
 */
const EXECUTION_STATES: readonly string[] = ['completed', 'failed'];

function outcomeOf(value: unknown, field: string): DecisionOutcome {
  if (typeof value !== 'string') {
    throw new ProtocolError(`decision field "${field}" is ${typeof value}, expected a string`, { field });
  }
  if (field === 'status' && EXECUTION_STATES.includes(value)) return 'allowed';
  const outcome = Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, value) ? DECISION_VOCABULARY[value] : undefined;
  if (outcome === undefined) {
    // The value is the service's: quoted short, and masked by the client before it reaches a caller.
    throw new ProtocolError(`unknown decision value ${JSON.stringify(value.slice(0, 512))} in "${field}"`, { field });
  }
  return outcome;
}

/** True when a wire field carries a value: neither absent nor JSON `null`. */
function given(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/**
 * Reads the outcome from `decision` and `status`.
 *
 * A field that is absent or `null` has no say (FastAPI-style servers send `null` for unset
 * optional fields). Every field that is given must be a string of {@link DECISION_VOCABULARY},
 * matched exactly (so `ALLOWED` or `allow` is an error, not a guess), and when both are given
 * they must agree. So the result is `allowed` only when the body says `allowed`, `approved` or
 * `auto_approved` and nothing in it says otherwise.
 *
 * @throws {@link ProtocolError} when neither is given, a value is not a known word, or they disagree.
 */
export function readOutcome(body: WireObject): DecisionOutcome {
  const hasDecision = given(body['decision']);
  const hasStatus = given(body['status']);
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

/** Builds the decision for an outcome already read from `o`, keeping `o` as `raw`. */
function buildDecision(o: WireObject, outcome: DecisionOutcome, actionId: string): AuthorizationDecision {
  if (outcome === 'allowed' && given(o['execution_allowed']) && o['execution_allowed'] !== true) {
    // A server that says allowed but does not confirm execution is contradicting itself.
    throw new ProtocolError('decision is allowed but execution_allowed is not true', { field: 'execution_allowed' });
  }
  // One object literal, every field in the same order: one shape for every decision.
  const pending = outcome === 'pending';
  const decision = {
    decision: outcome,
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
    executionAllowed: outcome === 'allowed',
    execution: outcome === 'allowed' ? executionState(o) : undefined,
    failOpen: undefined,
  };
  if (!pending) return decision as AllowedDecision | DeniedDecision;
  return Object.assign(decision, {
    approvalRequestId: id(o, 'approval_request_id', 'approval_id'),
    expiresAt: str(o, 'expires_at'),
    requiredApprovers: strArray(o, 'required_approvers'),
  }) as PendingDecision;
}

function executionState(o: WireObject): ExecutionState | undefined {
  const status = o['status'];
  return status === 'completed' || status === 'failed' ? status : undefined;
}

/**
 * Normalizes a submit or status response into an {@link AuthorizationDecision}.
 *
 * The outcome comes from `decision` and `status`: a field that is absent or `null` has no say,
 * every field that is given must be a word of {@link DECISION_VOCABULARY} (matched exactly), and
 * when both are given they must agree. An allowed outcome with an `execution_allowed` that is
 * given but not `true` is a contradiction. An unknown `risk_level` reads as undefined, and
 * auxiliary fields of the wrong type read as undefined or empty; neither fails the parse.
 * Numeric action ids become strings.
 *
 * A status answer (`knownActionId` given) is bound to the action asked about: one that names
 * another action is a protocol error, never a decision. `completed` and `failed` statuses (the
 * action already ran and was reported) read as allowed with {@link AllowedDecision.execution} set.
 *
 * @param body - The parsed JSON body (untrusted).
 * @param knownActionId - The action id when the caller already knows it (status polls).
 * @throws {@link ProtocolError} for a body that is not an object, lacks a valid decision, lacks
 * an action id, or names another action than `knownActionId`.
 */
export function parseDecision(body: unknown, knownActionId?: string): AuthorizationDecision {
  const o = expectObject(body, 'decision response');
  const outcome = readOutcome(o);
  const wireId = id(o, 'action_id', 'id');
  if (knownActionId !== undefined && wireId !== undefined && wireId !== knownActionId) {
    throw new ProtocolError(`the status answer is about another action than ${JSON.stringify(knownActionId.slice(0, 64))}`, { field: 'action_id' });
  }
  const actionId = wireId ?? knownActionId;
  if (actionId === undefined) throw new ProtocolError('decision response has no action_id', { field: 'action_id' });
  return buildDecision(o, outcome, actionId);
}

/**
 * Normalizes the MCP action endpoint's response (§3.27). Unlike the Python client, an empty or
 * unrecognised body is a protocol error, not an allowed decision (§13.17).
 *
 * - A body with a `decision` or `status` is read like {@link parseDecision}: an unknown word is
 *   a protocol error.
 * - The MCP flags are read too: `success` given and not `true` means denied; a truthy
 *   `requires_approval` means pending; `allowed` / `execution_allowed`, when given, must all be
 *   `true` for allowed. Without a decision word, those flags decide in that order, and a body
 *   with none of them is a protocol error.
 * - A decision word of allowed that any MCP flag contradicts is a protocol error.
 *
 * The action id defaults to `""` when the body has none.
 */
export function parseMcpDecision(body: unknown): AuthorizationDecision {
  const o = expectObject(body, 'MCP decision response');
  const actionId = id(o, 'action_id', 'id') ?? '';
  const denied = given(o['success']) && o['success'] !== true;
  const approval = Boolean(o['requires_approval']);
  const allowFlags = [o['allowed'], o['execution_allowed']].filter(given);
  const allowedByFlags = allowFlags.length > 0 && allowFlags.every((v) => v === true);
  if (given(o['decision']) || given(o['status'])) {
    const decision = buildDecision(o, readOutcome(o), actionId);
    if (decision.decision === 'allowed' && (denied || approval || (allowFlags.length > 0 && !allowedByFlags))) {
      throw new ProtocolError('MCP decision says allowed but its success/requires_approval/allowed flags disagree', { field: 'decision' });
    }
    return decision;
  }
  let outcome: DecisionOutcome;
  if (denied) outcome = 'denied';
  else if (approval) outcome = 'pending';
  else if (allowedByFlags) outcome = 'allowed';
  else throw new ProtocolError('MCP decision response carries no explicit decision', { field: 'decision' });
  return buildDecision(o, outcome, actionId);
}

/** Builds the synthetic allowed decision of fail-open mode. */
export function failOpenDecision(actionId: string, cause: AscendError): AllowedDecision {
  // The same shape as a service's decision (every field, same order), built from an empty answer.
  return {
    ...(buildDecision({}, 'allowed', actionId) as AllowedDecision),
    reason: 'Allowed by fail-open mode: ASCEND was unreachable',
    conditions: ['fail_open_mode'],
    metadata: { failMode: 'open', errorCode: cause.code },
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
