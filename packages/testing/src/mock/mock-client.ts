/**
 * `MockAscendClient`: an in-memory stand-in for the real `AscendClient` with the same public
 * interface (checked by the compiler), scripted decisions, approvals decided by the test, a call
 * recorder, and kill-switch and outage simulation. No network, no timers except approval waits.
 *
 * @packageDocumentation
 */
import {
  AbortedError,
  ApprovalTimeoutError,
  AscendError,
  ConfigurationError,
  ConflictError,
  GovernanceUnavailableError,
  isAscendError,
  isPendingDecisionHandle,
  KillSwitchError,
  NetworkError,
  NotFoundError,
  RequestTimeoutError,
  ServerError,
  ValidationError,
  type ActionDetails,
  type ActionRequest,
  type ActivityPage,
  type AgentCommand,
  type AgentHealth,
  type AllowedDecision,
  type ApprovalStatus,
  type AscendClientEventName,
  type AscendClientEvents,
  type AuditLogPage,
  type AuthorizationDecision,
  type BulkEvaluationResult,
  type BulkItemResult,
  type BulkOptions,
  type CallOptions,
  type ClientStatus,
  type CompletionReport,
  type ConnectionTestResult,
  type DecisionOutcome,
  type DeploymentInfo,
  type EvaluateOptions,
  type FailMode,
  type FailureReport,
  type HeartbeatMetrics,
  type KillSwitchStatus,
  type McpActionRequest,
  type PageOptions,
  type PendingDecision,
  type PendingDecisionHandle,
  type PolicyEvaluationRequest,
  type PolicyEvaluationResult,
  type RegisterAgentRequest,
  type RegisterAgentResult,
  type ReportReceipt,
  type ResourceClassification,
  type RiskLevel,
  type SupplyChainComponent,
  type WaitOptions,
  type WebhookConfig,
  type WebhookConfigInput,
  type WebhookTestResult,
} from '@ascend/core';
import { compactTime, hex, webCryptoRandomBytes } from '../fake/ids.js';
import type { JsonObject } from '../fake/json.js';
import { DEFAULT_POLICY_DEFAULT, evaluatePolicy, globMatch, parsePolicyDocument, type PolicyDocument, type PolicyRule } from '../fake/policy.js';
import { DEFAULT_CLASSIFICATIONS } from '../fake/store.js';
import type { AscendClientApi, ClientMethodArgs, ClientMethodName, ClientMethodResult } from './public-api.js';
import {
  BULK_KEYS,
  CALL_KEYS,
  checkCallOptions,
  CLOSE_KEYS,
  completeBody,
  EVALUATE_KEYS,
  failBody,
  mcpBody,
  runContained,
  submitBody,
  WAIT_KEYS,
  WAIT_TIMEOUT_CHECK,
  type CallOptionKey,
} from '@ascend/core/internal';
import { isObject, required } from './validation.js';
import { buildDecision, defaultRiskScore, failOpenDecision, outcomeOfState, riskLevelOf, type MockActionState } from './wire-decision.js';

/** Agent fields for running core's submit builder only for its checks. */
const NO_AGENT = { agentId: undefined, agentName: undefined } as const;

// ---------------------------------------------------------------------------------------------
// Public types

/** A decision a script produces. Everything but `decision` has a realistic default. */
export interface ScriptedDecision {
  /** The outcome. */
  readonly decision: DecisionOutcome;
  /** Why. @defaultValue a generic reason per outcome */
  readonly reason?: string;
  /** Risk score 0–100. @defaultValue allowed 20, pending 60, denied 90 */
  readonly riskScore?: number;
  /** Risk level. @defaultValue derived from the score (≥90 critical, ≥70 high, ≥40 medium) */
  readonly riskLevel?: RiskLevel;
  /** Policy violation codes. @defaultValue `[]` */
  readonly policyViolations?: readonly string[];
  /** Conditions attached to an allowed decision. @defaultValue `[]` */
  readonly conditions?: readonly string[];
  /** Who may approve a pending decision. @defaultValue `[]` */
  readonly requiredApprovers?: readonly string[];
  /**
   * For a pending decision: how a wait on it ends without an explicit `approve()`/`reject()`.
   * `approve` gives allowed, `reject` denied (`rejected`), `expire` denied (`expired`). When
   * omitted, a wait lasts until the test decides or the wait times out.
   */
  readonly resolveWith?: 'approve' | 'reject' | 'expire';
  /**
   * Wire fields (snake_case) merged over the generated body before core parses it: extra fields
   * land in `decision.raw`; a value that breaks the protocol (e.g. `{ decision: 'ALLOWED' }`)
   * makes the call throw core's `ProtocolError`, as the real client would.
   */
  readonly wire?: Readonly<Record<string, unknown>>;
}

/** Options of {@link MockAscendClient.decide}: the decision's details plus how it applies. */
export interface DecideDetails extends Omit<ScriptedDecision, 'decision'> {
  /** Only requests on these resources (globs). @defaultValue any resource */
  readonly resource?: string | readonly string[];
  /** How many actions it decides before it is used up. @defaultValue unlimited */
  readonly times?: number;
}

/** What a decision function receives besides the request. */
export interface DecisionContext {
  /** The action id this decision will get. */
  readonly actionId: string;
  /** `action` for `evaluateAction`/`submitAction`/bulk, `mcp` for `evaluateMcpAction`. */
  readonly endpoint: 'action' | 'mcp';
  /** The MCP request, for the `mcp` endpoint. */
  readonly mcp: McpActionRequest | undefined;
  /** How many actions the mock has decided before this one. */
  readonly index: number;
}

/**
 * Decides an action by code. Return an outcome, a {@link ScriptedDecision}, or `undefined` to
 * let older scripts and the default decide. Throwing (e.g. core's `AuthorizationError`) makes
 * the call reject with that error.
 */
export type DecisionFunction = (
  request: ActionRequest,
  context: DecisionContext,
) => DecisionOutcome | ScriptedDecision | undefined | Promise<DecisionOutcome | ScriptedDecision | undefined>;

/** Options of {@link MockAscendClient.decideWith}. */
export interface DecideWithOptions {
  /** How many actions it decides before it is used up. @defaultValue unlimited */
  readonly times?: number;
}

/** How a simulated outage fails calls. */
export type OutageKind = 'network' | 'timeout' | 'server-error';

