/**
 * The public face of the in-memory ASCEND service: the {@link FakeAscend} interface (the
 * transport entry points and the admin API), its snapshot format and the admin calls' inputs.
 * `createFakeAscend` (`fake-ascend.ts`) builds one.
 *
 * @packageDocumentation
 */
import type { ApprovalDecisionInput } from './approvals.js';
import type { FakeAuditEvent } from './audit.js';
import type { FakeEventMap, Listener } from './events.js';
import type { FakeRetention } from './fake-options.js';
import type { FaultController } from './faults.js';
import type { FakeOrchestrationSession } from './handlers-orchestration.js';
import type { IdempotencyEntry } from './idempotency.js';
import type { JsonObject } from './json.js';
import type { IssueCommandInput, KillSwitchInput } from './kill-switch.js';
import type { FakeFinding, FakeMcpServer, FakeTopology } from './management-records.js';
import type { OperationName } from './operations.js';
import type { PolicyDocument, PolicyRule } from './policy-types.js';
import type { RecordedRequest } from './recorder.js';
import type {
  FakeAction,
  FakeAgent,
  FakeApproval,
  FakeCommand,
  FakeComponent,
  FakeCounters,
  FakeHeartbeat,
  FakeKillSwitch,
  FakeResourceClassification,
  FakeWebhook,
} from './store-records.js';
import type { FakeRequest, FakeResponse } from './types.js';
import type { WebhookDelivery } from './webhooks.js';

/** The whole persistent state of a fake, JSON-serializable (recorded requests and policy excluded). */
export interface FakeSnapshot {
  /** Format version: 1. */
  readonly version: 1;
  /** Id counters. */
  readonly counters: FakeCounters;
  /** Registered agents. */
  readonly agents: readonly FakeAgent[];
  /** Last heartbeats. */
  readonly heartbeats: readonly FakeHeartbeat[];
  /** Actions. */
  readonly actions: readonly FakeAction[];
  /** Approval requests. */
  readonly approvals: readonly FakeApproval[];
  /** Commands. */
  readonly commands: readonly FakeCommand[];
  /** Webhook configurations (with secrets). */
  readonly webhooks: readonly FakeWebhook[];
  /** Supply-chain components. */
  readonly components: readonly FakeComponent[];
  /** Registered MCP servers (absent in snapshots taken before 2.5.0 support: none). */
  readonly mcpServers?: readonly FakeMcpServer[];
  /** Orchestration topologies (absent in older snapshots: none). */
  readonly topologies?: readonly FakeTopology[];
  /** Output-filter findings (absent in older snapshots: none). */
  readonly findings?: readonly FakeFinding[];
  /** Resource classifications. */
  readonly classifications: readonly FakeResourceClassification[];
  /** The kill switch. */
  readonly killSwitch: FakeKillSwitch;
  /** The audit log. */
  readonly audit: { readonly counter: number; readonly events: readonly FakeAuditEvent[] };
  /** Undrained webhook deliveries. */
  readonly outbox: readonly WebhookDelivery[];
  /** Remembered idempotency keys and their responses. */
  readonly idempotency: readonly IdempotencyEntry[];
}

/**
 * An MCP server to register through the admin API ({@link FakeAscend.registerMcpServer}): the
 * fields of `POST /api/registry/mcp-servers`, in camelCase.
 */
export interface FakeMcpServerInput {
  /** The registry key; submits name it in `mcp_server_name`. Non-empty, at most 255 characters. */
  readonly serverName: string;
  /** @defaultValue `'stdio'` */
  readonly transportType?: string;
  /** Whether blocked tools are enforced. @defaultValue true */
  readonly governanceEnabled?: boolean;
  /** Shown name. */
  readonly displayName?: string;
  /** What it serves. */
  readonly description?: string;
  /** Where it listens. */
  readonly serverUrl?: string;
  /** Free connection settings. */
  readonly connectionConfig?: JsonObject;
  /** Tools approved without review. */
  readonly autoApproveTools?: readonly string[];
  /** Tools whose submits are refused (`MCP_TOOL_BLOCKED_DENY`). */
  readonly blockedTools?: readonly string[];
  /** Risk score (0–100) per tool. */
  readonly toolRiskOverrides?: Readonly<Record<string, number>>;
  /** Who registers it, for the audit log. @defaultValue `'admin'` */
  readonly by?: string;
}

/** Who made an MCP registry change, and why. */
export interface McpAdminInput {
  /** Written as the audit event's actor. @defaultValue `'admin'` */
  readonly by?: string;
  /** Why it was deactivated (kept as `deactivation_reason`); ignored when activating. */
  readonly reason?: string;
}

/** The in-memory ASCEND service. Create one with {@link createFakeAscend}. */
export interface FakeAscend {
  /** Answers one request (the transport-independent entry point). Never throws for bad input. */
  handle(request: FakeRequest): Promise<FakeResponse>;
  /**
   * Answers a WHATWG `Request` with a `Response`, with fetch semantics: an `outage` rejects with
   * a `TypeError`, a `hang` settles only when `request.signal` aborts (rejecting with its reason).
   * `basePath` is stripped from the URL path first.
   */
  handleFetch(request: Request, options?: { readonly basePath?: string }): Promise<Response>;
  /** Fault injection. */
  readonly faults: FaultController;
  /** Every request received, oldest first (bounded). */
  readonly requests: readonly RecordedRequest[];
  /** The recorded requests of one operation. */
  requestsFor(operation: OperationName): RecordedRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
  /** How many actions are held in memory and how many left it (see {@link FakeLimits.actions}). */
  readonly retention: FakeRetention;
  /** The first accepted API key (`ascend_dev_local_key` by default). */
  readonly apiKey: string;

