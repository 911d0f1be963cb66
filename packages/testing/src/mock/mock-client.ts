/**
 * `MockAscendClient`: the real `AscendClient` from `@ascend/core` over an in-memory scripted
 * service. The test scripts decisions, decides approvals, flips the kill switch, takes the service
 * down and inspects every call; fail mode, approval waits, the kill switch, per-call option checks
 * and the report spool are the real client's own. No network; approval waits poll the in-memory
 * service every 10 ms.
 *
 * @packageDocumentation
 */
import {
  AscendClient,
  silentLogger,
  type ActionRequest,
  type AllowedDecision,
  type AscendClientOptions,
  type AuthorizationDecision,
  type BulkEvaluationResult,
  type CompletionReport,
  type DecisionOutcome,
  type FailMode,
  type FailureReport,
  type McpActionRequest,
  type RiskLevel,
} from '@ascend/core';
import { parseDecision } from '@ascend/core/internal';
import { FakeAdminError } from '../fake/approvals.js';
import type { FakeAscend } from '../fake/fake-api.js';
import { createFakeAscend } from '../fake/fake-ascend.js';
import type { FaultHandle } from '../fake/faults.js';
import { globMatch, parsePolicyDocument, type PolicyDocument, type PolicyRule } from '../fake/policy.js';
import { createWebCryptoSigner } from '../fake/signature.js';
import type { FakeAction } from '../fake/store.js';
import { actionDecisionBody } from '../fake/wire.js';
import { mergeClientOptions } from '../test-client.js';
import type { AscendClientApi, ClientMethodArgs, ClientMethodName, ClientMethodResult } from './public-api.js';
import { POLICY_OUTCOME, ScriptedService, type CreatedAction, type DecisionRequest, type ScriptOutcome } from './scripted-service.js';

// ---------------------------------------------------------------------------------------------
// Public types

/** Where an action stands in the mock's approval lifecycle. */
export type MockActionState = 'allowed' | 'denied' | 'pending' | 'approved' | 'rejected' | 'expired';

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
  /** Clock for timestamps, approval expiry and the client's waits. @defaultValue `Date.now` */
  readonly now?: () => number;
  /**
   * Options of the real client the mock runs, over the mock's defaults: no retries, no circuit
   * breaker, 250 ms attempts, approval polls every 10 ms (`approvals.pollIntervalMs`), no logs.
   */
  readonly client?: AscendClientOptions;
}

/** How a recorded call ended. */
export type MockCallOutcome<R> =
  { readonly state: 'pending' } | { readonly state: 'returned'; readonly value: R } | { readonly state: 'threw'; readonly error: unknown };

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

