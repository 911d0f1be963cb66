/**
 * The vendor's documented Node.js SDK examples (README of `@ascend/sdk` 2.0: Quick Start, Fail
 * Mode Configuration, Circuit Breaker, MCP Server Integration, Approval Workflows, Webhook
 * Configuration, Structured Logging, Error Handling, API Reference), replayed against
 * `@ascend/node/compat`. Each example is the vendor's code with the import path changed; the
 * only other adaptations are where it reaches a network or an undefined helper of the reader's
 * (`executeDatabaseQuery`, `db.execute`, `sleep`): `apiUrl` points at the fake ASCEND served by
 * msw, and the helpers are small local stand-ins. Comments mark each adaptation.
 */
import {
  AscendClient,
  AuthenticationError,
  AuthorizationError,
  CircuitBreakerOpenError,
  ConnectionError,
  Decision,
  FailMode,
  highRiskAction,
  mcpGovernance,
  MCPGovernanceMiddleware,
  RateLimitError,
  TimeoutError,
  type MCPGovernanceConfig,
} from '@ascend/node/compat';
import type { PolicyRule } from '@ascend/testing';
import { setupAscend } from '@ascend/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';

const RULES: PolicyRule[] = [
  {
    id: 'drop',
    match: { actionType: ['*.drop'] },
    outcome: 'deny',
    reason: 'Destructive action is forbidden by policy',
    violations: ['SEC-001'],
    riskScore: 95,
  },
  {
    id: 'transfers',
    match: { actionType: 'financial.transfer' },
    outcome: 'require_approval',
    reason: 'Transfers need a human',
    riskScore: 80,
    approvers: ['finance'],
  },
  { id: 'deletes', match: { actionType: 'database.delete' }, outcome: 'require_approval', reason: 'Deletes need a human', riskScore: 85 },
  { id: 'rest', outcome: 'allow', reason: 'Allowed by policy', riskScore: 10 },
];

const ascend = setupAscend();
// Adaptation: where the vendor's examples reach ASCEND, they reach the fake over msw.
const { baseUrl: apiUrl, apiKey } = ascend.clientOptions() as { baseUrl: string; apiKey: string };
const clients: AscendClient[] = [];

