/**
 * The service behind `MockAscendClient`: a runtime port whose `send` answers the real client from
 * an in-memory fake ASCEND, letting the mock's scripts decide each action. The fake's policy
 * engine turns a scripted decision into the decision body, so the body has the shape the fake
 * (and the conformance suite) holds the real service to.
 * @internal
 */
import {
  ConfigurationError,
  isAscendError,
  type ActionRequest,
  type AuthorizationDecision,
  type DecisionOutcome,
  type HttpRequest,
  type HttpResponse,
  type McpActionRequest,
} from '@ascend/core';
import { parseDecision, parseMcpDecision } from '@ascend/core/internal';
import type { FakeAscend } from '../fake/fake-api.js';
import { untilAborted } from '../fake/fetch.js';
import { isJsonObject, tryParseJson } from '../fake/json.js';
import { matchRoute } from '../fake/operations.js';
import type { PolicyDocument, PolicyOutcome } from '../fake/policy-types.js';

/** What the mock's scripts decided for one request, as the service should answer it. */
export interface ScriptOutcome {
  /** The fake's policy for this one decision. */
  readonly policy: PolicyDocument;
  /** How a wait on the pending action ends by itself, if it does. */
  readonly resolveWith: 'approve' | 'reject' | 'expire' | undefined;
  /** Wire fields merged over every decision body of the action (submit and status answers). */
  readonly overrides: Readonly<Record<string, unknown>> | undefined;
}

/** A decision request as the service received it. */
export interface DecisionRequest {
  /** `action` for submit (and policy evaluation), `mcp` for the MCP endpoint. */
  readonly endpoint: 'action' | 'mcp';
  /** The request in the client's terms. */
  readonly request: ActionRequest;
  /** The MCP request, for the `mcp` endpoint. */
  readonly mcp: McpActionRequest | undefined;
  /** True for a policy question: no action is created. */
  readonly question: boolean;
}

/** An action the service created, with the decision the client received. */
export interface CreatedAction extends DecisionRequest {
  /** The action id. */
  readonly actionId: string;
  /** The decision as the client parsed it. */
  readonly decision: AuthorizationDecision;
  /** Wire fields merged over its decision bodies. */
  readonly overrides: Readonly<Record<string, unknown>> | undefined;
}

/** The hooks of {@link ScriptedService}. */
export interface ScriptHooks {
  /** Decides a request; `undefined` leaves it to the fake's current policy. May throw. */
  decide(request: DecisionRequest): Promise<ScriptOutcome | undefined>;
  /** Called for every action created. */
  created(action: CreatedAction): void;
  /** Wire overrides of an existing action, for its status answers. */
  overridesOf(actionId: string): Readonly<Record<string, unknown>> | undefined;
}

/** The fake's policy outcome for a decision. */
export const POLICY_OUTCOME: Readonly<Record<DecisionOutcome, PolicyOutcome>> = { allowed: 'allow', denied: 'deny', pending: 'require_approval' };

const DECIDING = new Set(['submitAction', 'submitMcpAction', 'evaluatePolicy']);

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function object(value: unknown): Record<string, unknown> | undefined {
  return isJsonObject(value) ? value : undefined;
}

/** The request in the client's terms, read back from the wire body (reference §3.3, §3.27). */
function readRequest(operation: string, json: Record<string, unknown>): DecisionRequest {
  const base = { actionType: text(json['action_type']) ?? '', resource: text(json['resource']) ?? '' };
  const context = object(json['context']);
  if (operation === 'submitMcpAction') {
    const parameters = object(json['parameters']);
    const mcp: McpActionRequest = {
      mcpServer: text(json['mcp_server']) ?? '',
      namespace: text(json['namespace']) ?? '',
      verb: text(json['verb']) ?? '',
      resource: base.resource,
      ...(text(json['tool_name']) ? { toolName: text(json['tool_name'])! } : {}),
      ...(parameters && Object.keys(parameters).length > 0 ? { parameters } : {}),
      ...(context && Object.keys(context).length > 0 ? { context } : {}),
    };
    const request: ActionRequest = { ...base, ...(mcp.parameters ? { parameters: mcp.parameters } : {}), ...(mcp.context ? { context: mcp.context } : {}) };
    return { endpoint: 'mcp', request, mcp, question: false };
  }
  const optional: Record<string, unknown> = {
    resourceId: text(json['resource_id']),
    parameters: object(json['action_details']),
    context,
    riskIndicators: object(json['risk_indicators']),
    orchestrationSessionId: text(json['orchestration_session_id']),
    parentActionId: typeof json['parent_action_id'] === 'number' ? String(json['parent_action_id']) : undefined,
    orchestrationDepth: typeof json['orchestration_depth'] === 'number' ? json['orchestration_depth'] : undefined,
  };
  for (const key of Object.keys(optional)) if (optional[key] === undefined) delete optional[key];
  return { endpoint: 'action', request: { ...base, ...optional }, mcp: undefined, question: operation === 'evaluatePolicy' };
}

