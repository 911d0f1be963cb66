/**
 * The 2.5.0 management operations and the 2.5.1 submit-time registry checks of the fake, driven
 * as the official Python client 2.5.1 drives them (`git show v2.5.1:ascend/client.py`): its
 * paths, its bodies in Python's serialization, its query strings (`True`/`False` booleans), and
 * the exact answers.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { call, ManualClock, sequenceBytes, setupFakeServer, type CallResult } from '../test-support/harness.js';
import type { FakeAscend } from '../index.js';

const server = setupFakeServer();
let fake: FakeAscend;

const ADMIN = 'admin-key';
const AGENT = 'agent-key';

beforeEach(() => {
  fake = server.use({
    now: new ManualClock().now,
    randomBytes: sequenceBytes(),
    firstActionId: 5101,
    organizationId: 7,
    apiKeys: [ADMIN, { key: AGENT, admin: false }],
    models: { 'gpt-4-production': 'approved', 'legacy-model': 'rejected', 'beta-model': 'partially_approved' },
  });
});

const post = (path: string, body?: Record<string, unknown>, key = ADMIN): Promise<CallResult> =>
  call('POST', path, { key, ...(body ? { body: body as never } : {}) });
const get = (path: string, key = ADMIN): Promise<CallResult> => call('GET', path, { key });

const submit = (extra: Record<string, unknown>, key = AGENT) =>
  post('/api/v1/actions/submit', { agent_id: 'bot', agent_name: 'Bot', action_type: 'database.query', resource: 'test_db', ...extra }, key);

async function registerFs(extra: Record<string, unknown> = {}): Promise<CallResult> {
  // register_mcp_server('fs', blocked_tools=['delete_file']): server_name, transport_type, governance_enabled, then the optional ones.
  return post('/api/registry/mcp-servers', { server_name: 'fs', transport_type: 'stdio', governance_enabled: true, blocked_tools: ['delete_file'], ...extra });
}

describe('MCP server registry', () => {
  it('registers (201), lists, gets, refuses a duplicate (409) and a non-admin key (403)', async () => {
    const created = await registerFs({ display_name: 'Files' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      success: true,
      message: 'MCP server fs registered',
      server: { id: 1, server_name: 'fs', display_name: 'Files', is_active: true, blocked_tools: ['delete_file'] },
    });
    expect((await registerFs()).status).toBe(409);
    expect((await post('/api/registry/mcp-servers', { server_name: 'x', transport_type: 'stdio', governance_enabled: true }, AGENT)).status).toBe(403);
    expect((await get('/api/registry/mcp-servers')).json).toMatchObject({ total: 1, servers: [{ server_name: 'fs' }] });
    expect((await get('/api/registry/mcp-servers/fs')).json).toMatchObject({ success: true, server: { server_name: 'fs' } });
    expect((await get('/api/registry/mcp-servers/nope')).status).toBe(404);
  });

  it('validates the register body: blank name, bad overrides', async () => {
    const r = await post('/api/registry/mcp-servers', {
      server_name: ' ',
      transport_type: 'stdio',
      governance_enabled: true,
      tool_risk_overrides: { rm: 101 },
    });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.errors as object).sort()).toEqual(['server_name', 'tool_risk_overrides']);
  });

  it('deactivate with and without a reason (no body), activate, delete; each changes what submit answers', async () => {
    await registerFs();
    const allowed = await submit({ mcp_server_name: 'fs' });
    expect(allowed.status).toBe(200);
    expect(allowed.json).toMatchObject({
      decision: 'allowed',
      mcp_governance: { server_name: 'fs', registered: true, active: true, tool_blocked: false, enforcement: 'MCP_SERVER_ALLOWED' },
    });

    const off = await post('/api/registry/mcp-servers/fs/deactivate', { reason: 'INC-7' });
    expect(off.json).toMatchObject({ success: true, server: { is_active: false, deactivation_reason: 'INC-7' } });
    const refused = await submit({ mcp_server_name: 'fs' });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      detail: 'MCP server fs is deactivated',
      policy_violations: ['MCP_SERVER_DEACTIVATED_DENY'],
      mcp_governance: {
        server_name: 'fs',
        registered: true,
        active: false,
        governance_enabled: true,
        tool_name: 'query',
        enforcement: 'MCP_SERVER_DEACTIVATED_DENY',
        deactivation_reason: 'INC-7',
      },
    });
    // A refused submit creates no action.
    expect(fake.listActions()).toHaveLength(1);

    expect((await post('/api/registry/mcp-servers/fs/activate')).json).toMatchObject({ server: { is_active: true } });
    expect((await submit({ mcp_server_name: 'fs' })).status).toBe(200);
    expect((await post('/api/registry/mcp-servers/fs/deactivate')).json).toMatchObject({ server: { is_active: false, deactivation_reason: null } });
    expect((await post('/api/registry/mcp-servers/fs/activate', undefined, AGENT)).status).toBe(403);

    expect((await call('DELETE', '/api/registry/mcp-servers/fs', { key: ADMIN })).json).toEqual({ success: true, message: 'MCP server fs deleted' });
    expect((await submit({ mcp_server_name: 'fs' })).json).toMatchObject({
      policy_violations: ['MCP_SERVER_UNREGISTERED_DENY'],
      mcp_governance: { registered: false },
    });
  });

  it('refuses a blocked tool, named by action_details.tool_name or by the action type', async () => {
    await registerFs();
    const byType = await submit({ action_type: 'filesystem.delete_file', mcp_server_name: 'fs' });
    expect([byType.status, byType.json.mcp_governance.enforcement, byType.json.mcp_governance.tool_blocked]).toEqual([403, 'MCP_TOOL_BLOCKED_DENY', true]);
    const byName = await submit({ action_type: 'filesystem.cleanup', action_details: { tool_name: 'delete_file' }, mcp_server_name: 'fs' });
    expect(byName.json.policy_violations).toEqual(['MCP_TOOL_BLOCKED_DENY']);
    expect((await submit({ action_type: 'filesystem.read_file', mcp_server_name: 'fs' })).status).toBe(200);
  });

  it('refuses a blank mcp_server_name or model_id with 422', async () => {
    const r = await submit({ mcp_server_name: '  ', model_id: '' });
    expect(r.status).toBe(422);
    expect(Object.keys(r.json.errors as object).sort()).toEqual(['mcp_server_name', 'model_id']);
  });

  it('scans the network (no body) and reports health', async () => {
    await registerFs();
    expect((await post('/api/authorization/mcp-discovery/scan-network')).json).toMatchObject({
      success: true,
      discovered_count: 1,
      servers: [{ server_name: 'fs', registered: true }],
    });
    expect((await get('/api/authorization/mcp-discovery/health-monitor')).json).toMatchObject({
      total: 1,
      healthy: 1,
      servers: [{ server_name: 'fs', status: 'healthy' }],
    });
  });
});

describe('model registry (2.5.1 model_id)', () => {
  it.each([
    ['gpt-4-production', 200, { model_id: 'gpt-4-production', registry_checked: true, registered: true, compliance_status: 'approved' }],
    ['beta-model', 200, { model_id: 'beta-model', registry_checked: true, registered: true, compliance_status: 'partially_approved' }],
    ['legacy-model', 403, { model_id: 'legacy-model', registry_checked: true, registered: true, compliance_status: 'rejected' }],
    ['unknown-model', 403, { model_id: 'unknown-model', registry_checked: true, registered: false, compliance_status: null }],
  ])('%s → %i with its model_governance block', async (modelId, status, block) => {
    const r = await submit({ model_id: modelId });
    expect(r.status).toBe(status);
    expect(r.json.model_governance).toEqual(block);
    if (status === 403) expect(r.json.policy_violations).toEqual([modelId === 'legacy-model' ? 'MODEL_NON_COMPLIANT_DENY' : 'MODEL_NOT_REGISTERED_DENY']);
  });
});

describe('kill switch trigger and release', () => {
  it('blocks every agent as the admin switch does, audited, with a BLOCK broadcast; release lifts it', async () => {
    const on = await post('/api/billing/kill-switch/7/trigger', { reason: 'Incident INC-42' });
    expect(on.json).toMatchObject({ success: true, organization_id: 7, kill_switch_active: true, reason: 'Incident INC-42' });
    expect(fake.killSwitch).toMatchObject({ active: true, reason: 'Incident INC-42', activatedBy: 'api-key' });
    expect((await get('/api/sdk/kill-switch/status', AGENT)).json).toMatchObject({ active: true, reason: 'Incident INC-42' });
    expect((await submit({})).json).toMatchObject({ decision: 'denied', policy_violations: ['KILL_SWITCH_ACTIVE'] });
    expect(fake.listCommands().map((c) => [c.commandType, c.agentId, c.issuedVia])).toEqual([['BLOCK', null, 'kill_switch']]);
    expect(fake.auditLog.some((e) => e.eventType === 'kill_switch.activated')).toBe(true);
    expect((await post('/api/billing/kill-switch/7/release', { reason: 'Incident resolved' })).json).toMatchObject({ kill_switch_active: false });
    expect(fake.killSwitch.active).toBe(false);
    expect((await submit({})).json).toMatchObject({ decision: 'allowed' });
  });

  it('refuses a short reason (422), another organization and a non-admin key (403)', async () => {
    expect((await post('/api/billing/kill-switch/7/trigger', { reason: 'too short' })).status).toBe(422);
    expect((await post('/api/billing/kill-switch/8/trigger', { reason: 'Incident INC-42' })).status).toBe(403);
    expect((await post('/api/billing/kill-switch/7/trigger', { reason: 'Incident INC-42' }, AGENT)).status).toBe(403);
    expect(fake.killSwitch.active).toBe(false);
  });
});

describe('orchestration', () => {
  it('registers topologies (1..20 unique workers), reads sessions and risk, counts stats', async () => {
    expect((await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'] })).json).toMatchObject({
      success: true,
      topology: { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'] },
    });
    expect((await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w1'] })).status).toBe(422);
    expect((await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: [] })).status).toBe(422);
    expect((await post('/api/v1/orchestration/topology/mcp', { orchestrator_agent_id: 'orch', mcp_server_ids: [9] })).status).toBe(404);
    await registerFs();
    expect((await post('/api/v1/orchestration/topology/mcp', { orchestrator_agent_id: 'orch', mcp_server_ids: [1] })).status).toBe(200);

    const first = await submit({ orchestration_session_id: 's-1', orchestration_depth: 0 });
    await submit({ action_type: 'database.drop', orchestration_session_id: 's-1', parent_action_id: first.json.action_id, orchestration_depth: 1 });
    const session = await get('/api/v1/orchestration/sessions/s-1');
    expect(session.json).toMatchObject({ session_id: 's-1', action_count: 2, agents: ['bot'] });
    expect((session.json.actions as Array<{ decision: string }>).map((a) => a.decision)).toEqual(['allowed', 'denied']);
    const risk = await get('/api/v1/orchestration/sessions/s-1/risk');
    expect(risk.json).toMatchObject({ session_id: 's-1', action_count: 2, denied_count: 1 });
    expect(risk.json.cumulative_risk_score).toBeGreaterThanOrEqual(risk.json.max_risk_score as number);
    expect((await get('/api/v1/orchestration/sessions/none')).status).toBe(404);
    expect((await get('/api/v1/orchestration/stats')).json).toEqual({ topologies: 1, mcp_topologies: 1, sessions: 1, actions_in_sessions: 2 });
  });

  it('cascade kill: confirm false reports only; confirm true sends BLOCK to each agent and needs an admin', async () => {
    await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'] });
    // cascade_kill('orch', reason) with the default dry_run=True sends confirm: False.
    const dry = await post('/api/v1/orchestration/cascade-kill/orch', { reason: 'contain', confirm: false }, AGENT);
    expect(dry.json).toEqual({
      success: true,
      dry_run: true,
      orchestrator_id: 'orch',
      affected_agents: ['orch', 'w1', 'w2'],
      blocked_count: 0,
      reason: 'contain',
    });
    expect(fake.listCommands()).toEqual([]);
    expect((await post('/api/v1/orchestration/cascade-kill/orch', { reason: 'contain', confirm: true }, AGENT)).status).toBe(403);
    const real = await post('/api/v1/orchestration/cascade-kill/orch', { reason: 'contain', confirm: true });
    expect(real.json).toMatchObject({ dry_run: false, blocked_count: 3 });
    expect(fake.listCommands().map((c) => [c.commandType, c.agentId])).toEqual([
      ['BLOCK', 'orch'],
      ['BLOCK', 'w1'],
      ['BLOCK', 'w2'],
    ]);
    expect((await post('/api/v1/orchestration/cascade-kill/nobody', { reason: 'contain', confirm: false })).status).toBe(404);
  });
});

describe('output filter', () => {
  it('scans (CLEAN, REDACTED, BLOCKED), keeps findings, pages and filters them', async () => {
    expect((await get('/api/v1/output-filter/config')).json).toMatchObject({ enabled: true, block_on_severity: 'critical' });
    const clean = await post('/api/v1/output-filter/scan', { content: 'all good', agent_id: 'bot' });
    expect(clean.json).toMatchObject({ result: 'CLEAN', blocked: false, findings_count: 0, redacted_content: 'all good' });
    const email = await post('/api/v1/output-filter/scan', { content: 'mail ann@example.com', agent_id: 'bot', action_id: 5101 });
    expect(email.json).toMatchObject({
      result: 'REDACTED',
      blocked: false,
      redacted_content: 'mail [REDACTED:pii]',
      findings: [{ category: 'pii', severity: 'medium', pattern: 'email', action_id: 5101 }],
    });
    const card = await post('/api/v1/output-filter/scan', { content: 'card 4111 1111 1111 1111', agent_id: 'bot' });
    expect(card.json).toMatchObject({ result: 'BLOCKED', blocked: true, redacted_content: null });
    expect((await post('/api/v1/output-filter/scan', { content: 5, agent_id: '' })).json.errors).toEqual({
      content: 'string required',
      agent_id: 'Required field is missing or empty',
    });

    const all = await get('/api/v1/output-filter/findings?limit=1&offset=0');
    expect(all.json).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(all.json.findings).toHaveLength(1);
    const pci = (await get('/api/v1/output-filter/findings?limit=50&offset=0&category=pci')).json.findings as Array<{ pattern: string }>;
    expect(pci.map((f) => f.pattern)).toEqual(['credit_card']);
    expect((await get('/api/v1/output-filter/findings?limit=101')).status).toBe(422);
    expect((await get('/api/v1/output-filter/findings/5101')).json).toMatchObject({ action_id: 5101, total: 1 });
    expect((await get('/api/v1/output-filter/findings/0')).status).toBe(422);
  });
});

describe('supply chain and alerts', () => {
  it('lists with the Python query (True/False booleans), counts, reports impact and sync status', async () => {
    await post('/api/v1/supply-chain/components', {
      component_id: 'lib-1',
      component_name: 'left-pad',
      component_type: 'library',
      provenance_verified: false,
      risk_level: 'high',
    });
    await post('/api/v1/supply-chain/components', {
      component_id: 'm-1',
      component_name: 'gpt',
      component_type: 'model',
      provenance_verified: true,
      risk_level: 'low',
    });
    const list = await get('/api/v1/supply-chain/components?active_only=True&limit=100&offset=0&risk_level=high');
    expect(list.json).toMatchObject({ total: 1, components: [{ component_id: 'lib-1' }] });
    expect((await get('/api/v1/supply-chain/components?active_only=True&limit=100&offset=0&has_vulnerabilities=True')).json.total).toBe(0);
    expect((await get('/api/v1/supply-chain/components?active_only=maybe')).status).toBe(422);
    expect((await get('/api/v1/supply-chain/stats')).json).toMatchObject({
      total_components: 2,
      by_risk_level: { high: 1, low: 1 },
      by_type: { library: 1, model: 1 },
    });
    const id = list.json.components[0].id as number;
    expect((await get(`/api/v1/supply-chain/impact/${id}`)).json).toMatchObject({ component: { component_id: 'lib-1' }, affected_agents: [] });
    expect((await get('/api/v1/supply-chain/impact/999')).status).toBe(404);
    expect((await get('/api/v1/supply-chain/sync/status')).json).toMatchObject({ scheduler_running: false });
  });

  it('answers /api/alerts with a bare array, filtered by type', async () => {
    await submit({ action_type: 'database.drop', resource: 'production_db' });
    const all = await get('/api/alerts?limit=50&acknowledged=False');
    expect(Array.isArray(all.json)).toBe(true);
    const cve = await get('/api/alerts?type=supply_chain_cve&limit=50&acknowledged=False');
    expect(cve.json).toEqual([]);
    expect((await get('/api/alerts?type=supply_chain_cve&limit=501')).status).toBe(422);
  });
});

describe('state', () => {
  it('snapshot() and restore() keep the registry, topologies and findings; an older snapshot without them loads empty', async () => {
    await registerFs();
    await post('/api/registry/mcp-servers/fs/deactivate', { reason: 'INC-7' });
    await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1'] });
    await post('/api/v1/output-filter/scan', { content: 'ann@example.com', agent_id: 'bot' });
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot())) as ReturnType<FakeAscend['snapshot']>;
    expect([snapshot.mcpServers?.length, snapshot.topologies?.length, snapshot.findings?.length]).toEqual([1, 1, 1]);
    fake.reset();
    fake.restore(snapshot);
    // Still deactivated after the round trip: a restart never re-opens a server.
    expect((await submit({ mcp_server_name: 'fs' })).json.policy_violations).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
    expect((await post('/api/v1/orchestration/cascade-kill/orch', { reason: 'x', confirm: false })).json.affected_agents).toEqual(['orch', 'w1']);
    expect((await get('/api/v1/output-filter/findings')).json.total).toBe(1);
    // The next ids follow the restored ones.
    expect((await post('/api/registry/mcp-servers', { server_name: 'fs2', transport_type: 'stdio', governance_enabled: true })).json.server.id).toBe(2);
    const older = { ...snapshot } as Record<string, unknown>;
    delete older['mcpServers'];
    delete older['topologies'];
    delete older['findings'];
    fake.restore(older as unknown as ReturnType<FakeAscend['snapshot']>);
    expect((await get('/api/registry/mcp-servers')).json).toEqual({ servers: [], total: 0 });
  });

  it('reset() empties the registry, topologies and findings', async () => {
    await registerFs();
    await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1'] });
    await post('/api/v1/output-filter/scan', { content: 'ann@example.com', agent_id: 'bot' });
    fake.reset();
    expect((await get('/api/registry/mcp-servers')).json).toEqual({ servers: [], total: 0 });
    expect((await get('/api/v1/output-filter/findings')).json.total).toBe(0);
    expect((await post('/api/v1/orchestration/cascade-kill/orch', { reason: 'x', confirm: false })).status).toBe(404);
  });
});

describe('admin calls of the registry (what a console does, without HTTP)', () => {
  it('registerMcpServer validates as the register body does, refuses a taken name, and is what the protocol lists', async () => {
    const server = fake.registerMcpServer({ serverName: ' fs ', blockedTools: ['delete_file'], displayName: 'Files', by: 'ops@corp.example' });
    expect(server).toMatchObject({ id: 1, serverName: 'fs', isActive: true, blockedTools: ['delete_file'], governanceEnabled: true, transportType: 'stdio' });
    expect((await get('/api/registry/mcp-servers/fs')).json).toMatchObject({ server: { server_name: 'fs', display_name: 'Files' } });
    expect(fake.auditLog.at(-1)).toMatchObject({ eventType: 'MCP_SERVER_REGISTERED', actor: 'ops@corp.example', resource: 'fs' });
    const taken = (() => {
      try {
        fake.registerMcpServer({ serverName: 'fs' });
      } catch (error) {
        return error as { name: string; code: string; message: string };
      }
      return undefined;
    })();
    expect(taken).toMatchObject({ name: 'FakeAdminError', code: 'conflict' });
    expect(() => fake.registerMcpServer({ serverName: '  ' })).toThrow(
      expect.objectContaining({ code: 'invalid', message: expect.stringContaining('server_name') }),
    );
    expect(() => fake.registerMcpServer({ serverName: 'x', toolRiskOverrides: { read: 101 } })).toThrow(
      expect.objectContaining({ code: 'invalid', message: expect.stringContaining('tool_risk_overrides') }),
    );
    expect(fake.listMcpServers().map((s) => s.serverName)).toEqual(['fs']);
  });

  it('setMcpServerActive and setMcpToolBlocked change what submit answers, audited; unknown servers are not-found', async () => {
    fake.registerMcpServer({ serverName: 'fs' });
    expect((await submit({ mcp_server_name: 'fs', action_details: { tool_name: 'read_file' } })).status).toBe(200);

    expect(fake.setMcpToolBlocked('fs', 'read_file', true, { by: 'ciso' }).blockedTools).toEqual(['read_file']);
    const blocked = await submit({ mcp_server_name: 'fs', action_details: { tool_name: 'read_file' } });
    expect([blocked.status, blocked.json.policy_violations]).toEqual([403, ['MCP_TOOL_BLOCKED_DENY']]);
    expect(fake.auditLog.filter((e) => e.eventType === 'MCP_TOOL_BLOCKED').map((e) => [e.actor, e.details['tool_name']])).toEqual([['ciso', 'read_file']]);
    // Blocking twice changes nothing; unblocking lets it through again.
    fake.setMcpToolBlocked('fs', 'read_file', true);
    expect(fake.listMcpServers()[0]!.blockedTools).toEqual(['read_file']);
    fake.setMcpToolBlocked('fs', 'read_file', false);
    expect((await submit({ mcp_server_name: 'fs', action_details: { tool_name: 'read_file' } })).status).toBe(200);

    const off = fake.setMcpServerActive('fs', false, { reason: 'INC-9 exfiltration', by: 'ciso' });
    expect([off.isActive, off.deactivationReason]).toEqual([false, 'INC-9 exfiltration']);
    const refused = await submit({ mcp_server_name: 'fs' });
    expect([refused.status, refused.json.mcp_governance]).toEqual([403, expect.objectContaining({ deactivation_reason: 'INC-9 exfiltration' })]);
    expect(fake.setMcpServerActive('fs', true).deactivationReason).toBeNull();
    expect((await submit({ mcp_server_name: 'fs' })).status).toBe(200);

    expect(() => fake.setMcpServerActive('nope', false)).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => fake.setMcpToolBlocked('fs', ' ', true)).toThrow(expect.objectContaining({ code: 'invalid' }));
  });

  it('lists topologies, findings, components and sessions with the risk the protocol answers', async () => {
    await post('/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'] });
    await post('/api/v1/output-filter/scan', { content: 'mail ann@example.com', agent_id: 'bot' });
    const first = await submit({ orchestration_session_id: 's-1' });
    await submit({ action_type: 'database.drop', orchestration_session_id: 's-1', parent_action_id: first.json.action_id, orchestration_depth: 1 });
    await submit({ orchestration_session_id: 's-2' });

    expect(fake.listTopologies()).toEqual([expect.objectContaining({ orchestratorAgentId: 'orch', workerAgentIds: ['w1', 'w2'] })]);
    expect(fake.listFindings()).toEqual([expect.objectContaining({ agentId: 'bot', category: 'pii', pattern: 'email' })]);
    expect(fake.listSupplyChainComponents()).toEqual([]);
    const sessions = fake.listOrchestrationSessions();
    expect(sessions.map((s) => [s.sessionId, s.actionCount, s.deniedCount])).toEqual([
      ['s-1', 2, 1],
      ['s-2', 1, 0],
    ]);
    const risk = (await get('/api/v1/orchestration/sessions/s-1/risk')).json;
    expect([sessions[0]!.cumulativeRiskScore, sessions[0]!.maxRiskScore, sessions[0]!.averageRiskScore]).toEqual([
      risk.cumulative_risk_score,
      risk.max_risk_score,
      risk.average_risk_score,
    ]);
  });
});
