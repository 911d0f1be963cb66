/**
 * Read models behind the admin API and the dashboard: recent actions and decisions, pending
 * approvals, agents, audit log, deliveries. Kept cheap under load: recent actions are found by
 * id from the newest down, never by copying every action.
 *
 * @packageDocumentation
 */
import type { FakeAscend } from '@ascend/testing';
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
  counts: { actions: number; last_action_id: number; pending_approvals: number; agents: number; webhooks: number; deliveries: Record<string, number> };
  /** Durable store statistics. */
  store: StoreStats;
  /** Memory of the server process. */
  memory: { rss_bytes: number; heap_used_bytes: number; heap_total_bytes: number };
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
  /** Recent audit events, newest first. */
  audit: AuditView[];
  /** Recent webhook deliveries, newest first. */
  deliveries: DeliveryView[];
  /** Webhook configurations (no secrets). */
  webhooks: WebhookView[];
}

/** `GET /_admin/requests`. */
export interface RequestsView {
  /** Requests kept that match the filter. */
  total: number;
  /** Requests kept, by operation (`unknown` for unrouted paths). */
  counts_by_operation: Record<string, number>;
  /** Most recent first: method, path, operation, outcome (status, or network-error / hang / aborted). */
  recent: { seq: number; at: string; method: string; path: string; operation: string | null; outcome: string; fault: string | null }[];
}

const RING = 200;

/** The admin read model. @internal */
export class AdminModel {
  private maxActionId = 0;
  private actionCount = 0;
  private decided: number[] = [];
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly fake: FakeAscend,
    private readonly deliverer: WebhookDeliverer,
    private readonly storeStats: () => StoreStats,
    private readonly info: ServerInfo,
  ) {
    for (const a of fake.listActions()) {
      this.actionCount++;
      if (a.id > this.maxActionId) this.maxActionId = a.id;
      if (a.decision !== 'pending') this.decided.push(a.id);
    }
    this.decided = this.decided.slice(-RING);
    this.off.push(
      fake.on('action.submitted', (a) => {
        this.actionCount++;
        if (a.id > this.maxActionId) this.maxActionId = a.id;
      }),
      fake.on('action.decided', (a) => {
        this.decided.push(a.id);
        if (this.decided.length > RING * 2) this.decided = this.decided.slice(-RING);
      }),
      fake.on('change', ({ reason }) => {
        if (reason === 'reset' || reason === 'restore') {
          this.maxActionId = 0;
          this.actionCount = 0;
          this.decided = [];
          for (const a of fake.listActions()) {
            this.actionCount++;
            if (a.id > this.maxActionId) this.maxActionId = a.id;
          }
        }
      }),
    );
  }

  /** Stops listening. */
  detach(): void {
    for (const f of this.off.splice(0)) f();
  }

  /** Newest actions first, optionally only one decision. */
  actions(limit: number, decision?: string): ActionView[] {
    const out: ActionView[] = [];
    for (let id = this.maxActionId; id > 0 && out.length < limit; id--) {
      const a = this.fake.getAction(id);
      if (a && (decision === undefined || a.decision === decision)) out.push(actionView(a));
    }
    return out;
  }

  /** One action. */
  action(id: number): ActionView | undefined {
    const a = this.fake.getAction(id);
    return a ? actionView(a) : undefined;
  }

  /** Most recent final decisions, newest first, each action once. */
  decisions(limit: number): ActionView[] {
    const out: ActionView[] = [];
    const seen = new Set<number>();
    for (let i = this.decided.length - 1; i >= 0 && out.length < limit; i--) {
      const id = this.decided[i]!;
      if (seen.has(id)) continue;
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
    return {
      server: { ...this.info, uptime_seconds: Math.round((Date.now() - Date.parse(this.info.started_at)) / 1000) },
      kill_switch: this.killSwitch(),
      counts: {
        actions: this.actionCount,
        last_action_id: this.maxActionId,
        pending_approvals: this.fake.listPending().length,
        agents: this.fake.listAgents().length,
        webhooks: this.fake.listWebhooks().length,
        deliveries: this.deliverer.counts(),
      },
      store: this.storeStats(),
      memory: (({ rss, heapUsed, heapTotal }) => ({ rss_bytes: rss, heap_used_bytes: heapUsed, heap_total_bytes: heapTotal }))(process.memoryUsage()),
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

  /** Everything the dashboard shows. */
  dashboard(): DashboardView {
    return {
      summary: this.summary(),
      pending: this.pending(),
      decisions: this.decisions(25),
      agents: this.agents(),
      audit: this.audit(40),
      deliveries: this.deliveries(25),
      webhooks: this.webhooks(),
    };
  }
}