interface ActionRecord extends CreatedAction {
  readonly failOpen: boolean;
  readonly createdAt: string;
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
const BASE_URL = 'https://mock.ascend.test';
const OUTAGES = {
  network: { kind: 'outage' },
  timeout: { kind: 'hang' },
  'server-error': { kind: 'server-error', status: 503, detail: 'Service unavailable (simulated outage)' },
} as const satisfies Record<OutageKind, Parameters<FakeAscend['faults']['inject']>[0]>;

/** Options of the real client inside the mock, before the user's `client` options. */
const MOCK_CLIENT_DEFAULTS: Readonly<AscendClientOptions> = Object.freeze({
  timeoutMs: 250,
  retry: { maxRetries: 0 },
  circuitBreaker: { enabled: false },
  approvals: { pollIntervalMs: 10 },
  reportSpool: { replayIntervalMs: 10 },
  logger: silentLogger,
});

/** Every public method of the client; the type below fails to compile when one is missing. */
const METHODS = [
  'on',
  'toJSON',
  'status',
  'evaluateAction',
  'submitAction',
  'waitForDecision',
  'evaluateActions',
  'evaluateMcpAction',
  'getActionStatus',
  'checkApproval',
  'logActionCompleted',
  'logActionFailed',
  'flushReports',
  'heartbeat',
  'getKillSwitchStatus',
  'startKillSwitchPolling',
  'stopKillSwitchPolling',
  'getPendingCommands',
  'ackCommand',
  'close',
  'getAction',
  'register',
  'deregister',
  'linkModel',
  'getAgentHealth',
  'evaluatePolicy',
  'getResourceClassification',
  'getAuditLogs',
  'listActivity',
  'listActions',
  'configureWebhook',
  'listWebhooks',
  'updateWebhook',
  'deleteWebhook',
  'testWebhook',
  'registerSupplyChainComponent',
  'health',
  'getDeploymentInfo',
  'testConnection',
  'getCircuitBreakerStates',
  'resetCircuitBreakers',
  'getMetrics',
  'resetMetrics',
  'startHeartbeat',
  'stopHeartbeat',
  'registerMcpServer',
  'listMcpServers',
  'getMcpServer',
  'activateMcpServer',
  'deactivateMcpServer',
  'deleteMcpServer',
  'scanMcpNetwork',
  'getMcpHealth',
  'triggerKillSwitch',
  'releaseKillSwitch',
  'registerTopology',
  'registerMcpTopology',
  'cascadeKill',
  'getOrchestrationSession',
  'getOrchestrationSessionRisk',
  'getOrchestrationStats',
  'getOutputFilterConfig',
  'getOutputFindings',
  'getOutputFindingsForAction',
  'scanOutput',
  'listSupplyChainComponents',
  'getSupplyChainStats',
  'getSupplyChainImpact',
  'getCveSyncStatus',
  'getSupplyChainAlerts',
] as const satisfies readonly ClientMethodName[];
const SYNC_METHODS: ReadonlySet<ClientMethodName> = new Set([
  'on',
  'toJSON',
  'status',
  'startKillSwitchPolling',
  'stopKillSwitchPolling',
  'getCircuitBreakerStates',
  'resetCircuitBreakers',
  'getMetrics',
  'resetMetrics',
  'startHeartbeat',
  'stopHeartbeat',
]);
const ALL_METHODS: Exclude<ClientMethodName, (typeof METHODS)[number]> extends never ? true : never = true;
void ALL_METHODS;

function copy<T>(value: T): T {
  try {
    return structuredClone(value);
  } catch {
    // Requests with functions or class instances inside cannot be cloned; keep the reference.
    return value;
  }
}

function isScriptedDecision(value: unknown): value is ScriptedDecision {
  return typeof value === 'object' && value !== null && typeof (value as ScriptedDecision).decision === 'string';
}

function stateOf(action: FakeAction): MockActionState {
  if (action.status === 'pending_approval') return 'pending';
  if (action.status === 'rejected' || action.status === 'expired') return action.status;
  if (action.policyDecision === 'require_approval' && action.decision === 'allowed') return 'approved';
  return action.decision === 'allowed' ? 'allowed' : 'denied';
}

/** The decisions a call returned, each with the request it answers. */
function decisionsOf(method: ClientMethodName, args: readonly unknown[], value: unknown): Array<{ request: unknown; decision: AuthorizationDecision }> {
  if (method === 'evaluateActions') {
    return (value as BulkEvaluationResult).results.flatMap((r) => (r.ok ? [{ request: r.request, decision: r.decision }] : []));
  }
  const decision = value as AuthorizationDecision;
  return method === 'evaluateAction' || method === 'evaluateMcpAction' ? [{ request: args[0], decision }] : [];
}

// ---------------------------------------------------------------------------------------------
// The mock

// The client's methods are installed on the prototype below; this merge gives them their types.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the merge is the design: the prototype does get every method
export interface MockAscendClient extends AscendClientApi {}

/**
 * The real `AscendClient` over an in-memory scripted service, with the same public interface.
 * Use it to unit-test an agent without any HTTP: script decisions per action type (globs) or by
 * function, decide pending approvals from the test, simulate the kill switch and outages, and
 * inspect every call.
 *
 * Decisions come from the fake ASCEND service's policy engine, fed by the scripts: unscripted
 * actions get `defaultDecision` (allowed), or the outcome of `policy` when one is given. The most
 * recently added matching script wins. Fail mode, approval waits, the kill switch and the report
 * spool are the real client's. A wait sees an approval on its next status poll (every 10 ms;
 * `client.approvals.pollIntervalMs`): under fake timers, advance them by that much.
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
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class MockAscendClient {
  /** The in-memory service the mock's client talks to (state, recorded requests, audit log). */
  readonly service: FakeAscend;
  readonly #client: AscendClient;
  readonly #scripted: ScriptedService;
  readonly #base: PolicyDocument;
  readonly #firstActionId: number;
  readonly #now: () => number;
  #scripts: Script[] = [];
  #records: ActionRecord[] = [];
  #byId = new Map<string, ActionRecord>();
  #reports = new Map<string, CompletionReport | FailureReport>();
  #callLog: MutableCall[] = [];
  #decided = 0;
  #nextActionId: number;
  #outage: FaultHandle | undefined;
  /** Settles once the client has seen the latest kill-switch change; calls wait for it. */
  #synced: Promise<void> = Promise.resolve();

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
    this.#firstActionId = this.#nextActionId = firstActionId;
    this.#now = options.now ?? (() => Date.now());
    const environment = options.environment ?? 'production';
    this.#base =
      options.policy === undefined
        ? { rules: [], default: { outcome: POLICY_OUTCOME[defaultDecision], reason: DEFAULT_REASONS[defaultDecision] } }
        : parsePolicyDocument(options.policy);
    this.service = createFakeAscend({
      policy: this.#base,
      firstActionId,
      deploymentInfo: { environment },
      ...(options.approvalTtlMs !== undefined ? { approvalTtlMs: options.approvalTtlMs } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    this.#scripted = new ScriptedService(
      this.service,
      {
        decide: (request) => this.#decide(request),
        created: (action) => this.#created(action),
        overridesOf: (actionId) => this.#byId.get(actionId)?.overrides,
      },
      this.#base,
    );
    const agentId = 'agentId' in options ? options.agentId : 'mock-agent';
    const merged = mergeClientOptions(
      MOCK_CLIENT_DEFAULTS,
      { baseUrl: BASE_URL, apiKey: this.service.apiKey, agentId, agentName: options.agentName, environment, failMode },
      { approvals: { timeoutMs: options.approvalTimeoutMs ?? 60_000 } },
      options.client,
    );
    for (const [key, value] of Object.entries(merged)) if (value === undefined) delete (merged as Record<string, unknown>)[key];
    const now = options.now;
    this.#client = new AscendClient(merged, {
      fetch: () => Promise.reject(new TypeError('MockAscendClient sends through its port')),
      send: this.#scripted.send,
      signer: createWebCryptoSigner(),
      randomUUID: () => globalThis.crypto.randomUUID(),
      env: () => undefined,
      runtime: 'ascend-mock',
      ...(now ? { clock: { now } } : {}),
    });
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
    this.#addScript((request) => {
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
    this.#addScript(fn, options.times);
    return this;
  }

  /** Removes every script; unscripted actions get the default again. */
  clearDecisions(): this {
    this.#scripts = [];
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: approvals, kill switch, outages

  /**
   * Approves a pending action (by action id or approval id `apr_<n>`). A wait on it resolves
   * with the allowed decision at its next status poll; `getActionStatus` returns it at once.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  approve(id: string | number, input: MockApproveInput = {}): AllowedDecision {
    const by = input.by ?? 'approver@mock.test';
    const approval = this.#admin(id, () => this.service.approve(this.#key(id), input.comment === undefined ? { by } : { by, comment: input.comment }));
    return this.#current(String(approval.actionId)) as AllowedDecision;
  }

  /**
   * Rejects a pending action; a wait on it resolves with the denied decision.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  reject(id: string | number, input: MockRejectInput = {}): AuthorizationDecision {
    const reason = input.reason ?? 'Rejected by approver';
    const approval = this.#admin(id, () => this.service.reject(this.#key(id), { by: input.by ?? 'approver@mock.test', reason }));
    return this.#current(String(approval.actionId));
  }

  /**
   * Expires a pending action's approval request; a wait on it resolves with a denied decision.
   * @throws {@link MockAdminError} when the action is unknown or not pending.
   */
  expire(id: string | number): AuthorizationDecision {
    const approval = this.#admin(id, () => this.service.expire(this.#key(id)));
    return this.#current(String(approval.actionId));
  }

  /** Actions waiting for a human, oldest first. */
  pendingActions(): MockAction[] {
    return this.actions.filter((a) => a.state === 'pending');
  }

  /**
   * Turns the service's kill switch on or off and lets the client see it (as a poll would).
   * While it is on, `evaluateAction`, `evaluateMcpAction`, bulk items and approval waits fail
   * with core's `KillSwitchError` before any decision is made; `submitAction` skips the check
   * and the service denies it. The client emits `killSwitchChange`.
   */
  setKillSwitch(active: boolean, input: { reason?: string; by?: string } = {}): this {
    this.service.setKillSwitch(active, { reason: input.reason ?? 'Emergency stop', by: input.by ?? 'admin@mock.test' });
    this.#syncKillSwitch();
    return this;
  }

  /**
   * Simulates the service being unreachable (`down` true) or back (`false`), with the fake's
   * `outage`, `hang` (the client's 250 ms attempt timeout ends it) or `server-error` 503 fault.
   * The client's fail mode applies: `closed` rejects decisions with
   * `GovernanceUnavailableError`, `open` returns a synthetic allowed decision marked `failOpen`
   * and emits `failOpen`. Reports are spooled by the client and replayed once the service is
   * back (`flushReports()` at once); other calls reject with the outage's error.
   */
  setServiceDown(down: boolean, kind: OutageKind = 'network'): this {
    this.#outage?.clear();
    this.#outage = down ? this.service.faults.inject(OUTAGES[kind]) : undefined;
    return this;
  }

  /** Forgets calls, actions, scripts, reports and the service's state; the kill switch goes off and the service up. */
  reset(): this {
    const sawKillSwitch = this.#client.status().killSwitch.active;
    this.service.reset();
    this.#outage = undefined;
    this.#scripts = [];
    this.#records = [];
    this.#byId.clear();
    this.#reports.clear();
    this.#callLog = [];
    this.#decided = 0;
    this.#nextActionId = this.#firstActionId;
    if (sawKillSwitch) this.#syncKillSwitch();
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: inspection

  /** Every call made on the mock, oldest first. */
  get calls(): readonly MockCall[] {
    return this.#callLog as unknown as readonly MockCall[];
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
    return this.#callLog.filter((c) => c.method === method) as unknown as MockCall<M>[];
  }

  /** Every action decided, oldest first (fail-open ones included, marked `failOpen`). */
  get actions(): readonly MockAction[] {
    return this.#records.map((r) => this.#view(r));
  }

  /** One action by action id or approval id, or undefined. */
  findAction(id: string | number): MockAction | undefined {
    const record = this.#byId.get(String(id)) ?? this.#records.find((r) => r.decision.decision === 'pending' && r.decision.approvalRequestId === String(id));
    return record ? this.#view(record) : undefined;
  }

  /** Completion and failure reports the service accepted, in the order they arrived. */
  get executions(): ReadonlyArray<MockExecution & { readonly actionId: string }> {
    return this.actions
      .flatMap((a) => (a.execution ? [{ ...a.execution, actionId: a.actionId }] : []))
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** The agent id of the client (`'mock-agent'` unless given). */
  get agentId(): string | undefined {
    return this.#client.agentId;
  }

  /** The client's fail mode. */
  get failMode(): FailMode {
    return this.#client.failMode;
  }

  /** `await using mock = new MockAscendClient()` support. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  static {
    // Every client method: recorded, then run by the real client.
    for (const method of METHODS) {
      Object.defineProperty(MockAscendClient.prototype, method, {
        value(this: MockAscendClient, ...args: unknown[]): unknown {
          return this.#track(method, args);
        },
        writable: true,
        configurable: true,
      });
    }
  }

  /** Runs a client method on the real client and records the call. */
  #track(method: ClientMethodName, args: readonly unknown[]): unknown {
    const call: MutableCall = { seq: this.#callLog.length + 1, method, args, outcome: { state: 'pending' } };
    this.#callLog.push(call);
    const invoke = (): unknown => (this.#client[method] as (...a: readonly unknown[]) => unknown)(...args);
    const returned = (value: unknown): unknown => {
      call.outcome = { state: 'returned', value };
      this.#observe(method, args, value);
      return value;
    };
    const threw = (error: unknown): never => {
      call.outcome = { state: 'threw', error };
      throw error;
    };
    if (SYNC_METHODS.has(method)) {
      try {
        return returned(invoke());
      } catch (error) {
        return threw(error);
      }
    }
    return this.#synced.then(invoke).then(returned, threw);
  }

  /** Keeps what only the caller saw: fail-open decisions, and the reports as given. */
  #observe(method: ClientMethodName, args: readonly unknown[], value: unknown): void {
    if (method === 'logActionCompleted' || method === 'logActionFailed') {
      const receipt = value as { delivered: boolean; spooled: boolean };
      if (receipt.delivered || receipt.spooled) this.#reports.set(String(args[0]), copy((args[1] ?? {}) as CompletionReport));
      return;
    }
    for (const { request, decision } of decisionsOf(method, args, value)) {
      if (!decision.failOpen || this.#byId.has(decision.actionId)) continue;
      const mcp = method === 'evaluateMcpAction' ? copy(request as McpActionRequest) : undefined;
      const action = mcp ? { actionType: mcp.actionType ?? `${mcp.namespace}.${mcp.verb}`, resource: mcp.resource } : copy(request as ActionRequest);
      const createdAt = new Date(this.#now()).toISOString();
      this.#remember({
        actionId: decision.actionId,
        endpoint: mcp ? 'mcp' : 'action',
        request: action,
        mcp,
        question: false,
        decision,
        overrides: undefined,
        failOpen: true,
        createdAt,
      });
    }
  }

  #syncKillSwitch(): void {
    this.#synced = this.#synced
      .then(() => this.#client.getKillSwitchStatus())
      .then(
        () => undefined,
        () => undefined,
      );
  }

  #addScript(resolve: DecisionFunction, times: number | undefined): void {
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new TypeError('times must be a positive integer');
    this.#scripts.push({ resolve, remaining: times });
  }

  /** The newest script that decides `request`, as the fake's policy for that one request. */
  async #decide({ request, endpoint, mcp, question }: DecisionRequest): Promise<ScriptOutcome | undefined> {
    const context: DecisionContext = { actionId: String(this.#nextActionId), endpoint, mcp, index: this.#decided };
    let scripted: ScriptedDecision | undefined;
    for (let i = this.#scripts.length - 1; i >= 0 && !scripted; i--) {
      const script = this.#scripts[i]!;
      if (script.remaining === 0) continue;
      const result = await script.resolve(request, context);
      if (result === undefined) continue;
      if (script.remaining !== undefined) script.remaining--;
      if (typeof result === 'string' && !DECISIONS.includes(result)) {
        throw new TypeError(`a decision script returned ${JSON.stringify(result)}; expected allowed, denied or pending`);
      }
      scripted = typeof result === 'string' ? { decision: result } : result;
      if (!isScriptedDecision(scripted) || !DECISIONS.includes(scripted.decision)) {
        throw new TypeError('a decision script returned something that is neither an outcome nor a { decision } object');
      }
    }
    if (!question) this.#decided++;
    if (!scripted) {
      this.#scripted.usePolicy(this.#base);
      return undefined;
    }
    const { decision, reason, riskScore, riskLevel, policyViolations, conditions, requiredApprovers, resolveWith, wire } = scripted;
    const overrides = { ...(riskLevel ? { risk_level: riskLevel } : {}), ...(conditions ? { conditions: [...conditions] } : {}), ...wire };
    return {
      policy: {
        rules: [],
        default: {
          outcome: POLICY_OUTCOME[decision],
          reason: reason ?? DEFAULT_REASONS[decision],
          ...(riskScore !== undefined ? { riskScore } : {}),
          ...(policyViolations ? { violations: [...policyViolations] } : {}),
          ...(requiredApprovers ? { approvers: [...requiredApprovers] } : {}),
        },
      },
      resolveWith: decision === 'pending' ? resolveWith : undefined,
      overrides: Object.keys(overrides).length > 0 ? overrides : undefined,
    };
  }

  #created(action: CreatedAction): void {
    this.#nextActionId = Math.max(this.#nextActionId, Number(action.actionId) + 1);
    const stored = this.service.getAction(Number(action.actionId));
    this.#remember({ ...action, request: copy(action.request), failOpen: false, createdAt: stored?.createdAt ?? new Date(this.#now()).toISOString() });
  }

  #remember(record: ActionRecord): void {
    this.#records.push(record);
    this.#byId.set(record.actionId, record);
  }

  #key(id: string | number): string | number {
    return typeof id === 'number' || /^\d+$/.test(id) ? Number(id) : id;
  }

  #admin<T>(id: string | number, run: () => T): T {
    try {
      return run();
    } catch (error) {
      // Approval calls fail only as not-found or not-pending; anything else is not theirs.
      if (!(error instanceof FakeAdminError) || (error.code !== 'not-found' && error.code !== 'not-pending')) throw error;
      throw new MockAdminError(error.code, error.code === 'not-found' ? `No action or approval request ${String(id)}` : error.message);
    }
  }

  /** The action's decision as a status poll would return it now. */
  #current(actionId: string): AuthorizationDecision {
    const record = this.#byId.get(actionId);
    const action = this.service.getAction(Number(actionId));
    if (!action) return record!.decision;
    return parseDecision({ ...actionDecisionBody(action, this.service.getAgent(action.agentId), true), ...record?.overrides });
  }

  #view(r: ActionRecord): MockAction {
    const action = r.failOpen ? undefined : this.service.getAction(Number(r.actionId));
    const report = this.#reports.get(r.actionId);
    const execution: MockExecution | undefined = action?.execution
      ? action.execution.state === 'completed'
        ? { kind: 'completed', report: report ?? {}, at: action.execution.at }
        : { kind: 'failed', report: (report ?? { error: action.execution.error }) as FailureReport, at: action.execution.at }
      : undefined;
    let decision = r.decision;
    try {
      if (action) decision = this.#current(r.actionId);
    } catch {
      // An override that breaks the protocol: the client never accepted a decision for it.
    }
    return {
      actionId: r.actionId,
      endpoint: r.endpoint,
      request: r.request,
      mcpRequest: r.mcp,
      failOpen: r.failOpen,
      state: action ? stateOf(action) : r.decision.decision,
      initialDecision: r.decision,
      decision,
      approvalRequestId: action?.approvalRequestId ?? undefined,
      execution,
      createdAt: r.createdAt,
    };
  }
}
