import { ActionDeniedError, isAscendError, type AscendClient, type ReportReceipt } from '@ascend/core';
import type { Fault, FaultKind } from '@ascend/testing';
import { setupAscend } from '@ascend/testing/vitest';
import ky from 'ky';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApprovalPendingError, governedKy, isApprovalPendingError } from './index.js';
import { closedPort, startTargetServer, type TargetServer } from './test-support/target-server.js';

const ascend = setupAscend({
  onUnhandledRequest: 'bypass',
  policy: [
    { id: 'no-deletes', match: { actionType: 'http.delete' }, outcome: 'deny', violations: ['NO_DELETE'] },
    { id: 'posts-need-a-human', match: { actionType: 'http.post', resource: 'payments*' }, outcome: 'require_approval' },
    { id: 'patches-need-a-human', match: { actionType: 'http.patch' }, outcome: 'require_approval' },
  ],
});

let target: TargetServer;
beforeAll(async () => {
  target = await startTargetServer();
});
afterAll(() => target.close());
beforeEach(() => target.reset());

/** A client for the fake with approval polls fast and the kill switch not polled. */
function client(options: Parameters<typeof ascend.createClient>[0] = {}): AscendClient {
  return ascend.createClient(options);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to reject');
    },
    (error: unknown) => error,
  );
}

const onlyAction = () => {
  const actions = ascend.fake.listActions();
  expect(actions).toHaveLength(1);
  return actions[0]!;
};

