/**
 * Typed webhook events.
 *
 * ASCEND's sources disagree on event names and envelopes (reference §9), so the parser accepts
 * both envelope styles and every known name, maps each known `data` object from snake_case to
 * camelCase in exactly one place ({@link DATA_MAPPERS}), and keeps anything it does not know
 * as an `unknown` event with its payload intact instead of throwing.
 *
 * @packageDocumentation
 */
import type { RiskLevel } from '../decision.js';
import { WebhookVerificationError } from '../errors.js';
import { id, isObject, num, obj, str, strArray, type WireObject } from '../wire-read.js';

/** Every event type with a typed `data` object. */
export const KNOWN_WEBHOOK_EVENT_TYPES = [
  // 2.3.0 client-side list
  'action.approved',
  'action.denied',
  'action.pending',
  'policy.violation',
  'agent.trust_changed',
  // predecessor SDK
  'action.evaluated',
  'action.completed',
  'action.failed',
  // backend enum with described payloads
  'action.submitted',
  'action.rejected',
  'action.executed',
  'policy.violated',
  'alert.triggered',
] as const;

/** A webhook event type with a typed `data` object. */
export type KnownWebhookEventType = (typeof KNOWN_WEBHOOK_EVENT_TYPES)[number];

/** Fields every `action.*` event may carry. Absent or mistyped fields read as `undefined`. */
export interface ActionEventData {
  /** The action id (`action_id`), always a string even when the wire has a number. */
  actionId: string | undefined;
  /** The agent that submitted the action (`agent_id`). */
  agentId: string | undefined;
  /** The action type, e.g. `financial.refund` (`action_type`). */
  actionType: string | undefined;
  /** Risk score 0–100 (`risk_score`). */
  riskScore: number | undefined;
  /** Risk level (`risk_level`), lowercased; unknown values read as `undefined`. */
  riskLevel: RiskLevel | undefined;
}

/** `data` of `action.approved`. */
export interface ActionApprovedData extends ActionEventData {
  /** Who approved (`approved_by`, or the predecessor's `approver`). */
  approvedBy: string | undefined;
  /** When, as sent (`approved_at`). */
  approvedAt: string | undefined;
  /** Approver's notes (`approval_notes`). */
  approvalNotes: string | undefined;
}

/** `data` of `action.denied`. */
export interface ActionDeniedData extends ActionEventData {
  /** Why (`reason`, else `denial_reason`, else `rejection_reason`). */
  reason: string | undefined;
  /** Who denied, when a human did (`denied_by`, else `rejected_by`). */
  deniedBy: string | undefined;
  /** When, as sent (`denied_at`). */
  deniedAt: string | undefined;
  /** Policies that caused the denial (`policy_violations`); non-string items are dropped. */
  policyViolations: readonly string[];
}

/** `data` of `action.pending`. */
export interface ActionPendingData extends ActionEventData {
  /** The approval request to poll or decide (`approval_request_id`). */
  approvalRequestId: string | undefined;
  /** Why approval is needed (`reason`). */
  reason: string | undefined;
}

/** `data` of `action.evaluated` (predecessor SDK). */
export interface ActionEvaluatedData extends ActionEventData {
  /** The decision, when it is one of `allowed`, `denied`, `pending` (`decision`). */
  decision: 'allowed' | 'denied' | 'pending' | undefined;
  /** Why (`reason`). */
  reason: string | undefined;
}

/** `data` of `action.completed` (predecessor SDK). */
export interface ActionCompletedData extends ActionEventData {
  /** When, as sent (`completed_at`). */
  completedAt: string | undefined;
  /** How long the action ran (`duration_ms`). */
  durationMs: number | undefined;
  /** The reported result, untouched (`result`). */
  result: unknown;
}

/** `data` of `action.failed` (predecessor SDK and backend). */
export interface ActionFailedData extends ActionEventData {
  /** When, as sent (`failed_at`). */
  failedAt: string | undefined;
  /** How long the action ran (`duration_ms`). */
  durationMs: number | undefined;
  /** The error text (`error`, else `error_message`). */
  error: string | undefined;
}

