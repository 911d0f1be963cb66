/**
 * The fake's audit log: one event for every state change, admin action and rejected request,
 * served by `GET /audit/logs` (reference §3.19). Bounded; the oldest events are dropped first.
 *
 * @packageDocumentation
 */
import type { JsonObject } from './json.js';

/** One audit event. Serialized on the wire with snake_case keys (`event_id`, `event_type`...). */
export interface FakeAuditEvent {
  /** `ev-<n>`, increasing. */
  readonly eventId: string;
  /**
   * What happened, e.g. `action.submitted`, `action.approved`, `agent.registered`,
   * `AGENT_MODEL_LINKED`, `AGENT_COMMAND_ACKNOWLEDGED`, `kill_switch.activated`, `auth.failed`.
   */
  readonly eventType: string;
  /** ISO-8601 UTC time. */
  readonly timestamp: string;
  /** Who did it: an agent id, an approver, `admin` or `anonymous`. */
  readonly actor: string | null;
  /** The resource concerned, if any. */
  readonly resource: string | null;
  /** The action type or operation. */
  readonly action: string | null;
  /** Result, e.g. `allowed`, `pending`, `success`, `rejected`. */
  readonly outcome: string | null;
  /** Extra facts. */
  readonly details: JsonObject;
}

/** Input for {@link AuditLog.append}. */
export type AuditInput = Omit<FakeAuditEvent, 'eventId' | 'timestamp' | 'details' | 'actor' | 'resource' | 'action' | 'outcome'> &
  Partial<Pick<FakeAuditEvent, 'details' | 'actor' | 'resource' | 'action' | 'outcome'>>;

/** A bounded, append-only audit log. */
export class AuditLog {
  private events: FakeAuditEvent[] = [];
  private head = 0;
  private counter = 0;

  /**
   * @param limit maximum number of events kept.
   * @param now clock.
   * @param onAppend called with every new event and the number of events written so far.
   */
  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly onAppend: (event: FakeAuditEvent, counter: number) => void,
  ) {}

  /** Appends an event and returns it. */
  append(input: AuditInput): FakeAuditEvent {
    this.counter++;
    const event: FakeAuditEvent = {
      eventId: `ev-${this.counter}`,
      eventType: input.eventType,
      timestamp: new Date(this.now()).toISOString(),
      actor: input.actor ?? null,
      resource: input.resource ?? null,
      action: input.action ?? null,
      outcome: input.outcome ?? null,
      details: input.details ?? {},
    };
    this.events.push(event);
    // Amortized trimming (see RequestRecorder): no splice(0, 1) over a full log per event.
    if (this.events.length - this.head > this.limit) {
      this.head++;
      if (this.head >= Math.max(256, this.limit >> 2)) this.compact();
    }
    this.onAppend(event, this.counter);
    return event;
  }

  /** All kept events, oldest first. */
  all(): readonly FakeAuditEvent[] {
    this.compact();
    return this.events;
  }

  /** State for a snapshot. */
  dump(): { counter: number; events: FakeAuditEvent[] } {
    this.compact();
    return { counter: this.counter, events: [...this.events] };
  }

  /** Restores state from a snapshot. */
  load(state: { counter: number; events: readonly FakeAuditEvent[] }): void {
    this.counter = state.counter;
    this.events = [...state.events];
    this.head = 0;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.events = this.events.slice(this.head);
    this.head = 0;
  }
}
