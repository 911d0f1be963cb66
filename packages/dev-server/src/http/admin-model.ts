/**
 * Read models behind the admin API and the dashboard: recent actions and decisions, pending
 * approvals, agents, audit log, deliveries. Kept cheap under load: recent actions are found by
 * id from the newest down, never by copying every action.
 *
 * @packageDocumentation
 */
import { COMPLIANT_MODEL_STATUSES, riskLevelFromScore, type FakeAscend } from '@ascend/testing';
import type { StoreStats } from '../persistence/durable-store.js';
import type { WebhookDeliverer } from '../webhooks/delivery.js';
import {
  actionView,
  agentView,
  approvalView,
  auditView,
  deliveryView,
  killSwitchView,
  webhookView,
  type ActionView,
  type AgentView,
  type ApprovalView,
  type AuditView,
  type DeliveryView,
  type KillSwitchView,
  type WebhookView,
} from './views.js';
import {
  alertView,
  componentView,
  findingView,
  mcpServerView,
  refusalView,
  sessionView,
  topologyView,
  type AlertView,
  type ComponentView,
  type FindingView,
  type McpServerView,
  type RefusalView,
  type SessionView,
  type TopologyView,
} from './views-governance.js';

/** Facts about the running server shown by the dashboard. */
export interface ServerInfo {
  /** Package version. */
  version: string;
  /** Base URL. */
  url: string;
  /** Data dir, or null in memory. */
  data_dir: string | null;
  /** ISO start time. */
  started_at: string;
  /** Whether request signatures are required. */
  signing_required: boolean;
  /** Whether the admin API requires a token. */
  admin_token_required: boolean;
  /** Whether the documented default API key is accepted. */
  default_api_key: string | null;
}

/** `GET /_admin/summary`. */
export interface SummaryView {
  /** Server facts. */
  server: ServerInfo & { uptime_seconds: number };
  /** The kill switch. */
  kill_switch: KillSwitchView;
  /** Counts. */
  counts: {
    /** Actions counted since start: the ones restored from the data dir plus the ones submitted. */
    actions: number;
    /** The newest action id. */
    last_action_id: number;
    /** Actions held in memory now (the retention limit plus pending ones). */
    held_actions: number;
    /** The retention limit (`--retain-actions`). */
    retain_actions: number;
    /** Actions that left memory under the retention limit since start. */
    evicted_actions: number;
    /** Approval requests still pending. */
    pending_approvals: number;
    /** Registered agents. */
    agents: number;
    /** Agents that submitted actions without registering (see {@link UnregisteredAgentView}). */
    unregistered_agents: number;
    /** Webhook configurations. */
    webhooks: number;
    /** Webhook deliveries by status. */
    deliveries: Record<string, number>;
  };
  /** Durable store statistics. */
  store: StoreStats;
  /** Memory of the server process. */
  memory: { rss_bytes: number; heap_used_bytes: number; heap_total_bytes: number };
  /** CPU time used by the server process since it started, in ms. */
  cpu: { user_ms: number; system_ms: number };
}

/** `GET /_admin/dashboard`: everything the dashboard renders, in one round trip. */
export interface DashboardView {
  /** See {@link SummaryView}. */
  summary: SummaryView;
  /** Pending approvals, oldest first. */
  pending: ApprovalView[];
  /** Recent final decisions, newest first. */
  decisions: ActionView[];
  /** Registered agents. */
  agents: AgentView[];
  /** Agents seen acting that are not in the registry, most recent first (at most 50). */
  unregistered_agents: UnregisteredAgentView[];
  /** Recent audit events, newest first. */
  audit: AuditView[];
  /** Recent webhook deliveries, newest first. */
  deliveries: DeliveryView[];
  /** Webhook configurations (no secrets). */
  webhooks: WebhookView[];
  /** See {@link GovernanceView}. */
  governance: GovernanceView;
}

/** A model of the registry that decides a submit's `model_id`. */
export interface ModelView {
  /** The id submits send in `model_id`. */
  model_id: string;
  /** E.g. `approved`, `rejected`. */
  compliance_status: string;
  /** Whether a submit naming it passes (`approved` or `partially_approved`). */
  compliant: boolean;
}

/**
 * `GET /_admin/governance`: the 2.5 governance state (MCP registry, models, orchestration,
 * output filter, supply chain, alerts, refusals at submit).
 */
