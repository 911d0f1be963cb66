/**
 * A tiny client of the dev server's admin HTTP API, for tests: what a script driving the
 * dashboard's backend would do.
 */
import type { Fault, FaultScope } from '@ascend/testing';
import type { ApprovalView, DashboardView, DeliveryView, KillSwitchView, SummaryView } from '../index.js';

/** Admin API calls over real HTTP. */
export interface AdminClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  approve(id: string | number, input?: { by?: string; comment?: string }): Promise<ApprovalView>;
  deny(id: string | number, input?: { by?: string; reason?: string; comment?: string }): Promise<ApprovalView>;
  pending(): Promise<ApprovalView[]>;
  setKillSwitch(active: boolean, input?: { reason?: string; by?: string }): Promise<KillSwitchView>;
  injectFault(fault: Fault, scope?: FaultScope): Promise<void>;
  countRequests(operation: string): Promise<number>;
  summary(): Promise<SummaryView>;
  dashboard(): Promise<DashboardView>;
  deliveries(): Promise<DeliveryView[]>;
  reset(): Promise<void>;
}

/** Creates an {@link AdminClient} for the server at `url`. */
export function adminClient(url: string, token?: string): AdminClient {
  const headers = (json: boolean): Record<string, string> => ({
    accept: 'application/json',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, { method, headers: headers(method !== 'GET'), ...(method !== 'GET' ? { body: JSON.stringify(body ?? {}) } : {}) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
  const get = <T>(path: string): Promise<T> => call<T>('GET', path);
  const post = <T>(path: string, body?: unknown): Promise<T> => call<T>('POST', path, body);
  return {
    get,
    post,
    approve: async (id, input = {}) => (await post<{ approval: ApprovalView }>(`/_admin/approvals/${encodeURIComponent(String(id))}/approve`, input)).approval,
    deny: async (id, input = {}) => (await post<{ approval: ApprovalView }>(`/_admin/approvals/${encodeURIComponent(String(id))}/deny`, input)).approval,
    pending: async () => (await get<{ approvals: ApprovalView[] }>('/_admin/pending')).approvals,
    setKillSwitch: (active, input = {}) => post<KillSwitchView>('/_admin/kill-switch', { active, ...input }),
    injectFault: async (fault, scope) => {
      await post('/_admin/faults', scope === undefined ? { fault } : { fault, scope });
    },
    countRequests: async (operation) => (await get<{ total: number }>(`/_admin/requests?operation=${encodeURIComponent(operation)}&limit=1`)).total,
    summary: () => get<SummaryView>('/_admin/summary'),
    dashboard: () => get<DashboardView>('/_admin/dashboard'),
    deliveries: async () => (await get<{ deliveries: DeliveryView[] }>('/_admin/deliveries?limit=1000')).deliveries,
    reset: async () => {
      await post('/_admin/reset');
    },
  };
}
