/**
 * The fake's in-memory state: agents, actions, approvals, commands, webhooks, supply-chain
 * components, resource classifications and the kill switch. Records are plain JSON-safe objects
 * with camelCase fields; the snake_case wire shapes are produced in `wire.ts`.
 *
 * @packageDocumentation
 */
import type { FakeAuditEvent } from './audit.js';
import type { FakeSnapshot } from './fake-api.js';
import type { IdempotencyEntry } from './idempotency.js';
import type { FakeFinding, FakeMcpServer, FakeTopology } from './management-records.js';
import { copyJson, type JsonObject, type JsonValue } from './json.js';
import type { PolicyOutcome, RiskLevel } from './policy-types.js';

/** A normalized decision (reference §4.1). */
export type Decision = 'allowed' | 'denied' | 'pending';

/**
 * The `status` the fake sends next to `decision`: `approved` (allowed by policy or by a human),
 * `denied` (by policy or kill switch), `pending_approval`, `rejected` (by a human) or `expired`.
 */
export type ActionStatus = 'approved' | 'denied' | 'pending_approval' | 'rejected' | 'expired';

/** Approval record status (reference §3.20 and §11). */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

/** A registered agent. */
export interface FakeAgent {
  /** Numeric registry id. */
  id: number;
  /** The agent's id, as registered. */
  agentId: string;
  /** `display_name`. */
  displayName: string;
  /** `agent_type`, e.g. `supervised`. */
  agentType: string;
  /** `environment` from the register body. */
  environment: string;
  /** `capabilities`. */
  capabilities: string[];
  /** `allowed_resources`. */
  allowedResources: string[];
  /** `sdk_version`. */
  sdkVersion: string | null;
  /** `metadata`. */
  metadata: JsonObject;
  /** `trust_level` reported back (`standard`). */
  trustLevel: string;
  /** Model linked by the agent update call. */
  modelId: number | null;
  /** ISO time of registration. */
  registeredAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
}

/** The last heartbeat of an agent. */
export interface FakeHeartbeat {
  /** The agent id from the body (`null` ids are recorded as `"None"`, as the Python client would path them). */
  agentId: string;
  /** ISO time of the first heartbeat. */
  firstSeenAt: string;
  /** ISO time the last heartbeat was received. */
  lastHeartbeatAt: string;
  /** Same, in ms. */
  lastHeartbeatMs: number;
  /** Number of heartbeats received. */
  count: number;
  /** `sdk_version`. */
  sdkVersion: string | null;
  /** The client's `timestamp`. */
  clientTimestamp: string | null;
  /** `response_time_ms`. */
  responseTimeMs: number | null;
  /** `error_rate`. */
  errorRate: number | null;
  /** `requests_count`. */
  requestsCount: number | null;
}

/** One line of an action's audit trail (`audit_trail` in the details answer). */
export interface FakeTrailEntry {
  /** What happened, e.g. `submitted`, `approved`, `completed`. */
  event: string;
  /** ISO time. */
  timestamp: string;
  /** Who did it. */
  actor: string | null;
  /** Extra facts. */
  details: JsonObject;
}

/** How the agent reported the execution of an action. */
export interface FakeExecution {
  /** `completed` or `failed`. */
  state: 'completed' | 'failed';
  /** ISO time from the body (`completed_at` / `failed_at`), else the receive time. */
  at: string;
  /** `result` of a completion. */
  result: JsonValue | null;
  /** `error` of a failure. */
  error: JsonValue | null;
  /** `duration_ms`. */
  durationMs: number | null;
}

/** The MCP fields of an action submitted through `/api/v1/mcp/actions/submit`. */
export interface FakeMcpInfo {
  /** `mcp_server`. */
  server: string;
  /** `namespace`. */
  namespace: string;
  /** `verb`. */
  verb: string;
  /** `tool_name`. */
  toolName: string | null;
  /** `description`. */
  description: string | null;
}

