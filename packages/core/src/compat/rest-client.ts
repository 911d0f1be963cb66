/**
 * The vendor docs site's snake_case "reference client" (`docs/integration-guide/sdk-nodejs`,
 * the `./ascend-client` file its pages tell users to copy) as the second face of the one v1
 * mapping (`./v1.ts`). The adapters export it as the default export of
 * `@ascend/node/compat/rest-client` and `@ascend/browser/compat/rest-client`, so the pages' code
 * runs with `./ascend-client` replaced by that import.
 *
 * Errors are the compatibility classes with an HTTP view (`isAxiosError`, `response.status`,
 * `response.data.detail`, `code`), so the pages' `axios.isAxiosError(e)` handling keeps working.
 */
import type { AscendClient as CoreAscendClient } from '../client.js';
import { ConfigurationError } from '../errors.js';
import { ProtocolError } from '../errors.js';
import { toCompatError, ValidationError, withHttpView } from './errors.js';
import { isObject } from './options.js';
import { V1Mapping, type V1Outcome, type V1Runtime, type V1State } from './v1.js';

/** The reference client's configuration; each field falls back to the environment. */
export interface ClientConfig {
  /** API key. Env: `ASCEND_API_KEY`, then `OWKAI_API_KEY`. Required. */
  apiKey?: string;
  /** Service URL. Env: `ASCEND_API_URL`, then `OWKAI_API_URL`. @defaultValue 'https://pilot.owkai.app' */
  baseUrl?: string;
  /** Per-attempt request timeout, ms (1–600000). Env: `OWKAI_TIMEOUT`. @defaultValue 3000 (this SDK's default) */
  timeout?: number;
  /** Log each call at debug level. */
  debug?: boolean;
}

/** An action to submit, snake_case as on the wire. */
export interface AgentAction {
  /** The submitting agent. Required. */
  agent_id: string;
  /** Its display name. */
  agent_name: string;
  /** The action type, e.g. `data_access`. Required. */
  action_type: string;
  /** The resource acted upon. Required. */
  resource: string;
  /** A specific item of the resource. */
  resource_id?: string;
  /** The action's parameters. */
  action_details?: Record<string, unknown>;
  /** Context. */
  context?: Record<string, unknown>;
  /** Risk hints, e.g. `{ pii_involved: true }`. */
  risk_indicators?: Record<string, unknown>;
}

/** An action's state, snake_case as the docs site shows it. */
export interface ActionResult {
  /** The action id. */
  id: number;
  /** `approved`, `pending_approval`, `denied` or `timeout`. `approved` only for an explicit allowed decision. */
  status: string;
  /** Risk score 0–100 (0 when the service did not say). */
  risk_score: number;
  /** The service's risk word (`minimal` … `critical`); `unknown` when it did not say. */
  risk_level: string;
  /** Whether a human must decide. */
  requires_approval: boolean;
  /** Whether the service raised an alert. */
  alert_triggered: boolean;
  /** `approved`, `pending`, `denied` or `timeout` (a `waitForDecision` that ran out: never approved). */
  decision?: string;
  /** Why, when denied. */
  reason?: string;
}

/** `getActionDetails`: the state plus the stored record. */
export interface ActionDetailsResult extends ActionResult {
  /** The submitting agent. */
  agent_id: string;
  /** Its display name. */
  agent_name: string;
  /** The action type. */
  action_type: string;
  /** The resource. */
  resource: string;
  /** The specific item. */
  resource_id?: string;
  /** When submitted. */
  created_at?: string;
  /** Last change. */
  updated_at?: string;
  /** Audit trail entries as the service sent them. */
  audit_trail: Array<Record<string, unknown>>;
}

/** Result of `testConnection`. */
export interface RestConnectionStatus {
  /** `connected`, or `error`. */
  status: string;
  /** The service's version, when connected. */
  version?: string;
}

/** Result of `listActions`. */
export interface ActionResultList {
  /** The actions, most recent first. */
  actions: ActionResult[];
}

const CONFIG_KEYS = new Set(['apiKey', 'baseUrl', 'timeout', 'debug']);
/** The snake_case face names the mapping's fields as the wire does. */
const NAMES = {
  agentId: 'agent_id',
  agentName: 'agent_name',
  actionType: 'action_type',
  resourceId: 'resource_id',
  parameters: 'action_details',
  riskIndicators: 'risk_indicators',
  pollIntervalMs: 'pollIntervalMs',
  timeoutMs: 'timeout',
} as const;

const STATUS: Readonly<Record<V1State, string>> = { approved: 'approved', pending: 'pending_approval', denied: 'denied', timeout: 'timeout' };

function numericId(actionId: string): number {
  const n = /^\d{1,16}$/.test(actionId) ? Number(actionId) : NaN;
  if (!Number.isSafeInteger(n)) throw withHttpView(toCompatError(new ProtocolError('the service answered an action id that is not a number', { field: 'id' })));
  return n;
}

function toResult(o: V1Outcome): ActionResult {
  const out: ActionResult = {
    id: numericId(o.actionId),
    status: STATUS[o.state],
    risk_score: o.riskScore ?? 0,
    risk_level: o.riskLevel ?? 'unknown',
    requires_approval: o.state === 'pending',
    alert_triggered: o.alertTriggered,
    decision: o.state,
  };
  if (o.reason !== undefined && o.state !== 'approved') out.reason = o.reason;
  return out;
}

