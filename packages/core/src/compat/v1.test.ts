/**
 * The v1 mapping's own rules, without a network: the HTTP view of errors, the state words, the
 * per-agent clients, and what is refused before any I/O. The vendor's v1 examples and the docs
 * site's pages are replayed against the fake and ascend-dev in examples/vendor-node-docs.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AscendClient } from '../client.js';
import type { AuthorizationDecision } from '../decision.js';
import {
  GovernanceUnavailableError,
  KillSwitchError,
  NetworkError,
  RequestTimeoutError,
  ServerError,
  ValidationError as CoreValidationError,
} from '../errors.js';
import type { AscendClientOptions } from '../options.js';
import { testPort } from '../test-support/harness.js';
import { CompatAuthorizedAgent } from './agent.js';
import { AuthorizationError, ConnectionError, OWKAIError, TimeoutError, toCompatError, ValidationError, withHttpView } from './errors.js';
import { toLegacyDecision } from './models.js';
import { CompatOWKAIClient } from './owkai-client.js';
import { CompatRestClient } from './rest-client.js';
import { outcomeOf, stateOfWord, V1Mapping, type V1Runtime } from './v1.js';

const KEY = 'owkai_live_secret_key_never_shown_42';

/** A runtime whose clients point nowhere reachable (these tests make no request), counting creations. */
function runtime(env: Record<string, string> = {}): V1Runtime & { created: AscendClientOptions[] } {
  const created: AscendClientOptions[] = [];
  return {
    created,
    create: (core) => {
      created.push(core);
      return new AscendClient({ baseUrl: 'https://ascend.invalid', logger: { log() {} }, ...core }, testPort());
    },
    env: (name) => env[name],
  };
}

function decision(body: Record<string, unknown>): AuthorizationDecision {
  return {
    decision: 'denied',
    actionId: '1',
    status: undefined,
    riskScore: undefined,
    riskLevel: undefined,
    reason: undefined,
    policyViolations: [],
    conditions: [],
    approvedBy: undefined,
    approvedAt: undefined,
    comments: undefined,
    metadata: {},
    raw: {},
    executionAllowed: false,
    execution: undefined,
    failOpen: undefined,
    ...body,
  };
}

describe('withHttpView: what the docs site error-handling code reads', () => {
  it('a service answer: its status, its own detail, axios code by class of status', () => {
    const e = withHttpView(
      toCompatError(
        new GovernanceUnavailableError('ASCEND governance is unavailable; failing closed: bad gateway', { cause: new ServerError(502, 'bad gateway') }),
      ),
    );
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e).toMatchObject({ isAxiosError: true, code: 'ERR_BAD_RESPONSE', status: 502, response: { status: 502, data: { detail: 'bad gateway' } } });
  });

  it('local refusals get the status the service would answer: 422 with fields, 403 for the kill switch', () => {
    expect(withHttpView(toCompatError(new CoreValidationError('resource: Required', { resource: 'Required' })))).toMatchObject({
      code: 'ERR_BAD_REQUEST',
      response: { status: 422, data: { detail: 'resource: Required', errors: { resource: 'Required' } } },
    });
    const ks = withHttpView(toCompatError(new KillSwitchError('incident')));
    expect(ks).toBeInstanceOf(AuthorizationError);
    expect(ks).toMatchObject({ response: { status: 403 }, code: 'ERR_BAD_REQUEST' });
  });

  it('no answer: the system code of the network failure, ETIMEDOUT for a timeout, ERR_NETWORK otherwise', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(
      withHttpView(toCompatError(new NetworkError('Failed to reach the ASCEND service', { cause: new TypeError('fetch failed', { cause: refused }) }))),
    ).toMatchObject({
      code: 'ECONNREFUSED',
      status: undefined,
      response: undefined,
    });
    const timeout = withHttpView(toCompatError(new RequestTimeoutError(50)));
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({ code: 'ETIMEDOUT', response: undefined });
    expect(withHttpView(toCompatError(new NetworkError('reset')))).toMatchObject({ code: 'ERR_NETWORK' });
    const plain = new Error('not ours');
    expect(withHttpView(plain)).toBe(plain);
    expect(plain).not.toHaveProperty('isAxiosError');
  });
});

describe('state words', () => {
  it('a stored status word reads approved only for an allow word (or a reported run); anything else is never approved', () => {
    expect(['approved', 'allowed', 'auto_approved', 'completed', 'failed'].map(stateOfWord)).toEqual(Array(5).fill('approved'));
    expect(['pending', 'pending_approval', 'escalated'].map(stateOfWord)).toEqual(Array(3).fill('pending'));
    expect(['timeout', 'expired'].map(stateOfWord)).toEqual(['timeout', 'timeout']);
    expect(['denied', 'rejected', 'blocked', 'requires_modification', 'APPROVED', 'allow', '', undefined, '__proto__'].map(stateOfWord)).toEqual(
      Array(9).fill('denied'),
    );
  });

  it('approved only for an explicit allowed decision; timeout kept apart from a plain denial', () => {
    expect(outcomeOf(decision({ decision: 'allowed', executionAllowed: true, status: 'auto_approved' })).state).toBe('approved');
    expect(outcomeOf(decision({ decision: 'denied', status: 'expired' })).state).toBe('timeout');
    expect(outcomeOf(decision({ decision: 'denied', status: 'rejected' })).state).toBe('denied');
    expect(
      outcomeOf(decision({ decision: 'pending', status: 'pending_approval', approvalRequestId: undefined, expiresAt: undefined, requiredApprovers: [] })).state,
    ).toBe('pending');
    const legacy = toLegacyDecision(
      outcomeOf(decision({ decision: 'denied', reason: 'nope', riskLevel: 'high', raw: { risk_level: 'minimal', alert_triggered: true } })),
    );
    expect(legacy).toEqual({ actionId: '1', decision: 'denied', policyViolations: [], executionAllowed: false, metadata: {}, comments: 'nope' });
  });
});