/** A submitted action and its decision. */
export interface FakeAction {
  /** Numeric action id. */
  id: number;
  /** Which endpoint created it. */
  source: 'submit' | 'mcp';
  /** `agent_id`. */
  agentId: string;
  /** `agent_name`. */
  agentName: string;
  /** `action_type`. */
  actionType: string;
  /** `resource`. */
  resource: string;
  /** `resource_id`. */
  resourceId: string | null;
  /** `action_details` (MCP: `parameters`). */
  actionDetails: JsonObject;
  /** `context`. */
  context: JsonObject;
  /** `risk_indicators`. */
  riskIndicators: JsonObject;
  /** The environment the policy saw. */
  environment: string;
  /** `orchestration_session_id`. */
  orchestrationSessionId: string | null;
  /** `parent_action_id`. */
  parentActionId: number | null;
  /** `orchestration_depth`. */
  orchestrationDepth: number | null;
  /** MCP fields, for MCP submissions. */
  mcp: FakeMcpInfo | null;
  /** The current normalized decision. */
  decision: Decision;
  /** The current status. */
  status: ActionStatus;
  /** What the policy decided at submit time. */
  policyDecision: PolicyOutcome;
  /** Risk score 0–100. */
  riskScore: number;
  /** Risk level. */
  riskLevel: RiskLevel;
  /** Decision reason. */
  reason: string;
  /** Violation codes. */
  policyViolations: string[];
  /** Id of the matched rule, null for the default outcome. */
  ruleId: string | null;
  /** Name of the matched rule. */
  ruleName: string | null;
  /** `required_approvers`. */
  requiredApprovers: string[];
  /** Approval request id of a pending action. */
  approvalRequestId: string | null;
  /** ISO expiry of the approval request. */
  expiresAt: string | null;
  /** Approver or rejecter. */
  reviewedBy: string | null;
  /** ISO time of the review. */
  reviewedAt: string | null;
  /** Reviewer's comment or rejection reason. */
  comments: string | null;
  /** `correlation_id`, e.g. `action_20260417_120000_ab12cd34`. */
  correlationId: string;
  /** Alert raised for risk ≥ 90. */
  alertId: string | null;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
  /** Completion or failure report, once received. */
  execution: FakeExecution | null;
  /** Audit trail. */
  trail: FakeTrailEntry[];
}

/** An approval request of a pending action. */
export interface FakeApproval {
  /** `apr_<n>`. */
  approvalId: string;
  /** The action it decides. */
  actionId: number;
  /** Current status. */
  status: ApprovalStatus;
  /** ISO time of the request. */
  requestedAt: string;
  /** ISO time it expires. */
  expiresAt: string;
  /** Same, in ms. */
  expiresAtMs: number;
  /** ISO time of the decision. */
  decidedAt: string | null;
  /** Approver or rejecter. */
  decidedBy: string | null;
  /** Approver's comment. */
  comment: string | null;
  /** Rejection reason. */
  rejectionReason: string | null;
  /** Who may approve. */
  requiredApprovers: string[];
  /** An automatic decision scheduled by an `approval` fault. */
  autoDecision: { outcome: 'approve' | 'reject' | 'expire'; atMs: number; by: string | null; reason: string | null } | null;
}

/** A pending command for agents (reference §3.15). */
export interface FakeCommand {
  /** UUID. */
  commandId: string;
  /** Target agent; null for an organization-wide broadcast. */
  agentId: string | null;
  /** E.g. `BLOCK`, `UNBLOCK`. */
  commandType: string;
  /** `agent` or `mcp_server`. */
  targetType: string;
  /** Why. */
  reason: string | null;
  /** Free parameters. */
  parameters: JsonObject;
  /** `pending`, `delivered` (fetched at least once), `acknowledged`, `expired`. */
  status: 'pending' | 'delivered' | 'acknowledged' | 'expired';
  /** Issuer. */
  issuedBy: string;
  /** Channel, e.g. `admin_api`, `kill_switch`. */
  issuedVia: string;
  /** ISO creation time. */
  createdAt: string;
  /** ISO expiry, or null. */
  expiresAt: string | null;
  /** Same, in ms. */
  expiresAtMs: number | null;
  /** Agents that fetched it. */
  deliveredTo: string[];
  /** Agents that acknowledged it. */
  acknowledgedBy: string[];
  /** ISO time of the first acknowledgement. */
  acknowledgedAt: string | null;
}

