/**
 * Shared setup of the resilience scenario tests: reference response samples, a client on fake
 * time against a {@link TestServer}, and envelope assertions. Test-only; excluded from the build.
 */
import { AscendClient } from '../client.js';
import type { AscendClientEvents } from '../events.js';
import type { AscendClientOptions } from '../options.js';
import type { RuntimePort } from '../ports.js';
import type { ActionRequest } from '../wire.js';
import { FakeTime } from './fake-time.js';
import { captureLogs, testPort, type CapturedLogs } from './test-port.js';

/** Test API key (never expected in a log or error). */
export const API_KEY = 'owkai_scenario_key_0123456789';
/** Test signing secret (never expected in a log or error). */
export const SIGNING_SECRET = 'scenario-signing-secret';

/** Allowed submit response (reference §3.3). */
export const ALLOWED = { action_id: 5103, decision: 'allowed', risk_score: 12, risk_level: 'low', execution_allowed: true, conditions: [] };
/** Denied submit response. */
export const DENIED = {
  action_id: 5104,
  decision: 'denied',
  risk_score: 92,
  risk_level: 'critical',
  reason: 'Refund above limit',
  policy_violations: ['FIN-001'],
  execution_allowed: false,
};
/** Pending submit response with an approval request. */
export const PENDING = {
  action_id: 5102,
  status: 'pending_approval',
  decision: 'pending',
  risk_score: 49,
  risk_level: 'medium',
  approval_request_id: 'apr-77',
  expires_at: '2026-04-18T12:00:00Z',
};
/** A status poll that is still pending. */
export const STILL_PENDING = { action_id: 5102, status: 'pending' };
/** A status poll after a human approved. */
export const APPROVED = { action_id: 5102, status: 'approved', reviewed_by: 'ciso@corp.example', reviewed_at: '2026-04-17T12:05:00Z' };
/** A status poll after a human rejected. */
export const REJECTED = { action_id: 5102, status: 'rejected', rejection_reason: 'Out of policy' };

/** A typical action request. */
export const REQUEST: ActionRequest = {
  actionType: 'financial.refund',
  resource: 'stripe_api',
  parameters: { amount: 100, currency: 'EUR', note: 'café' },
};

/** Submit path (§3.3). */
export const SUBMIT = '/api/v1/actions/submit';
/** Status path of the pending sample (§3.4, v1). */
export const STATUS = '/api/v1/actions/5102/status';

/** What {@link scenario} returns. */
export interface Scenario {
  time: FakeTime;
  logs: CapturedLogs;
  client: AscendClient;
  /** Every event the client emitted, in order. */
  events: Array<{ [K in keyof AscendClientEvents]: { name: K; payload: AscendClientEvents[K] } }[keyof AscendClientEvents]>;
}

/**
 * A client on fake time with debug logs captured and every event recorded. Defaults: signing on,
 * agent `agent-001`, the test server's base URL.
 */
export function scenario(baseUrl: string, options: AscendClientOptions = {}, port: Partial<RuntimePort> = {}, time = new FakeTime()): Scenario {
  const logs = captureLogs();
  const client = new AscendClient(
    { apiKey: API_KEY, baseUrl, agentId: 'agent-001', agentName: 'Refund Bot', signingSecret: SIGNING_SECRET, logger: logs, logLevel: 'debug', ...options },
    testPort(time, port),
  );
  const events: Scenario['events'] = [];
  for (const name of ['failOpen', 'circuitStateChange', 'killSwitchChange', 'reportSpooled', 'reportDelivered', 'reportDropped'] as const) {
    client.on(name, (payload) => void events.push({ name, payload } as Scenario['events'][number]));
  }
  return { time, logs, client, events };
}

/** Settles a promise into its error (or throws if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** The envelope fields that must be identical across every attempt of one logical call. */
export const ENVELOPE_HEADERS = ['idempotency-key', 'x-signature', 'x-request-timestamp', 'x-correlation-id'] as const;
