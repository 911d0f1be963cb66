/**
 * The vendor's documented `AscendClient` (Node.js SDK 2.0) as a thin mapping onto this SDK's
 * {@link CoreAscendClient}: the vendor's option names and units, method names, positional report
 * signatures, result shapes and error classes, with this SDK's transport, retries, breakers,
 * fail mode, approval waits and report spool underneath. Where the vendor's semantics are unsafe,
 * this SDK's win (see the compat section of the README).
 */
import { AscendClient as CoreAscendClient } from '../client.js';
import type { CircuitState as CoreCircuitState } from '../circuit-breaker.js';
import { optionsOf } from '../agent-client.js';
import type { Decision } from '../constants.js';
import type { AuthorizationDecision } from '../decision.js';
import { ConfigurationError, ValidationError as CoreValidationError } from '../errors.js';
import { textLinesLogger, toLogLevel, type Logger } from '../logger.js';
import type { AscendClientOptions as CoreOptions, FailMode } from '../options.js';
import type { ActionRequest } from '../wire-agent.js';
import { toCompatError, ValidationError } from './errors.js';

/** The action types the vendor's docs name, as an `as const` object and a type (any string is accepted as `actionType`). */
export const ActionType = {
  /** `'data_access'`. */
  DATA_ACCESS: 'data_access',
  /** `'data_modification'`. */
  DATA_MODIFICATION: 'data_modification',
  /** `'transaction'`. */
  TRANSACTION: 'transaction',
  /** `'recommendation'`. */
  RECOMMENDATION: 'recommendation',
  /** `'communication'`. */
  COMMUNICATION: 'communication',
  /** `'system_operation'`. */
  SYSTEM_OPERATION: 'system_operation',
  /** `'query'`. */
  QUERY: 'query',
  /** `'analysis'`. */
  ANALYSIS: 'analysis',
  /** `'report_generation'`. */
  REPORT_GENERATION: 'report_generation',
  /** `'api_call'`. */
  API_CALL: 'api_call',
} as const;
/** One named action type. */
export type ActionType = (typeof ActionType)[keyof typeof ActionType];

/** The status words the service uses for an action, as an `as const` object and a type. */
export const DecisionStatus = {
  /** `'pending'`. */
  PENDING: 'pending',
  /** `'approved'`. */
  APPROVED: 'approved',
  /** `'denied'`. */
  DENIED: 'denied',
  /** `'requires_modification'`. */
  REQUIRES_MODIFICATION: 'requires_modification',
  /** `'timeout'`. */
  TIMEOUT: 'timeout',
  /** `'auto_approved'`. */
  AUTO_APPROVED: 'auto_approved',
  /** `'escalated'`. */
  ESCALATED: 'escalated',
} as const;
/** One status word. */
export type DecisionStatus = (typeof DecisionStatus)[keyof typeof DecisionStatus];

/** The vendor's breaker states, as an `as const` object and a type. */
export const CircuitState = {
  /** `'closed'`: calls flow. */
  CLOSED: 'closed',
  /** `'open'`: calls fail fast. */
  OPEN: 'open',
  /** `'half_open'`: trial calls test the service. */
  HALF_OPEN: 'half_open',
} as const;
/** One breaker state. */
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

/** Log levels as the vendor spells them; any case is accepted, and `WARNING` means warn. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** The vendor's circuit-breaker options. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. @defaultValue 5 */
  failureThreshold?: number;
  /** Seconds the breaker stays open before a trial call (seconds, as the vendor has it). @defaultValue 30 */
  recoveryTimeout?: number;
  /** Trial calls admitted at once while half-open. @defaultValue 1 (this SDK's default) */
  halfOpenMaxCalls?: number;
}

