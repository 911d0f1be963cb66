/**
 * Every fault kind of the fake, and how the REAL client reacts to it (over msw, via setupAscend).
 * Timeouts and retry delays are a few milliseconds; nothing here asserts on time.
 */
import { isAscendError, type AscendClientEvents } from '@ascend/core';
import { describe, expect, it } from 'vitest';
import type { FaultKind, MalformedVariant } from './fake/faults.js';
import { setupAscend } from './vitest.js';

const ascend = setupAscend();

const QUERY = { actionType: 'database.query', resource: 'test_db', parameters: { query: 'SELECT 1' } };
const BIG_REFUND = { actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 500 } };

/** Adding a fault kind to the fake breaks this file's compilation until it has a test below. */
const COVERED: Record<FaultKind, string> = {
  outage: 'outage',
  latency: 'latency',
  hang: 'hang',
  'rate-limit': 'rate-limit',
  'server-error': 'server-error',
  'malformed-body': 'malformed-body',
  approval: 'approval',
  'kill-switch': 'kill-switch',
};

/** The thrown error's code, and its cause's code for wrapped errors. */
async function failure(promise: Promise<unknown>): Promise<[string, string | undefined]> {
  try {
    await promise;
    return ['resolved', undefined];
  } catch (error) {
    if (!isAscendError(error)) return [`other: ${String(error)}`, undefined];
    return [error.code, isAscendError(error.cause) ? error.cause.code : undefined];
  }
}

/** How the fake answered each submit, in order. */
function submitOutcomes(): string[] {
  return ascend.fake.requestsFor('submitAction').map((r) => (r.outcome?.kind === 'response' ? String(r.outcome.status) : String(r.outcome?.kind)));
}

describe(COVERED.outage, () => {
  it('closed mode: GovernanceUnavailableError caused by NetworkError, after every retry', async () => {
    ascend.fake.faults.inject({ kind: 'outage' }, { operation: 'submitAction' });
    expect(await failure(ascend.createClient().evaluateAction(QUERY))).toEqual(['GOVERNANCE_UNAVAILABLE', 'NETWORK_ERROR']);
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(3);
    expect(ascend.fake.listActions()).toHaveLength(0);
  });

  it('open mode: a synthetic allowed decision marked failOpen, announced by the failOpen event', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = ascend.createClient({ failMode: 'open' });
    const events: AscendClientEvents['failOpen'][] = [];
    client.on('failOpen', (e) => events.push(e));
    const decision = await client.evaluateAction(QUERY);
    expect([decision.decision, decision.failOpen?.cause.code, decision.actionId.startsWith('fail_open_')]).toEqual(['allowed', 'NETWORK_ERROR', true]);
    expect(events.map((e) => [e.operation, e.decision.actionId])).toEqual([['submitAction', decision.actionId]]);
    // The service never saw this action: reports about it stay in the local log, never on the wire.
    const before = ascend.fake.requests.length;
    const receipt = await client.logActionCompleted(decision.actionId, { durationMs: 1 });
    expect([receipt.delivered, receipt.spooled, receipt.local]).toEqual([false, false, true]);
    expect(ascend.fake.requests.length).toBe(before);
  });
});

describe(COVERED.latency, () => {
  it('below the attempt timeout it is invisible; above it the attempt times out and is retried', async () => {
    ascend.fake.faults.inject({ kind: 'latency', ms: 5 }, { operation: 'submitAction', times: 1 });
    expect((await ascend.createClient().evaluateAction(QUERY)).decision).toBe('allowed');
    ascend.fake.faults.inject({ kind: 'latency', ms: 60_000 }, { operation: 'submitAction', times: 1 });
    const slowOnce = await ascend.createClient({ timeoutMs: 20 }).evaluateAction(QUERY);
    expect(slowOnce.decision).toBe('allowed');
    expect(submitOutcomes().slice(-2)).toEqual(['aborted', '200']);
  });
});

