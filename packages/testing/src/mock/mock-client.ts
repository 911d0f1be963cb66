/**
 * `MockAscendClient`: the real `AscendClient` from `@ascend/core` over an in-memory scripted
 * service. The test scripts decisions, decides approvals, flips the kill switch, takes the service
 * down and inspects every call; fail mode, approval waits, the kill switch, per-call option checks
 * and the report spool are the real client's own. No network; approval waits poll the in-memory
 * service every 10 ms. Its parts: public types (`mock-types.ts`), the method table
 * (`mock-methods.ts`), the call recorder (`mock-recorder.ts`), configuration (`mock-config.ts`),
 * decision scripts (`mock-scripts.ts`) and the scripted service (`scripted-service.ts`).
 *
 * @packageDocumentation
 */
import {
  AscendClient,
  type AllowedDecision,
  type AuthorizationDecision,
  type CompletionReport,
  type DecisionOutcome,
  type FailMode,
  type FailureReport,
  type McpActionRequest,
  type ActionRequest,
} from '@ascend/core';
import { parseDecision } from '@ascend/core/internal';
import { FakeAdminError } from '../fake/approvals.js';
import type { FakeAscend } from '../fake/fake-api.js';
import { createFakeAscend } from '../fake/fake-ascend.js';
import type { FaultHandle } from '../fake/faults.js';
import { globMatch } from '../fake/policy-match.js';
import type { PolicyDocument } from '../fake/policy-types.js';
import { createWebCryptoSigner } from '../fake/signature.js';
import type { FakeAction } from '../fake/store-records.js';
import { actionDecisionBody } from '../fake/wire.js';
import { basePolicy, DECISIONS, mockClientOptions, OUTAGES, readMockOptions } from './mock-config.js';
import { METHODS, SYNC_METHODS } from './mock-methods.js';
import { CallRecorder, copy, decisionsOf } from './mock-recorder.js';
import { scriptedDecisionOf, scriptOutcome, type Script } from './mock-scripts.js';
import {
  MockAdminError,
  type DecideDetails,
  type DecideWithOptions,
  type DecisionContext,
  type DecisionFunction,
  type MockAction,
  type MockActionState,
  type MockApproveInput,
  type MockAscendClientOptions,
  type MockCall,
  type MockExecution,
  type MockRejectInput,
  type OutageKind,
  type ScriptedDecision,
} from './mock-types.js';
import type { AscendClientApi, ClientMethodName } from './public-api.js';
import { ScriptedService, type CreatedAction, type DecisionRequest, type ScriptOutcome } from './scripted-service.js';

// ---------------------------------------------------------------------------------------------
// Internals

interface ActionRecord extends CreatedAction {
  readonly failOpen: boolean;
  readonly createdAt: string;
}

function stateOf(action: FakeAction): MockActionState {
  if (action.status === 'pending_approval') return 'pending';
  if (action.status === 'rejected' || action.status === 'expired') return action.status;
  if (action.policyDecision === 'require_approval' && action.decision === 'allowed') return 'approved';
  return action.decision === 'allowed' ? 'allowed' : 'denied';
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
  readonly #recorder = new CallRecorder();
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
    const { defaultDecision, failMode, firstActionId } = readMockOptions(options);
    this.#firstActionId = this.#nextActionId = firstActionId;
    this.#now = options.now ?? (() => Date.now());
    const environment = options.environment ?? 'production';
    this.#base = basePolicy(options, defaultDecision);
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
    const merged = mockClientOptions(options, this.service.apiKey, environment, failMode);
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
    this.#recorder.clear();
    this.#decided = 0;
    this.#nextActionId = this.#firstActionId;
    if (sawKillSwitch) this.#syncKillSwitch();
    return this;
  }

  // -------------------------------------------------------------------------------------------
  // Test-side API: inspection

  /** Every call made on the mock, oldest first. */
  get calls(): readonly MockCall[] {
    return this.#recorder.all as unknown as readonly MockCall[];
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
    return this.#recorder.all.filter((c) => c.method === method) as unknown as MockCall<M>[];
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
    return this.#recorder.track(
      method,
      args,
      () => (this.#client[method] as (...a: readonly unknown[]) => unknown)(...args),
      SYNC_METHODS.has(method) ? null : this.#synced,
      (value) => this.#observe(method, args, value),
    );
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
      scripted = scriptedDecisionOf(result);
    }
    if (!question) this.#decided++;
    if (!scripted) {
      this.#scripted.usePolicy(this.#base);
      return undefined;
    }
    return scriptOutcome(scripted);
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