describe('governedKy: outcomes', () => {
  it('allowed: asks first, sends, reports completion with the status; the query never reaches ASCEND', async () => {
    const api = governedKy(client(), { ky });
    const body = await api.get(`${target.origin}/ok?token=s3cret&page=2`).json();
    expect(body).toEqual({ ok: true });
    expect(target.hits('/ok')).toBe(1);
    const action = onlyAction();
    expect(action).toMatchObject({ actionType: 'http.get', resource: target.host, resourceId: '/ok', decision: 'allowed' });
    expect(action.actionDetails).toEqual({ method: 'GET', url: `${target.origin}/ok` });
    expect(JSON.stringify(ascend.fake.requests)).not.toContain('s3cret');
    expect(action.execution).toMatchObject({ state: 'completed', result: { status: 200 } });
    expect(action.execution?.durationMs).toEqual(expect.any(Number));
  });

  it('denied: never sent, rejects with ActionDeniedError carrying the policy violations', async () => {
    const api = governedKy(client(), { ky });
    const error = await rejection(api.delete(`${target.origin}/ok`));
    expect(error).toBeInstanceOf(ActionDeniedError);
    expect(error).toMatchObject({ code: 'ACTION_DENIED', policyViolations: ['NO_DELETE'] });
    expect(target.hits('/ok')).toBe(0);
    expect(onlyAction().execution).toBeNull();
  });

  it('pending, not waiting (default): never sent, rejects with ApprovalPendingError and a resumable handle', async () => {
    const api = governedKy(client(), { ky });
    const error = await rejection(api.patch(`${target.origin}/ok`, { json: { a: 1 } }));
    expect(isApprovalPendingError(error)).toBe(true);
    expect(error).toBeInstanceOf(ApprovalPendingError);
    expect(isAscendError(error, 'APPROVAL_PENDING')).toBe(true);
    const pending = (error as ApprovalPendingError).pending;
    expect(pending.actionId).toBe(String(onlyAction().id));
    expect(JSON.parse(JSON.stringify(pending))).toMatchObject({ actionId: pending.actionId });
    expect(target.hits('/ok')).toBe(0);
  });

  it('pending, waiting, then approved: sent once the human approves, completion reported', async () => {
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'approve', afterMs: 0 }, { operation: 'submitAction' });
    const api = governedKy(client(), { ky, waitForApproval: { timeoutMs: 2000, pollIntervalMs: 10 } });
    const response = await api.patch(`${target.origin}/ok`, { json: { a: 1 } });
    expect(response.status).toBe(200);
    expect(target.hits('/ok')).toBe(1);
    expect(onlyAction()).toMatchObject({ decision: 'allowed', execution: { state: 'completed', result: { status: 200 } } });
  });

  it('pending, waiting, then rejected: never sent, rejects with ActionDeniedError', async () => {
    ascend.fake.faults.inject({ kind: 'approval', outcome: 'reject', afterMs: 0, reason: 'not today' }, { operation: 'submitAction' });
    const api = governedKy(client(), { ky, waitForApproval: true });
    const error = await rejection(api.patch(`${target.origin}/ok`));
    expect(error).toBeInstanceOf(ActionDeniedError);
    expect(target.hits('/ok')).toBe(0);
  });

  it('pending, waiting, timed out: never sent, rejects with ApprovalTimeoutError (fail-open too)', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      const api = governedKy(client({ failMode }), { ky, waitForApproval: { timeoutMs: 30, pollIntervalMs: 10 } });
      const error = await rejection(api.patch(`${target.origin}/ok`));
      expect(isAscendError(error, 'APPROVAL_TIMEOUT')).toBe(true);
    }
    expect(target.hits('/ok')).toBe(0);
  });

  it('kill switch: never sent, rejects with KillSwitchError before asking', async () => {
    const c = client();
    ascend.fake.setKillSwitch(true, { reason: 'incident' });
    await c.getKillSwitchStatus();
    const error = await rejection(governedKy(c, { ky }).get(`${target.origin}/ok`));
    expect(isAscendError(error, 'KILL_SWITCH_ACTIVE')).toBe(true);
    expect(ascend.fake.listActions()).toHaveLength(0);
    expect(target.hits('/ok')).toBe(0);
  });

  it('unavailable, fail mode closed: never sent, rejects with GovernanceUnavailableError', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const error = await rejection(governedKy(client(), { ky }).get(`${target.origin}/ok`));
    expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE')).toBe(true);
    expect(target.hits('/ok')).toBe(0);
  });

  it('unavailable, fail mode open: sent, and the completion is kept in the local log (the service never saw the action)', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const c = client({ failMode: 'open' });
    const reports = vi.spyOn(c, 'logActionCompleted');
    const response = await governedKy(c, { ky }).get(`${target.origin}/ok`);
    expect(response.status).toBe(200);
    expect(target.hits('/ok')).toBe(1);
    expect(reports).toHaveBeenCalledTimes(1);
    const receipt = (await reports.mock.results[0]!.value) as ReportReceipt;
    expect(receipt).toMatchObject({ delivered: false, local: true });
    expect(ascend.fake.listActions()).toHaveLength(0);
  });

  it('HTTP error status: sent, rejects with ky’s HTTPError, failure reported with the status', async () => {
    const api = governedKy(client(), { ky });
    const error = await rejection(api.get(`${target.origin}/fail`, { retry: 0 }));
    expect((error as Error).name).toBe('HTTPError');
    expect(target.hits('/fail')).toBe(1);
    expect(onlyAction().execution).toMatchObject({ state: 'failed', error: { code: 'HTTP_ERROR', status: 500 } });
  });

  it('an error status ky does not throw for (throwHttpErrors: false) is a completion with that status', async () => {
    const api = governedKy(client(), { ky });
    const response = await api.get(`${target.origin}/fail`, { retry: 0, throwHttpErrors: false });
    expect(response.status).toBe(500);
    expect(onlyAction().execution).toMatchObject({ state: 'completed', result: { status: 500 } });
  });

  it('network error: rejects with ky’s error, failure reported as NETWORK_ERROR', async () => {
    const port = await closedPort();
    const api = governedKy(client(), { ky });
    const error = await rejection(api.post(`http://127.0.0.1:${port}/refunds`, { json: { amount: 5 } }));
    expect(error).toBeInstanceOf(Error);
    expect(onlyAction().execution).toMatchObject({ state: 'failed', error: { code: 'NETWORK_ERROR' } });
  });

  it('ky retries: one decision for every attempt of a call, one report at the end', async () => {
    const api = governedKy(client(), { ky });
    const response = await api.get(`${target.origin}/flaky/2`, { retry: { limit: 3, delay: () => 1 } });
    expect(response.status).toBe(200);
    expect(target.hits('/flaky/2')).toBe(3);
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(1);
    expect(onlyAction().execution).toMatchObject({ state: 'completed', result: { status: 200 } });
    expect(ascend.fake.requestsFor('logActionCompleted')).toHaveLength(1);
  });

  it('ky retries that run out: one decision, one failure report with the last status', async () => {
    const api = governedKy(client(), { ky });
    const error = await rejection(api.get(`${target.origin}/flaky/9`, { retry: { limit: 2, delay: () => 1 } }));
    expect((error as Error).name).toBe('HTTPError');
    expect(target.hits('/flaky/9')).toBe(3);
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(1);
    expect(ascend.fake.requestsFor('logActionFailed')).toHaveLength(1);
    expect(onlyAction().execution).toMatchObject({ state: 'failed', error: { code: 'HTTP_ERROR', status: 503 } });
  });

  it('network errors that ky retries: one decision, one failure report when ky gives up', async () => {
    const port = await closedPort();
    const api = governedKy(client(), { ky });
    await rejection(api.get(`http://127.0.0.1:${port}/refunds`, { retry: { limit: 2, delay: () => 1 } }));
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(1);
    expect(ascend.fake.requestsFor('logActionFailed')).toHaveLength(1);
    expect(onlyAction().execution).toMatchObject({ state: 'failed', error: { code: 'NETWORK_ERROR' } });
  });

  it('the caller’s abort during an approval wait: never sent', async () => {
    const controller = new AbortController();
    ascend.fake.once('approval.pending', () => controller.abort());
    const api = governedKy(client(), { ky, waitForApproval: { timeoutMs: 5000, pollIntervalMs: 10 } });
    const error = await rejection(api.patch(`${target.origin}/ok`, { signal: controller.signal }));
    // ky 1 waits for the hook (core's AbortedError); ky 2 ends the call on the signal itself.
    if (Number(process.env['ASCEND_KY_MAJOR'] ?? '1') === 1) expect(isAscendError(error, 'ABORTED')).toBe(true);
    else expect((error as Error).name).toBe('AbortError');
    expect(target.hits('/ok')).toBe(0);
  });

  it('a blocked GET is not retried by ky, and not asked about again', async () => {
    const api = governedKy(client(), { ky, actionType: 'http.delete' });
    await rejection(api.get(`${target.origin}/ok`, { retry: { limit: 3, delay: () => 1 } }));
    expect(ascend.fake.requestsFor('submitAction')).toHaveLength(1);
    expect(target.hits('/ok')).toBe(0);
  });
});