/** A webhook configuration. */
export interface FakeWebhook {
  /** `wh_<n>`. */
  webhookId: string;
  /** Target URL. */
  url: string;
  /** Subscribed event types; empty or `*` means all. */
  events: string[];
  /** `agent_id` from the configure body. */
  agentId: string | null;
  /** Signing secret (given, or generated as `whsec_<64 hex>`). Never log it. */
  secret: string;
  /** False when disabled by an update. */
  active: boolean;
  /** ISO creation time. */
  createdAt: string;
  /** ISO time of the last change. */
  updatedAt: string;
}

/** A registered supply-chain component (reference §3.26). */
export interface FakeComponent {
  /** Numeric id. */
  id: number;
  /** `component_id`. */
  componentId: string;
  /** `component_name`. */
  componentName: string;
  /** `component_type`. */
  componentType: string;
  /** `provenance_verified`. */
  provenanceVerified: boolean;
  /** `risk_level`. */
  riskLevel: RiskLevel;
  /** Optional string fields, keyed by their wire names (`provider`, `version`, ...). */
  extra: Record<string, string>;
  /** ISO creation time. */
  createdAt: string;
}

/** A resource classification (reference §3.18). */
export interface FakeResourceClassification {
  /** `resource_id`. */
  resourceId: string;
  /** `resource_type`. */
  resourceType: string;
  /** `sensitivity_level`, e.g. `high`. */
  sensitivityLevel: string;
  /** `compliance_tags`. */
  complianceTags: string[];
  /** `metadata`. */
  metadata: JsonObject;
}

/** The kill switch. */
export interface FakeKillSwitch {
  /** Whether all actions are blocked. */
  active: boolean;
  /** Why. */
  reason: string | null;
  /** ISO activation time. */
  activatedAt: string | null;
  /** Who activated it. */
  activatedBy: string | null;
}

/** Id counters. */
export interface FakeCounters {
  /** Last action id. */
  action: number;
  /** Last agent registry id. */
  agent: number;
  /** Last approval number. */
  approval: number;
  /** Last webhook number. */
  webhook: number;
  /** Last component id. */
  component: number;
  /** Last alert number. */
  alert: number;
  /** Last webhook delivery number. */
  delivery: number;
}

/** The default resource classifications: the seed examples' resources. */
export const DEFAULT_CLASSIFICATIONS: readonly FakeResourceClassification[] = [
  { resourceId: 'stripe_api', resourceType: 'api', sensitivityLevel: 'high', complianceTags: ['PCI-DSS'], metadata: { owner: 'payments' } },
  {
    resourceId: 'production_db',
    resourceType: 'database',
    sensitivityLevel: 'critical',
    complianceTags: ['SOC2', 'GDPR'],
    metadata: { environment: 'production' },
  },
  { resourceId: 'customer_db', resourceType: 'database', sensitivityLevel: 'high', complianceTags: ['GDPR', 'PII'], metadata: {} },
  { resourceId: 'payment_gateway', resourceType: 'api', sensitivityLevel: 'critical', complianceTags: ['PCI-DSS'], metadata: {} },
  { resourceId: 'data_lake', resourceType: 'storage', sensitivityLevel: 'medium', complianceTags: ['SOC2'], metadata: {} },
];

/** When an open approval request comes due: its automatic decision if that comes first, else its expiry. @internal */
export function approvalDueMs(approval: FakeApproval): number {
  const auto = approval.autoDecision;
  return auto && auto.atMs <= approval.expiresAtMs ? auto.atMs : approval.expiresAtMs;
}

/** Indexes an approval request that may come due later (a pending one). @internal */
export function trackApproval(store: FakeStore, approval: FakeApproval): void {
  if (approval.status !== 'pending') return;
  store.openApprovals.add(approval);
  store.nextDueMs = Math.min(store.nextDueMs, approvalDueMs(approval));
}

/** Indexes a command that may come due later (pending or delivered, with an expiry). @internal */
export function trackCommand(store: FakeStore, command: FakeCommand): void {
  if ((command.status !== 'pending' && command.status !== 'delivered') || command.expiresAtMs === null) return;
  store.openCommands.add(command);
  store.nextDueMs = Math.min(store.nextDueMs, command.expiresAtMs);
}

/**
 * Puts an action at the end of the retention order (it was just submitted or decided), then
 * evicts the oldest settled actions, with their approval requests, until at most `limit` are
 * ordered. A pending action is never evicted. Returns what was evicted, oldest first.
 * @internal
 */