describe(COVERED.hang, () => {
  it('a hung service ends in RequestTimeoutError after the retries (GovernanceUnavailableError for decisions)', async () => {
    ascend.fake.faults.inject({ kind: 'hang' });
    expect(await failure(ascend.createClient({ timeoutMs: 20 }).health())).toEqual(['TIMEOUT', undefined]);
    expect(ascend.fake.requestsFor('health')).toHaveLength(3);
    // A fresh client: the first one's breaker has counted three failures already.
    expect(await failure(ascend.createClient({ timeoutMs: 20 }).evaluateAction(QUERY))).toEqual(['GOVERNANCE_UNAVAILABLE', 'TIMEOUT']);
  });

  it('enough hung calls open the circuit breaker, which then fails fast without I/O', async () => {
    ascend.fake.faults.inject({ kind: 'hang' });
    const client = ascend.createClient({ timeoutMs: 20, retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2 } });
    expect(await failure(client.health())).toEqual(['TIMEOUT', undefined]);
    expect(await failure(client.health())).toEqual(['TIMEOUT', undefined]);
    const before = ascend.fake.requests.length;
    expect(await failure(client.evaluateAction(QUERY))).toEqual(['GOVERNANCE_UNAVAILABLE', 'CIRCUIT_OPEN']);
    expect(ascend.fake.requests.length).toBe(before);
  });
});

describe(COVERED['rate-limit'], () => {
  it('429 with Retry-After is retried (the wait capped by retry.maxRetryAfterMs) and then succeeds, creating one action', async () => {
    ascend.fake.faults.inject({ kind: 'rate-limit', retryAfter: 1 }, { operation: 'submitAction', times: 2 });
    const decision = await ascend.createClient().evaluateAction(QUERY);
    expect(decision.decision).toBe('allowed');
    expect(submitOutcomes()).toEqual(['429', '429', '200']);
    expect(ascend.fake.listActions()).toHaveLength(1);
  });

  it('a lasting 429 is a service failure: fail mode applies, and the RateLimitError keeps Retry-After', async () => {
    ascend.fake.faults.inject({ kind: 'rate-limit', retryAfter: 7 });
    const error = await ascend
      .createClient()
      .evaluateAction(QUERY)
      .catch((e: unknown) => e);
    expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE') && isAscendError(error.cause, 'RATE_LIMIT') ? error.cause.retryAfterMs : error).toBe(7000);
    expect((await ascend.createClient({ failMode: 'open' }).evaluateAction(QUERY)).failOpen?.cause.code).toBe('RATE_LIMIT');
  });
});

describe(COVERED['server-error'], () => {
  it('a transient 503 is retried with the same idempotency key and succeeds', async () => {
    ascend.fake.faults.inject({ kind: 'server-error', status: 503 }, { operation: 'submitAction', times: 1 });
    expect((await ascend.createClient().evaluateAction(QUERY)).decision).toBe('allowed');
    const [first, second] = ascend.fake.requestsFor('submitAction');
    expect([first?.outcome?.kind === 'response' && first.outcome.status, second?.idempotencyKey]).toEqual([503, first?.idempotencyKey]);
  });

  it('a lasting 500 fails closed; 501 is not retried', async () => {
    ascend.fake.faults.inject({ kind: 'server-error' }, { operation: 'submitAction' });
    expect(await failure(ascend.createClient().evaluateAction(QUERY))).toEqual(['GOVERNANCE_UNAVAILABLE', 'SERVER_ERROR']);
    expect(submitOutcomes()).toEqual(['500', '500', '500']);
    ascend.fake.faults.clear();
    ascend.fake.clearRequests();
    ascend.fake.faults.inject({ kind: 'server-error', status: 501 }, { operation: 'submitAction' });
    expect(await failure(ascend.createClient().evaluateAction(QUERY))).toEqual(['GOVERNANCE_UNAVAILABLE', 'SERVER_ERROR']);
    expect(submitOutcomes()).toEqual(['501']);
  });
});

