/**
 * The vendor's v1 models (`models.ts` of its Node SDK 2.0): the camelCase action and decision
 * types, the batch types, and `toApiPayload` / `parseDecision`. `parseDecision` reads through this
 * SDK's validating parser: an unknown or missing decision is an error, never `pending` or allowed.
 */
import { parseDecision as parseCoreDecision } from '../decision.js';
import type { RiskLevel } from '../constants.js';
import { toCompatError } from './errors.js';
import type { DecisionStatus } from './names.js';
import { outcomeOf, type V1Outcome } from './v1.js';

/** Risk hints of an action, camelCase (sent snake_case). */
export interface RiskIndicators {
  /** PII is involved (`pii_involved`). */
  piiInvolved?: boolean;
  /** Financial data is involved (`financial_data`). */
  financialData?: boolean;
  /** Data leaves the organization (`external_transfer`). */
  externalTransfer?: boolean;
  /** How sensitive the data is (`data_sensitivity`). */
  dataSensitivity?: 'low' | 'medium' | 'high' | 'critical';
  /** Whether an amount threshold is exceeded (`amount_threshold`). */
  amountThreshold?: 'normal' | 'exceeded';
  /** Compliance flags (`compliance_flags`). */
  complianceFlags?: string[];
}

/** Context of an action: the vendor's named fields and any others. */
export interface ActionContext {
  /** The user's original request. */
  userRequest?: string;
  /** Session id. */
  sessionId?: string;
  /** Client IP address. */
  ipAddress?: string;
  /** Client user agent. */
  userAgent?: string;
  /** Timestamp. */
  timestamp?: string;
  /** Any other context field. */
  [key: string]: unknown;
}

/** An action to authorize (v1). */
export interface AgentAction {
  /** The submitting agent's id. */
  agentId: string;
  /** Its display name. */
  agentName: string;
  /** The action type, e.g. `ActionType.DATA_ACCESS` (any string). */
  actionType: string;
  /** The resource acted upon. */
  resource: string;
  /** A specific item of the resource. */
  resourceId?: string;
  /** The action's parameters (sent as `action_details`). */
  details?: Record<string, unknown>;
  /** Context of the action. */
  context?: ActionContext;
  /** Risk hints. */
  riskIndicators?: RiskIndicators;
}

/** A v1 decision. `executionAllowed` is true only for an explicit allowed decision from the service. */
export interface AuthorizationDecision {
  /** The service's action id. */
  actionId: string;
  /** `approved`, `denied`, `pending`, or `timeout` (an approval window that closed). */
  decision: DecisionStatus;
  /** Risk score 0–100. */
  riskScore?: number;
  /** Risk level, when the service sent one of low … critical. */
  riskLevel?: RiskLevel;
  /** Policies that matched. */
  policyViolations?: string[];
  /** Who approved. */
  approvedBy?: string;
  /** When. */
  approvedAt?: string;
  /** The reviewer's comments, else the service's reason. */
  comments?: string;
  /** Whether the action may run: `decision === 'approved'`. */
  executionAllowed: boolean;
  /** The service's metadata. */
  metadata?: Record<string, unknown>;
}

/** An action's stored record (v1). */
export interface ActionDetails {
  /** The action id. */
  actionId: string;
  /** The submitting agent. */
  agentId: string;
  /** Its display name (`""` when the service does not say). */
  agentName: string;
  /** The action type, e.g. `ActionType.DATA_ACCESS` (any string). */
  actionType: string;
  /** The resource. */
  resource: string;
  /** The specific item. */
  resourceId?: string;
  /** The v1 state: `approved`, `denied`, `pending` or `timeout`. */
  status: DecisionStatus;
  /** Risk score. */
  riskScore?: number;
  /** When submitted. */
  createdAt?: string;
  /** Last change. */
  updatedAt?: string;
  /** Audit trail entries as the service sent them. */
  auditTrail?: Array<Record<string, unknown>>;
}

/** A page of `listActions`. */
export interface ActionListResponse {
  /** The actions. */
  actions: ActionDetails[];
  /** Matching actions in all pages. */
  total: number;
  /** Items skipped. */
  offset: number;
  /** Page size. */
  limit: number;
}

