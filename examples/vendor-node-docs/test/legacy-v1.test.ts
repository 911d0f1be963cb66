/**
 * The vendor SDK 2.0's legacy v1 surface (README "Legacy Client (v1.0)", and the `OWKAIClient`,
 * `AuthorizedAgent`, models and metrics it still exports), replayed against
 * `@ascend/node/compat` and the fake ASCEND over msw. The examples are the vendor's (README and
 * TSDoc `@example` blocks) with the import path changed; adaptations are marked: the key and URL
 * are the fake's, and the reader's helpers are stand-ins.
 */
import {
  ActionType,
  AuthorizationError,
  AuthorizedAgent,
  DecisionStatus,
  OWKAIClient,
  OWKAIError,
  parseDecision,
  TimeoutError,
  toApiPayload,
  ValidationError,
  type MetricEvent,
} from '@ascend/node/compat';
import type { PolicyRule } from '@ascend/testing';
import { setupAscend } from '@ascend/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';

const RULES: PolicyRule[] = [
  { id: 'transactions', match: { actionType: 'transaction' }, outcome: 'require_approval', reason: 'Transactions need a human', riskScore: 80 },
  { id: 'pii', match: { resource: 'customer_pii' }, outcome: 'deny', reason: 'PII is off limits', violations: ['PII-001'], riskScore: 90 },
  { id: 'rest', outcome: 'allow', reason: 'Allowed by policy', riskScore: 15 },
];
const ascend = setupAscend({ policy: RULES });
const clients: OWKAIClient[] = [];

