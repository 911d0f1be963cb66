/**
 * ResilientAgent against MockAscendClient: every way governance can end (allowed, pending,
 * denied, each outage cause in both fail modes, the kill switch, bad input, bad credentials)
 * becomes the result the seed's example returns, and nothing throws.
 */
import { AuthenticationError, AuthorizationError } from '@ascend/node';
import { MockAscendClient } from '@ascend/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ResilientAgent, type AgentLog } from '../src/resilient-agent.js';

const QUERY = { actionType: 'database.query', resource: 'production_db', parameters: { query: 'SELECT * FROM users' } };
const clients: MockAscendClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

function setup(options: ConstructorParameters<typeof MockAscendClient>[0] = {}) {
  const ascend = new MockAscendClient({ agentId: 'resilient-agent', agentName: 'Resilient Agent', ...options });
  clients.push(ascend);
  const lines: string[] = [];
  const log: AgentLog = { warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
  return { ascend, agent: new ResilientAgent(ascend, log), lines };
}

describe('decisions', () => {
  it('allowed, pending and denied become their results', async () => {
    const { ascend, agent } = setup();
    expect(await agent.governedAction(QUERY)).toMatchObject({ status: 'allowed', riskScore: 20 });
    ascend.decide('database.query', 'pending');
    const pending = await agent.governedAction(QUERY);
    expect(pending).toMatchObject({ status: 'pending_approval' });
    expect(pending.status === 'pending_approval' && pending.approvalId).toMatch(/^apr_/);
    ascend.decide('database.query', 'denied', { reason: 'PII access', policyViolations: ['DATA-7'] });
    expect(await agent.governedAction(QUERY)).toEqual({
      status: 'denied',
      errorType: 'policy',
      reason: 'PII access',
      riskScore: 90,
      policyViolations: ['DATA-7'],
      recoverable: false,
    });
  });
});

describe('service unavailable, fail mode closed: blocked with the cause', () => {
  it.each([
    ['network', 'network'],
    ['timeout', 'timed_out'],
    ['server-error', 'server_error'],
  ] as const)('%s outage → %s', async (kind, reason) => {
    const { ascend, agent, lines } = setup();
    ascend.setServiceDown(true, kind);
    expect(await agent.governedAction(QUERY)).toEqual({
      status: 'blocked',
      errorType: 'service_unavailable',
      reason,
      retryAfterMs: undefined,
      recoverable: true,
    });
    expect(lines).toEqual([`warn ASCEND unavailable (${reason}); not acting`]);
  });

  it('rate limited → rate_limited, with the Retry-After the service sent', async () => {
    const { ascend, agent } = setup();
    ascend.service.faults.inject({ kind: 'rate-limit', retryAfter: 30 }, { operation: 'submitAction' });
    expect(await agent.governedAction(QUERY)).toEqual({
      status: 'blocked',
      errorType: 'service_unavailable',
      reason: 'rate_limited',
      retryAfterMs: 30_000,
      recoverable: true,
    });
  });

  it('breaker open → breaker_open, with the time to its next probe, and no request sent', async () => {
    const { ascend, agent } = setup({ client: { circuitBreaker: { enabled: true, failureThreshold: 1 } } });
    ascend.setServiceDown(true, 'server-error');
    expect(await agent.governedAction(QUERY)).toMatchObject({ reason: 'server_error' });
    const sent = ascend.service.requests.length;
    const result = await agent.governedAction(QUERY);
    expect(result).toMatchObject({ status: 'blocked', reason: 'breaker_open', recoverable: true });
    expect(result.status === 'blocked' && result.errorType === 'service_unavailable' && result.retryAfterMs).toBeGreaterThan(0);
    expect(ascend.service.requests.length).toBe(sent);
  });
});

describe('service unavailable, fail mode open', () => {
  it('is allowed, marked, with the cause', async () => {
    const { ascend, agent, lines } = setup({ failMode: 'open' });
    ascend.setServiceDown(true, 'network');
    const result = await agent.governedAction(QUERY);
    expect(result).toMatchObject({ status: 'allowed_failopen', reason: 'network', warning: 'Action allowed due to governance service unavailability' });
    expect(result.status === 'allowed_failopen' && result.actionId).toMatch(/^fail_open_/);
    expect(lines).toEqual(['warn ASCEND unavailable (network). Allowing action (fail-open).']);
  });

  it('never turns the kill switch into allowed', async () => {
    const { ascend, agent } = setup({ failMode: 'open' });
    ascend.setKillSwitch(true, { reason: 'incident 42' });
    expect(await agent.governedAction(QUERY)).toEqual({ status: 'blocked', errorType: 'kill_switch', reason: 'incident 42', recoverable: false });
  });
});

describe('errors that retrying cannot fix', () => {
  it('invalid input → validation error naming the field, before anything is sent', async () => {
    const { ascend, agent } = setup();
    const result = await agent.governedAction({ actionType: '', resource: 'db' });
    expect(result).toMatchObject({ status: 'error', errorType: 'validation', recoverable: false });
    expect(result.status === 'error' && result.fieldErrors).toHaveProperty('actionType');
    expect(ascend.service.requests.length).toBe(0);
  });

  it('rejected credentials → authentication error; a 403 → denied', async () => {
    const { ascend, agent } = setup();
    ascend.decideWith(() => {
      throw new AuthenticationError();
    });
    expect(await agent.governedAction(QUERY)).toEqual({ status: 'error', errorType: 'authentication', message: 'Invalid API credentials', recoverable: false });
    ascend.decideWith(() => {
      throw new AuthorizationError('blocked by tenant policy', { policyViolations: ['ORG-1'] });
    });
    expect(await agent.governedAction(QUERY)).toMatchObject({ status: 'denied', policyViolations: ['ORG-1'], recoverable: false });
  });
});