/** The vendor's client options, with their names and units. */
export interface AscendClientOptions {
  /** Organization API key. Env: `ASCEND_API_KEY`, then `OWKAI_API_KEY`. */
  apiKey: string;
  /** This agent's id. */
  agentId: string;
  /** Human-readable agent name. */
  agentName: string;
  /** Service URL. Env: `ASCEND_API_URL`. @defaultValue 'https://pilot.owkai.app' */
  apiUrl?: string;
  /** Deployment environment. @defaultValue 'production' */
  environment?: string;
  /** `FailMode.CLOSED` (block when unreachable) or `FailMode.OPEN`. @defaultValue 'closed' */
  failMode?: FailMode;
  /**
   * Request timeout in milliseconds (per attempt; the whole call, retries included, gets at least
   * this long too). @defaultValue 3000 (this SDK's default)
   */
  timeout?: number;
  /** Retries after the first attempt. @defaultValue 3 */
  maxRetries?: number;
  /** Log at debug level (unless `logLevel` says otherwise). */
  debug?: boolean;
  /** Minimum level written: `DEBUG`, `INFO`, `WARNING` or `ERROR`, any case. @defaultValue 'WARNING' (this SDK's default) */
  logLevel?: LogLevel | Lowercase<LogLevel> | 'warn' | 'WARN';
  /** JSON lines (true) or plain text (false). @defaultValue true */
  jsonLogs?: boolean;
  /** Count metrics for `getMetrics()`. @defaultValue true */
  enableMetrics?: boolean;
  /** HMAC secret for request signing (this SDK's signature scheme). Env: `ASCEND_SIGNING_SECRET`. */
  signingSecret?: string;
  /** Circuit-breaker settings. */
  circuitBreakerOptions?: CircuitBreakerOptions;
}

/** Result of `evaluateAction`. */
export interface EvaluateActionResult {
  /** `allowed`, `denied` or `pending`. */
  decision: Decision;
  /** The service's action id (or a local `fail_open_…` id for a fail-open decision). */
  actionId: string;
  /** Why. */
  reason?: string;
  /** Risk score 0–100, when reported. */
  riskScore?: number;
  /** Policies that matched. */
  policyViolations: string[];
  /** Conditions; `fail_open_mode` for a fail-open decision. */
  conditions: string[];
  /** The approval request, for a pending decision that has one. */
  approvalRequestId?: string;
  /** Who may approve, for a pending decision. */
  requiredApprovers: string[];
  /** When the approval request expires, for a pending decision. */
  expiresAt?: string;
  /**
   * Extra facts: `failOpen: true` and `originalError` for a fail-open decision; `approvedBy` for
   * a decision a human approved; the service's own metadata otherwise.
   */
  metadata: Record<string, unknown>;
}

/** Result of `register`. */
export interface RegisterResponse {
  /** The agent id. */
  agentId: string;
  /** `registered`, or `already_registered`. */
  status: string;
  /** When, as the service said (else now). */
  registeredAt: string;
  /** The capabilities registered. */
  capabilities: string[];
  /** The service's answer. */
  metadata?: Record<string, unknown>;
}

/** Result of `logActionCompleted` / `logActionFailed`. */
export interface ActionLogResponse {
  /** The action reported on. */
  actionId: string;
  /** `completed` or `failed`. */
  status: string;
  /** When the report was made (ISO-8601). */
  loggedAt: string;
}

/** Result of `checkApproval`. */
export interface ApprovalStatusResponse {
  /** The approval request. */
  approvalRequestId: string;
  /** `pending`, `approved` or `rejected` (an expired request reads as `rejected`). */
  status: 'pending' | 'approved' | 'rejected';
  /** Who approved. */
  approvedBy?: string;
  /** Who rejected. */
  rejectedBy?: string;
  /** Why it was rejected (`expired` for an expired request). */
  rejectionReason?: string;
  /** When it was decided. */
  decidedAt?: string;
}

/** Result of `configureWebhook`. */
export interface WebhookConfigResponse {
  /** The webhook's id. */
  webhookId: string;
  /** The delivery URL. */
  url: string;
  /** The events delivered. */
  events: string[];
  /** `active` or `inactive`. */
  status: string;
  /** When it was created (else now). */
  createdAt: string;
}