describe('governedKy: mapping and redaction', () => {
  it('maps with functions of the request; headers, query and body only when opted in, secrets masked, bounded', async () => {
    const api = governedKy(client(), {
      ky,
      actionType: (r) => `payments.${r.method.toLowerCase()}`,
      resource: 'payments-api',
      resourceId: (r) => new URL(r.url).pathname.split('/')[1],
      includeQuery: ['page', 'api_key'],
      includeHeaders: ['authorization', 'x-request-id'],
      includeBody: true,
      maxParameterChars: 12,
      riskIndicators: { financial_data: true },
    });
    await api.put(`${target.origin}/created?page=2&api_key=k&other=x`, {
      headers: { authorization: 'Bearer sk_live_123', 'x-request-id': 'req-1' },
      json: { amount: 123456789 },
    });
    const action = onlyAction();
    expect(action).toMatchObject({ actionType: 'payments.put', resource: 'payments-api', resourceId: 'created', riskIndicators: { financial_data: true } });
    expect(action.actionDetails).toMatchObject({
      method: 'PUT',
      query: { page: '2', api_key: '****' },
      headers: { authorization: '****', 'x-request-id': 'req-1' },
      body: '{"amount":12…[8 more]',
    });
    expect(JSON.stringify(ascend.fake.requests)).not.toContain('sk_live_123');
    expect(target.hits('/created')).toBe(1);
  });

  it('extend and create keep governance', async () => {
    const api = governedKy(client(), { ky }).extend({ headers: { 'x-team': 'a' } });
    await api.get(`${target.origin}/ok`);
    const fresh = governedKy(client(), { ky }).create({});
    await expect(fresh.delete(`${target.origin}/ok`)).rejects.toBeInstanceOf(ActionDeniedError);
    expect(ascend.fake.listActions().map((a) => a.actionType)).toEqual(['http.get', 'http.delete']);
    expect(target.hits('/ok')).toBe(1);
  });
});

