/**
 * The ASCEND client: every operation of the API, decisions with fail mode and approval waiting,
 * kill switch, bulk evaluation, report delivery with a spool, heartbeat, and lifecycle.
 */
import { AbortScope, mapConcurrent, sleep } from './async.js';
import { CircuitBreaker, type CircuitState, type CircuitStateChange } from './circuit-breaker.js';
import {
  failOpenDecision,
  isPendingDecisionHandle,
  parseDecision,
  parseMcpDecision,
  toPendingHandle,
  type AuthorizationDecision,
  type PendingDecision,
  type PendingDecisionHandle,
} from './decision.js';
import {
  AbortedError,
  ApprovalTimeoutError,
  AscendError,
  ConfigurationError,
  GovernanceUnavailableError,
  isAscendError,
  ValidationError,
} from './errors.js';
import { Emitter, type AscendClientEventName, type AscendClientEvents } from './events.js';
import { KillSwitchMonitor, type KillSwitchState } from './kill-switch.js';
import { jsonLinesLogger, LogSink, SecretMasker } from './logger.js';
import { resolveOptions, type AscendClientOptions, type FailMode, type ResolvedOptions, type SpooledReport } from './options.js';
import type { ResolvedPort, RuntimePort, TimerHandle } from './ports.js';
import { MemorySpoolStore, ReportSpool } from './report-spool.js';
import { isServiceFailure } from './retry.js';
import { resolvePort } from './runtime.js';
import { encodePath, formatRequestTimestamp, Transport, type CallSpec, type PreparedCall } from './transport.js';
import {
  completeBody,
  configureWebhookBody,
  failBody,
  heartbeatBody,
  mcpBody,
  modelIdBody,
  paging,
  parseActionDetails,
  parseActivity,
  parseAgentHealth,
  parseApproval,
  parseAuditLogs,
  parseClassification,
  parseCommands,
  parseConfiguredWebhook,
  parseDeploymentInfo,
  parseKillSwitch,
  parsePolicy,
  parseRegister,
  parseWebhook,
  parseWebhookList,
  parseWebhookTest,
  policyBody,
  registerBody,
  submitBody,
  supplyChainBody,
  updateWebhookBody,
  type ActionDetails,
  type ActionRequest,
  type ActivityPage,
  type AgentCommand,
  type AgentHealth,
  type ApprovalStatus,
  type AuditLogPage,
  type CompletionReport,
  type DeploymentInfo,
  type FailureReport,
  type HeartbeatMetrics,
  type KillSwitchStatus,
  type McpActionRequest,
  type PageOptions,
  type PolicyEvaluationRequest,
  type PolicyEvaluationResult,
  type RegisterAgentRequest,
  type RegisterAgentResult,
  type ResourceClassification,
  type SupplyChainComponent,
  type WebhookConfig,
  type WebhookConfigInput,
  type WebhookTestResult,
} from './wire.js';
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

/** Options of {@link AscendClient.evaluateAction}. */
export interface EvaluateOptions extends CallOptions {
  /** Wait for a pending decision to be approved or rejected. @defaultValue false */
  waitForApproval?: boolean;
  /** How long to wait for a human, in ms. @defaultValue the client's `approvals.timeoutMs` */
  approvalTimeoutMs?: number;
  /** Interval between status polls while waiting, in ms. @defaultValue the client's `approvals.pollIntervalMs` */
  pollIntervalMs?: number;
}

/** Options of {@link AscendClient.waitForDecision}. */
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

/** Result of {@link AscendClient.evaluateActions}. */
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

/** Options of {@link AscendClient.evaluateActions}. */
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
}

/** Result of {@link AscendClient.testConnection}. Never throws. */
export type ConnectionTestResult =
  | {
      /** True: health and deployment info both answered. */
      connected: true;
      /** The service's reported version. */
      apiVersion: string;
      /** The service's reported environment. */
      environment: string;
      /** This client's agent id. */
      agentId: string | undefined;
      /** This client's fail mode. */
      failMode: FailMode;
    }
  | {
      /** False: the service could not be reached or answered an error. */
      connected: false;
      /** Why. */
      error: AscendError;
    };

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


type CallClass = 'foreground' | 'background';

const MAX_BULK = 50;

/** Prefix of the synthetic action ids of fail-open decisions. */
const FAIL_OPEN_PREFIX = 'fail_open_';

/**
 * The ASCEND governance client, built from options and a runtime port. Use the adapters
 * (`@ascend/node`, `@ascend/browser`), which supply the port.
 *
 * @example
 * ```ts
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 50 } })
 * if (decision.decision === 'allowed') { await refund(); await client.logActionCompleted(decision.actionId, { durationMs: 12 }) }
 * ```
 */
