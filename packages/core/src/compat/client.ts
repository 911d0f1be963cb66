/**
 * The vendor's documented `AscendClient` (Node.js SDK 2.0) as a thin mapping onto this SDK's
 * {@link CoreAscendClient}: the vendor's option names and units, method names, positional report
 * signatures, result shapes and error classes, with this SDK's transport, retries, breakers,
 * fail mode, approval waits and report spool underneath. Where the vendor's semantics are unsafe,
 * this SDK's win (see the compat section of the README).
 */
import type { AscendClient as CoreAscendClient } from '../client.js';
import type { CircuitState as CoreCircuitState } from '../circuit-breaker.js';
import { optionsOf, toAscendError } from '../agent-client.js';
import type { AuthorizationDecision } from '../decision.js';
import { ConfigurationError, ValidationError as CoreValidationError } from '../errors.js';
import { textLinesLogger, type Logger } from '../logger.js';
import { MetricsRecorder } from '../metrics.js';
import type { ActionRequest } from '../wire-agent.js';
import { AgentClients } from './agent-clients.js';
import { toCompatError, ValidationError } from './errors.js';
import { snapshotFromCore, type MetricsSnapshot } from './metrics.js';
import { isObject, mapOptions, renameField, type CoreClientFactory } from './options.js';
import type {
  ActionLogResponse,
  ApprovalStatusResponse,
  AscendClientOptions,
  CircuitBreakerState,
  CircuitState,
  ConnectionStatus,
  EvaluateActionOptions,
  EvaluateActionResult,
  PollActionStatusOptions,
  RegisterResponse,
  WaitForDecisionOptions,
  WebhookConfigResponse,
} from './types.js';

const REQUEST_KEYS = new Set(
  'actionType resource agentId toolName description parameters context waitForApproval approvalTimeout riskLevel requireHumanApproval'.split(' '),
);
const RISK_LEVELS = ['low', 'medium', 'high', 'critical'];
/** The vendor's default approval wait. */
const DEFAULT_APPROVAL_TIMEOUT_MS = 300_000;

/** Converts this SDK's request to a core request, checking the vendor-only fields. */
function toCoreRequest(request: EvaluateActionOptions): { core: ActionRequest; wait: boolean; approvalTimeoutMs: number; agentId: string | undefined } {
  if (!isObject(request)) throw new ValidationError('action request must be an object', { request: 'Must be an object' });
  for (const key of Object.keys(request)) {
    if (!REQUEST_KEYS.has(key)) throw new ValidationError(`unknown field ${key}`, { [key]: `Unknown field; allowed: ${[...REQUEST_KEYS].join(', ')}` });
  }
  const { actionType, parameters, context, waitForApproval, approvalTimeout, riskLevel, requireHumanApproval } = request;
  // The integration guide's per-call fields: who acts, with which tool, doing what.
  const agentId = optionalText(request.agentId, 'agentId');
  const toolName = optionalText(request.toolName, 'toolName');
  const description = optionalText(request.description, 'description');
  const resource = request.resource ?? toolName;
  if (waitForApproval !== undefined && typeof waitForApproval !== 'boolean') {
    throw new ValidationError('waitForApproval must be a boolean', { waitForApproval: 'Must be a boolean' });
  }
  if (approvalTimeout !== undefined && (typeof approvalTimeout !== 'number' || !Number.isInteger(approvalTimeout) || approvalTimeout < 1)) {
    throw new ValidationError('approvalTimeout must be a positive integer number of milliseconds', { approvalTimeout: 'Must be a positive integer (ms)' });
  }
  let level: string | undefined;
  if (riskLevel !== undefined) {
    level = typeof riskLevel === 'string' ? riskLevel.toLowerCase() : undefined;
    if (level === undefined || !RISK_LEVELS.includes(level)) {
      throw new ValidationError('riskLevel must be low, medium, high or critical', { riskLevel: 'Must be one of: low, medium, high, critical' });
    }
  }
  if (context !== undefined && !isObject(context)) throw new ValidationError('context must be an object', { context: 'Must be an object' });
  // A missing resource (and no toolName) is refused by this SDK's request check, naming `resource`.
  const core: ActionRequest = { actionType, resource: resource as string };
  if (parameters !== undefined) core.parameters = parameters;
  const extra = {
    ...(level === undefined ? {} : { risk_level: level }),
    ...(toolName === undefined ? {} : { tool_name: toolName }),
    ...(description === undefined ? {} : { description }),
  };
  if (context !== undefined || Object.keys(extra).length > 0) core.context = { ...context, ...extra };
  if (requireHumanApproval !== undefined) core.requireHumanApproval = requireHumanApproval;
  return { core, wait: waitForApproval === true, approvalTimeoutMs: approvalTimeout ?? DEFAULT_APPROVAL_TIMEOUT_MS, agentId };
}