  /** The current policy. */
  readonly policy: { readonly rules: readonly PolicyRule[]; readonly default: PolicyDocument['default'] };
  /**
   * Replaces the policy (validated).
   * @throws {@link PolicyRuleError} naming the invalid field.
   */
  setPolicy(policy: PolicyDocument | readonly PolicyRule[]): void;

  /**
   * Approves a pending action, by action id (number) or approval id (`apr_1`).
   * @throws {@link FakeAdminError} `not-found` or `not-pending`.
   */
  approve(id: number | string, input?: ApprovalDecisionInput): FakeApproval;
  /**
   * Rejects a pending action (`input.reason` or `input.comment` becomes `rejection_reason`).
   * @throws {@link FakeAdminError} `not-found` or `not-pending`.
   */
  reject(id: number | string, input?: ApprovalDecisionInput): FakeApproval;
  /**
   * Expires a pending action now.
   * @throws {@link FakeAdminError} `not-found` or `not-pending`.
   */
  expire(id: number | string): FakeApproval;
  /** Pending approval requests, oldest first. */
  listPending(): FakeApproval[];
  /** Every approval request, oldest first. */
  listApprovals(): FakeApproval[];
  /** One approval request, by action id or approval id. */
  getApproval(id: number | string): FakeApproval | undefined;

  /** One action. */
  getAction(id: number): FakeAction | undefined;
  /** Every action, oldest first. */
  listActions(): FakeAction[];
  /** Registered agents. */
  listAgents(): FakeAgent[];
  /** One registered agent. */
  getAgent(agentId: string): FakeAgent | undefined;

  /** The kill switch. */
  readonly killSwitch: FakeKillSwitch;
  /** Turns the kill switch on or off (and by default broadcasts `BLOCK`/`UNBLOCK`). */
  setKillSwitch(active: boolean, input?: KillSwitchInput): FakeKillSwitch;
  /** Issues a command that agents pull from `GET /api/registry/agents/{id}/commands`. */
  issueCommand(input: IssueCommandInput): FakeCommand;
  /** Every command, oldest first. */
  listCommands(): FakeCommand[];

  /** Webhook configurations (with secrets). */
  listWebhooks(): FakeWebhook[];
  /** One webhook configuration (with its secret, to sign deliveries). */
  getWebhook(webhookId: string): FakeWebhook | undefined;
  /** Webhook deliveries queued and not yet drained, oldest first. */
  readonly outbox: readonly WebhookDelivery[];
  /** Removes and returns every queued delivery. */
  takeOutbox(): WebhookDelivery[];

  /** Adds or replaces (by `resourceId`) a resource classification. */
  setResourceClassification(classification: FakeResourceClassification): void;

  /** The MCP server registry, in registration order. */
  listMcpServers(): FakeMcpServer[];
  /**
   * Registers an MCP server (active), as `POST /api/registry/mcp-servers` does, with the same
   * validation.
   * @throws {@link FakeAdminError} `invalid` naming the field, or `conflict` when the name is taken.
   */
  registerMcpServer(input: FakeMcpServerInput): FakeMcpServer;
  /**
   * Activates or deactivates a registered MCP server, as `POST …/{server_name}/activate` and
   * `/deactivate` do. Submits naming a deactivated server are refused with 403
   * `MCP_SERVER_DEACTIVATED_DENY`.
   * @throws {@link FakeAdminError} `not-found`.
   */
  setMcpServerActive(serverName: string, active: boolean, input?: McpAdminInput): FakeMcpServer;
  /**
   * Blocks a tool of a registered MCP server, or unblocks it: submits for a blocked tool are
   * refused with 403 `MCP_TOOL_BLOCKED_DENY` while the server's governance is enabled.
   * @throws {@link FakeAdminError} `not-found`, or `invalid` for an empty tool name.
   */
  setMcpToolBlocked(serverName: string, tool: string, blocked: boolean, input?: Pick<McpAdminInput, 'by'>): FakeMcpServer;
  /** Orchestration topologies, keyed by orchestrator, in registration order. */
  listTopologies(): FakeTopology[];
  /** Output-filter findings, oldest first (the newest 1000 are kept). */
  listFindings(): FakeFinding[];
  /** Registered supply-chain components, in registration order. */
  listSupplyChainComponents(): FakeComponent[];
  /**
   * The orchestration sessions of the actions held in memory, with the cumulative risk that
   * `GET /api/v1/orchestration/sessions/{id}/risk` answers.
   */
  listOrchestrationSessions(): FakeOrchestrationSession[];
  /** The audit log, oldest first (bounded). */
  readonly auditLog: readonly FakeAuditEvent[];

  /** Subscribes to a live event; returns the unsubscribe function. */
  on<K extends keyof FakeEventMap>(type: K, listener: Listener<FakeEventMap[K]>): () => void;
  /** Subscribes to the next event of a type only. */
  once<K extends keyof FakeEventMap>(type: K, listener: Listener<FakeEventMap[K]>): () => void;
  /** Unsubscribes. */
  off<K extends keyof FakeEventMap>(type: K, listener: Listener<FakeEventMap[K]>): void;

  /**
   * Applies what is due by the clock: approval expiries, automatic approval decisions from
   * `approval` faults, command expiries. Runs before every request; call it from a timer to see
   * expiries live.
   */
  tick(): void;
  /** Clears all state, recorded requests and faults; keeps options and policy. */
  reset(): void;
  /** A JSON-serializable copy of the state. */
  snapshot(): FakeSnapshot;
  /**
   * Replaces the state with a snapshot.
   * @throws {@link FakeConfigError} for an unknown snapshot version.
   */
  restore(snapshot: FakeSnapshot): void;
}
