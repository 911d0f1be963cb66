/**
 * The agent routes: registration, deregistration and model linking, heartbeats and health; the
 * kill switch (status, and the 2.5.0 organization trigger and release) and the command channel
 * (pending commands, acknowledgements).
 * @internal
 */
import type { FakeContext } from './context.js';
import { adminOnly, body, bodyOr, type OperationHandler, type ParsedRequest } from './handler-support.js';
import { setKillSwitch, sweepCommands } from './kill-switch.js';
import { COMPLIANT_MODEL_STATUSES } from './mcp-registry.js';
import type { OperationName } from './operations.js';
import type { FakeAgent } from './store-records.js';
import { BodyReader, forbidden, notFound, ok, validationError, type HandlerResult } from './validation.js';
import * as wire from './wire.js';

function killSwitchChange(ctx: FakeContext, req: ParsedRequest, active: boolean): HandlerResult {
  const denied = adminOnly(req, active ? 'trigger the kill switch' : 'release the kill switch');
  if (denied) return denied;
  const org = req.params['organizationId'] ?? '';
  if (!/^\d+$/.test(org)) return validationError({ organization_id: 'Must be a positive integer' });
  if (Number(org) !== ctx.options.organizationId) return forbidden(`Organization ${org} is not this key's organization`, ['CROSS_TENANT_DENIED']);
  const read = body(req);
  if (read.error) return read.error;
  const r = new BodyReader(read.body);
  const reason = r.requiredString('reason', 'Required, at least 10 characters', 1000);
  if (r.valid && reason.length < 10) r.errors['reason'] = 'Must be at least 10 characters';
  if (!r.valid) return r.failure();
  const state = setKillSwitch(ctx, active, { reason, by: 'api-key' });
  const at = active ? 'triggered_at' : 'released_at';
  return ok({
    success: true,
    organization_id: ctx.options.organizationId,
    kill_switch_active: state.active,
    reason,
    [at]: ctx.fx.iso(),
    message: active ? 'Kill switch triggered: every agent action is blocked' : 'Kill switch released',
  });
}

/** The handlers of the agent, kill-switch and command routes. */
export const AGENT_HANDLERS = {
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

  triggerKillSwitch: (ctx, req) => killSwitchChange(ctx, req, true),
  releaseKillSwitch: (ctx, req) => killSwitchChange(ctx, req, false),
} satisfies Partial<Record<OperationName, OperationHandler>>;