export function retainAction(store: FakeStore, action: FakeAction, limit: number): { action: FakeAction; approval: FakeApproval | null }[] {
  store.retention.delete(action.id);
  store.retention.add(action.id);
  if (store.retention.size <= limit) return [];
  const evicted: { action: FakeAction; approval: FakeApproval | null }[] = [];
  for (const id of store.retention) {
    if (store.retention.size <= limit) break;
    store.retention.delete(id);
    const old = store.actions.get(id);
    // Held: it re-enters the order when it is decided (see decideApproval).
    if (!old || old.decision === 'pending') continue;
    let approval: FakeApproval | null = null;
    if (old.approvalRequestId !== null) {
      approval = store.approvals.get(old.approvalRequestId) ?? null;
      store.remove('approval', old.approvalRequestId);
    }
    store.remove('action', id);
    store.evicted++;
    evicted.push({ action: old, approval });
  }
  return evicted;
}

/**
 * Rebuilds the retention order of restored actions: by the time each was settled (reviewed, else
 * created), then by id. @internal
 */
export function rebuildRetention(store: FakeStore): void {
  const settled = (a: FakeAction): string => a.reviewedAt ?? (a.status === 'expired' ? a.updatedAt : a.createdAt);
  const ordered = [...store.actions.values()].sort((a, b) => {
    const ta = settled(a);
    const tb = settled(b);
    return ta < tb ? -1 : ta > tb ? 1 : a.id - b.id;
  });
  store.retention.clear();
  for (const a of ordered) store.retention.add(a.id);
}

/**
 * True when `id` was issued (it is within the id range) but is no longer held in memory: it was
 * evicted by the retention limit. @internal
 */
export function wasEvicted(store: FakeStore, id: number, limit: number): boolean {
  // Ids are issued in sequence and only the retention limit removes an action.
  return limit !== Number.POSITIVE_INFINITY && id >= 1 && id <= store.counters.action && !store.actions.has(id);
}

/**
 * The record kinds the store holds by key, and their record types. A kind added here (with its
 * entry in {@link STORE_RECORDS}) is announced, snapshotted and journaled like the others.
 */
export interface StoreRecords {
  action: FakeAction;
  approval: FakeApproval;
  agent: FakeAgent;
  heartbeat: FakeHeartbeat;
  command: FakeCommand;
  webhook: FakeWebhook;
  component: FakeComponent;
  mcpServer: FakeMcpServer;
  topology: FakeTopology;
  finding: FakeFinding;
}

/** A record kind of {@link StoreRecords}. */
export type RecordKind = keyof StoreRecords;

/** The key type of a record kind: actions are keyed by their numeric id, the rest by a string. */
export type RecordKey<K extends RecordKind> = K extends 'action' ? number : string;

/** How each record kind is keyed, and the {@link FakeSnapshot} field that lists it. */
export const STORE_RECORDS: {
  readonly [K in RecordKind]: { readonly key: (record: StoreRecords[K]) => RecordKey<K>; readonly collection: RecordCollection };
} = {
  action: { key: (r) => r.id, collection: 'actions' },
  approval: { key: (r) => r.approvalId, collection: 'approvals' },
  agent: { key: (r) => r.agentId, collection: 'agents' },
  heartbeat: { key: (r) => r.agentId, collection: 'heartbeats' },
  command: { key: (r) => r.commandId, collection: 'commands' },
  webhook: { key: (r) => r.webhookId, collection: 'webhooks' },
  component: { key: (r) => r.componentId, collection: 'components' },
  mcpServer: { key: (r) => r.serverName, collection: 'mcpServers' },
  topology: { key: (r) => r.orchestratorAgentId, collection: 'topologies' },
  finding: { key: (r) => String(r.id), collection: 'findings' },
};

/** The snapshot fields that list keyed records. */
export type RecordCollection =
  'actions' | 'approvals' | 'agents' | 'heartbeats' | 'commands' | 'webhooks' | 'components' | 'mcpServers' | 'topologies' | 'findings';

