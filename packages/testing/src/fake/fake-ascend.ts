/**
 * `createFakeAscend`: the stateful in-memory ASCEND service. One transport-independent entry
 * point, `handle(request)`, serves every adapter (msw handlers, a fetch function, the dev
 * server); the admin API decides approvals, flips the kill switch, issues commands and injects
 * faults.
 *
 * @packageDocumentation
 */
import type { Signer } from '@ascend/core';
import { decideApproval, FakeAdminError, findApproval, sweepApprovals, type ApprovalDecisionInput } from './approvals.js';
import { AuditLog, type FakeAuditEvent } from './audit.js';
import type { Effects, FakeContext, ResolvedOptions, WebhookTester } from './context.js';
import { TypedEmitter, type FakeEventMap, type Listener } from './events.js';
import { FaultRegistry, formatRetryAfter, type Fault, type FaultController } from './faults.js';
import { handleFetch as fetchAdapter } from './fetch.js';
import { HANDLERS, type ParsedRequest } from './handlers.js';
import { IdempotencyStore, type IdempotencyEntry } from './idempotency.js';
import { hex, webCryptoRandomBytes, type RandomBytes } from './ids.js';
import { copyJson, isJsonObject, tryParseJson, type JsonObject } from './json.js';
import { issueCommand, setKillSwitch, sweepCommands, type IssueCommandInput, type KillSwitchInput } from './kill-switch.js';
import { matchRoute, type OperationName } from './operations.js';
import { DEFAULT_POLICY_DEFAULT, DEFAULT_POLICY_RULES, parsePolicyDocument, type PolicyDocument, type PolicyRule } from './policy.js';
import { RequestRecorder, type RecordedOutcome, type RecordedRequest } from './recorder.js';
import { createWebCryptoSigner, verifyRequestSignature } from './signature.js';
import {
  DEFAULT_CLASSIFICATIONS,
  FakeStore,
  rebuildRetention,
  retainAction,
  trackApproval,
  trackCommand,
  type FakeAction,
  type FakeAgent,
  type FakeApproval,
  type FakeCommand,
  type FakeComponent,
  type FakeCounters,
  type FakeHeartbeat,
  type FakeKillSwitch,
  type FakeResourceClassification,
  type FakeWebhook,
  type StoreChange,
} from './store.js';
import type { FakeFinding, FakeMcpServer, FakeTopology } from './management-records.js';
import {
  changeMcpServerActive,
  changeMcpToolBlocked,
  createMcpServer,
  listOrchestrationSessions,
  readMcpServer,
  type FakeOrchestrationSession,
} from './handlers-management.js';
import { BodyReader } from './validation.js';
import type { FakeRequest, FakeResponse } from './types.js';
import type { HandlerResult } from './validation.js';
import { WebhookOutbox, webhookWants, type WebhookDelivery, type WebhookEnvelope } from './webhooks.js';

/** The API key the fake accepts by default. Documented, not secret: use it in tests and local dev. */
export const DEFAULT_API_KEY = 'ascend_dev_local_key';

/** An accepted API key with its privileges. */
export interface ApiKeyConfig {
  /** The key. */
  readonly key: string;
  /**
   * Whether it may call admin-only operations (`linkModel`, `registerSupplyChainComponent`).
   * @defaultValue true
   */
  readonly admin?: boolean;
}

/** Size limits of the fake's bounded collections. */
export interface FakeLimits {
  /** Recorded requests kept. @defaultValue 10000 */
  readonly requests?: number;
  /** Audit events kept. @defaultValue 10000 */
  readonly audit?: number;
  /** Undrained webhook deliveries kept. @defaultValue 1000 */
  readonly outbox?: number;
  /** Idempotency keys remembered. @defaultValue 1000 */
  readonly idempotencyKeys?: number;
  /**
   * Actions kept in memory, besides pending ones: the ones settled most recently (submitted, or
   * decided by a human or by expiry). An older settled action leaves memory with its approval
   * request (event `action.evicted`); its status then answers 404 saying so, and ids keep
   * increasing. A pending action is never evicted. Audit events, recorded requests, the outbox
   * and idempotency keys have their own bounds above.
   * @defaultValue unbounded: a test reads its whole history (the dev server sets 10000)
   */
  readonly actions?: number;
}

