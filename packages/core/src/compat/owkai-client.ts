/**
 * The vendor's legacy v1 client, `OWKAIClient` (still exported by its Node SDK 2.0 and documented
 * in its README as "Legacy Client (v1.0)"), as the camelCase face of the one v1 mapping
 * (`./v1.ts`). `approveAction` / `denyAction` are not provided: a human decides, never the
 * agent's API key (see decision 025).
 */
import { mapConcurrent } from '../async.js';
import type { AscendClient as CoreAscendClient } from '../client.js';
import { AuthorizationError, OWKAIError, TimeoutError, ValidationError } from './errors.js';
import type { MetricsCallback, MetricsSnapshot } from './metrics.js';
import {
  riskIndicatorsPayload,
  toLegacyDecision,
  type ActionDetails,
  type ActionListResponse,
  type AgentAction,
  type AuthorizationDecision,
  type BatchActionResult,
  type BatchOptions,
  type BatchResponse,
} from './models.js';
import { isObject } from './options.js';
import { MAX_BATCH, millis, V1Mapping, type V1Details, type V1Listed, type V1Runtime } from './v1.js';

/** The legacy client's options. */
export interface OWKAIClientOptions {
  /** Service URL. Env: `ASCEND_API_URL`, then `OWKAI_API_URL`. @defaultValue 'https://pilot.owkai.app' */
  apiUrl?: string;
  /** Organization API key. Env: `ASCEND_API_KEY`, then `OWKAI_API_KEY`. Required. */
  apiKey?: string;
  /** Organization slug, reported by `testConnection`. Env: `OWKAI_ORG_SLUG`. */
  organizationSlug?: string;
  /** Per-attempt request timeout, ms (1–600000). @defaultValue 3000 (this SDK's default) */
  timeout?: number;
  /** Retries after the first attempt. @defaultValue 3 */
  maxRetries?: number;
  /** Log at debug level. */
  debug?: boolean;
  /** Count metrics for `getMetrics()` / `onMetricEvent`. @defaultValue true */
  enableMetrics?: boolean;
  /** Accepted for compatibility; percentiles cover the most recent 1000 decision calls. */
  metricsWindow?: number;
  /** Accepted for compatibility; see `metricsWindow`. */
  maxMetricsEvents?: number;
}

/** Result of `OWKAIClient.testConnection`. */
export interface OWKAIConnectionStatus {
  /** `connected`, or `error`. */
  status: 'connected' | 'error';
  /** The service's version, when connected. */
  apiVersion?: string;
  /** The service's environment, when connected. */
  environment?: string;
  /** `organizationSlug`, when configured. */
  organization?: string;
  /** What went wrong, when not connected. */
  error?: string;
}

const OPTION_KEYS = new Set('apiUrl apiKey organizationSlug timeout maxRetries debug enableMetrics metricsWindow maxMetricsEvents'.split(' '));
const BATCH_KEYS = new Set(['parallel', 'timeout', 'continueOnError', 'waitForDecisions']);
/** The camelCase face names the mapping's fields as the vendor's v1 types do. */
const NAMES = { parameters: 'details', timeoutMs: 'timeout', pollIntervalMs: 'pollInterval', baseUrl: 'apiUrl' } as const;

function checkOptions(options: OWKAIClientOptions): void {
  if (!isObject(options)) throw new ValidationError('options must be an object', { options: 'Must be an object' });
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new ValidationError(`unknown option ${key}`, { [key]: `Unknown option; allowed: ${[...OPTION_KEYS].join(', ')}` });
  }
  for (const key of ['metricsWindow', 'maxMetricsEvents'] as const) {
    const v = options[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1))
      throw new ValidationError(`${key} must be a positive integer`, { [key]: 'Must be a positive integer' });
  }
  if (options.organizationSlug !== undefined && typeof options.organizationSlug !== 'string') {
    throw new ValidationError('organizationSlug must be a string', { organizationSlug: 'Must be a string' });
  }
}

function toDetails(d: V1Details | (V1Listed & { agentName?: string })): ActionDetails {
  const out: ActionDetails = {
    actionId: d.actionId,
    agentId: d.agentId,
    agentName: d.agentName ?? '',
    actionType: d.actionType,
    resource: d.resource,
    status: d.state,
  };
  if ('resourceId' in d && d.resourceId !== undefined) out.resourceId = d.resourceId;
  if (d.riskScore !== undefined) out.riskScore = d.riskScore;
  if (d.createdAt !== undefined) out.createdAt = d.createdAt;
  if ('updatedAt' in d && d.updatedAt !== undefined) out.updatedAt = d.updatedAt;
  if ('auditTrail' in d) out.auditTrail = d.auditTrail;
  return out;
}

