/**
 * The older SDK routes the OWkai backend also serves (Dec 2025), which the vendor's own Node SDK
 * (`sdk/nodejs`, 1.x and 2.0) calls: `routes/sdk_routes.py` (`/api/sdk/...`, commit 3158d364),
 * the deprecated `GET /api/agent-action/{id}` of `routes/agent_routes.py` (commit ef61639c) and
 * the deprecated `POST /api/authorization/agent-action` of `routes/authorization_routes.py`
 * (commit 8862418a). `POST /api/authorization/authorize/{id}` is not served: the backend takes that
 * human decision only from an admin user's session, never from an API key, and here an API key
 * approving would let an agent approve its own action (decide on the dashboard instead).
 * `docs/sdk-routes.md` lists every SDK-facing route and where it is served.
 *
 * Each route is an alias of one protocol operation, with the request and response shapes its
 * backend route defines. It works on the same state: most translate the body and delegate to
 * that operation's handler, so an action submitted on `/api/v1/actions/submit` is reported on
 * `/api/sdk/action/{id}/completed`, and a webhook configured on `/api/sdk/webhooks/configure`
 * is listed by `GET /api/webhooks` and receives deliveries. Requests are recorded, and faults
 * apply, under the aliased operation's name.
 * @internal
 */
import type { HttpMethod, OperationName } from '@ascend/core/internal';
import type { OperationHandler, ParsedRequest } from './handler-support.js';
import { HANDLERS } from './handlers.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { BodyReader, ok, validationError, type HandlerResult } from './validation.js';
import * as wire from './wire.js';

/** One legacy route: the operation it aliases, its method and path, its handler and where the backend defines it. */
export interface LegacyRoute {
  /** The protocol operation this route is an alias of (recording and faults use its name). */
  readonly operation: OperationName;
  /** The HTTP method. */
  readonly method: HttpMethod;
  /** The path template; `{name}` segments are parameters. */
  readonly path: string;
  /** The backend file and commit that define the route. */
  readonly source: string;
  /** Serves the route. */
  readonly handler: OperationHandler;
}

const SDK_ROUTES = 'routes/sdk_routes.py @ 3158d364';
const AGENT_ROUTES = 'routes/agent_routes.py @ ef61639c';
const AUTHORIZATION_ROUTES = 'routes/authorization_routes.py @ 8862418a';

type Body = { readonly body: JsonObject; readonly error: null } | { readonly body: null; readonly error: HandlerResult };

/** The JSON object body, or the 422 the backend's request model answers without one. */
function objectBody(req: ParsedRequest): Body {
  if (req.body.trim() === '') return { body: null, error: validationError({ body: 'Required' }, 'Request body is required') };
  if (req.json === undefined) return { body: null, error: validationError({ body: 'Not valid JSON' }, 'Invalid JSON body', 400) };
  if (!isJsonObject(req.json)) return { body: null, error: validationError({ body: 'Must be a JSON object' }, 'Request body must be a JSON object') };
  return { body: req.json, error: null };
}

/** The same request with another JSON body, for delegating to a protocol handler. */
function withBody(req: ParsedRequest, body: JsonObject): ParsedRequest {
  return { ...req, body: JSON.stringify(body), json: body };
}