/** `new AscendClient(options)` with `apiUrl` pointed at the fake; closed after each test. */
function newClient(options: Omit<ConstructorParameters<typeof AscendClient>[0], 'apiUrl'>): AscendClient {
  const client = new AscendClient({ ...options, apiUrl });
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Resolves once the fake holds a pending approval, then approves it. */
async function approveWhenPending(by = 'ciso@corp.example'): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const pending = ascend.fake.listPending()[0];
    if (pending) {
      ascend.fake.approve(pending.actionId, { by });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no approval became pending');
}

describe('Quick Start', () => {
  it('registers, evaluates, executes and logs completion with the positional signature', async () => {
    ascend.fake.setPolicy(RULES);
    const executeDatabaseQuery = async () => [{ id: 1 }, { id: 2 }]; // adaptation: the reader's own function
    const log: string[] = [];

    // --- vendor code, import path changed ---
    const client = newClient({
      apiKey: apiKey, // adaptation: the fake's key instead of 'owkai_your_api_key'
      agentId: 'agent-001',
      agentName: 'My AI Agent',
      failMode: FailMode.CLOSED, // Block on ASCEND unreachable
    });

    await client.register({
      agentType: 'automation',
      capabilities: ['data_access', 'file_operations'],
      allowedResources: ['production_db', '/var/log/*'],
    });

    const decision = await client.evaluateAction({
      actionType: 'database.query',
      resource: 'production_db',
      parameters: { query: 'SELECT * FROM users WHERE active = true' },
    });

    if (decision.decision === Decision.ALLOWED) {
      const result = await executeDatabaseQuery();
      await client.logActionCompleted(decision.actionId, { rowsReturned: result.length }, 150);
    } else if (decision.decision === Decision.DENIED) {
      log.push(`Action denied: ${decision.reason}`);
    } else if (decision.decision === Decision.PENDING) {
      log.push(`Awaiting approval from: ${decision.requiredApprovers}`);
    }
    // --- end of vendor code ---

    expect(log).toEqual([]);
    expect(ascend.fake.getAgent('agent-001')?.capabilities).toEqual(['data_access', 'file_operations']);
    const action = ascend.fake.getAction(Number(decision.actionId));
    expect(action).toMatchObject({
      actionType: 'database.query',
      execution: { state: 'completed', durationMs: 150, result: { success: true, data: { rowsReturned: 2 } } },
    });
  });

  it('the denied and pending branches read reason, policyViolations and requiredApprovers', async () => {
    ascend.fake.setPolicy(RULES);
    const client = newClient({ apiKey, agentId: 'agent-001', agentName: 'My AI Agent', failMode: FailMode.CLOSED });
    const denied = await client.evaluateAction({ actionType: 'table.drop', resource: 'production_db' });
    expect(denied).toMatchObject({
      decision: Decision.DENIED,
      reason: 'Destructive action is forbidden by policy',
      policyViolations: ['SEC-001'],
      riskScore: 95,
    });
    const pending = await client.evaluateAction({ actionType: 'financial.transfer', resource: 'payment_gateway', parameters: { amount: 50000 } });
    expect(pending).toMatchObject({ decision: Decision.PENDING, requiredApprovers: ['finance'] });
    expect(pending.approvalRequestId).toEqual(expect.any(String));
  });
});

describe('Fail Mode Configuration', () => {
  it('fail-closed: an unreachable ASCEND throws ConnectionError and nothing runs', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = newClient({ apiKey: '...', agentId: '...', agentName: '...', failMode: FailMode.CLOSED });
    const error = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'CONNECTION_ERROR' });
  });

  it('fail-open: a synthetic ALLOWED decision with the fail_open_mode condition and metadata.failOpen', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = newClient({ apiKey: '...', agentId: '...', agentName: '...', failMode: FailMode.OPEN });
    const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db' });
    expect(decision.decision).toBe(Decision.ALLOWED);
    expect(decision.conditions).toContain('fail_open_mode');
    expect(decision.metadata).toMatchObject({ failOpen: true, originalError: expect.any(String) });
    // The report of a fail-open action stays in the local log: the service never saw the action.
    await expect(client.logActionCompleted(decision.actionId, { ok: true }, 5)).resolves.toMatchObject({ status: 'completed' });
  });
});

describe('Circuit Breaker', () => {
  it('circuitBreakerOptions, getCircuitBreakerState() and resetCircuitBreaker()', async () => {
    const client = newClient({
      apiKey: apiKey,
      agentId: '...',
      agentName: '...',
      maxRetries: 0, // adaptation: one attempt per call, so two calls open a breaker of threshold 2
      circuitBreakerOptions: {
        failureThreshold: 2, // Open after 2 failures (the vendor's example says 5)
        recoveryTimeout: 30, // Try recovery after 30s
        halfOpenMaxCalls: 3, // Allow 3 test calls in half-open
      },
    });
    ascend.fake.faults.inject({ kind: 'outage' });
    for (let i = 0; i < 2; i++) await client.evaluateAction({ actionType: 'database.query', resource: 'db' }).catch(() => undefined);

    const state = client.getCircuitBreakerState();
    expect(`State: ${state.state}`).toBe('State: open');
    const fast = await client.evaluateAction({ actionType: 'database.query', resource: 'db' }).catch((e: unknown) => e);
    expect(fast).toBeInstanceOf(CircuitBreakerOpenError);
    expect((fast as CircuitBreakerOpenError).recoveryTimeSeconds).toBeGreaterThan(0);
    expect((fast as CircuitBreakerOpenError).recoveryTimeSeconds).toBeLessThanOrEqual(30);

    ascend.fake.faults.clear();
    client.resetCircuitBreaker();
    expect(client.getCircuitBreakerState()).toEqual({ state: 'closed', failures: 0 });
    expect((await client.evaluateAction({ actionType: 'database.query', resource: 'db' })).decision).toBe(Decision.ALLOWED);
  });
});

