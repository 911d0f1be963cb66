/**
 * The dashboard counts agents that act without registering: agents seen submitting actions that
 * are not in the registry, with how many actions and when they were last seen. Registering
 * takes an agent off the list; the count survives a restart from the data dir (it is rebuilt
 * from the audit log).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ascend/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../index.js';
import { adminClient } from '../test-support/admin-client.js';

const H = { 'content-type': 'application/json', 'x-api-key': 'ascend_dev_local_key' };
const open: DevServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function post(s: DevServer, path: string, body: unknown): Promise<number> {
  const res = await fetch(`${s.url}${path}`, { method: 'POST', headers: H, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

const submit = (s: DevServer, agentId: string) =>
  post(s, '/api/v1/actions/submit', { agent_id: agentId, action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 10 } });
const register = (s: DevServer, agentId: string) =>
  post(s, '/api/registry/agents', {
    agent_id: agentId,
    display_name: agentId,
    agent_type: 'supervised',
    environment: 'staging',
    capabilities: [],
    allowed_resources: [],
    sdk_version: 't',
    metadata: {},
  });

describe('agents acting without registering', () => {
  it('are counted on the dashboard, most recent first, and leave the list once registered', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ascend-unregistered-'));
    try {
      const s = await startDevServer({ port: 0, logger: silentLogger, dataDir: dir });
      open.push(s);
      expect(await register(s, 'registered-bot')).toBe(200);
      await submit(s, 'registered-bot');
      await submit(s, 'rogue-bot');
      await submit(s, 'rogue-bot');
      await submit(s, 'shadow-bot');

      const admin = adminClient(s.url);
      let dashboard = await admin.dashboard();
      expect(dashboard.summary.counts).toMatchObject({ agents: 1, unregistered_agents: 2 });
      expect(dashboard.unregistered_agents.map((a) => [a.agent_id, a.actions])).toEqual([
        ['shadow-bot', 1],
        ['rogue-bot', 2],
      ]);
      expect(Date.parse(dashboard.unregistered_agents[0]!.last_seen)).not.toBeNaN();
      const agents = await admin.get<{ unregistered_agents: { agent_id: string }[] }>('/_admin/agents');
      expect(agents.unregistered_agents.map((a) => a.agent_id)).toEqual(['shadow-bot', 'rogue-bot']);

      // Reading again counts nothing twice.
      await submit(s, 'rogue-bot');
      dashboard = await admin.dashboard();
      expect(dashboard.unregistered_agents.find((a) => a.agent_id === 'rogue-bot')!.actions).toBe(3);

      expect(await register(s, 'rogue-bot')).toBe(200);
      dashboard = await admin.dashboard();
      expect(dashboard.summary.counts.unregistered_agents).toBe(1);
      expect(dashboard.unregistered_agents.map((a) => a.agent_id)).toEqual(['shadow-bot']);

      await s.close();
      open.splice(0);
      const again = await startDevServer({ port: 0, logger: silentLogger, dataDir: dir });
      open.push(again);
      expect((await adminClient(again.url).summary()).counts.unregistered_agents).toBe(1);
    } finally {
      await Promise.all(open.splice(0).map((s) => s.close()));
      await rm(dir, { recursive: true, force: true });
    }
  });
});