/** `data` of `action.submitted` (backend payload builder). */
export interface ActionSubmittedData extends ActionEventData {
  /** Free-text description (`description`). */
  description: string | undefined;
  /** Who requested it (`requested_by`). */
  requestedBy: string | undefined;
  /** When, as sent (`submitted_at`). */
  submittedAt: string | undefined;
  /** NIST controls (`nist_controls`). */
  nistControls: readonly string[];
  /** MITRE ATT&CK tactics (`mitre_tactics`). */
  mitreTactics: readonly string[];
}

/** `data` of `action.rejected` (backend payload builder). */
export interface ActionRejectedData extends ActionEventData {
  /** Who rejected (`rejected_by`). */
  rejectedBy: string | undefined;
  /** When, as sent (`rejected_at`). */
  rejectedAt: string | undefined;
  /** Why (`rejection_reason`). */
  rejectionReason: string | undefined;
}

/** `data` of `action.executed` (backend enum; payload undocumented beyond the action fields). */
export interface ActionExecutedData extends ActionEventData {
  /** When, as sent (`executed_at`). */
  executedAt: string | undefined;
}

/** `data` of `policy.violation` (2.3.0 client list; the seed's receiver reads these). */
export interface PolicyViolationData {
  /** The offending agent (`agent_id`). */
  agentId: string | undefined;
  /** The action involved, if any (`action_id`). */
  actionId: string | undefined;
  /** Violated policies (`violations`, else `policy_violations`); non-string items are dropped. */
  violations: readonly string[];
}

/** `data` of `policy.violated` (backend payload builder). */
export interface PolicyViolatedData {
  /** The policy (`policy_id`), as a string. */
  policyId: string | undefined;
  /** Its name (`policy_name`). */
  policyName: string | undefined;
  /** Kind of violation (`violation_type`). */
  violationType: string | undefined;
  /** The action involved (`action_id`). */
  actionId: string | undefined;
  /** Free-form details, untouched (`details`). */
  details: unknown;
  /** When, as sent (`violated_at`). */
  violatedAt: string | undefined;
}

/** `data` of `agent.trust_changed` (2.3.0 client list). Levels are kept as sent (name or number). */
export interface AgentTrustChangedData {
  /** The agent (`agent_id`). */
  agentId: string | undefined;
  /** Previous level (`old_trust_level`). */
  oldTrustLevel: string | number | undefined;
  /** New level (`new_trust_level`). */
  newTrustLevel: string | number | undefined;
  /** Why (`reason`). */
  reason: string | undefined;
}

/** `data` of `alert.triggered` (backend payload builder). */
export interface AlertTriggeredData {
  /** The alert (`alert_id`), as a string. */
  alertId: string | undefined;
  /** Kind of alert (`alert_type`). */
  alertType: string | undefined;
  /** Severity as sent (`severity`). */
  severity: string | undefined;
  /** Title (`title`). */
  title: string | undefined;
  /** Description (`description`). */
  description: string | undefined;
  /** Origin (`source`). */
  source: string | undefined;
  /** When, as sent (`triggered_at`). */
  triggeredAt: string | undefined;
}

