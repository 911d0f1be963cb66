/**
 * The one mapping of the vendor's v1 surface onto this SDK's client. Both v1 faces use it: the
 * legacy `OWKAIClient` (camelCase, `./owkai-client.ts`) and the docs site's snake_case reference
 * client (`./rest-client.ts`). Each face only renames fields and shapes results; submitting,
 * status reads, approval waits, listing, details, the connection test, metrics and error
 * translation all happen here, on this SDK's {@link CoreAscendClient} (transport, retries with
 * idempotency keys, breakers, kill switch, validated responses).
 *
 * Where the vendor's v1 was unsafe, this mapping is not: fail mode is pinned to closed (the v1
 * clients had no fail-open), a state word outside the decision vocabulary is an error, an
 * approval wait that runs out is the state `timeout` (never approved), and only an explicit
 * allowed decision from the service reads `approved`.
 * @internal
 */
import type { AscendClient as CoreAscendClient } from '../client.js';
import { DECISION_VOCABULARY, type AuthorizationDecision as CoreDecision } from '../decision.js';
import { ConfigurationError, isAscendError, ValidationError as CoreValidationError } from '../errors.js';
import type { AscendClientOptions as CoreOptions } from '../options.js';
import type { ActionRequest } from '../wire-agent.js';
import { AgentClients } from './agent-clients.js';
import { toCompatError, ValidationError } from './errors.js';
import { V1Metrics, type MetricsCallback, type MetricsSnapshot } from './metrics.js';
import { isObject } from './options.js';

/** What a v1 face needs from its runtime: this SDK's client, and the environment (`OWKAI_TIMEOUT`). */
export interface V1Runtime {
  /** Builds this SDK's client from mapped options (the adapters pass their own). */
  create(options: CoreOptions): CoreAscendClient;
  /** Reads one environment variable; `undefined` where there is no environment (browsers). */
  env(name: string): string | undefined;
}

/** The v1 settings both faces share, already named as this mapping names them. */
export interface V1Settings {
  /** API key; else env `ASCEND_API_KEY`, then `OWKAI_API_KEY` (read by this SDK's client). */
  apiKey?: unknown;
  /** Service URL; else env `ASCEND_API_URL`, then `OWKAI_API_URL`. */
  baseUrl?: unknown;
  /** Per-attempt request timeout, ms. */
  timeoutMs?: unknown;
  /** Retries after the first attempt. */
  maxRetries?: unknown;
  /** Log at debug level. */
  debug?: unknown;
  /** Count metrics. @defaultValue true */
  enableMetrics?: unknown;
}

/** An action to submit, in this mapping's names. */
export interface V1Action {
  agentId: unknown;
  agentName: unknown;
  actionType: unknown;
  resource: unknown;
  resourceId?: unknown;
  details?: unknown;
  context?: unknown;
  riskIndicators?: unknown;
}

/** The state of an action, in the v1 words: `approved` only for an explicit allowed decision. */
export type V1State = 'approved' | 'denied' | 'pending' | 'timeout';

/** One action's decision as both faces read it. */
export interface V1Outcome {
  /** The service's action id. */
  actionId: string;
  /** `approved`, `denied`, `pending` (a human has yet to decide) or `timeout` (a wait ran out). */
  state: V1State;
  riskScore: number | undefined;
  /** The service's own risk word (`minimal` … `critical`), when it sent one. */
  riskLevel: string | undefined;
  reason: string | undefined;
  policyViolations: string[];
  approvedBy: string | undefined;
  approvedAt: string | undefined;
  comments: string | undefined;
  metadata: Record<string, unknown>;
  /** Whether the service raised an alert (`alert_triggered`). */
  alertTriggered: boolean;
  /** Set when this is not the service's answer but a wait that ran out (state `timeout`). */
  waitedOut?: true;
}

/** An action's stored record, as both faces read it. */
export interface V1Details extends V1Outcome {
  agentId: string;
  agentName: string;
  actionType: string;
  resource: string;
  resourceId: string | undefined;
  createdAt: string | undefined;
  updatedAt: string | undefined;
  auditTrail: Array<Record<string, unknown>>;
}

/** One listed action, as both faces read it. */
export interface V1Listed {
  actionId: string;
  agentId: string;
  actionType: string;
  resource: string;
  /** The v1 state; `denied` for a stored word outside the decision vocabulary (never approved). */
  state: V1State;
  riskScore: number | undefined;
  riskLevel: string | undefined;
  createdAt: string | undefined;
}

/** A face's field names, by this mapping's (for error messages that name what the caller wrote). */
export type FieldNames = Readonly<Record<string, string>>;

