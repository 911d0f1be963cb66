/**
 * The full ASCEND client: the lean {@link AscendAgentClient} (decisions, reports, heartbeat,
 * kill switch, lifecycle and all the machinery) plus every management operation of the API:
 * agent registration, action records, policy evaluation, classifications, audit and activity,
 * webhooks, supply chain, health and deployment info.
 */
import { fieldError } from './field-error.js';
import { AscendAgentClient, breakersOf, optionsOf, toAscendError, type CallOptions, type EvaluateOptions, type WaitOptions } from './agent-client.js';
import type { Clock, ResolvedPort, RuntimePort, TimerHandle } from './ports.js';
import { resolvePort } from './runtime.js';
import { formatRequestTimestamp } from './transport.js';
import { heartbeatBody } from './wire-agent.js';
import type { AuthorizationDecision, PendingDecision, PendingDecisionHandle } from './decision.js';
import { readDecisionDetails } from './decision-details.js';
import type { ActionRequest, McpActionRequest } from './wire-agent.js';
import { isAscendError, ValidationError } from './errors.js';
import type { AscendClientOptions, FailMode } from './options.js';
import type { CircuitState } from './circuit-breaker.js';
import { MetricsRecorder, type ClientMetrics } from './metrics.js';
import { toLogLevel } from './logger.js';
import { CALL_KEYS, checkCallOptions, HEARTBEAT_KEYS } from './call-options.js';
import { GROUP_RULES } from './options.js';
import { ADMIN_ROUTES, AGENT_ROUTES, routeCall } from './routes.js';
import { MANAGEMENT_ROUTES } from './routes-management.js';
import {
  alertsQuery,
  cascadeKillBody,
  deactivateBody,
  findingsQuery,
  killSwitchBody,
  managementRecord,
  mcpServerBody,
  mcpTopologyBody,
  parseAlerts,
  parseCascadeKill,
  parseComponentList,
  parseFindings,
  parseKillSwitchChange,
  parseMcpScan,
  parseMcpServerList,
  parseMcpServerResult,
  parseOutputScan,
  pathInt,
  scanOutputBody,
  supplyChainQuery,
  topologyBody,
  type Alert,
  type CascadeKillOptions,
  type CascadeKillResult,
  type KillSwitchChange,
  type ManagementRecord,
  type McpNetworkScan,
  type McpServerList,
  type McpServerRegistration,
  type McpServerResult,
  type OutputFindings,
  type OutputFindingsQuery,
  type OutputScanRequest,
  type OutputScanResult,
  type SupplyChainAlertsQuery,
  type SupplyChainComponentList,
  type SupplyChainQuery,
} from './wire-management.js';
import { nonBlank, optionalText } from './wire-check.js';
import {
  actionListQuery,
  configureWebhookBody,
  modelIdBody,
  paging,
  parseActionDetails,
  parseActionList,
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
  type ActionList,
  type ActionListQuery,
  type ActivityPage,
  type ActivityQuery,
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

/** Fills a decision's `details` from its `raw` body (bulk evaluation goes through `evaluateAction`). */
function withDetails(decision: AuthorizationDecision): AuthorizationDecision {
  decision.details ??= readDecisionDetails(decision);
  return decision;
}

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
  /** The heartbeat schedule of {@link AscendClient.startHeartbeat}: a fresh token per start. */
  #heartbeat: { run: object; timer: TimerHandle } | undefined;
  /** The same port as the lean client's (clock and timers for the heartbeat schedule). */
  readonly #port: ResolvedPort;

  /**
   * @param options - Client options; see {@link AscendClientOptions}.
   * @param port - The runtime port; adapters supply it.
   * @throws {@link ConfigurationError} naming the field for any invalid option.
   */
  constructor(options: AscendClientOptions | undefined, port: RuntimePort) {
    super(withLevelRead(options), port);
    this.#port = resolvePort(port);
    // The port was checked by the base constructor.
    this.#clock = port.clock ?? { now: () => Date.now() };
    this.#metrics = new MetricsRecorder(this.#clock.now());
  }

  // ---------------------------------------------------------------------------------------
  // Decisions, counted in the metrics

  /** As {@link AscendAgentClient.evaluateAction}, and reads the decision's `details` too. */
  override evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision> {
    return this.#measured(async () => withDetails(await super.evaluateAction(request, options)));
  }

  /** As {@link AscendAgentClient.evaluateMcpAction}, and reads the decision's `details` too. */
  override evaluateMcpAction(request: McpActionRequest, options?: CallOptions): Promise<AuthorizationDecision> {
    return this.#measured(async () => withDetails(await super.evaluateMcpAction(request, options)));
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

  /**
   * Starts sending heartbeats in the background (Python client 2.4.0 `start_heartbeat`): the first
   * one at once, then one every `intervalMs`. Calling it again restarts the schedule with the new
   * interval. Background work: its timers never keep the process alive, a failing heartbeat is
   * dropped (never thrown), and the schedule ends at {@link AscendClient.stopHeartbeat} or
   * `close()`. Does nothing once the client is closed.
   *
   * @param options - `intervalMs` between heartbeats (100 ms to 24.8 days); defaults to the
   * client's `heartbeat.intervalMs` (60 s).
   * @throws {@link ValidationError} naming the option when `intervalMs` is not an integer in
   * range or another key is given, and naming `heartbeat` when the client's `heartbeat` option
   * already runs a schedule (use one or the other).
   */
  startHeartbeat(options?: { /** Interval between heartbeats, in ms. */ intervalMs?: number }): void {
    const o = optionsOf(this);
    const { intervalMs = o.heartbeat.intervalMs } = checkCallOptions(options, HEARTBEAT_KEYS, { intervalMs: GROUP_RULES.heartbeat.intervalMs });
    if (o.heartbeat.enabled) {
      throw new ValidationError('heartbeat: the client option heartbeat.enabled already sends heartbeats', {
        heartbeat: 'Already enabled by the client options',
      });
    }
    this.stopHeartbeat();
    if (this.status().closed) return;
    const run = {};
    const port = this.#port;
    const tick = (delayMs: number): void => {
      const timer = port.timers.setTimeout(
        () => {
          const body = heartbeatBody(o.agentId, formatRequestTimestamp(port.clock.now()), {});
          void this.call('background', { ...routeCall(AGENT_ROUTES, 'heartbeat'), body }, undefined, true)
            .catch(() => undefined)
            .finally(() => {
              // Stopped, restarted or closed meanwhile: this schedule ends here.
              if (this.#heartbeat?.run === run && !this.status().closed) tick(intervalMs);
            });
        },
        delayMs,
        'background',
      );
      this.#heartbeat = { run, timer };
    };
    tick(0);
  }

  /** Stops the heartbeats started by {@link AscendClient.startHeartbeat}; does nothing when none run. */
  stopHeartbeat(): void {
    if (this.#heartbeat) this.#port.timers.clearTimeout(this.#heartbeat.timer);
    this.#heartbeat = undefined;
  }

  /** As {@link AscendAgentClient.close}, and stops the heartbeats of {@link AscendClient.startHeartbeat} first. */
  override close(options?: Parameters<AscendAgentClient['close']>[0]): Promise<void> {
    this.stopHeartbeat();
    return super.close(options);
  }

  // ---------------------------------------------------------------------------------------
  // Decisions with their details: the lean client leaves `details` unread (its bundle stays
  // small); this one reads them into every decision it returns.

  /** As {@link AscendAgentClient.submitAction}, and reads the decision's `details` too. */
  override async submitAction(request: ActionRequest, options?: CallOptions): Promise<AuthorizationDecision> {
    return withDetails(await super.submitAction(request, options));
  }

  /** As {@link AscendAgentClient.waitForDecision}, and reads the decision's `details` too. */
  override async waitForDecision(pending: PendingDecisionHandle | PendingDecision, options?: WaitOptions): Promise<AuthorizationDecision> {
    return withDetails(await super.waitForDecision(pending, options));
  }

  /** As {@link AscendAgentClient.getActionStatus}, and reads the decision's `details` too. */
  override async getActionStatus(actionId: string, options?: CallOptions): Promise<AuthorizationDecision> {
    return withDetails(await super.getActionStatus(actionId, options));
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
      throw fieldError('resourceType', 'Required field is missing or empty');
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

  /**
   * Recent activity (§3.8): this agent's, or `agentId`'s when given.
   * @throws {@link ValidationError} naming the field for a bad `limit`, `offset`, `status` or `agentId`.
   */
  async listActivity(page: ActivityQuery = {}, options: CallOptions = {}): Promise<ActivityPage> {
    const { limit, offset } = paging(page);
    const status = optionalText(page.status, 'status');
    const agentId = optionalText(page.agentId, 'agentId');
    const query = { limit, offset, status: status || undefined, agent_id: agentId || optionsOf(this).agentId };
    return parseActivity(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'listActivity'), query }, options));
  }

  /**
   * The organization's actions, most recent first (`GET /api/v1/actions`): paged with `limit`
   * (1–1000, default 50) and `offset`, filtered by `status` (sent as `status_filter`).
   * @throws {@link ValidationError} naming the field for a bad `limit`, `offset` or `status`.
   */
  async listActions(query: ActionListQuery = {}, options: CallOptions = {}): Promise<ActionList> {
    const q = actionListQuery(query);
    return parseActionList(await this.call('foreground', { ...routeCall(ADMIN_ROUTES, 'listActions'), query: q }, options));
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

  // ---------------------------------------------------------------------------------------
  // The 2.5.0 management surface (docs/protocol-2.4-2.7.md). Arguments are checked as the
  // Python client checks them, before any I/O.

  #manage(
    operation: keyof typeof MANAGEMENT_ROUTES,
    options: CallOptions,
    extra: { params?: Record<string, string>; body?: unknown; query?: Record<string, string | number | undefined> } = {},
  ): Promise<unknown> {
    return this.call('foreground', { ...routeCall(MANAGEMENT_ROUTES, operation, extra.params), body: extra.body, query: extra.query }, options);
  }

  /**
   * Registers an MCP server with the registry (`POST /api/registry/mcp-servers`). Submits that
   * name an unregistered server are refused.
   * @throws {@link ValidationError} naming the field (e.g. a blank `serverName`).
   */
  async registerMcpServer(server: McpServerRegistration, options: CallOptions = {}): Promise<McpServerResult> {
    return parseMcpServerResult(await this.#manage('registerMcpServer', options, { body: mcpServerBody(server) }));
  }

  /** Lists the organization's registered MCP servers. */
  async listMcpServers(options: CallOptions = {}): Promise<McpServerList> {
    return parseMcpServerList(await this.#manage('listMcpServers', options));
  }

  /** One registered MCP server with its tools and overrides. @throws {@link NotFoundError} when it is not registered. */
  async getMcpServer(serverName: string, options: CallOptions = {}): Promise<McpServerResult> {
    return parseMcpServerResult(await this.#manage('getMcpServer', options, { params: { serverName: nonBlank(serverName, 'serverName') } }));
  }

  /** Activates a registered MCP server (admin): submits naming it pass the registry check again. */
  async activateMcpServer(serverName: string, options: CallOptions = {}): Promise<McpServerResult> {
    return parseMcpServerResult(await this.#manage('activateMcpServer', options, { params: { serverName: nonBlank(serverName, 'serverName') } }));
  }

  /**
   * Deactivates an MCP server (admin; incident response, maintenance): submits naming it are
   * refused with 403 and an `mcp_governance` block until it is activated again. The body is
   * `{reason}` when a reason is given, else there is none.
   */
  async deactivateMcpServer(serverName: string, reason?: string, options: CallOptions = {}): Promise<McpServerResult> {
    const params = { serverName: nonBlank(serverName, 'serverName') };
    return parseMcpServerResult(await this.#manage('deactivateMcpServer', options, { params, body: deactivateBody(reason) }));
  }

  /** Deletes an MCP server registration (admin). */
  async deleteMcpServer(serverName: string, options: CallOptions = {}): Promise<McpServerResult> {
    return parseMcpServerResult(await this.#manage('deleteMcpServer', options, { params: { serverName: nonBlank(serverName, 'serverName') } }));
  }

  /** Scans the network for MCP servers (no parameters). */
  async scanMcpNetwork(options: CallOptions = {}): Promise<McpNetworkScan> {
    return parseMcpScan(await this.#manage('scanMcpNetwork', options));
  }

  /** The health monitor's report across the organization's MCP servers, as sent. */
  async getMcpHealth(options: CallOptions = {}): Promise<ManagementRecord> {
    return managementRecord(await this.#manage('getMcpHealth', options), 'MCP health response');
  }

  /**
   * Triggers the organization's kill switch (admin): every agent of the organization is blocked
   * until it is released, exactly as by the dashboard.
   * @param organizationId - The organization, a positive integer.
   * @param reason - Why, at least 10 characters (the audit trail; the service requires it too).
   * @throws {@link ValidationError} naming `reason` or `organizationId`, before any I/O.
   */
  async triggerKillSwitch(organizationId: number, reason: string, options: CallOptions = {}): Promise<KillSwitchChange> {
    const { organizationId: id, body } = killSwitchBody(organizationId, reason);
    return parseKillSwitchChange(await this.#manage('triggerKillSwitch', options, { params: { organizationId: id }, body }));
  }

  /** Releases the organization's kill switch (admin); the same checks as {@link AscendClient.triggerKillSwitch}. */
  async releaseKillSwitch(organizationId: number, reason: string, options: CallOptions = {}): Promise<KillSwitchChange> {
    const { organizationId: id, body } = killSwitchBody(organizationId, reason);
    return parseKillSwitchChange(await this.#manage('releaseKillSwitch', options, { params: { organizationId: id }, body }));
  }

  /**
   * Registers an orchestration topology: an orchestrator agent and its 1–20 unique workers.
   * @throws {@link ValidationError} naming `workerAgentIds` for an empty, too long or duplicated list.
   */
  async registerTopology(orchestratorAgentId: string, workerAgentIds: readonly string[], options: CallOptions = {}): Promise<ManagementRecord> {
    const body = topologyBody(orchestratorAgentId, workerAgentIds);
    return managementRecord(await this.#manage('registerTopology', options, { body }), 'topology response');
  }

  /** Registers MCP servers (1–20 unique registry ids, integers) as an orchestrator's workers. */
  async registerMcpTopology(orchestratorAgentId: string, mcpServerIds: readonly number[], options: CallOptions = {}): Promise<ManagementRecord> {
    const body = mcpTopologyBody(orchestratorAgentId, mcpServerIds);
    return managementRecord(await this.#manage('registerMcpTopology', options, { body }), 'MCP topology response');
  }

  /**
   * Blocks every agent of an orchestrator's topology. A dry run unless `dryRun: false` is passed:
   * by default it only reports the agents it would block. The service keeps this to human admins
   * (an API key may get 401/403 by design).
   */
  async cascadeKill(orchestratorId: string, reason: string, kill?: CascadeKillOptions, options: CallOptions = {}): Promise<CascadeKillResult> {
    const { orchestratorId: id, body } = cascadeKillBody(orchestratorId, reason, kill);
    return parseCascadeKill(await this.#manage('cascadeKill', options, { params: { orchestratorId: id }, body }), body['confirm'] !== true);
  }

  /** An orchestration session with its audit trail, as sent. */
  async getOrchestrationSession(sessionId: string, options: CallOptions = {}): Promise<ManagementRecord> {
    const params = { sessionId: nonBlank(sessionId, 'sessionId') };
    return managementRecord(await this.#manage('getOrchestrationSession', options, { params }), 'session response');
  }

  /** An orchestration session's cumulative risk, as sent. */
  async getOrchestrationSessionRisk(sessionId: string, options: CallOptions = {}): Promise<ManagementRecord> {
    const params = { sessionId: nonBlank(sessionId, 'sessionId') };
    return managementRecord(await this.#manage('getOrchestrationSessionRisk', options, { params }), 'session risk response');
  }

  /** The organization's orchestration statistics, as sent. */
  async getOrchestrationStats(options: CallOptions = {}): Promise<ManagementRecord> {
    return managementRecord(await this.#manage('getOrchestrationStats', options), 'orchestration stats response');
  }

  /** The output filter's configuration, as sent. */
  async getOutputFilterConfig(options: CallOptions = {}): Promise<ManagementRecord> {
    return managementRecord(await this.#manage('getOutputFilterConfig', options), 'output filter config response');
  }

  /** A page of output-filter findings (limit 1–100, default 50). */
  async getOutputFindings(query?: OutputFindingsQuery, options: CallOptions = {}): Promise<OutputFindings> {
    return parseFindings(await this.#manage('getOutputFindings', options, { query: findingsQuery(query) }));
  }

  /** The output-filter findings of one action (a positive integer id). */
  async getOutputFindingsForAction(actionId: number, options: CallOptions = {}): Promise<OutputFindings> {
    return parseFindings(await this.#manage('getOutputFindingsForAction', options, { params: { actionId: pathInt(actionId, 'actionId') } }));
  }

  /**
   * Scans content an agent produced for sensitive data. A `BLOCKED` verdict (also the service's
   * answer when its scanner fails) sets `blocked`.
   */
  async scanOutput(request: OutputScanRequest, options: CallOptions = {}): Promise<OutputScanResult> {
    const body = scanOutputBody(request, optionsOf(this).agentId);
    return parseOutputScan(await this.#manage('scanOutput', options, { body }));
  }

  /** A page of the supply-chain inventory (active components by default). */
  async listSupplyChainComponents(query?: SupplyChainQuery, options: CallOptions = {}): Promise<SupplyChainComponentList> {
    return parseComponentList(await this.#manage('listSupplyChainComponents', options, { query: supplyChainQuery(query) }));
  }

  /** Supply-chain statistics (CVE counts, risk distribution), as sent. */
  async getSupplyChainStats(options: CallOptions = {}): Promise<ManagementRecord> {
    return managementRecord(await this.#manage('getSupplyChainStats', options), 'supply chain stats response');
  }

  /** Which agents a component's vulnerability reaches (a positive integer component id), as sent. */
  async getSupplyChainImpact(componentId: number, options: CallOptions = {}): Promise<ManagementRecord> {
    const params = { componentId: pathInt(componentId, 'componentId') };
    return managementRecord(await this.#manage('getSupplyChainImpact', options, { params }), 'supply chain impact response');
  }

  /** The CVE feeds' sync state, as sent. */
  async getCveSyncStatus(options: CallOptions = {}): Promise<ManagementRecord> {
    return managementRecord(await this.#manage('getCveSyncStatus', options), 'CVE sync status response');
  }

  /** Supply-chain CVE alerts (`GET /api/alerts?type=supply_chain_cve`); poll it, the service pushes none. */
  async getSupplyChainAlerts(query?: SupplyChainAlertsQuery, options: CallOptions = {}): Promise<Alert[]> {
    return parseAlerts(await this.#manage('getSupplyChainAlerts', options, { query: alertsQuery(query) }));
  }
}

/** The options with `logLevel` read case-insensitively (`WARNING` → `warn`); an unknown name is left for validation to refuse. */
function withLevelRead(options: AscendClientOptions | undefined): AscendClientOptions | undefined {
  const level = typeof options === 'object' && options !== null ? toLogLevel(options.logLevel) : undefined;
  return level === undefined || level === options!.logLevel ? options : { ...options, logLevel: level };
}