export interface GovernanceView {
  /** The MCP server registry, in registration order. */
  mcp_servers: McpServerView[];
  /** The model registry; `checked` is false when none is configured (any `model_id` passes). */
  models: { checked: boolean; models: ModelView[] };
  /** Orchestration topologies. */
  topologies: TopologyView[];
  /** Orchestration sessions, most recently active first (at most 50). */
  sessions: SessionView[];
  /** Sessions in all. */
  sessions_total: number;
  /** Output-filter findings, newest first (at most 50). */
  findings: FindingView[];
  /** Findings in all. */
  findings_total: number;
  /** Supply-chain components (at most 100). */
  components: ComponentView[];
  /** Components in all. */
  components_total: number;
  /** High-risk-action alerts among the newest 500 held actions, newest first (at most 25). */
  alerts: AlertView[];
  /** Submits refused by the MCP or model registry (403), newest first (at most 25). */
  refusals: RefusalView[];
}

/** An agent that submitted actions but is not registered (`POST /api/v1/agents/register`). */
export interface UnregisteredAgentView {
  /** The `agent_id` it sent. */
  agent_id: string;
  /** Actions it submitted that the server saw (counted from the audit log as it is read). */
  actions: number;
  /** ISO time of its latest action. */
  last_seen: string;
}

/** Agents tracked as seen acting; beyond this, the least recently seen are forgotten. */
const SEEN_AGENTS_LIMIT = 10_000;
const SUBMIT_EVENTS = new Set(['action.submitted', 'mcp.action_submitted']);

/** `GET /_admin/requests`. */
export interface RequestsView {
  /** Requests kept that match the filter. */
  total: number;
  /** Requests kept, by operation (`unknown` for unrouted paths). */
  counts_by_operation: Record<string, number>;
  /** Most recent first: method, path, operation, outcome (status, or network-error / hang / aborted). */
  recent: { seq: number; at: string; method: string; path: string; operation: string | null; outcome: string; fault: string | null }[];
}

function eventNumber(eventId: string): number {
  const n = Number(eventId.slice(eventId.indexOf('-') + 1));
  return Number.isFinite(n) ? n : 0;
}

const DECISION_EVENTS = new Set(['action.approved', 'action.rejected', 'action.expired']);

