/**
 * The 2.5.0 orchestration routes: agent and MCP topologies (records of the store), cascade kill,
 * and the sessions of submitted actions with their cumulative risk.
 * @internal
 */
import type { FakeContext } from './context.js';
import { body, adminOnly, type OperationHandler } from './handler-support.js';
import { issueCommand } from './kill-switch.js';
import type { OperationName } from './operations.js';
import type { FakeAction } from './store-records.js';
import { BodyReader, notFound, ok } from './validation.js';

function sessionActions(ctx: FakeContext, sessionId: string) {
  return [...ctx.store.actions.values()].filter((a) => a.orchestrationSessionId === sessionId);
}

/** One orchestration session's summary: its actions and their cumulative risk. */
export interface FakeOrchestrationSession {
  /** `orchestration_session_id` of its actions. */
  sessionId: string;
  /** Actions held in memory with that session id. */
  actionCount: number;
  /** The agents that submitted them, in order of first appearance. */
  agents: string[];
  /** ISO creation time of its first action. */
  startedAt: string;
  /** ISO time of the last change of its newest action. */
  lastActivityAt: string;
  /** The highest risk score plus a tenth of the others, capped at 100. */
  cumulativeRiskScore: number;
  /** The highest risk score. */
  maxRiskScore: number;
  /** The rounded mean risk score. */
  averageRiskScore: number;
  /** Actions denied. */
  deniedCount: number;
}

function summarizeSession(sessionId: string, actions: readonly FakeAction[]): FakeOrchestrationSession {
  const scores = actions.map((a) => a.riskScore);
  const max = Math.max(...scores);
  const sum = scores.reduce((s, v) => s + v, 0);
  return {
    sessionId,
    actionCount: actions.length,
    agents: [...new Set(actions.map((a) => a.agentId))],
    startedAt: actions[0]!.createdAt,
    lastActivityAt: actions[actions.length - 1]!.updatedAt,
    cumulativeRiskScore: Math.min(100, Math.round(max + (sum - max) / 10)),
    maxRiskScore: max,
    averageRiskScore: Math.round(sum / scores.length),
    deniedCount: actions.filter((a) => a.decision === 'denied').length,
  };
}

/** Every orchestration session of the actions held in memory, in order of first appearance. */
export function listOrchestrationSessions(ctx: FakeContext): FakeOrchestrationSession[] {
  const sessions = new Map<string, FakeAction[]>();
  for (const a of ctx.store.actions.values()) {
    if (a.orchestrationSessionId === null) continue;
    const list = sessions.get(a.orchestrationSessionId);
    if (list) list.push(a);
    else sessions.set(a.orchestrationSessionId, [a]);
  }
  return [...sessions].map(([id, actions]) => summarizeSession(id, actions));
}