/** Runs a call, giving a compatibility error its HTTP view. */
async function http<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw withHttpView(toCompatError(error));
  }
}

function timeoutFrom(config: ClientConfig, runtime: V1Runtime): number | undefined {
  if (config.timeout !== undefined && config.timeout !== 0) return config.timeout;
  const raw = runtime.env('OWKAI_TIMEOUT');
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = /^\d{1,6}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 600_000)
    throw toCompatError(new ConfigurationError('OWKAI_TIMEOUT', 'must be an integer number of milliseconds, 1 to 600000'));
  return n;
}

/**
 * The docs site's reference client, mapped onto this SDK. The adapters export it with their
 * runtime as `AscendClient` (default export of `…/compat/rest-client`).
 *
 * @example
 * ```ts
 * import AscendClient from '@ascend/node/compat/rest-client'
 * const client = new AscendClient() // OWKAI_API_KEY, OWKAI_API_URL, OWKAI_TIMEOUT
 * const result = await client.submitAction({ agent_id: 'my-agent', agent_name: 'My AI Agent', action_type: 'data_access', resource: 'customer_database' })
 * if (result.status === 'pending_approval') await client.waitForDecision(result.id, 120000)
 * ```
 */
export class CompatRestClient {
  readonly #v1: V1Mapping;

  /**
   * @param config - See {@link ClientConfig}.
   * @param runtime - This SDK's client factory and environment; the adapters pass their own.
   * @throws `ValidationError` naming the field for a bad setting or a missing API key.
   */
  constructor(config: ClientConfig = {}, runtime: V1Runtime) {
    if (!isObject(config)) throw new ValidationError('config must be an object', { config: 'Must be an object' });
    for (const key of Object.keys(config)) {
      if (!CONFIG_KEYS.has(key)) throw new ValidationError(`unknown option ${key}`, { [key]: `Unknown option; allowed: ${[...CONFIG_KEYS].join(', ')}` });
    }
    this.#v1 = new V1Mapping({ apiKey: config.apiKey, baseUrl: config.baseUrl, timeoutMs: timeoutFrom(config, runtime), debug: config.debug }, runtime, NAMES);
  }

  /** This SDK's client underneath, for everything the reference client does not have. */
  get ascend(): CoreAscendClient {
    return this.#v1.ascend;
  }

  /** `{ status: 'connected', version }` or `{ status: 'error' }`; never throws. */
  async testConnection(): Promise<RestConnectionStatus> {
    const r = await this.#v1.testConnection();
    return r.connected ? { status: 'connected', version: r.version } : { status: 'error' };
  }

  /** Submits an action for authorization. */
  submitAction(action: AgentAction): Promise<ActionResult> {
    return http(async () => {
      if (!isObject(action)) throw new ValidationError('action must be an object', { action: 'Must be an object' });
      const a = action as unknown as Record<string, unknown>;
      return toResult(
        await this.#v1.submit(
          {
            agentId: a['agent_id'],
            agentName: a['agent_name'],
            actionType: a['action_type'],
            resource: a['resource'],
            resourceId: a['resource_id'],
            details: a['action_details'],
            context: a['context'],
            riskIndicators: a['risk_indicators'],
          },
          NAMES,
        ),
      );
    });
  }

  /** The action's current state. */
  getActionStatus(actionId: number): Promise<ActionResult> {
    return http(async () => toResult(await this.#v1.status(actionId, { ...NAMES, actionId: 'actionId' })));
  }

  /**
   * Polls until a human decides. When `timeoutMs` pass first it resolves with
   * `{ status: 'timeout', decision: 'timeout', … }`, as the reference client does: never approved.
   */
  waitForDecision(actionId: number, timeoutMs = 60_000, pollIntervalMs = 2000): Promise<ActionResult> {
    return http(async () => toResult(await this.#v1.wait(actionId, timeoutMs, pollIntervalMs, { ...NAMES, timeoutMs: 'timeoutMs' })));
  }

  /** The organization's recent actions (`GET /api/v1/actions`). */
  listActions(params: { limit?: number; offset?: number; status?: string } = {}): Promise<ActionResultList> {
    return http(async () => {
      if (!isObject(params)) throw new ValidationError('params must be an object', { params: 'Must be an object' });
      const items = await this.#v1.list(params, NAMES);
      return {
        actions: items.map((i) => ({
          id: numericId(i.actionId),
          status: STATUS[i.state],
          risk_score: i.riskScore ?? 0,
          risk_level: i.riskLevel ?? 'unknown',
          requires_approval: i.state === 'pending',
          alert_triggered: false,
          decision: i.state,
        })),
      };
    });
  }

  /** The action's state and stored record. */
  getActionDetails(actionId: number): Promise<ActionDetailsResult> {
    return http(async () => {
      const d = await this.#v1.details(actionId, { ...NAMES, actionId: 'actionId' });
      const out: ActionDetailsResult = {
        ...toResult(d),
        agent_id: d.agentId,
        agent_name: d.agentName,
        action_type: d.actionType,
        resource: d.resource,
        audit_trail: d.auditTrail,
      };
      if (d.resourceId !== undefined) out.resource_id = d.resourceId;
      if (d.createdAt !== undefined) out.created_at = d.createdAt;
      if (d.updatedAt !== undefined) out.updated_at = d.updatedAt;
      return out;
    });
  }

  /** Closes the clients underneath (not in the reference client; nothing runs in the background). */
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
