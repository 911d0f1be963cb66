/**
 * The record kinds of the fake's store: how each is keyed and which snapshot field lists it
 * ({@link STORE_RECORDS}), and the {@link StoreChange} the store announces for every change.
 *
 * @packageDocumentation
 */
import type { FakeAuditEvent } from './audit.js';
import type { IdempotencyEntry } from './idempotency.js';
import type { FakeCounters, FakeKillSwitch, FakeResourceClassification, StoreRecords } from './store-records.js';

/** A record kind of {@link StoreRecords}. */
export type RecordKind = keyof StoreRecords;

/** The key type of a record kind: actions are keyed by their numeric id, the rest by a string. */
export type RecordKey<K extends RecordKind> = K extends 'action' ? number : string;

/** How each record kind is keyed, and the {@link FakeSnapshot} field that lists it. */
export const STORE_RECORDS: {
  readonly [K in RecordKind]: { readonly key: (record: StoreRecords[K]) => RecordKey<K>; readonly collection: RecordCollection };
} = {
  action: { key: (r) => r.id, collection: 'actions' },
  approval: { key: (r) => r.approvalId, collection: 'approvals' },
  agent: { key: (r) => r.agentId, collection: 'agents' },
  heartbeat: { key: (r) => r.agentId, collection: 'heartbeats' },
  command: { key: (r) => r.commandId, collection: 'commands' },
  webhook: { key: (r) => r.webhookId, collection: 'webhooks' },
  component: { key: (r) => r.componentId, collection: 'components' },
  mcpServer: { key: (r) => r.serverName, collection: 'mcpServers' },
  topology: { key: (r) => r.orchestratorAgentId, collection: 'topologies' },
  finding: { key: (r) => String(r.id), collection: 'findings' },
};

/** The snapshot fields that list keyed records. */
export type RecordCollection =
  'actions' | 'approvals' | 'agents' | 'heartbeats' | 'commands' | 'webhooks' | 'components' | 'mcpServers' | 'topologies' | 'findings';

/**
 * One change of the fake's state, as its store made it (the `change` event). Records are the
 * store's own objects, not copies: read or serialize them, never modify them, and copy one
 * (`structuredClone`) to keep it past the next change.
 *
 * - `{ kind: 'action' | 'approval' | 'agent' | 'heartbeat' | 'command' | 'webhook' | 'component', record }`:
 *   the record was created or changed (an upsert by its key, see {@link STORE_RECORDS}).
 * - `removed`: the record left the store (deregistered, deleted, or evicted by the retention limit).
 * - `classifications`: the resource classifications, whole.
 * - `kill-switch`: the kill switch, whole.
 * - `counters`: an id was issued; the id counters, whole.
 * - `audit`: an audit event was written; `counter` numbers every event written so far.
 * - `idempotency`: the stored answer of an `Idempotency-Key` was written or replayed.
 * - `reset`: everything above went back to its initial state.
 * - `restored`: the whole state was replaced by a snapshot (`fake.restore`).
 */
export type StoreChange =
  | { readonly [K in RecordKind]: { readonly kind: K; readonly record: Readonly<StoreRecords[K]> } }[RecordKind]
  | { readonly [K in RecordKind]: { readonly kind: 'removed'; readonly of: K; readonly key: RecordKey<K> } }[RecordKind]
  | { readonly kind: 'classifications'; readonly records: readonly FakeResourceClassification[] }
  | { readonly kind: 'kill-switch'; readonly record: Readonly<FakeKillSwitch> }
  | { readonly kind: 'counters'; readonly counters: Readonly<FakeCounters> }
  | { readonly kind: 'audit'; readonly event: FakeAuditEvent; readonly counter: number }
  | { readonly kind: 'idempotency'; readonly key: string; readonly entry: Readonly<IdempotencyEntry> }
  | { readonly kind: 'reset' }
  | { readonly kind: 'restored' };

/** The kinds of {@link StoreChange}. */
export type StoreChangeKind = StoreChange['kind'];
