/**
 * The vendor's integration guide (`docs/integration-guide/SDK_GUIDE.md` and `README.md`, Dec
 * 2025): its JavaScript/TypeScript blocks for `@ascend/sdk` (Quick Start, JavaScript
 * Configuration, Polling for Approval, Error Handling, and the README's Node.js SDK block),
 * replayed against `@ascend/node/compat` with only the import path changed. The guide spells some
 * options differently from the SDK's own README (`baseUrl`, `retryCount`), names the agent per
 * call (`evaluateAction({ agentId, toolName, description })`), reads `approved` /
 * `requiresApproval` / `rejectionReason`, waits with `waitForDecision(id, { timeout, pollInterval
 * })` in seconds or `pollActionStatus(id, { timeout })` in milliseconds, and catches
 * `Ascend*Error` classes. Adaptations, marked in comments, are where the code reaches a network
 * (the fake ASCEND over msw instead of `https://your-domain.ascendowkai.com`, the fake's key) or
 * would make the test sleep (a 20 ms poll instead of 5 s).
 */
import {
  AscendAuthenticationError,
  AscendClient,
  AscendRateLimitError,
  AscendUnreachableError,
  AscendValidationError,
  FailMode,
  TimeoutError,
  type AscendClientOptions,
} from '@ascend/node/compat';
import type { PolicyRule } from '@ascend/testing';
import { setupAscend } from '@ascend/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';

const RULES: PolicyRule[] = [
  {
    id: 'transfers',
    match: { actionType: 'financial.transfer' },
    outcome: 'require_approval',
    reason: 'Transfers need a human',
    riskScore: 80,
    approvers: ['finance'],
  },
  { id: 'drop', match: { actionType: '*.drop' }, outcome: 'deny', reason: 'Destructive action is forbidden', riskScore: 95 },
  { id: 'rest', outcome: 'allow', reason: 'Allowed by policy', riskScore: 35 },
];

const ascend = setupAscend();
// Adaptation: where the guide reaches ASCEND, it reaches the fake over msw.
const { baseUrl, apiKey } = ascend.clientOptions() as { baseUrl: string; apiKey: string };
const clients: AscendClient[] = [];

