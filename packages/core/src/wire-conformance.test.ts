/**
 * Wire conformance: every operation of the client, checked on the bytes that reach the server
 * (method, raw path, query, every envelope header, exact body bytes, signature over exactly
 * those bytes) and on how the reference's sample responses are normalized.
 *
 * Expected bodies were produced by CPython's `json.dumps(body, sort_keys=True)` from the
 * reference's field lists and are hard-coded. Retries are off (`maxRetries: 0`) throughout.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AscendClient } from './client.js';
import { SDK_VERSION } from './version.js';
import { REFERENCE_SIGNING_VECTOR } from './signer-contract.js';
import { BASE_URL, hmacHex, testClient } from './test-support/harness.js';
import { json, WireRecorder, type RecordedRequest } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

const API_KEY = 'test-api-key-0001';
const SECRET = 'test-secret';
/** formatRequestTimestamp(FIXED_NOW): Python's isoformat() with microseconds. */
const TS = '2026-04-17T12:00:00.123000+00:00';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Expectation {
  method: Method;
  path: string;
  /** The exact raw query string ('' for none). */
  query?: string;
  /** The exact body bytes; undefined when no body may be sent. */
  body?: string;
  /** Whether an X-Signature is due when a secret is configured. */
  signed: boolean;
}

/** Checks every envelope header of one recorded request. */
function expectEnvelope(req: RecordedRequest, want: Expectation, secret: string | undefined): void {
  const h = req.headers;
  expect(req.method).toBe(want.method);
  expect(req.path).toBe(want.path);
  expect(req.rawQuery).toBe(want.query ?? '');
  expect(h['x-api-key']).toBe(API_KEY);
  // The key is sent once (reference §13.29): no Authorization duplicate.
  expect(h['authorization']).toBeUndefined();
  expect(h['user-agent']).toBe(`ascend-sdk-ts/${SDK_VERSION} (test)`);
  expect(h['x-sdk-version']).toBe(SDK_VERSION);
  expect(h['x-environment']).toBe('production');
  expect(h['x-correlation-id']).toMatch(/^asc_[0-9a-f]{16}$/);
  expect(h['x-request-timestamp']).toBe(TS);
  expect(h['x-request-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
  if (want.body === undefined) {
    expect(req.body.length).toBe(0);
    expect(h['content-type']).toBeUndefined();
  } else {
    expect(req.text).toBe(want.body);
    expect(h['content-type']).toBe('application/json');
  }
  if (want.method === 'POST') expect(h['idempotency-key']).toMatch(UUID);
  else expect(h['idempotency-key']).toBeUndefined();
  if (secret !== undefined && want.signed) {
    // The signed bytes are the sent bytes: HMAC over the captured timestamp header + raw body.
    const expected = `v1=${hmacHex(secret, Buffer.concat([Buffer.from(`${h['x-request-timestamp']}.`), req.body]))}`;
    expect(h['x-signature']).toBe(expected);
  } else {
    expect(h['x-signature']).toBeUndefined();
  }
}

interface OperationCase extends Expectation {
  /** Operation name as in reference §3.0. */
  op: string;
  call: (client: AscendClient) => Promise<unknown>;
  /** A response example from the reference (or the shape it describes). */
  response: unknown;
  /** The normalized result the SDK must return for it. */
  result: unknown;
}

const pendingLiveSample = {
  action_id: 5102,
  status: 'pending_approval',
  decision: 'pending',
  risk_score: 49,
  risk_level: 'medium',
  policy_decision: 'require_approval',
  correlation_id: 'action_20260417_120000_ab12cd34',
  cvss_score: 4.3,
  cvss_severity: 'MEDIUM',
  mitre_tactic: 'Execution',
  mitre_technique: 'T1059',
  nist_control: 'SI-3',
  processing_time_ms: 1602,
  alert_triggered: false,
  alert_id: null,
  workflow_id: null,
  matched_policies: 0,
  matched_smart_rules: 0,
  output_scan_result: 'not_scanned',
  thresholds: { auto_approve_below: 50, max_risk_threshold: 80, agent_type: 'supervised', is_registered: true },
  metadata: {},
};

const submitRequest = {
  actionType: 'financial.refund',
  resource: 'stripe_api',
  resourceId: 'ch_3PqX',
  parameters: { amount: 100, currency: 'USD' },
  context: { session_id: 's-42' },
  riskIndicators: { financial_data: true },
  orchestrationSessionId: 'orch-7',
  parentActionId: 5101,
  orchestrationDepth: 1,
};
const submitBytes =
  '{"action_details": {"amount": 100, "currency": "USD"}, "action_type": "financial.refund", "agent_id": "agent-001", "agent_name": "Refund Bot", "context": {"session_id": "s-42"}, "orchestration_depth": 1, "orchestration_session_id": "orch-7", "parent_action_id": 5101, "resource": "stripe_api", "resource_id": "ch_3PqX", "risk_indicators": {"financial_data": true}}';

const pendingDecision = {
  decision: 'pending',
  actionId: '5102',
  status: 'pending_approval',
  riskScore: 49,
  riskLevel: 'medium',
  reason: undefined,
  policyViolations: [],
  conditions: [],
  approvedBy: undefined,
  approvedAt: undefined,
  comments: undefined,
  metadata: {},
  details: {
    correlationId: 'action_20260417_120000_ab12cd34',
    cvssScore: 4.3,
    cvssSeverity: 'MEDIUM',
    mitreTactic: 'Execution',
    mitreTechnique: 'T1059',
    nistControl: 'SI-3',
    processingTimeMs: 1602,
    alertTriggered: false,
    matchedPolicies: 0,
    matchedSmartRules: 0,
    outputScanResult: 'not_scanned',
    policyDecision: 'require_approval',
    thresholds: { auto_approve_below: 50, max_risk_threshold: 80, agent_type: 'supervised', is_registered: true },
  },
  raw: pendingLiveSample,
  executionAllowed: false,
  approvalRequestId: undefined,
  expiresAt: undefined,
  requiredApprovers: [],
  execution: undefined,
  failOpen: undefined,
};

const auditSample = {
  events: [
    {
      event_id: 'ev-1',
      event_type: 'action.submitted',
      timestamp: '2026-04-17T12:00:00Z',
      actor: 'refund-bot-01',
      resource: 'stripe_api',
      action: 'financial.refund',
      outcome: 'pending',
      details: {},
    },
  ],
  total: 1,
  page: 1,
  page_size: 50,
};

const OPERATIONS: OperationCase[] = [
  {
    op: 'health',
    call: (c) => c.health(),
    method: 'GET',
    path: '/health',
    signed: false,
    response: { status: 'ok' },
    result: { status: 'ok' },
  },
  {
    op: 'getDeploymentInfo',
    call: (c) => c.getDeploymentInfo(),
    method: 'GET',
    path: '/api/deployment-info',
    signed: false,
    response: { version: '2.3.0', environment: 'production', region: 'eu' },
    result: { version: '2.3.0', environment: 'production', raw: { version: '2.3.0', environment: 'production', region: 'eu' } },
  },
  {
    op: 'submitAction (live pending sample)',
    call: (c) => c.submitAction(submitRequest),
    method: 'POST',
    path: '/api/v1/actions/submit',
    body: submitBytes,
    signed: true,
    response: pendingLiveSample,
    result: pendingDecision,
  },
  {
    op: 'evaluateAction (live pending sample, no wait)',
    call: (c) => c.evaluateAction(submitRequest),
    method: 'POST',
    path: '/api/v1/actions/submit',
    body: submitBytes,
    signed: true,
    response: pendingLiveSample,
    result: pendingDecision,
  },
  {
    op: 'getActionStatus (v1 path, §3.4 sample)',
    call: (c) => c.getActionStatus('5102'),
    method: 'GET',
    path: '/api/v1/actions/5102/status',
    signed: false,
    response: { action_id: 5102, status: 'approved', reviewed_by: 'ciso@corp.example', reviewed_at: '2026-04-17T12:05:00Z' },
    result: {
      decision: 'allowed',
      actionId: '5102',
      status: 'approved',
      riskScore: undefined,
      riskLevel: undefined,
      reason: undefined,
      policyViolations: [],
      conditions: [],
      approvedBy: 'ciso@corp.example',
      approvedAt: '2026-04-17T12:05:00Z',
      comments: undefined,
      metadata: {},
      details: {},
      raw: { action_id: 5102, status: 'approved', reviewed_by: 'ciso@corp.example', reviewed_at: '2026-04-17T12:05:00Z' },
      executionAllowed: true,
      execution: undefined,
      failOpen: undefined,
    },
  },
  {
    op: 'getAction',
    call: (c) => c.getAction('5102'),
    method: 'GET',
    path: '/api/v1/actions/5102',
    signed: false,
    response: {
      id: 5102,
      agent_id: 'agent-001',
      agent_name: 'Refund Bot',
      action_type: 'financial.refund',
      resource: 'stripe_api',
      resource_id: 'ch_3PqX',
      status: 'approved',
      risk_score: 49,
      created_at: '2026-04-17T12:00:00Z',
      updated_at: '2026-04-17T12:05:00Z',
      audit_trail: [{ event: 'submitted' }, 'junk', { event: 'approved' }],
    },
    result: {
      actionId: '5102',
      agentId: 'agent-001',
      agentName: 'Refund Bot',
      actionType: 'financial.refund',
      resource: 'stripe_api',
      resourceId: 'ch_3PqX',
      status: 'approved',
      outcome: 'allowed',
      riskScore: 49,
      createdAt: '2026-04-17T12:00:00Z',
      updatedAt: '2026-04-17T12:05:00Z',
      auditTrail: [{ event: 'submitted' }, { event: 'approved' }],
    },
  },
  {
    op: 'logActionCompleted',
    call: (c) => c.logActionCompleted('5102', { result: { refund_id: 're_1' }, durationMs: 1234 }),
    method: 'POST',
    path: '/api/agent-action/5102/complete',
    body: `{"action_id": "5102", "completed_at": "${TS}", "duration_ms": 1234, "result": {"refund_id": "re_1"}, "status": "completed"}`,
    signed: true,
    response: { success: true },
    result: { delivered: true, spooled: false, error: undefined },
  },
  {
    op: 'logActionFailed',
    call: (c) => c.logActionFailed('5102', { error: { code: 'E1', message: 'boom' }, durationMs: 15 }),
    method: 'POST',
    path: '/api/agent-action/5102/fail',
    body: `{"action_id": "5102", "duration_ms": 15, "error": {"code": "E1", "message": "boom"}, "failed_at": "${TS}", "status": "failed"}`,
    signed: true,
    response: { success: true },
    result: { delivered: true, spooled: false, error: undefined },
  },
  {
    op: 'listActivity',
    call: (c) => c.listActivity({ limit: 10, offset: 20, status: 'pending' }),
    method: 'GET',
    path: '/api/agent-activity',
    query: 'limit=10&offset=20&status=pending&agent_id=agent-001',
    signed: false,
    response: { actions: [{ id: 1 }], total: 1 },
    result: { actions: [{ id: 1 }], total: 1, raw: { actions: [{ id: 1 }], total: 1 } },
  },
  {
    op: 'listActions',
    call: (c) => c.listActions({ limit: 20, offset: 40, status: 'pending_approval' }),
    method: 'GET',
    path: '/api/v1/actions',
    query: 'limit=20&offset=40&status_filter=pending_approval',
    signed: false,
    // The backend's bare list (routes/actions_v1_routes.py); an item without an id is dropped.
    response: [
      {
        id: 7,
        agent_id: 'agent-001',
        action_type: 'data_access',
        description: 'read rows',
        status: 'pending_approval',
        risk_score: 72.5,
        risk_level: 'high',
        cvss_score: 7.3,
        timestamp: '2025-12-20T10:00:00',
        tool_name: 'sql',
        target_system: 'customer_db',
        extra_data: null,
      },
      { status: 'approved' },
    ],
    result: {
      actions: [
        {
          actionId: '7',
          agentId: 'agent-001',
          actionType: 'data_access',
          description: 'read rows',
          status: 'pending_approval',
          outcome: 'pending',
          riskScore: 72.5,
          riskLevel: 'high',
          timestamp: '2025-12-20T10:00:00',
          toolName: 'sql',
          targetSystem: 'customer_db',
        },
      ],
      raw: [
        {
          id: 7,
          agent_id: 'agent-001',
          action_type: 'data_access',
          description: 'read rows',
          status: 'pending_approval',
          risk_score: 72.5,
          risk_level: 'high',
          cvss_score: 7.3,
          timestamp: '2025-12-20T10:00:00',
          tool_name: 'sql',
          target_system: 'customer_db',
          extra_data: null,
        },
        { status: 'approved' },
      ],
    },
  },
  {
    op: 'register',
    call: (c) => c.register({ capabilities: ['refunds'], allowedResources: ['stripe_api'] }),
    method: 'POST',
    path: '/api/registry/agents',
    body: `{"agent_id": "agent-001", "agent_type": "supervised", "allowed_resources": ["stripe_api"], "capabilities": ["refunds"], "display_name": "Refund Bot", "environment": "production", "metadata": {}, "sdk_version": "${SDK_VERSION}"}`,
    signed: true,
    response: { agent_id: 'agent-001', trust_level: 'standard' },
    result: { alreadyRegistered: false, agentId: 'agent-001', trustLevel: 'standard', raw: { agent_id: 'agent-001', trust_level: 'standard' } },
  },
  {
    op: 'deregister',
    call: (c) => c.deregister(),
    method: 'DELETE',
    path: '/api/registry/agents/agent-001',
    signed: false,
    response: { success: true },
    result: undefined,
  },
  {
    op: 'linkModel',
    call: (c) => c.linkModel(5),
    method: 'PUT',
    path: '/api/registry/agents/agent-001',
    body: '{"model_id": 5}',
    signed: true,
    response: { success: true, agent: { id: 1, model_id: 5 }, message: 'Model linked' },
    result: { success: true, agent: { id: 1, model_id: 5 }, message: 'Model linked' },
  },
  {
    op: 'heartbeat',
    call: (c) => c.heartbeat({ responseTimeMs: 120, errorRate: 0.02, requestsCount: 1000 }),
    method: 'POST',
    path: '/api/agents/health/heartbeat',
    body: `{"agent_id": "agent-001", "error_rate": 0.02, "requests_count": 1000, "response_time_ms": 120, "sdk_version": "${SDK_VERSION}", "timestamp": "${TS}"}`,
    signed: true,
    response: { status: 'ok' },
    result: undefined,
  },
  {
    op: 'getAgentHealth',
    call: (c) => c.getAgentHealth(),
    method: 'GET',
    path: '/api/agents/health/agent-001',
    signed: false,
    response: { agent_id: 'agent-001', status: 'healthy', last_heartbeat: '2026-04-17T11:59:00Z', uptime_seconds: 3600, metadata: { v: 1 } },
    result: { agentId: 'agent-001', status: 'healthy', lastHeartbeat: '2026-04-17T11:59:00Z', uptimeSeconds: 3600, metadata: { v: 1 } },
  },
  {
    op: 'getKillSwitchStatus',
    call: (c) => c.getKillSwitchStatus(),
    method: 'GET',
    path: '/api/sdk/kill-switch/status',
    signed: false,
    response: { active: true, reason: 'Incident INC-42', activated_at: '2026-04-17T10:00:00Z', activated_by: 'ciso@corp.example' },
    result: { active: true, reason: 'Incident INC-42', activatedAt: '2026-04-17T10:00:00Z', activatedBy: 'ciso@corp.example' },
  },
  {
    op: 'getPendingCommands',
    call: (c) => c.getPendingCommands(),
    method: 'GET',
    path: '/api/registry/agents/agent-001/commands',
    signed: false,
    response: {
      agent_id: 'agent-001',
      commands: [
        {
          command_id: 'c-1',
          command_type: 'block',
          target_type: 'agent',
          reason: 'INC-42',
          parameters: { scope: 'all' },
          status: 'pending',
          issued_by: 'ciso@corp.example',
          issued_via: 'dashboard',
          created_at: '2026-04-17T10:00:00Z',
          expires_at: '2026-04-18T10:00:00Z',
          is_broadcast: false,
        },
        { command_type: 'UNBLOCK' },
      ],
      count: 2,
    },
    result: [
      {
        commandId: 'c-1',
        commandType: 'BLOCK',
        targetType: 'agent',
        reason: 'INC-42',
        parameters: { scope: 'all' },
        status: 'pending',
        issuedBy: 'ciso@corp.example',
        issuedVia: 'dashboard',
        createdAt: '2026-04-17T10:00:00Z',
        expiresAt: '2026-04-18T10:00:00Z',
        isBroadcast: false,
      },
    ],
  },
  {
    op: 'ackCommand',
    call: (c) => c.ackCommand('c-1'),
    method: 'POST',
    path: '/api/registry/agents/agent-001/commands/c-1/ack',
    body: '{}',
    signed: false,
    response: { success: true, command_id: 'c-1', status: 'acknowledged' },
    result: true,
  },
  {
    op: 'evaluatePolicy',
    call: (c) => c.evaluatePolicy({ actionType: 'a.b', resource: 'r', riskScore: 40, context: { k: 'v' } }),
    method: 'POST',
    path: '/api/governance/policies/evaluate-realtime',
    body: '{"action_type": "a.b", "context": {"k": "v"}, "resource": "r", "risk_score": 40}',
    signed: true,
    response: { decision: 'deny', matched_policies: [{ id: 3, name: 'Refund cap' }], violations: ['FIN-001'], risk_score: 80, evaluation_time_ms: 12 },
    result: { decision: 'deny', matchedPolicies: [{ id: 3, name: 'Refund cap' }], violations: ['FIN-001'], riskScore: 80, evaluationTimeMs: 12 },
  },
  {
    op: 'getResourceClassification',
    call: (c) => c.getResourceClassification('database'),
    method: 'GET',
    path: '/api/v1/resource-classifications',
    query: 'resource_type=database',
    signed: false,
    response: {
      classifications: [
        { resource_type: 'file', id: 'f-1' },
        { resource_id: 'db-1', resource_type: 'database', sensitivity_level: 'high', compliance_tags: ['pii', 'gdpr'], metadata: { owner: 'data' } },
      ],
    },
    result: { resourceId: 'db-1', resourceType: 'database', sensitivityLevel: 'high', complianceTags: ['pii', 'gdpr'], metadata: { owner: 'data' } },
  },
  {
    op: 'getAuditLogs',
    call: (c) => c.getAuditLogs(),
    method: 'GET',
    path: '/audit/logs',
    query: 'limit=50&offset=0',
    signed: false,
    response: auditSample,
    result: {
      events: [
        {
          eventId: 'ev-1',
          eventType: 'action.submitted',
          timestamp: '2026-04-17T12:00:00Z',
          actor: 'refund-bot-01',
          resource: 'stripe_api',
          action: 'financial.refund',
          outcome: 'pending',
          details: {},
        },
      ],
      total: 1,
      page: 1,
      pageSize: 50,
    },
  },
  {
    op: 'checkApproval (§3.20 rejected sample)',
    call: (c) => c.checkApproval('apr-1'),
    method: 'GET',
    path: '/api/sdk/approval/apr-1',
    signed: false,
    response: { status: 'rejected', rejected_by: 'ciso@corp.example', rejection_reason: 'Out of policy', decided_at: '2026-04-17T12:06:00Z' },
    result: {
      state: 'rejected',
      approver: 'ciso@corp.example',
      decidedAt: '2026-04-17T12:06:00Z',
      comments: 'Out of policy',
      raw: { status: 'rejected', rejected_by: 'ciso@corp.example', rejection_reason: 'Out of policy', decided_at: '2026-04-17T12:06:00Z' },
    },
  },
  {
    op: 'configureWebhook',
    call: (c) => c.configureWebhook({ url: 'https://hooks.example.com/ascend', events: ['action.approved'], secret: 'whsec_abc123' }),
    method: 'POST',
    path: '/api/webhooks/configure',
    body: '{"agent_id": "agent-001", "events": ["action.approved"], "secret": "whsec_abc123", "url": "https://hooks.example.com/ascend"}',
    signed: true,
    response: { webhook_id: 'wh_1' },
    result: { webhookId: 'wh_1', url: 'https://hooks.example.com/ascend', events: ['action.approved'], active: true, createdAt: undefined },
  },
  {
    op: 'listWebhooks',
    call: (c) => c.listWebhooks(),
    method: 'GET',
    path: '/api/webhooks',
    signed: false,
    response: {
      webhooks: [
        { id: 7, url: 'https://hooks.example.com/a', events: ['action.approved'], active: false, secret: 'whsec_x', created_at: '2026-04-01T00:00:00Z' },
        { webhook_id: 'wh_2', url: 'https://hooks.example.com/b' },
      ],
    },
    result: [
      { webhookId: '7', url: 'https://hooks.example.com/a', events: ['action.approved'], active: false, createdAt: '2026-04-01T00:00:00Z' },
      { webhookId: 'wh_2', url: 'https://hooks.example.com/b', events: [], active: true, createdAt: undefined },
    ],
  },
  {
    op: 'updateWebhook',
    call: (c) => c.updateWebhook('wh_1', { events: ['action.denied'] }),
    method: 'PUT',
    path: '/api/webhooks/wh_1',
    body: '{"events": ["action.denied"]}',
    signed: true,
    response: { webhook_id: 'wh_1', url: 'https://hooks.example.com/ascend', events: ['action.denied'], active: true },
    result: { webhookId: 'wh_1', url: 'https://hooks.example.com/ascend', events: ['action.denied'], active: true, createdAt: undefined },
  },
  {
    op: 'deleteWebhook',
    call: (c) => c.deleteWebhook('wh_1'),
    method: 'DELETE',
    path: '/api/webhooks/wh_1',
    signed: false,
    response: { success: true },
    result: undefined,
  },
  {
    op: 'testWebhook',
    call: (c) => c.testWebhook('wh_1'),
    method: 'POST',
    path: '/api/webhooks/wh_1/test',
    signed: false,
    response: { success: true, status_code: 200, response_time_ms: 84, error: null },
    result: { success: true, statusCode: 200, responseTimeMs: 84, error: undefined },
  },
  {
    op: 'registerSupplyChainComponent',
    call: (c) => c.registerSupplyChainComponent({ componentId: 'comp-1', componentName: 'llama', componentType: 'model', provider: 'meta', version: '3' }),
    method: 'POST',
    path: '/api/v1/supply-chain/components',
    body: '{"component_id": "comp-1", "component_name": "llama", "component_type": "model", "provenance_verified": false, "provider": "meta", "risk_level": "medium", "version": "3"}',
    signed: true,
    response: { success: true, component: { id: 1 } },
    result: { success: true, component: { id: 1 } },
  },
  {
    op: 'evaluateMcpAction',
    call: (c) => c.evaluateMcpAction({ mcpServer: 'fs-server', namespace: 'filesystem', verb: 'read_file', resource: '/etc/app.conf' }),
    method: 'POST',
    path: '/api/v1/mcp/actions/submit',
    body: '{"action_type": "filesystem.read_file", "context": {}, "description": null, "environment": "production", "mcp_server": "fs-server", "namespace": "filesystem", "parameters": {}, "resource": "/etc/app.conf", "tool_name": null, "verb": "read_file"}',
    signed: true,
    response: { action_id: 77, status: 'denied', success: false, reason: 'Tool blocked', risk_score: 90 },
    result: {
      decision: 'denied',
      actionId: '77',
      status: 'denied',
      riskScore: 90,
      riskLevel: undefined,
      reason: 'Tool blocked',
      policyViolations: [],
      conditions: [],
      approvedBy: undefined,
      approvedAt: undefined,
      comments: undefined,
      metadata: {},
      details: {},
      raw: { action_id: 77, status: 'denied', success: false, reason: 'Tool blocked', risk_score: 90 },
      executionAllowed: false,
      execution: undefined,
      failOpen: undefined,
    },
  },
];

describe.each([
  ['without a signing secret', undefined],
  ['with a signing secret', SECRET],
])('every operation on the wire, %s', (_label, secret) => {
  it('covers all 27 operations of reference §3.0, the v1 action list and the evaluate variant', () => {
    expect(OPERATIONS.length).toBe(29);
  });

  it.each(OPERATIONS.map((c) => [c.op, c] as const))('%s', async (_op, c) => {
    const client = testClient(secret === undefined ? {} : { signingSecret: secret });
    recorder.reply(json(c.response));
    const result = await c.call(client);
    expectEnvelope(recorder.only(), c, secret);
    expect(result).toStrictEqual(c.result);
    await client.close();
  });
});

describe('envelope details', () => {
  it('testConnection calls health then deployment info and reports both', async () => {
    const client = testClient();
    recorder.reply(json({ status: 'ok' }), json({ version: '2.3.0', environment: 'staging' }));
    const result = await client.testConnection();
    expect(recorder.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /health', 'GET /api/deployment-info']);
    for (const r of recorder.requests) expectEnvelope(r, { method: 'GET', path: r.path, signed: false }, undefined);
    expect(result).toEqual({ connected: true, apiVersion: '2.3.0', environment: 'staging', agentId: 'agent-001', failMode: 'closed' });
  });

  it('testConnection never throws: a failure is reported as connected: false', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'bad key' }, 401));
    const result = await client.testConnection();
    expect(result.connected).toBe(false);
    expect(result.connected === false && result.error.code).toBe('AUTH_ERROR');
  });

  it('gives every request its own correlation id and idempotency key', async () => {
    const client = testClient();
    await client.health();
    await client.health();
    await client.testWebhook('w');
    await client.testWebhook('w');
    const ids = recorder.requests.map((r) => r.headers['x-correlation-id']);
    expect(new Set(ids).size).toBe(4);
    const keys = recorder.requests.filter((r) => r.method === 'POST').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);
  });

  it('leaves the fraction out of X-Request-Timestamp when it is exactly zero, like Python', async () => {
    const client = testClient({}, { clock: { now: () => Date.UTC(2026, 3, 17, 12, 0, 0, 0) } });
    await client.health();
    expect(recorder.only().headers['x-request-timestamp']).toBe('2026-04-17T12:00:00+00:00');
  });

  it('sends the configured environment in X-Environment', async () => {
    const client = testClient({ environment: 'staging' });
    await client.health();
    expect(recorder.only().headers['x-environment']).toBe('staging');
  });

  it('sends the key only as Authorization: Bearer when so configured', async () => {
    const client = testClient({ authHeader: 'authorization' });
    await client.health();
    expect(recorder.only().headers['authorization']).toBe(`Bearer ${API_KEY}`);
    expect(recorder.only().headers['x-api-key']).toBeUndefined();
  });

  it('leaves the agent id out of the activity query when the client has none', async () => {
    const client = testClient({ agentId: undefined, agentName: undefined });
    await client.listActivity();
    expect(recorder.only().rawQuery).toBe('limit=50&offset=0');
  });

  it('sends the §2.3 reference body as exactly the reference canonical bytes, signed over those bytes', async () => {
    const client = testClient({ signingSecret: REFERENCE_SIGNING_VECTOR.secret });
    recorder.reply(json({ action_id: 1, decision: 'allowed' }));
    await client.submitAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 100, currency: 'EUR', note: 'café' } });
    const req = recorder.only();
    expect(req.text).toBe(REFERENCE_SIGNING_VECTOR.canonicalBody);
    // With the reference's timestamp these very bytes give the reference signature...
    expect(`v1=${hmacHex(REFERENCE_SIGNING_VECTOR.secret, `${REFERENCE_SIGNING_VECTOR.timestamp}.${req.text}`)}`).toBe(REFERENCE_SIGNING_VECTOR.signature);
    // ...and with the timestamp actually sent, the header is the HMAC of what was sent.
    expect(req.headers['x-signature']).toBe(`v1=${hmacHex(REFERENCE_SIGNING_VECTOR.secret, `${TS}.${req.text}`)}`);
  });

  it('signs non-ASCII and deeply nested bodies over the exact bytes sent', async () => {
    const client = testClient({ signingSecret: 'sëcret-ключ' });
    recorder.reply(json({ action_id: 2, decision: 'denied' }));
    await client.submitAction({
      actionType: 'data.export',
      resource: 'crm',
      parameters: { z: { y: [{ b: 1, a: '😀' }] }, a: 'Ω\u007f\n' },
    });
    const req = recorder.only();
    expect(req.text).toBe(
      String.raw`{"action_details": {"a": "\u03a9\u007f\n", "z": {"y": [{"a": "\ud83d\ude00", "b": 1}]}}, "action_type": "data.export", "agent_id": "agent-001", "agent_name": "Refund Bot", "resource": "crm"}`,
    );
    expect(req.headers['x-signature']).toBe(`v1=${hmacHex(Buffer.from('sëcret-ключ', 'utf8'), Buffer.concat([Buffer.from(`${TS}.`), req.body]))}`);
  });

  it('does not sign a webhook update with no fields (body {})', async () => {
    const client = testClient({ signingSecret: SECRET });
    recorder.reply(json({ webhook_id: 'wh_1' }));
    await client.updateWebhook('wh_1', {});
    expectEnvelope(recorder.only(), { method: 'PUT', path: '/api/webhooks/wh_1', body: '{}', signed: false }, SECRET);
  });

  it('sends 0 and empty values the Python client drops (§13.26)', async () => {
    const client = testClient();
    await client.logActionCompleted('9', { result: {}, durationMs: 0 });
    await client.logActionFailed('9', { error: 'boom', durationMs: 0 });
    await client.heartbeat({ responseTimeMs: 0, errorRate: 0, requestsCount: 0 });
    expect(recorder.requests.map((r) => r.text)).toEqual([
      `{"action_id": "9", "completed_at": "${TS}", "duration_ms": 0, "result": {}, "status": "completed"}`,
      `{"action_id": "9", "duration_ms": 0, "error": "boom", "failed_at": "${TS}", "status": "failed"}`,
      `{"agent_id": "agent-001", "error_rate": 0, "requests_count": 0, "response_time_ms": 0, "sdk_version": "${SDK_VERSION}", "timestamp": "${TS}"}`,
    ]);
  });

  it('sends orchestration_depth 0 and omits empty optional submit fields', async () => {
    const client = testClient();
    recorder.reply(json({ action_id: 3, decision: 'allowed' }));
    await client.submitAction({ actionType: 'a', resource: 'r', resourceId: '', parameters: {}, context: {}, riskIndicators: {}, orchestrationDepth: 0 });
    expect(recorder.only().text).toBe('{"action_type": "a", "agent_id": "agent-001", "agent_name": "Refund Bot", "orchestration_depth": 0, "resource": "r"}');
  });

  it('fills agent fields for a client without an agent id', async () => {
    const client = testClient({ agentId: undefined, agentName: undefined });
    recorder.reply(json({ action_id: 3, decision: 'allowed' }));
    await client.submitAction({ actionType: 'a', resource: 'r' });
    await client.heartbeat();
    expect(recorder.requests.map((r) => r.text)).toEqual([
      '{"action_type": "a", "agent_id": "unknown", "agent_name": "Unknown Agent", "resource": "r"}',
      `{"agent_id": null, "sdk_version": "${SDK_VERSION}", "timestamp": "${TS}"}`,
    ]);
  });

  it('sends the later-protocol submit fields mcp_server_name and model_id when set (§12)', async () => {
    const client = testClient();
    recorder.reply(json({ action_id: 3, decision: 'allowed' }));
    await client.submitAction({ actionType: 'a', resource: 'r', mcpServerName: 'fs', modelId: 'gpt-x', parentActionId: '42' });
    expect(recorder.only().text).toBe(
      '{"action_type": "a", "agent_id": "agent-001", "agent_name": "Refund Bot", "mcp_server_name": "fs", "model_id": "gpt-x", "parent_action_id": 42, "resource": "r"}',
    );
  });

  it('fills every MCP body key, nulls included, from the caller where given', async () => {
    const client = testClient();
    recorder.reply(json({ action_id: 1, requires_approval: true }));
    await client.evaluateMcpAction({
      mcpServer: 'db',
      namespace: 'database',
      verb: 'query',
      resource: 'prod',
      actionType: 'database.read',
      description: 'read rows',
      parameters: { sql: 'SELECT 1' },
      context: { user: 'u' },
      environment: 'staging',
      toolName: 'query',
    });
    expect(recorder.only().text).toBe(
      '{"action_type": "database.read", "context": {"user": "u"}, "description": "read rows", "environment": "staging", "mcp_server": "db", "namespace": "database", "parameters": {"sql": "SELECT 1"}, "resource": "prod", "tool_name": "query", "verb": "query"}',
    );
  });
});