/**
 * One change of the fake's state, as its store made it (the `change` event). Records are the
 * store's own objects, not copies: read or serialize them, never modify them, and copy one
 * (`structuredClone`) to keep it past the next change.
 *
 * - `{ kind: 'action' | 'approval' | 'agent' | 'heartbeat' | 'command' | 'webhook' | 'component', record }`:
 *   the record was created or changed (an upsert by its key, see {@link STORE_RECORDS}).
 * - `removed`: the record left the store (deregistered, deleted, or evicted by the retention limit).
 * - `classifications`: the resource classifications, whole.
 * - `kill-switch`: the kill switch, whole.
 * - `counters`: an id was issued; the id counters, whole.
 * - `audit`: an audit event was written; `counter` numbers every event written so far.
 * - `idempotency`: the stored answer of an `Idempotency-Key` was written or replayed.
 * - `reset`: everything above went back to its initial state.
 * - `restored`: the whole state was replaced by a snapshot (`fake.restore`).
 */
export type StoreChange =
  | { readonly [K in RecordKind]: { readonly kind: K; readonly record: Readonly<StoreRecords[K]> } }[RecordKind]
  | { readonly [K in RecordKind]: { readonly kind: 'removed'; readonly of: K; readonly key: RecordKey<K> } }[RecordKind]
  | { readonly kind: 'classifications'; readonly records: readonly FakeResourceClassification[] }
  | { readonly kind: 'kill-switch'; readonly record: Readonly<FakeKillSwitch> }
  | { readonly kind: 'counters'; readonly counters: Readonly<FakeCounters> }
  | { readonly kind: 'audit'; readonly event: FakeAuditEvent; readonly counter: number }
  | { readonly kind: 'idempotency'; readonly key: string; readonly entry: Readonly<IdempotencyEntry> }
  | { readonly kind: 'reset' }
  | { readonly kind: 'restored' };

/** The kinds of {@link StoreChange}. */
export type StoreChangeKind = StoreChange['kind'];

type RecordMaps = { [K in RecordKind]: Map<RecordKey<K>, StoreRecords[K]> };

const RECORD_KINDS = Object.keys(STORE_RECORDS) as RecordKind[];

/**
 * The mutable state of one fake. Records change only through its mutators ({@link put},
 * {@link remove}, {@link nextId}, ...), and each mutator announces what it changed as a
 * {@link StoreChange}. Handlers change a record's fields, then `put` it. @internal
 */
export class FakeStore {
  private readonly maps = Object.fromEntries(RECORD_KINDS.map((kind) => [kind, new Map()])) as unknown as RecordMaps;
  private classificationList: FakeResourceClassification[];
  private killSwitchState: FakeKillSwitch = { active: false, reason: null, activatedAt: null, activatedBy: null };
  private readonly counterValues: FakeCounters;
  /**
   * Approval requests that may still come due (pending when added; decided ones are dropped by
   * the next sweep), so a sweep never walks the whole history.
   */
  readonly openApprovals = new Set<FakeApproval>();
  /** Commands with an expiry that may still come due (pending or delivered when added). */
  readonly openCommands = new Set<FakeCommand>();
  /**
   * No open approval or command comes due before this time (fake clock, ms), so a sweep before
   * it would find nothing. -Infinity: not known yet; the next sweep walks the open sets.
   */
  nextDueMs = Number.NEGATIVE_INFINITY;
  /**
   * Retention order of the actions held in memory: ids in the order they were settled (submitted,
   * or decided by a human or by expiry), oldest first. A pending action that reaches the front is
   * held back (taken out of the order, never evicted) and re-enters at the end once decided.
   */
  readonly retention = new Set<number>();
  /** Actions evicted from memory by the retention limit since this store was created. */
  evicted = 0;

  /**
   * @param classifications - the initial resource classifications (copied).
   * @param firstActionId - the id of the first action.
   * @param announce - told every change, synchronously, after it was made.
   */
  constructor(
    classifications: readonly FakeResourceClassification[],
    firstActionId: number,
    private announce: (change: StoreChange) => void = () => undefined,
  ) {
    this.classificationList = classifications.map((c) => structuredClone(c));
    this.counterValues = { action: firstActionId - 1, agent: 0, approval: 0, webhook: 0, component: 0, alert: 0, delivery: 0 };
  }