export class AscendClient {
  /** The validated options (secrets included; never log this object). */
  private readonly options: ResolvedOptions;
  private readonly port: ResolvedPort;
  private readonly log: LogSink;
  private readonly transport: Transport;
  private readonly decisions: CircuitBreaker;
  private readonly background: CircuitBreaker;
  private readonly killSwitch: KillSwitchMonitor;
  private readonly spool: ReportSpool;
  private readonly emitter = new Emitter<AscendClientEvents>();
  /** Aborted by close(): cancels foreground calls, approval waits, polls and heartbeats. */
  private readonly lifetime = new AbortScope();
  /** Aborted when close()'s flush deadline passes: cancels report delivery. */
  private readonly reportsLifetime = new AbortScope();
  private readonly reportsInFlight = new Set<Promise<unknown>>();
  private spoolTimer: TimerHandle | undefined;
  private heartbeatTimer: TimerHandle | undefined;
  private closing: Promise<void> | undefined;

  /**
   * @param options - Client options; see {@link AscendClientOptions}.
   * @param port - The runtime port; adapters supply it.
   * @throws {@link ConfigurationError} naming the field for any invalid option.
   */
  constructor(options: AscendClientOptions | undefined, port: RuntimePort) {
    this.port = resolvePort(port);
    this.options = resolveOptions(options, this.port.env);
    const o = this.options;
    const masker = new SecretMasker([o.apiKey, o.signingSecret]);
    this.log = new LogSink(o.logger ?? jsonLinesLogger, o.logLevel, masker, () => this.port.clock.now());
    this.transport = new Transport({ options: o, port: this.port, log: this.log });
    const breakerConfig = o.circuitBreaker;
    this.decisions = new CircuitBreaker(breakerConfig, this.port.clock, breakerConfig.enabled);
    this.background = new CircuitBreaker(breakerConfig, this.port.clock, breakerConfig.enabled);
    const relay = (breaker: 'decisions' | 'background') => (change: CircuitStateChange) => {
      this.log.write(change.to === 'open' ? 'warn' : 'info', `circuit breaker ${change.from} -> ${change.to}`, { breaker });
      this.emitter.emit('circuitStateChange', { ...change, breaker });
    };
    this.decisions.onStateChange(relay('decisions'));
    this.background.onStateChange(relay('background'));
    const useCommands = o.killSwitch.useCommands && o.agentId !== undefined;
    this.killSwitch = new KillSwitchMonitor({
      clock: this.port.clock,
      timers: this.port.timers,
      intervalMs: o.killSwitch.intervalMs,
      staleAfterMs: o.killSwitch.staleAfterMs,
      onStale: o.killSwitch.onStale,
      poll: async () =>
        parseKillSwitch(await this.call('background', { operation: 'getKillSwitchStatus', method: 'GET', path: '/api/sdk/kill-switch/status' })),
      ...(useCommands
        ? {
            pollCommands: async () =>
              parseCommands(await this.call('background', { operation: 'getPendingCommands', method: 'GET', path: `${this.agentPath()}/commands` })),
            ackCommand: async (commandId: string) => {
              await this.call('background', {
                operation: 'ackCommand',
                method: 'POST',
                path: `${this.agentPath()}/commands/${encodePath(commandId, 'commandId')}/ack`,
                body: '{}',
              });
            },
          }
        : {}),
      onChange: (s) => {
        this.log.write(s.active || s.stale ? 'warn' : 'info', 'kill switch state changed', {
          active: s.active,
          stale: s.stale,
          reason: s.reason,
          source: s.source,
        });
        this.emitter.emit('killSwitchChange', { active: s.active, reason: s.reason, stale: s.stale });
      },
      onPollError: (e, what) => this.log.debug(`kill-switch ${what} poll failed`, { error: e }),
    });
    if (o.killSwitch.useCommands && o.agentId === undefined) {
      this.log.warn('killSwitch.useCommands needs an agentId; the pending-commands fallback is off');
    }
    this.spool = new ReportSpool(o.reportSpool.store ?? new MemorySpoolStore(), o.reportSpool.maxSize, {
      spooled: (report, size, cause) => {
        this.log.warn('report spooled for replay', { kind: report.kind, actionId: report.actionId, spoolSize: size, error: cause.code });
        this.emitter.emit('reportSpooled', { report, spoolSize: size, cause });
        this.scheduleSpoolReplay();
      },
      delivered: (report, size) => this.emitter.emit('reportDelivered', { report, spoolSize: size }),
      dropped: (report, reason, cause) => {
        this.log.error('report dropped', { kind: report.kind, actionId: report.actionId, reason, error: cause?.code });
        this.emitter.emit('reportDropped', cause ? { report, reason, cause } : { report, reason });
      },
      failed: (e) => this.log.error('report spool store failed', { error: e }),
    });
    if (o.reportSpool.store) {
      // A durable store may hold reports from an earlier process: replay them soon.
      void this.spool.load().then(() => {
        if (this.spool.size > 0) this.scheduleSpoolReplay();
      });
    }
    if (o.killSwitch.poll) this.killSwitch.start();
    if (o.heartbeat.enabled) this.scheduleHeartbeat(o.heartbeat.intervalMs);
    this.log.debug('client created', {
      baseUrl: o.baseUrl,
      agentId: o.agentId,
      environment: o.environment,
      failMode: o.failMode,
      signing: o.signingSecret !== undefined,
    });
  }