/** At most this many agents get their own client (each carries its identity on every submit). */
/** The most actions one batch takes (this SDK's bulk limit). */
export const MAX_BATCH = 50;
/** Wait limits: this SDK's per-call rules. */
const MAX_WAIT_MS = 30 * 24 * 3_600_000;

/** Renames the fields of a validation error into a face's names. */
function renamed(error: unknown, names: FieldNames): unknown {
  if (!(error instanceof CoreValidationError) || error.status !== undefined) return error;
  const fields = Object.keys(error.fieldErrors);
  if (!fields.some((f) => names[f] !== undefined)) return error;
  const fieldErrors = Object.fromEntries(fields.map((f) => [names[f] ?? f, error.fieldErrors[f]!]));
  const message = fields.reduce((text, f) => (names[f] === undefined ? text : text.split(f).join(names[f])), error.message);
  return new CoreValidationError(message, fieldErrors, { cause: error });
}

/** A positive integer number of ms within `max`, else a compat `ValidationError` naming `field`. */
export function millis(value: unknown, field: string, min = 1, max = MAX_WAIT_MS): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${field} must be an integer number of milliseconds, ${min} to ${max}`, { [field]: `Must be an integer (ms), ${min} to ${max}` });
  }
  return value;
}

/** An action id as the faces take it: digits, as a string or a number. */
export function actionIdOf(value: unknown, field: string): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,16}$/.test(value.trim())) return value.trim();
  throw new ValidationError(`${field} must be a numeric action id`, { [field]: 'Must be a non-negative integer action id' });
}

/**
 * The v1 state of a stored status word: through this SDK's decision vocabulary, `timeout` and
 * `expired` kept apart as `timeout`, reported executions (`completed`, `failed`) as approved (they
 * ran after an allowed decision). A word outside the vocabulary reads `denied`: never approved.
 */
export function stateOfWord(word: string | undefined): V1State {
  if (word === 'timeout' || word === 'expired') return 'timeout';
  if (word === 'completed' || word === 'failed') return 'approved';
  const outcome = word !== undefined && Object.prototype.hasOwnProperty.call(DECISION_VOCABULARY, word) ? DECISION_VOCABULARY[word] : undefined;
  return outcome === 'allowed' ? 'approved' : outcome === 'pending' ? 'pending' : 'denied';
}

/** A decision of this SDK in the v1 words. */
export function outcomeOf(d: CoreDecision): V1Outcome {
  const alert = d.raw['alert_triggered'];
  const level = d.raw['risk_level'];
  // The decision decides; the status word only tells a timed-out refusal from a plain one.
  const state: V1State =
    d.decision === 'allowed' ? 'approved' : d.decision === 'pending' ? 'pending' : stateOfWord(d.status) === 'timeout' ? 'timeout' : 'denied';
  return {
    actionId: d.actionId,
    state,
    riskScore: d.riskScore,
    riskLevel: typeof level === 'string' ? level : d.riskLevel,
    reason: d.reason,
    policyViolations: [...d.policyViolations],
    approvedBy: d.approvedBy,
    approvedAt: d.approvedAt,
    comments: d.comments,
    metadata: { ...d.metadata },
    alertTriggered: alert === true,
  };
}

/**
 * The v1 mapping: one base client (reads, waits, connection test) and one client per agent
 * identity (submits carry the agent's id and name, which the v1 surface gives per action).
 */
export class V1Mapping {
  readonly #base: CoreAscendClient;
  readonly #agents: AgentClients;
  readonly #metrics: V1Metrics | undefined;
  #closed = false;

  /**
   * @throws `ValidationError` (compat) naming the field for a bad setting; the API key is required.
   */
  constructor(settings: V1Settings, runtime: V1Runtime, names: FieldNames = {}) {
    const core: CoreOptions = { failMode: 'closed' };
    // This SDK's client checks these and names the field.
    if (settings.apiKey !== undefined) core.apiKey = settings.apiKey as string;
    if (settings.baseUrl !== undefined) core.baseUrl = settings.baseUrl as string;
    if (settings.timeoutMs !== undefined) {
      core.timeoutMs = millis(settings.timeoutMs, names['timeoutMs'] ?? 'timeoutMs', 1, 600_000);
      // The whole call may take at least one full attempt, and keeps this SDK's default otherwise.
      core.deadlineMs = Math.max(core.timeoutMs, 9000);
    }
    if (settings.maxRetries !== undefined) core.retry = { maxRetries: settings.maxRetries as number };
    for (const flag of ['debug', 'enableMetrics'] as const) {
      if (settings[flag] !== undefined && typeof settings[flag] !== 'boolean') {
        throw new ValidationError(`${names[flag] ?? flag} must be a boolean`, { [names[flag] ?? flag]: 'Must be a boolean' });
      }
    }
    if (settings.debug === true) core.logLevel = 'debug';
    this.#agents = new AgentClients((options) => runtime.create(options), core);
    try {
      this.#base = runtime.create(core);
    } catch (error) {
      const named =
        error instanceof ConfigurationError && names[error.field] !== undefined
          ? new ConfigurationError(names[error.field]!, error.message.slice(error.field.length + 2), { cause: error })
          : error;
      throw toCompatError(named);
    }
    this.#metrics = settings.enableMetrics === false ? undefined : new V1Metrics(Date.now());
  }

  /** This SDK's client underneath (reads and waits; submits use one per agent with the same options). */
  get ascend(): CoreAscendClient {
    return this.#base;
  }

  /** Runs one operation: measured, its errors translated into the compat classes and named as the face names them. */
  async #run<T>(endpoint: string, method: string, names: FieldNames, run: () => Promise<T>, decision?: (r: T) => CoreDecision | undefined): Promise<T> {
    const started = Date.now();
    try {
      const result = await run();
      this.#metrics?.success(endpoint, method, Date.now() - started, decision?.(result));
      return result;
    } catch (error) {
      const translated = toCompatError(renamed(error, names));
      this.#metrics?.failure(endpoint, method, Date.now() - started, error, decision !== undefined);
      throw translated;
    }
  }

  /**
   * Submits an action through this SDK's `evaluateAction` (kill switch, validation, fail-closed).
   * @throws compat errors; a `ValidationError` names the face's field.
   */
  submit(action: V1Action, names: FieldNames): Promise<V1Outcome> {
    return this.#run(
      'submitAction',
      'POST',
      names,
      async () => {
        if (!isObject(action)) throw new CoreValidationError('action must be an object', { action: 'Must be an object' });
        const agentId = typeof action.agentId === 'string' && action.agentId.trim() !== '' ? action.agentId : undefined;
        if (agentId === undefined)
          throw new CoreValidationError('agentId: Required field is missing or empty', { agentId: 'Required field is missing or empty' });
        if (action.agentName !== undefined && typeof action.agentName !== 'string') {
          throw new CoreValidationError('agentName must be a string', { agentName: 'Must be a string' });
        }
        const request: Record<string, unknown> = { actionType: action.actionType, resource: action.resource };
        if (action.resourceId !== undefined && action.resourceId !== null) request['resourceId'] = action.resourceId;
        if (action.details !== undefined && action.details !== null) request['parameters'] = action.details;
        if (action.context !== undefined && action.context !== null) request['context'] = action.context;
        if (action.riskIndicators !== undefined && action.riskIndicators !== null) request['riskIndicators'] = action.riskIndicators;
        const name = typeof action.agentName === 'string' && action.agentName.trim() !== '' ? action.agentName : agentId;
        return this.#agents.for(agentId, name).evaluateAction(request as unknown as ActionRequest);
      },
      (d) => d,
    ).then(outcomeOf);
  }

  /** The action's current state. */
  status(actionId: unknown, names: FieldNames): Promise<V1Outcome> {
    return this.#run(
      'getActionStatus',
      'GET',
      names,
      () => this.#base.getActionStatus(actionIdOf(actionId, names['actionId'] ?? 'actionId')),
      (d) => d,
    ).then(outcomeOf);
  }

  /**
   * Waits until a human decides, polling every `pollMs`. A wait that runs out is the state
   * `timeout`; the faces turn it into their own shape (a `TimeoutError` for `OWKAIClient`, a
   * `timeout` result for the REST client). Never approved.
   */
  async wait(actionId: unknown, timeoutMs: unknown, pollMs: unknown, names: FieldNames): Promise<V1Outcome> {
    const id = actionIdOf(actionId, names['actionId'] ?? 'actionId');
    const timeout = millis(timeoutMs, names['timeoutMs'] ?? 'timeoutMs');
    const poll = millis(pollMs, names['pollIntervalMs'] ?? 'pollIntervalMs', 10, 3_600_000);
    try {
      const decision = await this.#run(
        'waitForDecision',
        'GET',
        names,
        () => this.#base.waitForDecision({ actionId: id, approvalRequestId: undefined, expiresAt: undefined }, { timeoutMs: timeout, pollIntervalMs: poll }),
        (d) => d,
      );
      return outcomeOf(decision);
    } catch (error) {
      const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
      if (!isAscendError(cause, 'APPROVAL_TIMEOUT')) throw error;
      return { ...EMPTY_OUTCOME, actionId: id, state: 'timeout', policyViolations: [], metadata: {}, waitedOut: true };
    }
  }

  /** The action's stored record, with its current state. */
  details(actionId: unknown, names: FieldNames): Promise<V1Details> {
    return this.#run('getActionDetails', 'GET', names, async () => {
      const id = actionIdOf(actionId, names['actionId'] ?? 'actionId');
      const d = await this.#base.getAction(id);
      return {
        ...EMPTY_OUTCOME,
        actionId: d.actionId,
        state: stateOfWord(d.status),
        riskScore: d.riskScore,
        policyViolations: [],
        metadata: {},
        agentId: d.agentId,
        agentName: d.agentName,
        actionType: d.actionType,
        resource: d.resource,
        resourceId: d.resourceId,
        createdAt: d.createdAt,
        updatedAt: d.updatedAt,
        auditTrail: d.auditTrail.map((entry) => ({ ...entry })),
      };
    });
  }

  /** The organization's actions on `GET /api/v1/actions` (the docs site's route). */
  list(query: { limit?: unknown; offset?: unknown; status?: unknown }, names: FieldNames): Promise<V1Listed[]> {
    return this.#run('listActions', 'GET', names, async () => {
      const page = await this.#base.listActions(query as { limit?: number; offset?: number; status?: string });
      return page.actions.map((a) => ({
        actionId: a.actionId,
        agentId: a.agentId ?? '',
        actionType: a.actionType,
        resource: a.targetSystem ?? '',
        state: stateOfWord(a.status),
        riskScore: a.riskScore,
        riskLevel: a.riskLevel,
        createdAt: a.timestamp,
      }));
    });
  }

  /** Recent activity on `GET /api/agent-activity` (the v1 SDK's route), optionally one agent's. */
  activity(
    query: { limit?: unknown; offset?: unknown; status?: unknown; agentId?: unknown },
    names: FieldNames,
  ): Promise<{ items: V1Listed[]; total: number }> {
    return this.#run('listActions', 'GET', names, async () => {
      const page = await this.#base.listActivity(query as { limit?: number; offset?: number; status?: string; agentId?: string });
      const items = page.actions.map((raw): V1Listed => {
        const id = raw['id'] ?? raw['action_id'];
        const text = (key: string): string => (typeof raw[key] === 'string' ? raw[key] : '');
        return {
          actionId: typeof id === 'number' || typeof id === 'string' ? String(id) : '',
          agentId: text('agent_id'),
          actionType: text('action_type'),
          resource: text('resource') || text('target_system'),
          state: stateOfWord(typeof raw['status'] === 'string' ? raw['status'] : undefined),
          riskScore: typeof raw['risk_score'] === 'number' ? raw['risk_score'] : undefined,
          riskLevel: typeof raw['risk_level'] === 'string' ? raw['risk_level'] : undefined,
          createdAt: text('created_at') || text('timestamp') || undefined,
        };
      });
      return { items: items.filter((i) => i.actionId !== ''), total: page.total ?? items.length };
    });
  }

  /** Health plus deployment info; never throws. */
  async testConnection(): Promise<{ connected: true; version: string; environment: string; latencyMs: number } | { connected: false; error: string }> {
    const started = Date.now();
    const r = await this.#base.testConnection();
    if (!r.connected) {
      const e = toCompatError(r.error);
      return { connected: false, error: e instanceof Error ? e.message : String(e) };
    }
    return { connected: true, version: r.apiVersion, environment: r.environment, latencyMs: Date.now() - started };
  }

  /** The vendor-shaped snapshot; null when metrics are off. */
  metrics(): MetricsSnapshot | null {
    if (!this.#metrics) return null;
    const s = this.#base.getCircuitBreakerStates();
    return this.#metrics.snapshot({ decisions: s.decisions.name, background: s.background.name }, new Date());
  }

  /** Subscribes to per-call events; returns the unsubscribe function (a no-op when metrics are off). */
  onMetricEvent(callback: MetricsCallback): () => void {
    if (typeof callback !== 'function') throw new ValidationError('callback must be a function', { callback: 'Must be a function' });
    return this.#metrics ? this.#metrics.onEvent(callback) : () => undefined;
  }

  /** Starts the metrics over. */
  resetMetrics(): void {
    this.#metrics?.reset(Date.now());
  }

  /** Closes every client underneath. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([this.#base.close(), this.#agents.close()]);
  }

  /** A secret-free summary. */
  toJSON(): Record<string, unknown> {
    return this.#base.toJSON();
  }
}

const EMPTY_OUTCOME: Omit<V1Outcome, 'actionId' | 'state' | 'policyViolations' | 'metadata'> = {
  riskScore: undefined,
  riskLevel: undefined,
  reason: undefined,
  approvedBy: undefined,
  approvedAt: undefined,
  comments: undefined,
  alertTriggered: false,
};
