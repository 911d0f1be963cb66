/**
 * The service's own routes: health, deployment info, policy evaluation, resource
 * classifications and the audit log.
 * @internal
 */
import type { OperationHandler } from './handler-support.js';
import { bodyOr, isPage, pageParams } from './handler-support.js';
import { isJsonObject } from './json.js';
import type { OperationName } from './operations.js';
import { evaluatePolicy } from './policy.js';
import { riskLevelFromScore } from './policy-risk.js';
import { BodyReader, ok } from './validation.js';
import * as wire from './wire.js';

/** The handlers of the service's own routes. */
export const SERVICE_HANDLERS = {
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
} satisfies Partial<Record<OperationName, OperationHandler>>;