/** A non-blank string, or undefined when left out. */
function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '')
    throw new ValidationError(`${field}: must be a non-empty string`, { [field]: 'Must be a non-empty string' });
  return value;
}

/** A positive number of `unit` within `max`, or `fallback` when left out. */
function duration(value: unknown, field: string, unit: 'seconds' | 'milliseconds', max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new ValidationError(`${field}: must be a positive number of ${unit}, at most ${max}`, { [field]: `Must be a positive number of ${unit}` });
  }
  return value;
}

/** An action id as the results carry it (a string), or a service's numeric id. */
function actionIdOf(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new ValidationError('actionId: Required field is missing or empty', { actionId: 'Required field is missing or empty' });
}

/**
 * A decision in the vendor's result shape.
 * @internal
 */
export function toResult(d: AuthorizationDecision): EvaluateActionResult {
  const result: EvaluateActionResult = {
    decision: d.decision,
    actionId: d.actionId,
    approved: d.decision === 'allowed',
    requiresApproval: d.decision === 'pending',
    status: d.decision === 'allowed' ? 'approved' : d.decision,
    policyViolations: [...d.policyViolations],
    conditions: [...d.conditions],
    requiredApprovers: [],
    metadata: { ...d.metadata },
  };
  if (d.reason !== undefined) result.reason = d.reason;
  if (d.riskScore !== undefined) result.riskScore = d.riskScore;
  if (d.decision === 'pending') {
    result.requiredApprovers = [...d.requiredApprovers];
    if (d.approvalRequestId !== undefined) result.approvalRequestId = d.approvalRequestId;
    if (d.expiresAt !== undefined) result.expiresAt = d.expiresAt;
  }
  if (d.decision === 'allowed' && d.failOpen !== undefined) {
    if (!result.conditions.includes('fail_open_mode')) result.conditions.push('fail_open_mode');
    result.metadata['failOpen'] = true;
    result.metadata['originalError'] = d.failOpen.cause.message;
    result.reason ??= 'Allowed because ASCEND is unavailable (fail-open mode)';
  }
  if (d.approvedBy !== undefined) result.metadata['approvedBy'] = d.approvedBy;
  if (d.riskLevel !== undefined) result.riskLevel = d.riskLevel;
  if (d.decision === 'denied') {
    const why = d.reason ?? d.comments;
    if (why !== undefined) result.rejectionReason = why;
  }
  return result;
}

/** The vendor's breaker state name for this SDK's. */
function stateName(state: CoreCircuitState): CircuitState {
  return state.name === 'half-open' ? 'half_open' : state.name;
}

/** Runs a call of this SDK, translating its errors into the compatibility classes. */
async function compat<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toCompatError(error);
  }
}

