/**
 * The lean ASCEND client: what an agent needs at run time (decisions with fail mode and approval
 * waiting, bulk and MCP evaluation, reports with a spool, heartbeat, kill switch and commands)
 * and all the machinery (options, transport, breakers, retries, logging, lifecycle).
 *
 * `AscendClient` (client.ts) extends it with the management operations. A bundle that only uses
 * `AscendAgentClient` never carries them nor their wire mapping (wire-admin.ts).
 */
import { MISSING_AGENT_ID_WARNING } from './agent-identity.js';
import { AbortScope, mapConcurrent, sleep } from './async.js';
import { BULK_KEYS, CALL_KEYS, checkCallOptions, CLOSE_KEYS, EVALUATE_KEYS, WAIT_KEYS, WAIT_TIMEOUT_CHECK } from './call-options.js';
import { CircuitBreaker, type CircuitState, type CircuitStateChange } from './circuit-breaker.js';
import {
  failOpenDecision,
  isPendingDecisionHandle,
  parseDecision,
  parseMcpDecision,
  toPendingHandle,
  type AllowedDecision,
  type AuthorizationDecision,
  type PendingDecision,
  type PendingDecisionHandle,
} from './decision.js';
import {
  AbortedError,
  ActionAlreadyExecutedError,
  ApprovalTimeoutError,
  AscendError,
  ConfigurationError,
  GovernanceUnavailableError,
  isAscendError,
  ProtocolError,
} from './errors.js';
import { fieldError } from './field-error.js';
import { Emitter, type AscendClientEventName, type AscendClientEvents } from './events.js';
import { KillSwitchMonitor, type KillSwitchState } from './kill-switch.js';
import { jsonLinesLogger, LogSink, SecretMasker } from './logger.js';
import { resolveOptions, type AscendClientOptions, type FailMode, type ResolvedOptions, type SpooledReport } from './options.js';
import type { ResolvedPort, RuntimePort, TimerHandle } from './ports.js';
import { MemorySpoolStore, ReportSpool } from './report-spool.js';
import { isServiceFailure } from './retry.js';
import { resolvePort } from './runtime.js';
import { AGENT_ROUTES, routeCall } from './routes.js';
import { formatRequestTimestamp, Transport, type CallSpec, type PreparedCall } from './transport.js';
import {
  completeBody,
  failBody,
  heartbeatBody,
  inCallerTerms,
  mcpBody,
  parseApproval,
  parseCommands,
  parseKillSwitch,
  submitBody,
  type ActionRequest,
  type AgentCommand,
  type ApprovalStatus,
  type CompletionReport,
  type FailureReport,
  type HeartbeatMetrics,
  type KillSwitchStatus,
  type McpActionRequest,
} from './wire-agent.js';
import { isObject } from './wire-read.js';

/** Per-call options shared by every operation. */
export interface CallOptions {
  /** Cancels the call at once, including during a backoff sleep. */
  signal?: AbortSignal;
  /** Per-attempt timeout for this call, in ms. */
  timeoutMs?: number;
  /** Overall deadline for this call, in ms. */
  deadlineMs?: number;
}

/** Options of {@link AscendAgentClient.evaluateAction}. */
export interface EvaluateOptions extends CallOptions {
  /** Wait for a pending decision to be approved or rejected. @defaultValue false */
  waitForApproval?: boolean;
  /** How long to wait for a human, in ms. @defaultValue the client's `approvals.timeoutMs` */
  approvalTimeoutMs?: number;
  /** Interval between status polls while waiting, in ms. @defaultValue the client's `approvals.pollIntervalMs` */
  pollIntervalMs?: number;
}

/** Options of {@link AscendAgentClient.waitForDecision}. */
export interface WaitOptions {
  /** How long to wait, in ms. @defaultValue the client's `approvals.timeoutMs` */
  timeoutMs?: number;
  /** Interval between polls, in ms. @defaultValue the client's `approvals.pollIntervalMs` */
  pollIntervalMs?: number;
  /** Cancels the wait. */
  signal?: AbortSignal;
}

/** One item's outcome in a bulk evaluation, at the same index as its input. */
export type BulkItemResult =
  | {
      /** Position of the item in the input. */
      index: number;
      /** The item as given. */
      request: ActionRequest;
      /** True: a decision was obtained (any outcome, fail-open included). */
      ok: true;
      /** The decision. */
      decision: AuthorizationDecision;
    }
  | {
      /** Position of the item in the input. */
      index: number;
      /** The item as given. */
      request: ActionRequest;
      /** False: the item ended in an error. */
      ok: false;
      /** What went wrong for this item (validation, kill switch, 4xx, unavailable in closed mode…). */
      error: AscendError;
    };

/** Result of {@link AscendAgentClient.evaluateActions}. */
export interface BulkEvaluationResult {
  /** Number of items. */
  total: number;
  /** Items that produced a decision (any outcome, fail-open included). */
  succeeded: number;
  /** Items that ended in an error. */
  failed: number;
  /** One result per input, in input order. */
  results: BulkItemResult[];
}