describe('MCP Server Integration', () => {
  it('mcpGovernance wraps a function: evaluated, run, reported', async () => {
    ascend.fake.setPolicy(RULES);
    const db = { execute: async (sql: string) => [{ sql }] }; // adaptation: the reader's database
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent' });

    const queryDatabase = mcpGovernance(client, {
      actionType: 'database.query',
      resource: 'production_db',
    })(async (sql: string) => {
      return await db.execute(sql);
    });
    const result = await queryDatabase('SELECT * FROM users');

    expect(result).toEqual([{ sql: 'SELECT * FROM users' }]);
    const action = ascend.fake.listActions().at(-1)!;
    expect(action).toMatchObject({ actionType: 'database.query', actionDetails: { sql: 'SELECT * FROM users' }, execution: { state: 'completed' } });
  });

  it('highRiskAction waits for a human and runs only once approved', async () => {
    ascend.fake.setPolicy(RULES);
    const executed: string[] = [];
    const db = { execute: async (sql: string) => (executed.push(sql), { deleted: 3 }) };
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent' });

    const deleteRecords = highRiskAction(client, 'database.delete', 'production_db', { approvalPollIntervalMs: 20 })(async (
      table: string,
      whereClause: string,
    ) => {
      return await db.execute(`DELETE FROM ${table} WHERE ${whereClause}`);
    });
    const [result] = await Promise.all([deleteRecords('sessions', 'expired = true'), approveWhenPending()]);

    expect(result).toEqual({ deleted: 3 });
    expect(executed).toEqual(['DELETE FROM sessions WHERE expired = true']);
  });

  it('MCPGovernanceConfig: a rejection calls onDenied and throws AuthorizationError; the function never runs', async () => {
    ascend.fake.setPolicy(RULES);
    const calls: string[] = [];
    const writeToFile = async (path: string, contents: string) => void calls.push(`${path}:${contents}`);
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent' });

    const config: MCPGovernanceConfig = {
      waitForApproval: true,
      approvalTimeoutMs: 300000,
      approvalPollIntervalMs: 20, // the vendor's example polls every 5000 ms
      raiseOnDenial: true,
      logAllDecisions: true,
      onApprovalRequired: (decision, toolName) => void calls.push(`approval needed for ${toolName}`),
      onDenied: (decision, toolName) => void calls.push(`denied ${toolName}: ${decision.reason}`),
    };
    const writeConfig = mcpGovernance(client, { actionType: 'financial.transfer', resource: '/etc/config', config })(writeToFile);

    const rejectWhenPending = async () => {
      while (ascend.fake.listPending().length === 0) await new Promise((r) => setTimeout(r, 5));
      ascend.fake.reject(ascend.fake.listPending()[0]!.actionId, { by: 'ciso', reason: 'Not today' });
    };
    const [error] = await Promise.all([writeConfig('/etc/app.conf', 'x=1').catch((e: unknown) => e), rejectWhenPending()]);

    expect(error).toBeInstanceOf(AuthorizationError);
    expect(calls).toEqual(['approval needed for writeToFile', expect.stringMatching(/^denied writeToFile/)]);
  });

  it('MCPGovernanceMiddleware wraps several tools and lists them', async () => {
    ascend.fake.setPolicy(RULES);
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent' });
    const queryFn = async (sql: string) => sql.length;
    const writeFn = async (line: string) => line.toUpperCase();
    const deleteFn = async (id: number) => id;

    const middleware = new MCPGovernanceMiddleware(client);
    const tools = {
      query: middleware.wrap('database.query', 'prod_db', queryFn),
      write: middleware.wrap('file.write', '/var/log', writeFn),
      delete: middleware.wrapHighRisk('database.delete', 'prod_db', deleteFn),
    };

    expect(`Governed tools: ${middleware.governedTools}`).toBe('Governed tools: queryFn,writeFn,deleteFn');
    expect(await tools.query('SELECT 1')).toBe(8);
    expect(await tools.write('ok')).toBe('OK');
    // A denied tool never runs: the fake's kill switch blocks everything.
    ascend.fake.setKillSwitch(true, { reason: 'incident' });
    await expect(tools.query('SELECT 2')).rejects.toBeInstanceOf(AuthorizationError);
  });

  it('parameters reach the policy whole (secrets redacted, nothing cut); a cyclic argument is refused before any request', async () => {
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent' });
    const longQuery = `SELECT * FROM users WHERE ${'id > 0 AND '.repeat(20)}active = true; DROP TABLE users`;
    const runQuery = mcpGovernance(client, { actionType: 'database.query', resource: 'db' })(
      async (sql: string, creds: { user: string; password: string }) => `${sql.length}:${creds.user}`,
    );
    expect(await runQuery(longQuery, { user: 'svc', password: 'hunter2' })).toBe(`${longQuery.length}:svc`);
    const action = ascend.fake.listActions().at(-1)!;
    expect(action.actionDetails).toEqual({ sql: longQuery, creds: { user: 'svc', password: '[REDACTED]' } });
    expect(JSON.stringify(action)).not.toContain('hunter2');

    const before = ascend.fake.listActions().length;
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const tool = mcpGovernance(client, { actionType: 'database.query', resource: 'db' })(async (value: unknown) => value);
    await expect(tool(cyclic)).rejects.toMatchObject({ name: 'ValidationError', fieldErrors: { 'parameters.value.self': expect.any(String) } });
    expect(ascend.fake.listActions().length).toBe(before);
  });

  it('an unavailable ASCEND refuses the tool with AuthorizationError (fail-closed)', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = newClient({ apiKey, agentId: 'mcp-agent', agentName: 'MCP Agent', maxRetries: 0 });
    let ran = false;
    const tool = mcpGovernance(client, { actionType: 'database.query', resource: 'db' })(async () => (ran = true));
    const error = await tool().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationError);
    expect((error as Error).message).toMatch(/^ASCEND governance service unavailable/);
    expect(ran).toBe(false);
  });
});

