/**
 * The full ASCEND client: the lean {@link AscendAgentClient} (decisions, reports, heartbeat,
 * kill switch, lifecycle and all the machinery) plus every management operation of the API:
 * agent registration, action records, policy evaluation, classifications, audit and activity,
 * webhooks, supply chain, health and deployment info.
 */
import { AscendAgentClient, breakersOf, optionsOf, toAscendError, type CallOptions, type EvaluateOptions } from './agent-client.js';
import type { CircuitState } from './circuit-breaker.js';
import type { AuthorizationDecision } from './decision.js';
import { isAscendError, ValidationError } from './errors.js';
import { MetricsRecorder, type ClientMetrics } from './metrics.js';
import { toLogLevel } from './logger.js';
import type { AscendClientOptions, FailMode } from './options.js';
import type { Clock, RuntimePort } from './ports.js';
import type { ActionRequest, McpActionRequest } from './wire-agent.js';
import { CALL_KEYS, checkCallOptions } from './call-options.js';
import { ADMIN_ROUTES, routeCall } from './routes.js';
import {
  configureWebhookBody,
  modelIdBody,
  paging,
  parseActionDetails,
  parseActivity,
  parseAgentHealth,
  parseAuditLogs,
  parseClassification,
  parseConfiguredWebhook,
  parseDeploymentInfo,
  parsePolicy,
  parseRegister,
  parseWebhookList,
  parseWebhookTest,
  policyBody,
  registerBody,
  supplyChainBody,
  updateWebhookBody,
  type ActionDetails,
  type ActivityPage,
  type AgentHealth,
  type AuditLogPage,
  type DeploymentInfo,
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
} from './wire-admin.js';
import type { AscendError } from './errors.js';
import { isObject } from './wire-read.js';

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

/**
 * The ASCEND governance client with every endpoint of the API: everything of
 * {@link AscendAgentClient} (decisions with fail mode and approval waiting, bulk and MCP
 * evaluation, reports with a spool, heartbeat, kill switch, `close()`), plus the management
 * operations. Built from options and a runtime port. Use the adapters (`@ascend/node`,
 * `@ascend/browser`), which supply the port.
 *
 * @example
 * ```ts
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 50 } })
 * if (decision.decision === 'allowed') { await refund(); await client.logActionCompleted(decision.actionId, { durationMs: 12 }) }
 * ```
 */
export class AscendClient extends AscendAgentClient {
  readonly #clock: Clock;
  #metrics: MetricsRecorder;

  /**
   * @param options - Client options; see {@link AscendClientOptions}.
   * @param port - The runtime port; adapters supply it.
   * @throws {@link ConfigurationError} naming the field for any invalid option.
   */
  constructor(options: AscendClientOptions | undefined, port: RuntimePort) {
    super(withLevelRead(options), port);
    // The port was checked by the base constructor.
    this.#clock = port.clock ?? { now: () => Date.now() };
    this.#metrics = new MetricsRecorder(this.#clock.now());
  }

  // ---------------------------------------------------------------------------------------
  // Decisions, counted in the metrics

  /** {@inheritDoc AscendAgentClient.evaluateAction} */
  override evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision> {
    return this.#measured(() => super.evaluateAction(request, options));
  }

  /** {@inheritDoc AscendAgentClient.evaluateMcpAction} */
  override evaluateMcpAction(request: McpActionRequest, options?: CallOptions): Promise<AuthorizationDecision> {
    return this.#measured(() => super.evaluateMcpAction(request, options));
  }