  /** The configured agent id, if any. */
  get agentId(): string | undefined {
    return this.options.agentId;
  }

  /** The configured fail mode. */
  get failMode(): FailMode {
    return this.options.failMode;
  }

  /** Subscribes to a client event; returns an unsubscribe function. */
  on<K extends AscendClientEventName>(name: K, listener: (payload: AscendClientEvents[K]) => void): () => void {
    return this.emitter.on(name, listener);
  }

  /** Breakers, kill switch and spool at a glance. */
  status(): ClientStatus {
    return {
      circuit: this.decisions.state,
      backgroundCircuit: this.background.state,
      killSwitch: this.killSwitch.state,
      spoolSize: this.spool.size,
      spoolDropped: this.spool.dropped,
      reportsInFlight: this.reportsInFlight.size,
      closed: this.closing !== undefined,
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
   * {@link AscendClient.waitForDecision}: approval gives allowed, rejection denied, and the
   * timeout an {@link ApprovalTimeoutError} in every fail mode.
   *
   * @throws {@link KillSwitchError}, {@link ValidationError}, {@link GovernanceUnavailableError},
   * {@link ApprovalTimeoutError} (when waiting), {@link ProtocolError}, {@link AuthenticationError},
   * {@link AuthorizationError}, {@link AbortedError}.
   */
  async evaluateAction(request: ActionRequest, options: EvaluateOptions = {}): Promise<AuthorizationDecision> {
    this.assertUsable();
    this.killSwitch.assertOpen();
    const body = submitBody(request, this.options);
    const decision = await this.withFailMode('submitAction', () =>
      this.call('foreground', { operation: 'submitAction', method: 'POST', path: '/api/v1/actions/submit', body, ...callOpts(options) }).then(
        (r) => parseDecision(r),
      ),
    );
    if (this.log.enabled('info')) {
      this.log.info('decision', {
        actionType: request.actionType,
        actionId: decision.actionId,
        decision: decision.decision,
        riskScore: decision.riskScore,
        failOpen: decision.failOpen !== undefined,
      });
    }
    if (decision.decision === 'pending' && options.waitForApproval) {
      return this.waitForDecision(toPendingHandle(decision), {
        ...(options.approvalTimeoutMs !== undefined ? { timeoutMs: options.approvalTimeoutMs } : {}),
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    }
    return decision;
  }

  /**
   * Submits an action and returns the service's decision as is: no kill-switch check, no fail
   * mode, no waiting. Prefer {@link AscendClient.evaluateAction}.
   */
  async submitAction(request: ActionRequest, options: CallOptions = {}): Promise<AuthorizationDecision> {
    this.assertUsable();
    const body = submitBody(request, this.options);
    return parseDecision(await this.call('foreground', { operation: 'submitAction', method: 'POST', path: '/api/v1/actions/submit', body, ...callOpts(options) }));
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
  async waitForDecision(pending: PendingDecisionHandle | PendingDecision, options: WaitOptions = {}): Promise<AuthorizationDecision> {
    this.assertUsable();
    if (!isPendingDecisionHandle(pending)) {
      throw new ValidationError('pending decision handle needs an actionId', { actionId: 'Required field is missing or empty' });
    }
    const timeoutMs = options.timeoutMs ?? this.options.approvals.timeoutMs;
    const interval = options.pollIntervalMs ?? this.options.approvals.pollIntervalMs;
    const { clock, timers } = this.port;
    let deadline = clock.now() + timeoutMs;
    const expiresAt = typeof pending.expiresAt === 'string' ? Date.parse(pending.expiresAt) : NaN;
    if (Number.isFinite(expiresAt)) deadline = Math.min(deadline, expiresAt);
    return this.lifetime.run(async (lifetime) => {
      const signals = [options.signal, lifetime];
      const callOptions: CallOptions = options.signal ? { signal: options.signal } : {};
      for (;;) {
        this.killSwitch.assertOpen();
        try {
          const decision = await this.getActionStatus(pending.actionId, callOptions);
          if (decision.decision !== 'pending') return decision;
        } catch (error) {
          const transient = isServiceFailure(error) || isAscendError(error, 'CIRCUIT_OPEN');
          if (!transient) throw error;
          this.log.warn('approval status poll failed; still waiting', { actionId: pending.actionId, error: (error as AscendError).code });
        }
        const left = deadline - clock.now();
        if (left <= 0) {
          this.log.warn('approval not decided in time', { actionId: pending.actionId, timeoutMs });
          throw new ApprovalTimeoutError(pending.actionId, timeoutMs);
        }
        await sleep(Math.min(interval, left), timers, signals);
      }
    });
  }

  /**
   * Evaluates up to 50 actions with bounded concurrency. Each item goes through
   * {@link AscendClient.evaluateAction} (kill switch, validation, fail mode; no approval wait),
   * orchestration fields included. Results come in input order; a failed item is captured in
   * its result and never aborts the rest.
   *
   * While the kill switch is active every item fails with {@link KillSwitchError}, before any
   * I/O, and is reported in its result like any other failure.
   *
   * @throws {@link ValidationError} for more than 50 items or a bad concurrency.
   */
  async evaluateActions(items: readonly ActionRequest[], options: BulkOptions = {}): Promise<BulkEvaluationResult> {
    this.assertUsable();
    if (!Array.isArray(items)) throw new ValidationError('actions must be an array', { actions: 'Must be an array' });
    if (items.length > MAX_BULK) throw new ValidationError('too many actions', { actions: `Exceeds limit of ${MAX_BULK}` });
    const concurrency = options.concurrency ?? 5;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_BULK) {
      throw new ValidationError('concurrency out of range', { concurrency: `Must be an integer 1..${MAX_BULK}` });
    }
    const itemOptions: EvaluateOptions = options.signal ? { signal: options.signal } : {};
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
   * fail mode applied like {@link AscendClient.evaluateAction}.
   */
  async evaluateMcpAction(request: McpActionRequest, options: CallOptions = {}): Promise<AuthorizationDecision> {
    this.assertUsable();
    this.killSwitch.assertOpen();
    const body = mcpBody(request, this.options.environment);
    return this.withFailMode('submitMcpAction', async () =>
      parseMcpDecision(await this.call('foreground', { operation: 'submitMcpAction', method: 'POST', path: '/api/v1/mcp/actions/submit', body, ...callOpts(options) })),
    );
  }

  /** Current decision of an action, via the v1 status path (§3.4). */
  async getActionStatus(actionId: string, options: CallOptions = {}): Promise<AuthorizationDecision> {
    const path = `/api/v1/actions/${encodePath(actionId, 'actionId')}/status`;
    return parseDecision(await this.call('foreground', { operation: 'getActionStatus', method: 'GET', path, ...callOpts(options) }), actionId);
  }

  /** The stored record of an action (§3.5). */
  async getAction(actionId: string, options: CallOptions = {}): Promise<ActionDetails> {
    const path = `/api/v1/actions/${encodePath(actionId, 'actionId')}`;
    return parseActionDetails(await this.call('foreground', { operation: 'getAction', method: 'GET', path, ...callOpts(options) }), actionId);
  }

  /** Status of an approval request (§3.20). */
  async checkApproval(approvalRequestId: string, options: CallOptions = {}): Promise<ApprovalStatus> {
    const path = `/api/sdk/approval/${encodePath(approvalRequestId, 'approvalRequestId')}`;
    return parseApproval(await this.call('foreground', { operation: 'checkApproval', method: 'GET', path, ...callOpts(options) }));
  }

  // ---------------------------------------------------------------------------------------
  // Reports

  /**
   * Reports that an allowed action completed. Never throws: an undeliverable report is spooled
   * and replayed with its original idempotency key when the service is back.
   */
  logActionCompleted(actionId: string, report: CompletionReport = {}): Promise<ReportReceipt> {
    return this.report('complete', actionId, () => completeBody(actionId, report, this.isoNow()));
  }

  /** Reports that an allowed action failed. Never throws; spooled like completions. */
  logActionFailed(actionId: string, report: FailureReport): Promise<ReportReceipt> {
    return this.report('fail', actionId, () => failBody(actionId, report, this.isoNow()));
  }

  /**
   * Tries to deliver every spooled report now, oldest first, each with its original idempotency
   * key and bytes. Resolves when the spool is empty or the service is still down. Never throws.
   */
  async flushReports(): Promise<void> {
    await this.spool.replay((r) => this.sendSpooled(r), isServiceFailure);
  }

  // ---------------------------------------------------------------------------------------
  // Agents

  /** Registers this agent (§3.9). An "already exists" answer resolves with `alreadyRegistered`. */
  async register(request: RegisterAgentRequest = {}, options: CallOptions = {}): Promise<RegisterAgentResult> {
    const agentId = this.requireAgentId();
    const body = registerBody(agentId, this.options.agentName, this.options.environment, request);
    try {
      return parseRegister(await this.call('foreground', { operation: 'register', method: 'POST', path: '/api/registry/agents', body, ...callOpts(options) }), agentId);
    } catch (error) {
      if ((isAscendError(error, 'VALIDATION_ERROR') || isAscendError(error, 'CONFLICT')) && /already (exists|registered)/i.test(error.message)) {
        return { alreadyRegistered: true, agentId, trustLevel: undefined, raw: {} };
      }
      throw error;
    }
  }

  /** Deregisters this agent (§3.10) and stops kill-switch polling. */
  async deregister(options: CallOptions = {}): Promise<void> {
    const agentId = this.requireAgentId();
    this.killSwitch.stop();
    await this.call('foreground', { operation: 'deregister', method: 'DELETE', path: `/api/registry/agents/${encodePath(agentId, 'agentId')}`, ...callOpts(options) });
  }

  /** Links a registered model to this agent (§3.11). */
  async linkModel(modelId: number, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const agentId = this.requireAgentId();
    const body = modelIdBody(modelId);
    const res = await this.call('foreground', { operation: 'linkModel', method: 'PUT', path: `/api/registry/agents/${encodePath(agentId, 'agentId')}`, body, ...callOpts(options) });
    return isObject(res) ? res : {};
  }

  /**
   * Sends one heartbeat (§3.12). Background traffic: it goes through the background breaker, so
   * failing heartbeats cannot open the breaker that guards decisions.
   */
  async heartbeat(metrics: HeartbeatMetrics = {}, options: CallOptions = {}): Promise<void> {
    const body = heartbeatBody(this.options.agentId, this.isoNow(), metrics);
    await this.call('background', { operation: 'heartbeat', method: 'POST', path: '/api/agents/health/heartbeat', body, ...callOpts(options) });
  }

  /** An agent's health (§3.13); defaults to this agent. */
  async getAgentHealth(agentId?: string, options: CallOptions = {}): Promise<AgentHealth> {
    const target = agentId ?? this.requireAgentId();
    return parseAgentHealth(await this.call('foreground', { operation: 'getAgentHealth', method: 'GET', path: `/api/agents/health/${encodePath(target, 'agentId')}`, ...callOpts(options) }));
  }

  // ---------------------------------------------------------------------------------------
  // Kill switch and commands

  /** Fetches the kill-switch status (§3.14) and applies it to the local state. */
  async getKillSwitchStatus(options: CallOptions = {}): Promise<KillSwitchStatus> {
    const status = parseKillSwitch(await this.call('foreground', { operation: 'getKillSwitchStatus', method: 'GET', path: '/api/sdk/kill-switch/status', ...callOpts(options) }));
    this.killSwitch.apply(status);
    return status;
  }

  /**
   * Starts kill-switch polling. Returns at once (the first poll runs from a timer, not in the
   * caller's stack); calling it again while polling does nothing.
   */
  startKillSwitchPolling(): void {
    this.assertUsable();
    this.killSwitch.start();
  }

  /** Stops kill-switch polling and forgets the polled state. Idempotent. */
  stopKillSwitchPolling(): void {
    this.killSwitch.stop();
  }

  /** Pending commands for an agent (§3.15); defaults to this agent. */
  async getPendingCommands(agentId?: string, options: CallOptions = {}): Promise<AgentCommand[]> {
    const target = agentId ?? this.requireAgentId();
    return parseCommands(await this.call('foreground', { operation: 'getPendingCommands', method: 'GET', path: `/api/registry/agents/${encodePath(target, 'agentId')}/commands`, ...callOpts(options) }));
  }

  /** Acknowledges a command (§3.16). The body is the literal `{}`, unsigned. */
  async ackCommand(commandId: string, agentId?: string, options: CallOptions = {}): Promise<boolean> {
    const target = agentId ?? this.requireAgentId();
    const path = `/api/registry/agents/${encodePath(target, 'agentId')}/commands/${encodePath(commandId, 'commandId')}/ack`;
    const res = await this.call('foreground', { operation: 'ackCommand', method: 'POST', path, body: '{}', ...callOpts(options) });
    return isObject(res) && res['success'] === true;
  }

  // ---------------------------------------------------------------------------------------
  // Policy, classifications, audit, activity

  /** Real-time policy evaluation (§3.17). Not subject to fail mode. */
  async evaluatePolicy(request: PolicyEvaluationRequest, options: CallOptions = {}): Promise<PolicyEvaluationResult> {
    const body = policyBody(request);
    return parsePolicy(await this.call('foreground', { operation: 'evaluatePolicy', method: 'POST', path: '/api/governance/policies/evaluate-realtime', body, ...callOpts(options) }));
  }

  /** The classification of a resource type (§3.18), or null when there is none (404 included). */
  async getResourceClassification(resourceType: string, options: CallOptions = {}): Promise<ResourceClassification | null> {
    if (typeof resourceType !== 'string' || resourceType.trim() === '') {
      throw new ValidationError('resourceType is required', { resourceType: 'Required field is missing or empty' });
    }
    try {
      const res = await this.call('foreground', { operation: 'getResourceClassification', method: 'GET', path: '/api/v1/resource-classifications', query: { resource_type: resourceType }, ...callOpts(options) });
      return parseClassification(res, resourceType);
    } catch (error) {
      if (isAscendError(error, 'NOT_FOUND')) return null;
      throw error;
    }
  }

  /** A page of audit events (§3.19; note the path has no `/api` prefix). */
  async getAuditLogs(page: PageOptions = {}, options: CallOptions = {}): Promise<AuditLogPage> {
    const { limit, offset } = paging(page);
    return parseAuditLogs(await this.call('foreground', { operation: 'getAuditLogs', method: 'GET', path: '/audit/logs', query: { limit, offset }, ...callOpts(options) }), { limit, offset });
  }

  /** This agent's recent activity (§3.8). */
  async listActivity(page: PageOptions & { status?: string } = {}, options: CallOptions = {}): Promise<ActivityPage> {
    const { limit, offset } = paging(page);
    const query = { limit, offset, status: page.status || undefined, agent_id: this.options.agentId };
    return parseActivity(await this.call('foreground', { operation: 'listActivity', method: 'GET', path: '/api/agent-activity', query, ...callOpts(options) }));
  }

  // ---------------------------------------------------------------------------------------
  // Webhooks

  /** Configures a webhook (§3.21). */
  async configureWebhook(input: WebhookConfigInput, options: CallOptions = {}): Promise<WebhookConfig> {
    const body = configureWebhookBody(input, this.options.agentId);
    return parseConfiguredWebhook(await this.call('foreground', { operation: 'configureWebhook', method: 'POST', path: '/api/webhooks/configure', body, ...callOpts(options) }), body);
  }

  /** Lists webhooks (§3.22). */
  async listWebhooks(options: CallOptions = {}): Promise<WebhookConfig[]> {
    return parseWebhookList(await this.call('foreground', { operation: 'listWebhooks', method: 'GET', path: '/api/webhooks', ...callOpts(options) }));
  }

  /** Updates a webhook with the given fields, checked like configure (§3.23). */
  async updateWebhook(webhookId: string, input: Partial<WebhookConfigInput>, options: CallOptions = {}): Promise<WebhookConfig> {
    const body = updateWebhookBody(input);
    const res = await this.call('foreground', { operation: 'updateWebhook', method: 'PUT', path: `/api/webhooks/${encodePath(webhookId, 'webhookId')}`, body, ...callOpts(options) });
    return parseConfiguredWebhook(res, { webhook_id: webhookId, ...body });
  }

  /** Deletes a webhook (§3.24). */
  async deleteWebhook(webhookId: string, options: CallOptions = {}): Promise<void> {
    await this.call('foreground', { operation: 'deleteWebhook', method: 'DELETE', path: `/api/webhooks/${encodePath(webhookId, 'webhookId')}`, ...callOpts(options) });
  }

  /** Asks the service to send a test delivery (§3.25). */
  async testWebhook(webhookId: string, options: CallOptions = {}): Promise<WebhookTestResult> {
    return parseWebhookTest(await this.call('foreground', { operation: 'testWebhook', method: 'POST', path: `/api/webhooks/${encodePath(webhookId, 'webhookId')}/test`, ...callOpts(options) }));
  }

  // ---------------------------------------------------------------------------------------
  // Supply chain, health, deployment

  /** Registers a supply-chain component (§3.26). */
  async registerSupplyChainComponent(component: SupplyChainComponent, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const body = supplyChainBody(component);
    const res = await this.call('foreground', { operation: 'registerSupplyChainComponent', method: 'POST', path: '/api/v1/supply-chain/components', body, ...callOpts(options) });
    return isObject(res) ? res : {};
  }

  /** Service liveness (§3.1). */
  async health(options: CallOptions = {}): Promise<Record<string, unknown>> {
    const res = await this.call('foreground', { operation: 'health', method: 'GET', path: '/health', ...callOpts(options) });
    return isObject(res) ? res : {};
  }

  /** Deployment information (§3.2). */
  async getDeploymentInfo(options: CallOptions = {}): Promise<DeploymentInfo> {
    return parseDeploymentInfo(await this.call('foreground', { operation: 'getDeploymentInfo', method: 'GET', path: '/api/deployment-info', ...callOpts(options) }));
  }

  /** Health plus deployment info. Never throws. */
  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    try {
      await this.health(options);
      const info = await this.getDeploymentInfo(options);
      return { connected: true, apiVersion: info.version, environment: info.environment, agentId: this.options.agentId, failMode: this.options.failMode };
    } catch (error) {
      return { connected: false, error: toAscendError(error) };
    }
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
  close(
    options: {
      /** How long close() may spend delivering in-flight and spooled reports, in ms. @defaultValue 2000 */
      flushDeadlineMs?: number;
    } = {},
  ): Promise<void> {
    this.closing ??= this.shutdown(options.flushDeadlineMs ?? 2000);
    return this.closing;
  }

  private async shutdown(flushDeadlineMs: number): Promise<void> {
    this.killSwitch.stop();
    if (this.heartbeatTimer !== undefined) this.port.timers.clearTimeout(this.heartbeatTimer);
    if (this.spoolTimer !== undefined) this.port.timers.clearTimeout(this.spoolTimer);
    this.heartbeatTimer = this.spoolTimer = undefined;
    this.lifetime.abort(new AbortedError('The client was closed'));
    if (this.reportsInFlight.size > 0 || this.spool.size > 0) {
      let timer: TimerHandle | undefined;
      const deadline = new Promise<void>((resolve) => (timer = this.port.timers.setTimeout(resolve, flushDeadlineMs)));
      const flush = (async () => {
        await Promise.allSettled([...this.reportsInFlight]);
        await this.spool.replay((r) => this.sendSpooled(r, { retry: false }), isServiceFailure);
      })();
      await Promise.race([flush, deadline]);
      this.port.timers.clearTimeout(timer);
    }
    this.reportsLifetime.abort(new AbortedError('The client was closed'));
    if (this.spool.size > 0) this.log.warn('closing with undelivered reports in the spool', { spoolSize: this.spool.size });
  }

  /** `await using client = …` support. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---------------------------------------------------------------------------------------
  // Internals

  private async call(cls: CallClass, spec: CallSpec): Promise<unknown> {
    this.assertUsable();
    const breaker = cls === 'background' ? this.background : this.decisions;
    // Fail fast before building and signing a request that could not be sent.
    breaker.check();
    const prepared = await this.transport.prepare(spec);
    const result = await this.transport.send(prepared, breaker, {
      signals: spec.signal ? [spec.signal] : undefined,
      scope: this.lifetime,
      timeoutMs: spec.timeoutMs,
      deadlineMs: spec.deadlineMs,
    });
    return result.body;
  }

  private async withFailMode(operation: string, run: () => Promise<AuthorizationDecision>): Promise<AuthorizationDecision> {
    try {
      return await run();
    } catch (error) {
      if (!isServiceFailure(error) && !isAscendError(error, 'CIRCUIT_OPEN')) throw error;
      const cause = error as AscendError;
      if (this.options.failMode === 'open') {
        const decision = failOpenDecision(`${FAIL_OPEN_PREFIX}${this.port.randomUUID().replace(/-/g, '').slice(0, 16)}`, cause);
        this.log.warn('ASCEND unreachable: allowing by fail-open mode', { operation, error: cause.code, message: cause.message });
        this.emitter.emit('failOpen', { operation, decision, cause });
        return decision;
      }
      this.log.error('ASCEND unreachable: failing closed', { operation, error: cause.code, message: cause.message });
      throw new GovernanceUnavailableError(`ASCEND governance is unavailable; failing closed: ${cause.message}`, { cause });
    }
  }

  private report(kind: 'complete' | 'fail', actionId: string, build: () => Record<string, unknown>): Promise<ReportReceipt> {
    const run = this.deliverReport(kind, actionId, build).catch((error: unknown): ReportReceipt => {
      // Defensive: nothing above should throw, and nothing may reach the host.
      const e = toAscendError(error);
      this.log.error('report failed unexpectedly', { kind, error: e.code, message: e.message });
      return { delivered: false, spooled: false, error: e };
    });
    this.reportsInFlight.add(run);
    void run.finally(() => this.reportsInFlight.delete(run));
    return run;
  }

  private async deliverReport(kind: 'complete' | 'fail', actionId: string, build: () => Record<string, unknown>): Promise<ReportReceipt> {
    let prepared: PreparedCall;
    try {
      if (this.closing) throw new ConfigurationError('client', 'the client is closed');
      const path = `/api/agent-action/${encodePath(actionId, 'actionId')}/${kind}`;
      if (actionId.startsWith(FAIL_OPEN_PREFIX)) {
        // The synthetic id exists only here: keep the audit record in the log, never on the wire.
        this.log.warn('report of a fail-open action kept in the local log (the service never saw it)', { kind, actionId, report: build() });
        return { delivered: false, spooled: false, error: undefined, local: true };
      }
      prepared = await this.transport.prepare({ operation: kind === 'complete' ? 'logActionCompleted' : 'logActionFailed', method: 'POST', path, body: build() });
    } catch (error) {
      const e = toAscendError(error);
      this.log.error('report not sent', { kind, error: e.code, message: e.message });
      return { delivered: false, spooled: false, error: e };
    }
    const report: SpooledReport = {
      idempotencyKey: prepared.idempotencyKey!,
      kind,
      actionId,
      body: prepared.body!,
      timestamp: prepared.timestamp,
      correlationId: prepared.correlationId,
      spooledAt: this.port.clock.now(),
    };
    if (this.spool.size > 0) {
      // Keep order: while older reports wait, new ones queue behind them.
      await this.spool.add(report, new GovernanceUnavailableError('earlier reports are still spooled'));
      return { delivered: false, spooled: true, error: undefined };
    }
    try {
      await this.transport.send(prepared, this.background, { scope: this.reportsLifetime });
      return { delivered: true, spooled: false, error: undefined };
    } catch (error) {
      const e = toAscendError(error);
      // Down, or cut off by close()'s deadline: keep it (a durable store outlives the process).
      if (isServiceFailure(e) || e.code === 'CIRCUIT_OPEN' || e.code === 'ABORTED') {
        await this.spool.add(report, e);
        return { delivered: false, spooled: true, error: undefined };
      }
      this.log.error('report rejected by the service', { kind, actionId, error: e.code, message: e.message });
      return { delivered: false, spooled: false, error: e };
    }
  }

  private async sendSpooled(report: SpooledReport, options: { retry?: boolean } = {}): Promise<void> {
    const prepared = await this.transport.prepare({
      operation: report.kind === 'complete' ? 'logActionCompleted' : 'logActionFailed',
      method: 'POST',
      path: `/api/agent-action/${encodePath(report.actionId, 'actionId')}/${report.kind}`,
      body: report.body,
      idempotencyKey: report.idempotencyKey,
      envelope: { timestamp: report.timestamp, correlationId: report.correlationId },
    });
    await this.transport.send(prepared, this.background, { scope: this.reportsLifetime, ...options });
  }

  private scheduleSpoolReplay(): void {
    if (this.spoolTimer !== undefined || this.closing) return;
    this.spoolTimer = this.port.timers.setTimeout(() => {
      this.spoolTimer = undefined;
      void this.flushReports()
        .catch((e) => this.log.error('spool replay failed', { error: e }))
        .finally(() => {
          if (this.spool.size > 0) this.scheduleSpoolReplay();
        });
    }, this.options.reportSpool.replayIntervalMs);
  }

  private scheduleHeartbeat(intervalMs: number): void {
    this.heartbeatTimer = this.port.timers.setTimeout(() => {
      this.heartbeatTimer = undefined;
      void this.heartbeat()
        .catch((e: unknown) => this.log.debug('heartbeat failed', { error: e }))
        .finally(() => {
          if (!this.closing) this.scheduleHeartbeat(intervalMs);
        });
    }, intervalMs);
  }

  private agentPath(): string {
    return `/api/registry/agents/${encodePath(this.requireAgentId(), 'agentId')}`;
  }

  private requireAgentId(): string {
    const agentId = this.options.agentId;
    if (!agentId) throw new ValidationError('agentId is required for this operation', { agentId: 'Required field' });
    return agentId;
  }

  private isoNow(): string {
    return formatRequestTimestamp(this.port.clock.now());
  }

  private assertUsable(): void {
    if (this.closing) throw new ConfigurationError('client', 'the client is closed');
  }
}

function callOpts(o: CallOptions): Pick<CallSpec, 'signal' | 'timeoutMs' | 'deadlineMs'> {
  const out: Pick<CallSpec, 'signal' | 'timeoutMs' | 'deadlineMs'> = {};
  if (o.signal) out.signal = o.signal;
  if (o.timeoutMs !== undefined) out.timeoutMs = o.timeoutMs;
  if (o.deadlineMs !== undefined) out.deadlineMs = o.deadlineMs;
  return out;
}

function toAscendError(error: unknown): AscendError {
  if (isAscendError(error)) return error;
  return new AscendError('PROTOCOL_ERROR', error instanceof Error ? error.message : 'Unexpected failure', { cause: error });
}