/**
 * The vendor's documented `AscendClient`, mapped onto this SDK's client. The adapters
 * (`@ascend/node/compat`, `@ascend/browser/compat`) export it with the runtime supplied, so
 * `new AscendClient({ apiKey, agentId, agentName })` works as in the vendor's docs.
 *
 * @example
 * ```ts
 * import { AscendClient, FailMode, Decision } from '@ascend/node/compat'
 * const client = new AscendClient({ apiKey: 'owkai_your_api_key', agentId: 'agent-001', agentName: 'My AI Agent', failMode: FailMode.CLOSED })
 * const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db', parameters: { query: 'SELECT 1' } })
 * if (decision.decision === Decision.ALLOWED) await client.logActionCompleted(decision.actionId, { rowsReturned: 1 }, 150)
 * ```
 */
export class CompatAscendClient {
  readonly #client: CoreAscendClient;
  readonly #metrics: boolean;
  readonly #agents: AgentClients;
  #recorder = new MetricsRecorder(Date.now());

  /**
   * @param options - The vendor's options; see {@link AscendClientOptions}.
   * @param factory - Builds this SDK's client; the adapters pass their own.
   * @throws {@link ValidationError} naming the field for any invalid option.
   */
  constructor(options: AscendClientOptions, factory: CoreClientFactory) {
    const { core, jsonLogs, enableMetrics } = mapOptions(options);
    try {
      this.#client = factory(core, { jsonLogs });
    } catch (error) {
      // Name the field as the caller spelled it.
      throw toCompatError(error instanceof ConfigurationError ? renameField(error, options) : error);
    }
    this.#metrics = enableMetrics;
    // Agents named per call (the integration guide) get clients of their own, on the same options.
    this.#agents = new AgentClients((agentOptions) => factory(agentOptions, { jsonLogs }), core);
  }

  /** This SDK's client underneath, for everything the vendor's API does not have. */
  get ascend(): CoreAscendClient {
    return this.#client;
  }

  /** Registers this agent. */
  register(options: { agentType: string; capabilities: string[]; allowedResources?: string[]; metadata?: Record<string, unknown> }): Promise<RegisterResponse> {
    return compat(async () => {
      const r = await this.#client.register(options);
      const raw = r.raw;
      const registeredAt = raw['registered_at'] ?? raw['created_at'];
      return {
        agentId: r.agentId,
        status: r.alreadyRegistered ? 'already_registered' : 'registered',
        registeredAt: typeof registeredAt === 'string' ? registeredAt : new Date().toISOString(),
        capabilities: Array.isArray(raw['capabilities']) ? raw['capabilities'].filter((c): c is string => typeof c === 'string') : [...options.capabilities],
        metadata: { ...raw },
      };
    });
  }

  /**
   * Asks ASCEND whether an action may run (this SDK's `evaluateAction`: kill switch, validation,
   * fail mode). With `waitForApproval`, a pending decision is waited on for `approvalTimeout` ms;
   * a timeout throws `TimeoutError` in every fail mode (never a fail-open allow).
   *
   * @throws `ValidationError`, `AuthenticationError`, `AuthorizationError` (403 or kill switch),
   * `ConnectionError` / `TimeoutError` / `CircuitBreakerOpenError` / `RateLimitError` (service
   * unavailable in fail-closed mode), `TimeoutError` (approval wait).
   */
  evaluateAction(options: EvaluateActionOptions): Promise<EvaluateActionResult> {
    return compat(async () => {
      const { core, wait, approvalTimeoutMs, agentId } = toCoreRequest(options);
      const client = agentId === undefined || agentId === this.#client.agentId ? this.#client : this.#agents.for(agentId, agentId);
      // Counted here, whichever client submits, so getMetrics() covers every agent.
      const started = Date.now();
      try {
        const decision = await client.evaluateAction(core, wait ? { waitForApproval: true, approvalTimeoutMs } : {});
        this.#recorder.decision(decision, Date.now() - started);
        return toResult(decision);
      } catch (error) {
        this.#recorder.error(toAscendError(error).code, Date.now() - started);
        throw error;
      }
    });
  }