describe('Approval Workflows', () => {
  it('waitForApproval: blocks until a human approves, then ALLOWED with metadata.approvedBy', async () => {
    ascend.fake.setPolicy(RULES);
    const client = newClient({ apiKey, agentId: 'fin-agent', agentName: 'Finance Agent' });

    const [decision] = await Promise.all([
      client.evaluateAction({
        actionType: 'financial.transfer',
        resource: 'payment_gateway',
        parameters: { amount: 50000, currency: 'USD' },
        waitForApproval: true, // Block until approved/denied
        approvalTimeout: 300000, // 5 minute timeout
        requireHumanApproval: true, // Force human review
      }),
      approveWhenPending('treasurer@corp.example'),
    ]);

    expect(decision.decision).toBe(Decision.ALLOWED);
    expect(decision.metadata['approvedBy']).toBe('treasurer@corp.example');
  });

  it('manual polling with checkApproval(approvalRequestId)', async () => {
    ascend.fake.setPolicy(RULES);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.min(ms, 10))); // adaptation: the reader's sleep, shortened
    const client = newClient({ apiKey, agentId: 'fin-agent', agentName: 'Finance Agent' });
    const outcome: string[] = [];

    const decision = await client.evaluateAction({
      actionType: 'financial.transfer',
      resource: 'payment_gateway',
      parameters: { amount: 50000 },
    });

    if (decision.decision === Decision.PENDING) {
      const approvalId = decision.approvalRequestId!;
      let polls = 0;
      while (true) {
        if (++polls === 3) ascend.fake.approve(Number(decision.actionId), { by: 'ciso@corp.example' }); // a human decides meanwhile
        const status = await client.checkApproval(approvalId);
        if (status.status === 'approved') {
          outcome.push(`approved by ${status.approvedBy}`);
          break;
        } else if (status.status === 'rejected') {
          outcome.push('rejected');
          break;
        }
        await sleep(5000);
      }
    }
    expect(outcome).toEqual(['approved by ciso@corp.example']);
  });

  it('safer than the vendor: an approval timeout in fail-open mode is a TimeoutError, never ALLOWED', async () => {
    ascend.fake.setPolicy(RULES);
    const client = newClient({ apiKey, agentId: 'fin-agent', agentName: 'Finance Agent', failMode: FailMode.OPEN });
    const error = await client
      .evaluateAction({ actionType: 'financial.transfer', resource: 'payment_gateway', waitForApproval: true, approvalTimeout: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(50);
  });
});