/** The admin read model. @internal */
export class AdminModel {
  private maxActionId = 0;
  private actionCount = 0;
  private evictedAtStart = 0;
  /** Agents seen submitting, least recently seen first, and the last audit event number read. */
  private seenAgents = new Map<string, { actions: number; lastSeen: string }>();
  private auditRead = 0;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly fake: FakeAscend,
    private readonly deliverer: WebhookDeliverer,
    private readonly storeStats: () => StoreStats,
    private readonly info: ServerInfo,
    private readonly models: Readonly<Record<string, string>> | undefined = undefined,
  ) {
    this.rescan();
    // Only the 'change' event, whose payload is not copied: a typed event would make the fake
    // copy a record per event on the submit hot path. Each action id issued is one more action.
    this.off.push(
      fake.on('change', (change) => {
        if (change.kind === 'counters') {
          this.actionCount += change.counters.action - this.maxActionId;
          this.maxActionId = change.counters.action;
        } else if (change.kind === 'reset' || change.kind === 'restored') this.rescan();
      }),
    );
  }

  private rescan(): void {
    this.actionCount = this.fake.retention.held;
    // The last id issued, which the held actions may not show (the first id may be above 1).
    this.maxActionId = this.fake.snapshot().counters.action;
    this.evictedAtStart = this.fake.retention.evicted;
    this.seenAgents = new Map();
    this.auditRead = 0;
  }

  /**
   * Folds the audit events written since the last call into the agents seen acting. Reads the
   * fake's audit log in place (no copies, nothing on the submit hot path); events that left the
   * bounded log between two reads are not counted.
   */
  private readSubmitters(): void {
    const log = this.fake.auditLog;
    let start = log.length;
    while (start > 0 && eventNumber(log[start - 1]!.eventId) > this.auditRead) start--;
    for (let i = start; i < log.length; i++) {
      const e = log[i]!;
      if (!SUBMIT_EVENTS.has(e.eventType) || e.actor === null) continue;
      const seen = this.seenAgents.get(e.actor);
      this.seenAgents.delete(e.actor);
      this.seenAgents.set(e.actor, { actions: (seen?.actions ?? 0) + 1, lastSeen: e.timestamp });
      if (this.seenAgents.size > SEEN_AGENTS_LIMIT) this.seenAgents.delete(this.seenAgents.keys().next().value!);
    }
    if (log.length > 0) this.auditRead = Math.max(this.auditRead, eventNumber(log[log.length - 1]!.eventId));
  }

  /** Agents seen submitting actions that are not registered, most recently seen first. */
  unregisteredAgents(limit = 50): { total: number; agents: UnregisteredAgentView[] } {
    this.readSubmitters();
    const registered = new Set(this.fake.listAgents().map((a) => a.agentId));
    const agents: UnregisteredAgentView[] = [];
    let total = 0;
    for (const [agentId, seen] of [...this.seenAgents].reverse()) {
      if (registered.has(agentId)) continue;
      total++;
      if (agents.length < limit) agents.push({ agent_id: agentId, actions: seen.actions, last_seen: seen.lastSeen });
    }
    return { total, agents };
  }

  /** Stops listening. */
  detach(): void {
    for (const f of this.off.splice(0)) f();
  }

  /** Newest actions first, optionally only one decision. */
  actions(limit: number, decision?: string): ActionView[] {
    const out: ActionView[] = [];
    // Ids below the held ones were evicted: stop once every held action was looked at.
    const held = this.fake.retention.held;
    for (let id = this.maxActionId, looked = 0; id > 0 && out.length < limit && looked < held; id--) {
      const a = this.fake.getAction(id);
      if (a) looked++;
      if (a && (decision === undefined || a.decision === decision)) out.push(actionView(a));
    }
    return out;
  }

  /** One action. */
  action(id: number): ActionView | undefined {
    const a = this.fake.getAction(id);
    return a ? actionView(a) : undefined;
  }

  /**
   * Most recent final decisions, newest first, each action once. Read from the audit log (a
   * decision at submit, or a human approval, rejection or expiry), so nothing is tracked per
   * request.
   */
  decisions(limit: number): ActionView[] {
    const out: ActionView[] = [];
    const seen = new Set<number>();
    const log = this.fake.auditLog;
    for (let i = log.length - 1, scanned = 0; i >= 0 && out.length < limit && scanned < 20_000; i--, scanned++) {
      const e = log[i]!;
      const decided =
        DECISION_EVENTS.has(e.eventType) || ((e.eventType === 'action.submitted' || e.eventType === 'mcp.action_submitted') && e.outcome !== 'pending');
      const id = e.details['action_id'];
      if (!decided || typeof id !== 'number' || seen.has(id)) continue;
      seen.add(id);
      const a = this.fake.getAction(id);
      if (a && a.decision !== 'pending') out.push(actionView(a));
    }
    return out;
  }

  /** Pending approvals, oldest first. */
  pending(): ApprovalView[] {
    return this.fake.listPending().map((p) => approvalView(p, this.fake.getAction(p.actionId)));
  }

  /** Every approval request, newest first. */
  approvals(limit: number): ApprovalView[] {
    return this.fake
      .listApprovals()
      .reverse()
      .slice(0, limit)
      .map((p) => approvalView(p, this.fake.getAction(p.actionId)));
  }

  /** Registered agents. */
  agents(): AgentView[] {
    return this.fake.listAgents().map(agentView);
  }

  /** Newest audit events first. */
  audit(limit: number): AuditView[] {
    const all = this.fake.auditLog;
    const out: AuditView[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) out.push(auditView(all[i]!));
    return out;
  }

  /** Newest deliveries first. */
  deliveries(limit: number): DeliveryView[] {
    return this.deliverer.list(limit).map(deliveryView);
  }

  /** Webhook configurations without secrets. */
  webhooks(): WebhookView[] {
    return this.fake.listWebhooks().map(webhookView);
  }

  /** The kill switch. */
  killSwitch(): KillSwitchView {
    return killSwitchView(this.fake.killSwitch);
  }

  /** Server facts and counts. */
  summary(): SummaryView {
    const retention = this.fake.retention;
    const unregistered = this.unregisteredAgents(0).total;
    return {
      server: { ...this.info, uptime_seconds: Math.round((Date.now() - Date.parse(this.info.started_at)) / 1000) },
      kill_switch: this.killSwitch(),
      counts: {
        actions: this.actionCount,
        last_action_id: this.maxActionId,
        held_actions: retention.held,
        retain_actions: retention.limit,
        evicted_actions: retention.evicted - this.evictedAtStart,
        pending_approvals: this.fake.listPending().length,
        agents: this.fake.listAgents().length,
        unregistered_agents: unregistered,
        webhooks: this.fake.listWebhooks().length,
        deliveries: this.deliverer.counts(),
      },
      store: this.storeStats(),
      memory: (({ rss, heapUsed, heapTotal }) => ({ rss_bytes: rss, heap_used_bytes: heapUsed, heap_total_bytes: heapTotal }))(process.memoryUsage()),
      cpu: (({ user, system }) => ({ user_ms: Math.round(user / 1000), system_ms: Math.round(system / 1000) }))(process.cpuUsage()),
    };
  }

  /**
   * Requests received (as recorded by the fake, bounded by its `limits.requests`): counts by
   * operation and the most recent ones. Headers and bodies are left out: they carry credentials.
   */
  requests(limit: number, operation?: string): RequestsView {
    const all = this.fake.requests;
    const counts: Record<string, number> = {};
    let total = 0;
    for (const r of all) {
      const op = r.operation ?? 'unknown';
      counts[op] = (counts[op] ?? 0) + 1;
      if (operation === undefined || op === operation) total++;
    }
    const recent: RequestsView['recent'] = [];
    for (let i = all.length - 1; i >= 0 && recent.length < limit; i--) {
      const r = all[i]!;
      if (operation !== undefined && (r.operation ?? 'unknown') !== operation) continue;
      const o = r.outcome;
      recent.push({
        seq: r.seq,
        at: new Date(r.at).toISOString(),
        method: r.method,
        path: r.path,
        operation: r.operation,
        outcome: o === undefined ? 'in-flight' : o.kind === 'response' ? String(o.status) : o.kind,
        fault: o && 'fault' in o ? o.fault : null,
      });
    }
    return { total, counts_by_operation: counts, recent };
  }

  /** The MCP server registry. */
  mcpServers(): McpServerView[] {
    return this.fake.listMcpServers().map(mcpServerView);
  }

  /** The 2.5 governance state. */
  governance(): GovernanceView {
    const sessions = this.fake
      .listOrchestrationSessions()
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt))
      .map((x) => sessionView(x, riskLevelFromScore));
    const findings = this.fake.listFindings();
    const components = this.fake.listSupplyChainComponents();
    const alerts: AlertView[] = [];
    // The newest held actions only: alerts of older ones are in GET /api/alerts.
    const held = this.fake.retention.held;
    for (let id = this.maxActionId, looked = 0; id > 0 && alerts.length < 25 && looked < Math.min(held, 500); id--) {
      const a = this.fake.getAction(id);
      if (!a) continue;
      looked++;
      const alert = alertView(a);
      if (alert) alerts.push(alert);
    }
    const refusals: RefusalView[] = [];
    const log = this.fake.auditLog;
    for (let i = log.length - 1; i >= 0 && refusals.length < 25; i--) if (log[i]!.eventType === 'action.refused') refusals.push(refusalView(log[i]!));
    return {
      mcp_servers: this.mcpServers(),
      models: {
        checked: this.models !== undefined,
        models: Object.entries(this.models ?? {}).map(([id, status]) => ({
          model_id: id,
          compliance_status: status,
          compliant: COMPLIANT_MODEL_STATUSES.includes(status),
        })),
      },
      topologies: this.fake.listTopologies().map(topologyView),
      sessions: sessions.slice(0, 50),
      sessions_total: sessions.length,
      findings: findings.slice(-50).reverse().map(findingView),
      findings_total: findings.length,
      components: components.slice(0, 100).map(componentView),
      components_total: components.length,
      alerts,
      refusals,
    };
  }

  /** Everything the dashboard shows. */
  dashboard(): DashboardView {
    return {
      summary: this.summary(),
      pending: this.pending(),
      decisions: this.decisions(25),
      agents: this.agents(),
      unregistered_agents: this.unregisteredAgents().agents,
      audit: this.audit(40),
      deliveries: this.deliveries(25),
      webhooks: this.webhooks(),
      governance: this.governance(),
    };
  }
}
