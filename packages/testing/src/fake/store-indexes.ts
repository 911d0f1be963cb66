/**
 * The store's indexes beside its records: the open approval requests and commands that may still
 * come due (and when the next one does), and the retention order of the actions held in memory.
 * @internal
 */
import type { FakeStore } from './store.js';
import type { FakeAction, FakeApproval, FakeCommand } from './store-records.js';

/** When an open approval request comes due: its automatic decision if that comes first, else its expiry. @internal */
export function approvalDueMs(approval: FakeApproval): number {
  const auto = approval.autoDecision;
  return auto && auto.atMs <= approval.expiresAtMs ? auto.atMs : approval.expiresAtMs;
}

/** Indexes an approval request that may come due later (a pending one). @internal */
export function trackApproval(store: FakeStore, approval: FakeApproval): void {
  if (approval.status !== 'pending') return;
  store.openApprovals.add(approval);
  store.nextDueMs = Math.min(store.nextDueMs, approvalDueMs(approval));
}

/** Indexes a command that may come due later (pending or delivered, with an expiry). @internal */
export function trackCommand(store: FakeStore, command: FakeCommand): void {
  if ((command.status !== 'pending' && command.status !== 'delivered') || command.expiresAtMs === null) return;
  store.openCommands.add(command);
  store.nextDueMs = Math.min(store.nextDueMs, command.expiresAtMs);
}

/**
 * Puts an action at the end of the retention order (it was just submitted or decided), then
 * evicts the oldest settled actions, with their approval requests, until at most `limit` are
 * ordered. A pending action is never evicted. Returns what was evicted, oldest first.
 * @internal
 */
export function retainAction(store: FakeStore, action: FakeAction, limit: number): { action: FakeAction; approval: FakeApproval | null }[] {
  store.retention.delete(action.id);
  store.retention.add(action.id);
  if (store.retention.size <= limit) return [];
  const evicted: { action: FakeAction; approval: FakeApproval | null }[] = [];
  for (const id of store.retention) {
    if (store.retention.size <= limit) break;
    store.retention.delete(id);
    const old = store.actions.get(id);
    // Held: it re-enters the order when it is decided (see decideApproval).
    if (!old || old.decision === 'pending') continue;
    let approval: FakeApproval | null = null;
    if (old.approvalRequestId !== null) {
      approval = store.approvals.get(old.approvalRequestId) ?? null;
      store.remove('approval', old.approvalRequestId);
    }
    store.remove('action', id);
    store.evicted++;
    evicted.push({ action: old, approval });
  }
  return evicted;
}

/**
 * Rebuilds the retention order of restored actions: by the time each was settled (reviewed, else
 * created), then by id. @internal
 */
export function rebuildRetention(store: FakeStore): void {
  const settled = (a: FakeAction): string => a.reviewedAt ?? (a.status === 'expired' ? a.updatedAt : a.createdAt);
  const ordered = [...store.actions.values()].sort((a, b) => {
    const ta = settled(a);
    const tb = settled(b);
    return ta < tb ? -1 : ta > tb ? 1 : a.id - b.id;
  });
  store.retention.clear();
  for (const a of ordered) store.retention.add(a.id);
}

/**
 * True when `id` was issued (it is within the id range) but is no longer held in memory: it was
 * evicted by the retention limit. @internal
 */
export function wasEvicted(store: FakeStore, id: number, limit: number): boolean {
  // Ids are issued in sequence and only the retention limit removes an action.
  return limit !== Number.POSITIVE_INFINITY && id >= 1 && id <= store.counters.action && !store.actions.has(id);
}
