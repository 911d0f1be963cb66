/**
 * The action routes: submit (the governed decision, with the 2.5.1 registry checks and the
 * orchestration lineage), status and details, completion and failure reports (a failure of a
 * pending action withdraws it), the activity and action lists, the MCP submit and approval checks.
 * @internal
 */
import { reportExecution, submitAction } from './actions.js';
import { decideApproval, findApproval } from './approvals.js';
import type { FakeContext } from './context.js';
import { actionById, actionNotFound, bodyOr, isPage, pageParams, type OperationHandler, type ParsedRequest } from './handler-support.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { submitGovernance } from './mcp-registry.js';
import type { OperationName } from './operations.js';
import { wasEvicted } from './store-indexes.js';
import type { FakeAction, FakeAgent } from './store-records.js';
import { BodyReader, conflict, forbidden, notFound, ok, type HandlerResult } from './validation.js';
import * as wire from './wire.js';

function environmentOf(ctx: FakeContext, req: ParsedRequest, context: JsonObject, agent: FakeAgent | undefined): string {
  const fromContext = context['environment'];
  if (typeof fromContext === 'string' && fromContext !== '') return fromContext;
  const header = req.headers['x-environment'];
  if (header) return header;
  return agent?.environment ?? 'production';
}

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

/** The handlers of the action routes. */
export const ACTION_HANDLERS = {
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

  checkApproval: (ctx, req) => {
    const id = req.params['approvalRequestId'] ?? '';
    const approval = ctx.store.approvals.get(id) ?? (id.startsWith('apr_') ? undefined : findApproval(ctx, id));
    if (!approval) return notFound(`Approval request ${id} not found`);
    return ok(wire.approvalBody(approval, ctx.store.actions.get(approval.actionId)));
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
} satisfies Partial<Record<OperationName, OperationHandler>>;