/** `new AscendClient(options)`, closed after each test. */
function track(client: AscendClient): AscendClient {
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

/** Decides the first pending approval once the fake holds one. */
async function decideWhenPending(approve: boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const pending = ascend.fake.listPending()[0];
    if (pending) {
      if (approve) ascend.fake.approve(pending.actionId, { by: 'cfo@corp.example' });
      else ascend.fake.reject(pending.actionId, { by: 'cfo@corp.example', reason: 'Vendor not on the approved list' });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('no approval became pending');
}

describe('SDK_GUIDE.md: Quick Start (JavaScript/TypeScript)', () => {
  it('submits with the agent, tool and description named per call, and reads approved and riskScore', async () => {
    ascend.fake.setPolicy(RULES);
    const log: string[] = [];

    // --- guide code, import path changed ---
    // Initialize the client
    const client = new AscendClient({
      apiKey: apiKey, // adaptation: the fake's key instead of 'ascend_your_api_key_here'
      baseUrl: baseUrl, // adaptation: the fake instead of 'https://your-domain.ascendowkai.com'
    });

    // Submit an action for governance evaluation
    const result = await client.evaluateAction({
      agentId: 'finance-agent-001',
      actionType: 'database.read',
      toolName: 'postgres_query',
      description: 'Querying user analytics data',
    });

    // Check the result
    if (result.approved) {
      log.push(`Action approved with risk score: ${result.riskScore}`);
      // Proceed with the action
    } else {
      log.push(`Action requires approval: ${result.status}`);
      // Wait for approval or handle denial
    }
    // --- end of guide code ---
    track(client);

    expect(log).toEqual(['Action approved with risk score: 35']);
    expect(result).toMatchObject({ decision: 'allowed', status: 'approved', approved: true, requiresApproval: false });
    // The agent named in the call is the one on record; the tool is the resource, and both words travel in the context.
    expect(ascend.fake.getAction(Number(result.actionId))).toMatchObject({
      agentId: 'finance-agent-001',
      actionType: 'database.read',
      resource: 'postgres_query',
      context: { tool_name: 'postgres_query', description: 'Querying user analytics data' },
    });
  });

  it('a denial reads approved false and status denied: the action does not proceed', async () => {
    ascend.fake.setPolicy(RULES);
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const result = await client.evaluateAction({ agentId: 'dba-agent', actionType: 'table.drop', toolName: 'psql', description: 'Drop the users table' });
    expect(result).toMatchObject({ approved: false, requiresApproval: false, status: 'denied', rejectionReason: 'Destructive action is forbidden' });
  });

  it('an action with neither resource nor toolName is refused before any request, naming resource', async () => {
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const before = ascend.fake.requests.length;
    const error = await client.evaluateAction({ agentId: 'a', actionType: 'database.read' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AscendValidationError);
    expect((error as AscendValidationError).errors).toHaveProperty('resource');
    expect(ascend.fake.requests.length).toBe(before);
  });
});

describe('SDK_GUIDE.md: JavaScript Configuration', () => {
  it('baseUrl, timeout (ms), retryCount and failMode are taken as the guide spells them', async () => {
    // --- guide code, import path changed ---
    const client = new AscendClient({
      apiKey: apiKey, // adaptation: the fake's key
      baseUrl: baseUrl, // adaptation: the fake's URL
      timeout: 30000,
      retryCount: 3,
      failMode: FailMode.CLOSED,
    });
    // --- end of guide code ---
    track(client);
    expect(client.toJSON()).toMatchObject({ baseUrl, failMode: 'closed' });
    // The spellings are aliases: giving both is refused, naming the guide's spelling.
    const both = { apiKey, baseUrl, apiUrl: baseUrl } as AscendClientOptions;
    expect(() => new AscendClient(both)).toThrow(/baseUrl/);
    expect(() => new AscendClient({ apiKey, baseUrl, retryCount: -1 })).toThrow(expect.objectContaining({ fieldErrors: { retryCount: expect.any(String) } }));
  });
});

describe('SDK_GUIDE.md: Polling for Approval (JavaScript)', () => {
  it('requiresApproval, then waitForDecision in seconds: approved after a human approves', async () => {
    ascend.fake.setPolicy(RULES);
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const log: string[] = [];
    const human = decideWhenPending(true);

    // --- guide code, import path changed ---
    const result = await client.evaluateAction({
      agentId: 'finance-agent-001',
      actionType: 'financial.transfer',
      toolName: 'bank_transfer',
      description: 'Transfer $50,000 to vendor account',
    }); // the guide's `{...}`, filled in from its Python block

    if (result.requiresApproval) {
      log.push(`Action ${result.actionId} pending approval`);

      const decision = await client.waitForDecision(
        result.actionId,
        { timeout: 300, pollInterval: 0.02 }, // adaptation: poll every 20 ms instead of 5 s
      );

      if (decision.approved) {
        log.push('Action approved, proceeding...');
      } else {
        log.push(`Action denied: ${decision.rejectionReason}`);
      }
    }
    // --- end of guide code ---
    await human;

    expect(log).toEqual([`Action ${result.actionId} pending approval`, 'Action approved, proceeding...']);
  });

  it('a human rejection reads approved false with the rejection reason', async () => {
    ascend.fake.setPolicy(RULES);
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const human = decideWhenPending(false);
    const result = await client.evaluateAction({
      agentId: 'finance-agent-001',
      actionType: 'financial.transfer',
      toolName: 'bank_transfer',
      description: 'Pay',
    });
    expect(result.requiresApproval).toBe(true);
    const decision = await client.waitForDecision(result.actionId, { timeout: 300, pollInterval: 0.02 });
    await human;
    expect(decision).toMatchObject({ approved: false, status: 'denied' });
    expect(decision.rejectionReason).toEqual(expect.any(String));
  });

  it('a wait that runs out throws TimeoutError: never an approval, even in fail-open mode', async () => {
    ascend.fake.setPolicy(RULES);
    const client = track(new AscendClient({ apiKey, baseUrl, failMode: FailMode.OPEN }));
    const result = await client.evaluateAction({
      agentId: 'finance-agent-001',
      actionType: 'financial.transfer',
      toolName: 'bank_transfer',
      description: 'Pay',
    });
    const error = await client.waitForDecision(result.actionId, { timeout: 0.1, pollInterval: 0.02 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(AscendUnreachableError);
  });

  it('bad wait options are refused before any request, naming the field', async () => {
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const before = ascend.fake.requests.length;
    for (const [options, field] of [
      [{ timeout: 0 }, 'timeout'],
      [{ timeout: '300' }, 'timeout'],
      [{ pollInterval: -5 }, 'pollInterval'],
    ] as const) {
      const error = await client.waitForDecision('1', options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AscendValidationError);
      expect((error as AscendValidationError).errors).toHaveProperty(field);
    }
    await expect(client.waitForDecision('')).rejects.toBeInstanceOf(AscendValidationError);
    expect(ascend.fake.requests.length).toBe(before);
  });
});

describe('SDK_GUIDE.md: Error Handling (JavaScript)', () => {
  /** The guide's catch block, as a function of the call it wraps. */
  async function guideErrorHandling(
    client: AscendClient,
    request: Parameters<AscendClient['evaluateAction']>[0] = {
      agentId: 'finance-agent-001',
      actionType: 'database.read',
      toolName: 'postgres_query',
      description: 'Read',
    },
  ): Promise<string[]> {
    const errors: string[] = [];
    const console = { error: (...parts: unknown[]) => errors.push(parts.map(String).join(' ')) }; // adaptation: capture the output

    // --- guide code, import path changed ---
    try {
      const result = await client.evaluateAction(request); // the guide's `{...}`
      void result;
    } catch (error) {
      if (error instanceof AscendAuthenticationError) {
        console.error('Invalid API key');
      } else if (error instanceof AscendRateLimitError) {
        console.error(`Rate limited, retry after ${error.retryAfter}s`);
      } else if (error instanceof AscendValidationError) {
        console.error('Invalid request:', JSON.stringify(error.errors)); // the guide passes the object; stringified to compare
      } else if (error instanceof AscendUnreachableError) {
        console.error('Ascend service unreachable');
      }
    }
    // --- end of guide code ---
    return errors;
  }

  it('a rejected key is AscendAuthenticationError', async () => {
    const client = track(new AscendClient({ apiKey: 'ascend_wrong_key', baseUrl }));
    expect(await guideErrorHandling(client)).toEqual(['Invalid API key']);
  });

  it('a 429 is AscendRateLimitError with retryAfter in seconds', async () => {
    ascend.fake.faults.inject({ kind: 'rate-limit', retryAfter: 7 }, { operation: 'submitAction' });
    const client = track(new AscendClient({ apiKey, baseUrl, retryCount: 0 }));
    expect(await guideErrorHandling(client)).toEqual(['Rate limited, retry after 7s']);
  });

  it('an invalid request is AscendValidationError with errors by field, refused before it is sent', async () => {
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const before = ascend.fake.requests.length;
    expect(await guideErrorHandling(client, { agentId: 'finance-agent-001', actionType: '  ', toolName: 'postgres_query', description: 'Read' })).toEqual([
      'Invalid request: {"actionType":"Required field is missing or empty"}',
    ]);
    expect(ascend.fake.requests.length).toBe(before);
  });

  it('an unreachable service in fail-closed mode is AscendUnreachableError, for outages, open breakers and request timeouts', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const closed = track(new AscendClient({ apiKey, baseUrl, retryCount: 0, failMode: FailMode.CLOSED }));
    expect(await guideErrorHandling(closed)).toEqual(['Ascend service unreachable']);
    // An open breaker: the first call fails and opens it, the second is refused without a request.
    const breaker = track(new AscendClient({ apiKey, baseUrl, retryCount: 0, circuitBreakerOptions: { failureThreshold: 1 } }));
    expect(await guideErrorHandling(breaker)).toEqual(['Ascend service unreachable']);
    expect(breaker.getCircuitBreakerState().state).toBe('open');
    expect(await guideErrorHandling(breaker)).toEqual(['Ascend service unreachable']);
    ascend.fake.faults.clear();
    ascend.fake.faults.inject({ kind: 'hang' }, { operation: 'submitAction' });
    const slow = track(new AscendClient({ apiKey, baseUrl, retryCount: 0, timeout: 50 }));
    expect(await guideErrorHandling(slow)).toEqual(['Ascend service unreachable']);
  });

  it('in fail-open mode an unreachable service gives approved with failOpen metadata instead of an error', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = track(new AscendClient({ apiKey, baseUrl, retryCount: 0, failMode: FailMode.OPEN }));
    const result = await client.evaluateAction({ agentId: 'finance-agent-001', actionType: 'database.read', toolName: 'postgres_query', description: 'Read' });
    expect(result).toMatchObject({ approved: true, status: 'approved', metadata: { failOpen: true } });
  });
});

describe('per-call agents and the client-wide readings', () => {
  it('getMetrics() counts every agent named per call; each agent is on record as itself', async () => {
    ascend.fake.setPolicy(RULES);
    const client = track(new AscendClient({ apiKey, baseUrl }));
    const a = await client.evaluateAction({ agentId: 'agent-a', actionType: 'database.read', toolName: 'psql', description: 'Read' });
    const b = await client.evaluateAction({ agentId: 'agent-b', actionType: 'table.drop', toolName: 'psql', description: 'Drop' });
    expect(client.getMetrics()).toMatchObject({ totalRequests: 2, successCount: 2, errorCount: 0 });
    expect(ascend.fake.getAction(Number(a.actionId))?.agentId).toBe('agent-a');
    expect(ascend.fake.getAction(Number(b.actionId))?.agentId).toBe('agent-b');
    client.resetMetrics();
    expect(client.getMetrics()).toMatchObject({ totalRequests: 0 });
  });

  it('resetCircuitBreaker() closes the breaker of an agent named per call', async () => {
    ascend.fake.faults.inject({ kind: 'outage' });
    const client = track(new AscendClient({ apiKey, baseUrl, retryCount: 0, circuitBreakerOptions: { failureThreshold: 1 } }));
    await client.evaluateAction({ agentId: 'agent-a', actionType: 'database.read', toolName: 'psql', description: 'Read' }).catch(() => undefined);
    expect(client.getCircuitBreakerState().state).toBe('open');
    client.resetCircuitBreaker();
    expect(client.getCircuitBreakerState()).toEqual({ state: 'closed', failures: 0 });
  });
});

describe('README.md: Node.js SDK', () => {
  it('approved, else requiresApproval then pollActionStatus with a timeout in milliseconds', async () => {
    ascend.fake.setPolicy(RULES);
    const seen: string[] = [];
    const human = decideWhenPending(true);

    // --- guide code, import path changed ---
    const client = new AscendClient({ apiKey: apiKey, baseUrl }); // adaptation: the fake's key and URL

    // Evaluate an action
    const result = await client.evaluateAction({
      agentId: 'my-agent-001',
      actionType: 'financial.transfer', // adaptation: an action the policy holds for a human ('database.read' in the README)
      toolName: 'postgres_query',
      description: 'Query customer records',
    });

    if (result.approved) {
      // Proceed with action
      seen.push('approved');
    } else if (result.requiresApproval) {
      // Poll for approval
      const status = await client.pollActionStatus(result.actionId, { timeout: 300000, pollInterval: 20 }); // adaptation: a 20 ms poll
      seen.push(`polled: ${status.status}`);
    }
    // --- end of guide code ---
    track(client);
    await human;

    expect(seen).toEqual(['polled: approved']);
    expect(ascend.fake.getAction(Number(result.actionId))).toMatchObject({ agentId: 'my-agent-001' });
  });
});