/** Options of {@link MockAscendClient}. */
export interface MockAscendClientOptions {
  /** The agent id. @defaultValue `'mock-agent'` */
  readonly agentId?: string;
  /** The agent name. @defaultValue the agent id */
  readonly agentName?: string;
  /** Environment reported by `getDeploymentInfo`. @defaultValue `'production'` */
  readonly environment?: string;
  /** What happens when the service is down (see {@link MockAscendClient.setServiceDown}). @defaultValue `'closed'` */
  readonly failMode?: FailMode;
  /** The outcome of an action no script decides (when no `policy` is given). @defaultValue `'allowed'` */
  readonly defaultDecision?: DecisionOutcome;
  /**
   * Decide unscripted actions with the fake's policy engine instead of `defaultDecision`
   * (same rules and glob syntax as `createFakeAscend({ policy })`).
   */
  readonly policy?: PolicyDocument | readonly PolicyRule[];
  /** The first action id; ids are numeric strings counting up from it. @defaultValue 1 */
  readonly firstActionId?: number;
  /** Default wait of `waitForDecision`, in ms. @defaultValue 60000 */
  readonly approvalTimeoutMs?: number;
  /** How long a pending approval stays valid (sets `expiresAt`). @defaultValue 3600000 */
  readonly approvalTtlMs?: number;
  /** Clock for timestamps. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** How a recorded call ended. */
export type MockCallOutcome<R> =
  | { readonly state: 'pending' }
  | { readonly state: 'returned'; readonly value: R }
  | { readonly state: 'threw'; readonly error: unknown };

/** One recorded call of a client method, discriminated by `method`. */
export type MockCall<M extends ClientMethodName = ClientMethodName> = {
  [K in M]: {
    /** 1-based order of the call on this mock. */
    readonly seq: number;
    /** The method called. */
    readonly method: K;
    /** The arguments, as passed. */
    readonly args: ClientMethodArgs<K>;
    /** How it ended; `pending` while an async call is still running. */
    readonly outcome: MockCallOutcome<ClientMethodResult<K>>;
  };
}[M];

/** A completion or failure report the mock received for an action. */
export type MockExecution =
  | { readonly kind: 'completed'; readonly report: CompletionReport; readonly at: string }
  | { readonly kind: 'failed'; readonly report: FailureReport; readonly at: string };

/** An action the mock decided. */
export interface MockAction {
  /** Numeric string id (`'1'`, `'2'`, …), or `fail_open_<hex>` for a fail-open decision. */
  readonly actionId: string;
  /** Which endpoint decided it. */
  readonly endpoint: 'action' | 'mcp';
  /** The request (a copy taken when it was evaluated). MCP requests are mapped to an `ActionRequest`. */
  readonly request: ActionRequest;
  /** The original MCP request, for the `mcp` endpoint. */
  readonly mcpRequest: McpActionRequest | undefined;
  /** True for a decision synthesized by fail-open mode; the service never saw the action. */
  readonly failOpen: boolean;
  /** Lifecycle state: `allowed`, `denied`, `pending`, then `approved` / `rejected` / `expired`. */
  readonly state: MockActionState;
  /** The decision the call returned first. */
  readonly initialDecision: AuthorizationDecision;
  /** The current decision (what `getActionStatus` returns now). */
  readonly decision: AuthorizationDecision;
  /** Approval request id (`apr_<n>`) of a pending action. */
  readonly approvalRequestId: string | undefined;
  /** The completion or failure report, once received. */
  readonly execution: MockExecution | undefined;
  /** ISO creation time. */
  readonly createdAt: string;
}

/** Input of {@link MockAscendClient.approve}. */
export interface MockApproveInput {
  /** The approver. @defaultValue `'approver@mock.test'` */
  readonly by?: string;
  /** A comment. */
  readonly comment?: string;
}

/** Input of {@link MockAscendClient.reject}. */
export interface MockRejectInput {
  /** The rejecter. @defaultValue `'approver@mock.test'` */
  readonly by?: string;
  /** Why; becomes the decision's `reason`. @defaultValue `'Rejected by approver'` */
  readonly reason?: string;
}

/** Thrown by the mock's test-side helpers (`approve`, `reject`, `expire`, …) for misuse. */
export class MockAdminError extends Error {
  /** Always `'MockAdminError'`. */
  override readonly name = 'MockAdminError';
  /** `not-found` or `not-pending`. */
  readonly code: 'not-found' | 'not-pending';
  /** @param code what went wrong; @param message details. */
  constructor(code: 'not-found' | 'not-pending', message: string) {
    super(message);
    this.code = code;
  }
}

// ---------------------------------------------------------------------------------------------
// Internals

interface Script {
  readonly resolve: DecisionFunction;
  remaining: number | undefined;
}

interface Waiter {
  settle(decision: AuthorizationDecision): void;
  fail(error: AscendError): void;
}

interface ActionRecord {
  actionId: string;
  endpoint: 'action' | 'mcp';
  request: ActionRequest;
  mcpRequest: McpActionRequest | undefined;
  failOpen: boolean;
  state: MockActionState;
  riskScore: number;
  riskLevel: RiskLevel;
  reason: string;
  policyViolations: readonly string[];
  conditions: readonly string[];
  requiredApprovers: readonly string[];
  approvalRequestId: string | undefined;
  expiresAt: string | undefined;
  reviewedBy: string | undefined;
  reviewedAt: string | undefined;
  comments: string | undefined;
  correlationId: string;
  wire: Readonly<Record<string, unknown>> | undefined;
  resolveWith: ScriptedDecision['resolveWith'];
  initialDecision: AuthorizationDecision;
  decision: AuthorizationDecision;
  execution: MockExecution | undefined;
  createdAt: string;
  updatedAt: string;
  waiters: Set<Waiter>;
}

interface SpooledMockReport {
  kind: 'complete' | 'fail';
  actionId: string;
  report: CompletionReport | FailureReport;
}

interface MutableCall {
  seq: number;
  method: ClientMethodName;
  args: readonly unknown[];
  outcome: MockCallOutcome<unknown>;
}

const DEFAULT_REASONS: Readonly<Record<DecisionOutcome, string>> = {
  allowed: 'Allowed by mock policy',
  denied: 'Denied by mock policy',
  pending: 'Requires human approval',
};

const DECISIONS: readonly DecisionOutcome[] = ['allowed', 'denied', 'pending'];
const MAX_BULK = 50;

/** The per-call options each method accepts (its last argument), as the real client checks them. */
const OPTION_KEYS: Partial<Record<ClientMethodName, readonly CallOptionKey[]>> = {
  evaluateAction: EVALUATE_KEYS,
  waitForDecision: WAIT_KEYS,
  evaluateActions: BULK_KEYS,
  close: CLOSE_KEYS,
  ...Object.fromEntries(
    (
      [
        'submitAction', 'evaluateMcpAction', 'getActionStatus', 'getAction', 'checkApproval', 'register', 'deregister', 'linkModel',
        'heartbeat', 'getAgentHealth', 'getKillSwitchStatus', 'getPendingCommands', 'ackCommand', 'evaluatePolicy',
        'getResourceClassification', 'getAuditLogs', 'listActivity', 'configureWebhook', 'listWebhooks', 'updateWebhook',
        'deleteWebhook', 'testWebhook', 'registerSupplyChainComponent', 'health', 'getDeploymentInfo', 'testConnection',
      ] as const
    ).map((name) => [name, CALL_KEYS]),
  ),
};

function copy<T>(value: T): T {
  try {
    return typeof structuredClone === 'function' ? structuredClone(value) : value;
  } catch {
    // Requests with functions or class instances inside cannot be cloned; keep the reference.
    return value;
  }
}

function toAscendError(error: unknown): AscendError {
  if (isAscendError(error)) return error;
  return new AscendError('PROTOCOL_ERROR', error instanceof Error ? error.message : 'Unexpected failure', { cause: error });
}

function unrefTimer(handle: unknown): void {
  const h = handle as { unref?: () => void } | null;
  if (h && typeof h.unref === 'function') h.unref();
}

function isScriptedDecision(value: unknown): value is ScriptedDecision {
  return isObject(value) && typeof value['decision'] === 'string';
}

// ---------------------------------------------------------------------------------------------
// The mock

/**
 * An in-memory stand-in for `AscendClient` with the same public interface. Use it to unit-test
 * an agent without any HTTP: script decisions per action type (globs) or by function, decide
 * pending approvals from the test, simulate the kill switch and outages, and inspect every call.
 *
 * Decisions have the exact shape of the real client's: they are built as wire bodies and
 * normalized by core's `parseDecision`. Unscripted actions get `defaultDecision` (allowed), or
 * the outcome of `policy` when one is given. The most recently added matching script wins.
 *
 * @example
 * ```ts
 * const ascend = new MockAscendClient();
 * ascend.decide('financial.refund', 'denied', { reason: 'Over the refund limit' });
 * const agent = new RefundAgent(ascend);
 * await agent.refund({ amount: 500 });
 * expect(ascend.callsTo('evaluateAction')[0]!.args[0].parameters).toEqual({ amount: 500 });
 * ```
 */
export class MockAscendClient implements AscendClientApi {
  private readonly config: {
    agentId: string | undefined;
    agentName: string | undefined;
    environment: string;
    failMode: FailMode;
    defaultDecision: DecisionOutcome;
    policy: PolicyDocument | undefined;
    firstActionId: number;
    approvalTimeoutMs: number;
    approvalTtlMs: number;
    now: () => number;
  };
  private scripts: Script[] = [];
  private records: ActionRecord[] = [];
  private byId = new Map<string, ActionRecord>();
  private callLog: MutableCall[] = [];
  private nextActionId: number;
  private nextApproval = 1;
  private decidedCount = 0;
  private killSwitchState: { active: boolean; reason: string | undefined; activatedAt: string | undefined; activatedBy: string | undefined } = {
    active: false,
    reason: undefined,
    activatedAt: undefined,
    activatedBy: undefined,
  };
  private outage: OutageKind | undefined;
  private spool: SpooledMockReport[] = [];
  private executionLog: Array<MockExecution & { readonly actionId: string }> = [];
  private polling = false;
  private closed = false;
  private lifetime = new AbortController();
  private readonly listeners = new Map<AscendClientEventName, Set<(payload: never) => void>>();
  private readonly agents = new Map<string, { registeredAt: string; lastHeartbeat: string | undefined }>();
  private readonly webhooks = new Map<string, WebhookConfig>();
  private nextWebhook = 1;