describe(COVERED['malformed-body'], () => {
  const variants: MalformedVariant[] = ['invalid-json', 'empty', 'not-an-object', 'missing-decision', 'unknown-decision'];

  it('every garbled decision is a ProtocolError, never allowed, in both fail modes', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      const client = ascend.createClient({ failMode });
      for (const variant of variants) {
        ascend.fake.faults.inject({ kind: 'malformed-body', variant }, { operation: 'submitAction', times: 1 });
        expect(await failure(client.evaluateAction(QUERY)), `${failMode}/${variant}`).toEqual(['PROTOCOL_ERROR', undefined]);
      }
    }
    // Not retried: one request per call.
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(2 * variants.length);
  });

  it('a garbled status while waiting for approval ends the wait with ProtocolError', async () => {
    ascend.fake.faults.inject({ kind: 'malformed-body', variant: 'unknown-decision' }, { operation: 'getActionStatus' });
    expect(await failure(ascend.createClient({ failMode: 'open' }).evaluateAction(BIG_REFUND, { waitForApproval: true }))).toEqual([
      'PROTOCOL_ERROR',
      undefined,
    ]);
  });
});

describe(COVERED.approval, () => {
  it('auto-approve → allowed, auto-reject → denied (rejected), expiry → denied (expired)', async () => {
    const client = ascend.createClient();
    const wait = { waitForApproval: true, approvalTimeoutMs: 5000, pollIntervalMs: 10 } as const;
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'approve', by: 'ciso@corp.example' }, { operation: 'submitAction', times: 1 });
    const approved = await client.evaluateAction(BIG_REFUND, wait);
    expect([approved.decision, approved.approvedBy]).toEqual(['allowed', 'ciso@corp.example']);
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'reject', reason: 'Too large' }, { operation: 'submitAction', times: 1 });
    const rejected = await client.evaluateAction(BIG_REFUND, wait);
    expect([rejected.decision, rejected.status]).toEqual(['denied', 'rejected']);
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'expire' }, { operation: 'submitAction', times: 1 });
    const expired = await client.evaluateAction(BIG_REFUND, wait);
    expect([expired.decision, expired.status]).toEqual(['denied', 'expired']);
  });

  it('an approval decided after the wait gives up is an ApprovalTimeoutError, even in fail-open mode', async () => {
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'approve', afterMs: 3_600_000 }, { operation: 'submitAction', times: 1 });
    const client = ascend.createClient({ failMode: 'open' });
    expect(await failure(client.evaluateAction(BIG_REFUND, { waitForApproval: true, approvalTimeoutMs: 30, pollIntervalMs: 10 }))).toEqual([
      'APPROVAL_TIMEOUT',
      undefined,
    ]);
  });
});

describe(COVERED['kill-switch'], () => {
  it('a flip seen on a status call blocks the next evaluation before any I/O', async () => {
    ascend.fake.faults.inject({ kind: 'kill-switch', reason: 'Incident 7' }, { operation: 'getKillSwitchStatus', times: 1 });
    const client = ascend.createClient({ failMode: 'open' });
    expect((await client.getKillSwitchStatus()).active).toBe(true);
    const error = await client.evaluateAction(QUERY).catch((e: unknown) => e);
    expect(isAscendError(error, 'KILL_SWITCH_ACTIVE') ? error.reason : error).toBe('Incident 7');
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(0);
  });

  it('a flip seen by background polling blocks too', async () => {
    const client = ascend.createClient({ killSwitch: { poll: true, intervalMs: 100 } });
    const blocked = new Promise<void>((resolve) => client.on('killSwitchChange', (e) => e.active && resolve()));
    ascend.fake.faults.inject({ kind: 'kill-switch', reason: 'Drill' }, { operation: 'getKillSwitchStatus', times: 1 });
    await blocked;
    expect(await failure(client.evaluateAction(QUERY))).toEqual(['KILL_SWITCH_ACTIVE', undefined]);
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(0);
  });
});
