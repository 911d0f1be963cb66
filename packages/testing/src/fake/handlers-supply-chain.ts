/**
 * The supply-chain routes: component registration (admin keys), and the 2.5.0 visibility
 * routes (components, stats, impact, CVE sync status, alerts).
 * @internal
 */
import { bodyOr, limitOffset, positiveInt, queryBool, type OperationHandler } from './handler-support.js';
import type { JsonValue } from './json.js';
import type { OperationName } from './operations.js';
import type { RiskLevel } from './policy-types.js';
import type { FakeComponent } from './store-records.js';
import { BodyReader, conflict, forbidden, notFound, ok, validationError } from './validation.js';
import * as wire from './wire.js';

const COMPONENT_TYPES = ['model', 'library', 'dataset', 'framework', 'tool', 'service'];
const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
const COMPONENT_OPTIONAL = ['provider', 'version', 'latest_version', 'license_type', 'source_url', 'compliance_notes', 'package_name', 'package_ecosystem'];

/** The handlers of the supply-chain routes. */
export const SUPPLY_CHAIN_HANDLERS = {
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

  listSupplyChainComponents: (ctx, req) => {
    const page = limitOffset(req.query, 100, Number.MAX_SAFE_INTEGER);
    if ('status' in page) return page;
    const vulns = queryBool(req.query, 'has_vulnerabilities', null);
    const active = queryBool(req.query, 'active_only', true);
    if (vulns === 'bad') return validationError({ has_vulnerabilities: 'Must be a boolean' });
    if (active === 'bad') return validationError({ active_only: 'Must be a boolean' });
    const type = req.query.get('component_type');
    const risk = req.query.get('risk_level');
    // The fake tracks no vulnerabilities: none has any, and every component is active.
    const all = [...ctx.store.components.values()].filter(
      (c) => (type === null || c.componentType === type) && (risk === null || c.riskLevel === risk) && vulns !== true,
    );
    return ok({
      components: all.slice(page.offset, page.offset + page.limit).map(wire.componentBody),
      total: all.length,
      limit: page.limit,
      offset: page.offset,
    });
  },

  getSupplyChainStats: (ctx) => {
    const components = [...ctx.store.components.values()];
    const count = (key: (c: (typeof components)[number]) => string) =>
      components.reduce<Record<string, number>>((acc, c) => ({ ...acc, [key(c)]: (acc[key(c)] ?? 0) + 1 }), {});
    return ok({
      total_components: components.length,
      by_risk_level: count((c) => c.riskLevel),
      by_type: count((c) => c.componentType),
      vulnerable_components: 0,
      total_cves: 0,
      critical_cves: 0,
    });
  },

  getSupplyChainImpact: (ctx, req) => {
    const id = positiveInt(req.params['componentId']);
    const component = id === null ? undefined : [...ctx.store.components.values()].find((c) => c.id === id);
    if (!component) return notFound(`Component ${req.params['componentId'] ?? ''} not found`);
    return ok({ component: wire.componentBody(component), affected_agents: [], blast_radius: 0, cves: [] });
  },

  getCveSyncStatus: () =>
    ok({
      nvd: { status: 'idle', last_sync_at: null, records: 0 },
      osv: { status: 'idle', last_sync_at: null, records: 0 },
      scheduler_running: false,
    }),

  getSupplyChainAlerts: (ctx, req) => {
    const type = req.query.get('type');
    const page = limitOffset(req.query, 50, 500);
    if ('status' in page) return page;
    const acknowledged = queryBool(req.query, 'acknowledged', null);
    if (acknowledged === 'bad') return validationError({ acknowledged: 'Must be a boolean' });
    // The fake raises alerts only for high-risk actions (`high_risk_action`, status `new`); it
    // tracks no CVEs, so `type=supply_chain_cve` lists none. A bare array, as the backend answers.
    const alerts: JsonValue[] = [...ctx.store.actions.values()]
      .filter((a) => a.alertId !== null)
      .map((a) => ({
        id: a.alertId,
        timestamp: a.createdAt,
        alert_type: 'high_risk_action',
        severity: a.riskLevel,
        message: `Agent ${a.agentId} performed ${a.actionType} on ${a.resource} (risk ${a.riskScore})`,
        agent_id: a.agentId,
        status: 'new',
      }))
      .filter((a) => (type === null || a.alert_type === type) && acknowledged !== true);
    return ok(alerts.slice(0, page.limit));
  },
} satisfies Partial<Record<OperationName, OperationHandler>>;