  /**
   * @param options - See {@link MockAscendClientOptions}.
   * @throws TypeError for an invalid option (e.g. an unknown `defaultDecision`).
   */
  constructor(options: MockAscendClientOptions = {}) {
    const defaultDecision = options.defaultDecision ?? 'allowed';
    if (!DECISIONS.includes(defaultDecision)) throw new TypeError(`defaultDecision must be allowed, denied or pending; got ${String(defaultDecision)}`);
    const failMode = options.failMode ?? 'closed';
    if (failMode !== 'closed' && failMode !== 'open') throw new TypeError(`failMode must be 'closed' or 'open'; got ${String(failMode)}`);
    const firstActionId = options.firstActionId ?? 1;
    if (!Number.isSafeInteger(firstActionId) || firstActionId < 1) throw new TypeError('firstActionId must be a positive integer');
    this.config = {
      agentId: 'agentId' in options ? options.agentId : 'mock-agent',
      agentName: options.agentName,
      environment: options.environment ?? 'production',
      failMode,
      defaultDecision,
      policy: options.policy === undefined ? undefined : parsePolicyDocument(options.policy),
      firstActionId,
      approvalTimeoutMs: options.approvalTimeoutMs ?? 60_000,
      approvalTtlMs: options.approvalTtlMs ?? 3_600_000,
      now: options.now ?? (() => Date.now()),
    };
    this.nextActionId = firstActionId;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: scripting

  /**
   * Scripts the decision for action types matching `actionType` (a glob or a list of globs,
   * case-insensitive; `*` matches any run of characters). Later scripts take precedence.
   *
   * @example
   * ```ts
   * mock.decide('financial.*', 'pending', { requiredApprovers: ['finance'] })
   *     .decide('financial.refund', 'denied', { reason: 'Refunds are frozen', times: 1 });
   * ```
   */
  decide(actionType: string | readonly string[], decision: DecisionOutcome, details: DecideDetails = {}): this {
    if (!DECISIONS.includes(decision)) throw new TypeError(`decision must be allowed, denied or pending; got ${String(decision)}`);
    const types = typeof actionType === 'string' ? [actionType] : [...actionType];
    const resources = details.resource === undefined ? undefined : typeof details.resource === 'string' ? [details.resource] : [...details.resource];
    const { times, resource: _resource, ...rest } = details;
    const scripted: ScriptedDecision = { ...rest, decision };
    this.addScript((request) => {
      if (!types.some((t) => globMatch(t, request.actionType))) return undefined;
      if (resources && !resources.some((r) => globMatch(r, request.resource))) return undefined;
      return scripted;
    }, times);
    return this;
  }

  /**
   * Scripts decisions with a function of the request. Return `undefined` to fall through to
   * older scripts and the default. Later scripts take precedence.
   *
   * @example
   * ```ts
   * mock.decideWith((req) => (Number(req.parameters?.['amount']) > 100 ? 'pending' : undefined));
   * ```
   */
  decideWith(fn: DecisionFunction, options: DecideWithOptions = {}): this {
    if (typeof fn !== 'function') throw new TypeError('decideWith needs a function');
    this.addScript(fn, options.times);
    return this;
  }

  /** Removes every script; unscripted actions get the default again. */
  clearDecisions(): this {
    this.scripts = [];
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: approvals, kill switch, outages

  /**
   * Approves a pending action (by action id or approval id `apr_<n>`). Waits on it resolve with
   * an allowed decision; `getActionStatus` returns it too.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  approve(id: string | number, input: MockApproveInput = {}): AllowedDecision {
    const record = this.pendingRecord(id);
    this.transition(record, 'approved', input.by ?? 'approver@mock.test', input.comment);
    return record.decision as AllowedDecision;
  }

  /**
   * Rejects a pending action; waits on it resolve with a denied decision.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  reject(id: string | number, input: MockRejectInput = {}): AuthorizationDecision {
    const record = this.pendingRecord(id);
    record.reason = input.reason ?? 'Rejected by approver';
    this.transition(record, 'rejected', input.by ?? 'approver@mock.test', record.reason);
    return record.decision;
  }

  /**
   * Expires a pending action's approval request; waits on it resolve with a denied decision.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  expire(id: string | number): AuthorizationDecision {
    const record = this.pendingRecord(id);
    record.reason = 'Approval request expired';
    this.transition(record, 'expired', undefined, undefined);
    return record.decision;
  }

  /** Actions waiting for a human, oldest first. */
  pendingActions(): MockAction[] {
    return this.records.filter((r) => r.state === 'pending').map((r) => this.view(r));
  }

  /**
   * Turns the simulated kill switch on or off. While it is on, `evaluateAction`,
   * `evaluateMcpAction`, bulk items and approval waits fail with core's `KillSwitchError`
   * before any decision is made, as the real client does once it has seen the switch.
   */
  setKillSwitch(active: boolean, input: { reason?: string; by?: string } = {}): this {
    const changed = this.killSwitchState.active !== active;
    this.killSwitchState = active
      ? { active: true, reason: input.reason ?? 'Emergency stop', activatedAt: this.iso(), activatedBy: input.by ?? 'admin@mock.test' }
      : { active: false, reason: undefined, activatedAt: undefined, activatedBy: undefined };
    if (changed) {
      this.emit('killSwitchChange', { active, reason: this.killSwitchState.reason, stale: false });
      if (active) {
        const error = new KillSwitchError(this.killSwitchState.reason);
        for (const record of this.records) for (const waiter of [...record.waiters]) waiter.fail(error);
      }
    }
    return this;
  }

  /**
   * Simulates the service being unreachable (`down` true) or back (`false`). While down,
   * decisions obey the fail mode: `closed` rejects with `GovernanceUnavailableError`, `open`
   * returns a synthetic allowed decision marked `failOpen` and emits `failOpen`. Reports are
   * spooled (replayed by `flushReports` once the service is back); other calls reject with the
   * outage's error (`NetworkError`, `RequestTimeoutError` or `ServerError` 503).
   */
  setServiceDown(down: boolean, kind: OutageKind = 'network'): this {
    this.outage = down ? kind : undefined;
    return this;
  }

  /** Forgets calls, actions, scripts, reports, agents and webhooks; the kill switch goes off and the service up. */
  reset(): this {
    for (const record of this.records) for (const waiter of [...record.waiters]) waiter.fail(new AbortedError('The mock was reset'));
    this.scripts = [];
    this.records = [];
    this.byId.clear();
    this.callLog = [];
    this.nextActionId = this.config.firstActionId;
    this.nextApproval = 1;
    this.decidedCount = 0;
    this.killSwitchState = { active: false, reason: undefined, activatedAt: undefined, activatedBy: undefined };
    this.outage = undefined;
    this.spool = [];
    this.agents.clear();
    this.webhooks.clear();
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: inspection

  /** Every call made on the mock, oldest first. */
  get calls(): readonly MockCall[] {
    return this.callLog as unknown as readonly MockCall[];
  }

  /**
   * The calls of one method, oldest first, typed by method.
   *
   * @example
   * ```ts
   * const [call] = mock.callsTo('evaluateAction');
   * expect(call!.args[0].actionType).toBe('database.query');
   * ```
   */
  callsTo<M extends ClientMethodName>(method: M): MockCall<M>[] {
    return this.callLog.filter((c) => c.method === method) as unknown as MockCall<M>[];
  }

  /** Every action decided, oldest first (fail-open ones included, marked `failOpen`). */
  get actions(): readonly MockAction[] {
    return this.records.map((r) => this.view(r));
  }

  /** One action by id, or undefined. */
  findAction(actionId: string | number): MockAction | undefined {
    const record = this.byId.get(String(actionId));
    return record ? this.view(record) : undefined;
  }

  /** Completion and failure reports the mock accepted, in order. */
  get executions(): ReadonlyArray<MockExecution & { readonly actionId: string }> {
    return this.executionLog;
  }

  // -------------------------------------------------------------------------------------------
  // The client's public interface

  /** The configured agent id (`'mock-agent'` unless given). */
  get agentId(): string | undefined {
    return this.config.agentId;
  }

  /** The configured fail mode. */
  get failMode(): FailMode {
    return this.config.failMode;
  }

  /** Subscribes to a client event. The mock emits `failOpen` and `killSwitchChange`. */
  on<K extends AscendClientEventName>(name: K, listener: (payload: AscendClientEvents[K]) => unknown): () => void {
    return this.trackSync('on', [name, listener], () => {
      let set = this.listeners.get(name);
      if (!set) this.listeners.set(name, (set = new Set()));
      const entry = listener as (payload: never) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    });
  }

  /** A secret-free summary, as the real client gives `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    return this.trackSync('toJSON', [], () => ({ client: 'MockAscendClient', agentId: this.config.agentId, failMode: this.config.failMode, closed: this.closed }));
  }

  /** Breakers (always closed), kill switch and spool at a glance. */
  status(): ClientStatus {
    return this.trackSync('status', [], () => ({
      circuit: { name: 'closed', consecutiveFailures: 0 },
      backgroundCircuit: { name: 'closed', consecutiveFailures: 0 },
      killSwitch: {
        active: this.killSwitchState.active,
        reason: this.killSwitchState.reason,
        source: this.killSwitchState.active ? 'status' : undefined,
        lastUpdatedAt: this.config.now(),
        stale: false,
        polling: this.polling,
      },
      spoolSize: this.spool.length,
      spoolDropped: 0,
      reportsInFlight: 0,
      closed: this.closed,
    }));
  }

  /** Decides an action: kill switch, then validation, then scripts / policy / default; see {@link MockAscendClient}. */
  evaluateAction(request: ActionRequest, options: EvaluateOptions = {}): Promise<AuthorizationDecision> {
    return this.track('evaluateAction', [request, options], async () => {
      this.assertUsable();
      this.assertKillSwitchOff();
      submitBody(request, NO_AGENT);
      const decision = await this.withFailMode(request, 'action', undefined);
      if (decision.decision === 'pending' && options.waitForApproval) {
        return this.waitFor(decision.actionId, {
          ...(options.approvalTimeoutMs !== undefined ? { timeoutMs: options.approvalTimeoutMs } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      }
      return decision;
    });
  }

  /** Submits without the kill-switch check or fail mode, like the real client's `submitAction`. */
  submitAction(request: ActionRequest, options: CallOptions = {}): Promise<AuthorizationDecision> {
    return this.track('submitAction', [request, options], async () => {
      this.assertUsable();
      submitBody(request, NO_AGENT);
      this.assertServiceUp();
      return this.decideAction(request, 'action', undefined);
    });
  }

  /**
   * Waits until the test approves, rejects or expires the action (or the script's
   * `resolveWith` decides it). Rejects with `ApprovalTimeoutError` after `timeoutMs` in every
   * fail mode, `KillSwitchError` when the kill switch goes on, `AbortedError` on abort or close.
   */
  waitForDecision(pending: PendingDecisionHandle | PendingDecision, options: WaitOptions = {}): Promise<AuthorizationDecision> {
    return this.track('waitForDecision', [pending, options], async () => {
      this.assertUsable();
      if (!isPendingDecisionHandle(pending)) {
        throw new ValidationError('pending decision handle needs an actionId', { actionId: 'Required field is missing or empty' });
      }
      return this.waitFor(pending.actionId, options);
    });
  }

  /** Evaluates up to 50 actions; results in input order, failures captured per item. */
  evaluateActions(items: readonly ActionRequest[], options: BulkOptions = {}): Promise<BulkEvaluationResult> {
    return this.track('evaluateActions', [items, options], async () => {
      this.assertUsable();
      if (!Array.isArray(items)) throw new ValidationError('actions must be an array', { actions: 'Must be an array' });
      if (items.length > MAX_BULK) throw new ValidationError('too many actions', { actions: `Exceeds limit of ${MAX_BULK}` });
      const concurrency = options.concurrency ?? 5;
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BULK) {
        throw new ValidationError('concurrency out of range', { concurrency: `Must be an integer 1..${MAX_BULK}` });
      }
      const results: BulkItemResult[] = [];
      for (const [index, request] of items.entries()) {
        try {
          if (options.signal?.aborted) throw new AbortedError();
          this.assertKillSwitchOff();
          submitBody(request, NO_AGENT);
          const decision = await this.withFailMode(request, 'action', undefined);
          results.push({ index, request, ok: true, decision });
        } catch (error) {
          results.push({ index, request, ok: false, error: toAscendError(error) });
        }
      }
      const succeeded = results.filter((r) => r.ok).length;
      return { total: items.length, succeeded, failed: items.length - succeeded, results };
    });
  }

  /** Decides an MCP tool call (kill switch and fail mode as for `evaluateAction`). */
  evaluateMcpAction(request: McpActionRequest, options: CallOptions = {}): Promise<AuthorizationDecision> {
    return this.track('evaluateMcpAction', [request, options], async () => {
      this.assertUsable();
      this.assertKillSwitchOff();
      mcpBody(request, 'production');
      const asAction: ActionRequest = {
        actionType: request.actionType ?? `${request.namespace}.${request.verb}`,
        resource: request.resource,
        ...(request.parameters ? { parameters: request.parameters } : {}),
        ...(request.context ? { context: request.context } : {}),
      };
      return this.withFailMode(asAction, 'mcp', request);
    });
  }

  /** The current decision of an action. @throws core's `NotFoundError` for an unknown (or fail-open) id. */
  getActionStatus(actionId: string, options: CallOptions = {}): Promise<AuthorizationDecision> {
    return this.track('getActionStatus', [actionId, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      return this.serviceRecord(actionId).decision;
    });
  }

  /** The stored record of an action, with the legacy status vocabulary. */
  getAction(actionId: string, options: CallOptions = {}): Promise<ActionDetails> {
    return this.track('getAction', [actionId, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      const r = this.serviceRecord(actionId);
      const outcome = outcomeOfState(r.state);
      const status = r.state === 'expired' ? 'timeout' : r.state === 'allowed' ? 'approved' : r.state === 'rejected' ? 'denied' : r.state;
      return {
        actionId: r.actionId,
        agentId: this.config.agentId ?? 'unknown',
        agentName: this.config.agentName ?? this.config.agentId ?? 'Unknown Agent',
        actionType: r.request.actionType,
        resource: r.request.resource,
        resourceId: r.request.resourceId,
        status,
        outcome,
        riskScore: r.riskScore,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        auditTrail: [],
      };
    });
  }

  /** The status of an approval request (`apr_<n>`). */
  checkApproval(approvalRequestId: string, options: CallOptions = {}): Promise<ApprovalStatus> {
    return this.track('checkApproval', [approvalRequestId, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      const r = this.records.find((x) => x.approvalRequestId === approvalRequestId);
      if (!r) throw new NotFoundError(`Approval request ${approvalRequestId} not found`);
      const state: ApprovalStatus['state'] = r.state === 'approved' ? 'approved' : r.state === 'rejected' ? 'rejected' : r.state === 'expired' ? 'expired' : 'pending';
      const raw: Record<string, unknown> = { approval_request_id: approvalRequestId, action_id: Number(r.actionId), status: state };
      if (r.reviewedBy) raw[state === 'rejected' ? 'rejected_by' : 'approved_by'] = r.reviewedBy;
      if (r.reviewedAt) raw['decided_at'] = r.reviewedAt;
      return { state, approver: r.reviewedBy, decidedAt: r.reviewedAt, comments: r.comments, raw };
    });
  }

  /**
   * Records a completion. Never throws: an unknown action gets a `NotFoundError` receipt, an
   * action that was not allowed (or was already reported) a `ConflictError` receipt, and while
   * the service is down the report is spooled.
   */
  logActionCompleted(actionId: string, report: CompletionReport = {}): Promise<ReportReceipt> {
    return this.track('logActionCompleted', [actionId, report], async () => this.report('complete', actionId, report));
  }

  /** Records a failure report; never throws (see {@link MockAscendClient.logActionCompleted}). */
  logActionFailed(actionId: string, report: FailureReport): Promise<ReportReceipt> {
    return this.track('logActionFailed', [actionId, report], async () => this.report('fail', actionId, report));
  }

  /** Delivers spooled reports when the service is up again. Never throws. */
  flushReports(): Promise<void> {
    return this.track('flushReports', [], async () => {
      if (this.outage) return;
      const spooled = this.spool;
      this.spool = [];
      for (const item of spooled) this.deliver(item.kind, item.actionId, item.report);
    });
  }

  /** Registers this agent; a second registration resolves with `alreadyRegistered`. */
  register(request: RegisterAgentRequest = {}, options: CallOptions = {}): Promise<RegisterAgentResult> {
    return this.track('register', [request, options], async () => {
      this.assertUsable();
      const agentId = this.requireAgentId();
      this.assertServiceUp();
      if (this.agents.has(agentId)) return { alreadyRegistered: true, agentId, trustLevel: undefined, raw: {} };
      this.agents.set(agentId, { registeredAt: this.iso(), lastHeartbeat: undefined });
      const raw = { success: true, agent_id: agentId, trust_level: 'standard', agent_type: request.agentType ?? 'supervised' };
      return { alreadyRegistered: false, agentId, trustLevel: 'standard', raw };
    });
  }

  /** Deregisters this agent. */
  deregister(options: CallOptions = {}): Promise<void> {
    return this.track('deregister', [options], async () => {
      this.assertUsable();
      const agentId = this.requireAgentId();
      this.assertServiceUp();
      if (!this.agents.delete(agentId)) throw new NotFoundError(`Agent ${agentId} not found`);
      this.polling = false;
    });
  }

  /** Links a model to this agent. */
  linkModel(modelId: number, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.track('linkModel', [modelId, options], async () => {
      this.assertUsable();
      const agentId = this.requireAgentId();
      if (typeof modelId !== 'number' || !Number.isSafeInteger(modelId) || modelId < 1) {
        throw new ValidationError('modelId must be a positive integer', { modelId: 'Must be a positive integer' });
      }
      this.assertServiceUp();
      return { success: true, agent_id: agentId, model_id: modelId };
    });
  }

  /** Records a heartbeat for this agent. */
  heartbeat(metrics: HeartbeatMetrics = {}, options: CallOptions = {}): Promise<void> {
    return this.track('heartbeat', [metrics, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      const agentId = this.config.agentId;
      if (agentId) {
        const agent = this.agents.get(agentId) ?? { registeredAt: this.iso(), lastHeartbeat: undefined };
        agent.lastHeartbeat = this.iso();
        this.agents.set(agentId, agent);
      }
    });
  }

  /** An agent's health: `healthy` after a heartbeat, `unknown` before. */
  getAgentHealth(agentId?: string, options: CallOptions = {}): Promise<AgentHealth> {
    return this.track('getAgentHealth', [agentId, options], async () => {
      this.assertUsable();
      const target = agentId ?? this.requireAgentId();
      this.assertServiceUp();
      const agent = this.agents.get(target);
      return {
        agentId: target,
        status: agent?.lastHeartbeat ? 'healthy' : 'unknown',
        lastHeartbeat: agent?.lastHeartbeat,
        uptimeSeconds: undefined,
        metadata: {},
      };
    });
  }

  /** The simulated kill-switch status. */
  getKillSwitchStatus(options: CallOptions = {}): Promise<KillSwitchStatus> {
    return this.track('getKillSwitchStatus', [options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      const k = this.killSwitchState;
      return { active: k.active, reason: k.reason, activatedAt: k.activatedAt, activatedBy: k.activatedBy };
    });
  }

  /** Marks polling as started (the mock applies the kill switch at once, with or without polling). */
  startKillSwitchPolling(): void {
    this.trackSync('startKillSwitchPolling', [], () => {
      this.assertUsable();
      this.polling = true;
    });
  }

  /** Marks polling as stopped. */
  stopKillSwitchPolling(): void {
    this.trackSync('stopKillSwitchPolling', [], () => {
      this.polling = false;
    });
  }

  /** Pending commands: always none (use `setKillSwitch` to block the agent). */
  getPendingCommands(agentId?: string, options: CallOptions = {}): Promise<AgentCommand[]> {
    return this.track('getPendingCommands', [agentId, options], async () => {
      this.assertUsable();
      if (agentId === undefined) this.requireAgentId();
      this.assertServiceUp();
      return [];
    });
  }

  /** Acknowledges a command. */
  ackCommand(commandId: string, agentId?: string, options: CallOptions = {}): Promise<boolean> {
    return this.track('ackCommand', [commandId, agentId, options], async () => {
      this.assertUsable();
      if (agentId === undefined) this.requireAgentId();
      required(commandId, 'commandId');
      this.assertServiceUp();
      return true;
    });
  }

  /** Evaluates a policy question through the same scripts and default, without recording an action. */
  evaluatePolicy(request: PolicyEvaluationRequest, options: CallOptions = {}): Promise<PolicyEvaluationResult> {
    return this.track('evaluatePolicy', [request, options], async () => {
      this.assertUsable();
      required(request?.actionType, 'actionType');
      required(request?.resource, 'resource');
      this.assertServiceUp();
      const asAction: ActionRequest = { actionType: request.actionType, resource: request.resource, ...(request.context ? { context: request.context } : {}) };
      const scripted = await this.resolveDecision(asAction, { actionId: '0', endpoint: 'action', mcp: undefined, index: this.decidedCount });
      const decision = scripted.decision === 'allowed' ? 'allow' : scripted.decision === 'denied' ? 'deny' : 'require_approval';
      return {
        decision,
        matchedPolicies: [],
        violations: [...(scripted.policyViolations ?? [])],
        riskScore: scripted.riskScore ?? request.riskScore ?? defaultRiskScore(scripted.decision),
        evaluationTimeMs: 1,
      };
    });
  }

  /** A classification from the fake's default set (`database`, `api`, …), or null. */
  getResourceClassification(resourceType: string, options: CallOptions = {}): Promise<ResourceClassification | null> {
    return this.track('getResourceClassification', [resourceType, options], async () => {
      this.assertUsable();
      required(resourceType, 'resourceType');
      this.assertServiceUp();
      const c = DEFAULT_CLASSIFICATIONS.find((x) => x.resourceType === resourceType);
      return c
        ? { resourceId: c.resourceId, resourceType, sensitivityLevel: c.sensitivityLevel, complianceTags: [...c.complianceTags], metadata: { ...c.metadata } }
        : null;
    });
  }

  /** One audit event per decided action, newest first. */
  getAuditLogs(page: PageOptions = {}, options: CallOptions = {}): Promise<AuditLogPage> {
    return this.track('getAuditLogs', [page, options], async () => {
      this.assertUsable();
      const { limit, offset } = this.paging(page);
      this.assertServiceUp();
      const all = this.records
        .filter((r) => !r.failOpen)
        .map((r, i) => ({
          eventId: `aud_${i + 1}`,
          eventType: 'action.evaluated',
          timestamp: r.createdAt,
          actor: this.config.agentId,
          resource: r.request.resource,
          action: r.request.actionType,
          outcome: outcomeOfState(r.state),
          details: { action_id: Number(r.actionId) },
        }))
        .reverse();
      return { events: all.slice(offset, offset + limit), total: all.length, page: Math.floor(offset / limit) + 1, pageSize: limit };
    });
  }

  /** This agent's actions as raw wire items, newest first. */
  listActivity(page: PageOptions & { status?: string } = {}, options: CallOptions = {}): Promise<ActivityPage> {
    return this.track('listActivity', [page, options], async () => {
      this.assertUsable();
      const { limit, offset } = this.paging(page);
      this.assertServiceUp();
      const items = this.records
        .filter((r) => !r.failOpen)
        .map((r): Record<string, unknown> => ({ ...r.decision.raw, action_type: r.request.actionType, resource: r.request.resource }))
        .filter((item) => !page.status || item['status'] === page.status)
        .reverse();
      const actions = items.slice(offset, offset + limit);
      return { actions, total: items.length, raw: { actions, total: items.length } };
    });
  }

  /** Stores a webhook configuration (`whk_<n>`). */
  configureWebhook(input: WebhookConfigInput, options: CallOptions = {}): Promise<WebhookConfig> {
    return this.track('configureWebhook', [input, options], async () => {
      this.assertUsable();
      this.checkWebhookInput(input, true);
      this.assertServiceUp();
      const config: WebhookConfig = { webhookId: `whk_${this.nextWebhook++}`, url: input.url, events: [...input.events], active: true, createdAt: this.iso() };
      this.webhooks.set(config.webhookId, config);
      return { ...config, events: [...config.events] };
    });
  }

  /** Lists stored webhooks. */
  listWebhooks(options: CallOptions = {}): Promise<WebhookConfig[]> {
    return this.track('listWebhooks', [options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      return [...this.webhooks.values()].map((w) => ({ ...w, events: [...w.events] }));
    });
  }

  /** Updates a stored webhook. */
  updateWebhook(webhookId: string, input: Partial<WebhookConfigInput>, options: CallOptions = {}): Promise<WebhookConfig> {
    return this.track('updateWebhook', [webhookId, input, options], async () => {
      this.assertUsable();
      this.checkWebhookInput(input, false);
      this.assertServiceUp();
      const current = this.webhooks.get(webhookId);
      if (!current) throw new NotFoundError(`Webhook ${webhookId} not found`);
      const next: WebhookConfig = { ...current, url: input.url ?? current.url, events: input.events ? [...input.events] : current.events };
      this.webhooks.set(webhookId, next);
      return { ...next, events: [...next.events] };
    });
  }

  /** Deletes a stored webhook. */
  deleteWebhook(webhookId: string, options: CallOptions = {}): Promise<void> {
    return this.track('deleteWebhook', [webhookId, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      if (!this.webhooks.delete(webhookId)) throw new NotFoundError(`Webhook ${webhookId} not found`);
    });
  }

  /** A successful test delivery for a stored webhook. */
  testWebhook(webhookId: string, options: CallOptions = {}): Promise<WebhookTestResult> {
    return this.track('testWebhook', [webhookId, options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      if (!this.webhooks.has(webhookId)) throw new NotFoundError(`Webhook ${webhookId} not found`);
      return { success: true, statusCode: 200, responseTimeMs: 1, error: undefined };
    });
  }

  /** Accepts a supply-chain component. */
  registerSupplyChainComponent(component: SupplyChainComponent, options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.track('registerSupplyChainComponent', [component, options], async () => {
      this.assertUsable();
      required(component?.componentId, 'componentId');
      required(component?.componentName, 'componentName');
      required(component?.componentType, 'componentType');
      this.assertServiceUp();
      return { success: true, component_id: component.componentId };
    });
  }

  /** `{ status: 'ok' }` while the service is up. */
  health(options: CallOptions = {}): Promise<Record<string, unknown>> {
    return this.track('health', [options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      return { status: 'ok' };
    });
  }

  /** Deployment info: version `mock`, the configured environment. */
  getDeploymentInfo(options: CallOptions = {}): Promise<DeploymentInfo> {
    return this.track('getDeploymentInfo', [options], async () => {
      this.assertUsable();
      this.assertServiceUp();
      const raw = { version: 'mock', environment: this.config.environment };
      return { version: 'mock', environment: this.config.environment, raw };
    });
  }

  /** Connected while the service is up; never throws. */
  testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    return this.track('testConnection', [options], async (): Promise<ConnectionTestResult> => {
      try {
        this.assertUsable();
        this.assertServiceUp();
      } catch (error) {
        return { connected: false, error: toAscendError(error) };
      }
      return { connected: true, apiVersion: 'mock', environment: this.config.environment, agentId: this.config.agentId, failMode: this.config.failMode };
    });
  }

  /** Closes the mock: pending waits reject with `AbortedError`, later calls with `ConfigurationError`. Idempotent. */
  close(options: { flushDeadlineMs?: number } = {}): Promise<void> {
    return this.track('close', [options], async () => {
      if (this.closed) return;
      this.closed = true;
      this.polling = false;
      this.lifetime.abort(new AbortedError('The client was closed'));
    });
  }

  /** `await using mock = new MockAscendClient()` support. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private addScript(resolve: DecisionFunction, times: number | undefined): void {
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new TypeError('times must be a positive integer');
    this.scripts.push({ resolve, remaining: times });
  }

  private async resolveDecision(request: ActionRequest, context: DecisionContext): Promise<ScriptedDecision> {
    for (let i = this.scripts.length - 1; i >= 0; i--) {
      const script = this.scripts[i]!;
      if (script.remaining === 0) continue;
      const result = await script.resolve(request, context);
      if (result === undefined) continue;
      if (script.remaining !== undefined) script.remaining--;
      if (typeof result === 'string') {
        if (!DECISIONS.includes(result)) throw new TypeError(`a decision script returned ${JSON.stringify(result)}; expected allowed, denied or pending`);
        return { decision: result };
      }
      if (!isScriptedDecision(result) || !DECISIONS.includes(result.decision)) {
        throw new TypeError('a decision script returned something that is neither an outcome nor a { decision } object');
      }
      return result;
    }
    const policy = this.config.policy;
    if (policy) {
      const evaluation = evaluatePolicy(
        policy.rules,
        {
          actionType: request.actionType,
          resource: request.resource,
          environment: this.config.environment,
          agentId: this.config.agentId ?? null,
          // Requests are JSON by contract; the engine reads them as such.
          ...(request.parameters ? { params: request.parameters as JsonObject } : {}),
          ...(request.context ? { context: request.context as JsonObject } : {}),
          ...(request.riskIndicators ? { riskIndicators: request.riskIndicators as JsonObject } : {}),
        },
        policy.default ?? DEFAULT_POLICY_DEFAULT,
      );
      const decision: DecisionOutcome = evaluation.outcome === 'allow' ? 'allowed' : evaluation.outcome === 'deny' ? 'denied' : 'pending';
      return {
        decision,
        reason: evaluation.reason,
        riskScore: evaluation.riskScore,
        riskLevel: evaluation.riskLevel,
        policyViolations: evaluation.violations,
        requiredApprovers: evaluation.approvers,
      };
    }
    return { decision: this.config.defaultDecision };
  }

  private async decideAction(request: ActionRequest, endpoint: 'action' | 'mcp', mcp: McpActionRequest | undefined): Promise<AuthorizationDecision> {
    const actionId = String(this.nextActionId);
    const snapshot = copy(request);
    const scripted = await this.resolveDecision(snapshot, { actionId, endpoint, mcp, index: this.decidedCount });
    const state: MockActionState = scripted.decision;
    const riskScore = scripted.riskScore ?? defaultRiskScore(scripted.decision);
    const now = this.config.now();
    const record: ActionRecord = {
      actionId,
      endpoint,
      request: snapshot,
      mcpRequest: mcp ? copy(mcp) : undefined,
      failOpen: false,
      state,
      riskScore,
      riskLevel: scripted.riskLevel ?? riskLevelOf(riskScore),
      reason: scripted.reason ?? DEFAULT_REASONS[scripted.decision],
      policyViolations: [...(scripted.policyViolations ?? [])],
      conditions: [...(scripted.conditions ?? [])],
      requiredApprovers: [...(scripted.requiredApprovers ?? [])],
      approvalRequestId: state === 'pending' ? `apr_${this.nextApproval}` : undefined,
      expiresAt: state === 'pending' ? new Date(now + this.config.approvalTtlMs).toISOString() : undefined,
      reviewedBy: undefined,
      reviewedAt: undefined,
      comments: undefined,
      correlationId: `action_${compactTime(now)}_${hex(webCryptoRandomBytes(4))}`,
      wire: scripted.wire,
      resolveWith: scripted.resolveWith,
      // Set just below, once the facts are complete.
      initialDecision: undefined as unknown as AuthorizationDecision,
      decision: undefined as unknown as AuthorizationDecision,
      execution: undefined,
      createdAt: new Date(now).toISOString(),
      updatedAt: new Date(now).toISOString(),
      waiters: new Set(),
    };
    // Parse before committing anything, so a malformed `wire` override leaves no trace but the error.
    const decision = buildDecision(record, endpoint);
    record.initialDecision = record.decision = decision;
    this.nextActionId++;
    if (state === 'pending') this.nextApproval++;
    this.decidedCount++;
    this.records.push(record);
    this.byId.set(actionId, record);
    if (record.approvalRequestId) this.byId.set(record.approvalRequestId, record);
    return decision;
  }

  private async withFailMode(request: ActionRequest, endpoint: 'action' | 'mcp', mcp: McpActionRequest | undefined): Promise<AuthorizationDecision> {
    const cause = this.outageError();
    if (!cause) return this.decideAction(request, endpoint, mcp);
    if (this.config.failMode === 'open') {
      const actionId = `fail_open_${hex(webCryptoRandomBytes(8))}`;
      const decision = failOpenDecision(actionId, cause);
      const createdAt = this.iso();
      const record: ActionRecord = {
        actionId,
        endpoint,
        request: copy(request),
        mcpRequest: mcp ? copy(mcp) : undefined,
        failOpen: true,
        state: 'allowed',
        riskScore: 0,
        riskLevel: 'low',
        reason: decision.reason ?? '',
        policyViolations: [],
        conditions: decision.conditions,
        requiredApprovers: [],
        approvalRequestId: undefined,
        expiresAt: undefined,
        reviewedBy: undefined,
        reviewedAt: undefined,
        comments: undefined,
        correlationId: '',
        wire: undefined,
        resolveWith: undefined,
        initialDecision: decision,
        decision,
        execution: undefined,
        createdAt,
        updatedAt: createdAt,
        waiters: new Set(),
      };
      this.records.push(record);
      this.byId.set(actionId, record);
      this.emit('failOpen', { operation: endpoint === 'mcp' ? 'submitMcpAction' : 'submitAction', decision, cause });
      return decision;
    }
    throw new GovernanceUnavailableError(`ASCEND governance is unavailable; failing closed: ${cause.message}`, { cause });
  }

  private async waitFor(actionId: string, options: WaitOptions): Promise<AuthorizationDecision> {
    this.assertKillSwitchOff();
    const record = this.serviceRecord(actionId);
    if (record.state !== 'pending') return record.decision;
    if (record.resolveWith) {
      const outcome = record.resolveWith;
      if (outcome === 'approve') this.transition(record, 'approved', 'auto-approver@mock.test', undefined);
      else if (outcome === 'reject') {
        record.reason = 'Rejected by approver';
        this.transition(record, 'rejected', 'auto-approver@mock.test', record.reason);
      } else {
        record.reason = 'Approval request expired';
        this.transition(record, 'expired', undefined, undefined);
      }
      return record.decision;
    }
    const timeoutMs = options.timeoutMs ?? this.config.approvalTimeoutMs;
    const signals = [options.signal, this.lifetime.signal].filter((s): s is AbortSignal => s !== undefined);
    return new Promise<AuthorizationDecision>((resolve, reject) => {
      const cleanup = (): void => {
        clearTimeout(timer);
        record.waiters.delete(waiter);
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        settle: (decision) => {
          cleanup();
          resolve(decision);
        },
        fail: (error) => {
          cleanup();
          reject(error);
        },
      };
      const onAbort = (): void => waiter.fail(new AbortedError(this.closed ? 'The client was closed' : 'The operation was aborted'));
      const timer = setTimeout(() => waiter.fail(new ApprovalTimeoutError(actionId, timeoutMs)), timeoutMs);
      unrefTimer(timer);
      record.waiters.add(waiter);
      for (const s of signals) {
        if (s.aborted) return onAbort();
        s.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  private transition(record: ActionRecord, state: MockActionState, by: string | undefined, comments: string | undefined): void {
    record.state = state;
    record.reviewedBy = by;
    record.reviewedAt = this.iso();
    record.updatedAt = record.reviewedAt;
    record.comments = comments;
    record.decision = buildDecision(record, record.endpoint);
    for (const waiter of [...record.waiters]) waiter.settle(record.decision);
  }

  private pendingRecord(id: string | number): ActionRecord {
    const record = this.byId.get(String(id));
    if (!record || record.failOpen) throw new MockAdminError('not-found', `No action or approval request ${String(id)}`);
    if (record.state !== 'pending') throw new MockAdminError('not-pending', `Action ${record.actionId} is ${record.state}, not pending`);
    return record;
  }

  /** A record the service knows: fail-open ids never reached it, so they are 404 like unknown ids. */
  private serviceRecord(actionId: string): ActionRecord {
    required(actionId, 'actionId');
    const record = this.byId.get(actionId);
    if (!record || record.failOpen || record.actionId !== actionId) throw new NotFoundError(`Action ${actionId} not found`);
    return record;
  }

  private report(kind: 'complete' | 'fail', actionId: string, report: CompletionReport | FailureReport): ReportReceipt {
    try {
      if (this.closed) throw new ConfigurationError('client', 'the client is closed');
      required(actionId, 'actionId');
      // The real client's body builders apply its checks; the mock keeps only the verdict.
      if (kind === 'complete') completeBody(actionId, report as CompletionReport, '');
      else failBody(actionId, report as FailureReport, '');
    } catch (error) {
      return { delivered: false, spooled: false, error: toAscendError(error) };
    }
    // Like the real client: a fail-open action is unknown to the service, so its report stays local.
    if (this.byId.get(actionId)?.failOpen || actionId.startsWith('fail_open_')) {
      return { delivered: false, spooled: false, error: undefined, local: true };
    }
    if (this.outage || this.spool.length > 0) {
      this.spool.push({ kind, actionId, report: copy(report) });
      return { delivered: false, spooled: true, error: undefined };
    }
    const error = this.deliver(kind, actionId, report);
    return error ? { delivered: false, spooled: false, error } : { delivered: true, spooled: false, error: undefined };
  }

  private deliver(kind: 'complete' | 'fail', actionId: string, report: CompletionReport | FailureReport): AscendError | undefined {
    const record = this.byId.get(actionId);
    if (!record || record.failOpen || record.actionId !== actionId) return new NotFoundError(`Action ${actionId} not found`);
    if (outcomeOfState(record.state) !== 'allowed') return new ConflictError(`Action ${actionId} was not allowed (${record.state})`);
    if (record.execution) return new ConflictError(`Action ${actionId} was already reported as ${record.execution.kind}`);
    const at = this.iso();
    const execution: MockExecution =
      kind === 'complete' ? { kind: 'completed', report: copy(report as CompletionReport), at } : { kind: 'failed', report: copy(report as FailureReport), at };
    record.execution = execution;
    record.updatedAt = at;
    this.executionLog.push({ ...execution, actionId });
    return undefined;
  }

  private checkWebhookInput(input: Partial<WebhookConfigInput>, create: boolean): void {
    if (!isObject(input)) throw new ValidationError('webhook must be an object', { webhook: 'Must be an object' });
    if (create || input.url !== undefined) {
      const url = required(input.url, 'url');
      if (!/^https:\/\//i.test(url)) throw new ValidationError('url must use https', { url: 'Must be an https URL' });
    }
    if (create || input.events !== undefined) {
      if (!Array.isArray(input.events) || input.events.length === 0 || input.events.some((e) => typeof e !== 'string' || e.trim() === '')) {
        throw new ValidationError('events must be a non-empty list of event names', { events: 'Must be a non-empty list of event names' });
      }
    }
  }

  private paging(p: PageOptions): { limit: number; offset: number } {
    const limit = p.limit ?? 50;
    const offset = p.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('limit out of range', { limit: 'Must be an integer 1..1000' });
    if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('offset out of range', { offset: 'Must be a non-negative integer' });
    return { limit, offset };
  }

  private outageError(): AscendError | undefined {
    switch (this.outage) {
      case undefined:
        return undefined;
      case 'network':
        return new NetworkError('Failed to reach the ASCEND service (simulated outage)');
      case 'timeout':
        return new RequestTimeoutError(5000);
      case 'server-error':
        return new ServerError(503, 'Service unavailable (simulated outage)');
      default: {
        const unreachable: never = this.outage;
        throw new TypeError(`unknown outage kind ${String(unreachable)}`);
      }
    }
  }

  private assertServiceUp(): void {
    const error = this.outageError();
    if (error) throw error;
  }

  private assertKillSwitchOff(): void {
    if (this.killSwitchState.active) throw new KillSwitchError(this.killSwitchState.reason);
  }

  private assertUsable(): void {
    if (this.closed) throw new ConfigurationError('client', 'the client is closed');
  }

  private requireAgentId(): string {
    const agentId = this.config.agentId;
    if (!agentId) throw new ValidationError('agentId is required for this operation', { agentId: 'Required field' });
    return agentId;
  }

  private iso(): string {
    return new Date(this.config.now()).toISOString();
  }

  private emit<K extends AscendClientEventName>(name: K, payload: AscendClientEvents[K]): void {
    for (const listener of [...(this.listeners.get(name) ?? [])]) {
      // Observers must not break the client or reach the host, sync or async, as in the real one.
      runContained(() => (listener as (p: AscendClientEvents[K]) => unknown)(payload), () => {});
    }
  }

  private view(r: ActionRecord): MockAction {
    return {
      actionId: r.actionId,
      endpoint: r.endpoint,
      request: r.request,
      mcpRequest: r.mcpRequest,
      failOpen: r.failOpen,
      state: r.state,
      initialDecision: r.initialDecision,
      decision: r.decision,
      approvalRequestId: r.approvalRequestId,
      execution: r.execution,
      createdAt: r.createdAt,
    };
  }

  private track<M extends ClientMethodName>(method: M, args: ClientMethodArgs<M>, run: () => Promise<ClientMethodResult<M>>): Promise<ClientMethodResult<M>> {
    const call: MutableCall = { seq: this.callLog.length + 1, method, args, outcome: { state: 'pending' } };
    this.callLog.push(call);
    let promise: Promise<ClientMethodResult<M>>;
    try {
      // The real client's per-call option checks, on the options argument (always the last).
      const keys = OPTION_KEYS[method];
      if (keys) checkCallOptions(args[args.length - 1] as object | undefined, keys, method === 'waitForDecision' ? WAIT_TIMEOUT_CHECK : undefined);
      promise = run();
    } catch (error) {
      promise = Promise.reject(error);
    }
    return promise.then(
      (value) => {
        call.outcome = { state: 'returned', value };
        return value;
      },
      (error: unknown) => {
        call.outcome = { state: 'threw', error };
        throw error;
      },
    );
  }

  private trackSync<M extends ClientMethodName, R>(method: M, args: ClientMethodArgs<M> | readonly unknown[], run: () => R): R {
    const call: MutableCall = { seq: this.callLog.length + 1, method, args, outcome: { state: 'pending' } };
    this.callLog.push(call);
    try {
      const value = run();
      call.outcome = { state: 'returned', value };
      return value;
    } catch (error) {
      call.outcome = { state: 'threw', error };
      throw error;
    }
  }
}