/** Drops `null` and absent members, so the protocol handler sees only what was sent. */
function present(entries: Record<string, JsonValue | undefined>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(entries)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

function str(body: JsonValue, key: string): string | null {
  const v = isJsonObject(body) ? body[key] : undefined;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

/** The backend answers 400 for a path id that is not all digits. */
function nonNumericId(kind: string, raw: string): HandlerResult | null {
  return /^\d+$/.test(raw) ? null : validationError({ [kind]: 'Expected a numeric ID' }, `Invalid ${kind} format. Expected numeric ID, got: ${raw}`, 400);
}

// ---- POST /api/sdk/agent/register -------------------------------------------------------------

const registerAgent: OperationHandler = async (ctx, req) => {
  const { body, error } = objectBody(req);
  if (error) return error;
  const r = new BodyReader(body);
  const agentId = r.requiredString('agent_id', 'Required field');
  const agentName = r.requiredString('agent_name', 'Required field');
  const agentType = r.requiredString('agent_type', 'Required field');
  const capabilities = r.optionalStringList('capabilities');
  const allowedResources = r.optionalStringList('allowed_resources');
  const environment = r.optionalString('environment') ?? 'production';
  const metadata = r.present('metadata') && r.raw('metadata') !== null ? r.optionalObject('metadata') : null;
  if (!r.valid) return r.failure();
  // The backend records nothing and accepts a repeated registration; here the agent joins the
  // registry the first time (so the other routes see it) and a repeat changes nothing.
  if (!ctx.store.agents.has(agentId)) {
    const registered = await HANDLERS.register(
      ctx,
      withBody(req, {
        agent_id: agentId,
        display_name: agentName,
        agent_type: agentType,
        environment,
        capabilities,
        allowed_resources: allowedResources,
        metadata: metadata ?? {},
      }),
    );
    if (registered.status !== 200) return registered;
  }
  const agent = ctx.store.agents.get(agentId);
  return ok({
    agent_id: agentId,
    status: 'registered',
    registered_at: agent?.registeredAt ?? ctx.fx.iso(),
    capabilities,
    organization_id: ctx.options.organizationId,
    metadata,
  });
};

// ---- POST /api/sdk/action/{id}/completed and /failed ------------------------------------------

function executionLog(state: 'completed' | 'failed'): OperationHandler {
  return async (ctx, req) => {
    const raw = req.params['actionId'] ?? '';
    const bad = nonNumericId('action_id', raw);
    if (bad) return bad;
    const { body, error } = objectBody(req);
    if (error) return error;
    const r = new BodyReader(body);
    r.optionalString('status');
    const durationMs = r.optionalInt('duration_ms', 0, Number.MAX_SAFE_INTEGER);
    const at = r.optionalString(state === 'completed' ? 'completed_at' : 'failed_at');
    let result: JsonObject | null = null;
    let message: string | null = null;
    if (state === 'completed') result = r.present('result') && r.raw('result') !== null ? r.optionalObject('result') : null;
    else message = r.requiredString('error', 'Required field');
    if (!r.valid) return r.failure();
    const loggedAt = (): JsonObject => ({ action_id: raw, status: state, logged_at: ctx.fx.iso() });
    // The backend answers success for an action it does not hold ("for resilience").
    if (!ctx.store.actions.has(Number(raw))) return ok(loggedAt());
    const delegated = await HANDLERS[state === 'completed' ? 'logActionCompleted' : 'logActionFailed'](
      ctx,
      withBody(
        req,
        present({
          status: state,
          duration_ms: durationMs,
          [state === 'completed' ? 'completed_at' : 'failed_at']: at,
          result: state === 'completed' ? result : undefined,
          error: state === 'failed' ? message : undefined,
        }),
      ),
    );
    // A report the protocol refuses (an action that was never allowed, or reported already)
    // keeps its 409: unlike the backend, the fake never overwrites a decision with a report.
    if (delegated.status !== 200) return delegated;
    const reportedAt = str(delegated.body, state === 'completed' ? 'completed_at' : 'failed_at');
    return ok({ action_id: raw, status: state, logged_at: reportedAt ?? ctx.fx.iso() });
  };
}

// ---- POST /api/sdk/webhooks/configure ---------------------------------------------------------

const configureWebhook: OperationHandler = async (ctx, req) => {
  const { body, error } = objectBody(req);
  if (error) return error;
  const r = new BodyReader(body);
  const agentId = r.requiredString('agent_id', 'Required field');
  const url = r.requiredString('url', 'Required field');
  if (!r.present('events') || r.raw('events') === null) r.errors['events'] = 'Required field';
  const events = r.optionalStringList('events');
  const secret = r.optionalString('secret');
  if (!r.valid) return r.failure();
  const configured = await HANDLERS.configureWebhook(ctx, withBody(req, present({ url, events, agent_id: agentId, secret })));
  if (configured.status !== 200) return configured;
  const webhook = ctx.store.webhooks.get(str(configured.body, 'webhook_id') ?? '');
  if (!webhook) return configured;
  return ok({
    webhook_id: webhook.webhookId,
    url: webhook.url,
    events: [...webhook.events],
    status: webhook.active ? 'active' : 'inactive',
    created_at: webhook.createdAt,
  });
};

// ---- POST /api/authorization/agent-action ----------------------------------------------------

/** The deprecation headers the backend route answers with. */
const DEPRECATION_HEADERS = {
  'x-deprecation-warning': 'This endpoint is deprecated. Use POST /api/v1/actions/submit instead.',
  sunset: 'Wed, 01 Jun 2025 00:00:00 GMT',
  link: '</api/v1/actions/submit>; rel="alternate"',
};

const authorizationAgentAction: OperationHandler = async (ctx, req) => {
  const { body, error } = objectBody(req);
  if (error) return error;
  // The route's own check: these four must be present and truthy (the vendor's Node SDK sends
  // neither description nor tool_name, so the backend answers it 422 too).
  const required = ['agent_id', 'action_type', 'description', 'tool_name'];
  const missing = required.filter((key) => {
    const v = body[key];
    return v === undefined || v === null || v === '' || v === false || v === 0;
  });
  if (missing.length > 0) {
    return validationError(Object.fromEntries(missing.map((k) => [k, 'Required field'])), `Missing required fields: ${missing.join(', ')}`);
  }
  const r = new BodyReader(body);
  const agentId = r.requiredString('agent_id');
  const actionType = r.requiredString('action_type');
  const description = r.requiredString('description');
  const toolName = r.requiredString('tool_name');
  const targetSystem = r.optionalString('target_system');
  const agentName = r.optionalString('agent_name');
  const details = r.optionalObject('action_details');
  const context = r.optionalObject('context');
  if (!r.valid) return r.failure();
  const submitted = await HANDLERS.submitAction(
    ctx,
    withBody(
      req,
      present({
        agent_id: agentId,
        agent_name: agentName ?? agentId,
        action_type: actionType,
        resource: targetSystem ?? toolName,
        action_details: { ...details, description, tool_name: toolName },
        context: Object.keys(context).length > 0 ? context : undefined,
      }),
    ),
  );
  if (submitted.status !== 200) return submitted;
  const action = ctx.store.actions.get(Number(str(submitted.body, 'action_id')));
  if (!action) return submitted;
  return {
    status: 200,
    headers: DEPRECATION_HEADERS,
    body: {
      id: action.id,
      agent_id: action.agentId,
      status: action.status,
      risk_score: action.riskScore,
      risk_level: action.riskLevel,
      requires_approval: action.decision === 'pending',
      alert_triggered: action.alertId !== null,
      message: `Action processed through platform workflow - Risk: ${action.riskScore}`,
    },
  };
};

// ---- GET /api/sdk/health ----------------------------------------------------------------------

const sdkHealth: OperationHandler = (ctx) => ok({ status: 'healthy', sdk_version: '2.0.0', timestamp: ctx.fx.iso() });

// ---- GET /api/agent-action/{id} ---------------------------------------------------------------

const agentActionById: OperationHandler = async (ctx, req) => {
  const raw = req.params['actionId'] ?? '';
  // FastAPI's `action_id: int` answers 422 for a path that is not an integer.
  if (!/^\d+$/.test(raw)) return validationError({ action_id: 'Must be an integer' }, 'Invalid action_id');
  const action = ctx.store.actions.get(Number(raw));
  // The protocol's own answer (404, or the eviction note) for an action not held.
  if (!action) return HANDLERS.getAction(ctx, req);
  const decision = wire.actionDecisionBody(action, ctx.store.agents.get(action.agentId));
  const description = action.actionDetails['description'];
  return ok({
    id: action.id,
    agent_id: action.agentId,
    action_type: action.actionType,
    description: typeof description === 'string' ? description : null,
    status: wire.legacyStatus(action),
    risk_score: action.riskScore,
    risk_level: action.riskLevel,
    nist_control: decision['nist_control'] ?? null,
    nist_description: decision['nist_description'] ?? null,
    mitre_tactic: decision['mitre_tactic'] ?? null,
    mitre_technique: decision['mitre_technique'] ?? null,
    recommendation: null,
    reviewed_by: action.reviewedBy,
    reviewed_at: action.reviewedAt,
    created_at: action.createdAt,
    extra_data: action.comments === null ? {} : { comments: action.comments },
    cvss_score: decision['cvss_score'] ?? null,
    cvss_severity: decision['cvss_severity'] ?? null,
    target_system: action.resource,
    enterprise_grade: true,
  });
};

/**
 * The legacy routes, in `docs/sdk-routes.md` order. None shares a method and a path shape with a
 * protocol route (see `operations.ts`), so adding them changes no existing answer.
 */
export const LEGACY_ROUTES: readonly LegacyRoute[] = [
  { operation: 'register', method: 'POST', path: '/api/sdk/agent/register', source: SDK_ROUTES, handler: registerAgent },
  { operation: 'logActionCompleted', method: 'POST', path: '/api/sdk/action/{actionId}/completed', source: SDK_ROUTES, handler: executionLog('completed') },
  { operation: 'logActionFailed', method: 'POST', path: '/api/sdk/action/{actionId}/failed', source: SDK_ROUTES, handler: executionLog('failed') },
  { operation: 'configureWebhook', method: 'POST', path: '/api/sdk/webhooks/configure', source: SDK_ROUTES, handler: configureWebhook },
  { operation: 'health', method: 'GET', path: '/api/sdk/health', source: SDK_ROUTES, handler: sdkHealth },
  { operation: 'getAction', method: 'GET', path: '/api/agent-action/{actionId}', source: AGENT_ROUTES, handler: agentActionById },
  { operation: 'submitAction', method: 'POST', path: '/api/authorization/agent-action', source: AUTHORIZATION_ROUTES, handler: authorizationAgentAction },
];
