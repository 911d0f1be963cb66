/**
 * The vendor docs site's Node.js pages (`docs/integration-guide/sdk-nodejs/`: client
 * configuration, agent actions), replayed in-process against the fake ASCEND over msw. Each page
 * copies a reference client into the user's project as `./ascend-client`; here that import is
 * `@ascend/node/compat/rest-client` and the rest of each block is the page's code. Adaptations,
 * marked where they occur: the environment the pages read (OWKAI_API_KEY, OWKAI_API_URL) is set
 * for the test, the reader's own helpers (`database.query`) are small stand-ins, and a human's
 * approval comes from the fake's admin API.
 */
import AscendClient from '@ascend/node/compat/rest-client';
import type { PolicyRule } from '@ascend/testing';
import { setupAscend } from '@ascend/testing/vitest';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const RULES: PolicyRule[] = [
  { id: 'transactions', match: { actionType: 'transaction' }, outcome: 'require_approval', reason: 'Transactions need a human', riskScore: 80 },
  { id: 'pii-writes', match: { actionType: 'data_modification' }, outcome: 'deny', reason: 'PII writes are forbidden', violations: ['PII-002'], riskScore: 92 },
  { id: 'rest', outcome: 'allow', reason: 'Allowed by policy', riskScore: 20 },
];
const ascend = setupAscend({ policy: RULES });
const clients: AscendClient[] = [];