describe('Webhook Configuration', () => {
  it('configureWebhook({ url, events, secret })', async () => {
    const client = newClient({ apiKey, agentId: 'agent-001', agentName: 'My AI Agent' });
    const webhook = await client.configureWebhook({
      url: 'https://your-app.com/webhooks/ascend',
      events: ['action.evaluated', 'action.approved', 'action.denied', 'action.completed', 'action.failed'],
      secret: 'your_webhook_secret', // For signature verification
    });
    expect(webhook).toMatchObject({ url: 'https://your-app.com/webhooks/ascend', status: 'active', events: expect.arrayContaining(['action.approved']) });
    expect(ascend.fake.getWebhook(webhook.webhookId)?.url).toBe('https://your-app.com/webhooks/ascend');
  });
});

describe('Structured Logging', () => {
  async function captureStderr(run: () => Promise<void>): Promise<string> {
    const chunks: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      await run();
    } finally {
      process.stderr.write = original;
    }
    return chunks.join('');
  }

  it("logLevel: 'DEBUG' with jsonLogs: true writes JSON lines with the API key masked", async () => {
    const out = await captureStderr(async () => {
      const client = newClient({ apiKey, agentId: '...', agentName: '...', logLevel: 'DEBUG', jsonLogs: true });
      await client.evaluateAction({ actionType: 'database.query', resource: 'db' });
    });
    const lines = out.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((l) => JSON.parse(l) as { level: string }).some((r) => r.level === 'debug')).toBe(true);
    expect(out).not.toContain(apiKey);
  });

  it('jsonLogs: false writes plain text; WARNING hides info and debug', async () => {
    const out = await captureStderr(async () => {
      const client = newClient({ apiKey, agentId: '...', agentName: '...', logLevel: 'WARNING', jsonLogs: false, failMode: FailMode.OPEN, maxRetries: 0 });
      ascend.fake.faults.inject({ kind: 'outage' });
      await client.evaluateAction({ actionType: 'database.query', resource: 'db' });
    });
    expect(out).toMatch(/ \[WARN\] ascend: ASCEND unreachable: allowing by fail-open mode/);
    expect(out).not.toMatch(/\[(INFO|DEBUG)\]/);
    expect(out.trimStart().startsWith('{')).toBe(false);
  });
});