/** The retention state of a fake's actions (see {@link FakeLimits.actions}). */
export interface FakeRetention {
  /** The limit; `Infinity` when unbounded. */
  readonly limit: number;
  /** Actions held in memory now (pending ones included). */
  readonly held: number;
  /** Actions evicted since the fake was created, reset or restored. */
  readonly evicted: number;
}

/** Options of {@link createFakeAscend}. Every field is optional. */
export interface FakeAscendOptions {
  /**
   * Accepted API keys, read from `X-API-Key`, else from `Authorization: Bearer <key>`. `'any'`
   * accepts any non-empty key. `GET /health` needs no key.
   * @defaultValue `[DEFAULT_API_KEY]` (`ascend_dev_local_key`)
   */
  readonly apiKeys?: readonly (string | ApiKeyConfig)[] | 'any';
  /**
   * When set, signed bodies (non-empty JSON objects) must carry a valid
   * `X-Signature: v1=<hex>` over `X-Request-Timestamp + "." + body`, raw or canonical; else 401.
   */
  readonly signingSecret?: string;
  /** Maximum clock skew of `X-Request-Timestamp` in ms; not checked when omitted. */
  readonly signatureToleranceMs?: number;
  /** HMAC-SHA256 implementation. @defaultValue a WebCrypto signer */
  readonly signer?: Signer;
  /** Clock in ms since the epoch; drives approval expiry and every timestamp. @defaultValue `Date.now` */
  readonly now?: () => number;
  /** Waits for `latency` faults; must resolve early when `signal` aborts. @defaultValue a `setTimeout` sleep */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random bytes for ids and secrets. @defaultValue `crypto.getRandomValues` */
  readonly randomBytes?: RandomBytes;
  /**
   * The policy: a rule list or `{ rules, default }`, typed or parsed from JSON (validated
   * either way). @defaultValue {@link DEFAULT_POLICY_RULES} with {@link DEFAULT_POLICY_DEFAULT}
   */
  readonly policy?: PolicyDocument | readonly PolicyRule[];
  /** How long an approval request stays pending before it expires. @defaultValue 3600000 (1 h) */
  readonly approvalTtlMs?: number;
  /** After how long without a heartbeat an agent's health is `offline`. @defaultValue 180000 (3 min) */
  readonly heartbeatStaleMs?: number;
  /**
   * Status of a denied submit: 200 with a denied decision (the live behaviour), or 403
   * `{detail, policy_violations}`. @defaultValue 200
   */
  readonly deniedSubmitStatus?: 200 | 403;
  /** Organization id put in webhook envelopes and deployment info. @defaultValue 1 */
  readonly organizationId?: number;
  /** Fields merged into the `GET /api/deployment-info` answer. */
  readonly deploymentInfo?: JsonObject;
  /**
   * Known models and their `compliance_status` for the agent update call; only `approved` and
   * `partially_approved` may be linked. When omitted any positive model id is accepted.
   */
  readonly models?: Readonly<Record<string, string>>;
  /** Initial resource classifications. @defaultValue {@link DEFAULT_CLASSIFICATIONS} */
  readonly classifications?: readonly FakeResourceClassification[];
  /** The first action id. @defaultValue 1 */
  readonly firstActionId?: number;
  /**
   * Performs `POST /api/webhooks/{id}/test`. The default queues the test event in the outbox and
   * reports `{success: true, status_code: 200}`.
   */
  readonly webhookTester?: WebhookTester;
  /** Bounds of the recorded requests, audit log, outbox and idempotency map. */
  readonly limits?: FakeLimits;
  /** State to start from (see {@link FakeAscend.snapshot}). */
  readonly snapshot?: FakeSnapshot;
  /** Receives exceptions thrown by event listeners. @defaultValue ignore them */
  readonly onListenerError?: (error: unknown) => void;
}

