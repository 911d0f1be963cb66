/**
 * Reading journal segments of format 1, written by dev servers before journal format 2.
 *
 * Format 1 journaled no id counters, and replaced whole collections for some changes. Its
 * counters are worked out here, once, from the ids the entries carry. A data dir is read this
 * way only until its first start on format 2: that start compacts everything read into a
 * snapshot marked `journal: 2` and writes format 2 from then on. Delete this file once no data
 * dir of format 1 needs to load.
 *
 * @packageDocumentation
 */
import type { FakeAction, FakeAgent, FakeAuditEvent, FakeCommand, FakeComponent, FakeCounters, FakeWebhook, RecordKind } from '@ascend/testing';
import { applyJournalEntry, recordKey, type JournalEntry, type ReplayState } from './journal-entry.js';

/** The entries only format 1 has. @internal */
export type LegacyJournalEntry =
  | { readonly k: 'agent-'; readonly id: string; readonly n: number }
  | { readonly k: 'agents'; readonly v: readonly FakeAgent[] }
  | { readonly k: 'commands'; readonly v: readonly FakeCommand[] }
  | { readonly k: 'webhooks'; readonly v: readonly FakeWebhook[] }
  | { readonly k: 'components'; readonly v: readonly FakeComponent[] }
  | { readonly k: 'audit'; readonly v: FakeAuditEvent };

function suffixNumber(id: string | null | undefined, prefix: string): number {
  if (!id || !id.startsWith(prefix)) return 0;
  const n = Number(id.slice(prefix.length));
  return Number.isSafeInteger(n) ? n : 0;
}

function bump(state: ReplayState, key: keyof FakeCounters, value: number): void {
  if (value > state.counters[key]) state.counters[key] = value;
}

/** Format 1's whole-collection entries: the record kind each replaces, and the id counter it moves. */
const WHOLE_LISTS: Readonly<
  Record<string, { readonly kind: RecordKind; readonly counter?: { readonly name: keyof FakeCounters; readonly of: (record: never) => number } }>
> = {
  agents: { kind: 'agent', counter: { name: 'agent', of: (a: FakeAgent) => a.id } },
  commands: { kind: 'command' },
  webhooks: { kind: 'webhook', counter: { name: 'webhook', of: (w: FakeWebhook) => suffixNumber(w.webhookId, 'wh_') } },
  components: { kind: 'component', counter: { name: 'component', of: (c: FakeComponent) => c.id } },
};

/** Applies one format 1 entry, keeping the id counters as format 1 derived them. @internal */
export function applyLegacyEntry(state: ReplayState, raw: JournalEntry | LegacyJournalEntry): void {
  const entry = raw as { k: string; v?: unknown; id?: unknown; n?: unknown };
  const whole = Object.hasOwn(WHOLE_LISTS, entry.k) ? WHOLE_LISTS[entry.k] : undefined;
  if (whole) {
    const map = state.records[whole.kind] as Map<unknown, unknown>;
    map.clear();
    for (const record of entry.v as never[]) {
      map.set(recordKey(whole.kind, record), record);
      if (whole.counter) bump(state, whole.counter.name, whole.counter.of(record));
    }
    return;
  }
  switch (entry.k) {
    case 'action': {
      const action = entry.v as FakeAction;
      applyJournalEntry(state, { k: 'action', v: action });
      bump(state, 'action', action.id);
      bump(state, 'alert', suffixNumber(action.alertId, 'alert_'));
      return;
    }
    case 'action-': {
      // Format 1 removed an evicted action's approval request with it.
      const id = entry.id as number;
      const approvalId = state.records.action.get(id)?.approvalRequestId;
      if (approvalId) state.records.approval.delete(approvalId);
      state.records.action.delete(id);
      bump(state, 'action', id);
      return;
    }
    case 'approval': {
      applyJournalEntry(state, raw as JournalEntry);
      bump(state, 'approval', suffixNumber((entry.v as { approvalId: string }).approvalId, 'apr_'));
      return;
    }
    case 'agent':
      applyJournalEntry(state, raw as JournalEntry);
      bump(state, 'agent', (entry.v as FakeAgent).id);
      return;
    case 'agent-':
      state.records.agent.delete(entry.id as string);
      bump(state, 'agent', typeof entry.n === 'number' ? entry.n : 0);
      return;
    case 'audit': {
      const event = entry.v as FakeAuditEvent;
      applyJournalEntry(state, { k: 'audit', v: event, n: suffixNumber(event.eventId, 'ev-') });
      return;
    }
    case 'delivery':
      applyJournalEntry(state, raw as JournalEntry);
      bump(state, 'delivery', suffixNumber((entry.v as { deliveryId: string }).deliveryId, 'dlv_'));
      return;
    default:
      // heartbeat, command, classifications, killSwitch, idem, reset: the same in both formats.
      applyJournalEntry(state, raw as JournalEntry);
  }
}