  get agents(): ReadonlyMap<string, FakeAgent> {
    return this.maps.agent;
  }
  get heartbeats(): ReadonlyMap<string, FakeHeartbeat> {
    return this.maps.heartbeat;
  }
  get actions(): ReadonlyMap<number, FakeAction> {
    return this.maps.action;
  }
  get approvals(): ReadonlyMap<string, FakeApproval> {
    return this.maps.approval;
  }
  get commands(): ReadonlyMap<string, FakeCommand> {
    return this.maps.command;
  }
  get webhooks(): ReadonlyMap<string, FakeWebhook> {
    return this.maps.webhook;
  }
  get mcpServers(): ReadonlyMap<string, FakeMcpServer> {
    return this.maps.mcpServer;
  }
  get components(): ReadonlyMap<string, FakeComponent> {
    return this.maps.component;
  }
  get classifications(): readonly FakeResourceClassification[] {
    return this.classificationList;
  }
  get killSwitch(): Readonly<FakeKillSwitch> {
    return this.killSwitchState;
  }
  get counters(): Readonly<FakeCounters> {
    return this.counterValues;
  }

  /** The records of one kind, in the order they were first stored. */
  records<K extends RecordKind>(kind: K): ReadonlyMap<RecordKey<K>, StoreRecords[K]> {
    return this.maps[kind];
  }

  /** Issues the next id of `counter`. */
  nextId(counter: keyof FakeCounters): number {
    const id = ++this.counterValues[counter];
    this.announce({ kind: 'counters', counters: this.counterValues });
    return id;
  }

  /** Stores a new record, or announces that a stored one was changed in place. */
  put<K extends RecordKind>(kind: K, record: StoreRecords[K]): void {
    (this.maps[kind] as Map<RecordKey<K>, StoreRecords[K]>).set(STORE_RECORDS[kind].key(record), record);
    this.announce({ kind, record } as StoreChange);
  }

  /** Removes a record; false when there was none. */
  remove<K extends RecordKind>(kind: K, key: RecordKey<K>): boolean {
    if (!(this.maps[kind] as Map<RecordKey<K>, StoreRecords[K]>).delete(key)) return false;
    this.announce({ kind: 'removed', of: kind, key } as StoreChange);
    return true;
  }

  /** Replaces the kill switch. */
  setKillSwitch(state: FakeKillSwitch): Readonly<FakeKillSwitch> {
    this.killSwitchState = state;
    this.announce({ kind: 'kill-switch', record: state });
    return state;
  }

  /** Adds or replaces (by `resourceId`) a resource classification. */
  setClassification(classification: FakeResourceClassification): void {
    const i = this.classificationList.findIndex((c) => c.resourceId === classification.resourceId);
    if (i >= 0) this.classificationList[i] = classification;
    else this.classificationList.push(classification);
    this.announce({ kind: 'classifications', records: this.classificationList });
  }

  /** Starts announcing changes to `announce` (a store filled silently by {@link load}). */
  announcing(announce: (change: StoreChange) => void): this {
    this.announce = announce;
    return this;
  }

  /**
   * Fills a new store with copies of a snapshot's records, without announcing each one:
   * `restore` announces the whole replacement as one `restored` change.
   */
  load(snapshot: Pick<FakeSnapshot, RecordCollection | 'counters' | 'killSwitch'>): void {
    for (const kind of RECORD_KINDS) {
      const map = this.maps[kind] as Map<unknown, unknown>;
      const key = STORE_RECORDS[kind].key as (record: unknown) => unknown;
      // Snapshots taken before a kind existed lack its collection.
      for (const record of snapshot[STORE_RECORDS[kind].collection] ?? []) map.set(key(record), copyJson(record));
    }
    Object.assign(this.counterValues, snapshot.counters);
    this.killSwitchState = { ...snapshot.killSwitch };
  }

  /** Copies of every keyed record, by snapshot field, each in the order first stored. */
  dumpRecords(): Pick<FakeSnapshot, RecordCollection> {
    const out: Record<string, unknown[]> = {};
    for (const kind of RECORD_KINDS) out[STORE_RECORDS[kind].collection] = [...this.maps[kind].values()].map((r) => copyJson(r));
    return out as unknown as Pick<FakeSnapshot, RecordCollection>;
  }
}
