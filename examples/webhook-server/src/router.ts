/**
 * The seed's "Webhook Server" logic, framework-free: one handler per event type and
 * idempotency on the event id. The three servers (node:http, Hono, Express) only differ in how
 * they get the raw body to the verifier.
 */
import { dispatchWebhookEvent, type WebhookEvent, type WebhookEventHandlers } from '@ascend/core';

/** What the handlers act on; the seed's placeholder functions, injected so tests can observe them. */
export interface Effects {
  /** Runs an action a human just approved. */
  executePendingAction(actionId: string): void | Promise<void>;
  /** Tells the requester their action was denied. */
  notifyUserOfDenial(actionId: string, reason: string | undefined): void | Promise<void>;
  /** Pages the security team. */
  alertSecurity(agentId: string | undefined, violations: readonly string[]): void | Promise<void>;
  /** A log line. */
  log(message: string): void;
}

/** How a verified event was handled. */
export type Outcome = 'processed' | 'ignored' | 'duplicate';

/** Routes verified events to handlers, at most once per event id. */
export interface EventRouter {
  /** Handles one verified event. Rejects when its handler fails (the event may then be retried). */
  handle(event: WebhookEvent): Promise<Outcome>;
}

/**
 * Creates the router. De-duplication is in memory here; a real deployment records processed
 * event ids in its database, in the same transaction as the handler's effects.
 */
export function createEventRouter(effects: Effects): EventRouter {
  const handlers: WebhookEventHandlers = {
    'action.approved': async ({ data }) => {
      effects.log(`Action ${data.actionId} approved by ${data.approvedBy}`);
      if (data.actionId !== undefined) await effects.executePendingAction(data.actionId);
    },
    'action.denied': async ({ data }) => {
      effects.log(`Action ${data.actionId} denied: ${data.reason}`);
      if (data.actionId !== undefined) await effects.notifyUserOfDenial(data.actionId, data.reason);
    },
    'policy.violation': async ({ data }) => {
      effects.log(`Policy violation by ${data.agentId}: ${data.violations.join(', ')}`);
      await effects.alertSecurity(data.agentId, data.violations);
    },
    'agent.trust_changed': ({ data }) => {
      effects.log(`Agent ${data.agentId} trust changed: ${data.oldTrustLevel} -> ${data.newTrustLevel}`);
    },
  };

  const done = new Set<string>();
  const inFlight = new Set<string>();

  return {
    async handle(event) {
      const id = event.id;
      if (id !== undefined && (done.has(id) || inFlight.has(id))) return 'duplicate';
      if (id !== undefined) inFlight.add(id);
      try {
        const handled = await dispatchWebhookEvent(event, handlers);
        if (id !== undefined) done.add(id);
        return handled ? 'processed' : 'ignored';
      } finally {
        if (id !== undefined) inFlight.delete(id);
      }
    },
  };
}

/** The event type as sent, also for events this SDK version does not know. */
export function typeOf(event: WebhookEvent): string {
  return event.type === 'unknown' ? event.rawType : event.type;
}
