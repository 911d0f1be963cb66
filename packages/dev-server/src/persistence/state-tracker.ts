/**
 * Watches a fake's live events and remembers which records changed since the last journal
 * round. A round serializes the *current* version of each changed record, so a record touched
 * many times between two fsyncs is written once.
 *
 * @packageDocumentation
 */
import type { FakeAction, FakeAgent, FakeApproval, FakeAscend, FakeAuditEvent, FakeHeartbeat, IdempotencyEntry } from '@ascend/testing';
import type { DeliveryRecord } from '../webhooks/delivery.js';
import type { JournalEntry } from './journal-entry.js';

/** Change reasons of the fake that carry no record in an event: the whole collection is rewritten. */
const WEBHOOK_REASONS = new Set(['webhook.configured', 'webhook.updated', 'webhook.deleted']);
const COMMAND_REASONS = new Set(['command.delivered', 'command.expired']);

/** Dirty tracking over one fake. @internal */
export class StateTracker {
  private actions = new Set<number>();
  private approvals = new Set<string>();
  /** Actions evicted from the fake's memory since the last round, with their last state when it was not written yet. */
  private evicted: { id: number; action: FakeAction | null; approval: FakeApproval | null }[] = [];
  private agents = new Set<string>();
  private readonly agentNumbers = new Map<string, number>();
  private heartbeats = new Map<string, FakeHeartbeat>();
  private commands = new Set<string>();
  private allCommands = false;
  private allAgents = false;
  private webhooks = false;
  private componentsOrClassifications = false;
  private killSwitch = false;
  private audit: FakeAuditEvent[] = [];
  private idempotency: IdempotencyEntry[] = [];
  private deliveries = new Map<string, DeliveryRecord>();
  private reset = false;
  private full = false;
  private dirty = false;
  private readonly unsubscribe: Array<() => void> = [];

  /**
   * @param fake - the fake to watch.
   * @param onDirty - called when something changed (schedules a background flush).
   */
  constructor(
    private readonly fake: FakeAscend,
    private readonly onDirty: () => void,
  ) {
    const on = this.unsubscribe;
    // Every new action is followed, in the same synchronous step, by either `action.decided`
    // (allowed or denied at once) or `approval.pending` (which names it): `action.submitted` is
    // not needed, and each typed event costs the fake a copy of the record.
    const action = (a: { id: number }): void => this.touch(() => this.actions.add(a.id));
    on.push(fake.on('action.decided', action));
    on.push(fake.on('action.completed', action));
    on.push(fake.on('action.failed', action));
    const approval = (a: { approvalId: string; actionId: number }): void =>
      this.touch(() => {
        this.approvals.add(a.approvalId);
        this.actions.add(a.actionId);
      });
    on.push(
      fake.on('action.evicted', (e) =>
        this.touch(() => {
          // Its last change may not be written yet: write it from the event, the fake no longer has it.
          const dirtyAction = this.actions.delete(e.action.id);
          const dirtyApproval = e.approval !== null && this.approvals.delete(e.approval.approvalId);
          this.evicted.push({ id: e.action.id, action: dirtyAction ? e.action : null, approval: dirtyApproval ? e.approval : null });
        }),
      ),
    );
    on.push(fake.on('approval.pending', approval));
    on.push(fake.on('approval.decided', approval));
    const agent = (a: FakeAgent): void =>
      this.touch(() => {
        this.agentNumbers.set(a.agentId, a.id);
        this.agents.add(a.agentId);
      });
    on.push(fake.on('agent.registered', agent));
    on.push(fake.on('agent.deregistered', agent));
    on.push(fake.on('agent.heartbeat', (h) => this.touch(() => this.heartbeats.set(h.agentId, h))));
    on.push(fake.on('kill-switch', () => this.touch(() => (this.killSwitch = true))));
    const command = (c: { commandId: string }): void => this.touch(() => this.commands.add(c.commandId));
    on.push(fake.on('command.issued', command));
    on.push(fake.on('command.acknowledged', command));
    on.push(fake.on('audit', (e) => this.touch(() => this.audit.push(e))));
    on.push(
      fake.on('change', ({ reason }) => {
        if (WEBHOOK_REASONS.has(reason)) this.touch(() => (this.webhooks = true));
        else if (COMMAND_REASONS.has(reason)) this.touch(() => (this.allCommands = true));
        else if (reason === 'agent.updated') this.touch(() => (this.allAgents = true));
        else if (reason === 'supply_chain.component_registered' || reason === 'classification.updated') {
          this.touch(() => (this.componentsOrClassifications = true));
        } else if (reason === 'reset') this.touch(() => this.markReset());
        else if (reason === 'restore') this.touch(() => (this.full = true));
      }),
    );
  }