describe('path parameters are URL-encoded (§13.27)', () => {
  const nasty = 'a/b?c#d %é';
  const enc = 'a%2Fb%3Fc%23d%20%25%C3%A9';
  const cases: Array<[string, (c: AscendClient) => Promise<unknown>, string, unknown]> = [
    ['getActionStatus', (c) => c.getActionStatus(nasty), `/api/v1/actions/${enc}/status`, { action_id: nasty, decision: 'denied' }],
    ['getAction', (c) => c.getAction(nasty), `/api/v1/actions/${enc}`, { id: 1, status: 'pending' }],
    ['checkApproval', (c) => c.checkApproval(nasty), `/api/sdk/approval/${enc}`, { status: 'pending' }],
    ['logActionCompleted', (c) => c.logActionCompleted(nasty), `/api/agent-action/${enc}/complete`, {}],
    ['logActionFailed', (c) => c.logActionFailed(nasty, { error: 'x' }), `/api/agent-action/${enc}/fail`, {}],
    ['getAgentHealth', (c) => c.getAgentHealth(nasty), `/api/agents/health/${enc}`, {}],
    ['getPendingCommands', (c) => c.getPendingCommands(nasty), `/api/registry/agents/${enc}/commands`, {}],
    ['ackCommand', (c) => c.ackCommand(nasty, nasty), `/api/registry/agents/${enc}/commands/${enc}/ack`, {}],
    ['updateWebhook', (c) => c.updateWebhook(nasty, {}), `/api/webhooks/${enc}`, {}],
    ['deleteWebhook', (c) => c.deleteWebhook(nasty), `/api/webhooks/${enc}`, {}],
    ['testWebhook', (c) => c.testWebhook(nasty), `/api/webhooks/${enc}/test`, {}],
  ];
  it.each(cases)('%s', async (_name, call, path, response) => {
    const client = testClient();
    recorder.reply(json(response));
    await call(client);
    expect(recorder.only().path).toBe(path);
    expect(recorder.only().rawQuery).toBe('');
  });

  it.each([
    ['register', (c: AscendClient) => c.register(), '/api/registry/agents'],
    ['deregister', (c: AscendClient) => c.deregister(), `/api/registry/agents/${enc}`],
    ['linkModel', (c: AscendClient) => c.linkModel(1), `/api/registry/agents/${enc}`],
    ['getAgentHealth', (c: AscendClient) => c.getAgentHealth(), `/api/agents/health/${enc}`],
  ])("%s with the client's own agent id", async (_name, call, path) => {
    const client = testClient({ agentId: nasty });
    await call(client);
    expect(recorder.only().path).toBe(path);
  });

  it('encodes query values (form-style)', async () => {
    const client = testClient({ agentId: 'a&b=c' });
    await client.getResourceClassification('x y&z');
    await client.listActivity({ status: 'a+b' });
    await client.listActivity({ agentId: 'other&1' });
    await client.listActions({ status: 'a+b' });
    expect(recorder.requests.map((r) => r.rawQuery)).toEqual([
      'resource_type=x+y%26z',
      'limit=50&offset=0&status=a%2Bb&agent_id=a%26b%3Dc',
      'limit=50&offset=0&agent_id=other%261',
      'limit=50&offset=0&status_filter=a%2Bb',
    ]);
    expect(recorder.requests[0]!.query).toEqual({ resource_type: 'x y&z' });
  });
});