/** The request of `evaluateAction`. */
export interface EvaluateActionOptions {
  /** e.g. `database.query`. */
  actionType: string;
  /** e.g. `production_db`. */
  resource: string;
  /** The action's parameters. */
  parameters?: Record<string, unknown>;
  /** Extra context. */
  context?: Record<string, unknown>;
  /** Wait for a human when the decision is pending. @defaultValue false */
  waitForApproval?: boolean;
  /** How long to wait for a human, in milliseconds. @defaultValue 300000 */
  approvalTimeout?: number;
  /** Risk hint, `low` … `critical`; sent as `context.risk_level`. */
  riskLevel?: string;
  /** Force human review even when policy would allow. */
  requireHumanApproval?: boolean;
}

/** A snapshot shaped like the vendor's `MetricsSnapshot`, computed from this SDK's decision metrics. */
export interface MetricsSnapshot {
  /** Decision calls made. */
  totalRequests: number;
  /** Decision calls that returned a decision (any outcome). */
  successCount: number;
  /** Decision calls that threw. */
  errorCount: number;
  /** Calls that ended in a timeout (request or approval wait). */
  timeoutCount: number;
  /** Calls that ended rate-limited. */
  rateLimitCount: number;
  /** Not tracked per call here: always 0 (retries happen inside one call). */
  retryCount: number;
  /** Mean decision latency, ms. */
  avgLatency: number;
  /** Fastest, ms. */
  minLatency: number;
  /** Slowest, ms. */
  maxLatency: number;
  /** Median of the recent calls, ms. */
  p50Latency: number;
  /** 95th percentile, ms. */
  p95Latency: number;
  /** 99th percentile, ms. */
  p99Latency: number;
  /** successCount / totalRequests (1 when none). */
  successRate: number;
  /** errorCount / totalRequests (0 when none). */
  errorRate: number;
  /** totalRequests per minute since `windowStart`. */
  requestsPerMinute: number;
  /** When counting started. */
  windowStart: Date;
  /** Now. */
  windowEnd: Date;
  /** Per-operation breakdown: `evaluateAction`, keyed as the vendor keys endpoints. */
  byEndpoint: Record<string, EndpointMetrics>;
  /** Not tracked here: always empty. */
  byStatusCode: Record<number, number>;
}

/** One entry of {@link MetricsSnapshot.byEndpoint}. */
export interface EndpointMetrics {
  /** Calls made. */
  requests: number;
  /** Calls that threw. */
  errors: number;
  /** Mean latency, ms. */
  avgLatency: number;
  /** Share of calls that returned (0–1). */
  successRate: number;
}

/** Result of `testConnection`. */
export interface ConnectionStatus {
  /** `connected`, or `error` when the service could not be reached or answered an error. */
  status: 'connected' | 'error';
  /** The service's version, when connected. */
  apiVersion?: string;
  /** Round trip of the check, ms, when connected. */
  latency?: number;
  /** What went wrong, when not connected. */
  error?: string;
}

/** Result of `getCircuitBreakerState`. */
export interface CircuitBreakerState {
  /** The state of the breaker guarding decisions. */
  state: CircuitState;
  /** Failures in a row (while closed); the threshold that opened it (while open or half-open). */
  failures: number;
}

/**
 * Builds this SDK's client from the mapped options; the adapters supply it (the runtime port,
 * and their logger for `jsonLogs`).
 */
export type CoreClientFactory = (options: CoreOptions, format: { jsonLogs: boolean }) => CoreAscendClient;

const OPTION_KEYS = new Set(
  'apiKey agentId agentName apiUrl environment failMode timeout maxRetries debug logLevel jsonLogs enableMetrics signingSecret circuitBreakerOptions'.split(
    ' ',
  ),
);
const BREAKER_KEYS = new Set(['failureThreshold', 'recoveryTimeout', 'halfOpenMaxCalls']);
const REQUEST_KEYS = new Set('actionType resource parameters context waitForApproval approvalTimeout riskLevel requireHumanApproval'.split(' '));
const RISK_LEVELS = ['low', 'medium', 'high', 'critical'];
/** The vendor's default approval wait. */
const DEFAULT_APPROVAL_TIMEOUT_MS = 300_000;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(field: string, problem: string): never {
  throw toCompatError(new ConfigurationError(field, problem));
}

/**
 * Maps the vendor's options onto this SDK's. Unknown keys are refused by name.
 * @internal
 */