/** The typed `data` of each known event type. */
export interface WebhookEventDataMap {
  /** An action was approved, by policy or by a human (2.3.0 client list, predecessor SDK, backend). */
  'action.approved': ActionApprovedData;
  /** An action was denied and must not run (2.3.0 client list, predecessor SDK). */
  'action.denied': ActionDeniedData;
  /** An action is waiting for human approval (2.3.0 client list). */
  'action.pending': ActionPendingData;
  /** An agent violated a policy (2.3.0 client list). Compare the backend's `policy.violated`. */
  'policy.violation': PolicyViolationData;
  /** An agent's trust level changed (2.3.0 client list). */
  'agent.trust_changed': AgentTrustChangedData;
  /** The service evaluated an action and reached a decision (predecessor SDK). */
  'action.evaluated': ActionEvaluatedData;
  /** An allowed action was reported as completed (predecessor SDK). */
  'action.completed': ActionCompletedData;
  /** An allowed action was reported as failed (predecessor SDK and backend). */
  'action.failed': ActionFailedData;
  /** An agent submitted an action for evaluation (backend payload builder). */
  'action.submitted': ActionSubmittedData;
  /** A reviewer rejected an action (backend payload builder). Compare `action.denied`. */
  'action.rejected': ActionRejectedData;
  /** An action was executed (backend event enum; its payload is not described beyond the action fields). */
  'action.executed': ActionExecutedData;
  /** A policy was violated (backend payload builder). Compare the 2.3.0 list's `policy.violation`. */
  'policy.violated': PolicyViolatedData;
  /** A security or governance alert fired (backend payload builder). */
  'alert.triggered': AlertTriggeredData;
}

/** Delivery metadata of the backend envelope (`metadata`), camelCased. */
export interface WebhookEventMetadata {
  /** `metadata.idempotency_key`. */
  idempotencyKey: string | undefined;
  /** `metadata.delivery_attempt`, 1 for the first attempt. */
  deliveryAttempt: number | undefined;
}

/** Fields shared by every webhook event. */
export interface WebhookEventBase {
  /**
   * The event id: the signed scheme id (`webhook-id`), else the payload's `id`, else the
   * `X-Event-Id` header; `undefined` when none was sent. De-duplicate on it.
   */
  id: string | undefined;
  /** When the event happened, as sent (`timestamp`, else `created_at`). */
  timestamp: string | undefined;
  /** Backend envelope `api_version`. */
  apiVersion: string | undefined;
  /** Backend envelope `organization_id`, as a string. */
  organizationId: string | undefined;
  /** Backend envelope `metadata`. */
  metadata: WebhookEventMetadata;
  /** The whole parsed JSON payload, untouched (snake_case as received). */
  payload: Readonly<Record<string, unknown>>;
}

/** A known webhook event of type `T`. */
export interface KnownWebhookEvent<T extends KnownWebhookEventType = KnownWebhookEventType> extends WebhookEventBase {
  /** The event type. */
  type: T;
  /** The event's `data`, camelCased and typed. */
  data: WebhookEventDataMap[T];
}

/** An event whose type this SDK version does not know. Nothing is dropped: see `rawType` and `payload`. */
export interface UnknownWebhookEvent extends WebhookEventBase {
  /** Always `'unknown'`. */
  type: 'unknown';
  /** The type as sent (`type`, else `event`). */
  rawType: string;
  /** The payload's `data` object as sent, or `{}`. */
  data: Readonly<Record<string, unknown>>;
}

/**
 * A verified, parsed webhook event: a discriminated union over `type`.
 *
 * @example
 * ```ts
 * switch (event.type) {
 *   case 'action.approved': run(event.data.actionId); break
 *   case 'unknown': log.info('unhandled event', { type: event.rawType }); break
 * }
 * ```
 */
export type WebhookEvent = { [T in KnownWebhookEventType]: KnownWebhookEvent<T> }[KnownWebhookEventType] | UnknownWebhookEvent;

/** Every value of {@link WebhookEvent}'s `type`, including `'unknown'`. */
export type WebhookEventType = WebhookEvent['type'];

/** The event variant whose `type` is `T`. */
export type WebhookEventOfType<T extends WebhookEventType> = Extract<
  WebhookEvent,
  {
    /** The event type to select; `'unknown'` selects {@link UnknownWebhookEvent}. */
    type: T;
  }
>;

// ---- snake_case → camelCase, once per event type -------------------------------------------

const RISK_LEVELS: readonly string[] = ['low', 'medium', 'high', 'critical'];