  async #measured(run: () => Promise<AuthorizationDecision>): Promise<AuthorizationDecision> {
    const started = this.#clock.now();
    try {
      const decision = await run();
      this.#metrics.decision(decision, this.#clock.now() - started);
      return decision;
    } catch (error) {
      this.#metrics.error(toAscendError(error).code, this.#clock.now() - started);
      throw error;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Breakers and metrics

  /**
   * The states of the two circuit breakers: `decisions` guards decisions and other foreground
   * calls, `background` guards heartbeats, kill-switch polls and reports.
   */
  getCircuitBreakerStates(): {
    /** The breaker guarding decisions and other foreground calls. */
    decisions: CircuitState;
    /** The breaker guarding heartbeats, kill-switch polls and reports. */
    background: CircuitState;
  } {
    const [decisions, background] = breakersOf(this);
    return { decisions: decisions.state, background: background.state };
  }

  /**
   * Forces both circuit breakers closed, e.g. once an operator knows the service is back. Calls
   * flow again at once; the breakers open again after as many failures as before. Emits
   * `circuitStateChange` for a breaker that was not closed.
   */
  resetCircuitBreakers(): void {
    for (const breaker of breakersOf(this)) breaker.reset();
  }

  /**
   * Decision metrics since the client was created (or `resetMetrics()`): decisions by outcome,
   * errors by code, decision latency, and the breakers' states. Counted in memory only.
   *
   * @example
   * ```ts
   * const m = client.getMetrics()
   * console.log(m.decisions.allowed, m.errors.byCode.GOVERNANCE_UNAVAILABLE ?? 0, m.latency.p95Ms, m.circuitBreakers.decisions)
   * ```
   */
  getMetrics(): ClientMetrics {
    const states = this.getCircuitBreakerStates();
    return this.#metrics.snapshot({ decisions: states.decisions.name, background: states.background.name });
  }

  /** Starts the metrics counters over (the breakers are left as they are). */
  resetMetrics(): void {
    this.#metrics = new MetricsRecorder(this.#clock.now());
  }

  /** The stored record of an action (§3.5). */
  async getAction(actionId: string, options: CallOptions = {}): Promise<ActionDetails> {
    return parseActionDetails(await this.call('foreground', routeCall(ADMIN_ROUTES, 'getAction', { actionId }), options), actionId);
  }

  // ---------------------------------------------------------------------------------------
  // Agents

  /** Registers this agent (§3.9). An "already exists" answer resolves with `alreadyRegistered`. */
  async register(request: RegisterAgentRequest = {}, options: CallOptions = {}): Promise<RegisterAgentResult> {
    const agentId = this.requireAgentId();
    const body = registerBody(agentId, optionsOf(this).agentName, optionsOf(this).environment, request);
    try {
      return parseRegister(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'register'), body }, options), agentId);
    } catch (error) {
      if ((isAscendError(error, 'VALIDATION_ERROR') || isAscendError(error, 'CONFLICT')) && /already (exists|registered)/i.test(error.message)) {
        return { alreadyRegistered: true, agentId, trustLevel: undefined, raw: {} };
      }
      throw error;
    }
  }

  /** Deregisters this agent (§3.10) and stops kill-switch polling. */
  async deregister(options: CallOptions = {}): Promise<void> {
    const spec = routeCall(ADMIN_ROUTES, 'deregister', { agentId: this.requireAgentId() });
    this.stopKillSwitchPolling();
    await this.call('foreground', spec, options);
  }

  /** Links a registered model to this agent (§3.11). */
  async linkModel(modelId: number, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const spec = routeCall(ADMIN_ROUTES, 'linkModel', { agentId: this.requireAgentId() });
    const body = modelIdBody(modelId);
    const res = await this.call('foreground', { ...spec, body }, options);
    return isObject(res) ? res : {};
  }

  /** An agent's health (§3.13); defaults to this agent. */
  async getAgentHealth(agentId?: string, options: CallOptions = {}): Promise<AgentHealth> {
    const spec = routeCall(ADMIN_ROUTES, 'getAgentHealth', { agentId: agentId ?? this.requireAgentId() });
    return parseAgentHealth(await this.call('foreground', spec, options));
  }

  // ---------------------------------------------------------------------------------------
  // Policy, classifications, audit, activity

  /** Real-time policy evaluation (§3.17). Not subject to fail mode. */
  async evaluatePolicy(request: PolicyEvaluationRequest, options: CallOptions = {}): Promise<PolicyEvaluationResult> {
    const body = policyBody(request);
    return parsePolicy(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'evaluatePolicy'), body }, options));
  }

  /** The classification of a resource type (§3.18), or null when there is none (404 included). */
  async getResourceClassification(resourceType: string, options: CallOptions = {}): Promise<ResourceClassification | null> {
    if (typeof resourceType !== 'string' || resourceType.trim() === '') {
      throw new ValidationError('resourceType is required', { resourceType: 'Required field is missing or empty' });
    }
    try {
      const res = await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'getResourceClassification'), query: { resource_type: resourceType } }, options);
      return parseClassification(res, resourceType);
    } catch (error) {
      if (isAscendError(error, 'NOT_FOUND')) return null;
      throw error;
    }
  }

  /** A page of audit events (§3.19; note the path has no `/api` prefix). */
  async getAuditLogs(page: PageOptions = {}, options: CallOptions = {}): Promise<AuditLogPage> {
    const { limit, offset } = paging(page);
    return parseAuditLogs(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'getAuditLogs'), query: { limit, offset } }, options), { limit, offset });
  }

  /** This agent's recent activity (§3.8). */
  async listActivity(page: PageOptions & { status?: string } = {}, options: CallOptions = {}): Promise<ActivityPage> {
    const { limit, offset } = paging(page);
    const query = { limit, offset, status: page.status || undefined, agent_id: optionsOf(this).agentId };
    return parseActivity(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'listActivity'), query }, options));
  }

  // ---------------------------------------------------------------------------------------
  // Webhooks

  /** Configures a webhook (§3.21). */
  async configureWebhook(input: WebhookConfigInput, options: CallOptions = {}): Promise<WebhookConfig> {
    const body = configureWebhookBody(input, optionsOf(this).agentId);
    return parseConfiguredWebhook(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'configureWebhook'), body }, options), body);
  }

  /** Lists webhooks (§3.22). */
  async listWebhooks(options: CallOptions = {}): Promise<WebhookConfig[]> {
    return parseWebhookList(await this.call('foreground', routeCall(ADMIN_ROUTES, 'listWebhooks'), options));
  }

  /** Updates a webhook with the given fields, checked like configure (§3.23). */
  async updateWebhook(webhookId: string, input: Partial<WebhookConfigInput>, options: CallOptions = {}): Promise<WebhookConfig> {
    const body = updateWebhookBody(input);
    const res = await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'updateWebhook', { webhookId }), body }, options);
    return parseConfiguredWebhook(res, { webhook_id: webhookId, ...body });
  }

  /** Deletes a webhook (§3.24). */
  async deleteWebhook(webhookId: string, options: CallOptions = {}): Promise<void> {
    await this.call('foreground', routeCall(ADMIN_ROUTES, 'deleteWebhook', { webhookId }), options);
  }

  /** Asks the service to send a test delivery (§3.25). */
  async testWebhook(webhookId: string, options: CallOptions = {}): Promise<WebhookTestResult> {
    return parseWebhookTest(await this.call('foreground', routeCall(ADMIN_ROUTES, 'testWebhook', { webhookId }), options));
  }

  // ---------------------------------------------------------------------------------------
  // Supply chain, health, deployment

  /** Registers a supply-chain component (§3.26). */
  async registerSupplyChainComponent(component: SupplyChainComponent, options: CallOptions = {}): Promise<Record<string, unknown>> {
    const body = supplyChainBody(component);
    const res = await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'registerSupplyChainComponent'), body }, options);
    return isObject(res) ? res : {};
  }

  /** Service liveness (§3.1). */
  async health(options: CallOptions = {}): Promise<Record<string, unknown>> {
    const res = await this.call('foreground', routeCall(ADMIN_ROUTES, 'health'), options);
    return isObject(res) ? res : {};
  }

  /** Deployment information (§3.2). */
  async getDeploymentInfo(options: CallOptions = {}): Promise<DeploymentInfo> {
    return parseDeploymentInfo(await this.call('foreground', routeCall(ADMIN_ROUTES, 'getDeploymentInfo'), options));
  }

  /** Health plus deployment info. Never throws for the service's sake; a bad options argument is a {@link ValidationError}. */
  async testConnection(options: CallOptions = {}): Promise<ConnectionTestResult> {
    // A bad option is the caller's mistake, not a connection failure.
    checkCallOptions(options, CALL_KEYS);
    try {
      await this.health(options);
      const info = await this.getDeploymentInfo(options);
      return { connected: true, apiVersion: info.version, environment: info.environment, agentId: optionsOf(this).agentId, failMode: optionsOf(this).failMode };
    } catch (error) {
      return { connected: false, error: toAscendError(error) };
    }
  }
}

/** The options with `logLevel` read case-insensitively (`WARNING` → `warn`); an unknown name is left for validation to refuse. */
function withLevelRead(options: AscendClientOptions | undefined): AscendClientOptions | undefined {
  const level = typeof options === 'object' && options !== null ? toLogLevel(options.logLevel) : undefined;
  return level === undefined || level === options!.logLevel ? options : { ...options, logLevel: level };
}