describe('V1Mapping', () => {
  it('pins fail mode to closed, names option errors as the face does, and requires a key', () => {
    const rt = runtime();
    new V1Mapping({ apiKey: KEY, timeoutMs: 30_000 }, rt);
    expect(rt.created[0]).toEqual({ failMode: 'closed', apiKey: KEY, timeoutMs: 30_000, deadlineMs: 30_000 });
    expect(() => new V1Mapping({ apiKey: KEY, timeoutMs: 0 }, rt, { timeoutMs: 'timeout' })).toThrowError(
      expect.objectContaining({ name: 'ValidationError', fieldErrors: { timeout: expect.any(String) } }),
    );
    expect(() => new V1Mapping({ apiKey: KEY, baseUrl: 'ftp://x' }, rt, { baseUrl: 'apiUrl' })).toThrowError(
      expect.objectContaining({ fieldErrors: { apiUrl: expect.any(String) } }),
    );
    expect(() => new V1Mapping({}, runtime())).toThrowError(expect.objectContaining({ name: 'ValidationError', fieldErrors: { apiKey: expect.any(String) } }));
  });

  it('refuses a bad action before creating an agent client or sending anything', async () => {
    const rt = runtime();
    const v1 = new V1Mapping({ apiKey: KEY }, rt);
    await expect(v1.submit({ agentId: '', agentName: 'A', actionType: 'q', resource: 'r' }, { agentId: 'agent_id' })).rejects.toMatchObject({
      fieldErrors: { agent_id: expect.any(String) },
    });
    await expect(v1.submit({ agentId: 'a', agentName: 7, actionType: 'q', resource: 'r' }, {})).rejects.toMatchObject({
      fieldErrors: { agentName: expect.any(String) },
    });
    await expect(v1.wait('1', 10, 5, { pollIntervalMs: 'pollInterval' })).rejects.toMatchObject({ fieldErrors: { pollInterval: expect.any(String) } });
    await expect(v1.status('1 OR 1=1', {})).rejects.toBeInstanceOf(ValidationError);
    expect(rt.created).toHaveLength(1);
    await v1.close();
  });
});

describe('the faces', () => {
  it('OWKAIClient.approveAction / denyAction never reach the service', async () => {
    const rt = runtime();
    const client = new CompatOWKAIClient({ apiKey: KEY }, rt);
    await expect(client.approveAction('12')).rejects.toBeInstanceOf(AuthorizationError);
    await expect(client.denyAction('12', 'no')).rejects.toMatchObject({ details: { operation: 'denyAction', humanDecisionRequired: true } });
    await client.close();
  });

  it('OWKAI_ORG_SLUG and OWKAI_TIMEOUT come from the runtime environment; bad values name the variable', () => {
    expect(() => new CompatRestClient({ apiKey: KEY }, runtime({ OWKAI_TIMEOUT: '0' }))).toThrowError(
      expect.objectContaining({ fieldErrors: { OWKAI_TIMEOUT: expect.any(String) } }),
    );
    const rt = runtime({ OWKAI_TIMEOUT: '45000' });
    new CompatRestClient({ apiKey: KEY }, rt);
    expect(rt.created[0]).toMatchObject({ timeoutMs: 45_000 });
    const explicit = runtime({ OWKAI_TIMEOUT: '45000' });
    new CompatRestClient({ apiKey: KEY, timeout: 1000 }, explicit);
    expect(explicit.created[0]).toMatchObject({ timeoutMs: 1000 });
  });

  it('AuthorizedAgent checks its identity and timeout', () => {
    const client = new CompatOWKAIClient({ apiKey: KEY }, runtime());
    expect(() => new CompatAuthorizedAgent(' ', 'A', client)).toThrowError(expect.objectContaining({ fieldErrors: { agentId: expect.any(String) } }));
    expect(() => new CompatAuthorizedAgent('a', 'A', client, -1)).toThrowError(
      expect.objectContaining({ fieldErrors: { defaultTimeout: expect.any(String) } }),
    );
  });

  it('no face shows the key: JSON.stringify and util.inspect of clients and errors', async () => {
    const rest = new CompatRestClient({ apiKey: KEY }, runtime());
    const owkai = new CompatOWKAIClient({ apiKey: KEY }, runtime());
    const error = await rest.submitAction({ agent_id: 'a', agent_name: 'A', action_type: '', resource: 'r' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OWKAIError);
    for (const value of [rest, owkai, error]) {
      for (const text of [JSON.stringify(value), inspect(value, { depth: 10, showHidden: true })]) expect(text).not.toContain(KEY);
    }
    await Promise.all([rest.close(), owkai.close()]);
  });
});