describe('governedKy: the testing kit’s fault kinds', () => {
  // Every fault kind the kit has appears below (the compiler checks this record is complete).
  const covered: Record<FaultKind, true> = {
    outage: true,
    latency: true,
    hang: true,
    'rate-limit': true,
    'server-error': true,
    'malformed-body': true,
    approval: true,
    'kill-switch': true,
  };
  const cases: Array<{ fault: Fault; sent: boolean; code?: string; wait?: boolean }> = [
    { fault: { kind: 'outage' }, sent: false, code: 'GOVERNANCE_UNAVAILABLE' },
    { fault: { kind: 'latency', ms: 5 }, sent: true },
    { fault: { kind: 'hang' }, sent: false, code: 'GOVERNANCE_UNAVAILABLE' },
    { fault: { kind: 'rate-limit', retryAfter: 0 }, sent: false, code: 'GOVERNANCE_UNAVAILABLE' },
    { fault: { kind: 'server-error', status: 503 }, sent: false, code: 'GOVERNANCE_UNAVAILABLE' },
    { fault: { kind: 'malformed-body', variant: 'unknown-decision' }, sent: false, code: 'PROTOCOL_ERROR' },
    { fault: { kind: 'approval', outcome: 'approve', afterMs: 0 }, sent: true, wait: true },
    { fault: { kind: 'approval', outcome: 'expire', afterMs: 0 }, sent: false, wait: true },
    { fault: { kind: 'kill-switch', reason: 'drill' }, sent: false },
  ];
  it('covers every fault kind', () => {
    expect(new Set(cases.map((c) => c.fault.kind))).toEqual(new Set(Object.keys(covered)));
  });
  for (const { fault, sent, code, wait } of cases) {
    it(`${fault.kind}${fault.kind === 'approval' ? ` (${fault.outcome})` : ''}: ${sent ? 'sent' : 'never sent'}`, async () => {
      ascend.fake.faults.inject(fault, { operation: 'submitAction' });
      const c = client({ timeoutMs: 50, deadlineMs: 300 });
      const api = governedKy(c, { ky, ...(wait ? { waitForApproval: { timeoutMs: 2000, pollIntervalMs: 10 } } : {}) });
      // PATCH needs a human by the test policy; GET is allowed.
      const call = wait ? api.patch(`${target.origin}/ok`) : api.get(`${target.origin}/ok`);
      if (sent) {
        expect((await call).status).toBe(200);
        expect(onlyAction().execution).toMatchObject({ state: 'completed' });
      } else {
        const error = await rejection(call);
        expect(isAscendError(error)).toBe(true);
        if (code) expect((error as { code: string }).code).toBe(code);
      }
      expect(target.hits('/ok')).toBe(sent ? 1 : 0);
    });
  }
});

describe('the ky under test', () => {
  it('is the major this run is for (ky 1 on Node 20; ky 2 under Node 24 via vitest.ky2.config.ts)', async () => {
    let positional: boolean | undefined;
    const probe = ky.extend({ hooks: { beforeRequest: [(...args: unknown[]) => void (positional = args[0] instanceof Request)] } });
    await probe.get(`${target.origin}/ok`);
    const major = positional ? 1 : 2;
    expect(major).toBe(Number(process.env['ASCEND_KY_MAJOR'] ?? '1'));
    if (major === 2) expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(22);
  });
});

describe('governedKy: a call stopped by a hook', () => {
  it('ky.stop after a failed attempt is reported as a failure, not a completion', async () => {
    const api = governedKy(client(), { ky: ky.extend({ hooks: { beforeRetry: [() => ky.stop] } }) });
    const response = await api.get(`${target.origin}/flaky/1`, { retry: { limit: 1, delay: () => 1 } });
    expect(response).toBeUndefined();
    expect(target.hits('/flaky/1')).toBe(1);
    expect(onlyAction().execution).toMatchObject({ state: 'failed', error: { code: 'STOPPED', lastStatus: 503 } });
  });
});
