/**
 * All 27 operations through msw with plain fetch, sending the reference's exact request bodies
 * (Python serialization, §2.2) and asserting the exact answer shapes.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, sequenceBytes, setupFakeServer, T0, type CallResult } from '../test-support/harness.js';
import { MANAGEMENT_ROUTES } from '@ascend/core/internal';
import { OPERATION_NAMES, OPERATIONS, matchRoute, type FakeAscend, type OperationName } from '../index.js';

const server = setupFakeServer();
const exercised = new Set<OperationName>();
let fake: FakeAscend;
let clock: ManualClock;

beforeEach(() => {
  clock = new ManualClock();
  fake = server.use({ now: clock.now, randomBytes: sequenceBytes(), firstActionId: 5101 });
});

afterEach(() => {
  for (const r of fake.requests) if (r.operation) exercised.add(r.operation);
});

afterAll(() => {
  // Every operation of §3.0 was exercised by at least one test of this file (the 2.5.0
  // management operations are exercised by management.test.ts).
  expect([...OPERATION_NAMES].filter((op) => !exercised.has(op) && !(op in MANAGEMENT_ROUTES))).toEqual([]);
});

const iso = (offsetMs = 0): string => new Date(T0 + offsetMs).toISOString();

const refundBody = (amount: number) => ({
  agent_id: 'refund-bot-01',
  agent_name: 'Refund Bot',
  action_type: 'financial.refund',
  resource: 'stripe_api',
  resource_id: 'ch_3PqX',
  action_details: { amount, currency: 'USD' },
  context: { session_id: 's-42' },
  risk_indicators: { financial_data: true },
});

async function submit(body: Record<string, unknown>): Promise<CallResult['json']> {
  const r = await call('POST', '/api/v1/actions/submit', { body: body as never });
  expect(r.status).toBe(200);
  return r.json;
}

const commonDecisionFields = {
  conditions: [],
  approved_by: null,
  approved_at: null,
  reviewed_by: null,
  reviewed_at: null,
  comments: null,
  execution_status: null,
  completed_at: null,
  failed_at: null,
  processing_time_ms: 3,
  matched_smart_rules: 0,
  output_scan_result: 'not_scanned',
  output_findings_count: 0,
};

describe('routing table', () => {
  it('defines 27 operations of §3.0, the v1 action list, 25 of the 2.5.0 management surface, and 54 routes (two status paths)', () => {
    expect(OPERATION_NAMES).toHaveLength(53);
    expect(OPERATIONS).toHaveLength(54);
    expect(OPERATIONS.filter((o) => o.operation === 'getActionStatus').map((o) => o.path)).toEqual([
      '/api/v1/actions/{actionId}/status',
      '/api/agent-action/status/{actionId}',
    ]);
  });

  it('routes /audit/logs without the /api prefix and decodes path parameters', () => {
    expect(matchRoute('GET', '/audit/logs')).toEqual({ kind: 'match', operation: 'getAuditLogs', params: {} });
    expect(matchRoute('GET', '/api/audit/logs')).toEqual({ kind: 'not-found' });
    expect(matchRoute('DELETE', '/api/registry/agents/a%2Fb')).toEqual({ kind: 'match', operation: 'deregister', params: { agentId: 'a/b' } });
    expect(matchRoute('PATCH', '/api/webhooks/wh_1')).toEqual({ kind: 'method-not-allowed', allowed: ['PUT', 'DELETE'] });
  });

  it('answers unknown paths 404 and wrong methods 405, with JSON bodies', async () => {
    expect(await call('GET', '/api/nope')).toMatchObject({ status: 404, json: { detail: 'Not Found' } });
    const r = await call('PATCH', '/api/webhooks/wh_1');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('PUT, DELETE');
  });
});

describe('health and deployment info (§3.1–3.2)', () => {
  it('health needs no key', async () => {
    const r = await call('GET', '/health', { key: null });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ status: 'ok', service: 'ascend-fake', timestamp: iso() });
  });

  it('deployment info carries version and environment', async () => {
    const r = await call('GET', '/api/deployment-info');
    expect(r.json).toEqual({
      version: 'fake-0.1.0',
      environment: 'development',
      service: 'ascend-fake',
      api_version: '2025-11-28',
      organization_id: 1,
      signature_verification: false,
      commit_sha: 'fake',
      build_date: 'unknown',
      status: 'healthy',
      enterprise_grade: true,
    });
  });
});

describe('submit action (§3.3)', () => {
  it('answers an allowed decision with a numeric action_id, decision and status', async () => {
    const json = await submit(refundBody(100));
    expect(json).toEqual({
      ...commonDecisionFields,
      action_id: 5101,
      status: 'approved',
      decision: 'allowed',
      risk_score: 25,
      risk_level: 'low',
      reason: 'Refund within the automatic limit',
      policy_violations: [],
      policy_decision: 'allow',
      approval_request_id: null,
      required_approvers: [],
      expires_at: null,
      execution_allowed: true,
      agent_id: 'refund-bot-01',
      action_type: 'financial.refund',
      resource: 'stripe_api',
      created_at: iso(),
      updated_at: iso(),
      correlation_id: expect.stringMatching(/^action_20260417_120000_[0-9a-f]{8}$/),
      cvss_score: 2.5,
      cvss_severity: 'LOW',
      mitre_tactic: 'Impact',
      mitre_technique: 'T1565',
      nist_control: 'AC-6',
      nist_description: 'Least Privilege',
      alert_triggered: false,
      alert_id: null,
      workflow_id: null,
      matched_policies: 1,
      enforcement_decision: 'auto_approved',
      enforcement_decision_source: 'policy_rule',
      thresholds: { auto_approve_below: 50, max_risk_threshold: 80, agent_type: 'supervised', is_registered: false },
      metadata: { rule_id: 'refund-within-limit', rule_name: 'Refunds up to 100', environment: 'production', source: 'ascend-fake' },
    });
  });

  it('answers a pending decision with an approval request and expiry', async () => {
    const json = await submit(refundBody(150));
    expect(json).toMatchObject({
      action_id: 5101,
      status: 'pending_approval',
      decision: 'pending',
      risk_score: 65,
      risk_level: 'medium',
      policy_decision: 'require_approval',
      reason: 'Refund above the automatic limit of 100 requires approval',
      approval_request_id: 'apr_1',
      required_approvers: ['finance-approvers'],
      expires_at: iso(3_600_000),
      execution_allowed: false,
      workflow_id: 'wf_apr_1',
    });
  });

  it('answers a denied decision with violations, a critical risk and an alert', async () => {
    const json = await submit({ agent_id: 'ops', agent_name: 'Ops', action_type: 'database.drop', resource: 'production_db' });
    expect(json).toMatchObject({
      status: 'denied',
      decision: 'denied',
      risk_score: 95,
      risk_level: 'critical',
      reason: 'Destructive action is forbidden by policy',
      policy_violations: ['SEC-001'],
      policy_decision: 'deny',
      execution_allowed: false,
      alert_triggered: true,
      alert_id: 'alert_1',
      cvss_severity: 'CRITICAL',
      mitre_technique: 'T1485',
    });
  });

  it('accepts the reference example with orchestration fields and a parent in the same session', async () => {
    await submit({
      agent_id: 'refund-bot-01',
      agent_name: 'Refund Bot',
      action_type: 'database.query',
      resource: 'orders',
      orchestration_session_id: 'orch-7',
    });
    const json = await submit({ ...refundBody(100), orchestration_session_id: 'orch-7', parent_action_id: 5101, orchestration_depth: 1 });
    expect(json.action_id).toBe(5102);
    expect(fake.getAction(5102)).toMatchObject({ parentActionId: 5101, orchestrationDepth: 1, orchestrationSessionId: 'orch-7', resourceId: 'ch_3PqX' });
  });

  it('rejects a parent from another session with 403 {detail, policy_violations}', async () => {
    await submit({ agent_id: 'a', agent_name: 'a', action_type: 'x.query', resource: 'r', orchestration_session_id: 'orch-1' });
    const r = await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'a', action_type: 'x.query', resource: 'r', orchestration_session_id: 'orch-2', parent_action_id: 5101 },
    });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ detail: 'parent_action_id 5101 belongs to another orchestration session', policy_violations: ['ORCHESTRATION_SESSION_MISMATCH'] });
    const unknown = await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'a', action_type: 'x.query', resource: 'r', parent_action_id: 999 },
    });
    expect(unknown.json).toEqual({ detail: 'parent_action_id 999 does not belong to this organization', policy_violations: ['ORCHESTRATION_PARENT_INVALID'] });
  });

  it('validates with 422 {detail, errors} naming the fields', async () => {
    const r = await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'a', action_type: '  ', resource: 'r', orchestration_depth: 6 },
    });
    expect(r.status).toBe(422);
    expect(r.json).toEqual({
      detail: 'Validation failed: action_type, orchestration_depth',
      errors: { action_type: 'Required field is missing or empty', orchestration_depth: 'Out of range (0..5)' },
    });
    const bad = await call('POST', '/api/v1/actions/submit', { body: '{"agent_id": ' });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({ detail: 'Invalid JSON body', errors: { body: 'Not valid JSON' } });
  });

  it('can answer denials with 403 when configured', async () => {
    fake = server.use({ now: clock.now, deniedSubmitStatus: 403 });
    const r = await call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'a', action_type: 'system.shutdown', resource: 'host' } });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({
      detail: 'Destructive action is forbidden by policy',
      policy_violations: ['SEC-001'],
      action_id: 1,
      risk_score: 95,
      risk_level: 'critical',
    });
  });
});

describe('action status, details, complete, fail, activity (§3.4–3.8)', () => {
  it('serves both status paths with the same body, updated by a human approval', async () => {
    await submit(refundBody(150));
    clock.advance(5 * 60_000);
    fake.approve(5101, { by: 'ciso@corp.example', comment: 'ok' });
    const legacy = await call('GET', '/api/agent-action/status/5101');
    const v1 = await call('GET', '/api/v1/actions/5101/status');
    expect(legacy.status).toBe(200);
    expect(v1.json).toEqual(legacy.json);
    expect(v1.json).toMatchObject({
      action_id: 5101,
      status: 'approved',
      decision: 'allowed',
      reason: 'Approved by human reviewer',
      approved_by: 'ciso@corp.example',
      approved_at: iso(300_000),
      reviewed_by: 'ciso@corp.example',
      reviewed_at: iso(300_000),
      comments: 'ok',
      execution_allowed: true,
      approval_request_id: 'apr_1',
      updated_at: iso(300_000),
    });
  });

  it('answers 404 for unknown and non-numeric ids', async () => {
    expect(await call('GET', '/api/v1/actions/77/status')).toMatchObject({ status: 404, json: { detail: 'Action 77 not found' } });
    expect(await call('GET', '/api/agent-action/status/fail_open_asc_71f1c44f7dc44422')).toMatchObject({ status: 404 });
  });

  it('serves action details with the legacy status and an audit trail', async () => {
    await submit(refundBody(150));
    fake.reject(5101, { by: 'ciso@corp.example', reason: 'Out of policy' });
    const r = await call('GET', '/api/v1/actions/5101');
    expect(r.json).toEqual({
      id: 5101,
      action_id: 5101,
      agent_id: 'refund-bot-01',
      agent_name: 'Refund Bot',
      action_type: 'financial.refund',
      resource: 'stripe_api',
      resource_id: 'ch_3PqX',
      status: 'denied',
      decision: 'denied',
      risk_score: 65,
      risk_level: 'medium',
      reason: 'Out of policy',
      policy_violations: [],
      approval_request_id: 'apr_1',
      action_details: { amount: 150, currency: 'USD' },
      context: { session_id: 's-42' },
      risk_indicators: { financial_data: true },
      orchestration_session_id: null,
      parent_action_id: null,
      orchestration_depth: null,
      created_at: iso(),
      updated_at: iso(),
      execution_status: null,
      completed_at: null,
      failed_at: null,
      audit_trail: [
        {
          event: 'submitted',
          timestamp: iso(),
          actor: 'refund-bot-01',
          details: { decision: 'pending', policy_decision: 'require_approval', rule_id: 'refund-requires-approval', risk_score: 65 },
        },
        {
          event: 'rejected',
          timestamp: iso(),
          actor: 'ciso@corp.example',
          details: { approval_request_id: 'apr_1', comment: null, rejection_reason: 'Out of policy' },
        },
      ],
    });
  });

  it('logs a completion (string action_id in the body, as Python sends it) and refuses a second one', async () => {
    await submit(refundBody(50));
    const body = { action_id: '5101', status: 'completed', completed_at: '2026-04-17T12:00:01.000000+00:00', result: { refund_id: 're_1' }, duration_ms: 1234 };
    const r = await call('POST', '/api/agent-action/5101/complete', { body });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      success: true,
      action_id: 5101,
      status: 'completed',
      completed_at: '2026-04-17T12:00:01.000000+00:00',
      duration_ms: 1234,
      message: 'Action completion logged',
    });
    expect((await call('GET', '/api/v1/actions/5101/status')).json).toMatchObject({
      execution_status: 'completed',
      completed_at: '2026-04-17T12:00:01.000000+00:00',
    });
    const again = await call('POST', '/api/agent-action/5101/complete', { body });
    expect(again).toMatchObject({ status: 409, json: { detail: 'Action 5101 was already reported as completed' } });
  });

  it('refuses completions for actions that were not allowed, and unknown ids', async () => {
    await submit(refundBody(150));
    const pending = await call('POST', '/api/agent-action/5101/complete', { body: { action_id: '5101', status: 'completed', completed_at: iso() } });
    expect(pending).toMatchObject({ status: 409, json: { detail: 'Action 5101 was not allowed to execute (decision: pending, status: pending_approval)' } });
    const synthetic = await call('POST', '/api/agent-action/fail_open_asc_71f1c44f7dc44422/complete', {
      body: { action_id: 'fail_open_asc_71f1c44f7dc44422', status: 'completed', completed_at: iso() },
    });
    expect(synthetic).toMatchObject({ status: 404, json: { detail: 'Action fail_open_asc_71f1c44f7dc44422 not found' } });
  });

  it('logs a failure with a string or object error; error is required', async () => {
    await submit(refundBody(50));
    const missing = await call('POST', '/api/agent-action/5101/fail', { body: { action_id: '5101', status: 'failed', failed_at: iso() } });
    expect(missing).toMatchObject({ status: 422, json: { errors: { error: 'Required: a string or an object' } } });
    const r = await call('POST', '/api/agent-action/5101/fail', {
      body: {
        action_id: '5101',
        status: 'failed',
        failed_at: '2026-04-17T12:00:02+00:00',
        error: { code: 'REFUND_FAILED', message: 'card expired' },
        duration_ms: 15,
      },
    });
    expect(r.json).toEqual({
      success: true,
      action_id: 5101,
      status: 'failed',
      failed_at: '2026-04-17T12:00:02+00:00',
      duration_ms: 15,
      message: 'Action failure logged',
    });
    expect(fake.getAction(5101)?.execution).toEqual({
      state: 'failed',
      at: '2026-04-17T12:00:02+00:00',
      result: null,
      error: { code: 'REFUND_FAILED', message: 'card expired' },
      durationMs: 15,
    });
  });

  it('lists activity newest first, filtered and paged', async () => {
    await submit(refundBody(50));
    await submit(refundBody(500));
    await submit({ ...refundBody(50), agent_id: 'other' });
    const r = await call('GET', '/api/agent-activity?limit=1&offset=0&agent_id=refund-bot-01');
    expect(r.json).toEqual({
      actions: [
        {
          id: 5102,
          action_id: 5102,
          agent_id: 'refund-bot-01',
          agent_name: 'Refund Bot',
          action_type: 'financial.refund',
          resource: 'stripe_api',
          decision: 'pending',
          status: 'pending_approval',
          risk_score: 65,
          risk_level: 'medium',
          approval_request_id: 'apr_1',
          created_at: iso(),
          updated_at: iso(),
          execution_status: null,
          completed_at: null,
          failed_at: null,
        },
      ],
      total: 2,
      limit: 1,
      offset: 0,
      has_more: true,
    });
    const allowed = await call('GET', '/api/agent-activity?limit=50&offset=0&status=allowed');
    expect((allowed.json as { actions: { id: number }[] }).actions.map((a) => a.id)).toEqual([5103, 5101]);
    expect(await call('GET', '/api/agent-activity?limit=0')).toMatchObject({ status: 422, json: { errors: { limit: 'Must be an integer from 1 to 1000' } } });
  });

  it("lists the organization's actions on GET /api/v1/actions as the backend does: a bare array, newest first, status_filter, paged", async () => {
    await submit(refundBody(50));
    await submit(refundBody(500));
    await submit({ ...refundBody(50), agent_id: 'other' });
    const r = await call('GET', '/api/v1/actions?limit=1&offset=1');
    expect(r.json).toEqual([
      {
        id: 5102,
        agent_id: 'refund-bot-01',
        action_type: 'financial.refund',
        description: null,
        status: 'pending_approval',
        risk_score: 65,
        risk_level: 'medium',
        cvss_score: 6.5,
        cvss_severity: 'MEDIUM',
        timestamp: iso(),
        tool_name: null,
        target_system: 'stripe_api',
        extra_data: null,
      },
    ]);
    const approved = await call('GET', '/api/v1/actions?status_filter=approved');
    expect((approved.json as { id: number }[]).map((a) => a.id)).toEqual([5103, 5101]);
    expect(((await call('GET', '/api/v1/actions')).json as unknown[]).length).toBe(3);
    expect(await call('GET', '/api/v1/actions?limit=1001')).toMatchObject({ status: 422, json: { errors: { limit: 'Must be an integer from 1 to 1000' } } });
  });
});

describe('agents (§3.9–3.13)', () => {
  const registerBody = {
    agent_id: 'refund-bot-01',
    display_name: 'Refund Bot',
    agent_type: 'supervised',
    environment: 'production',
    capabilities: ['refunds'],
    allowed_resources: ['stripe_api'],
    sdk_version: '2.3.0',
    metadata: {},
  };

  it('registers, and answers a duplicate with 400 whose detail says "already exists"', async () => {
    const r = await call('POST', '/api/registry/agents', { body: registerBody });
    expect(r.json).toEqual({
      success: true,
      message: 'Agent refund-bot-01 registered',
      id: 1,
      agent_id: 'refund-bot-01',
      trust_level: 'standard',
      status: 'active',
      agent: {
        id: 1,
        agent_id: 'refund-bot-01',
        display_name: 'Refund Bot',
        agent_type: 'supervised',
        environment: 'production',
        capabilities: ['refunds'],
        allowed_resources: ['stripe_api'],
        sdk_version: '2.3.0',
        metadata: {},
        trust_level: 'standard',
        status: 'active',
        model_id: null,
        registered_at: iso(),
        updated_at: iso(),
      },
    });
    const dup = await call('POST', '/api/registry/agents', { body: registerBody });
    expect(dup.status).toBe(400);
    expect(dup.json).toEqual({ detail: 'Agent refund-bot-01 already exists', errors: { agent_id: 'already exists' } });
    expect((await submit(refundBody(50))).thresholds).toEqual({
      auto_approve_below: 50,
      max_risk_threshold: 80,
      agent_type: 'supervised',
      is_registered: true,
    });
  });

  it('links a model (admin key only) and validates model_id', async () => {
    await call('POST', '/api/registry/agents', { body: registerBody });
    const r = await call('PUT', '/api/registry/agents/refund-bot-01', { body: { model_id: 5 } });
    expect(r.json).toEqual({ success: true, agent: { id: 1, agent_id: 'refund-bot-01', model_id: 5 }, message: 'Model 5 linked to agent refund-bot-01' });
    expect(fake.auditLog.at(-1)).toMatchObject({ eventType: 'AGENT_MODEL_LINKED', resource: 'refund-bot-01' });
    expect(await call('PUT', '/api/registry/agents/refund-bot-01', { body: { model_id: 0 } })).toMatchObject({
      status: 422,
      json: { errors: { model_id: 'Must be a positive integer' } },
    });
    expect(await call('PUT', '/api/registry/agents/ghost', { body: { model_id: 5 } })).toMatchObject({ status: 404 });
  });

  it('refuses non-compliant models and non-admin keys with 403', async () => {
    fake = server.use({ models: { '5': 'approved', '6': 'rejected' }, apiKeys: ['ascend_dev_local_key', { key: 'agent_key', admin: false }] });
    await call('POST', '/api/registry/agents', { body: registerBody });
    expect(await call('PUT', '/api/registry/agents/refund-bot-01', { body: { model_id: 6 } })).toMatchObject({
      status: 403,
      json: { detail: 'Model 6 compliance status is rejected', policy_violations: ['MODEL_NOT_COMPLIANT'] },
    });
    expect(await call('PUT', '/api/registry/agents/refund-bot-01', { body: { model_id: 7 } })).toMatchObject({ status: 403 });
    expect(await call('PUT', '/api/registry/agents/refund-bot-01', { body: { model_id: 5 }, key: 'agent_key' })).toMatchObject({
      status: 403,
      json: { detail: 'Admin API key required to update agents', policy_violations: [] },
    });
  });

  it('deregisters with a JSON body, then 404', async () => {
    await call('POST', '/api/registry/agents', { body: registerBody });
    const r = await call('DELETE', '/api/registry/agents/refund-bot-01');
    expect(r.json).toEqual({ success: true, agent_id: 'refund-bot-01', status: 'deregistered', message: 'Agent refund-bot-01 deregistered' });
    expect(await call('DELETE', '/api/registry/agents/refund-bot-01')).toMatchObject({ status: 404, json: { detail: 'Agent refund-bot-01 not found' } });
    expect(await call('DELETE', '/api/registry/agents/None')).toMatchObject({ status: 404 });
  });

  it('takes heartbeats and reports health', async () => {
    await call('POST', '/api/registry/agents', { body: registerBody });
    const hb = await call('POST', '/api/agents/health/heartbeat', {
      body: {
        agent_id: 'refund-bot-01',
        sdk_version: '2.3.0',
        timestamp: '2026-04-17T12:00:00+00:00',
        response_time_ms: 120,
        error_rate: 0.02,
        requests_count: 1000,
      },
    });
    expect(hb.json).toEqual({ success: true, agent_id: 'refund-bot-01', status: 'healthy', received_at: iso(), next_heartbeat_in_seconds: 60 });
    clock.advance(90_000);
    const health = await call('GET', '/api/agents/health/refund-bot-01');
    expect(health.json).toEqual({
      agent_id: 'refund-bot-01',
      status: 'healthy',
      last_heartbeat: iso(),
      uptime_seconds: 90,
      is_registered: true,
      metadata: { sdk_version: '2.3.0', response_time_ms: 120, error_rate: 0.02, requests_count: 1000, heartbeat_count: 1 },
    });
    clock.advance(180_000);
    expect((await call('GET', '/api/agents/health/refund-bot-01')).json.status).toBe('offline');
    expect(await call('GET', '/api/agents/health/ghost')).toMatchObject({ status: 404 });
    const noAgent = await call('POST', '/api/agents/health/heartbeat', { body: { agent_id: null, sdk_version: '2.3.0', timestamp: iso() } });
    expect(noAgent).toMatchObject({ status: 422, json: { errors: { agent_id: 'Required field' } } });
  });
});

describe('kill switch and commands (§3.14–3.16)', () => {
  it('reports the kill switch and blocks submissions while it is on', async () => {
    expect((await call('GET', '/api/sdk/kill-switch/status')).json).toEqual({ active: false, reason: null, activated_at: null, activated_by: null });
    fake.setKillSwitch(true, { reason: 'Incident INC-42', by: 'ciso@corp.example' });
    expect((await call('GET', '/api/sdk/kill-switch/status')).json).toEqual({
      active: true,
      reason: 'Incident INC-42',
      activated_at: iso(),
      activated_by: 'ciso@corp.example',
    });
    const json = await submit({ agent_id: 'a', agent_name: 'a', action_type: 'database.query', resource: 'orders' });
    expect(json).toMatchObject({
      decision: 'denied',
      status: 'denied',
      reason: 'Kill switch active: Incident INC-42',
      policy_violations: ['KILL_SWITCH_ACTIVE'],
      risk_score: 100,
    });
  });

  it('delivers pending and broadcast commands, then acknowledges them', async () => {
    const targeted = fake.issueCommand({ agentId: 'refund-bot-01', commandType: 'block', reason: 'suspicious refunds' });
    fake.issueCommand({ agentId: 'someone-else', commandType: 'BLOCK' });
    fake.setKillSwitch(true, { reason: 'Incident INC-42' });
    const r = await call('GET', '/api/registry/agents/refund-bot-01/commands');
    expect(r.json).toEqual({
      agent_id: 'refund-bot-01',
      count: 2,
      commands: [
        {
          command_id: targeted.commandId,
          agent_id: 'refund-bot-01',
          command_type: 'BLOCK',
          target_type: 'agent',
          reason: 'suspicious refunds',
          parameters: {},
          status: 'delivered',
          issued_by: 'admin@ascend.local',
          issued_via: 'admin_api',
          created_at: iso(),
          expires_at: null,
          is_broadcast: false,
        },
        expect.objectContaining({ agent_id: null, command_type: 'BLOCK', reason: 'Incident INC-42', issued_via: 'kill_switch', is_broadcast: true }),
      ],
    });
    expect(targeted.commandId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ack = await call('POST', `/api/registry/agents/refund-bot-01/commands/${targeted.commandId}/ack`, { body: '{}' });
    expect(ack.json).toEqual({ success: true, command_id: targeted.commandId, status: 'acknowledged' });
    expect((await call('GET', '/api/registry/agents/refund-bot-01/commands')).json.count).toBe(1);
    expect(fake.auditLog.map((e) => e.eventType)).toContain('AGENT_COMMAND_ACKNOWLEDGED');
  });

  it('rejects acks for unknown or foreign commands with 403', async () => {
    const other = fake.issueCommand({ agentId: 'someone-else', commandType: 'BLOCK' });
    const foreign = await call('POST', `/api/registry/agents/refund-bot-01/commands/${other.commandId}/ack`, { body: '{}' });
    expect(foreign).toMatchObject({
      status: 403,
      json: { detail: `Command ${other.commandId} is not addressed to agent refund-bot-01`, policy_violations: ['COMMAND_ACK_REJECTED'] },
    });
    expect(await call('POST', '/api/registry/agents/refund-bot-01/commands/c-1/ack', { body: '{}' })).toMatchObject({ status: 403 });
    expect(fake.auditLog.filter((e) => e.eventType === 'AGENT_COMMAND_ACK_REJECTED')).toHaveLength(2);
  });

  it('expires commands by the clock', async () => {
    fake.issueCommand({ agentId: 'a', commandType: 'BLOCK', expiresInMs: 1000 });
    clock.advance(1000);
    expect((await call('GET', '/api/registry/agents/a/commands')).json).toEqual({ agent_id: 'a', commands: [], count: 0 });
  });
});

describe('policy evaluate, classifications, audit logs, approval check (§3.17–3.20)', () => {
  it('evaluates a policy in real time', async () => {
    const r = await call('POST', '/api/governance/policies/evaluate-realtime', {
      body: { action_type: 'payment.refund', resource: 'stripe_api', risk_score: 40, context: { amount: 500 } },
    });
    expect(r.json).toEqual({
      decision: 'require_approval',
      matched_policies: [{ id: 'refund-requires-approval', name: 'Refunds above 100 need approval' }],
      violations: [],
      risk_score: 40,
      risk_level: 'medium',
      reason: 'Refund above the automatic limit of 100 requires approval',
      required_approvers: ['finance-approvers'],
      evaluation_time_ms: 1,
      evaluated_at: iso(),
    });
    const deny = await call('POST', '/api/governance/policies/evaluate-realtime', { body: { action_type: 'table.drop', resource: 'r' } });
    expect(deny.json).toMatchObject({ decision: 'deny', violations: ['SEC-001'], risk_score: 95, risk_level: 'critical' });
    expect(fake.listActions()).toEqual([]);
  });

  it('lists resource classifications filtered by type', async () => {
    const r = await call('GET', '/api/v1/resource-classifications?resource_type=database');
    expect(r.json).toEqual({
      classifications: [
        {
          resource_id: 'production_db',
          resource_type: 'database',
          sensitivity_level: 'critical',
          compliance_tags: ['SOC2', 'GDPR'],
          metadata: { environment: 'production' },
        },
        { resource_id: 'customer_db', resource_type: 'database', sensitivity_level: 'high', compliance_tags: ['GDPR', 'PII'], metadata: {} },
      ],
      total: 2,
    });
    fake.setResourceClassification({ resourceId: 'kb', resourceType: 'vector_store', sensitivityLevel: 'low', complianceTags: [], metadata: {} });
    expect((await call('GET', '/api/v1/resource-classifications?resource_type=vector_store')).json.total).toBe(1);
  });

  it('serves audit logs at /audit/logs (no /api prefix), newest first', async () => {
    await submit(refundBody(50));
    const r = await call('GET', '/audit/logs?limit=50&offset=0');
    expect(r.json).toEqual({
      events: [
        {
          event_id: 'ev-1',
          event_type: 'action.submitted',
          timestamp: iso(),
          actor: 'refund-bot-01',
          resource: 'stripe_api',
          action: 'financial.refund',
          outcome: 'allowed',
          details: { action_id: 5101, risk_score: 25, risk_level: 'low', rule_id: 'refund-within-limit', policy_violations: [], approval_request_id: null },
        },
      ],
      total: 1,
      page: 1,
      page_size: 50,
      limit: 50,
      offset: 0,
    });
  });

  it('answers the approval check with status, approver and reason fields', async () => {
    await submit(refundBody(150));
    const pending = await call('GET', '/api/sdk/approval/apr_1');
    expect(pending.json).toEqual({
      approval_request_id: 'apr_1',
      action_id: 5101,
      status: 'pending',
      approved_by: null,
      rejected_by: null,
      decided_at: null,
      rejection_reason: null,
      comments: null,
      requested_at: iso(),
      expires_at: iso(3_600_000),
      required_approvers: ['finance-approvers'],
      action_type: 'financial.refund',
      resource: 'stripe_api',
      agent_id: 'refund-bot-01',
      risk_score: 65,
      risk_level: 'medium',
    });
    clock.advance(6 * 60_000);
    fake.reject('apr_1', { by: 'ciso@corp.example', reason: 'Out of policy' });
    expect((await call('GET', '/api/sdk/approval/apr_1')).json).toMatchObject({
      status: 'rejected',
      rejected_by: 'ciso@corp.example',
      approved_by: null,
      rejection_reason: 'Out of policy',
      decided_at: iso(360_000),
    });
    expect(await call('GET', '/api/sdk/approval/apr_9')).toMatchObject({ status: 404, json: { detail: 'Approval request apr_9 not found' } });
  });
});

describe('webhooks (§3.21–3.25)', () => {
  it('configures, lists (secret masked), updates, tests and deletes', async () => {
    const configured = await call('POST', '/api/webhooks/configure', {
      body: { url: 'https://hooks.example/ascend', events: ['action.approved'], agent_id: 'refund-bot-01', secret: 'whsec_abcdef123456' },
    });
    const item = {
      webhook_id: 'wh_1',
      id: 'wh_1',
      url: 'https://hooks.example/ascend',
      events: ['action.approved'],
      agent_id: 'refund-bot-01',
      active: true,
      created_at: iso(),
      updated_at: iso(),
    };
    expect(configured.json).toEqual({ success: true, ...item, secret: 'whsec_abcdef123456' });
    expect((await call('GET', '/api/webhooks')).json).toEqual({ webhooks: [{ ...item, secret: 'whsec_****3456' }], total: 1 });

    const updated = await call('PUT', '/api/webhooks/wh_1', { body: { events: ['action.approved', 'action.denied'] } });
    expect(updated.json).toEqual({ ...item, events: ['action.approved', 'action.denied'], secret: 'whsec_****3456' });
    expect((await call('PUT', '/api/webhooks/wh_1', { body: '{}' })).status).toBe(200);

    const test = await call('POST', '/api/webhooks/wh_1/test');
    expect(test.json).toEqual({ success: true, status_code: 200, response_time_ms: 0, error: null });
    expect(fake.outbox.map((d) => d.eventType)).toEqual(['webhook.test']);

    expect((await call('DELETE', '/api/webhooks/wh_1')).json).toEqual({ success: true, webhook_id: 'wh_1', deleted: true });
    expect(await call('DELETE', '/api/webhooks/wh_1')).toMatchObject({ status: 404, json: { detail: 'Webhook wh_1 not found' } });
    expect(await call('POST', '/api/webhooks/wh_1/test')).toMatchObject({ status: 404 });
  });

  it('validates the url and events and generates a secret when none is given', async () => {
    const bad = await call('POST', '/api/webhooks/configure', { body: { url: 'http://hooks.example', events: ['action.nope'], agent_id: null } });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json.errors as object)).toEqual(['url', 'events']);
    const local = await call('POST', '/api/webhooks/configure', { body: { url: 'http://localhost:9000/hook', events: [], agent_id: null } });
    expect(local.json.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(fake.getWebhook('wh_1')?.secret).toBe(local.json.secret);
  });

  it('queues subscribed events in the backend envelope', async () => {
    await call('POST', '/api/webhooks/configure', { body: { url: 'https://hooks.example/a', events: ['action.pending', 'action.approved'], agent_id: null } });
    await submit(refundBody(150));
    clock.advance(1000);
    fake.approve(5101, { by: 'ciso@corp.example', comment: 'fine' });
    const deliveries = fake.takeOutbox();
    expect(deliveries.map((d) => d.eventType)).toEqual(['action.pending', 'action.approved']);
    expect(deliveries[1]).toEqual({
      deliveryId: 'dlv_2',
      webhookId: 'wh_1',
      url: 'https://hooks.example/a',
      eventType: 'action.approved',
      createdAt: iso(1000),
      body: JSON.stringify(deliveries[1]!.event),
      event: {
        id: expect.stringMatching(/^evt_[0-9a-f]{24}$/),
        type: 'action.approved',
        timestamp: iso(1000),
        api_version: '2025-11-28',
        organization_id: 1,
        data: {
          action_id: 5101,
          action_type: 'financial.refund',
          agent_id: 'refund-bot-01',
          resource: 'stripe_api',
          risk_score: 65,
          risk_level: 'medium',
          status: 'approved',
          approved_by: 'ciso@corp.example',
          approved_at: iso(1000),
          approval_notes: 'fine',
        },
        metadata: { idempotency_key: deliveries[1]!.event.id, delivery_attempt: 1 },
      },
    });
    expect(fake.outbox).toEqual([]);
  });
});

describe('supply chain and MCP (§3.26–3.27)', () => {
  it('registers a supply-chain component and refuses duplicates and bad enums', async () => {
    const body = {
      component_id: 'llama-3-8b',
      component_name: 'Llama 3 8B',
      component_type: 'model',
      provenance_verified: true,
      risk_level: 'medium',
      provider: 'meta',
      version: '3.0',
      package_ecosystem: 'huggingface',
    };
    const r = await call('POST', '/api/v1/supply-chain/components', { body });
    expect(r.json).toEqual({
      success: true,
      component: {
        id: 1,
        component_id: 'llama-3-8b',
        component_name: 'Llama 3 8B',
        component_type: 'model',
        provenance_verified: true,
        risk_level: 'medium',
        provider: 'meta',
        version: '3.0',
        package_ecosystem: 'huggingface',
        created_at: iso(),
      },
      message: 'Component llama-3-8b registered',
    });
    expect(await call('POST', '/api/v1/supply-chain/components', { body })).toMatchObject({
      status: 409,
      json: { detail: 'Component llama-3-8b already exists' },
    });
    const bad = await call('POST', '/api/v1/supply-chain/components', {
      body: { ...body, component_id: 'x', component_type: 'gadget', risk_level: 'extreme' },
    });
    expect(bad).toMatchObject({
      status: 422,
      json: {
        errors: {
          component_type: 'Must be one of model, library, dataset, framework, tool, service',
          risk_level: 'Must be one of low, medium, high, critical',
        },
      },
    });
  });

  it('submits an MCP action with the reference body: allowed, pending and denied', async () => {
    const body = {
      mcp_server: 'fs-server',
      namespace: 'filesystem',
      verb: 'read_file',
      resource: '/etc/app.conf',
      action_type: 'filesystem.read_file',
      description: null,
      parameters: {},
      context: {},
      environment: 'production',
      tool_name: null,
    };
    const r = await call('POST', '/api/v1/mcp/actions/submit', { body });
    expect(r.json).toMatchObject({
      action_id: 5101,
      success: true,
      status: 'approved',
      decision: 'allowed',
      requires_approval: false,
      risk_score: 10,
      execution_allowed: true,
      mcp_server: 'fs-server',
      namespace: 'filesystem',
      verb: 'read_file',
      tool_name: null,
      environment: 'production',
    });
    const pending = await call('POST', '/api/v1/mcp/actions/submit', {
      body: { ...body, verb: 'delete_rows', resource: 'production_db', action_type: null, tool_name: 'delete_rows' },
    });
    expect(pending.json).toMatchObject({
      success: true,
      status: 'pending_approval',
      requires_approval: true,
      action_type: 'filesystem.delete_rows',
      approval_request_id: 'apr_1',
    });
    const denied = await call('POST', '/api/v1/mcp/actions/submit', { body: { ...body, verb: 'drop', action_type: 'database.drop' } });
    expect(denied.json).toMatchObject({ success: false, status: 'denied', decision: 'denied', risk_score: 95, policy_violations: ['SEC-001'] });
    expect((await call('GET', '/api/v1/actions/5101/status')).json.action_id).toBe(5101);
  });
});