function riskLevel(d: WireObject): RiskLevel | undefined {
  const v = str(d, 'risk_level');
  const lower = v?.toLowerCase();
  return lower !== undefined && RISK_LEVELS.includes(lower) ? (lower as RiskLevel) : undefined;
}

function actionFields(d: WireObject): ActionEventData {
  return {
    actionId: id(d, 'action_id'),
    agentId: id(d, 'agent_id'),
    actionType: str(d, 'action_type'),
    riskScore: num(d, 'risk_score'),
    riskLevel: riskLevel(d),
  };
}

function trustLevel(d: WireObject, key: string): string | number | undefined {
  const v = d[key];
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;
}

function decision(d: WireObject): ActionEvaluatedData['decision'] {
  const v = str(d, 'decision')?.toLowerCase();
  return v === 'allowed' || v === 'denied' || v === 'pending' ? v : undefined;
}

/** The one place where each event's wire `data` becomes its camelCase type. */
const DATA_MAPPERS: { readonly [T in KnownWebhookEventType]: (d: WireObject) => WebhookEventDataMap[T] } = {
  'action.approved': (d) =>
    Object.assign(actionFields(d), {
      approvedBy: str(d, 'approved_by', 'approver'),
      approvedAt: str(d, 'approved_at'),
      approvalNotes: str(d, 'approval_notes'),
    }),
  'action.denied': (d) =>
    Object.assign(actionFields(d), {
      reason: str(d, 'reason', 'denial_reason', 'rejection_reason'),
      deniedBy: str(d, 'denied_by', 'rejected_by'),
      deniedAt: str(d, 'denied_at'),
      policyViolations: strArray(d, 'policy_violations'),
    }),
  'action.pending': (d) =>
    Object.assign(actionFields(d), {
      approvalRequestId: id(d, 'approval_request_id'),
      reason: str(d, 'reason'),
    }),
  'policy.violation': (d) => ({
    agentId: id(d, 'agent_id'),
    actionId: id(d, 'action_id'),
    violations: strArray(d, 'violations', 'policy_violations'),
  }),
  'agent.trust_changed': (d) => ({
    agentId: id(d, 'agent_id'),
    oldTrustLevel: trustLevel(d, 'old_trust_level'),
    newTrustLevel: trustLevel(d, 'new_trust_level'),
    reason: str(d, 'reason'),
  }),
  'action.evaluated': (d) => Object.assign(actionFields(d), { decision: decision(d), reason: str(d, 'reason') }),
  'action.completed': (d) =>
    Object.assign(actionFields(d), {
      completedAt: str(d, 'completed_at'),
      durationMs: num(d, 'duration_ms'),
      result: d['result'],
    }),
  'action.failed': (d) =>
    Object.assign(actionFields(d), {
      failedAt: str(d, 'failed_at'),
      durationMs: num(d, 'duration_ms'),
      error: str(d, 'error', 'error_message'),
    }),
  'action.submitted': (d) =>
    Object.assign(actionFields(d), {
      description: str(d, 'description'),
      requestedBy: str(d, 'requested_by'),
      submittedAt: str(d, 'submitted_at'),
      nistControls: strArray(d, 'nist_controls'),
      mitreTactics: strArray(d, 'mitre_tactics'),
    }),
  'action.rejected': (d) =>
    Object.assign(actionFields(d), {
      rejectedBy: str(d, 'rejected_by'),
      rejectedAt: str(d, 'rejected_at'),
      rejectionReason: str(d, 'rejection_reason'),
    }),
  'action.executed': (d) => Object.assign(actionFields(d), { executedAt: str(d, 'executed_at') }),
  'policy.violated': (d) => ({
    policyId: id(d, 'policy_id'),
    policyName: str(d, 'policy_name'),
    violationType: str(d, 'violation_type'),
    actionId: id(d, 'action_id'),
    details: d['details'],
    violatedAt: str(d, 'violated_at'),
  }),
  'alert.triggered': (d) => ({
    alertId: id(d, 'alert_id'),
    alertType: str(d, 'alert_type'),
    severity: str(d, 'severity'),
    title: str(d, 'title'),
    description: str(d, 'description'),
    source: str(d, 'source'),
    triggeredAt: str(d, 'triggered_at'),
  }),
};

