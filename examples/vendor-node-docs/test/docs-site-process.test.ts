/**
 * The vendor docs site's Node.js pages, the legacy README block and the integration guide's
 * polling example as users run them: plain
 * `node script.mjs` child processes against `ascend-dev` over real HTTP, configured only through
 * the environment the pages name (OWKAI_API_KEY, OWKAI_API_URL). The dev server accepts the
 * pages' placeholder key, so the scripts keep it.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { silentLogger } from '@ascend/node';
import type { PolicyRule } from '@ascend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = (name: string): string => fileURLToPath(new URL(`../scripts/${name}`, import.meta.url));
const KEY = 'owkai_live_your_api_key_here';
let server: DevServer;

beforeAll(async () => {
  server = await startDevServer({
    port: 0,
    host: '127.0.0.1',
    apiKeys: [KEY],
    logger: silentLogger,
    // The policy file the README's manual run passes with --policy.
    policy: JSON.parse(readFileSync(script('docs-policy.json'), 'utf8')) as PolicyRule[],
  });
});
afterAll(() => server?.close());

/** The environment the pages configure: nothing else reaches the child. */
const env = (): NodeJS.ProcessEnv => ({ PATH: process.env['PATH'] ?? '', OWKAI_API_KEY: KEY, OWKAI_API_URL: server.url });

describe('installation.md, Option 1: Native Fetch (no SDK) against ascend-dev', () => {
  it('submits on /api/v1/actions/submit with a Bearer key and prints the status and risk', async () => {
    const { stdout } = await run(process.execPath, [script('installation-fetch.mjs')], { env: env(), timeout: 60_000 });
    expect(stdout.trim()).toBe('Status: approved, Risk: 20');
    const action = server.fake.listActions().find((a) => a.agentId === 'my-agent-001');
    expect(action).toMatchObject({ actionType: 'data_access', resource: 'customer_database', decision: 'allowed' });
  });
});

describe('client-configuration.md "Wait for Approval" with the reference client replaced by @ascend/node/compat/rest-client', () => {
  it('waits through a human approval and the process ends by itself', async () => {
    const child = run(process.execPath, [script('wait-for-approval.mjs')], { env: env(), timeout: 60_000 });
    // The reviewer: approves once the action is pending, on the dev server's admin side.
    let approvedId: number | undefined;
    for (let i = 0; i < 2000 && approvedId === undefined; i++) {
      const pending = server.fake.listPending().find((p) => server.fake.getAction(p.actionId)?.agentId === 'high-risk-agent');
      if (pending) {
        server.fake.approve(pending.actionId, { by: 'cfo@corp.example' });
        approvedId = pending.actionId;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    expect(approvedId).toBeDefined();
    const { stdout } = await child;
    expect(stdout.split('\n').filter(Boolean)).toEqual(['Waiting for human approval...', 'Final decision: approved', 'Action approved - proceeding']);
    expect(server.fake.getAction(approvedId!)).toMatchObject({ actionType: 'transaction', actionDetails: { amount: 50000 }, status: 'approved' });
  });

  it('a rejection reads denied with the reason: the approved branch never runs', async () => {
    const child = run(process.execPath, [script('wait-for-approval.mjs')], { env: env(), timeout: 60_000 });
    let rejected = false;
    for (let i = 0; i < 2000 && !rejected; i++) {
      const pending = server.fake.listPending().find((p) => server.fake.getAction(p.actionId)?.agentId === 'high-risk-agent');
      if (pending) {
        server.fake.reject(pending.actionId, { by: 'cfo@corp.example', comment: 'Not this quarter' });
        rejected = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    const { stdout } = await child;
    expect(stdout).toContain('Final decision: denied');
    expect(stdout).toContain('Action denied: ');
    expect(stdout).not.toContain('proceeding');
  });
});

describe('README "Legacy Client (v1.0)" with @ascend/node/compat', () => {
  it('OWKAIClient.submitAction as a plain node process', async () => {
    const { stdout } = await run(process.execPath, [script('legacy-owkai-client.mjs')], { env: env(), timeout: 60_000 });
    const match = /^decision (\d+) approved executionAllowed=true$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    expect(server.fake.getAction(Number(match![1]))).toMatchObject({
      agentId: 'agent-001',
      agentName: 'My Agent',
      actionType: 'data_access',
      resource: 'customer_data',
    });
  });
});

describe('the integration guide\'s "Polling for Approval" (SDK_GUIDE.md) with @ascend/node/compat', () => {
  /** Runs the script, and decides the pending transfer as a reviewer would; returns its output. */
  async function pollWith(approve: boolean, file = 'integration-guide-polling.mjs'): Promise<{ stdout: string; actionId: number }> {
    const child = run(process.execPath, [script(file)], { env: env(), timeout: 60_000 });
    let actionId: number | undefined;
    for (let i = 0; i < 2000 && actionId === undefined; i++) {
      const pending = server.fake.listPending().find((p) => server.fake.getAction(p.actionId)?.agentId === 'finance-agent-001');
      if (pending) {
        actionId = pending.actionId;
        if (approve) server.fake.approve(actionId, { by: 'cfo@corp.example' });
        else server.fake.reject(actionId, { by: 'cfo@corp.example', reason: 'Vendor not on the approved list' });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    expect(actionId).toBeDefined();
    const { stdout } = await child;
    return { stdout, actionId: actionId! };
  }

  it('waits (seconds) through a human approval, and the process ends by itself', async () => {
    const { stdout, actionId } = await pollWith(true);
    expect(stdout.split('\n').filter(Boolean)).toEqual([`Action ${actionId} pending approval`, 'Action approved, proceeding...']);
    expect(server.fake.getAction(actionId)).toMatchObject({ resource: 'bank_transfer', context: { tool_name: 'bank_transfer' }, status: 'approved' });
  });

  it('the same as CommonJS with a plain main(): waits through the approval and ends by itself', async () => {
    const { stdout, actionId } = await pollWith(true, 'integration-guide-polling.cjs');
    expect(stdout.split('\n').filter(Boolean)).toEqual([`Action ${actionId} pending approval`, 'Action approved, proceeding...']);
  });

  it('a rejection prints the reason and never the approved branch', async () => {
    const { stdout, actionId } = await pollWith(false);
    expect(stdout.split('\n').filter(Boolean)).toEqual([`Action ${actionId} pending approval`, 'Action denied: Vendor not on the approved list']);
  });
});
