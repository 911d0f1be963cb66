/**
 * The operation handlers (the 2.5.0 management ones in `handlers-management.ts`): validate the wire body, change state, answer in the reference's wire
 * format. A `Record<OperationName, ...>` so a missing operation fails type-checking.
 * @internal
 */
import { reportExecution, submitAction } from './actions.js';
import { decideApproval, findApproval } from './approvals.js';
import type { FakeContext } from './context.js';
import { hex } from './ids.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { sweepCommands } from './kill-switch.js';
import type { OperationName } from './operations.js';
import { evaluatePolicy, riskLevelFromScore, type RiskLevel } from './policy.js';
import { wasEvicted, type FakeAction, type FakeAgent, type FakeComponent, type FakeWebhook } from './store.js';
import { BodyReader, conflict, forbidden, notFound, ok, validationError, type HandlerResult } from './validation.js';
import { KNOWN_WEBHOOK_EVENTS } from './webhooks.js';
import * as wire from './wire.js';
import { COMPLIANT_MODEL_STATUSES, MANAGEMENT_HANDLERS, submitGovernance } from './handlers-management.js';

/** A request after routing, authentication and signature checks. */
export interface ParsedRequest {
  readonly operation: OperationName;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly json: JsonValue | undefined;
  /** Whether the API key is an admin key. */
  readonly admin: boolean;
}

/** One operation's handler. */
export type OperationHandler = (ctx: FakeContext, req: ParsedRequest) => HandlerResult | Promise<HandlerResult>;

type BodyRead = { readonly body: JsonObject; readonly error: null } | { readonly body: null; readonly error: HandlerResult };

function bodyOr(req: ParsedRequest, emptyAllowed = false): BodyRead {
  if (req.body.trim() === '') {
    return emptyAllowed ? { body: {}, error: null } : { body: null, error: validationError({ body: 'Required' }, 'Request body is required') };
  }
  if (req.json === undefined) return { body: null, error: validationError({ body: 'Not valid JSON' }, 'Invalid JSON body', 400) };
  if (!isJsonObject(req.json)) {
    return { body: null, error: validationError({ body: 'Must be a JSON object' }, 'Request body must be a JSON object') };
  }
  return { body: req.json, error: null };
}

function actionById(ctx: FakeContext, raw: string | undefined): FakeAction | undefined {
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return ctx.store.actions.get(Number(raw));
}

function actionNotFound(ctx: FakeContext, raw: string | undefined): HandlerResult {
  if (raw !== undefined && /^\d+$/.test(raw) && wasEvicted(ctx.store, Number(raw), ctx.options.retainActions)) {
    return notFound(
      `Action ${raw} is no longer held in memory: this service keeps the ${ctx.options.retainActions} most recently settled actions (and every pending one)`,
    );
  }
  return notFound(`Action ${raw ?? ''} not found`);
}

