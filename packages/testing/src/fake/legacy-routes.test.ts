/**
 * The older SDK routes (`docs/sdk-routes.md`), with the request bodies the vendor's Node SDK
 * (`sdk/nodejs/src/client.ts` 2.0) sends and the answers `routes/sdk_routes.py` and
 * `routes/agent_routes.py` define, on the one state every route shares.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, sequenceBytes, setupFakeServer, T0 } from '../test-support/harness.js';
import { LEGACY_ROUTES, OPERATIONS, matchRoute, type FakeAscend } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;
let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock();
  fake = server.use({ now: clock.now, randomBytes: sequenceBytes(), firstActionId: 7001 });
});

const iso = (offsetMs = 0): string => new Date(T0 + offsetMs).toISOString();

const submitBody = (amount: number) => ({
  agent_id: 'refund-bot',
  agent_name: 'Refund Bot',
  action_type: 'financial.refund',
  resource: 'stripe_api',
  action_details: { amount, currency: 'USD', description: `refund ${amount}` },
});

async function submitV1(amount: number): Promise<{ action_id: number; decision: string; approval_request_id: string | null }> {
  const r = await call('POST', '/api/v1/actions/submit', { body: submitBody(amount) });
  expect(r.status).toBe(200);
  return r.json as { action_id: number; decision: string; approval_request_id: string | null };
}

describe('routing', () => {
  it('adds seven alias routes that collide with no protocol route', () => {
    expect(LEGACY_ROUTES.map((r) => `${r.method} ${r.path} → ${r.operation}`)).toEqual([
      'POST /api/sdk/agent/register → register',
      'POST /api/sdk/action/{actionId}/completed → logActionCompleted',
      'POST /api/sdk/action/{actionId}/failed → logActionFailed',
      'POST /api/sdk/webhooks/configure → configureWebhook',
      'GET /api/sdk/health → health',
      'GET /api/agent-action/{actionId} → getAction',
      'POST /api/authorization/agent-action → submitAction',
    ]);
    // The human decision route is not served (an API key must not approve its own action).
    expect(matchRoute('POST', '/api/authorization/authorize/12')).toEqual({ kind: 'not-found' });
    for (const legacy of LEGACY_ROUTES) {
      expect(OPERATIONS.some((o) => o.method === legacy.method && o.path.split('/').length === legacy.path.split('/').length && o.path === legacy.path)).toBe(
        false,
      );
    }
    expect(matchRoute('GET', '/api/agent-action/status/12')).toEqual({ kind: 'match', operation: 'getActionStatus', params: { actionId: '12' } });
    expect(matchRoute('GET', '/api/agent-action/12')).toMatchObject({ kind: 'match', operation: 'getAction', params: { actionId: '12' } });
    expect(matchRoute('DELETE', '/api/agent-action/12')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  });

  it('needs the API key like every route but /health and /api/sdk/health', async () => {
    expect(await call('POST', '/api/sdk/agent/register', { key: null, body: {} })).toMatchObject({ status: 401 });
    expect(await call('GET', '/api/agent-action/1', { key: null })).toMatchObject({ status: 401 });
    const health = await call('GET', '/api/sdk/health', { key: null });
    expect(health).toMatchObject({ status: 200, json: { status: 'healthy', sdk_version: '2.0.0', timestamp: iso() } });
    // Recorded under the aliased operation.
    expect(fake.requestsFor('health').map((r) => r.path)).toEqual(['/api/sdk/health']);
  });
});

describe('POST /api/sdk/agent/register', () => {
  const body = {
    agent_id: 'refund-bot',
    agent_name: 'Refund Bot',
    agent_type: 'automation',
    capabilities: ['refunds'],
    allowed_resources: ['stripe_api'],
    environment: 'staging',
    metadata: { team: 'payments' },
  };

  it("answers the route's shape and puts the agent in the registry the other routes read", async () => {
    const r = await call('POST', '/api/sdk/agent/register', { body });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      agent_id: 'refund-bot',
      status: 'registered',
      registered_at: iso(),
      capabilities: ['refunds'],
      organization_id: 1,
      metadata: { team: 'payments' },
    });
    expect(fake.getAgent('refund-bot')).toMatchObject({
      displayName: 'Refund Bot',
      agentType: 'automation',
      environment: 'staging',
      allowedResources: ['stripe_api'],
    });
    expect((await call('GET', '/api/agents/health/refund-bot')).status).toBe(200);
  });

  it('accepts a repeat (the backend has no duplicate check) and a v1 registration first', async () => {
    expect((await call('POST', '/api/registry/agents', { body: { agent_id: 'refund-bot', display_name: 'First' } })).status).toBe(200);
    const again = await call('POST', '/api/sdk/agent/register', { body });
    expect(again).toMatchObject({ status: 200, json: { status: 'registered' } });
    expect(fake.getAgent('refund-bot')?.displayName).toBe('First');
    // The v1 route still refuses a duplicate, as before.
    expect((await call('POST', '/api/registry/agents', { body: { agent_id: 'refund-bot' } })).status).toBe(400);
  });

  it('validates the required fields and types, naming them', async () => {
    const r = await call('POST', '/api/sdk/agent/register', { body: { agent_id: 'x', capabilities: 'all', metadata: [] } });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.errors as Record<string, string>).sort()).toEqual(['agent_name', 'agent_type', 'capabilities', 'metadata']);
    expect((await call('POST', '/api/sdk/agent/register', { body: 'not json' })).status).toBe(400);
    expect(fake.listAgents()).toEqual([]);
  });
});

describe('POST /api/sdk/action/{id}/completed and /failed', () => {
  it('a completion on the legacy route is the action’s report on every route', async () => {
    const { action_id: id, decision } = await submitV1(100);
    expect(decision).toBe('allowed');
    clock.advance(1500);
    const r = await call('POST', `/api/sdk/action/${id}/completed`, {
      body: { status: 'completed', result: { success: true, data: { rowsReturned: 3 } }, duration_ms: 150, completed_at: iso(1400) },
    });
    expect(r).toMatchObject({ status: 200, json: { action_id: String(id), status: 'completed', logged_at: iso(1400) } });
    expect(fake.getAction(id)?.execution).toMatchObject({ state: 'completed', durationMs: 150, result: { success: true, data: { rowsReturned: 3 } } });
    expect((await call('GET', `/api/v1/actions/${id}/status`)).json).toMatchObject({ status: 'completed', execution_status: 'completed' });
    // A second report is refused on either route, as the protocol refuses it.
    expect((await call('POST', `/api/agent-action/${id}/complete`, { body: { status: 'completed' } })).status).toBe(409);
    expect((await call('POST', `/api/sdk/action/${id}/completed`, { body: {} })).status).toBe(409);
  });

  it('a failure report needs error; on a pending action it withdraws the approval request', async () => {
    const { action_id: id, decision } = await submitV1(5000);
    expect(decision).toBe('pending');
    const missing = await call('POST', `/api/sdk/action/${id}/failed`, { body: { status: 'failed' } });
    expect(missing).toMatchObject({ status: 422, json: { errors: { error: 'Required field' } } });
    const r = await call('POST', `/api/sdk/action/${id}/failed`, { body: { status: 'failed', error: 'caller cancelled', duration_ms: 20, failed_at: iso() } });
    expect(r).toMatchObject({ status: 200, json: { action_id: String(id), status: 'failed' } });
    expect((await call('GET', `/api/sdk/approval/${id}`)).json).toMatchObject({ status: 'rejected', rejected_by: 'refund-bot' });
  });

  it('never turns a denied action into a completed one (409, unlike the backend)', async () => {
    fake.setPolicy({ rules: [], default: { outcome: 'deny', reason: 'Denied by default' } });
    const { action_id: id, decision } = await submitV1(10);
    expect(decision).toBe('denied');
    expect((await call('POST', `/api/sdk/action/${id}/completed`, { body: { status: 'completed' } })).status).toBe(409);
    expect(fake.getAction(id)?.execution).toBeNull();
  });

  it('answers the backend’s 400 for a non-numeric id and its success for an unknown one', async () => {
    expect(await call('POST', '/api/sdk/action/abc/completed', { body: {} })).toMatchObject({
      status: 400,
      json: { detail: 'Invalid action_id format. Expected numeric ID, got: abc' },
    });
    expect(await call('POST', '/api/sdk/action/999/failed', { body: { error: 'boom' } })).toMatchObject({
      status: 200,
      json: { action_id: '999', status: 'failed', logged_at: iso() },
    });
    expect((await call('POST', '/api/sdk/action/1/completed', { body: { duration_ms: 1.5, result: 'x' } })).json.errors).toEqual({
      duration_ms: 'Must be an integer',
      result: 'Must be an object',
    });
  });
});

describe('GET /api/sdk/approval/{id} (already a protocol route)', () => {
  it('answers by action id with the fields the backend route defines', async () => {
    const { action_id: id } = await submitV1(5000);
    fake.approve(id, { by: 'ana@example.com' });
    const r = await call('GET', `/api/sdk/approval/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'approved', approved_by: 'ana@example.com', rejected_by: null, rejection_reason: null, decided_at: iso() });
    expect(typeof r.json.approval_request_id).toBe('string');
  });
});

describe('POST /api/sdk/webhooks/configure', () => {
  it('stores the webhook the v1 routes list and deliveries use', async () => {
    const r = await call('POST', '/api/sdk/webhooks/configure', {
      body: { agent_id: 'refund-bot', url: 'https://hooks.example.com/ascend', events: ['action.approved', 'action.denied'], secret: 'whsec_legacy' },
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      webhook_id: 'wh_1',
      url: 'https://hooks.example.com/ascend',
      events: ['action.approved', 'action.denied'],
      status: 'active',
      created_at: iso(),
    });
    expect(JSON.stringify(r.json)).not.toContain('whsec_legacy');
    const list = await call('GET', '/api/webhooks');
    const webhooks = list.json.webhooks as Array<{ webhook_id: string; agent_id: string }>;
    expect(webhooks.map((w) => [w.webhook_id, w.agent_id])).toEqual([['wh_1', 'refund-bot']]);
    const { action_id: id } = await submitV1(5000);
    fake.approve(id);
    expect(fake.takeOutbox().map((d) => [d.webhookId, d.event.type])).toContainEqual(['wh_1', 'action.approved']);
  });

  it('requires agent_id, url and events, and checks them as the v1 route does', async () => {
    const r = await call('POST', '/api/sdk/webhooks/configure', { body: { url: 'https://x.example.com' } });
    expect(r).toMatchObject({ status: 422, json: { errors: { agent_id: 'Required field', events: 'Required field' } } });
    const insecure = await call('POST', '/api/sdk/webhooks/configure', {
      body: { agent_id: 'a', url: 'http://example.com/hook', events: ['action.approved'] },
    });
    expect(insecure).toMatchObject({ status: 422, json: { errors: { url: expect.stringContaining('https://') } } });
    expect(fake.listWebhooks()).toEqual([]);
  });
});

describe('GET /api/agent-action/{id}', () => {
  it("answers the deprecated route's fields for an action submitted on v1", async () => {
    const { action_id: id } = await submitV1(5000);
    fake.reject(id, { by: 'ana@example.com', reason: 'too large' });
    const r = await call('GET', `/api/agent-action/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      id,
      agent_id: 'refund-bot',
      action_type: 'financial.refund',
      description: 'refund 5000',
      status: 'denied',
      risk_score: expect.any(Number),
      risk_level: expect.any(String),
      nist_control: 'AC-6',
      nist_description: 'Least Privilege',
      mitre_tactic: 'Impact',
      mitre_technique: 'T1565',
      recommendation: null,
      reviewed_by: 'ana@example.com',
      reviewed_at: iso(),
      created_at: iso(),
      extra_data: { comments: 'too large' },
      cvss_score: expect.any(Number),
      cvss_severity: expect.any(String),
      target_system: 'stripe_api',
      enterprise_grade: true,
    });
  });

  it('answers 404 for an unknown action and 422 for a non-integer id', async () => {
    expect(await call('GET', '/api/agent-action/424242')).toMatchObject({ status: 404, json: { detail: 'Action 424242 not found' } });
    expect((await call('GET', '/api/agent-action/abc')).status).toBe(422);
  });
});

describe('POST /api/authorization/agent-action', () => {
  it("answers the vendor Node SDK's body 422, as the backend route does (no description, no tool_name)", async () => {
    const r = await call('POST', '/api/authorization/agent-action', { body: submitBody(100) });
    expect(r).toMatchObject({ status: 422, json: { detail: 'Missing required fields: description, tool_name' } });
    expect(fake.listActions()).toEqual([]);
  });

  it('submits into the same state and answers the route’s shape with its deprecation headers', async () => {
    const r = await call('POST', '/api/authorization/agent-action', {
      body: {
        agent_id: 'refund-bot',
        action_type: 'financial.refund',
        description: 'Refund 5000 USD',
        tool_name: 'stripe',
        target_system: 'stripe_api',
        context: { environment: 'production' },
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('sunset')).toBe('Wed, 01 Jun 2025 00:00:00 GMT');
    expect(r.headers.get('link')).toBe('</api/v1/actions/submit>; rel="alternate"');
    expect(r.json).toEqual({
      id: 7001,
      agent_id: 'refund-bot',
      status: expect.any(String),
      risk_score: expect.any(Number),
      risk_level: expect.any(String),
      requires_approval: expect.any(Boolean),
      alert_triggered: expect.any(Boolean),
      message: expect.stringMatching(/^Action processed through platform workflow - Risk: \d+/),
    });
    const status = await call('GET', '/api/v1/actions/7001/status');
    expect(status.json).toMatchObject({ action_id: 7001, status: r.json.status });
    expect(r.json.requires_approval).toBe(status.json.decision === 'pending');
    expect(fake.getAction(7001)).toMatchObject({ resource: 'stripe_api', actionDetails: { description: 'Refund 5000 USD', tool_name: 'stripe' } });
    expect((await call('GET', '/api/agent-action/7001')).json).toMatchObject({ description: 'Refund 5000 USD', target_system: 'stripe_api' });
    expect(fake.requestsFor('submitAction').map((q) => q.path)).toEqual(['/api/authorization/agent-action']);
  });
});

describe('GET /api/agent-activity and /api/deployment-info (protocol routes)', () => {
  it("activity takes the backend's risk filter; deployment info carries the backend's fields", async () => {
    await submitV1(10);
    await submitV1(5000);
    const all = await call('GET', '/api/agent-activity');
    const levels = (all.json.actions as Array<{ risk_level: string }>).map((a) => a.risk_level);
    // The two submissions carry different risk levels, so each filter keeps exactly one.
    expect(new Set(levels).size).toBe(2);
    for (const level of levels) {
      const filtered = await call('GET', `/api/agent-activity?risk=${level}`);
      expect((filtered.json.actions as Array<{ risk_level: string }>).map((a) => a.risk_level)).toEqual([level]);
    }
    expect((await call('GET', '/api/agent-activity?risk=all')).json.total).toBe(2);
    expect((await call('GET', '/api/agent-activity?risk=none-such')).json.total).toBe(0);
    expect((await call('GET', '/api/deployment-info')).json).toMatchObject({
      commit_sha: 'fake',
      build_date: 'unknown',
      status: 'healthy',
      enterprise_grade: true,
    });
  });
});