/** Options of {@link AscendAgentClient.evaluateActions}. */
export interface BulkOptions {
  /** Items evaluated at once. @defaultValue 5 */
  concurrency?: number;
  /** Cancels items not yet finished. */
  signal?: AbortSignal;
}

/** Outcome of a completion or failure report. Reports never throw into the host. */
export interface ReportReceipt {
  /** True when the service accepted the report now. */
  delivered: boolean;
  /** True when it was kept in the spool for replay. */
  spooled: boolean;
  /** Set when the report was neither delivered nor spooled (rejected by the service, or invalid). */
  error: AscendError | undefined;
  /**
   * True for a report about a fail-open action: the service never saw that action, so the report
   * is written to the log (at warn, with the body) instead of being sent where it would be refused.
   */
  local?: boolean;
  /**
   * For a spooled report: false when the spool's durable store could not keep it (full, disk
   * error; logged at error), so it is held in this process's memory only and lost if the process
   * ends before the service is back.
   */
  persisted?: boolean;
}

/** Observable client health. */
export interface ClientStatus {
  /** State of the breaker guarding decisions and other foreground calls. */
  circuit: CircuitState;
  /** State of the breaker guarding background traffic. */
  backgroundCircuit: CircuitState;
  /** Kill-switch snapshot. */
  killSwitch: KillSwitchState;
  /** Reports waiting for replay. */
  spoolSize: number;
  /** Reports dropped since creation. */
  spoolDropped: number;
  /** Reports being sent right now (not yet delivered or spooled). */
  reportsInFlight: number;
  /** True once `close()` has been called. */
  closed: boolean;
}

/**
 * Which breaker guards a call: `foreground` (decisions and other caller-driven calls) or
 * `background` (heartbeat, kill-switch polls, reports).
 * @internal
 */
export type CallClass = 'foreground' | 'background';

const MAX_BULK = 50;

/** The private state the full client reads: options, then the decisions and background breakers. */
let readPrivate: (client: AscendAgentClient) => readonly [options: ResolvedOptions, decisions: CircuitBreaker, background: CircuitBreaker];

/**
 * The validated options of a client (secrets included: never log them). For the full client's
 * management operations; not exported from the package.
 * @internal
 */
export function optionsOf(client: AscendAgentClient): ResolvedOptions {
  return readPrivate(client)[0];
}

/**
 * The two circuit breakers of a client (decisions, background). For the full client's breaker
 * reading and reset; not exported from the package.
 * @internal
 */
export function breakersOf(client: AscendAgentClient): readonly [decisions: CircuitBreaker, background: CircuitBreaker] {
  const [, decisions, background] = readPrivate(client);
  return [decisions, background];
}

/** Prefix of the synthetic action ids of fail-open decisions. */
const FAIL_OPEN_PREFIX = 'fail_open_';

const CLOSED = 'the client is closed';

/**
 * The lean ASCEND governance client: everything an agent calls at run time, with all the
 * resilience of the full client (fail mode, circuit breakers, retries with idempotency keys,
 * report spool, kill switch, `close()`). The management operations (registration, policies,
 * audit, webhooks, supply chain, health) are on {@link AscendClient}, which extends this class;
 * use `AscendAgentClient` when a small bundle matters (browsers, edge workers).
 *
 * Built from options and a runtime port. Use the adapters (`@ascend/node`, `@ascend/browser`),
 * which supply the port.
 *
 * @example
 * ```ts
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 50 } })
 * if (decision.decision === 'allowed') { await refund(); await client.logActionCompleted(decision.actionId, { durationMs: 12 }) }
 * ```
 */