/** Thrown for invalid {@link FakeAscendOptions} or snapshots; `field` names the culprit. */
export class FakeConfigError extends Error {
  /** Always `'FakeConfigError'`. */
  override readonly name = 'FakeConfigError';
  /** The offending option, e.g. `approvalTtlMs`. */
  readonly field: string;

  /** @param field the option; @param problem what is wrong. */
  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

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

const OPTION_KEYS: readonly (keyof FakeAscendOptions)[] = [
  'apiKeys',
  'signingSecret',
  'signatureToleranceMs',
  'signer',
  'now',
  'sleep',
  'randomBytes',
  'policy',
  'approvalTtlMs',
  'heartbeatStaleMs',
  'deniedSubmitStatus',
  'organizationId',
  'deploymentInfo',
  'models',
  'classifications',
  'firstActionId',
  'webhookTester',
  'limits',
  'snapshot',
  'onListenerError',
];

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function positive(options: FakeAscendOptions, key: keyof FakeAscendOptions, fallback: number, integer = false): number {
  const v = options[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new FakeConfigError(
      key,
      `must be a positive ${integer ? 'integer' : 'number'}; got ${typeof v === 'object' || typeof v === 'function' ? typeof v : String(v)}`,
    );
  }
  return v;
}

function resolveKeys(apiKeys: FakeAscendOptions['apiKeys']): ResolvedOptions['apiKeys'] {
  if (apiKeys === 'any') return 'any';
  const map = new Map<string, { admin: boolean }>();
  for (const [i, entry] of (apiKeys ?? [DEFAULT_API_KEY]).entries()) {
    const key = typeof entry === 'string' ? entry : entry.key;
    if (typeof key !== 'string' || key === '') throw new FakeConfigError(`apiKeys[${i}]`, 'must be a non-empty string');
    map.set(key, { admin: typeof entry === 'string' ? true : (entry.admin ?? true) });
  }
  if (map.size === 0) throw new FakeConfigError('apiKeys', "must list at least one key (or be 'any')");
  return map;
}

function normalizeHeaders(headers: FakeRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, key) => {
      out[key.toLowerCase()] = value;
    });
  } else {
    for (const [key, value] of Object.entries(headers as Record<string, string>)) out[key.toLowerCase()] = String(value);
  }
  return out;
}

function bearer(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^Bearer\s+(.+)$/i.exec(value.trim());
  return m ? m[1]!.trim() : undefined;
}