/** The handlers of the orchestration routes. */
export const ORCHESTRATION_HANDLERS = {
  registerTopology: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const orchestrator = r.requiredString('orchestrator_agent_id');
    const workers = r.optionalStringList('worker_agent_ids');
    if (workers.length < 1 || workers.length > 20) r.errors['worker_agent_ids'] = 'length 1..20 required';
    else if (new Set(workers).size !== workers.length) r.errors['worker_agent_ids'] = 'no duplicates';
    if (!r.valid) return r.failure();
    const registeredAt = ctx.fx.iso();
    const previous = ctx.store.records('topology').get(orchestrator);
    ctx.store.put('topology', {
      orchestratorAgentId: orchestrator,
      workerAgentIds: workers,
      mcpServerIds: previous?.mcpServerIds ?? null,
      updatedAt: registeredAt,
    });
    ctx.fx.audit({ eventType: 'TOPOLOGY_REGISTERED', actor: 'agent', resource: orchestrator, action: 'register', outcome: 'success', details: { workers } });
    return ok({
      success: true,
      topology: { orchestrator_agent_id: orchestrator, worker_agent_ids: workers, registered_at: registeredAt },
      message: 'Topology registered',
    });
  },

  registerMcpTopology: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const orchestrator = r.requiredString('orchestrator_agent_id');
    const raw = r.raw('mcp_server_ids');
    const ids = Array.isArray(raw) ? raw : [];
    if (!ids.every((v): v is number => typeof v === 'number' && Number.isInteger(v))) r.errors['mcp_server_ids'] = 'integer ids only';
    else if (ids.length < 1 || ids.length > 20) r.errors['mcp_server_ids'] = 'length 1..20 required';
    else if (new Set(ids).size !== ids.length) r.errors['mcp_server_ids'] = 'no duplicates';
    if (!r.valid) return r.failure();
    const known = new Set([...ctx.store.records('mcpServer').values()].map((s) => s.id));
    const missing = (ids as number[]).filter((id) => !known.has(id));
    if (missing.length > 0) return notFound(`MCP server ids not registered: ${missing.join(', ')}`);
    const registeredAt = ctx.fx.iso();
    const previous = ctx.store.records('topology').get(orchestrator);
    ctx.store.put('topology', {
      orchestratorAgentId: orchestrator,
      workerAgentIds: previous?.workerAgentIds ?? null,
      mcpServerIds: ids as number[],
      updatedAt: registeredAt,
    });
    return ok({
      success: true,
      topology: { orchestrator_agent_id: orchestrator, mcp_server_ids: ids, registered_at: registeredAt },
      message: 'MCP topology registered',
    });
  },

  cascadeKill: (ctx, req) => {
    const read = body(req);
    if (read.error) return read.error;
    const r = new BodyReader(read.body);
    const reason = r.requiredString('reason', 'non-empty string required', 1000);
    const confirm = r.optionalBoolean('confirm', false);
    if (!r.valid) return r.failure();
    const orchestrator = req.params['orchestratorId'] ?? '';
    const topology = ctx.store.records('topology').get(orchestrator);
    if (!topology?.workerAgentIds) return notFound(`No topology registered for orchestrator ${orchestrator}`);
    const affected = [orchestrator, ...topology.workerAgentIds];
    if (confirm) {
      const denied = adminOnly(req, 'execute a cascade kill');
      if (denied) return denied;
      // Each agent gets a BLOCK command on the command channel (§3.15), as the backend issues them.
      for (const agentId of affected) issueCommand(ctx, { agentId, commandType: 'BLOCK', reason, issuedBy: 'admin', issuedVia: 'cascade_kill' });
      ctx.fx.audit({
        eventType: 'CASCADE_KILL_EXECUTED',
        actor: 'admin',
        resource: orchestrator,
        action: 'cascade_kill',
        outcome: 'success',
        details: { affected, reason },
      });
    }
    return ok({
      success: true,
      dry_run: !confirm,
      orchestrator_id: orchestrator,
      affected_agents: affected,
      blocked_count: confirm ? affected.length : 0,
      reason,
    });
  },

  getOrchestrationSession: (ctx, req) => {
    const sessionId = req.params['sessionId'] ?? '';
    const actions = sessionActions(ctx, sessionId);
    if (actions.length === 0) return notFound(`Orchestration session ${sessionId} not found`);
    return ok({
      session_id: sessionId,
      action_count: actions.length,
      agents: [...new Set(actions.map((a) => a.agentId))],
      started_at: actions[0]!.createdAt,
      last_activity_at: actions[actions.length - 1]!.updatedAt,
      actions: actions.map((a) => ({
        action_id: a.id,
        agent_id: a.agentId,
        action_type: a.actionType,
        decision: a.decision,
        risk_score: a.riskScore,
        parent_action_id: a.parentActionId,
        orchestration_depth: a.orchestrationDepth,
        created_at: a.createdAt,
      })),
    });
  },

  getOrchestrationSessionRisk: (ctx, req) => {
    const sessionId = req.params['sessionId'] ?? '';
    const actions = sessionActions(ctx, sessionId);
    if (actions.length === 0) return notFound(`Orchestration session ${sessionId} not found`);
    const s = summarizeSession(sessionId, actions);
    return ok({
      session_id: sessionId,
      cumulative_risk_score: s.cumulativeRiskScore,
      max_risk_score: s.maxRiskScore,
      average_risk_score: s.averageRiskScore,
      action_count: s.actionCount,
      denied_count: s.deniedCount,
    });
  },

  getOrchestrationStats: (ctx) => {
    const topologies = [...ctx.store.records('topology').values()];
    const sessions = new Set([...ctx.store.actions.values()].map((a) => a.orchestrationSessionId).filter((s) => s !== null));
    return ok({
      topologies: topologies.filter((t) => t.workerAgentIds !== null).length,
      mcp_topologies: topologies.filter((t) => t.mcpServerIds !== null).length,
      sessions: sessions.size,
      actions_in_sessions: [...ctx.store.actions.values()].filter((a) => a.orchestrationSessionId !== null).length,
    });
  },
} satisfies Partial<Record<OperationName, OperationHandler>>;