  /**
   * Waits until a human decides on a pending action (the integration guide's
   * `waitForDecision(actionId, { timeout, pollInterval })`, both in **seconds**). Resolves with
   * the decision (`approved`, `rejectionReason`); a wait that runs out throws `TimeoutError`: it
   * is never an approval, whatever the fail mode.
   *
   * @throws `ValidationError` for a bad id or option; `TimeoutError` when no human decided in time.
   */
  waitForDecision(actionId: string | number, options: WaitForDecisionOptions = {}): Promise<EvaluateActionResult> {
    return compat(async () => {
      if (!isObject(options)) throw new ValidationError('options must be an object', { options: 'Must be an object' });
      const seconds = duration(options.timeout, 'timeout', 'seconds', 30 * 24 * 3600, 300);
      const poll = duration(options.pollInterval, 'pollInterval', 'seconds', 3600, 5);
      return this.#wait(actionIdOf(actionId), seconds * 1000, poll * 1000);
    });
  }

  /**
   * `waitForDecision` with its times in **milliseconds**, as the integration guide's README calls
   * it: `pollActionStatus(actionId, { timeout: 300000 })`.
   *
   * @throws `ValidationError` for a bad id or option; `TimeoutError` when no human decided in time.
   */
  pollActionStatus(actionId: string | number, options: PollActionStatusOptions = {}): Promise<EvaluateActionResult> {
    return compat(async () => {
      if (!isObject(options)) throw new ValidationError('options must be an object', { options: 'Must be an object' });
      const timeout = duration(options.timeout, 'timeout', 'milliseconds', 30 * 24 * 3600 * 1000, 300_000);
      const poll = duration(options.pollInterval, 'pollInterval', 'milliseconds', 3_600_000, 5000);
      return this.#wait(actionIdOf(actionId), timeout, poll);
    });
  }

  async #wait(actionId: string, timeoutMs: number, pollIntervalMs: number): Promise<EvaluateActionResult> {
    const handle = { actionId, approvalRequestId: undefined, expiresAt: undefined };
    return toResult(await this.#client.waitForDecision(handle, { timeoutMs: Math.ceil(timeoutMs), pollIntervalMs: Math.max(10, Math.round(pollIntervalMs)) }));
  }