/** Options of `submitActionBatch`. */
export interface BatchOptions {
  /** Submit concurrently (at most 5 at a time). @defaultValue true */
  parallel?: boolean;
  /** Total approval-wait budget in ms, shared evenly by the items. @defaultValue 60000 per item */
  timeout?: number;
  /** Sequential mode: go on after a failed item. @defaultValue true */
  continueOnError?: boolean;
  /** Wait for a human on each pending item. @defaultValue false */
  waitForDecisions?: boolean;
}

/** One item of a batch: its own decision, or its own error. */
export interface BatchActionResult {
  /** The item's index in the batch. */
  index: number;
  /** The action id, when submitted. */
  actionId?: string;
  /** The item's own decision. Only `executionAllowed: true` lets that item run. */
  decision?: AuthorizationDecision;
  /** What went wrong (an approval wait that ran out is `TIMEOUT`). */
  error?: {
    /** The compatibility error's code, e.g. `TIMEOUT` or `VALIDATION_ERROR`. */
    code: string;
    /** Its message. */
    message: string;
  };
  /** Whether the item got a decision. A decision may still be `denied` or `pending`. */
  success: boolean;
}

/** Result of `submitActionBatch`. */
export interface BatchResponse {
  /** One result per item, in input order. */
  results: BatchActionResult[];
  /** Items given. */
  totalSubmitted: number;
  /** Items that got a decision. */
  successCount: number;
  /** Items that failed. */
  errorCount: number;
  /** Wall time of the batch, ms. */
  duration: number;
  /** Whether every item got a decision (not whether every item was approved). */
  allSucceeded: boolean;
}

const RISK_LEVELS: readonly string[] = ['low', 'medium', 'high', 'critical'];

/** The risk hints in the wire's snake_case, unset fields left out. */
export function riskIndicatorsPayload(r: RiskIndicators | undefined): Record<string, unknown> | undefined {
  if (r === undefined || r === null || typeof r !== 'object') return r;
  const out: Record<string, unknown> = {
    pii_involved: r.piiInvolved,
    financial_data: r.financialData,
    external_transfer: r.externalTransfer,
    data_sensitivity: r.dataSensitivity,
    amount_threshold: r.amountThreshold,
    compliance_flags: r.complianceFlags,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** An action as the v1 wire body (snake_case); unset fields are left out. */
export function toApiPayload(action: AgentAction): Record<string, unknown> {
  const out: Record<string, unknown> = {
    agent_id: action.agentId,
    agent_name: action.agentName,
    action_type: action.actionType,
    resource: action.resource,
    resource_id: action.resourceId,
    action_details: action.details,
    context: action.context,
    risk_indicators: riskIndicatorsPayload(action.riskIndicators),
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/**
 * A v1 decision from the mapping's outcome.
 * @internal
 */
export function toLegacyDecision(o: V1Outcome): AuthorizationDecision {
  const out: AuthorizationDecision = {
    actionId: o.actionId,
    decision: o.state,
    policyViolations: [...o.policyViolations],
    executionAllowed: o.state === 'approved',
    metadata: { ...o.metadata },
  };
  if (o.riskScore !== undefined) out.riskScore = o.riskScore;
  if (o.riskLevel !== undefined && RISK_LEVELS.includes(o.riskLevel)) out.riskLevel = o.riskLevel as RiskLevel;
  if (o.approvedBy !== undefined) out.approvedBy = o.approvedBy;
  if (o.approvedAt !== undefined) out.approvedAt = o.approvedAt;
  const comments = o.comments ?? o.reason;
  if (comments !== undefined) out.comments = comments;
  return out;
}

/**
 * Reads a submit or status answer (snake_case) into a v1 decision, through this SDK's validating
 * parser: a missing, unknown or contradictory decision throws (a compat `OWKAIError` with code
 * `PROTOCOL_ERROR`), where the vendor's read it as `pending`.
 */
export function parseDecision(data: Record<string, unknown>): AuthorizationDecision {
  try {
    return toLegacyDecision(outcomeOf(parseCoreDecision(data)));
  } catch (error) {
    throw toCompatError(error);
  }
}