/**
 * The vendor's legacy `OWKAIClient`, mapped onto this SDK. The adapters export it with their
 * runtime (`@ascend/node/compat`, `@ascend/browser/compat`), so `new OWKAIClient({ apiKey })`
 * works as in the vendor's README.
 *
 * @example
 * ```ts
 * import { OWKAIClient, ActionType } from '@ascend/node/compat'
 * const client = new OWKAIClient({ apiKey: 'your-api-key' })
 * const decision = await client.submitAction({ agentId: 'agent-001', agentName: 'My Agent', actionType: ActionType.DATA_ACCESS, resource: 'customer_data' })
 * if (decision.executionAllowed) console.log('may run')
 * ```
 */
export class CompatOWKAIClient {
  readonly #v1: V1Mapping;
  readonly #organization: string | undefined;

  /**
   * @param options - The legacy options; see {@link OWKAIClientOptions}.
   * @param runtime - This SDK's client factory and environment; the adapters pass their own.
   * @throws `ValidationError` naming the field for a bad option; a missing API key too.
   */
  constructor(options: OWKAIClientOptions = {}, runtime: V1Runtime) {
    checkOptions(options);
    this.#v1 = new V1Mapping(
      {
        apiKey: options.apiKey,
        baseUrl: options.apiUrl,
        timeoutMs: options.timeout,
        maxRetries: options.maxRetries,
        debug: options.debug,
        enableMetrics: options.enableMetrics,
      },
      runtime,
      NAMES,
    );
    this.#organization = options.organizationSlug ?? runtime.env('OWKAI_ORG_SLUG');
  }

  /** This SDK's client underneath, for everything the legacy API does not have. */
  get ascend(): CoreAscendClient {
    return this.#v1.ascend;
  }

  /** Checks the service answers (health, then deployment info); never throws. */
  async testConnection(): Promise<OWKAIConnectionStatus> {
    const r = await this.#v1.testConnection();
    if (!r.connected) return { status: 'error', error: r.error };
    return {
      status: 'connected',
      apiVersion: r.version,
      environment: r.environment,
      ...(this.#organization === undefined ? {} : { organization: this.#organization }),
    };
  }

  /** Submits an action for authorization; only `executionAllowed: true` means it may run. */
  async submitAction(action: AgentAction): Promise<AuthorizationDecision> {
    const riskIndicators = isObject(action) ? riskIndicatorsPayload(action.riskIndicators) : undefined;
    return toLegacyDecision(await this.#v1.submit(isObject(action) ? { ...action, riskIndicators } : action, NAMES));
  }

  /** The action's current decision. */
  async getActionStatus(actionId: string): Promise<AuthorizationDecision> {
    return toLegacyDecision(await this.#v1.status(actionId, NAMES));
  }

  /**
   * Waits until a human decides. @throws `TimeoutError` when `timeout` ms pass first (never an
   * approval).
   */
  async waitForDecision(actionId: string, timeout = 60_000, pollInterval = 2000): Promise<AuthorizationDecision> {
    const o = await this.#v1.wait(actionId, timeout, pollInterval, NAMES);
    if (o.waitedOut) {
      throw new TimeoutError(`Decision not received within ${timeout}ms`, timeout, { actionId: o.actionId });
    }
    return toLegacyDecision(o);
  }

  /** The action's stored record. */
  async getActionDetails(actionId: string): Promise<ActionDetails> {
    return toDetails(await this.#v1.details(actionId, NAMES));
  }

  /** Recent actions (the v1 route `/api/agent-activity`), optionally one agent's and one status. */
  async listActions(options: { limit?: number; offset?: number; status?: string; agentId?: string } = {}): Promise<ActionListResponse> {
    if (!isObject(options)) throw new ValidationError('options must be an object', { options: 'Must be an object' });
    const limit = options.limit ?? 50;
    const offset = options.offset ?? 0;
    const page = await this.#v1.activity({ limit, offset, status: options.status, agentId: options.agentId }, NAMES);
    return { actions: page.items.map(toDetails), total: page.total, offset, limit };
  }

  /**
   * Not provided: approving is a human's decision, made on the dashboard by a reviewer, never by
   * the agent's API key (the service takes it only from an admin session). Always rejects, before
   * any I/O. @throws `AuthorizationError` (details `{ operation, humanDecisionRequired: true }`).
   */
  approveAction(actionId: string, comments?: string): Promise<never> {
    void comments;
    return Promise.reject(humanOnly('approveAction', actionId));
  }

  /** Not provided, like {@link CompatOWKAIClient.approveAction}. @throws `AuthorizationError`. */
  denyAction(actionId: string, reason?: string): Promise<never> {
    void reason;
    return Promise.reject(humanOnly('denyAction', actionId));
  }

  /**
   * Submits up to 50 actions. Each item gets its own decision (or its own error); with
   * `waitForDecisions`, a pending item is waited on for its share of `timeout`, and a wait that
   * runs out is that item's `TIMEOUT` error. Nothing in the batch approves another item.
   */
  async submitActionBatch(actions: AgentAction[], options: BatchOptions = {}): Promise<BatchResponse> {
    const started = Date.now();
    if (!Array.isArray(actions)) throw new ValidationError('actions must be an array', { actions: 'Must be an array' });
    if (actions.length > MAX_BATCH) throw new ValidationError('too many actions', { actions: `Exceeds limit of ${MAX_BATCH}` });
    if (!isObject(options)) throw new ValidationError('options must be an object', { options: 'Must be an object' });
    for (const key of Object.keys(options)) {
      if (!BATCH_KEYS.has(key)) throw new ValidationError(`unknown option ${key}`, { [key]: `Unknown option; allowed: ${[...BATCH_KEYS].join(', ')}` });
    }
    for (const key of ['parallel', 'continueOnError', 'waitForDecisions'] as const) {
      if (options[key] !== undefined && typeof options[key] !== 'boolean')
        throw new ValidationError(`${key} must be a boolean`, { [key]: 'Must be a boolean' });
    }
    const { parallel = true, continueOnError = true, waitForDecisions = false } = options;
    const n = Math.max(actions.length, 1);
    const perItem = options.timeout === undefined ? 60_000 : Math.max(1, Math.floor(millis(options.timeout, 'timeout') / n));
    const one = async (action: AgentAction, index: number): Promise<BatchActionResult> => {
      try {
        let decision = await this.submitAction(action);
        if (waitForDecisions && decision.decision === 'pending') decision = await this.waitForDecision(decision.actionId, perItem);
        return { index, actionId: decision.actionId, decision, success: true };
      } catch (error) {
        const e = error instanceof OWKAIError ? error : new OWKAIError(error instanceof Error ? error.message : String(error), 'UNKNOWN_ERROR');
        return { index, success: false, error: { code: e.code, message: e.message } };
      }
    };
    const results: BatchActionResult[] = [];
    if (parallel) {
      results.push(...(await mapConcurrent(actions, 5, one)));
    } else {
      for (const [index, action] of actions.entries()) {
        const r = await one(action, index);
        results.push(r);
        if (!r.success && !continueOnError) break;
      }
    }
    const successCount = results.filter((r) => r.success).length;
    const errorCount = results.length - successCount;
    return { results, totalSubmitted: actions.length, successCount, errorCount, duration: Date.now() - started, allSucceeded: errorCount === 0 };
  }

  /** A metrics snapshot in the vendor's shape (decision calls: submit, status, wait); null when disabled. */
  getMetrics(): MetricsSnapshot | null {
    return this.#v1.metrics();
  }

  /** Calls `callback` after every operation; returns the unsubscribe function. A throwing callback is ignored. */
  onMetricEvent(callback: MetricsCallback): () => void {
    return this.#v1.onMetricEvent(callback);
  }

  /** Starts the metrics over. */
  resetMetrics(): void {
    this.#v1.resetMetrics();
  }

  /** Closes the clients underneath (not in the vendor's API; nothing runs in the background). */
  close(): Promise<void> {
    return this.#v1.close();
  }

  /** A secret-free summary. */
  toJSON(): Record<string, unknown> {
    return this.#v1.toJSON();
  }

  /** Node's `util.inspect` shows the same secret-free summary. */
  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, unknown> {
    return this.toJSON();
  }
}

function humanOnly(operation: string, actionId: unknown): AuthorizationError {
  return new AuthorizationError(
    `${operation} is not available to an agent: a human approves or denies on the ASCEND dashboard (an agent must never decide its own approvals)`,
    [],
    undefined,
    { operation, actionId: typeof actionId === 'string' ? actionId.slice(0, 64) : undefined, humanDecisionRequired: true },
  );
}