  /**
   * Reports that an allowed action completed: `logActionCompleted(actionId, result, durationMs)`.
   * A report the service cannot take now is kept in this SDK's spool and replayed; it resolves
   * all the same. A report the service refuses, or bad input, throws.
   */
  logActionCompleted(actionId: string, result?: Record<string, unknown>, durationMs?: number): Promise<ActionLogResponse> {
    return compat(async () => {
      const receipt = await this.#client.logActionCompleted(actionId, {
        result: result === undefined ? { success: true } : { success: true, data: result },
        ...(durationMs === undefined ? {} : { durationMs }),
      });
      if (receipt.error) throw receipt.error;
      return { actionId, status: 'completed', loggedAt: new Date().toISOString() };
    });
  }

  /** Reports that an allowed action failed: `logActionFailed(actionId, error, durationMs)`. Spooled like completions. */
  logActionFailed(actionId: string, error: string | Error, durationMs?: number): Promise<ActionLogResponse> {
    return compat(async () => {
      const message = typeof error === 'string' ? error : error instanceof Error ? error.message : undefined;
      if (message === undefined) throw new CoreValidationError('error must be a string or an Error', { error: 'Must be a string or an Error' });
      const receipt = await this.#client.logActionFailed(actionId, { error: message, ...(durationMs === undefined ? {} : { durationMs }) });
      if (receipt.error) throw receipt.error;
      return { actionId, status: 'failed', loggedAt: new Date().toISOString() };
    });
  }

  /** Status of an approval request. An expired request reads as `rejected` (reason `expired`): it never becomes approved. */
  checkApproval(approvalRequestId: string): Promise<ApprovalStatusResponse> {
    return compat(async () => {
      const s = await this.#client.checkApproval(approvalRequestId);
      const out: ApprovalStatusResponse = { approvalRequestId, status: s.state === 'expired' ? 'rejected' : s.state };
      if (s.state === 'approved' && s.approver !== undefined) out.approvedBy = s.approver;
      if ((s.state === 'rejected' || s.state === 'expired') && s.approver !== undefined) out.rejectedBy = s.approver;
      if (s.state === 'expired') out.rejectionReason = 'expired';
      else if (s.state === 'rejected' && s.comments !== undefined) out.rejectionReason = s.comments;
      if (s.decidedAt !== undefined) out.decidedAt = s.decidedAt;
      return out;
    });
  }

  /** Configures a webhook for this agent. */
  configureWebhook(options: { url: string; events: string[]; secret?: string }): Promise<WebhookConfigResponse> {
    return compat(async () => {
      const w = await this.#client.configureWebhook(options);
      return {
        webhookId: w.webhookId,
        url: w.url || options.url,
        events: w.events.length > 0 ? w.events : [...options.events],
        status: w.active ? 'active' : 'inactive',
        createdAt: w.createdAt ?? new Date().toISOString(),
      };
    });
  }

  /** Checks the service answers; never throws. `latency` is in milliseconds. */
  async testConnection(): Promise<ConnectionStatus> {
    const started = Date.now();
    const r = await this.#client.testConnection();
    if (!r.connected) {
      const e = toCompatError(r.error);
      return { status: 'error', error: e instanceof Error ? e.message : String(e) };
    }
    return { status: 'connected', apiVersion: r.apiVersion, latency: Date.now() - started };
  }

  /** The decisions breaker of every client underneath (agents named per call have their own), the worst first. */
  #decisionBreakers(): CoreCircuitState[] {
    const rank = { open: 0, 'half-open': 1, closed: 2 } as const;
    const states = [this.#client, ...this.#agents.all()].map((c) => c.getCircuitBreakerStates().decisions);
    return states.sort(
      (a, b) => rank[a.name] - rank[b.name] || (b.name === 'closed' && a.name === 'closed' ? b.consecutiveFailures - a.consecutiveFailures : 0),
    );
  }

  /**
   * The state of the breaker guarding decisions, and its failures in a row. With agents named per
   * call, each has a breaker of its own; this reports the worst of them (open before half-open
   * before closed).
   */
  getCircuitBreakerState(): CircuitBreakerState {
    const s = this.#decisionBreakers()[0]!;
    // Open or half-open: the breaker opened after `failureThreshold` failures in a row.
    return { state: stateName(s), failures: s.name === 'closed' ? s.consecutiveFailures : optionsOf(this.#client).circuitBreaker.failureThreshold };
  }

  /** Forces the breakers closed, every agent's included. */
  resetCircuitBreaker(): void {
    for (const client of [this.#client, ...this.#agents.all()]) client.resetCircuitBreakers();
  }

  /** A metrics snapshot in the vendor's shape, over every `evaluateAction` of this client; null when `enableMetrics` is false. */
  getMetrics(): MetricsSnapshot | null {
    if (!this.#metrics) return null;
    const breaker = this.#decisionBreakers()[0]!.name;
    const background = this.#client.getCircuitBreakerStates().background.name;
    return snapshotFromCore(this.#recorder.snapshot({ decisions: breaker, background }), new Date());
  }

  /** Starts the metrics over. */
  resetMetrics(): void {
    this.#recorder = new MetricsRecorder(Date.now());
    this.#client.resetMetrics();
  }

  /** Stops background work and delivers pending reports (this SDK's `close()`), for every agent's client. */
  async close(): Promise<void> {
    await Promise.all([this.#client.close(), this.#agents.close()]);
  }

  /** `await using client = …` support. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** A secret-free summary. */
  toJSON(): Record<string, unknown> {
    return this.#client.toJSON();
  }

  /** Node's `util.inspect` (and `console.log`) show the same secret-free summary. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }
}

/** Picks the plain-text logger when `jsonLogs` is false (adapters may pass their own). */
export function compatLogger(jsonLogs: boolean, text: Logger = textLinesLogger): Logger | undefined {
  return jsonLogs ? undefined : text;
}
