/**
 * `ascend-dev` accepts the official Python client 2.5.1's calls of the 2.5.0 management surface
 * and its 2.5.1 submit fields: each request is built as that client builds it (`git show
 * v2.5.1:ascend/client.py`): its path, its body in insertion order with Python's separators, the
 * signature over the sorted body, its query strings with `True`/`False` booleans, and no body
 * (hence no signature) where it sends `data=None`. Sent over real HTTP to a signing dev server.
 */
import { createHmac } from 'node:crypto';
import { silentLogger } from '@ascend/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './index.js';

const KEY = 'ascend_dev_local_key';
const SECRET = 'python-secret';
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    logger: silentLogger,
    signingSecret: SECRET,
    fake: { organizationId: 3, models: { 'gpt-4-production': 'approved', 'legacy-model': 'rejected' } },
  });
});
afterAll(async () => {
  await server?.close();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Python's `json.dumps(value, sort_keys=sort)` for ASCII data: `", "` and `": "` separators. */
function pyDumps(value: Json, sort: boolean): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => pyDumps(v, sort)).join(', ')}]`;
  if (typeof value === 'object') {
    const keys = sort ? Object.keys(value).sort() : Object.keys(value);
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${pyDumps(value[k]!, sort)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** One request as the Python client's `_request(method, endpoint, data, params)` sends it. */
async function python(method: string, endpoint: string, data?: { [key: string]: Json }, params?: string): Promise<{ status: number; json: Json }> {
  const timestamp = new Date().toISOString().replace('Z', '000+00:00');
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'X-API-Key': KEY,
    Authorization: `Bearer ${KEY}`,
    'User-Agent': 'ascend-sdk/2.5.1 Python',
    'X-SDK-Version': '2.5.1',
    'X-Environment': 'production',
    'X-Correlation-ID': 'asc_9ae0e51bb6a947d5',
    'X-Request-Timestamp': timestamp,
  };
  // `if self.signing_secret and data:` — only a non-empty body is signed, over the sorted form.
  if (data && Object.keys(data).length > 0) {
    headers['X-Signature'] = `v1=${createHmac('sha256', SECRET)
      .update(`${timestamp}.${pyDumps(data, true)}`)
      .digest('hex')}`;
  }
  const res = await fetch(`${server.url}${endpoint}${params ? `?${params}` : ''}`, {
    method,
    headers,
    ...(data === undefined ? {} : { body: pyDumps(data, false) }),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : (JSON.parse(text) as Json) };
}

const obj = (v: Json | undefined): { [key: string]: Json } => v as { [key: string]: Json };

describe('the Python client 2.5.1 against ascend-dev', () => {
  it('MCP server lifecycle, and the 403 refusals evaluate_action(mcp_server_name=...) meets', async () => {
    // register_mcp_server('py-fs', display_name='Files', blocked_tools=['delete_file'])
    const created = await python('POST', '/api/registry/mcp-servers', {
      server_name: 'py-fs',
      transport_type: 'stdio',
      governance_enabled: true,
      display_name: 'Files',
      blocked_tools: ['delete_file'],
    });
    expect(created.status).toBe(201);
    expect((await python('GET', '/api/registry/mcp-servers')).status).toBe(200);
    expect(obj((await python('GET', '/api/registry/mcp-servers/py-fs')).json)['success']).toBe(true);
    const submit = (extra: { [key: string]: Json }) =>
      python('POST', '/api/v1/actions/submit', { agent_id: 'py-bot', agent_name: 'Py Bot', action_type: 'filesystem.read_file', resource: '/srv/a', ...extra });
    expect((await submit({ mcp_server_name: 'py-fs' })).status).toBe(200);
    const blocked = await submit({ action_type: 'filesystem.delete_file', mcp_server_name: 'py-fs' });
    expect([blocked.status, obj(obj(blocked.json)['mcp_governance'])['enforcement']]).toEqual([403, 'MCP_TOOL_BLOCKED_DENY']);
    // deactivate_mcp_server('py-fs') without a reason sends data=None: no body, no signature.
    expect((await python('POST', '/api/registry/mcp-servers/py-fs/deactivate')).status).toBe(200);
    const deactivated = await submit({ mcp_server_name: 'py-fs' });
    expect([deactivated.status, obj(obj(deactivated.json)['mcp_governance'])['enforcement']]).toEqual([403, 'MCP_SERVER_DEACTIVATED_DENY']);
    expect((await python('POST', '/api/registry/mcp-servers/py-fs/deactivate', { reason: 'maintenance' })).status).toBe(200);
    expect((await python('POST', '/api/registry/mcp-servers/py-fs/activate')).status).toBe(200);
    expect((await submit({ mcp_server_name: 'py-fs' })).status).toBe(200);
    expect(obj((await python('POST', '/api/authorization/mcp-discovery/scan-network')).json)['discovered_count']).toBe(1);
    expect((await python('GET', '/api/authorization/mcp-discovery/health-monitor')).status).toBe(200);
    expect((await python('DELETE', '/api/registry/mcp-servers/py-fs')).status).toBe(200);
  });

  it('evaluate_action(model_id=...): a compliant model passes, a non-compliant one is refused with model_governance', async () => {
    const submit = (modelId: string) =>
      python('POST', '/api/v1/actions/submit', { agent_id: 'py-bot', agent_name: 'Py Bot', action_type: 'database.query', resource: 'db', model_id: modelId });
    const ok = await submit('gpt-4-production');
    expect([ok.status, obj(obj(ok.json)['model_governance'])['compliance_status']]).toEqual([200, 'approved']);
    const refused = await submit('legacy-model');
    expect([refused.status, obj(refused.json)['policy_violations']]).toEqual([403, ['MODEL_NON_COMPLIANT_DENY']]);
  });

  it('trigger_kill_switch / release_kill_switch block and free agents as the admin switch does', async () => {
    expect((await python('POST', '/api/billing/kill-switch/3/trigger', { reason: 'Incident INC-42 via Python' })).status).toBe(200);
    expect(obj((await python('GET', '/api/sdk/kill-switch/status')).json)).toMatchObject({ active: true, reason: 'Incident INC-42 via Python' });
    const denied = await python('POST', '/api/v1/actions/submit', { agent_id: 'py-bot', agent_name: 'Py Bot', action_type: 'database.query', resource: 'db' });
    expect(obj(denied.json)['decision']).toBe('denied');
    expect((await python('POST', '/api/billing/kill-switch/3/release', { reason: 'Incident resolved' })).status).toBe(200);
    expect(obj((await python('GET', '/api/sdk/kill-switch/status')).json)['active']).toBe(false);
  });

  it('orchestration, output filter, supply chain and alerts', async () => {
    expect((await python('POST', '/api/v1/orchestration/topology', { orchestrator_agent_id: 'py-orch', worker_agent_ids: ['w1', 'w2'] })).status).toBe(200);
    // cascade_kill('py-orch', reason) keeps dry_run=True: confirm is False.
    const dry = await python('POST', '/api/v1/orchestration/cascade-kill/py-orch', { reason: 'contain', confirm: false });
    expect(obj(dry.json)).toMatchObject({ dry_run: true, affected_agents: ['py-orch', 'w1', 'w2'] });
    const first = await python('POST', '/api/v1/actions/submit', {
      agent_id: 'py-orch',
      agent_name: 'Orchestrator',
      action_type: 'database.query',
      resource: 'db',
      orchestration_session_id: 'py-s',
      orchestration_depth: 0,
    });
    expect(first.status).toBe(200);
    expect(obj((await python('GET', '/api/v1/orchestration/sessions/py-s')).json)['action_count']).toBe(1);
    expect((await python('GET', '/api/v1/orchestration/sessions/py-s/risk')).status).toBe(200);
    expect((await python('GET', '/api/v1/orchestration/stats')).status).toBe(200);
    expect((await python('GET', '/api/v1/output-filter/config')).status).toBe(200);
    const scan = await python('POST', '/api/v1/output-filter/scan', {
      content: 'ssn 123-45-6789',
      agent_id: 'py-bot',
      action_id: Number(obj(first.json)['action_id']),
    });
    expect(obj(scan.json)['result']).toBe('REDACTED');
    expect(obj((await python('GET', '/api/v1/output-filter/findings', undefined, 'limit=50&offset=0&severity=high')).json)['total']).toBe(1);
    expect((await python('GET', `/api/v1/output-filter/findings/${Number(obj(first.json)['action_id'])}`)).status).toBe(200);
    expect((await python('GET', '/api/v1/supply-chain/components', undefined, 'active_only=True&limit=100&offset=0')).status).toBe(200);
    expect((await python('GET', '/api/v1/supply-chain/stats')).status).toBe(200);
    expect((await python('GET', '/api/v1/supply-chain/impact/1')).status).toBe(404);
    expect((await python('GET', '/api/v1/supply-chain/sync/status')).status).toBe(200);
    expect((await python('GET', '/api/alerts', undefined, 'type=supply_chain_cve&limit=50&acknowledged=False')).json).toEqual([]);
  });
});