  /** Stops watching. */
  detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  /** True when a round would write something. */
  hasPending(): boolean {
    return this.dirty;
  }

  /** Records an idempotent response the fake stored (it emits no event for those). */
  recordIdempotency(entry: IdempotencyEntry): void {
    this.touch(() => this.idempotency.push(entry));
  }

  /** Records a change of the delivery log. */
  recordDelivery(record: Readonly<DeliveryRecord>): void {
    this.touch(() => this.deliveries.set(record.deliveryId, structuredClone(record) as DeliveryRecord));
  }

  /**
   * Serializes everything changed since the last call as journal lines, and forgets it.
   * @param fullSnapshotEntries - produces every record of the current state (used after a
   *   `restore`, where the fake reports no individual changes).
   */
  drain(fullSnapshotEntries: () => JournalEntry[]): { text: string; count: number } {
    if (!this.dirty) return { text: '', count: 0 };
    const out: string[] = [];
    const put = (entry: JournalEntry): void => {
      out.push(JSON.stringify(entry));
    };
    const fake = this.fake;
    if (this.full) {
      for (const e of fullSnapshotEntries()) put(e);
      // Everything is in the full dump; only the dev server's own records remain to write.
      this.clearFakeRecords();
    }
    if (this.reset) put({ k: 'reset' });
    for (const id of this.actions) {
      const v = fake.getAction(id);
      if (v) put({ k: 'action', v });
    }
    for (const id of this.approvals) {
      const v = fake.getApproval(id);
      if (v) put({ k: 'approval', v });
    }
    for (const e of this.evicted) {
      if (e.action) put({ k: 'action', v: e.action });
      if (e.approval) put({ k: 'approval', v: e.approval });
      put({ k: 'action-', id: e.id });
    }
    if (this.allAgents) put({ k: 'agents', v: fake.listAgents() });
    else {
      for (const id of this.agents) {
        const v = fake.getAgent(id);
        if (v) put({ k: 'agent', v });
        else put({ k: 'agent-', id, n: this.agentNumbers.get(id) ?? 0 });
      }
    }
    for (const v of this.heartbeats.values()) put({ k: 'heartbeat', v });
    if (this.allCommands) put({ k: 'commands', v: fake.listCommands() });
    else if (this.commands.size > 0) {
      for (const v of fake.listCommands()) if (this.commands.has(v.commandId)) put({ k: 'command', v });
    }
    if (this.webhooks) put({ k: 'webhooks', v: fake.listWebhooks() });
    if (this.componentsOrClassifications) {
      // Rare admin-side changes with no list API on the fake: take them from a snapshot.
      const s = fake.snapshot();
      put({ k: 'components', v: s.components });
      put({ k: 'classifications', v: s.classifications });
    }
    if (this.killSwitch) put({ k: 'killSwitch', v: fake.killSwitch });
    for (const v of this.audit) put({ k: 'audit', v });
    for (const v of this.idempotency) put({ k: 'idem', v });
    for (const v of this.deliveries.values()) put({ k: 'delivery', v });
    this.clearFakeRecords();
    this.deliveries = new Map();
    this.reset = false;
    this.dirty = false;
    return { text: out.length ? `${out.join('\n')}\n` : '', count: out.length };
  }

  private touch(mark: () => unknown): void {
    mark();
    if (!this.dirty) {
      this.dirty = true;
      this.onDirty();
    }
  }

  private markReset(): void {
    // Changes before a reset are void; what follows rebuilds from an empty state.
    this.clearFakeRecords();
    this.reset = true;
  }

  private clearFakeRecords(): void {
    this.actions = new Set();
    this.approvals = new Set();
    this.evicted = [];
    this.agents = new Set();
    this.heartbeats = new Map();
    this.commands = new Set();
    this.allCommands = false;
    this.allAgents = false;
    this.webhooks = false;
    this.componentsOrClassifications = false;
    this.killSwitch = false;
    this.audit = [];
    this.idempotency = [];
    this.full = false;
  }
}