export class AscendAgentClient {
  // Private fields only: serializing the client (JSON.stringify, structuredClone, util.inspect)
  // reaches none of its state, and the options' secrets are non-enumerable besides.
  readonly #options: ResolvedOptions;
  /** No agentId, and the one warning about it not yet logged (docs/decisions/022). */
  #unnamed: boolean;
  readonly #port: ResolvedPort;
  readonly #log: LogSink;
  readonly #transport: Transport;
  readonly #decisions: CircuitBreaker;
  readonly #background: CircuitBreaker;
  readonly #killSwitch: KillSwitchMonitor;
  readonly #spool: ReportSpool;
  // A listener that throws or rejects is logged; it never reaches the host.
  readonly #emitter = new Emitter<AscendClientEvents>({
    onListenerError: (error, eventName) =>
      this.#log.error('client event listener failed; ignored', {
        event: eventName,
        error: error instanceof Error ? error.name : typeof error,
        message: error instanceof Error ? error.message : String(error),
      }),
  });
  /** Aborted by close(): cancels foreground calls, approval waits, polls and heartbeats. */
  readonly #lifetime = new AbortScope();
  /** Aborted when close()'s flush deadline passes: cancels report delivery. */
  readonly #reportsLifetime = new AbortScope();
  readonly #reportsInFlight = new Set<Promise<unknown>>();
  // TimerHandle is unknown: undefined until scheduled.
  #spoolTimer: TimerHandle = undefined;
  #heartbeatTimer: TimerHandle = undefined;
  #closing: Promise<void> | undefined;

  /**
   * @param options - Client options; see {@link AscendClientOptions}.
   * @param port - The runtime port; adapters supply it.
   * @throws {@link ConfigurationError} naming the field for any invalid option.
   */
  static {
    readPrivate = (client) => [client.#options, client.#decisions, client.#background];
  }

  constructor(options: AscendClientOptions | undefined, port: RuntimePort) {
    const p = (this.#port = resolvePort(port));
    const o = (this.#options = resolveOptions(options, p.env));
    this.#unnamed = o.agentId === undefined;
    const log = (this.#log = new LogSink(o.logger ?? jsonLinesLogger, o.logLevel, new SecretMasker([o.apiKey, o.signingSecret]), () => p.clock.now()));
    const emit = this.#emitter.emit.bind(this.#emitter);
    this.#transport = new Transport({ options: o, port: p, log });
    const breakers = (['decisions', 'background'] as const).map((breaker) => {
      const b = new CircuitBreaker(o.circuitBreaker, p.clock, o.circuitBreaker.enabled);
      b.onStateChange((change: CircuitStateChange) => {
        log.write(change.to === 'open' ? 'warn' : 'info', `circuit breaker ${change.from} -> ${change.to}`, { breaker });
        emit('circuitStateChange', { ...change, breaker });
      });
      return b;
    });
    this.#decisions = breakers[0]!;
    this.#background = breakers[1]!;
    const ks = o.killSwitch;
    const useCommands = ks.useCommands && o.agentId !== undefined;
    const statusSpec = routeCall(AGENT_ROUTES, 'getKillSwitchStatus');
    this.#killSwitch = new KillSwitchMonitor({
      clock: p.clock,
      timers: p.timers,
      intervalMs: ks.intervalMs,
      staleAfterMs: ks.staleAfterMs,
      onStale: ks.onStale,
      poll: async () => parseKillSwitch(await this.call('background', statusSpec, undefined, true)),
      ...(useCommands
        ? {
            pollCommands: async () => parseCommands(await this.call('background', this.#commandsSpec(), undefined, true)),
            ackCommand: async (commandId: string) => void (await this.call('background', this.#ackSpec(commandId), undefined, true)),
          }
        : {}),
      onChange: (s) => {
        log.write(s.active || s.stale ? 'warn' : 'info', 'kill switch state changed', { active: s.active, stale: s.stale, reason: s.reason, source: s.source });
        emit('killSwitchChange', { active: s.active, reason: s.reason, stale: s.stale });
      },
      onPollError: (e, what) => log.debug(`kill-switch ${what} poll failed`, { error: e }),
    });
    if (ks.useCommands && !useCommands) log.warn('killSwitch.useCommands needs an agentId; the pending-commands fallback is off');
    const rs = o.reportSpool;
    this.#spool = new ReportSpool(rs.store ?? new MemorySpoolStore(), rs.maxSize, {
      spooled: (report, size, cause) => {
        log.warn('report spooled for replay', { kind: report.kind, actionId: report.actionId, spoolSize: size, error: cause.code });
        emit('reportSpooled', { report, spoolSize: size, cause });
        this.#scheduleSpoolReplay();
      },
      delivered: (report, size) => emit('reportDelivered', { report, spoolSize: size }),
      dropped: (report, reason, cause) => {
        log.error('report dropped', { kind: report.kind, actionId: report.actionId, reason, error: cause?.code });
        emit('reportDropped', cause ? { report, reason, cause } : { report, reason });
      },
      failed: (e) => log.error('report spool store failed', { error: e }),
    });
    if (rs.store) {
      // A durable store may hold reports from an earlier process: replay them soon.
      void this.#spool.load().then(() => {
        if (this.#spool.size > 0) this.#scheduleSpoolReplay();
      });
    }
    if (ks.poll) this.#killSwitch.start();
    if (o.heartbeat.enabled) this.#scheduleHeartbeat(o.heartbeat.intervalMs);
    log.debug('client created', this.toJSON());
  }

  /** A secret-free summary for `JSON.stringify` and structured loggers. */
  toJSON(): Record<string, unknown> {
    const o = this.#options;
    return {
      client: 'AscendClient',
      baseUrl: o.baseUrl,
      agentId: o.agentId,
      environment: o.environment,
      failMode: o.failMode,
      signing: o.signingSecret !== undefined,
      closed: this.#closing !== undefined,
    };
  }

  /** Node's `util.inspect` (and `console.log`) show the same secret-free summary. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }

  /** The configured agent id, if any. */
  get agentId(): string | undefined {
    return this.#options.agentId;
  }

  /** The configured fail mode. */
  get failMode(): FailMode {
    return this.#options.failMode;
  }

  /**
   * Subscribes to a client event; returns an unsubscribe function. A listener may be async. One
   * that throws or rejects is logged at error and otherwise ignored: it never breaks governance
   * and never reaches the host as an uncaught exception or an unhandled rejection.
   */
  on<K extends AscendClientEventName>(name: K, listener: (payload: AscendClientEvents[K]) => unknown): () => void {
    return this.#emitter.on(name, listener);
  }

  /** Breakers, kill switch and spool at a glance. */
  status(): ClientStatus {
    return {
      circuit: this.#decisions.state,
      backgroundCircuit: this.#background.state,
      killSwitch: this.#killSwitch.state,
      spoolSize: this.#spool.size,
      spoolDropped: this.#spool.dropped,
      reportsInFlight: this.#reportsInFlight.size,
      closed: this.#closing !== undefined,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Decisions

  /**
   * Asks ASCEND whether an action may run. The kill switch is checked first, then the request is
   * validated, both before any network I/O.
   *
   * When the service cannot be reached (network failure, timeout, open breaker, 5xx or 429 after
   * retries), fail mode decides: `closed` throws {@link GovernanceUnavailableError}; `open`
   * returns a synthetic allowed decision with `failOpen` set, logs it at warn and emits the
   * `failOpen` event. Fail-open never applies to a kill switch, a 4xx answer, a malformed
   * decision, a caller abort, an approval timeout or a rejection (docs/resilience.md).
   *
   * With `waitForApproval`, a pending decision is waited on as in
   * {@link AscendAgentClient.waitForDecision}: approval gives allowed, rejection denied, and the
   * timeout an {@link ApprovalTimeoutError} in every fail mode.
   *
   * @throws {@link KillSwitchError}, {@link ValidationError}, {@link GovernanceUnavailableError},
   * {@link ApprovalTimeoutError} (when waiting), {@link ProtocolError}, {@link AuthenticationError},
   * {@link AuthorizationError}, {@link AbortedError}.
   */
  async evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision> {
    this.#assertUsable();
    const o = checkCallOptions(options, EVALUATE_KEYS);
    this.#killSwitch.assertOpen();
    const body = submitBody(request, this.#identity());
    const callOptions = pickCallOptions(o);
    const decision = await this.#withFailMode('submitAction', async () => {
      const response = await this.call('foreground', submitSpec(body), callOptions);
      return this.#masked(() => parseDecision(response));
    });
    if (this.#log.enabled('info')) {
      this.#log.info('decision', {
        actionType: request.actionType,
        actionId: decision.actionId,
        decision: decision.decision,
        riskScore: decision.riskScore,
        failOpen: decision.failOpen !== undefined,
      });
    }
    if (decision.decision === 'allowed' && decision.execution !== undefined) throw alreadyExecuted(decision);
    if (decision.decision === 'pending' && o.waitForApproval === true) {
      return this.waitForDecision(toPendingHandle(decision), {
        ...(o.approvalTimeoutMs !== undefined ? { timeoutMs: o.approvalTimeoutMs } : {}),
        ...(o.pollIntervalMs !== undefined ? { pollIntervalMs: o.pollIntervalMs } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    }
    return decision;
  }

  /**
   * Submits an action and returns the service's decision as is: no kill-switch check, no fail
   * mode, no waiting. Prefer {@link AscendAgentClient.evaluateAction}.
   */
  async submitAction(request: ActionRequest, options?: CallOptions): Promise<AuthorizationDecision> {
    this.#assertUsable();
    checkCallOptions(options, CALL_KEYS);
    const response = await this.call('foreground', submitSpec(submitBody(request, this.#identity())), options);
    return this.#masked(() => parseDecision(response));
  }

  /**
   * Waits until a pending action is approved (→ allowed) or rejected (→ denied). Resumable: pass
   * the serializable handle of a decision made earlier, even by another process
   * (`JSON.parse(JSON.stringify(toPendingHandle(decision)))` works).
   *
   * Polls the action status (§3.4) every `pollIntervalMs`. Transient poll failures (network,
   * timeout, 5xx, 429, open breaker) are logged and polling goes on. The wait ends at
   * `timeoutMs`, or at the handle's `expiresAt` if that comes first (after one last poll), with an
   * {@link ApprovalTimeoutError} in every fail mode: a timeout is never an allowed decision.
   *
   * @throws {@link ApprovalTimeoutError}, {@link KillSwitchError} (checked before every poll),
   * {@link AbortedError} (signal or close()), {@link ValidationError} for a bad handle, and the
   * typed error of a non-transient poll failure (4xx, malformed status).
   */
  async waitForDecision(pending: PendingDecisionHandle | PendingDecision, options?: WaitOptions): Promise<AuthorizationDecision> {
    this.#assertUsable();
    const o = checkCallOptions(options, WAIT_KEYS, WAIT_TIMEOUT_CHECK);
    if (!isPendingDecisionHandle(pending)) {
      throw fieldError('actionId', 'Required field is missing or empty');
    }
    const { actionId } = pending;
    const timeoutMs = o.timeoutMs ?? this.#options.approvals.timeoutMs;
    const interval = o.pollIntervalMs ?? this.#options.approvals.pollIntervalMs;
    const { clock, timers } = this.#port;
    // The wait's own end: no poll may run past it, whatever the client's call deadline.
    const end = clock.now() + timeoutMs;
    let deadline = end;
    const expiresAt = typeof pending.expiresAt === 'string' ? Date.parse(pending.expiresAt) : NaN;
    if (Number.isFinite(expiresAt)) deadline = Math.min(deadline, expiresAt);
    return this.#lifetime.run(async (lifetime) => {
      const signals = [o.signal, lifetime];
      for (;;) {
        this.#killSwitch.assertOpen();
        try {
          // Each poll gets only the time that remains, so a slow status answer cannot stretch the wait.
          const budget = Math.max(1, end - clock.now());
          const pollOptions: CallOptions = { timeoutMs: Math.min(this.#options.timeoutMs, budget), deadlineMs: Math.min(this.#options.deadlineMs, budget) };
          if (o.signal) pollOptions.signal = o.signal;
          const decision = await this.getActionStatus(actionId, pollOptions);
          if (decision.decision === 'allowed' && decision.execution !== undefined) throw alreadyExecuted(decision);
          if (decision.decision !== 'pending') return decision;
        } catch (error) {
          if (!isTransient(error)) throw error;
          this.#log.warn('approval status poll failed; still waiting', { actionId, error: error.code });
        }
        const left = deadline - clock.now();
        if (left <= 0) {
          this.#log.warn('approval not decided in time', { actionId, timeoutMs });
          throw new ApprovalTimeoutError(actionId, timeoutMs);
        }
        await sleep(Math.min(interval, left), timers, signals);
      }
    });
  }

  /**
   * Evaluates up to 50 actions with bounded concurrency. Each item goes through
   * {@link AscendAgentClient.evaluateAction} (kill switch, validation, fail mode; no approval
   * wait), orchestration fields included. Results come in input order; a failed item is captured
   * in its result and never aborts the rest.
   *
   * While the kill switch is active every item fails with {@link KillSwitchError}, before any
   * I/O, and is reported in its result like any other failure.
   *
   * @throws {@link ValidationError} for more than 50 items or a bad concurrency.
   */
  async evaluateActions(items: readonly ActionRequest[], options?: BulkOptions): Promise<BulkEvaluationResult> {
    this.#assertUsable();
    const o = checkCallOptions(options, BULK_KEYS);
    // Checked as unknown: the caller may pass anything, and the check must not narrow to any[].
    const given: unknown = items;
    if (!Array.isArray(given)) throw fieldError('actions', 'Must be an array');
    if (items.length > MAX_BULK) throw fieldError('actions', `Exceeds limit of ${MAX_BULK}`);
    const concurrency = o.concurrency ?? 5;
    const itemOptions: EvaluateOptions = o.signal ? { signal: o.signal } : {};
    const results = await mapConcurrent(items, concurrency, async (request, index): Promise<BulkItemResult> => {
      try {
        return { index, request, ok: true, decision: await this.evaluateAction(request, itemOptions) };
      } catch (error) {
        return { index, request, ok: false, error: toAscendError(error) };
      }
    });
    const succeeded = results.filter((r) => r.ok).length;
    return { total: items.length, succeeded, failed: items.length - succeeded, results };
  }

  /**
   * Evaluates an MCP tool call through the dedicated endpoint (§3.27), with the kill switch and
   * fail mode applied like {@link AscendAgentClient.evaluateAction}.
   */
  async evaluateMcpAction(request: McpActionRequest, options?: CallOptions): Promise<AuthorizationDecision> {
    this.#assertUsable();
    checkCallOptions(options, CALL_KEYS);
    this.#killSwitch.assertOpen();
    const body = mcpBody(request, this.#options.environment);
    const decision = await this.#withFailMode('submitMcpAction', async () => {
      const response = await this.call('foreground', { ...routeCall(AGENT_ROUTES, 'submitMcpAction'), body }, options);
      return this.#masked(() => parseMcpDecision(response));
    });
    if (decision.decision === 'allowed' && decision.execution !== undefined) throw alreadyExecuted(decision);
    return decision;
  }

  /**
   * Current decision of an action, via the v1 status path (§3.4). An answer about another action
   * is a {@link ProtocolError}. An action that already ran and was reported reads as allowed with
   * `execution` set to `completed` or `failed`: check it before acting on the decision.
   */
  async getActionStatus(actionId: string, options?: CallOptions): Promise<AuthorizationDecision> {
    const response = await this.call('foreground', routeCall(AGENT_ROUTES, 'getActionStatus', { actionId }), options);
    return this.#masked(() => parseDecision(response, actionId));
  }

  /** Status of an approval request (§3.20). */
  async checkApproval(approvalRequestId: string, options?: CallOptions): Promise<ApprovalStatus> {
    const response = await this.call('foreground', routeCall(AGENT_ROUTES, 'checkApproval', { approvalRequestId }), options);
    return this.#masked(() => parseApproval(response));
  }

  // ---------------------------------------------------------------------------------------
  // Reports

  /**
   * Reports that an allowed action completed. Never throws: an undeliverable report is spooled
   * and replayed with its original idempotency key when the service is back.
   */
  logActionCompleted(actionId: string, report: CompletionReport = {}): Promise<ReportReceipt> {
    return this.#report('complete', actionId, () => completeBody(actionId, report, this.#isoNow()));
  }

  /**
   * Reports that an allowed action failed. Never throws; spooled like completions. An invalid
   * id or report (wrong type, hostile values) is not sent: the receipt carries the
   * {@link ValidationError} naming the field.
   */
  logActionFailed(actionId: string, report: FailureReport): Promise<ReportReceipt> {
    return this.#report('fail', actionId, () => failBody(actionId, report, this.#isoNow()));
  }

  /**
   * Tries to deliver every spooled report now, oldest first, each with its original idempotency
   * key and bytes. Resolves when the spool is empty or the service is still down. Never throws.
   */
  async flushReports(): Promise<void> {
    await this.#spool.replay((r) => this.#sendSpooled(r), isServiceFailure);
  }

  /** The scheduled replay: nobody awaits it, so its timers never keep the host alive. */
  async #replayInBackground(): Promise<void> {
    await this.#spool.replay((r) => this.#sendSpooled(r, { background: true }), isServiceFailure);
  }

  // ---------------------------------------------------------------------------------------
  // Heartbeat, kill switch and commands

  /**
   * Sends one heartbeat (§3.12). Background traffic: it goes through the background breaker, so
   * failing heartbeats cannot open the breaker that guards decisions.
   */
  async heartbeat(metrics: HeartbeatMetrics = {}, options?: CallOptions): Promise<void> {
    await this.#sendHeartbeat(metrics, options, false);
  }

  async #sendHeartbeat(metrics: HeartbeatMetrics, options: CallOptions | undefined, unattended: boolean): Promise<void> {
    const body = heartbeatBody(this.#options.agentId, this.#isoNow(), metrics);
    await this.call('background', { ...routeCall(AGENT_ROUTES, 'heartbeat'), body }, options, unattended);
  }

  /** Fetches the kill-switch status (§3.14) and applies it to the local state. */
  async getKillSwitchStatus(options?: CallOptions): Promise<KillSwitchStatus> {
    const status = parseKillSwitch(await this.call('foreground', routeCall(AGENT_ROUTES, 'getKillSwitchStatus'), options));
    this.#killSwitch.apply(status);
    return status;
  }

  /**
   * Starts kill-switch polling. Returns at once (the first poll runs from a timer, not in the
   * caller's stack); calling it again while polling does nothing.
   */
  startKillSwitchPolling(): void {
    this.#assertUsable();
    this.#killSwitch.start();
  }

  /** Stops kill-switch polling and forgets the polled state. Idempotent. */
  stopKillSwitchPolling(): void {
    this.#killSwitch.stop();
  }

  /** Pending commands for an agent (§3.15); defaults to this agent. */
  async getPendingCommands(agentId?: string, options?: CallOptions): Promise<AgentCommand[]> {
    return parseCommands(await this.call('foreground', this.#commandsSpec(agentId), options));
  }

  /** Acknowledges a command (§3.16). The body is the literal `{}`, unsigned. */
  async ackCommand(commandId: string, agentId?: string, options?: CallOptions): Promise<boolean> {
    const res = await this.call('foreground', this.#ackSpec(commandId, agentId), options);
    return isObject(res) && res['success'] === true;
  }

  // ---------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * Stops everything: kill-switch polling, heartbeat and spool timers; cancels foreground calls
   * and approval waits (they reject with {@link AbortedError}); then spends at most
   * `flushDeadlineMs` letting in-flight reports finish and replaying spooled ones. Reports still
   * undelivered at the deadline stay in the spool store (a durable store keeps them for the next
   * process). Idempotent: later calls return the first call's promise. Never throws.
   */
  close(options?: {
    /** How long close() may spend delivering in-flight and spooled reports, in ms (0 to 600000). @defaultValue 2000 */
    flushDeadlineMs?: number;
  }): Promise<void> {
    if (this.#closing) return this.#closing;
    let flushDeadlineMs: number;
    try {
      flushDeadlineMs = checkCallOptions(options, CLOSE_KEYS).flushDeadlineMs ?? 2000;
    } catch (error) {
      // A bad option closes nothing: the caller learns of it and may close again.
      return Promise.reject(toAscendError(error));
    }
    return (this.#closing = this.#shutdown(flushDeadlineMs));
  }

  async #shutdown(flushDeadlineMs: number): Promise<void> {
    const timers = this.#port.timers;
    const spool = this.#spool;
    this.#killSwitch.stop();
    if (this.#heartbeatTimer !== undefined) timers.clearTimeout(this.#heartbeatTimer);
    if (this.#spoolTimer !== undefined) timers.clearTimeout(this.#spoolTimer);
    this.#heartbeatTimer = this.#spoolTimer = undefined;
    this.#lifetime.abort(new AbortedError('The client was closed'));
    let timer: TimerHandle = undefined;
    const deadline = new Promise<void>((resolve) => (timer = timers.setTimeout(resolve, flushDeadlineMs)));
    const flush = (async () => {
      // A durable store may still be loading an earlier process's reports: those count too.
      await spool.load();
      if (this.#reportsInFlight.size === 0 && spool.size === 0) return;
      await Promise.allSettled([...this.#reportsInFlight]);
      await spool.replay((r) => this.#sendSpooled(r, { retry: false }), isServiceFailure);
    })();
    await Promise.race([flush, deadline]);
    timers.clearTimeout(timer);
    this.#reportsLifetime.abort(new AbortedError('The client was closed'));
    if (spool.size > 0) this.#log.warn('closing with undelivered reports in the spool', { spoolSize: spool.size });
  }

  /** `await using client = …` support. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---------------------------------------------------------------------------------------
  // Internals

  /**
   * Sends one call through the breaker of its class, with the client's lifetime and the
   * caller's signal, timeout and deadline.
   * @internal
   */
  protected async call(cls: CallClass, spec: CallSpec, options?: CallOptions, unattended = false): Promise<unknown> {
    this.#assertUsable();
    const o = checkCallOptions(options, CALL_KEYS);
    const breaker = cls === 'background' ? this.#background : this.#decisions;
    // Fail fast before building and signing a request that could not be sent.
    breaker.check();
    const prepared = await this.#transport.prepare(spec).catch((error: unknown) => {
      throw inCallerTerms(error);
    });
    const result = await this.#transport.send(prepared, breaker, {
      signals: o.signal ? [o.signal] : undefined,
      scope: this.#lifetime,
      timeoutMs: o.timeoutMs,
      deadlineMs: o.deadlineMs,
      background: unattended,
    });
    return result.body;
  }

  /**
   * Runs a response parser; a {@link ProtocolError} it throws is rethrown with its message masked
   * (secrets the service echoed) and cut short.
   */
  #masked<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      if (!isAscendError(error, 'PROTOCOL_ERROR')) throw error;
      throw new ProtocolError(quoteSafely(this.#log.masker.maskString(error.message)), { field: error.field, cause: error.cause });
    }
  }

  /**
   * This agent's id, or a {@link ValidationError} when none is configured.
   * @internal
   */
  protected requireAgentId(): string {
    const agentId = this.#options.agentId;
    if (!agentId) throw fieldError('agentId', 'Required field');
    return agentId;
  }

  #commandsSpec(agentId?: string): CallSpec {
    return routeCall(AGENT_ROUTES, 'getPendingCommands', { agentId: agentId ?? this.requireAgentId() });
  }

  #ackSpec(commandId: string, agentId?: string): CallSpec {
    return { ...routeCall(AGENT_ROUTES, 'ackCommand', { agentId: agentId ?? this.requireAgentId(), commandId }), body: '{}' };
  }

  async #withFailMode(operation: string, run: () => Promise<AuthorizationDecision>): Promise<AuthorizationDecision> {
    try {
      return await run();
    } catch (error) {
      if (!isTransient(error)) throw error;
      const fields = { operation, error: error.code, message: error.message };
      if (this.#options.failMode === 'open') {
        const decision = failOpenDecision(`${FAIL_OPEN_PREFIX}${this.#port.randomUUID().replace(/-/g, '').slice(0, 16)}`, error);
        this.#log.warn('ASCEND unreachable: allowing by fail-open mode', fields);
        this.#emitter.emit('failOpen', { operation, decision, cause: error });
        return decision;
      }
      this.#log.error('ASCEND unreachable: failing closed', fields);
      throw new GovernanceUnavailableError(`ASCEND governance is unavailable; failing closed: ${error.message}`, { cause: error });
    }
  }

  #report(kind: SpooledReport['kind'], actionId: string, build: () => Record<string, unknown>): Promise<ReportReceipt> {
    const run = this.#deliverReport(kind, actionId, build).catch((error: unknown) => {
      // Defensive: nothing above should throw, and nothing may reach the host.
      return this.#notSent('report failed unexpectedly', kind, error);
    });
    this.#reportsInFlight.add(run);
    void run.finally(() => this.#reportsInFlight.delete(run));
    return run;
  }

  #notSent(message: string, kind: SpooledReport['kind'], error: unknown, actionId?: string): ReportReceipt {
    const e = toAscendError(error);
    this.#log.error(message, { kind, ...(actionId === undefined ? {} : { actionId }), error: e.code, message: e.message });
    return { delivered: false, spooled: false, error: e };
  }

  async #deliverReport(kind: SpooledReport['kind'], actionId: string, build: () => Record<string, unknown>): Promise<ReportReceipt> {
    let prepared: PreparedCall;
    try {
      this.#assertUsable();
      const spec = reportSpec(kind, actionId);
      if (actionId.startsWith(FAIL_OPEN_PREFIX)) {
        // The synthetic id exists only here: keep the audit record in the log, never on the wire.
        this.#log.warn('report of a fail-open action kept in the local log (the service never saw it)', { kind, actionId, report: build() });
        return { delivered: false, spooled: false, error: undefined, local: true };
      }
      prepared = await this.#transport.prepare({ ...spec, body: build() });
    } catch (error) {
      return this.#notSent('report not sent', kind, inCallerTerms(error));
    }
    const report: SpooledReport = {
      idempotencyKey: prepared.idempotencyKey!,
      kind,
      actionId,
      body: prepared.body!,
      timestamp: prepared.timestamp,
      correlationId: prepared.correlationId,
      spooledAt: this.#port.clock.now(),
    };
    const spooled = async (cause: AscendError): Promise<ReportReceipt> => {
      const persisted = await this.#spool.add(report, cause);
      return { delivered: false, spooled: true, error: undefined, ...(persisted ? {} : { persisted }) };
    };
    // Keep order: while older reports wait, new ones queue behind them.
    if (this.#spool.size > 0) return spooled(new GovernanceUnavailableError('earlier reports are still spooled'));
    try {
      await this.#transport.send(prepared, this.#background, { scope: this.#reportsLifetime });
      return { delivered: true, spooled: false, error: undefined };
    } catch (error) {
      const e = toAscendError(error);
      // Down, or cut off by close()'s deadline: keep it (a durable store outlives the process).
      if (e.code === 'ABORTED' || isTransient(e)) return spooled(e);
      return this.#notSent('report rejected by the service', kind, e, actionId);
    }
  }

  async #sendSpooled(report: SpooledReport, how: { retry?: false; background?: true } = {}): Promise<void> {
    const prepared = await this.#transport.prepare({
      ...reportSpec(report.kind, report.actionId),
      body: report.body,
      idempotencyKey: report.idempotencyKey,
      envelope: { timestamp: report.timestamp, correlationId: report.correlationId },
    });
    await this.#transport.send(prepared, this.#background, { scope: this.#reportsLifetime, ...how });
  }

  #scheduleSpoolReplay(): void {
    if (this.#spoolTimer !== undefined || this.#closing) return;
    this.#spoolTimer = this.#port.timers.setTimeout(
      () => {
        this.#spoolTimer = undefined;
        void this.#replayInBackground()
          .catch((e) => this.#log.error('spool replay failed', { error: e }))
          .finally(() => {
            if (this.#spool.size > 0) this.#scheduleSpoolReplay();
          });
      },
      this.#options.reportSpool.replayIntervalMs,
      'background',
    );
  }

  #scheduleHeartbeat(intervalMs: number): void {
    this.#heartbeatTimer = this.#port.timers.setTimeout(
      () => {
        this.#heartbeatTimer = undefined;
        void this.#sendHeartbeat({}, undefined, true)
          .catch((e: unknown) => this.#log.debug('heartbeat failed', { error: e }))
          .finally(() => {
            if (!this.#closing) this.#scheduleHeartbeat(intervalMs);
          });
      },
      intervalMs,
      'background',
    );
  }

  #isoNow(): string {
    return formatRequestTimestamp(this.#port.clock.now());
  }

  /** The identity sent with an action; the first action without an agentId logs one warning. */
  #identity(): ResolvedOptions {
    if (this.#unnamed) {
      this.#unnamed = false;
      this.#log.warn(MISSING_AGENT_ID_WARNING, { field: 'agentId' });
    }
    return this.#options;
  }

  #assertUsable(): void {
    if (this.#closing) throw new ConfigurationError('client', CLOSED);
  }
}

/** The network options of a method's options (the rest is the method's own). */
function pickCallOptions(o: CallOptions): CallOptions {
  const out: CallOptions = {};
  if (o.signal !== undefined) out.signal = o.signal;
  if (o.timeoutMs !== undefined) out.timeoutMs = o.timeoutMs;
  if (o.deadlineMs !== undefined) out.deadlineMs = o.deadlineMs;
  return out;
}

/** A server-sent text for an error message: at most 200 characters. */
function quoteSafely(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function alreadyExecuted(decision: AllowedDecision): ActionAlreadyExecutedError {
  return new ActionAlreadyExecutedError(decision.actionId, decision.execution!);
}

function submitSpec(body: unknown): CallSpec {
  return { ...routeCall(AGENT_ROUTES, 'submitAction'), body };
}

function reportSpec(kind: SpooledReport['kind'], actionId: string): CallSpec {
  return routeCall(AGENT_ROUTES, kind === 'complete' ? 'logActionCompleted' : 'logActionFailed', { actionId });
}

/** A service failure (network, timeout, 5xx, 429) or an open breaker: what fail mode and waits absorb. */
function isTransient(error: unknown): error is AscendError {
  return isServiceFailure(error) || isAscendError(error, 'CIRCUIT_OPEN');
}

/**
 * Any thrown value as an {@link AscendError} (`PROTOCOL_ERROR` for foreign ones).
 * @internal
 */
export function toAscendError(error: unknown): AscendError {
  if (isAscendError(error)) return error;
  return new AscendError('PROTOCOL_ERROR', error instanceof Error ? error.message : 'Unexpected failure', { cause: error });
}