describe('Error Handling', () => {
  /** The vendor's catch chain, recording which branch ran. */
  async function classify(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
      return 'no error';
    } catch (error) {
      if (error instanceof AuthenticationError) {
        return `Invalid API key: ${error.message}`;
      } else if (error instanceof AuthorizationError) {
        return `Authorization denied: ${error.message} / ${error.policyViolations} / ${error.riskScore}`;
      } else if (error instanceof CircuitBreakerOpenError) {
        return `Recovery in: ${error.recoveryTimeSeconds}s`;
      } else if (error instanceof ConnectionError) {
        return `Connection failed: ${error.message}`;
      } else if (error instanceof TimeoutError) {
        return `Request timed out after ${error.timeoutMs}ms`;
      } else if (error instanceof RateLimitError) {
        return `Rate limited, retry after ${error.retryAfter}s`;
      }
      return `other: ${String(error)}`;
    }
  }

  it('each documented class is thrown where the vendor documents it', async () => {
    const bad = newClient({ apiKey: 'owkai_wrong_key', agentId: 'a', agentName: 'A' });
    expect(await classify(() => bad.evaluateAction({ actionType: 'database.query', resource: 'db' }))).toMatch(/^Invalid API key/);

    const client = newClient({ apiKey, agentId: 'a', agentName: 'A', maxRetries: 0 });
    ascend.fake.faults.inject({ kind: 'rate-limit', retryAfter: 7 }, { times: 1 });
    expect(await classify(() => client.evaluateAction({ actionType: 'database.query', resource: 'db' }))).toBe('Rate limited, retry after 7s');

    ascend.fake.faults.inject({ kind: 'outage' }, { times: 1 });
    expect(await classify(() => client.evaluateAction({ actionType: 'database.query', resource: 'db' }))).toMatch(/^Connection failed/);

    const slow = newClient({ apiKey, agentId: 'a', agentName: 'A', timeout: 50, maxRetries: 0 });
    ascend.fake.faults.inject({ kind: 'hang' }, { times: 1 });
    expect(await classify(() => slow.evaluateAction({ actionType: 'database.query', resource: 'db' }))).toBe('Request timed out after 50ms');

    // An active kill switch, once the client has seen it, refuses every action as AuthorizationError.
    ascend.fake.setKillSwitch(true, { reason: 'incident 42' });
    await client.ascend.getKillSwitchStatus();
    expect(await classify(() => client.evaluateAction({ actionType: 'database.query', resource: 'db' }))).toMatch(/^Authorization denied: .*incident 42/);
  });

  it('bad options and request fields are a ValidationError naming the field, before any request', async () => {
    const before = ascend.fake.listActions().length;
    expect(() => new AscendClient({ apiKey, agentId: 'a', agentName: 'A', apiUrl: 'http://example.com' })).toThrowError(
      expect.objectContaining({ name: 'ValidationError', fieldErrors: { apiUrl: expect.any(String) } }),
    );
    expect(() => new AscendClient({ apiKey, agentId: 'a', agentName: 'A', logLevel: 'LOUD' as never })).toThrowError(
      expect.objectContaining({ fieldErrors: { logLevel: expect.any(String) } }),
    );
    const client = newClient({ apiKey, agentId: 'a', agentName: 'A' });
    await expect(client.evaluateAction({ actionType: 'database.query', resource: 'db', riskLevel: 'extreme' })).rejects.toMatchObject({
      name: 'ValidationError',
      fieldErrors: { riskLevel: expect.any(String) },
    });
    expect(ascend.fake.listActions().length).toBe(before);
  });
});

describe('API Reference', () => {
  it('testConnection(), getMetrics() and the riskLevel request field', async () => {
    const client = newClient({ apiKey, agentId: 'agent-001', agentName: 'My AI Agent', enableMetrics: true });
    const conn = await client.testConnection();
    expect(conn).toMatchObject({ status: 'connected', latency: expect.any(Number) });
    await client.evaluateAction({ actionType: 'database.query', resource: 'db', riskLevel: 'high' });
    expect(ascend.fake.listActions().at(-1)?.context).toMatchObject({ risk_level: 'high' });
    const metrics = client.getMetrics()!;
    expect(metrics).toMatchObject({ totalRequests: 1, successCount: 1, errorCount: 0, successRate: 1 });
    expect(`P95 latency: ${metrics.p95Latency}ms`).toMatch(/^P95 latency: \d+(\.\d+)?ms$/);
    const off = newClient({ apiKey, agentId: 'agent-001', agentName: 'My AI Agent', enableMetrics: false });
    expect(off.getMetrics()).toBeNull();
  });
});