/** `new OWKAIClient(options)` with the fake's key and URL (adaptation), closed after the test. */
function newClient(options: ConstructorParameters<typeof OWKAIClient>[0] = {}): OWKAIClient {
  const client = new OWKAIClient({ apiKey: ascend.apiKey, apiUrl: ascend.baseUrl, ...options });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

async function decideWhenPending(decide: 'approve' | 'reject'): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const pending = ascend.fake.listPending()[0];
    if (pending) {
      if (decide === 'approve') ascend.fake.approve(pending.actionId, { by: 'ciso@corp.example' });
      else ascend.fake.reject(pending.actionId, { by: 'ciso@corp.example', comment: 'Too risky' });
      return pending.actionId;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('nothing became pending');
}

describe('README "Legacy Client (v1.0)"', () => {
  it('new OWKAIClient({ apiKey }) and submitAction with ActionType', async () => {
    const client = newClient();

    const decision = await client.submitAction({
      agentId: 'agent-001',
      agentName: 'My Agent',
      actionType: ActionType.DATA_ACCESS,
      resource: 'customer_data',
    });

    expect(decision).toEqual({
      actionId: expect.any(String),
      decision: DecisionStatus.APPROVED,
      riskScore: 15,
      riskLevel: 'low',
      policyViolations: [],
      comments: 'Allowed by policy',
      executionAllowed: true,
      metadata: expect.any(Object),
    });
    expect(ascend.fake.getAction(Number(decision.actionId))).toMatchObject({
      agentId: 'agent-001',
      agentName: 'My Agent',
      actionType: 'data_access',
      resource: 'customer_data',
    });
  });

  it('OWKAIClient TSDoc example: testConnection, then submitAction', async () => {
    const client = newClient({ organizationSlug: 'acme' });
    const status = await client.testConnection();
    expect(status).toEqual({ status: 'connected', apiVersion: expect.any(String), environment: expect.any(String), organization: 'acme' });
    const down = newClient({ apiUrl: 'http://127.0.0.1:9', maxRetries: 0 });
    expect(await down.testConnection()).toEqual({ status: 'error', error: expect.any(String) });
  });
});

describe('OWKAIClient operations', () => {
  it('status, waitForDecision through a human approval, details, listActions by agent', async () => {
    const client = newClient();
    const riskIndicators = { financialData: true, dataSensitivity: 'high' as const };
    const pending = await client.submitAction({
      agentId: 'fin-1',
      agentName: 'Finance',
      actionType: ActionType.TRANSACTION,
      resource: 'ledger',
      riskIndicators,
    });
    expect(pending).toMatchObject({ decision: 'pending', executionAllowed: false });
    // The camelCase risk hints reach the service in its snake_case, as the vendor's toApiPayload sends them.
    expect(ascend.fake.getAction(Number(pending.actionId))?.riskIndicators).toEqual({ financial_data: true, data_sensitivity: 'high' });
    expect((await client.getActionStatus(pending.actionId)).decision).toBe('pending');

    const reviewer = decideWhenPending('approve');
    const decided = await client.waitForDecision(pending.actionId, 60_000, 20);
    await reviewer;
    expect(decided).toMatchObject({ decision: 'approved', executionAllowed: true, approvedBy: 'ciso@corp.example' });

    const details = await client.getActionDetails(pending.actionId);
    expect(details).toMatchObject({
      actionId: pending.actionId,
      agentId: 'fin-1',
      agentName: 'Finance',
      actionType: 'transaction',
      resource: 'ledger',
      status: 'approved',
    });
    expect(details.auditTrail?.length).toBeGreaterThan(0);

    await client.submitAction({ agentId: 'other', agentName: 'Other', actionType: 'query', resource: 'db' });
    const mine = await client.listActions({ agentId: 'fin-1', limit: 10 });
    expect(mine).toMatchObject({ total: 1, offset: 0, limit: 10 });
    expect(mine.actions.map((a) => [a.actionId, a.status])).toEqual([[pending.actionId, 'approved']]);
  });

  it('a wait that runs out is a TimeoutError, never an approval', async () => {
    const client = newClient();
    const pending = await client.submitAction({ agentId: 'fin-1', agentName: 'Finance', actionType: 'transaction', resource: 'ledger' });
    await expect(client.waitForDecision(pending.actionId, 60, 20)).rejects.toSatisfy((e) => e instanceof TimeoutError && e.timeoutMs === 60);
    expect(ascend.fake.getAction(Number(pending.actionId))?.status).toBe('pending_approval');
  });

  it('approveAction / denyAction reject with AuthorizationError before any request: a human decides', async () => {
    const client = newClient();
    const pending = await client.submitAction({ agentId: 'fin-1', agentName: 'Finance', actionType: 'transaction', resource: 'ledger' });
    const before = ascend.fake.requests.length;
    await expect(client.approveAction(pending.actionId, 'self-approve')).rejects.toSatisfy(
      (e) => e instanceof AuthorizationError && (e.details as { humanDecisionRequired?: boolean }).humanDecisionRequired === true,
    );
    await expect(client.denyAction(pending.actionId, 'no')).rejects.toBeInstanceOf(AuthorizationError);
    expect(ascend.fake.requests.length).toBe(before);
    expect(ascend.fake.getAction(Number(pending.actionId))?.status).toBe('pending_approval');
  });

  it('submitActionBatch: each item has its own decision; a pending item whose wait runs out is a TIMEOUT error, never approved', async () => {
    const client = newClient();
    const results = await client.submitActionBatch(
      [
        { agentId: 'agent-1', agentName: 'Agent 1', actionType: 'data_access', resource: 'db1' },
        { agentId: 'agent-2', agentName: 'Agent 2', actionType: 'transaction', resource: 'payments' },
        { agentId: 'agent-3', agentName: 'Agent 3', actionType: 'data_access', resource: 'customer_pii' },
        { agentId: 'agent-4', agentName: 'Agent 4', actionType: '', resource: 'db' },
      ],
      { parallel: true, continueOnError: true, waitForDecisions: true, timeout: 200 },
    );
    expect(`Success: ${results.successCount}/${results.totalSubmitted}`).toBe('Success: 2/4');
    expect(results.results.map((r) => [r.index, r.success, r.decision?.decision, r.decision?.executionAllowed, r.error?.code])).toEqual([
      [0, true, 'approved', true, undefined],
      [1, false, undefined, undefined, 'TIMEOUT'],
      [2, true, 'denied', false, undefined],
      [3, false, undefined, undefined, 'VALIDATION_ERROR'],
    ]);
    expect(results.allSucceeded).toBe(false);
    // Sequential, stopping at the first failure.
    const sequential = await client.submitActionBatch(
      [
        { agentId: 'a', agentName: 'A', actionType: '', resource: 'db' },
        { agentId: 'a', agentName: 'A', actionType: 'query', resource: 'db' },
      ],
      { parallel: false, continueOnError: false },
    );
    expect(sequential.results.map((r) => r.success)).toEqual([false]);
    await expect(
      client.submitActionBatch(Array.from({ length: 51 }, () => ({ agentId: 'a', agentName: 'A', actionType: 'q', resource: 'r' }))),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('getMetrics() / onMetricEvent / resetMetrics; a throwing listener never breaks the call', async () => {
    const client = newClient();
    const events: MetricEvent[] = [];
    const unsubscribe = client.onMetricEvent((event) => {
      events.push(event);
      throw new Error('listener bug');
    });
    const d = await client.submitAction({ agentId: 'a', agentName: 'A', actionType: 'query', resource: 'db' });
    await client.getActionStatus(d.actionId);
    await client.getActionStatus('987654').catch(() => undefined);
    unsubscribe();
    await client.getActionStatus(d.actionId);

    expect(events.map((e) => [e.type, e.endpoint, e.statusCode])).toEqual([
      ['response', 'submitAction', 200],
      ['response', 'getActionStatus', 200],
      ['error', 'getActionStatus', 404],
    ]);
    const metrics = client.getMetrics()!;
    expect(metrics).toMatchObject({ totalRequests: 4, successCount: 3, errorCount: 1, byStatusCode: { 200: 3, 404: 1 } });
    expect(metrics.byEndpoint['getActionStatus']).toMatchObject({ requests: 3, errors: 1 });
    expect(`Success rate: ${(metrics.successRate * 100).toFixed(1)}%`).toBe('Success rate: 75.0%');
    client.resetMetrics();
    expect(client.getMetrics()).toMatchObject({ totalRequests: 0, byEndpoint: {} });
    expect(newClient({ enableMetrics: false }).getMetrics()).toBeNull();
  });

  it('bad options and inputs are a ValidationError naming the field, before any request', async () => {
    const before = ascend.fake.requests.length;
    expect(() => new OWKAIClient({ apiKey: ascend.apiKey, retries: 2 } as never)).toThrowError(
      expect.objectContaining({ fieldErrors: { retries: expect.any(String) } }),
    );
    expect(() => new OWKAIClient({ apiKey: ascend.apiKey, timeout: 0 })).toThrowError(
      expect.objectContaining({ fieldErrors: { timeout: expect.any(String) } }),
    );
    expect(() => new OWKAIClient({ apiKey: ascend.apiKey, apiUrl: 'ftp://x' })).toThrowError(
      expect.objectContaining({ fieldErrors: { apiUrl: expect.any(String) } }),
    );
    const client = newClient();
    await expect(client.submitAction({ agentId: 'a', agentName: 'A', actionType: 'q', resource: 'r', details: 'x' as never })).rejects.toMatchObject({
      fieldErrors: { details: expect.any(String) },
    });
    await expect(client.submitAction({ agentName: 'A', actionType: 'q', resource: 'r' } as never)).rejects.toMatchObject({
      fieldErrors: { agentId: expect.any(String) },
    });
    await expect(client.waitForDecision('1', 60_000, 1)).rejects.toMatchObject({ fieldErrors: { pollInterval: expect.any(String) } });
    await expect(client.getActionStatus('../etc')).rejects.toMatchObject({ fieldErrors: { actionId: expect.any(String) } });
    expect(ascend.fake.requests.length).toBe(before);
  });
});

describe('AuthorizedAgent (the vendor TSDoc examples)', () => {
  it('requestAuthorization, executeIfAuthorized, checkPermission, getRecentActions', async () => {
    // Adaptation: the agent's client is the fake's (without one, it reads OWKAI_API_KEY).
    const agent = new AuthorizedAgent('financial-advisor-001', 'Financial Advisor AI', newClient());
    const fetchPortfolioData = async () => ({ holdings: 3 });

    // Execute only if authorized
    const result = await agent.executeIfAuthorized(
      {
        actionType: ActionType.DATA_ACCESS,
        resource: 'portfolio',
      },
      () => fetchPortfolioData(),
    );
    expect(result).toEqual({ holdings: 3 });

    // A denial throws AuthorizationError with the violations; the function never runs.
    let ran = false;
    await expect(
      agent.executeIfAuthorized({ actionType: ActionType.DATA_ACCESS, resource: 'customer_pii', resourceId: 'C-1' }, () => {
        ran = true;
      }),
    ).rejects.toSatisfy((e) => e instanceof AuthorizationError && e.policyViolations.includes('PII-001'));
    // onDenied gets the decision instead.
    expect(
      await agent.executeIfAuthorized(
        { actionType: 'data_access', resource: 'customer_pii' },
        () => 'ran',
        (d) => `denied: ${d.comments}`,
      ),
    ).toBe('denied: PII is off limits');

    // A transaction waits for a human: approved runs, a wait that runs out throws TimeoutError.
    const reviewer = decideWhenPending('approve');
    expect(
      await agent.executeIfAuthorized({ actionType: ActionType.TRANSACTION, resource: 'customer_account', details: { amount: 10000 } }, () => 'transferred'),
    ).toBe('transferred');
    await reviewer;
    await expect(
      agent.executeIfAuthorized({ actionType: ActionType.TRANSACTION, resource: 'customer_account', timeout: 50 }, () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(TimeoutError);
    expect(ran).toBe(false);

    // checkPermission: true only for an immediate approval.
    expect(await agent.checkPermission({ actionType: 'data_access', resource: 'portfolio' })).toBe(true);
    expect(await agent.checkPermission({ actionType: 'transaction', resource: 'customer_account' })).toBe(false);

    const recent = await agent.getRecentActions(3);
    expect(recent.limit).toBe(3);
    expect(recent.actions.every((a) => a.agentId === 'financial-advisor-001')).toBe(true);
    expect(recent.actions).toHaveLength(3);

    expect(() => new AuthorizedAgent('', 'x', newClient())).toThrowError(ValidationError);
  });
});

describe('models', () => {
  it('toApiPayload maps to the wire; parseDecision validates (unknown or missing decisions throw)', () => {
    expect(
      toApiPayload({
        agentId: 'a',
        agentName: 'A',
        actionType: ActionType.QUERY,
        resource: 'db',
        details: { q: 1 },
        riskIndicators: { piiInvolved: true, complianceFlags: ['GDPR'] },
      }),
    ).toEqual({
      agent_id: 'a',
      agent_name: 'A',
      action_type: 'query',
      resource: 'db',
      action_details: { q: 1 },
      risk_indicators: { pii_involved: true, compliance_flags: ['GDPR'] },
    });
    expect(parseDecision({ action_id: 7, status: 'approved', risk_score: 12, reviewed_by: 'ops' })).toMatchObject({
      actionId: '7',
      decision: 'approved',
      executionAllowed: true,
      approvedBy: 'ops',
    });
    expect(parseDecision({ id: 8, status: 'pending_approval' })).toMatchObject({ decision: 'pending', executionAllowed: false });
    // The vendor's parser read these as `pending`; here they are errors, never a decision.
    expect(() => parseDecision({ id: 9 })).toThrowError(OWKAIError);
    expect(() => parseDecision({ id: 9, decision: 'ALLOWED' })).toThrowError(OWKAIError);
    expect(() => parseDecision({ id: 9, decision: 'approved', execution_allowed: false })).toThrowError(OWKAIError);
  });
});