beforeEach(() => {
  // Adaptation: the environment the pages' client reads points at the fake.
  vi.stubEnv('OWKAI_API_KEY', ascend.apiKey);
  vi.stubEnv('OWKAI_API_URL', ascend.baseUrl);
  vi.stubEnv('ASCEND_API_KEY', '');
  vi.stubEnv('ASCEND_API_URL', '');
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** `new AscendClient(config)`, closed after the test (the pages' client has nothing to close). */
function track<T extends AscendClient>(client: T): T {
  clients.push(client);
  return client;
}

/** The reviewer: approves (or rejects) the first pending action once there is one. */
async function decideWhenPending(decide: 'approve' | 'reject', comments?: string): Promise<number> {
  for (let i = 0; i < 1000; i++) {
    const pending = ascend.fake.listPending()[0];
    if (pending) {
      if (decide === 'approve') ascend.fake.approve(pending.actionId, { by: 'cfo@corp.example' });
      else ascend.fake.reject(pending.actionId, { by: 'cfo@corp.example', ...(comments === undefined ? {} : { comment: comments }) });
      return pending.actionId;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('nothing became pending');
}

describe('client-configuration.md', () => {
  it('Basic Usage: new AscendClient() from the environment, testConnection, submitAction', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const client = track(new AscendClient());

    // Test connection
    const conn = await client.testConnection();
    console.log(`Connected: ${conn.status}`);

    // Submit action
    const result = await client.submitAction({
      agent_id: 'my-agent',
      agent_name: 'My AI Agent',
      action_type: 'data_access',
      resource: 'customer_database',
    });

    expect(log.mock.calls).toEqual([['Connected: connected']]);
    expect(conn).toEqual({ status: 'connected', version: expect.any(String) });
    expect(result).toEqual({
      id: expect.any(Number),
      status: 'approved',
      risk_score: 20,
      risk_level: 'low',
      requires_approval: false,
      alert_triggered: false,
      decision: 'approved',
    });
    expect(ascend.fake.getAction(result.id)).toMatchObject({
      agentId: 'my-agent',
      agentName: 'My AI Agent',
      actionType: 'data_access',
      resource: 'customer_database',
    });
  });

  it('With Custom Configuration: apiKey, baseUrl, timeout, debug', async () => {
    // Adaptation: the page's deployment URL and key are the fake's.
    const client = track(
      new AscendClient({
        apiKey: ascend.apiKey,
        baseUrl: ascend.baseUrl,
        timeout: 60000,
        debug: true,
      }),
    );
    expect((await client.testConnection()).status).toBe('connected');
    // The v1 surfaces have no fail-open: fail mode is pinned closed.
    expect(client.ascend.toJSON()).toMatchObject({ baseUrl: ascend.baseUrl, failMode: 'closed' });
    // OWKAI_TIMEOUT is read when the config has no timeout, and checked.
    vi.stubEnv('OWKAI_TIMEOUT', '50');
    ascend.fake.faults.inject({ kind: 'hang' }, { operation: 'submitAction' });
    await expect(track(new AscendClient()).submitAction({ agent_id: 'a', agent_name: 'A', action_type: 'data_access', resource: 'db' })).rejects.toMatchObject({
      name: 'TimeoutError',
      timeoutMs: 50,
      code: 'ETIMEDOUT',
    });
    ascend.fake.faults.clear();
    vi.stubEnv('OWKAI_TIMEOUT', 'thirty');
    expect(() => new AscendClient()).toThrowError(expect.objectContaining({ name: 'ValidationError', fieldErrors: { OWKAI_TIMEOUT: expect.any(String) } }));
  });

  it('Wait for Approval: pending_approval, then waitForDecision resolves once a human approves', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const client = track(new AscendClient());
    const reviewer = decideWhenPending('approve');

    const result = await client.submitAction({
      agent_id: 'high-risk-agent',
      agent_name: 'Financial Agent',
      action_type: 'transaction',
      resource: 'bank_account',
      action_details: { amount: 50000 },
    });

    if (result.status === 'pending_approval') {
      console.log('Waiting for human approval...');
      // Adaptation: poll every 20 ms instead of the default 2 s (the third argument the page leaves out).
      const finalResult = await client.waitForDecision(result.id, 120000, 20);
      console.log(`Final decision: ${finalResult.decision}`);
    }

    expect(await reviewer).toBe(result.id);
    expect(result).toMatchObject({ status: 'pending_approval', requires_approval: true, decision: 'pending', risk_score: 80 });
    expect(log.mock.calls).toEqual([['Waiting for human approval...'], ['Final decision: approved']]);
  });
});

describe('agent-actions.md', () => {
  it('Submit an Action: every field reaches the service; the page logs id, status, risk', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const client = track(new AscendClient());

    const result = await client.submitAction({
      agent_id: 'financial-advisor-001',
      agent_name: 'Financial Advisor AI',
      action_type: 'transaction',
      resource: 'customer_account',
      resource_id: 'ACC-12345',
      action_details: {
        operation: 'transfer',
        amount: 5000,
        currency: 'USD',
        destination: 'savings_account',
      },
      context: {
        user_request: 'Transfer $5000 to my savings',
        session_id: 'sess_abc123',
        ip_address: '192.168.1.100',
      },
      risk_indicators: {
        pii_involved: false,
        financial_data: true,
        data_sensitivity: 'high',
      },
    });

    console.log(`Action ID: ${result.id}`);
    console.log(`Status: ${result.status}`);
    console.log(`Risk Score: ${result.risk_score}`);
    console.log(`Risk Level: ${result.risk_level}`);

    expect(log.mock.calls.map((c) => c[0])).toEqual([`Action ID: ${result.id}`, 'Status: pending_approval', 'Risk Score: 80', 'Risk Level: high']);
    expect(ascend.fake.getAction(result.id)).toMatchObject({
      resourceId: 'ACC-12345',
      actionDetails: { operation: 'transfer', amount: 5000, currency: 'USD', destination: 'savings_account' },
      context: { user_request: 'Transfer $5000 to my savings', session_id: 'sess_abc123', ip_address: '192.168.1.100' },
      riskIndicators: { pii_involved: false, financial_data: true, data_sensitivity: 'high' },
    });
  });

  /** The page's "Wait for Decision" block, returning which branch ran. */
  async function waitForDecisionBlock(client: AscendClient, timeoutMs: number): Promise<string[]> {
    const ran: string[] = [];
    const result = await client.submitAction({
      agent_id: 'high-value-agent',
      agent_name: 'Transaction Agent',
      action_type: 'transaction',
      resource: 'bank_account',
      action_details: { amount: 100000 },
    });

    if (result.status === 'pending_approval') {
      ran.push('Action requires human approval...');

      // Wait up to 2 minutes for decision (adaptation: `timeoutMs` and a 20 ms poll)
      const finalResult = await client.waitForDecision(result.id, timeoutMs, 20);

      switch (finalResult.decision) {
        case 'approved':
          ran.push('Action approved - proceeding');
          // Execute the action
          break;
        case 'denied':
          ran.push(`Action denied: ${finalResult.reason}`);
          break;
        case 'timeout':
          ran.push('No decision received in time');
          break;
      }
    }
    return ran;
  }

  it('Wait for Decision: approved, denied with the reason, and a timeout that is never approved', async () => {
    const client = track(new AscendClient());
    let reviewer = decideWhenPending('approve');
    expect(await waitForDecisionBlock(client, 120000)).toEqual(['Action requires human approval...', 'Action approved - proceeding']);
    await reviewer;

    reviewer = decideWhenPending('reject', 'Exceeds the daily limit');
    const denied = await waitForDecisionBlock(client, 120000);
    await reviewer;
    expect(denied[1]).toMatch(/^Action denied: /);

    // Nobody decides: the wait runs out and the result is the page's synthesized `timeout`.
    expect(await waitForDecisionBlock(client, 60)).toEqual(['Action requires human approval...', 'No decision received in time']);
    const pending = ascend.fake.listPending();
    expect(pending).toHaveLength(1);
    expect(ascend.fake.getAction(pending[0]!.actionId)?.status).toBe('pending_approval');
  });

  it('Authorized Agent Wrapper, pasted as is: runs only on an explicit approval', async () => {
    // Adaptation: the reader's `database` is a stand-in that records the query.
    const queries: string[] = [];
    const database = { query: async (sql: string) => (queries.push(sql), [{ id: 1 }]) };

    class AuthorizedAgent {
      private client: AscendClient;
      private agentId: string;
      private agentName: string;

      constructor(agentId: string, agentName: string) {
        this.client = new AscendClient();
        this.agentId = agentId;
        this.agentName = agentName;
        track(this.client); // adaptation: closed after the test
      }

      async executeIfAuthorized<T>(
        actionType: string,
        resource: string,
        executeFn: () => Promise<T>,
        options: {
          resourceId?: string;
          details?: Record<string, unknown>;
          context?: Record<string, unknown>;
          riskIndicators?: Record<string, unknown>;
          timeoutMs?: number;
        } = {},
      ): Promise<T> {
        const result = await this.client.submitAction({
          agent_id: this.agentId,
          agent_name: this.agentName,
          action_type: actionType,
          resource: resource,
          resource_id: options.resourceId,
          action_details: options.details,
          context: options.context,
          risk_indicators: options.riskIndicators,
        });

        // Wait for decision if pending
        let finalResult = result;
        if (result.status === 'pending_approval') {
          finalResult = await this.client.waitForDecision(result.id, options.timeoutMs || 60000);
        }

        // Check authorization
        if (finalResult.decision === 'approved' || finalResult.status === 'approved') {
          return executeFn();
        }

        if (finalResult.decision === 'denied') {
          throw new Error(`Action denied: ${finalResult.reason || 'No reason provided'}`);
        }

        throw new Error(`Authorization timeout or unexpected status: ${finalResult.status}`);
      }
    }

    // Usage
    const agent = new AuthorizedAgent('data-agent-001', 'Data Access Agent');

    const data = await agent.executeIfAuthorized(
      'data_access',
      'customer_database',
      async () => {
        // This only runs if authorized
        return await database.query('SELECT * FROM customers LIMIT 10');
      },
      {
        details: { query_type: 'read', table: 'customers' },
        riskIndicators: { pii_involved: true },
      },
    );
    expect(data).toEqual([{ id: 1 }]);
    expect(queries).toEqual(['SELECT * FROM customers LIMIT 10']);

    // A denial throws the page's error; the function never runs.
    await expect(agent.executeIfAuthorized('data_modification', 'customer_database', () => database.query('DELETE FROM customers'))).rejects.toThrow(
      /^Action denied: PII writes are forbidden/,
    );
    // A wait that runs out (1 s, nobody decides) throws the page's timeout error; nothing runs.
    await expect(agent.executeIfAuthorized('transaction', 'bank_account', () => database.query('TRANSFER'), { timeoutMs: 1000 })).rejects.toThrow(
      'Authorization timeout or unexpected status: timeout',
    );
    expect(queries).toEqual(['SELECT * FROM customers LIMIT 10']);
  });

  it('error-handling.md "Authorization Errors": the page\'s own error classes around the results', async () => {
    class AuthorizationError extends Error {
      constructor(
        public reason: string,
        public actionId?: number,
      ) {
        super(`Authorization denied: ${reason}`);
        this.name = 'AuthorizationError';
      }
    }

    class TimeoutError extends Error {
      constructor(
        public actionId: number,
        public timeoutMs: number,
      ) {
        super(`Authorization timed out after ${timeoutMs}ms`);
        this.name = 'TimeoutError';
      }
    }

    const client = track(new AscendClient());
    // Usage in AuthorizedAgent. Adaptation: the page elides the method's start and end
    // (`/* ... */`); they are the agent-actions page's submit, wait and execute.
    async function executeIfAuthorized<T>(actionType: string, resource: string, executeFn: () => Promise<T>, timeoutMs: number): Promise<T> {
      // ... submit and wait ...
      const result = await client.submitAction({ agent_id: 'agent-7', agent_name: 'Agent 7', action_type: actionType, resource });
      const finalResult = result.status === 'pending_approval' ? await client.waitForDecision(result.id, timeoutMs, 20) : result;

      if (finalResult.decision === 'denied') {
        throw new AuthorizationError(finalResult.reason || 'No reason provided', result.id);
      }

      if (finalResult.decision === 'timeout') {
        throw new TimeoutError(result.id, timeoutMs);
      }

      // ... execute ...
      return executeFn();
    }

    const ran: string[] = [];
    await expect(executeIfAuthorized('data_modification', 'customer_database', async () => ran.push('write'), 1000)).rejects.toMatchObject({
      name: 'AuthorizationError',
      reason: 'PII writes are forbidden',
      actionId: expect.any(Number),
    });
    await expect(executeIfAuthorized('transaction', 'bank_account', async () => ran.push('transfer'), 60)).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'Authorization timed out after 60ms',
    });
    expect(await executeIfAuthorized('data_access', 'customer_database', async () => ran.push('read'), 1000)).toBe(1);
    expect(ran).toEqual(['read']);
  });

  it('List Recent Actions and Get Action Details', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const client = track(new AscendClient());
    const first = await client.submitAction({ agent_id: 'a', agent_name: 'A', action_type: 'data_access', resource: 'customer_database' });
    const second = await client.submitAction({ agent_id: 'a', agent_name: 'A', action_type: 'transaction', resource: 'bank_account' });
    const third = await client.submitAction({ agent_id: 'a', agent_name: 'A', action_type: 'data_modification', resource: 'customer_database' });

    const { actions } = await client.listActions({ limit: 20 });

    for (const action of actions) {
      console.log(`${action.id}: ${action.status} (risk: ${action.risk_score})`);
    }

    expect(log.mock.calls.map((c) => c[0])).toEqual([
      `${third.id}: denied (risk: 92)`,
      `${second.id}: pending_approval (risk: 80)`,
      `${first.id}: approved (risk: 20)`,
    ]);
    expect(ascend.fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v1/actions', operation: 'listActions' });

    log.mockClear();
    // Adaptation: the page's literal id 12345 is the action just submitted.
    const details = await client.getActionDetails(first.id);
    console.log(JSON.stringify(details, null, 2));
    expect(JSON.parse(log.mock.calls[0]![0] as string)).toMatchObject({
      id: first.id,
      status: 'approved',
      decision: 'approved',
      agent_id: 'a',
      agent_name: 'A',
      action_type: 'data_access',
      resource: 'customer_database',
      audit_trail: expect.any(Array),
    });
    expect(await client.getActionDetails(third.id)).toMatchObject({ status: 'denied', decision: 'denied', requires_approval: false });
    // Filters go through as the backend names them.
    const pendingOnly = await client.listActions({ status: 'pending_approval' });
    expect(pendingOnly.actions.map((a) => a.id)).toEqual([second.id]);
  });

  it('bad input is a ValidationError naming the snake_case field, before any request', async () => {
    const client = track(new AscendClient());
    const before = ascend.fake.requests.length;
    await expect(client.submitAction({ agent_id: 'a', agent_name: 'A', action_type: '', resource: 'db' })).rejects.toMatchObject({
      name: 'ValidationError',
      fieldErrors: { action_type: expect.any(String) },
      response: { status: 422 },
    });
    await expect(client.submitAction({ agent_id: 'a', agent_name: 'A', action_type: 'x', resource: 'db', action_details: [] as never })).rejects.toMatchObject({
      fieldErrors: { action_details: expect.any(String) },
    });
    await expect(client.submitAction({ agent_name: 'A', action_type: 'x', resource: 'db' } as never)).rejects.toMatchObject({
      fieldErrors: { agent_id: expect.any(String) },
    });
    await expect(client.getActionStatus('12; DROP' as never)).rejects.toMatchObject({ fieldErrors: { actionId: expect.any(String) } });
    await expect(client.waitForDecision(1, 0)).rejects.toMatchObject({ fieldErrors: { timeoutMs: expect.any(String) } });
    await expect(client.listActions({ limit: 5000 })).rejects.toMatchObject({ fieldErrors: { limit: expect.any(String) } });
    expect(() => new AscendClient({ apiKey: ascend.apiKey, retries: 3 } as never)).toThrowError(
      expect.objectContaining({ fieldErrors: { retries: expect.any(String) } }),
    );
    expect(ascend.fake.requests.length).toBe(before);
  });
});