interface Serialized {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

function jsonResponse(result: HandlerResult, extraHeaders: Record<string, string> = {}): Serialized {
  return {
    status: result.status,
    headers: { 'content-type': 'application/json', ...(result.headers ?? {}), ...extraHeaders },
    body: JSON.stringify(result.body),
  };
}

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

type FaultStep = { readonly kind: 'continue' } | { readonly kind: 'aborted' } | { readonly kind: 'answer'; readonly response: FakeResponse };

/**
 * Creates an in-memory ASCEND service.
 *
 * @example
 * ```ts
 * const fake = createFakeAscend({ now: () => clock.now });
 * server.use(...ascendHandlers(fake, { baseUrl: 'https://ascend.test' }));
 * fake.faults.inject({ kind: 'rate-limit', retryAfter: 2 }, { operation: 'submitAction', times: 2 });
 * ```
 * @throws {@link FakeConfigError} for an invalid option; {@link PolicyRuleError} for an invalid policy.
 */
export function createFakeAscend(options: FakeAscendOptions = {}): FakeAscend {
  if (typeof options !== 'object' || options === null) throw new FakeConfigError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key as keyof FakeAscendOptions)) {
      throw new FakeConfigError(key, `unknown option; allowed options are ${OPTION_KEYS.join(', ')}`);
    }
  }
  if (options.signingSecret !== undefined && (typeof options.signingSecret !== 'string' || options.signingSecret === '')) {
    throw new FakeConfigError('signingSecret', 'must be a non-empty string');
  }
  if (options.deniedSubmitStatus !== undefined && options.deniedSubmitStatus !== 200 && options.deniedSubmitStatus !== 403) {
    throw new FakeConfigError('deniedSubmitStatus', 'must be 200 or 403');
  }
  const now = options.now ?? (() => Date.now());
  const limits = options.limits ?? {};
  const limit = (key: keyof FakeLimits, fallback: number): number => {
    const v = limits[key];
    if (v === undefined) return fallback;
    if (!Number.isInteger(v) || v < 1) throw new FakeConfigError(`limits.${key}`, `must be a positive integer; got ${String(v)}`);
    return v;
  };

  const emitter = new TypedEmitter<FakeEventMap>(options.onListenerError);
  // Every change of the state goes out as it is made; its records are not copied.
  const announce = (change: StoreChange): void => emitter.emit('change', change);
  const recorder = new RequestRecorder(limit('requests', 10_000));
  // Live-event payloads are copies; none is made for an event nobody listens to.
  const audit = new AuditLog(limit('audit', 10_000), now, (event, counter) => {
    announce({ kind: 'audit', event, counter });
    if (emitter.has('audit')) emitter.emit('audit', copyJson(event));
  });
  const outbox = new WebhookOutbox(limit('outbox', 1000));
  const idempotency = new IdempotencyStore(limit('idempotencyKeys', 1000), (entry) => announce({ kind: 'idempotency', key: entry.key, entry }));
  const retainActions = limits.actions === undefined || limits.actions === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : limit('actions', 0);
  const faults = new FaultRegistry();
  const classifications = options.classifications ?? DEFAULT_CLASSIFICATIONS;
  const firstActionId = positive(options, 'firstActionId', 1, true);
  let store = new FakeStore(classifications, firstActionId, announce);
  const randomBytes = options.randomBytes ?? webCryptoRandomBytes;
  const organizationId = positive(options, 'organizationId', 1, true);

  const fx: Effects = {
    now,
    iso: () => new Date(now()).toISOString(),
    audit: (input) => {
      audit.append(input);
    },
    emit: (type, payload) => {
      if (emitter.has(type)) emitter.emit(type, copyJson(payload));
    },
    envelope: (type, data): WebhookEnvelope => {
      const id = `evt_${hex(randomBytes(12))}`;
      return {
        id,
        type,
        timestamp: new Date(now()).toISOString(),
        api_version: '2025-11-28',
        organization_id: organizationId,
        data: copyJson(data),
        metadata: { idempotency_key: id, delivery_attempt: 1 },
      };
    },
    webhook: (type, data) => {
      const targets = [...store.webhooks.values()].filter((w) => webhookWants(w, type));
      if (targets.length === 0) return;
      const event = fx.envelope(type, data);
      for (const w of targets) queueDelivery(w, event);
    },
    auditEvents: () => audit.all(),
  };

  function queueDelivery(webhook: FakeWebhook, event: WebhookEnvelope): WebhookDelivery {
    const delivery: WebhookDelivery = {
      deliveryId: `dlv_${store.nextId('delivery')}`,
      webhookId: webhook.webhookId,
      url: webhook.url,
      eventType: event.type,
      event,
      body: JSON.stringify(event),
      createdAt: fx.iso(),
    };
    outbox.push(delivery);
    if (emitter.has('webhook')) emitter.emit('webhook', copyJson(delivery));
    return delivery;
  }

  const defaultTester: WebhookTester = (webhook, event) => {
    queueDelivery(webhook, event);
    return Promise.resolve({ success: true, statusCode: 200, responseTimeMs: 0, error: null });
  };

  const resolved: ResolvedOptions = {
    apiKeys: resolveKeys(options.apiKeys),
    signingSecret: options.signingSecret ?? null,
    signatureToleranceMs: options.signatureToleranceMs === undefined ? undefined : positive(options, 'signatureToleranceMs', 0),
    signer: options.signer ?? createWebCryptoSigner(),
    sleep: options.sleep ?? defaultSleep,
    randomBytes,
    approvalTtlMs: positive(options, 'approvalTtlMs', 3_600_000),
    heartbeatStaleMs: positive(options, 'heartbeatStaleMs', 180_000),
    deniedSubmitStatus: options.deniedSubmitStatus ?? 200,
    organizationId,
    deploymentInfo: options.deploymentInfo ?? {},
    models: options.models,
    webhookTester: options.webhookTester ?? defaultTester,
    retainActions,
  };

  const initialPolicy = parsePolicyDocument(options.policy ?? { rules: DEFAULT_POLICY_RULES });
  const policy = { rules: initialPolicy.rules, fallback: initialPolicy.default ?? DEFAULT_POLICY_DEFAULT };
  const ctx: FakeContext = {
    get store() {
      return store;
    },
    fx,
    options: resolved,
    faults,
    policy,
  };

  const firstKey = resolved.apiKeys === 'any' ? DEFAULT_API_KEY : [...resolved.apiKeys.keys()][0]!;

  // Runs before every request: it must not cost more as history grows. Nothing is due before
  // `nextDueMs`; a sweep walks only the open approvals and commands.
  function tick(): void {
    if (fx.now() < store.nextDueMs) return;
    const approvalsDue = sweepApprovals(ctx);
    store.nextDueMs = Math.min(approvalsDue, sweepCommands(ctx));
  }

  function authenticate(headers: Record<string, string>): { ok: true; admin: boolean } | { ok: false; reason: string } {
    const fromHeader = headers['x-api-key'];
    const key = fromHeader !== undefined && fromHeader !== '' ? fromHeader : bearer(headers['authorization']);
    if (key === undefined || key === '') return { ok: false, reason: 'missing' };
    if (resolved.apiKeys === 'any') return { ok: true, admin: true };
    const entry = resolved.apiKeys.get(key);
    return entry ? { ok: true, admin: entry.admin } : { ok: false, reason: 'invalid' };
  }

  async function applyFaults(
    list: readonly Fault[],
    signal: AbortSignal | undefined,
    current: Serialized | null,
  ): Promise<FaultStep | { kind: 'garbled'; response: Serialized }> {
    let garbled: Serialized | null = null;
    for (const fault of list) {
      switch (fault.kind) {
        case 'latency':
          await resolved.sleep(fault.ms, signal);
          if (signal?.aborted) return { kind: 'aborted' };
          break;
        case 'kill-switch':
          if (!store.killSwitch.active) {
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

  function faultName(list: readonly Fault[]): string {
    return list.map((f) => f.kind).join('+');
  }

  async function process(
    route: ReturnType<typeof matchRoute>,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: string,
    json: ReturnType<typeof tryParseJson>,
  ): Promise<Serialized> {
    if (route.kind === 'not-found') return jsonResponse({ status: 404, body: { detail: 'Not Found' } });
    if (route.kind === 'bad-path') return jsonResponse({ status: 400, body: { detail: 'Malformed path', errors: { path: 'Invalid percent-encoding' } } });
    if (route.kind === 'method-not-allowed') {
      return jsonResponse({ status: 405, body: { detail: 'Method Not Allowed' } }, { allow: route.allowed.join(', ') });
    }
    const operation = route.operation;
    let admin = true;
    if (operation !== 'health') {
      const auth = authenticate(headers);
      if (!auth.ok) {
        audit.append({ eventType: 'auth.failed', actor: 'anonymous', action: operation, outcome: 'rejected', details: { reason: auth.reason, path } });
        const detail = auth.reason === 'missing' ? 'Missing API key' : 'Invalid or expired API key';
        return jsonResponse({ status: 401, body: { detail } }, { 'www-authenticate': 'Bearer' });
      }
      admin = auth.admin;
    }
    if (resolved.signingSecret !== null) {
      const check = await verifyRequestSignature(resolved.signer, resolved.signingSecret, {
        timestamp: headers['x-request-timestamp'] ?? null,
        signature: headers['x-signature'] ?? null,
        body,
        now: now(),
        toleranceMs: resolved.signatureToleranceMs,
      });
      if (!check.ok) {
        audit.append({
          eventType: 'signature.rejected',
          actor: headers['x-agent-id'] ?? 'anonymous',
          action: operation,
          outcome: 'rejected',
          details: { problem: check.problem, path },
        });
        const detail =
          check.problem === 'missing'
            ? 'Missing request signature'
            : check.problem === 'stale-timestamp'
              ? 'Request timestamp outside the tolerance window'
              : 'Invalid request signature';
        return jsonResponse({ status: 401, body: { detail } });
      }
    }
    const idempotencyKey = method !== 'GET' ? headers['idempotency-key'] : undefined;
    const fingerprint = `${method} ${path}?${query.toString()}\n${body}`;
    if (idempotencyKey) {
      const stored = idempotency.get(idempotencyKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          return jsonResponse({
            status: 422,
            body: {
              detail: 'Idempotency-Key was already used for a different request',
              errors: { 'Idempotency-Key': `first used for ${stored.operation} with a different method, path or body` },
            },
          });
        }
        idempotency.replayed(stored);
        return { status: stored.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' }, body: stored.body };
      }
    }
    const parsed: ParsedRequest = { operation, params: route.params, query, headers, body, json, admin };
    const result = await (route.handler ?? HANDLERS[operation])(ctx, parsed);
    const response = jsonResponse(result);
    if (idempotencyKey) {
      idempotency.set({ key: idempotencyKey, operation, fingerprint, status: response.status, body: response.body ?? '', replays: 0 });
    }
    return response;
  }

  function finish(record: { outcome: RecordedOutcome | undefined }, response: FakeResponse, fault: string | null): FakeResponse {
    if (response.networkError) record.outcome = { kind: 'network-error', fault: fault ?? 'outage' };
    else if (response.hang) record.outcome = { kind: 'hang', fault: fault ?? 'hang' };
    else record.outcome = { kind: 'response', status: response.status, body: response.body, fault };
    return response;
  }

  async function handle(request: FakeRequest): Promise<FakeResponse> {
    tick();
    const method = String(request.method ?? 'GET').toUpperCase();
    const rawPath = request.path || '/';
    const q = rawPath.indexOf('?');
    const path = q >= 0 ? rawPath.slice(0, q) : rawPath;
    const query =
      request.query instanceof URLSearchParams
        ? new URLSearchParams(request.query)
        : new URLSearchParams(request.query ?? (q >= 0 ? rawPath.slice(q + 1) : ''));
    const headers = normalizeHeaders(request.headers);
    const body = request.body ?? '';
    const json = tryParseJson(body);
    const route = matchRoute(method, path);
    const operation = route.kind === 'match' ? route.operation : null;
    const record = recorder.record({
      at: now(),
      method,
      path,
      query: query.toString(),
      headers,
      body,
      json,
      operation,
      idempotencyKey: headers['idempotency-key'] ?? null,
    });
    if (emitter.has('request')) emitter.emit('request', copyJson({ ...record }));

    const before = faults.take(operation, 'before');
    const beforeStep = await applyFaults(before, request.signal, null);
    if (beforeStep.kind === 'aborted') {
      record.outcome = { kind: 'aborted' };
      return { status: 0, headers: {}, body: null, hang: true, operation };
    }
    if (beforeStep.kind === 'answer') return finish(record, { ...beforeStep.response, operation }, faultName(before));

    let response: Serialized;
    try {
      response = await process(route, method, path, query, headers, body, json);
    } catch (error) {
      // A bug in the fake must surface as a 500 the test can see, not as a transport crash.
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      response = jsonResponse({ status: 500, body: { detail: `Fake ASCEND internal error: ${detail}` } });
    }
    const correlation = headers['x-correlation-id'];
    if (correlation) response.headers['x-correlation-id'] = correlation;

    const after = faults.take(operation, 'after');
    const afterStep = await applyFaults(after, request.signal, response);
    if (afterStep.kind === 'aborted') {
      record.outcome = { kind: 'aborted' };
      return { status: 0, headers: {}, body: null, hang: true, operation };
    }
    if (afterStep.kind === 'answer') return finish(record, { ...afterStep.response, operation }, faultName(after));
    if (afterStep.kind === 'garbled') return finish(record, { ...afterStep.response, operation }, faultName(after));
    return finish(record, { ...response, operation }, null);
  }

  function decide(id: number | string, outcome: 'approve' | 'reject' | 'expire', input?: ApprovalDecisionInput): FakeApproval {
    tick();
    const approval = findApproval(ctx, id);
    if (!approval) throw new FakeAdminError('not-found', `no approval request for ${typeof id === 'number' ? `action ${id}` : id}`);
    return copyJson(decideApproval(ctx, approval, outcome, input));
  }

  const copyAll = <T>(values: Iterable<T>): T[] => [...values].map((v) => copyJson(v));

  function restore(snapshot: FakeSnapshot): void {
    if (!snapshot || snapshot.version !== 1) throw new FakeConfigError('snapshot.version', `unsupported snapshot version ${String(snapshot?.version)}`);
    // Built silently: the replacement is announced once, as `restored`, when it is in place.
    const next = new FakeStore(snapshot.classifications, 1);
    next.load(snapshot);
    for (const approval of next.approvals.values()) trackApproval(next, approval);
    for (const command of next.commands.values()) trackCommand(next, command);
    if (retainActions !== Number.POSITIVE_INFINITY) {
      // A snapshot may hold more than the limit (taken with a larger one, or replayed from a
      // journal): the same rule trims it, and nothing evicted comes back.
      rebuildRetention(next);
      const newest = [...next.retention].pop();
      const last = newest === undefined ? undefined : next.actions.get(newest);
      if (last) retainAction(next, last, retainActions);
      next.evicted = 0;
    }
    store = next.announcing(announce);
    audit.load(copyJson(snapshot.audit));
    outbox.load(copyJson(snapshot.outbox));
    idempotency.load(copyJson(snapshot.idempotency));
    announce({ kind: 'restored' });
  }

  if (options.snapshot) restore(options.snapshot);

  const fake: FakeAscend = {
    handle,
    handleFetch: (request, opts) => fetchAdapter(fake, request, opts),
    faults,
    get requests() {
      return recorder.all();
    },
    requestsFor: (operation) => recorder.all().filter((r) => r.operation === operation),
    clearRequests: () => recorder.clear(),
    get retention() {
      return { limit: retainActions, held: store.actions.size, evicted: store.evicted };
    },
    apiKey: firstKey,

    get policy() {
      return { rules: policy.rules, default: policy.fallback };
    },
    setPolicy(next) {
      const doc = parsePolicyDocument(next);
      policy.rules = doc.rules;
      policy.fallback = doc.default ?? DEFAULT_POLICY_DEFAULT;
      audit.append({ eventType: 'policy.updated', actor: 'admin', outcome: 'success', details: { rules: doc.rules.length } });
    },

    approve: (id, input) => decide(id, 'approve', input),
    reject: (id, input) => decide(id, 'reject', input),
    expire: (id) => decide(id, 'expire'),
    listPending: () => {
      tick();
      return copyAll([...store.approvals.values()].filter((a) => a.status === 'pending'));
    },
    listApprovals: () => copyAll(store.approvals.values()),
    getApproval: (id) => {
      const a = findApproval(ctx, id);
      return a ? copyJson(a) : undefined;
    },

    getAction: (id) => {
      const a = store.actions.get(id);
      return a ? copyJson(a) : undefined;
    },
    listActions: () => copyAll(store.actions.values()),
    listAgents: () => copyAll(store.agents.values()),
    getAgent: (agentId) => {
      const a = store.agents.get(agentId);
      return a ? copyJson(a) : undefined;
    },

    get killSwitch() {
      return { ...store.killSwitch };
    },
    setKillSwitch: (active, input) => ({ ...setKillSwitch(ctx, active, input) }),
    issueCommand: (input) => copyJson(issueCommand(ctx, input)),
    listCommands: () => copyAll(store.commands.values()),

    listWebhooks: () => copyAll(store.webhooks.values()),
    getWebhook: (id) => {
      const w = store.webhooks.get(id);
      return w ? copyJson(w) : undefined;
    },
    get outbox() {
      return outbox.all();
    },
    takeOutbox: () => outbox.drain(),

    setResourceClassification(classification) {
      store.setClassification(copyJson(classification));
    },

    listMcpServers: () => copyAll(store.records('mcpServer').values()),
    registerMcpServer(input) {
      const { by, ...fields } = input ?? ({} as FakeMcpServerInput);
      // The same reader as the protocol's register body: one set of rules.
      const r = new BodyReader(
        copyJson({
          server_name: fields.serverName ?? null,
          transport_type: fields.transportType ?? null,
          governance_enabled: fields.governanceEnabled ?? null,
          display_name: fields.displayName ?? null,
          description: fields.description ?? null,
          server_url: fields.serverUrl ?? null,
          connection_config: fields.connectionConfig ?? null,
          auto_approve_tools: fields.autoApproveTools ? [...fields.autoApproveTools] : null,
          blocked_tools: fields.blockedTools ? [...fields.blockedTools] : null,
          tool_risk_overrides: fields.toolRiskOverrides ? { ...fields.toolRiskOverrides } : null,
        }),
      );
      const read = readMcpServer(r);
      const [field, problem] = Object.entries(r.errors)[0] ?? [];
      if (field !== undefined) throw new FakeAdminError('invalid', `${field}: ${problem ?? 'invalid'}`);
      const server = createMcpServer(ctx, read, by ?? 'admin');
      if (!server) throw new FakeAdminError('conflict', `MCP server ${read.serverName} already exists`);
      return copyJson(server);
    },
    setMcpServerActive(serverName, active, input) {
      const server = store.records('mcpServer').get(serverName);
      if (!server) throw new FakeAdminError('not-found', `MCP server ${serverName} not found`);
      return copyJson(changeMcpServerActive(ctx, server, active, active ? null : (input?.reason ?? null), input?.by ?? 'admin'));
    },
    setMcpToolBlocked(serverName, tool, blocked, input) {
      const server = store.records('mcpServer').get(serverName);
      if (!server) throw new FakeAdminError('not-found', `MCP server ${serverName} not found`);
      if (typeof tool !== 'string' || tool.trim() === '') throw new FakeAdminError('invalid', 'tool: Required field is missing or empty');
      return copyJson(changeMcpToolBlocked(ctx, server, tool.trim(), blocked, input?.by ?? 'admin'));
    },
    listTopologies: () => copyAll(store.records('topology').values()),
    listFindings: () => copyAll(store.records('finding').values()),
    listSupplyChainComponents: () => copyAll(store.components.values()),
    listOrchestrationSessions: () => listOrchestrationSessions(ctx),
    get auditLog() {
      return audit.all();
    },

    on: (type, listener) => emitter.on(type, listener),
    once: (type, listener) => emitter.once(type, listener),
    off: (type, listener) => emitter.off(type, listener),

    tick,
    reset() {
      store = new FakeStore(classifications, firstActionId, announce);
      audit.load({ counter: 0, events: [] });
      outbox.load([]);
      idempotency.load([]);
      recorder.clear();
      faults.clear();
      announce({ kind: 'reset' });
    },
    snapshot: () => ({
      version: 1,
      counters: { ...store.counters },
      ...store.dumpRecords(),
      classifications: copyAll(store.classifications),
      killSwitch: { ...store.killSwitch },
      audit: copyJson(audit.dump()),
      outbox: copyAll(outbox.all()),
      idempotency: idempotency.dump(),
    }),
    restore,
  };
  return fake;
}