function answer(status: number, headers: Readonly<Record<string, string>>, body: string): HttpResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    status,
    header: (name) => lower[name.toLowerCase()] ?? null,
    text: (maxBytes) => Promise.resolve(body.length > maxBytes ? undefined : body),
    discard: () => {},
  };
}

/**
 * Answers the real client's requests from `fake`. Decision requests run one at a time, so the
 * policy a script sets is the one that decides its request.
 */
export class ScriptedService {
  readonly #fake: FakeAscend;
  readonly #hooks: ScriptHooks;
  #queue: Promise<unknown> = Promise.resolve();
  #policyKey: string | undefined;

  /**
   * @param fake the service state, created with `policy`; @param hooks the mock's scripts and
   * records; @param policy the fake's policy now.
   */
  constructor(fake: FakeAscend, hooks: ScriptHooks, policy: PolicyDocument) {
    this.#fake = fake;
    this.#hooks = hooks;
    this.#policyKey = JSON.stringify(policy);
  }

  /** The port's `send`. */
  send = (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    const route = matchRoute(request.method, url.pathname);
    const operation = route.kind === 'match' ? route.operation : undefined;
    if (operation !== undefined && DECIDING.has(operation)) {
      const run = this.#queue.then(() => this.#decide(operation, url, request));
      this.#queue = run.catch(() => undefined);
      return run;
    }
    const actionId = operation === 'getActionStatus' && route.kind === 'match' ? route.params['actionId'] : undefined;
    return this.#handle(url, request, actionId === undefined ? undefined : this.#hooks.overridesOf(actionId));
  };

  /** Sets the fake's policy unless it already holds this one. */
  usePolicy(policy: PolicyDocument): void {
    const key = JSON.stringify(policy);
    if (key === this.#policyKey) return;
    this.#fake.setPolicy(policy);
    this.#policyKey = key;
  }

  async #decide(operation: string, url: URL, request: HttpRequest): Promise<HttpResponse> {
    const json = tryParseJson(request.body ?? '');
    if (!isJsonObject(json)) return this.#handle(url, request, undefined);
    const decision = readRequest(operation, json);
    let outcome: ScriptOutcome | undefined;
    try {
      outcome = await this.#hooks.decide(decision);
    } catch (error) {
      // A script's typed error reaches the caller as is; anything else is a bug in the test, never an outage.
      if (isAscendError(error)) throw error;
      throw new ConfigurationError('decision script', error instanceof Error ? error.message : String(error), { cause: error });
    }
    if (outcome) this.usePolicy(outcome.policy);
    const auto =
      outcome?.resolveWith && !decision.question
        ? this.#fake.faults.inject(
            { kind: 'approval', outcome: outcome.resolveWith, by: 'auto-approver@mock.test' },
            { operation: operation as 'submitAction', times: 1 },
          )
        : undefined;
    try {
      const response = await this.#handle(url, request, outcome?.overrides, (body) => {
        if (decision.question || body['action_id'] === undefined) return;
        const parsed = decision.endpoint === 'mcp' ? parseMcpDecision(body) : parseDecision(body);
        this.#hooks.created({ ...decision, actionId: parsed.actionId, decision: parsed, overrides: outcome?.overrides });
      });
      return response;
    } finally {
      auto?.clear();
    }
  }

  async #handle(
    url: URL,
    request: HttpRequest,
    overrides: Readonly<Record<string, unknown>> | undefined,
    seen?: (body: Record<string, unknown>) => void,
  ): Promise<HttpResponse> {
    const response = await this.#fake.handle({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: request.body ?? '',
      signal: request.signal,
    });
    if (response.networkError) throw new TypeError('fetch failed (simulated outage)');
    if (response.hang) {
      await untilAborted(request.signal);
      throw request.signal.reason;
    }
    let body = response.body ?? '';
    if (response.status >= 200 && response.status < 300) {
      const json = tryParseJson(body);
      if (isJsonObject(json)) {
        const merged = overrides ? { ...json, ...overrides } : json;
        if (overrides) body = JSON.stringify(merged);
        try {
          seen?.(merged);
        } catch {
          // A body the client cannot parse: the client reports it; nothing is recorded.
        }
      }
    }
    return answer(response.status, response.headers, body);
  }
}