function pageParams(query: URLSearchParams, defaultLimit: number): { limit: number; offset: number } | HandlerResult {
  const errors: Record<string, string> = {};
  const parse = (key: string, fallback: number, min: number, max: number): number => {
    const raw = query.get(key);
    if (raw === null || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      errors[key] = `Must be an integer from ${min} to ${max}`;
      return fallback;
    }
    return n;
  };
  const limit = parse('limit', defaultLimit, 1, 1000);
  const offset = parse('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  return Object.keys(errors).length > 0 ? validationError(errors, 'Invalid query parameters') : { limit, offset };
}

function isPage(value: { limit: number; offset: number } | HandlerResult): value is { limit: number; offset: number } {
  return 'limit' in value && 'offset' in value;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function checkWebhookUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Must be an absolute https:// URL';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname)) return null;
  return 'Must start with https:// (http:// is accepted for localhost only)';
}

function checkEvents(events: readonly string[]): string | null {
  const unknown = events.filter((e) => e !== '*' && !KNOWN_WEBHOOK_EVENTS.includes(e));
  return unknown.length === 0 ? null : `Unknown event(s) ${unknown.join(', ')}; valid events: ${KNOWN_WEBHOOK_EVENTS.join(', ')}, *`;
}

function environmentOf(ctx: FakeContext, req: ParsedRequest, context: JsonObject, agent: FakeAgent | undefined): string {
  const fromContext = context['environment'];
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  const header = req.headers['x-environment'];
  if (header) return header;
  return agent?.environment ?? 'production';
}

const COMPONENT_TYPES = ['model', 'library', 'dataset', 'framework', 'tool', 'service'];
const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
const COMPONENT_OPTIONAL = ['provider', 'version', 'latest_version', 'license_type', 'source_url', 'compliance_notes', 'package_name', 'package_ecosystem'];

function executionReport(ctx: FakeContext, req: ParsedRequest, state: 'completed' | 'failed'): HandlerResult {
  const action = actionById(ctx, req.params['actionId']);
  if (!action) return actionNotFound(ctx, req.params['actionId']);
  const { body, error } = bodyOr(req);
  if (error) return error;
  const r = new BodyReader(body);
  const bodyId = r.raw('action_id');
  if (bodyId !== undefined && bodyId !== null && (typeof bodyId === 'object' || String(bodyId) !== String(action.id))) {
    r.errors['action_id'] = `Does not match the action id in the path (${action.id})`;
  }
  const status = r.optionalString('status');
  if (status !== null && status !== state) r.errors['status'] = `Must be "${state}"`;
  const at = r.optionalString(state === 'completed' ? 'completed_at' : 'failed_at');
  const durationMs = r.optionalNumber('duration_ms', 0);
  let result: JsonValue | null = null;
  let err: JsonValue | null = null;
  if (state === 'completed') {
    result = r.raw('result') ?? null;
  } else {
    const e = r.raw('error');
    if (e === undefined || e === null || (typeof e === 'string' ? e === '' : !isJsonObject(e))) {
      r.errors['error'] = 'Required: a string or an object';
    } else err = e;
  }
  if (!r.valid) return r.failure();
  if (state === 'failed' && action.decision === 'pending') return withdrawPending(ctx, action, err, durationMs);
  if (action.decision !== 'allowed') {
    return conflict(`Action ${action.id} was not allowed to execute (decision: ${action.decision}, status: ${action.status})`);
  }
  if (action.execution) return conflict(`Action ${action.id} was already reported as ${action.execution.state}`);
  reportExecution(ctx, action, { state, at, result, error: err, durationMs });
  return ok({
    success: true,
    action_id: action.id,
    status: state,
    [state === 'completed' ? 'completed_at' : 'failed_at']: action.execution!.at,
    duration_ms: durationMs,
    message: `Action ${state === 'completed' ? 'completion' : 'failure'} logged`,
  });
}

/**
 * A failure report about an action still waiting for a human: the agent gave up on it (its
 * caller cancelled, say). The approval request is closed as rejected by the agent, so a human
 * approving later changes nothing, and the audit log records the failure with its error.
 */
function withdrawPending(ctx: FakeContext, action: FakeAction, error: JsonValue | null, durationMs: number | null): HandlerResult {
  const approval = action.approvalRequestId === null ? undefined : findApproval(ctx, action.approvalRequestId);
  if (!approval || approval.status !== 'pending') {
    return conflict(`Action ${action.id} was not allowed to execute (decision: ${action.decision}, status: ${action.status})`);
  }
  const code = isJsonObject(error) && typeof error['code'] === 'string' ? error['code'] : 'FAILED';
  decideApproval(ctx, approval, 'reject', { by: action.agentId, reason: `Withdrawn by the agent before a decision (${code})` });
  ctx.fx.audit({
    eventType: 'action.failed',
    actor: action.agentId,
    resource: action.resource,
    action: action.actionType,
    outcome: 'withdrawn',
    details: { action_id: action.id, approval_request_id: approval.approvalId, error, duration_ms: durationMs },
  });
  return ok({ success: true, action_id: action.id, status: 'withdrawn', message: 'Pending action withdrawn; its approval request is closed' });
}

function webhookNotFound(id: string | undefined): HandlerResult {
  return notFound(`Webhook ${id ?? ''} not found`);
}

function randomSecret(ctx: FakeContext): string {
  return `whsec_${hex(ctx.options.randomBytes(32))}`;
}

/** Every operation's handler. */
export const HANDLERS: Readonly<Record<OperationName, OperationHandler>> = {
  ...MANAGEMENT_HANDLERS,
  health: (ctx) => ok({ status: 'ok', service: 'ascend-fake', timestamp: ctx.fx.iso() }),

  getDeploymentInfo: (ctx) =>
    ok({
      version: 'fake-0.1.0',
      environment: 'development',
      service: 'ascend-fake',
      api_version: '2025-11-28',
      organization_id: ctx.options.organizationId,
      signature_verification: ctx.options.signingSecret !== null,
      // The fields the backend's own route answers (main.py, Dec 2025).
      commit_sha: 'fake',
      build_date: 'unknown',
      status: 'healthy',
      enterprise_grade: true,
      ...ctx.options.deploymentInfo,
    }),

  submitAction: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const agentId = r.optionalString('agent_id') ?? 'unknown';
    const agentName = r.optionalString('agent_name') ?? agentId;
    const actionType = r.requiredString('action_type');
    const resource = r.requiredString('resource');
    const resourceId = r.optionalString('resource_id');
    const actionDetails = r.optionalObject('action_details');
    const context = r.optionalObject('context');
    const riskIndicators = r.optionalObject('risk_indicators');
    const sessionId = r.optionalString('orchestration_session_id');
    const parentId = r.optionalInt('parent_action_id', 1, Number.MAX_SAFE_INTEGER);
    const depth = r.optionalInt('orchestration_depth', 0, 5, 'Out of range (0..5)');
    const mcpServerName = r.optionalString('mcp_server_name');
    const modelId = r.optionalString('model_id');
    if (mcpServerName !== null && mcpServerName.trim() === '') r.errors['mcp_server_name'] = 'Must be a non-empty string';
    if (modelId !== null && modelId.trim() === '') r.errors['model_id'] = 'Must be a non-empty string';
    if (!r.valid) return r.failure();
    const governance = submitGovernance(ctx, { mcpServerName, modelId, actionType, actionDetails });
    if (governance.refusal) return governance.refusal;
    if (parentId !== null) {
      const parent = ctx.store.actions.get(parentId);
      // An evicted parent was issued here but can no longer be checked: it is accepted.
      if (!parent && !wasEvicted(ctx.store, parentId, ctx.options.retainActions)) {
        return forbidden(`parent_action_id ${parentId} does not belong to this organization`, ['ORCHESTRATION_PARENT_INVALID']);
      }
      if (parent && parent.orchestrationSessionId !== sessionId) {
        return forbidden(`parent_action_id ${parentId} belongs to another orchestration session`, ['ORCHESTRATION_SESSION_MISMATCH']);
      }
    }
    const agent = ctx.store.agents.get(agentId);
    const action = submitAction(
      ctx,
      {
        source: 'submit',
        agentId,
        agentName,
        actionType,
        resource,
        resourceId: resourceId === '' ? null : resourceId,
        actionDetails,
        context,
        riskIndicators,
        environment: environmentOf(ctx, req, context, agent),
        orchestrationSessionId: sessionId,
        parentActionId: parentId,
        orchestrationDepth: depth,
        mcp: null,
      },
      req.operation,
    );
    if (action.decision === 'denied' && ctx.options.deniedSubmitStatus === 403) {
      return forbidden(action.reason, action.policyViolations, { action_id: action.id, risk_score: action.riskScore, risk_level: action.riskLevel });
    }
    return ok({ ...wire.actionDecisionBody(action, agent), ...governance.blocks });
  },

  getActionStatus: (ctx, req) => {
    const action = actionById(ctx, req.params['actionId']);
    return action ? ok(wire.actionDecisionBody(action, ctx.store.agents.get(action.agentId), true)) : actionNotFound(ctx, req.params['actionId']);
  },

  getAction: (ctx, req) => {
    const action = actionById(ctx, req.params['actionId']);
    return action ? ok(wire.actionDetailsBody(action)) : actionNotFound(ctx, req.params['actionId']);
  },

  logActionCompleted: (ctx, req) => executionReport(ctx, req, 'completed'),

  logActionFailed: (ctx, req) => executionReport(ctx, req, 'failed'),

  listActivity: (ctx, req) => {
    const page = pageParams(req.query, 50);
    if (!isPage(page)) return page;
    const status = req.query.get('status');
    const agentId = req.query.get('agent_id');
    // `risk`: the backend route's own filter on the risk level (`all` means none).
    const risk = req.query.get('risk');
    const all = [...ctx.store.actions.values()]
      .reverse()
      .filter((a) => !agentId || a.agentId === agentId)
      .filter((a) => !risk || risk === 'all' || a.riskLevel === risk)
      .filter((a) => !status || a.status === status || a.decision === status || a.execution?.state === status || wire.legacyStatus(a) === status);
    const items = all.slice(page.offset, page.offset + page.limit);
    return ok({
      actions: items.map(wire.activityItemBody),
      total: all.length,
      limit: page.limit,
      offset: page.offset,
      has_more: page.offset + items.length < all.length,
    });
  },

  listActions: (ctx, req) => {
    // The backend's v1 list: a bare array, newest first, `status_filter` on the stored status.
    const page = pageParams(req.query, 100);
    if (!isPage(page)) return page;
    const status = req.query.get('status_filter');
    const all = [...ctx.store.actions.values()].reverse().filter((a) => !status || a.status === status);
    return ok(all.slice(page.offset, page.offset + page.limit).map(wire.actionListItemBody));
  },

  register: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const agentId = r.requiredString('agent_id', 'Required field');
    const displayName = r.optionalString('display_name') ?? agentId;
    const agentType = r.optionalString('agent_type') ?? 'supervised';
    const environment = r.optionalString('environment') ?? 'production';
    const capabilities = r.optionalStringList('capabilities');
    const allowedResources = r.optionalStringList('allowed_resources');
    const sdkVersion = r.optionalString('sdk_version');
    const metadata = r.optionalObject('metadata');
    if (!r.valid) return r.failure();
    if (ctx.store.agents.has(agentId)) {
      return validationError({ agent_id: 'already exists' }, `Agent ${agentId} already exists`, 400);
    }
    const at = ctx.fx.iso();
    const agent: FakeAgent = {
      id: ctx.store.nextId('agent'),
      agentId,
      displayName,
      agentType,
      environment,
      capabilities,
      allowedResources,
      sdkVersion,
      metadata: structuredClone(metadata),
      trustLevel: 'standard',
      modelId: null,
      registeredAt: at,
      updatedAt: at,
    };
    ctx.store.put('agent', agent);
    ctx.fx.audit({
      eventType: 'agent.registered',
      actor: agentId,
      resource: agentId,
      action: 'register',
      outcome: 'success',
      details: { agent_type: agentType, environment },
    });
    ctx.fx.emit('agent.registered', agent);
    return ok({
      success: true,
      message: `Agent ${agentId} registered`,
      id: agent.id,
      agent_id: agentId,
      trust_level: agent.trustLevel,
      status: 'active',
      agent: wire.agentBody(agent),
    });
  },

  deregister: (ctx, req) => {
    const agentId = req.params['agentId'] ?? '';
    const agent = ctx.store.agents.get(agentId);
    if (!agent) return notFound(`Agent ${agentId} not found`);
    ctx.store.remove('agent', agentId);
    ctx.fx.audit({ eventType: 'agent.deregistered', actor: agentId, resource: agentId, action: 'deregister', outcome: 'success' });
    ctx.fx.emit('agent.deregistered', agent);
    return ok({ success: true, agent_id: agentId, status: 'deregistered', message: `Agent ${agentId} deregistered` });
  },

  linkModel: (ctx, req) => {
    const agentId = req.params['agentId'] ?? '';
    if (!req.admin) return forbidden('Admin API key required to update agents');
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const modelId = r.optionalInt('model_id', 1, Number.MAX_SAFE_INTEGER, 'Must be a positive integer');
    if (modelId === null && r.valid) r.errors['model_id'] = 'Required field';
    if (!r.valid) return r.failure();
    const agent = ctx.store.agents.get(agentId);
    if (!agent) return notFound(`Agent ${agentId} not found`);
    const models = ctx.options.models;
    if (models) {
      const compliance = models[String(modelId)];
      if (compliance === undefined) return forbidden(`Model ${modelId} not found in this organization`, ['MODEL_NOT_REGISTERED']);
      if (!COMPLIANT_MODEL_STATUSES.includes(compliance)) {
        return forbidden(`Model ${modelId} compliance status is ${compliance}`, ['MODEL_NOT_COMPLIANT']);
      }
    }
    agent.modelId = modelId;
    agent.updatedAt = ctx.fx.iso();
    ctx.store.put('agent', agent);
    ctx.fx.audit({ eventType: 'AGENT_MODEL_LINKED', actor: 'admin', resource: agentId, action: 'update', outcome: 'success', details: { model_id: modelId } });
    return ok({ success: true, agent: { id: agent.id, agent_id: agentId, model_id: modelId }, message: `Model ${modelId} linked to agent ${agentId}` });
  },

  heartbeat: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const agentId = r.requiredString('agent_id', 'Required field');
    const sdkVersion = r.optionalString('sdk_version');
    const timestamp = r.optionalString('timestamp');
    const responseTimeMs = r.optionalNumber('response_time_ms', 0);
    const errorRate = r.optionalNumber('error_rate', 0, 1);
    const requestsCount = r.optionalInt('requests_count', 0, Number.MAX_SAFE_INTEGER);
    if (!r.valid) return r.failure();
    const nowMs = ctx.fx.now();
    const at = new Date(nowMs).toISOString();
    const previous = ctx.store.heartbeats.get(agentId);
    const hb = {
      agentId,
      firstSeenAt: previous?.firstSeenAt ?? at,
      lastHeartbeatAt: at,
      lastHeartbeatMs: nowMs,
      count: (previous?.count ?? 0) + 1,
      sdkVersion,
      clientTimestamp: timestamp,
      responseTimeMs,
      errorRate,
      requestsCount,
    };
    ctx.store.put('heartbeat', hb);
    ctx.fx.audit({
      eventType: 'agent.heartbeat',
      actor: agentId,
      resource: agentId,
      action: 'heartbeat',
      outcome: 'success',
      details: { error_rate: errorRate, response_time_ms: responseTimeMs },
    });
    ctx.fx.emit('agent.heartbeat', hb);
    return ok({
      success: true,
      agent_id: agentId,
      status: (errorRate ?? 0) > 0.1 ? 'degraded' : 'healthy',
      received_at: at,
      next_heartbeat_in_seconds: 60,
    });
  },

  getAgentHealth: (ctx, req) => {
    const agentId = req.params['agentId'] ?? '';
    const agent = ctx.store.agents.get(agentId);
    const hb = ctx.store.heartbeats.get(agentId);
    if (!agent && !hb) return notFound(`Agent ${agentId} not found`);
    return ok(wire.agentHealthBody(agentId, agent, hb, ctx.fx.now(), ctx.options.heartbeatStaleMs));
  },

  getKillSwitchStatus: (ctx) => ok(wire.killSwitchBody(ctx.store.killSwitch)),

  getPendingCommands: (ctx, req) => {
    const agentId = req.params['agentId'] ?? '';
    sweepCommands(ctx);
    const commands = [...ctx.store.commands.values()].filter(
      (c) => (c.agentId === null || c.agentId === agentId) && (c.status === 'pending' || c.status === 'delivered') && !c.acknowledgedBy.includes(agentId),
    );
    for (const c of commands) {
      let changed = false;
      if (c.status === 'pending') {
        c.status = 'delivered';
        changed = true;
      }
      if (!c.deliveredTo.includes(agentId)) {
        c.deliveredTo.push(agentId);
        changed = true;
      }
      if (changed) ctx.store.put('command', c);
    }
    return ok({ agent_id: agentId, commands: commands.map((c) => wire.commandBody(c, agentId)), count: commands.length });
  },

  ackCommand: (ctx, req) => {
    const agentId = req.params['agentId'] ?? '';
    const commandId = req.params['commandId'] ?? '';
    const { error } = bodyOr(req, true);
    if (error) return error;
    const command = ctx.store.commands.get(commandId);
    const reject = (why: string): HandlerResult => {
      ctx.fx.audit({
        eventType: 'AGENT_COMMAND_ACK_REJECTED',
        actor: agentId,
        resource: commandId,
        action: 'ack',
        outcome: 'rejected',
        details: { reason: why },
      });
      return forbidden(why, ['COMMAND_ACK_REJECTED']);
    };
    if (!command) return reject(`Command ${commandId} not found for this organization`);
    if (command.agentId !== null && command.agentId !== agentId) return reject(`Command ${commandId} is not addressed to agent ${agentId}`);
    if (command.status === 'expired') return reject(`Command ${commandId} has expired`);
    if (!command.acknowledgedBy.includes(agentId)) {
      command.acknowledgedBy.push(agentId);
      command.acknowledgedAt ??= ctx.fx.iso();
      if (command.agentId !== null) command.status = 'acknowledged';
      ctx.store.put('command', command);
      ctx.fx.audit({ eventType: 'AGENT_COMMAND_ACKNOWLEDGED', actor: agentId, resource: commandId, action: command.commandType, outcome: 'acknowledged' });
      ctx.fx.emit('command.acknowledged', command);
    }
    return ok({ success: true, command_id: commandId, status: 'acknowledged' });
  },

  evaluatePolicy: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const actionType = r.requiredString('action_type');
    const resource = r.requiredString('resource');
    const riskScore = r.optionalNumber('risk_score', 0, 100);
    const context = r.optionalObject('context');
    if (!r.valid) return r.failure();
    const riskIndicators = isJsonObject(context['risk_indicators']) ? context['risk_indicators'] : {};
    const params = isJsonObject(context['action_details']) ? context['action_details'] : context;
    const environment = typeof context['environment'] === 'string' ? context['environment'] : (req.headers['x-environment'] ?? 'production');
    const agentId = typeof context['agent_id'] === 'string' ? context['agent_id'] : null;
    const evaluation = evaluatePolicy(ctx.policy.rules, { actionType, resource, environment, agentId, params, context, riskIndicators }, ctx.policy.fallback);
    const score = riskScore ?? evaluation.riskScore;
    ctx.fx.audit({
      eventType: 'policy.evaluated',
      actor: agentId ?? 'anonymous',
      resource,
      action: actionType,
      outcome: evaluation.outcome,
      details: { rule_id: evaluation.rule?.id ?? null },
    });
    return ok({
      decision: evaluation.outcome,
      matched_policies: evaluation.rule ? [{ id: evaluation.rule.id, name: evaluation.rule.name ?? evaluation.rule.id }] : [],
      violations: [...evaluation.violations],
      risk_score: score,
      risk_level: riskLevelFromScore(score),
      reason: evaluation.reason,
      required_approvers: [...evaluation.approvers],
      evaluation_time_ms: 1,
      evaluated_at: ctx.fx.iso(),
    });
  },

  getResourceClassification: (ctx, req) => {
    const type = req.query.get('resource_type');
    const id = req.query.get('resource_id');
    const items = ctx.store.classifications.filter((c) => (!type || c.resourceType === type) && (!id || c.resourceId === id));
    return ok({ classifications: items.map(wire.classificationBody), total: items.length });
  },

  getAuditLogs: (ctx, req) => {
    const page = pageParams(req.query, 50);
    if (!isPage(page)) return page;
    const type = req.query.get('event_type');
    const actor = req.query.get('actor');
    const all = [...ctx.fx.auditEvents()].reverse().filter((e) => (!type || e.eventType === type) && (!actor || e.actor === actor));
    const items = all.slice(page.offset, page.offset + page.limit);
    return ok({
      events: items.map(wire.auditEventBody),
      total: all.length,
      page: Math.floor(page.offset / page.limit) + 1,
      page_size: page.limit,
      limit: page.limit,
      offset: page.offset,
    });
  },

  checkApproval: (ctx, req) => {
    const id = req.params['approvalRequestId'] ?? '';
    const approval = ctx.store.approvals.get(id) ?? (id.startsWith('apr_') ? undefined : findApproval(ctx, id));
    if (!approval) return notFound(`Approval request ${id} not found`);
    return ok(wire.approvalBody(approval, ctx.store.actions.get(approval.actionId)));
  },

  configureWebhook: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const url = r.requiredString('url', 'Required field');
    const events = r.optionalStringList('events');
    const agentId = r.optionalString('agent_id');
    const secret = r.optionalString('secret');
    if (url !== '') {
      const problem = checkWebhookUrl(url);
      if (problem) r.errors['url'] = problem;
    }
    const eventProblem = checkEvents(events);
    if (eventProblem && !r.errors['events']) r.errors['events'] = eventProblem;
    if (!r.valid) return r.failure();
    const at = ctx.fx.iso();
    const webhook: FakeWebhook = {
      webhookId: `wh_${ctx.store.nextId('webhook')}`,
      url,
      events,
      agentId,
      secret: secret !== null && secret !== '' ? secret : randomSecret(ctx),
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    ctx.store.put('webhook', webhook);
    ctx.fx.audit({
      eventType: 'webhook.configured',
      actor: agentId ?? 'admin',
      resource: webhook.webhookId,
      action: 'configure',
      outcome: 'success',
      details: { url, events },
    });
    return ok({ success: true, ...wire.webhookBody(webhook, true) });
  },

  listWebhooks: (ctx) => {
    const items = [...ctx.store.webhooks.values()].map((w) => wire.webhookBody(w, false));
    return ok({ webhooks: items, total: items.length });
  },

  updateWebhook: (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    const webhook = ctx.store.webhooks.get(id);
    if (!webhook) return webhookNotFound(id);
    const { body, error } = bodyOr(req, true);
    if (error) return error;
    const r = new BodyReader(body);
    const url = r.present('url') ? r.requiredString('url', 'Must not be empty') : null;
    const events = r.present('events') ? r.optionalStringList('events') : null;
    const secret = r.present('secret') ? r.requiredString('secret', 'Must not be empty') : null;
    const active = r.present('active') ? r.optionalBoolean('active', webhook.active) : null;
    if (url) {
      const problem = checkWebhookUrl(url);
      if (problem) r.errors['url'] = problem;
    }
    if (events) {
      const problem = checkEvents(events);
      if (problem) r.errors['events'] = problem;
    }
    if (!r.valid) return r.failure();
    if (url !== null) webhook.url = url;
    if (events !== null) webhook.events = events;
    if (secret !== null) webhook.secret = secret;
    if (active !== null) webhook.active = active;
    webhook.updatedAt = ctx.fx.iso();
    ctx.store.put('webhook', webhook);
    ctx.fx.audit({ eventType: 'webhook.updated', actor: 'admin', resource: id, action: 'update', outcome: 'success', details: { fields: Object.keys(body) } });
    return ok(wire.webhookBody(webhook, false));
  },

  deleteWebhook: (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    if (!ctx.store.remove('webhook', id)) return webhookNotFound(id);
    ctx.fx.audit({ eventType: 'webhook.deleted', actor: 'admin', resource: id, action: 'delete', outcome: 'success' });
    return ok({ success: true, webhook_id: id, deleted: true });
  },

  testWebhook: async (ctx, req) => {
    const id = req.params['webhookId'] ?? '';
    const webhook = ctx.store.webhooks.get(id);
    if (!webhook) return webhookNotFound(id);
    const data: JsonObject = { webhook_id: id, message: 'Test event from the ASCEND fake', sent_at: ctx.fx.iso() };
    const result = await ctx.options.webhookTester(webhook, ctx.fx.envelope('webhook.test', data));
    ctx.fx.audit({
      eventType: 'webhook.tested',
      actor: 'admin',
      resource: id,
      action: 'test',
      outcome: result.success ? 'success' : 'failure',
      details: { status_code: result.statusCode },
    });
    return ok({ success: result.success, status_code: result.statusCode, response_time_ms: result.responseTimeMs, error: result.error });
  },

  registerSupplyChainComponent: (ctx, req) => {
    if (!req.admin) return forbidden('Admin API key required to register supply-chain components');
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const componentId = r.requiredString('component_id', 'Required field', 255);
    const componentName = r.requiredString('component_name', 'Required field', 500);
    const componentType = r.requiredString('component_type', 'Required field');
    if (componentType !== '' && !COMPONENT_TYPES.includes(componentType)) {
      r.errors['component_type'] = `Must be one of ${COMPONENT_TYPES.join(', ')}`;
    }
    const provenanceVerified = r.optionalBoolean('provenance_verified', false);
    const riskLevel = r.optionalString('risk_level') ?? 'medium';
    if (!RISK_LEVELS.includes(riskLevel as RiskLevel)) r.errors['risk_level'] = `Must be one of ${RISK_LEVELS.join(', ')}`;
    const extra: Record<string, string> = {};
    for (const key of COMPONENT_OPTIONAL) {
      const v = r.optionalString(key);
      if (v !== null) extra[key] = v;
    }
    if (!r.valid) return r.failure();
    if (ctx.store.components.has(componentId)) return conflict(`Component ${componentId} already exists`);
    const component: FakeComponent = {
      id: ctx.store.nextId('component'),
      componentId,
      componentName,
      componentType,
      provenanceVerified,
      riskLevel: riskLevel as RiskLevel,
      extra,
      createdAt: ctx.fx.iso(),
    };
    ctx.store.put('component', component);
    ctx.fx.audit({
      eventType: 'supply_chain.component_registered',
      actor: 'admin',
      resource: componentId,
      action: 'register',
      outcome: 'success',
      details: { component_type: componentType, risk_level: riskLevel },
    });
    return ok({ success: true, component: wire.componentBody(component), message: `Component ${componentId} registered` });
  },

  submitMcpAction: (ctx, req) => {
    const { body, error } = bodyOr(req);
    if (error) return error;
    const r = new BodyReader(body);
    const server = r.requiredString('mcp_server', 'Required field');
    const namespace = r.requiredString('namespace', 'Required field');
    const verb = r.requiredString('verb', 'Required field');
    const resource = r.requiredString('resource');
    const actionType = r.optionalString('action_type') ?? `${namespace}.${verb}`;
    const description = r.optionalString('description');
    const parameters = r.optionalObject('parameters');
    const context = r.optionalObject('context');
    const environment = r.optionalString('environment') ?? 'production';
    const toolName = r.optionalString('tool_name');
    if (!r.valid) return r.failure();
    const agent = ctx.store.agents.get(server);
    const action = submitAction(
      ctx,
      {
        source: 'mcp',
        agentId: server,
        agentName: server,
        actionType,
        resource,
        resourceId: null,
        actionDetails: parameters,
        context: toolName === null ? context : { tool_name: toolName, ...context },
        riskIndicators: {},
        environment,
        orchestrationSessionId: null,
        parentActionId: null,
        orchestrationDepth: null,
        mcp: { server, namespace, verb, toolName, description },
      },
      req.operation,
    );
    return ok(wire.mcpDecisionBody(action, agent));
  },
};