export function mapOptions(options: AscendClientOptions): { core: CoreOptions; jsonLogs: boolean; enableMetrics: boolean } {
  if (!isObject(options)) invalid('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) invalid(key, `unknown option; allowed: ${[...OPTION_KEYS].join(', ')}`);
  }
  const core: CoreOptions = {};
  if (options.apiKey !== undefined) core.apiKey = options.apiKey;
  if (options.agentId !== undefined) core.agentId = options.agentId;
  if (options.agentName !== undefined) core.agentName = options.agentName;
  if (options.apiUrl !== undefined) core.baseUrl = options.apiUrl;
  if (options.environment !== undefined) core.environment = options.environment;
  if (options.failMode !== undefined) core.failMode = options.failMode;
  if (options.signingSecret !== undefined) core.signingSecret = options.signingSecret;
  if (options.timeout !== undefined) {
    if (typeof options.timeout !== 'number' || !Number.isInteger(options.timeout) || options.timeout < 1 || options.timeout > 600_000) {
      invalid('timeout', 'must be an integer number of milliseconds, 1 to 600000');
    }
    core.timeoutMs = options.timeout;
    // The whole call may take at least one full attempt, and keeps this SDK's default otherwise.
    core.deadlineMs = Math.max(options.timeout, 9000);
  }
  if (options.maxRetries !== undefined) core.retry = { maxRetries: options.maxRetries };
  for (const flag of ['debug', 'jsonLogs', 'enableMetrics'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') invalid(flag, 'must be a boolean');
  }
  if (options.logLevel !== undefined) {
    const level = toLogLevel(options.logLevel);
    if (!level) invalid('logLevel', 'must be one of: DEBUG, INFO, WARNING, ERROR');
    core.logLevel = level;
  } else if (options.debug === true) {
    core.logLevel = 'debug';
  }
  const breaker: CircuitBreakerOptions | undefined = options.circuitBreakerOptions;
  if (breaker !== undefined) {
    if (typeof breaker !== 'object' || breaker === null || Array.isArray(breaker)) invalid('circuitBreakerOptions', 'must be an object');
    for (const key of Object.keys(breaker)) {
      if (!BREAKER_KEYS.has(key)) invalid(`circuitBreakerOptions.${key}`, `unknown option; allowed: ${[...BREAKER_KEYS].join(', ')}`);
    }
    const mapped: NonNullable<CoreOptions['circuitBreaker']> = {};
    if (breaker.failureThreshold !== undefined) mapped.failureThreshold = breaker.failureThreshold;
    if (breaker.recoveryTimeout !== undefined) {
      if (typeof breaker.recoveryTimeout !== 'number' || !Number.isFinite(breaker.recoveryTimeout) || breaker.recoveryTimeout <= 0) {
        invalid('circuitBreakerOptions.recoveryTimeout', 'must be a positive number of seconds');
      }
      mapped.recoveryTimeMs = Math.round(breaker.recoveryTimeout * 1000);
    }
    if (breaker.halfOpenMaxCalls !== undefined) mapped.halfOpenMaxProbes = breaker.halfOpenMaxCalls;
    core.circuitBreaker = mapped;
  }
  return { core, jsonLogs: options.jsonLogs !== false, enableMetrics: options.enableMetrics !== false };
}

/** This SDK's option names, by the vendor's. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  baseUrl: 'apiUrl',
  timeoutMs: 'timeout',
  deadlineMs: 'timeout',
  'retry.maxRetries': 'maxRetries',
  'circuitBreaker.failureThreshold': 'circuitBreakerOptions.failureThreshold',
  'circuitBreaker.recoveryTimeMs': 'circuitBreakerOptions.recoveryTimeout',
  'circuitBreaker.halfOpenMaxProbes': 'circuitBreakerOptions.halfOpenMaxCalls',
};

function renameField(error: ConfigurationError): ConfigurationError {
  const name = FIELD_NAMES[error.field];
  if (name === undefined) return error;
  return new ConfigurationError(name, error.message.slice(error.field.length + 2).replace(error.field, name), { cause: error });
}

/** Converts this SDK's request to a core request, checking the vendor-only fields. */
function toCoreRequest(request: EvaluateActionOptions): { core: ActionRequest; wait: boolean; approvalTimeoutMs: number } {
  if (!isObject(request)) throw new ValidationError('action request must be an object', { request: 'Must be an object' });
  for (const key of Object.keys(request)) {
    if (!REQUEST_KEYS.has(key)) throw new ValidationError(`unknown field ${key}`, { [key]: `Unknown field; allowed: ${[...REQUEST_KEYS].join(', ')}` });
  }
  const { actionType, resource, parameters, context, waitForApproval, approvalTimeout, riskLevel, requireHumanApproval } = request;
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
  const core: ActionRequest = { actionType, resource };
  if (parameters !== undefined) core.parameters = parameters;
  if (context !== undefined || level !== undefined) core.context = { ...context, ...(level === undefined ? {} : { risk_level: level }) };
  if (requireHumanApproval !== undefined) core.requireHumanApproval = requireHumanApproval;
  return { core, wait: waitForApproval === true, approvalTimeoutMs: approvalTimeout ?? DEFAULT_APPROVAL_TIMEOUT_MS };
}

/**
 * A decision in the vendor's result shape.
 * @internal
 */
export function toResult(d: AuthorizationDecision): EvaluateActionResult {
  const result: EvaluateActionResult = {
    decision: d.decision,
    actionId: d.actionId,
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
      throw toCompatError(error instanceof ConfigurationError ? renameField(error) : error);
    }
    this.#metrics = enableMetrics;
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
      const { core, wait, approvalTimeoutMs } = toCoreRequest(options);
      const decision = await this.#client.evaluateAction(core, wait ? { waitForApproval: true, approvalTimeoutMs } : {});
      return toResult(decision);
    });
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

  /** The state of the breaker guarding decisions, and its failures in a row. */
  getCircuitBreakerState(): CircuitBreakerState {
    const s = this.#client.getCircuitBreakerStates().decisions;
    // Open or half-open: the breaker opened after `failureThreshold` failures in a row.
    return { state: stateName(s), failures: s.name === 'closed' ? s.consecutiveFailures : optionsOf(this.#client).circuitBreaker.failureThreshold };
  }

  /** Forces the breakers closed. */
  resetCircuitBreaker(): void {
    this.#client.resetCircuitBreakers();
  }

  /** A metrics snapshot in the vendor's shape; null when `enableMetrics` is false. */
  getMetrics(): MetricsSnapshot | null {
    if (!this.#metrics) return null;
    const m = this.#client.getMetrics();
    const d = m.decisions;
    const success = d.allowed + d.denied + d.pending;
    const total = success + m.errors.total;
    const start = new Date(m.since);
    const end = new Date();
    const minutes = Math.max((end.getTime() - start.getTime()) / 60_000, 1 / 60);
    const byCode = m.errors.byCode;
    const successRate = total === 0 ? 1 : success / total;
    return {
      totalRequests: total,
      successCount: success,
      errorCount: m.errors.total,
      timeoutCount: (byCode.TIMEOUT ?? 0) + (byCode.APPROVAL_TIMEOUT ?? 0),
      rateLimitCount: byCode.RATE_LIMIT ?? 0,
      retryCount: 0,
      avgLatency: m.latency.meanMs,
      minLatency: m.latency.minMs,
      maxLatency: m.latency.maxMs,
      p50Latency: m.latency.p50Ms,
      p95Latency: m.latency.p95Ms,
      p99Latency: m.latency.p99Ms,
      successRate,
      errorRate: total === 0 ? 0 : m.errors.total / total,
      requestsPerMinute: total / minutes,
      windowStart: start,
      windowEnd: end,
      byEndpoint: total === 0 ? {} : { evaluateAction: { requests: total, errors: m.errors.total, avgLatency: m.latency.meanMs, successRate } },
      byStatusCode: {},
    };
  }

  /** Starts the metrics over. */
  resetMetrics(): void {
    this.#client.resetMetrics();
  }

  /** Stops background work and delivers pending reports (this SDK's `close()`). */
  close(): Promise<void> {
    return this.#client.close();
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
