/**
 * The 2.5.0 management surface, the 2.5.1 submit fields and refusals, the 2.7.0 decision fields
 * and the heartbeat schedule on the wire (docs/protocol-2.4-2.7.md): exact method, path, query and
 * body bytes, the signature rule, and what the client makes of each answer. Arguments the Python
 * client refuses are refused here before any I/O.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AscendClient } from './client.js';
import { isAscendError } from './errors.js';
import { MANAGEMENT_ROUTES } from './routes-management.js';
import { BASE_URL, hmacHex, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

const SECRET = 'test-secret';

interface Case {
  op: keyof typeof MANAGEMENT_ROUTES;
  call: (c: AscendClient) => Promise<unknown>;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  query?: string;
  body?: string;
  response: unknown;
  result: unknown;
}

const server1 = {
  id: 3,
  server_name: 'fs',
  display_name: 'Files',
  transport_type: 'stdio',
  is_active: true,
  governance_enabled: true,
  auto_approve_tools: ['read'],
  blocked_tools: ['rm'],
};
const parsed1 = {
  id: '3',
  serverName: 'fs',
  displayName: 'Files',
  transportType: 'stdio',
  isActive: true,
  governanceEnabled: true,
  autoApproveTools: ['read'],
  blockedTools: ['rm'],
  raw: server1,
};

const CASES: Case[] = [
  {
    op: 'registerMcpServer',
    call: (c) => c.registerMcpServer({ serverName: 'fs', displayName: 'Files', blockedTools: ['rm'], toolRiskOverrides: { write: 70 } }),
    method: 'POST',
    path: '/api/registry/mcp-servers',
    body: '{"blocked_tools": ["rm"], "display_name": "Files", "governance_enabled": true, "server_name": "fs", "tool_risk_overrides": {"write": 70}, "transport_type": "stdio"}',
    response: { success: true, message: 'MCP server fs registered', server: server1 },
    result: {
      success: true,
      message: 'MCP server fs registered',
      server: parsed1,
      raw: { success: true, message: 'MCP server fs registered', server: server1 },
    },
  },
  {
    op: 'listMcpServers',
    call: (c) => c.listMcpServers(),
    method: 'GET',
    path: '/api/registry/mcp-servers',
    response: { servers: [server1, { id: 4 }], total: 2 },
    result: { servers: [parsed1], total: 2, raw: { servers: [server1, { id: 4 }], total: 2 } },
  },
  {
    op: 'getMcpServer',
    call: (c) => c.getMcpServer('fs/x'),
    method: 'GET',
    path: '/api/registry/mcp-servers/fs%2Fx',
    response: server1,
    result: { success: true, message: undefined, server: parsed1, raw: server1 },
  },
  {
    op: 'activateMcpServer',
    call: (c) => c.activateMcpServer('fs'),
    method: 'POST',
    path: '/api/registry/mcp-servers/fs/activate',
    response: { success: true, server: server1 },
    result: { success: true, message: undefined, server: parsed1, raw: { success: true, server: server1 } },
  },
  {
    op: 'deactivateMcpServer',
    call: (c) => c.deactivateMcpServer('fs', 'incident INC-7'),
    method: 'POST',
    path: '/api/registry/mcp-servers/fs/deactivate',
    body: '{"reason": "incident INC-7"}',
    response: { success: false, message: 'no' },
    result: { success: false, message: 'no', server: undefined, raw: { success: false, message: 'no' } },
  },
  {
    op: 'deleteMcpServer',
    call: (c) => c.deleteMcpServer('fs'),
    method: 'DELETE',
    path: '/api/registry/mcp-servers/fs',
    response: { success: true },
    result: { success: true, message: undefined, server: undefined, raw: { success: true } },
  },
  {
    op: 'scanMcpNetwork',
    call: (c) => c.scanMcpNetwork(),
    method: 'POST',
    path: '/api/authorization/mcp-discovery/scan-network',
    response: { success: true, discovered_count: 1, servers: [{ server_name: 'fs' }], scan_timestamp: 't' },
    result: {
      success: true,
      discoveredCount: 1,
      servers: [{ server_name: 'fs' }],
      scanTimestamp: 't',
      raw: { success: true, discovered_count: 1, servers: [{ server_name: 'fs' }], scan_timestamp: 't' },
    },
  },
  {
    op: 'getMcpHealth',
    call: (c) => c.getMcpHealth(),
    method: 'GET',
    path: '/api/authorization/mcp-discovery/health-monitor',
    response: { total: 0 },
    result: { total: 0 },
  },
  {
    op: 'triggerKillSwitch',
    call: (c) => c.triggerKillSwitch(7, 'Incident INC-42'),
    method: 'POST',
    path: '/api/billing/kill-switch/7/trigger',
    body: '{"reason": "Incident INC-42"}',
    response: { success: true, kill_switch_active: true },
    result: { success: true, active: true, message: undefined, raw: { success: true, kill_switch_active: true } },
  },
  {
    op: 'releaseKillSwitch',
    call: (c) => c.releaseKillSwitch(7, 'Incident over'),
    method: 'POST',
    path: '/api/billing/kill-switch/7/release',
    body: '{"reason": "Incident over"}',
    response: { success: true, kill_switch_active: false, message: 'released' },
    result: { success: true, active: false, message: 'released', raw: { success: true, kill_switch_active: false, message: 'released' } },
  },
  {
    op: 'registerTopology',
    call: (c) => c.registerTopology('orch', ['w1', 'w2']),
    method: 'POST',
    path: '/api/v1/orchestration/topology',
    body: '{"orchestrator_agent_id": "orch", "worker_agent_ids": ["w1", "w2"]}',
    response: { success: true },
    result: { success: true },
  },
  {
    op: 'registerMcpTopology',
    call: (c) => c.registerMcpTopology('orch', [3, 4]),
    method: 'POST',
    path: '/api/v1/orchestration/topology/mcp',
    body: '{"mcp_server_ids": [3, 4], "orchestrator_agent_id": "orch"}',
    response: { success: true },
    result: { success: true },
  },
  {
    op: 'cascadeKill',
    call: (c) => c.cascadeKill('orch', 'contain it'),
    method: 'POST',
    path: '/api/v1/orchestration/cascade-kill/orch',
    body: '{"confirm": false, "reason": "contain it"}',
    response: { dry_run: true, affected_agents: ['orch', 'w1'] },
    result: { dryRun: true, affectedAgents: ['orch', 'w1'], raw: { dry_run: true, affected_agents: ['orch', 'w1'] } },
  },
  {
    op: 'getOrchestrationSession',
    call: (c) => c.getOrchestrationSession('s-1'),
    method: 'GET',
    path: '/api/v1/orchestration/sessions/s-1',
    response: { session_id: 's-1' },
    result: { session_id: 's-1' },
  },
  {
    op: 'getOrchestrationSessionRisk',
    call: (c) => c.getOrchestrationSessionRisk('s-1'),
    method: 'GET',
    path: '/api/v1/orchestration/sessions/s-1/risk',
    response: { cumulative_risk_score: 40 },
    result: { cumulative_risk_score: 40 },
  },
  {
    op: 'getOrchestrationStats',
    call: (c) => c.getOrchestrationStats(),
    method: 'GET',
    path: '/api/v1/orchestration/stats',
    response: { sessions: 1 },
    result: { sessions: 1 },
  },
  {
    op: 'getOutputFilterConfig',
    call: (c) => c.getOutputFilterConfig(),
    method: 'GET',
    path: '/api/v1/output-filter/config',
    response: { enabled: true },
    result: { enabled: true },
  },
  {
    op: 'getOutputFindings',
    call: (c) => c.getOutputFindings({ limit: 100, category: 'pii' }),
    method: 'GET',
    path: '/api/v1/output-filter/findings',
    query: 'limit=100&offset=0&category=pii',
    response: { findings: [{ id: 1 }], total: 1 },
    result: { findings: [{ id: 1 }], total: 1, raw: { findings: [{ id: 1 }], total: 1 } },
  },
  {
    op: 'getOutputFindingsForAction',
    call: (c) => c.getOutputFindingsForAction(5102),
    method: 'GET',
    path: '/api/v1/output-filter/findings/5102',
    response: { action_id: 5102, findings: [] },
    result: { findings: [], total: undefined, raw: { action_id: 5102, findings: [] } },
  },
  {
    op: 'scanOutput',
    call: (c) => c.scanOutput({ content: 'card 4111 1111 1111 1111', actionId: 5102 }),
    method: 'POST',
    path: '/api/v1/output-filter/scan',
    body: '{"action_id": 5102, "agent_id": "agent-001", "content": "card 4111 1111 1111 1111"}',
    response: { result: 'BLOCKED', findings: [{ category: 'pci' }] },
    result: {
      result: 'BLOCKED',
      blocked: true,
      findings: [{ category: 'pci' }],
      redactedContent: undefined,
      raw: { result: 'BLOCKED', findings: [{ category: 'pci' }] },
    },
  },
  {
    op: 'listSupplyChainComponents',
    call: (c) => c.listSupplyChainComponents({ riskLevel: 'high', hasVulnerabilities: true }),
    method: 'GET',
    path: '/api/v1/supply-chain/components',
    query: 'active_only=true&limit=100&offset=0&risk_level=high&has_vulnerabilities=true',
    response: [{ component_id: 'c-1' }],
    result: { components: [{ component_id: 'c-1' }], total: undefined, raw: [{ component_id: 'c-1' }] },
  },
  {
    op: 'getSupplyChainStats',
    call: (c) => c.getSupplyChainStats(),
    method: 'GET',
    path: '/api/v1/supply-chain/stats',
    response: { total_components: 0 },
    result: { total_components: 0 },
  },
  {
    op: 'getSupplyChainImpact',
    call: (c) => c.getSupplyChainImpact(9),
    method: 'GET',
    path: '/api/v1/supply-chain/impact/9',
    response: { blast_radius: 2 },
    result: { blast_radius: 2 },
  },
  {
    op: 'getCveSyncStatus',
    call: (c) => c.getCveSyncStatus(),
    method: 'GET',
    path: '/api/v1/supply-chain/sync/status',
    response: { nvd: {} },
    result: { nvd: {} },
  },
  {
    op: 'getSupplyChainAlerts',
    call: (c) => c.getSupplyChainAlerts(),
    method: 'GET',
    path: '/api/alerts',
    query: 'type=supply_chain_cve&limit=50&acknowledged=false',
    response: [{ id: 12, alert_type: 'supply_chain_cve', severity: 'critical', message: 'CVE-2026-1', status: 'new', timestamp: 't' }],
    result: [
      {
        id: '12',
        alertType: 'supply_chain_cve',
        severity: 'critical',
        message: 'CVE-2026-1',
        status: 'new',
        timestamp: 't',
        raw: { id: 12, alert_type: 'supply_chain_cve', severity: 'critical', message: 'CVE-2026-1', status: 'new', timestamp: 't' },
      },
    ],
  },
];

describe.each([
  ['without a signing secret', undefined],
  ['with a signing secret', SECRET],
])('the 2.5.0 management operations on the wire, %s', (_label, secret) => {
  it('covers every management route', () => {
    expect(CASES.map((c) => c.op).sort()).toEqual(Object.keys(MANAGEMENT_ROUTES).sort());
  });

  it.each(CASES.map((c) => [c.op, c] as const))('%s', async (_op, c) => {
    const client = testClient(secret === undefined ? {} : { signingSecret: secret });
    recorder.reply(json(c.response));
    expect(await c.call(client)).toStrictEqual(c.result);
    const req = recorder.only();
    expect(req.method).toBe(c.method);
    expect(req.path).toBe(c.path);
    expect(req.rawQuery).toBe(c.query ?? '');
    if (c.body === undefined) expect(req.body.length).toBe(0);
    else expect(req.text).toBe(c.body);
    // Signed exactly when a secret is set and a body is sent; the signed bytes are the sent bytes.
    const h = req.headers;
    if (secret !== undefined && c.body !== undefined) {
      expect(h['x-signature']).toBe(`v1=${hmacHex(secret, Buffer.concat([Buffer.from(`${h['x-request-timestamp']}.`), req.body]))}`);
    } else {
      expect(h['x-signature']).toBeUndefined();
    }
    await client.close();
  });
});

describe('management arguments are checked as the Python client checks them, before any I/O', () => {
  const refused: Array<[string, (c: AscendClient) => Promise<unknown>, string]> = [
    ['a reason under 10 characters (trigger)', (c) => c.triggerKillSwitch(7, 'too short'), 'reason'],
    ['a reason under 10 characters (release)', (c) => c.releaseKillSwitch(7, 'short'), 'reason'],
    ['a non-positive organization id', (c) => c.triggerKillSwitch(0, 'Incident INC-42'), 'organizationId'],
    ['no workers', (c) => c.registerTopology('orch', []), 'workerAgentIds'],
    [
      '21 workers',
      (c) =>
        c.registerTopology(
          'orch',
          Array.from({ length: 21 }, (_, i) => `w${i}`),
        ),
      'workerAgentIds',
    ],
    ['duplicate workers', (c) => c.registerTopology('orch', ['w1', 'w1']), 'workerAgentIds'],
    ['duplicate MCP server ids', (c) => c.registerMcpTopology('orch', [1, 1]), 'mcpServerIds'],
    ['a non-integer MCP server id', (c) => c.registerMcpTopology('orch', [1.5]), 'mcpServerIds'],
    ['a blank cascade-kill reason', (c) => c.cascadeKill('orch', '  '), 'reason'],
    ['a cascade-kill reason over 1000 characters', (c) => c.cascadeKill('orch', 'x'.repeat(1001)), 'reason'],
    ['a non-boolean dryRun', (c) => c.cascadeKill('orch', 'contain', { dryRun: 'no' as unknown as boolean }), 'dryRun'],
    ['a findings limit over 100', (c) => c.getOutputFindings({ limit: 101 }), 'limit'],
    ['a negative findings offset', (c) => c.getOutputFindings({ offset: -1 }), 'offset'],
    ['an alerts limit over 500', (c) => c.getSupplyChainAlerts({ limit: 501 }), 'limit'],
    ['a non-string scan content', (c) => c.scanOutput({ content: 5 as unknown as string }), 'content'],
    ['a zero action id', (c) => c.getOutputFindingsForAction(0), 'actionId'],
    ['a blank server name', (c) => c.registerMcpServer({ serverName: ' ' }), 'serverName'],
    ['a tool risk override out of range', (c) => c.registerMcpServer({ serverName: 'fs', toolRiskOverrides: { rm: 101 } }), 'toolRiskOverrides'],
    ['a blank session id', (c) => c.getOrchestrationSession(''), 'sessionId'],
    ['an unknown call option', (c) => c.getMcpHealth({ retries: 1 } as never), 'retries'],
  ];
  it.each(refused)('%s', async (_label, call, field) => {
    const client = testClient();
    const error: unknown = await call(client).catch((e: unknown) => e);
    expect(isAscendError(error, 'VALIDATION_ERROR') && Object.keys(error.fieldErrors)).toEqual([field]);
    expect(recorder.requests).toHaveLength(0);
    await client.close();
  });

  it('scanOutput needs an agent id: its own, else the client has to have one', async () => {
    const client = testClient({ agentId: undefined });
    const error: unknown = await client.scanOutput({ content: 'x' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'VALIDATION_ERROR') && error.fieldErrors).toEqual({ agentId: 'Required field is missing or empty' });
    expect(recorder.requests).toHaveLength(0);
    recorder.reply(json({ result: 'CLEAN' }));
    expect((await client.scanOutput({ content: 'x', agentId: 'a-2' })).blocked).toBe(false);
    expect(recorder.only().text).toBe('{"agent_id": "a-2", "content": "x"}');
    await client.close();
  });

  it('cascadeKill executes only with dryRun: false (confirm: true on the wire)', async () => {
    const client = testClient();
    recorder.reply(json({ affected_agents: ['orch'] }));
    expect((await client.cascadeKill('orch', 'contain it', { dryRun: false })).dryRun).toBe(false);
    expect(recorder.only().text).toBe('{"confirm": true, "reason": "contain it"}');
    await client.close();
  });

  it('deactivating without a reason sends no body, so nothing is signed', async () => {
    const client = testClient({ signingSecret: SECRET });
    recorder.reply(json({ success: true }));
    await client.deactivateMcpServer('fs');
    expect(recorder.only().body.length).toBe(0);
    expect(recorder.only().headers['x-signature']).toBeUndefined();
    await client.close();
  });

  it('a management answer that is not an object is a protocol error', async () => {
    const client = testClient();
    recorder.reply(json([1, 2]));
    const error: unknown = await client.getMcpHealth().catch((e: unknown) => e);
    expect(isAscendError(error, 'PROTOCOL_ERROR')).toBe(true);
    await client.close();
  });
});

describe('2.5.1 submit fields and refusals', () => {
  it('sends mcp_server_name and model_id at the top level, trimmed, and leaves them out when unset', async () => {
    const client = testClient();
    recorder.reply(json({ action_id: 1, decision: 'allowed' }), json({ action_id: 2, decision: 'allowed' }));
    await client.evaluateAction({ actionType: 'fs.read_file', resource: 'r', mcpServerName: ' fs ', modelId: 'gpt-4-production' });
    await client.evaluateAction({ actionType: 'fs.read_file', resource: 'r' });
    const [first, second] = recorder.requests.map((r) => JSON.parse(r.text) as Record<string, unknown>);
    expect(first).toMatchObject({ mcp_server_name: 'fs', model_id: 'gpt-4-production' });
    expect(second).not.toHaveProperty('mcp_server_name');
    expect(second).not.toHaveProperty('model_id');
    await client.close();
  });

  it.each([
    ['mcpServerName', ''],
    ['mcpServerName', '   '],
    ['mcpServerName', 5],
    ['modelId', ''],
    ['modelId', null],
  ])('refuses %s = %j before any I/O', async (field, value) => {
    const client = testClient();
    const error: unknown = await client.evaluateAction({ actionType: 'a.b', resource: 'r', [field]: value }).catch((e: unknown) => e);
    expect(isAscendError(error, 'VALIDATION_ERROR') && Object.keys(error.fieldErrors)).toEqual([field]);
    expect(recorder.requests).toHaveLength(0);
    await client.close();
  });

  it('a 403 with an mcp_governance block becomes an AuthorizationError carrying it (masked)', async () => {
    const client = testClient();
    const block = { server_name: 'fs', registered: true, active: false, enforcement: 'MCP_SERVER_DEACTIVATED_DENY', note: 'key test-api-key-0001' };
    recorder.reply(json({ detail: 'MCP server fs is deactivated', policy_violations: ['MCP_SERVER_DEACTIVATED_DENY'], mcp_governance: block }, 403));
    const error: unknown = await client.evaluateAction({ actionType: 'fs.read', resource: 'r', mcpServerName: 'fs' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'AUTHZ_DENIED')).toBe(true);
    if (!isAscendError(error, 'AUTHZ_DENIED')) return;
    expect(error.policyViolations).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
    expect(error.mcpGovernance).toMatchObject({ server_name: 'fs', active: false, enforcement: 'MCP_SERVER_DEACTIVATED_DENY' });
    expect(JSON.stringify(error)).not.toContain('test-api-key-0001');
    expect(error.modelGovernance).toBeUndefined();
    await client.close();
  });

  it('a 403 with a model_governance block carries it; a malformed block is dropped', async () => {
    const client = testClient();
    recorder.reply(
      json(
        {
          detail: 'Model m is not compliant',
          model_governance: { model_id: 'm', registry_checked: true, compliance_status: 'rejected' },
          mcp_governance: 'oops',
        },
        403,
      ),
    );
    const error: unknown = await client.evaluateAction({ actionType: 'a.b', resource: 'r', modelId: 'm' }).catch((e: unknown) => e);
    expect(isAscendError(error, 'AUTHZ_DENIED') && error.modelGovernance).toEqual({ model_id: 'm', registry_checked: true, compliance_status: 'rejected' });
    expect(isAscendError(error, 'AUTHZ_DENIED') && error.mcpGovernance).toBeUndefined();
    await client.close();
  });
});

describe('2.7.0 decision fields', () => {
  it('reads the attribution fields and the governance blocks of an allowed decision', async () => {
    const client = testClient();
    recorder.reply(
      json({
        action_id: 5,
        decision: 'allowed',
        enforcement_decision: 'auto_approved',
        enforcement_decision_source: 'risk_score',
        mcp_governance: { server_name: 'fs', enforcement: 'MCP_SERVER_ALLOWED' },
        alert_id: 12,
        workflow_id: null,
      }),
    );
    const decision = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
    expect(decision.details).toEqual({
      enforcementDecision: 'auto_approved',
      enforcementDecisionSource: 'risk_score',
      mcpGovernance: { server_name: 'fs', enforcement: 'MCP_SERVER_ALLOWED' },
      alertId: '12',
    });
    await client.close();
  });

  it.each([
    ['an unknown attribution value', { enforcement_decision: 'auto_denied_by_robot' }],
    ['an attribution value of another type', { enforcement_decision: 3, enforcement_decision_source: { x: 1 } }],
    ['malformed optional fields', { cvss_score: 'high', thresholds: [1], alert_triggered: 'yes', mcp_governance: 'blocked' }],
  ])('%s is dropped and never changes the decision', async (_label, extra) => {
    const client = testClient();
    recorder.reply(json({ action_id: 6, decision: 'denied', reason: 'no', ...extra }));
    const decision = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
    expect(decision.decision).toBe('denied');
    expect(decision.details).toEqual({});
    await client.close();
  });

  it('an attribution that contradicts the decision is informational only', async () => {
    const client = testClient();
    recorder.reply(json({ action_id: 7, decision: 'denied', enforcement_decision: 'auto_approved' }));
    const decision = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
    expect(decision.decision).toBe('denied');
    expect(decision.executionAllowed).toBe(false);
    expect(decision.details?.enforcementDecision).toBe('auto_approved');
    await client.close();
  });
});
