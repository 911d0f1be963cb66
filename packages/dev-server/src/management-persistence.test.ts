/**
 * The `dataDir` store keeps the 2.5.0 management state across a restart: the MCP server
 * registry (a deactivated server stays deactivated), orchestration topologies, output-filter
 * findings, and a kill switch triggered through the API.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ascend/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './index.js';

const H = { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key' };
let root: string;
const open: DevServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ascend-mgmt-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<DevServer> {
  const s = await startDevServer({ port: 0, dataDir, logger: silentLogger });
  open.push(s);
  return s;
}

async function call(s: DevServer, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${s.url}${path}`, { method, headers: H, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const submitVia = (s: DevServer, server: string) =>
  call(s, 'POST', '/api/v1/actions/submit', {
    agent_id: 'a',
    agent_name: 'A',
    action_type: 'filesystem.read_file',
    resource: '/srv/a',
    mcp_server_name: server,
  });

describe('management state in the dataDir store', () => {
  it('survives a restart: registry, deactivation, topologies, findings and an API-triggered kill switch', async () => {
    const dir = join(root, 'restart');
    const first = await start(dir);
    expect((await call(first, 'POST', '/api/registry/mcp-servers', { server_name: 'fs', transport_type: 'stdio', governance_enabled: true })).status).toBe(201);
    expect((await call(first, 'POST', '/api/registry/mcp-servers', { server_name: 'db', transport_type: 'stdio', governance_enabled: true })).status).toBe(201);
    expect((await call(first, 'POST', '/api/registry/mcp-servers/db/deactivate', { reason: 'INC-9' })).status).toBe(200);
    await call(first, 'POST', '/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1'] });
    await call(first, 'POST', '/api/v1/output-filter/scan', { content: 'ann@example.com', agent_id: 'a' });
    open.splice(open.indexOf(first), 1);
    await first.close();

    const second = await start(dir);
    expect((await submitVia(second, 'fs')).status).toBe(200);
    const refused = await submitVia(second, 'db');
    expect([refused.status, (refused.json['mcp_governance'] as Record<string, unknown>)['enforcement']]).toEqual([403, 'MCP_SERVER_DEACTIVATED_DENY']);
    expect((await call(second, 'POST', '/api/v1/orchestration/cascade-kill/orch', { reason: 'x', confirm: false })).json['affected_agents']).toEqual([
      'orch',
      'w1',
    ]);
    expect((await call(second, 'GET', '/api/v1/output-filter/findings')).json['total']).toBe(1);
    expect((await call(second, 'POST', '/api/billing/kill-switch/1/trigger', { reason: 'Incident INC-10' })).status).toBe(200);
    open.splice(open.indexOf(second), 1);
    await second.close();

    const third = await start(dir);
    expect((await call(third, 'GET', '/api/sdk/kill-switch/status')).json).toMatchObject({ active: true, reason: 'Incident INC-10' });
    expect((await call(third, 'GET', '/api/registry/mcp-servers')).json['total']).toBe(2);
  });
});