describe('response normalization of the reference samples', () => {
  async function submitWith(response: unknown) {
    const client = testClient();
    recorder.reply(json(response));
    return client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api' });
  }

  it('§3.3 allowed sample', async () => {
    const d = await submitWith({ action_id: 5103, decision: 'allowed', risk_score: 12, risk_level: 'low', execution_allowed: true, conditions: [] });
    expect(d).toMatchObject({
      decision: 'allowed',
      actionId: '5103',
      riskScore: 12,
      riskLevel: 'low',
      executionAllowed: true,
      conditions: [],
      failOpen: undefined,
    });
  });

  it('§3.3 denied sample', async () => {
    const d = await submitWith({
      action_id: 5104,
      decision: 'denied',
      risk_score: 92,
      risk_level: 'critical',
      reason: 'Refund above limit',
      policy_violations: ['FIN-001'],
      execution_allowed: false,
    });
    expect(d).toMatchObject({
      decision: 'denied',
      actionId: '5104',
      riskScore: 92,
      riskLevel: 'critical',
      reason: 'Refund above limit',
      policyViolations: ['FIN-001'],
      executionAllowed: false,
    });
  });

  it('a pending decision with an approval request carries what is needed to resume', async () => {
    const d = await submitWith({
      action_id: '5105',
      decision: 'pending',
      approval_request_id: 77,
      expires_at: '2026-04-17T13:00:00Z',
      required_approvers: ['ciso@corp.example'],
    });
    expect(d).toMatchObject({
      decision: 'pending',
      actionId: '5105',
      approvalRequestId: '77',
      expiresAt: '2026-04-17T13:00:00Z',
      requiredApprovers: ['ciso@corp.example'],
    });
  });

  it.each([
    ['rejected', 'denied'],
    ['denied', 'denied'],
    ['timeout', 'denied'],
    ['expired', 'denied'],
    ['requires_modification', 'denied'],
    ['escalated', 'pending'],
    ['pending', 'pending'],
    ['pending_approval', 'pending'],
    ['approved', 'allowed'],
    ['auto_approved', 'allowed'],
  ])('status %s on the status endpoint reads as %s (a human rejection is never polled as pending, §13.15)', async (status, outcome) => {
    const client = testClient();
    recorder.reply(json({ action_id: 5102, status }));
    const d = await client.getActionStatus('5102');
    expect(d.decision).toBe(outcome);
  });

  it('an unknown risk_level does not crash parsing (§13.16)', async () => {
    const d = await submitWith({ action_id: 1, decision: 'denied', risk_level: 'catastrophic' });
    expect(d.decision).toBe('denied');
    expect(d.riskLevel).toBeUndefined();
  });

  it('kill switch is_active fallback (§3.14)', async () => {
    const client = testClient();
    recorder.reply(json({ is_active: false }));
    expect(await client.getKillSwitchStatus()).toEqual({ active: false, reason: undefined, activatedAt: undefined, activatedBy: undefined });
  });

  it('classification list may be a bare array, and no match is null', async () => {
    const client = testClient();
    recorder.reply(json([{ id: 'f-1', resource_type: 'file' }]), json([{ id: 'f-1', resource_type: 'file' }]));
    expect(await client.getResourceClassification('file')).toMatchObject({ resourceId: 'f-1', resourceType: 'file', complianceTags: [], metadata: {} });
    expect(await client.getResourceClassification('database')).toBeNull();
  });

  it('webhook list may be a bare array', async () => {
    const client = testClient();
    recorder.reply(json([{ webhook_id: 9, url: 'https://h.example', events: ['action.approved'] }]));
    expect(await client.listWebhooks()).toEqual([
      { webhookId: '9', url: 'https://h.example', events: ['action.approved'], active: true, createdAt: undefined },
    ]);
  });

  it('audit logs read logs/items, limit and default totals', async () => {
    const client = testClient();
    recorder.reply(json({ logs: [{ id: 4, event_type: 'x' }], limit: 20 }));
    expect(await client.getAuditLogs({ limit: 20 })).toEqual({
      events: [{ eventId: '4', eventType: 'x', timestamp: '', actor: undefined, resource: undefined, action: undefined, outcome: undefined, details: {} }],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    expect(recorder.only().rawQuery).toBe('limit=20&offset=0');
  });

  it.each([
    [
      { status: 'approved', approved_by: 'a@x', decided_at: 't' },
      { state: 'approved', approver: 'a@x', decidedAt: 't' },
    ],
    [
      { status: 'denied', rejected_by: 'b@x' },
      { state: 'rejected', approver: 'b@x' },
    ],
    [{ status: 'pending' }, { state: 'pending', approver: undefined }],
    [{ status: 'expired' }, { state: 'expired' }],
  ])('approval check %j', async (response, expected) => {
    const client = testClient();
    recorder.reply(json(response));
    expect(await client.checkApproval('apr-2')).toMatchObject(expected);
  });

  it('an unknown approval status is a protocol error, not "pending forever"', async () => {
    const client = testClient();
    recorder.reply(json({ status: 'maybe' }));
    await expect(client.checkApproval('apr-3')).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
  });

  it('register: an "already exists" 400/422/409 answer means registered', async () => {
    for (const status of [400, 422, 409]) {
      const client = testClient();
      recorder.reply(json({ detail: 'Agent already exists' }, status));
      await expect(client.register()).resolves.toMatchObject({ alreadyRegistered: true, agentId: 'agent-001' });
    }
  });

  it('register: a 403 that mentions "already exists" is still an authorization error (§13.32)', async () => {
    const client = testClient();
    recorder.reply(json({ detail: 'Agent already exists in another tenant' }, 403));
    await expect(client.register()).rejects.toMatchObject({ code: 'AUTHZ_DENIED' });
  });

  it.each([
    [{ action_id: 1, requires_approval: true }, 'pending'],
    [{ action_id: 1, allowed: true }, 'allowed'],
    [{ action_id: 1, decision: 'allowed', execution_allowed: true }, 'allowed'],
    [{ action_id: 1, success: false }, 'denied'],
  ])('MCP response %j reads as %s', async (response, outcome) => {
    const client = testClient();
    recorder.reply(json(response));
    const d = await client.evaluateMcpAction({ mcpServer: 's', namespace: 'n', verb: 'v', resource: 'r' });
    expect(d.decision).toBe(outcome);
    expect(d.executionAllowed).toBe(outcome === 'allowed');
  });

  it('an empty MCP body is a protocol error, never allowed (§13.17)', async () => {
    const client = testClient({ failMode: 'open' });
    recorder.reply(json({}));
    await expect(client.evaluateMcpAction({ mcpServer: 's', namespace: 'n', verb: 'v', resource: 'r' })).rejects.toMatchObject({ code: 'PROTOCOL_ERROR' });
  });
});
