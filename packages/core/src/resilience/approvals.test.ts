/**
 * Approval waits (msw, fake time): approve, reject, timeout, transient poll failures, a handle
 * that survives JSON and is resumed by a new client, expiry, cancellation, and checkApproval.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toPendingHandle, type PendingDecision } from '../decision.js';
import { isAscendError } from '../errors.js';
import { eventually } from '../test-support/fake-time.js';
import { APPROVED, PENDING, REJECTED, REQUEST, rejection, scenario, STATUS, STILL_PENDING, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

describe('waiting for approval', () => {
  it('polls the v1 status path every pollIntervalMs until a human approves: allowed', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, (_r, n) => reply.json(n < 2 ? STILL_PENDING : APPROVED));
    const result = client.evaluateAction(REQUEST, { waitForApproval: true, approvalTimeoutMs: 60_000, pollIntervalMs: 2000 });
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the first poll');
    expect(time.pending().map((t) => t.delay)).toEqual([2000]);
    await time.advance(4000);
    const decision = await result;
    expect(decision).toMatchObject({ decision: 'allowed', actionId: '5102', approvedBy: 'ciso@corp.example', failOpen: undefined });
    expect(server.requestsTo('GET', STATUS)).toHaveLength(3);
  });

  it('a rejection is a denied decision, with the reason', async () => {
    const { client, time } = scenario(server.baseUrl, { failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, () => reply.json(REJECTED));
    const decision = await time.runUntilSettled(client.evaluateAction(REQUEST, { waitForApproval: true }));
    expect(decision).toMatchObject({ decision: 'denied', reason: 'Out of policy', executionAllowed: false });
  });

  it('times out with ApprovalTimeoutError in both modes, after polling for the whole window', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      server.reset();
      const { client, time } = scenario(server.baseUrl, { failMode, approvals: { timeoutMs: 10_000, pollIntervalMs: 2500 } });
      server.route('POST', SUBMIT, () => reply.json(PENDING));
      server.route('GET', STATUS, () => reply.json(STILL_PENDING));
      const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST, { waitForApproval: true })));
      expect(isAscendError(error, 'APPROVAL_TIMEOUT')).toBe(true);
      expect(error).toMatchObject({ actionId: '5102', timeoutMs: 10_000 });
      expect(server.requestsTo('GET', STATUS)).toHaveLength(5); // t = 0, 2.5, 5, 7.5, 10 s
    }
  });

  it('keeps waiting through transient poll failures (network, 503, open breaker) and still returns the human decision', async () => {
    const { client, time, events } = scenario(server.baseUrl, { retry: { maxRetries: 0 }, circuitBreaker: { failureThreshold: 2, recoveryTimeMs: 3000 } });
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, (_r, n) => (n === 0 ? reply.networkError() : n === 1 ? reply.status(503) : reply.json(APPROVED)));
    const start = time.now();
    const decision = await time.runUntilSettled(client.evaluateAction(REQUEST, { waitForApproval: true, pollIntervalMs: 1000 }));
    expect(decision.decision).toBe('allowed');
    // Two failures (t = 0, 1 s) opened the breaker; the polls at 2 s and 3 s failed fast, and the
    // probe at 4 s got the approval.
    expect(server.requestsTo('GET', STATUS)).toHaveLength(3);
    expect(time.now() - start).toBe(4000);
    expect(events.filter((e) => e.name === 'circuitStateChange').map((e) => `${e.payload.from}->${e.payload.to}`)).toEqual(['closed->open', 'open->half-open']);
  });

  it('a non-transient poll failure (404) ends the wait with that error', async () => {
    const { client, time } = scenario(server.baseUrl, { failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    server.route('GET', STATUS, () => reply.status(404));
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST, { waitForApproval: true })));
    expect(error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a handle survives a JSON round-trip, and a new client resumes the wait', async () => {
    const first = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    const pending = (await first.time.runUntilSettled(first.client.evaluateAction(REQUEST))) as PendingDecision;
    expect(pending).toMatchObject({ decision: 'pending', approvalRequestId: 'apr-77' });
    const stored = JSON.stringify(toPendingHandle(pending));
    await first.client.close();

    const second = scenario(server.baseUrl);
    server.route('GET', STATUS, (_r, n) => reply.json(n === 0 ? STILL_PENDING : APPROVED));
    const handle: unknown = JSON.parse(stored);
    expect(handle).toEqual({ actionId: '5102', approvalRequestId: 'apr-77', expiresAt: '2026-04-18T12:00:00Z' });
    const decision = await second.time.runUntilSettled(second.client.waitForDecision(handle as ReturnType<typeof toPendingHandle>));
    expect(decision).toMatchObject({ decision: 'allowed', actionId: '5102' });
    expect(server.requestsTo('POST', SUBMIT)).toHaveLength(1);
  });

  it('stops at the handle’s expiresAt when it comes before the timeout, after one last poll', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    const expiresAt = new Date(time.now() + 3000).toISOString();
    const error = await time.runUntilSettled(
      rejection(client.waitForDecision({ actionId: '5102', approvalRequestId: undefined, expiresAt }, { timeoutMs: 60_000, pollIntervalMs: 1000 })),
    );
    expect(isAscendError(error, 'APPROVAL_TIMEOUT')).toBe(true);
    expect(server.requestsTo('GET', STATUS)).toHaveLength(4); // t = 0, 1, 2, 3 s
  });

  it('rejects a handle without an actionId', async () => {
    const { client } = scenario(server.baseUrl);
    const error = await rejection(client.waitForDecision({ actionId: '', approvalRequestId: undefined, expiresAt: undefined }));
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: { actionId: expect.any(String) } });
  });

  it('the kill switch ends a wait before the next poll', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    server.route('GET', '/api/sdk/kill-switch/status', () => reply.json({ active: true, reason: 'INC-9' }));
    const result = rejection(client.waitForDecision({ actionId: '5102', approvalRequestId: undefined, expiresAt: undefined }, { pollIntervalMs: 1000 }));
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the first poll');
    await client.getKillSwitchStatus();
    await time.advance(1000);
    expect(await result).toMatchObject({ code: 'KILL_SWITCH_ACTIVE', reason: 'INC-9' });
    expect(server.requestsTo('GET', STATUS)).toHaveLength(1);
  });

  it('the caller’s signal and close() cancel a wait at once', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', STATUS, () => reply.json(STILL_PENDING));
    const controller = new AbortController();
    const byCaller = rejection(client.waitForDecision({ actionId: '5102', approvalRequestId: undefined, expiresAt: undefined }, { signal: controller.signal }));
    const byClose = rejection(client.waitForDecision({ actionId: '5102', approvalRequestId: undefined, expiresAt: undefined }));
    await eventually(() => server.requestsTo('GET', STATUS).length === 2, 'both first polls');
    controller.abort();
    expect(await byCaller).toMatchObject({ code: 'ABORTED' });
    await client.close();
    expect(await byClose).toMatchObject({ code: 'ABORTED', message: 'The client was closed' });
  });
});

describe('checkApproval (§3.20)', () => {
  it.each([
    [
      { status: 'approved', approved_by: 'ciso@corp.example', decided_at: '2026-04-17T12:06:00Z' },
      { state: 'approved', approver: 'ciso@corp.example' },
    ],
    [
      { status: 'rejected', rejected_by: 'ciso@corp.example', rejection_reason: 'Out of policy' },
      { state: 'rejected', comments: 'Out of policy' },
    ],
    [{ status: 'denied' }, { state: 'rejected' }],
    [{ status: 'pending' }, { state: 'pending' }],
    [{ status: 'expired' }, { state: 'expired' }],
  ])('%j', async (body, expected) => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', '/api/sdk/approval/apr-77', () => reply.json(body));
    await expect(client.checkApproval('apr-77')).resolves.toMatchObject(expected);
  });

  it('an unknown status is a protocol error, never a guess', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', '/api/sdk/approval/apr-77', () => reply.json({ status: 'APPROVED' }));
    expect(await rejection(client.checkApproval('apr-77'))).toMatchObject({ code: 'PROTOCOL_ERROR' });
  });
});