/**
 * Throws `malformed_payload` unless `payload` is a JSON object (not null, not an array).
 * @internal
 */
export function assertPayloadObject(payload: unknown): asserts payload is WireObject {
  if (!isObject(payload)) {
    const got = payload === null ? 'null' : Array.isArray(payload) ? 'an array' : typeof payload;
    throw new WebhookVerificationError('malformed_payload', `Webhook payload must be a JSON object, got ${got}`);
  }
}

function isKnownType(type: string): type is KnownWebhookEventType {
  return Object.prototype.hasOwnProperty.call(DATA_MAPPERS, type);
}

/** Options of {@link parseWebhookEvent}. */
export interface ParseWebhookEventOptions {
  /** An event id established by the transport (e.g. a signed `webhook-id`); wins over the payload's `id`. */
  id?: string | undefined;
}

/**
 * Parses an already-verified webhook payload into a typed {@link WebhookEvent}.
 *
 * Accepts both envelopes: the backend's `{ id, type, timestamp | created_at, data, metadata }`
 * and the predecessor SDK's `{ event, timestamp, data }`. An unrecognised type yields an
 * `unknown` event that keeps the payload. This does **not** verify anything: call
 * {@link verifyWebhook} on untrusted input.
 *
 * @throws {@link WebhookVerificationError} with reason `malformed_payload` when the payload is
 *   not a JSON object or names no event type.
 */
export function parseWebhookEvent(payload: unknown, options: ParseWebhookEventOptions = {}): WebhookEvent {
  assertPayloadObject(payload);
  const rawType = str(payload, 'type', 'event');
  if (rawType === undefined || rawType === '') {
    throw new WebhookVerificationError('malformed_payload', 'Webhook payload has no string `type` (or `event`) field');
  }
  const metadata = obj(payload, 'metadata');
  const data = obj(payload, 'data');
  // Plain literals, no spreads: this runs once per delivery on the verification hot path.
  const eventId = options.id ?? id(payload, 'id');
  const timestamp = str(payload, 'timestamp', 'created_at');
  const apiVersion = str(payload, 'api_version');
  const organizationId = id(payload, 'organization_id');
  const meta: WebhookEventMetadata = {
    idempotencyKey: str(metadata, 'idempotency_key'),
    deliveryAttempt: num(metadata, 'delivery_attempt'),
  };
  if (isKnownType(rawType)) {
    const known = { type: rawType, id: eventId, timestamp, apiVersion, organizationId, metadata: meta, payload, data: DATA_MAPPERS[rawType](data) };
    return known as WebhookEvent;
  }
  return { type: 'unknown', rawType, id: eventId, timestamp, apiVersion, organizationId, metadata: meta, payload, data };
}

/** A handler per event type; see {@link dispatchWebhookEvent}. */
export type WebhookEventHandlers = {
  readonly [T in WebhookEventType]?: (event: WebhookEventOfType<T>) => void | Promise<void>;
};

/**
 * Calls the handler registered for `event.type`, if any.
 *
 * @returns `true` when a handler ran, `false` when none is registered for this type.
 * @example
 * ```ts
 * await dispatchWebhookEvent(event, {
 *   'action.approved': (e) => execute(e.data.actionId),
 *   'policy.violation': (e) => alertSecurity(e.data.agentId, e.data.violations),
 * })
 * ```
 */
export async function dispatchWebhookEvent(event: WebhookEvent, handlers: WebhookEventHandlers): Promise<boolean> {
  const handler = handlers[event.type] as ((e: WebhookEvent) => void | Promise<void>) | undefined;
  if (!handler) return false;
  await handler(event);
  return true;
}
