/**
 * The fake's whole state as data: taking a snapshot, restoring one (trimmed to the action
 * retention limit), and resetting to the empty state the options describe.
 * @internal
 */
import type { FakeSnapshot } from './fake-api.js';
import type { FakeHost } from './fake-host.js';
import { FakeConfigError } from './fake-options.js';
import { copyAll, copyJson } from './json.js';
import { FakeStore } from './store.js';
import { rebuildRetention, retainAction, trackApproval, trackCommand } from './store-indexes.js';

/**
 * Replaces the state with a snapshot.
 * @throws {@link FakeConfigError} for an unknown snapshot version.
 */
export function restoreSnapshot(host: FakeHost, snapshot: FakeSnapshot): void {
  if (!snapshot || snapshot.version !== 1) throw new FakeConfigError('snapshot.version', `unsupported snapshot version ${String(snapshot?.version)}`);
  // Built silently: the replacement is announced once, as `restored`, when it is in place.
  const next = new FakeStore(snapshot.classifications, 1);
  next.load(snapshot);
  for (const approval of next.approvals.values()) trackApproval(next, approval);
  for (const command of next.commands.values()) trackCommand(next, command);
  const retainActions = host.ctx.options.retainActions;
  if (retainActions !== Number.POSITIVE_INFINITY) {
    // A snapshot may hold more than the limit (taken with a larger one, or replayed from a
    // journal): the same rule trims it, and nothing evicted comes back.
    rebuildRetention(next);
    const newest = [...next.retention].pop();
    const last = newest === undefined ? undefined : next.actions.get(newest);
    if (last) retainAction(next, last, retainActions);
    next.evicted = 0;
  }
  host.state.store = next.announcing(host.announce);
  host.audit.load(copyJson(snapshot.audit));
  host.outbox.load(copyJson(snapshot.outbox));
  host.idempotency.load(copyJson(snapshot.idempotency));
  host.announce({ kind: 'restored' });
}

/** Clears all state, recorded requests and faults; keeps options and policy. */
export function resetFake(host: FakeHost): void {
  host.state.store = new FakeStore(host.classifications, host.firstActionId, host.announce);
  host.audit.load({ counter: 0, events: [] });
  host.outbox.load([]);
  host.idempotency.load([]);
  host.recorder.clear();
  host.ctx.faults.clear();
  host.announce({ kind: 'reset' });
}

/** A JSON-serializable copy of the state. */
export function takeSnapshot(host: FakeHost): FakeSnapshot {
  const store = host.state.store;
  return {
    version: 1,
    counters: { ...store.counters },
    ...store.dumpRecords(),
    classifications: copyAll(store.classifications),
    killSwitch: { ...store.killSwitch },
    audit: copyJson(host.audit.dump()),
    outbox: copyAll(host.outbox.all()),
    idempotency: host.idempotency.dump(),
  };
}
