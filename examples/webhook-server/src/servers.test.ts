/**
 * Drives the three servers over real HTTP on 127.0.0.1 (port 0), with deliveries signed the
 * way ASCEND signs them (`signWebhook`, ascend-v1).
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { signWebhook } from '@ascend/core';
import { nodeSigner } from '@ascend/node';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpressWebhookApp } from './express-app.js';
import { createHonoWebhookApp } from './hono-app.js';
import { createNodeWebhookServer } from './node-server.js';
import { createEventRouter, type Effects } from './router.js';

const SECRET = 'whsec_example-current-secret';
const OLD_SECRET = 'whsec_example-previous-secret';

interface Recorder extends Effects {
  calls: string[];
  logs: string[];
  failNext: boolean;
}

function recorder(): Recorder {
  const r: Recorder = {
    calls: [],
    logs: [],
    failNext: false,
    executePendingAction(actionId) {
      if (r.failNext) {
        r.failNext = false;
        throw new Error('executor unavailable');
      }
      r.calls.push(`execute ${actionId}`);
    },
    notifyUserOfDenial(actionId, reason) {
      r.calls.push(`notify ${actionId} ${reason}`);
    },
    alertSecurity(agentId, violations) {
      r.calls.push(`alert ${agentId} ${violations.join('+')}`);
    },
    log(message) {
      r.logs.push(message);
    },
  };
  return r;
}

type Start = (effects: Effects) => Server;
const quiet = (): void => {};

const servers: [string, Start][] = [
  [
    'node:http',
    (effects) => createNodeWebhookServer({ secrets: [SECRET, OLD_SECRET], router: createEventRouter(effects), onError: quiet }).listen(0, '127.0.0.1'),
  ],
  [
    'Hono (@hono/node-server)',
    (effects) =>
      serve({
        fetch: createHonoWebhookApp({ secrets: [SECRET, OLD_SECRET], signer: nodeSigner, router: createEventRouter(effects), onError: quiet }).fetch,
        port: 0,
        hostname: '127.0.0.1',
      }) as Server,
  ],
  [
    'Express 5',
    (effects) => createExpressWebhookApp({ secrets: [SECRET, OLD_SECRET], router: createEventRouter(effects), onError: quiet }).listen(0, '127.0.0.1'),
  ],
];

const running: Server[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe.each(servers)('%s webhook server', (_name, start) => {
  async function boot() {
    const effects = recorder();
    const server = start(effects);
    running.push(server);
    if (!server.listening) await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ascend`;
    async function deliver(payload: Record<string, unknown>, options: { secret?: string; eventId?: string; tamper?: (body: string) => string } = {}) {
      const { headers, body } = await signWebhook({
        secret: options.secret ?? SECRET,
        payload,
        signer: nodeSigner,
        ...(options.eventId ? { eventId: options.eventId } : {}),
      });
      const response = await fetch(url, { method: 'POST', headers, body: options.tamper ? options.tamper(body) : body });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    }
    return { effects, deliver, url };
  }

  // The seed's sender envelope: { event, timestamp, data }; the id travels in X-Event-Id.
  const seedEvent = (event: string, data: Record<string, unknown>) => ({ event, timestamp: '2025-12-03T10:00:00Z', data });

  it('routes action.approved to execution', async () => {
    const { effects, deliver } = await boot();
    const result = await deliver(seedEvent('action.approved', { action_id: 'act_123', agent_id: 'agent_001', approver: 'admin@company.com' }), {
      eventId: 'evt_a1',
    });
    expect(result.status).toBe(200);
    expect(result.body['status']).toBe('processed');
    expect(effects.calls).toEqual(['execute act_123']);
    expect(effects.logs).toEqual(['Action act_123 approved by admin@company.com']);
  });

  it('routes action.denied, policy.violation and agent.trust_changed', async () => {
    const { effects, deliver } = await boot();
    await deliver(seedEvent('action.denied', { action_id: 'act_9', reason: 'Out of policy' }));
    await deliver(seedEvent('policy.violation', { agent_id: 'agent_001', violations: ['no-pii', 'max-amount'] }));
    const trust = await deliver(seedEvent('agent.trust_changed', { agent_id: 'agent_001', old_trust_level: 'standard', new_trust_level: 'restricted' }));
    expect(trust.status).toBe(200);
    expect(effects.calls).toEqual(['notify act_9 Out of policy', 'alert agent_001 no-pii+max-amount']);
    expect(effects.logs).toContain('Agent agent_001 trust changed: standard -> restricted');
  });

  it('handles the backend envelope (signed id, numeric action id kept as a string)', async () => {
    const { effects, deliver } = await boot();
    const result = await deliver({ id: 'evt_0123456789abcdef01234567', type: 'action.approved', data: { action_id: 4711, approved_by: 'ciso@corp.example' } });
    expect(result.status).toBe(200);
    expect(effects.calls).toEqual(['execute 4711']);
  });

  it('de-duplicates by event id: a re-delivery (new timestamp and signature) has no second effect', async () => {
    const { effects, deliver } = await boot();
    const approved = seedEvent('action.approved', { action_id: 'act_1' });
    expect((await deliver(approved, { eventId: 'evt_dup' })).body['status']).toBe('processed');
    const again = await deliver(approved, { eventId: 'evt_dup' });
    expect(again).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    expect(effects.calls).toEqual(['execute act_1']);
  });

  it('answers 401 invalid_signature with the reason for a wrong secret or a tampered body, with no effect', async () => {
    const { effects, deliver, url } = await boot();
    const approved = seedEvent('action.approved', { action_id: 'act_1' });
    expect(await deliver(approved, { secret: 'whsec_attacker' })).toEqual({ status: 401, body: { error: 'invalid_signature', reason: 'bad_signature' } });
    expect(await deliver(approved, { tamper: (b) => b.replace('act_1', 'act_2') })).toEqual({
      status: 401,
      body: { error: 'invalid_signature', reason: 'bad_signature' },
    });
    const unsigned = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(approved) });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toEqual({ error: 'invalid_signature', reason: 'missing_header' });
    expect(effects.calls).toEqual([]);
  });

  it('accepts a delivery signed with the previous secret during a rotation', async () => {
    const { effects, deliver } = await boot();
    expect((await deliver(seedEvent('action.approved', { action_id: 'act_r' }), { secret: OLD_SECRET })).status).toBe(200);
    expect(effects.calls).toEqual(['execute act_r']);
  });

  it('answers 200 to an event type it has no handler for', async () => {
    const { effects, deliver } = await boot();
    expect((await deliver(seedEvent('workflow.started', { workflow_id: 1 }))).status).toBe(200);
    expect(effects.calls).toEqual([]);
  });

  it('answers 500 when a handler fails, and processes the sender’s retry', async () => {
    const { effects, deliver } = await boot();
    effects.failNext = true;
    const approved = seedEvent('action.approved', { action_id: 'act_f' });
    expect((await deliver(approved, { eventId: 'evt_retry' })).status).toBe(500);
    expect((await deliver(approved, { eventId: 'evt_retry' })).status).toBe(200);
    expect(effects.calls).toEqual(['execute act_f']);
  });
});
