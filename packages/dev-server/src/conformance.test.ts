/**
 * The shared conformance suite of `@ascend/testing`, run against the dev server over real HTTP:
 * the Node client talks to 127.0.0.1, and every admin hook (approve, reject, kill switch, fault
 * injection, counters, reset) goes through the admin HTTP API, as a script would. The suite's
 * webhook test configures `https://hooks.example.com/ascend`; msw answers that one URL, so the
 * dev server's real, signed test delivery has somewhere to land.
 */
import { AscendClient as NodeAscendClient, verifyWebhook, nodeSigner, type AscendClientOptions } from '@ascend/node';
import { createTestClientFactory, OPERATION_NAMES, type OperationName } from '@ascend/testing';
import { CONFORMANCE_OPERATIONS, defineConformanceSuite, type ConformanceTarget } from '@ascend/testing/conformance';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from './index.js';
import { adminClient, type AdminClient } from './test-support/admin-client.js';

const SECRET = 'conformance-signing-secret';
const received: { eventType: string | null; verified: boolean }[] = [];
const hooks = setupServer(
  http.post('https://hooks.example.com/ascend', async ({ request }) => {
    const body = await request.text();
    let verified = true;
    try {
      await verifyWebhook({ body, headers: request.headers, secrets: 'whsec_conformance', signer: nodeSigner });
    } catch {
      verified = false;
    }
    received.push({ eventType: request.headers.get('x-event-type'), verified });
    return verified ? HttpResponse.json({ ok: true }) : HttpResponse.json({ error: 'invalid_signature' }, { status: 401 });
  }),
);

let server: DevServer;
let admin: AdminClient;
const exercised = new Set<OperationName>();

beforeAll(async () => {
  // Requests to the dev server itself pass through msw untouched (real sockets).
  hooks.listen({ onUnhandledRequest: 'bypass' });
  server = await startDevServer({ port: 0, signingSecret: SECRET, logLevel: 'error', webhookRetry: { attempts: 1, timeoutMs: 2000 } });
  admin = adminClient(server.url);
});
afterAll(async () => {
  await server?.close();
  hooks.close();
});

function target(): ConformanceTarget {
  const factory = createTestClientFactory({ baseUrl: server.url, apiKey: server.apiKey, signingSecret: SECRET });
  const clients: NodeAscendClient[] = [];
  return {
    signingSecret: SECRET,
    createClient(overrides?: AscendClientOptions) {
      // The client users install: the Node adapter, over the real global fetch.
      const client = new NodeAscendClient({ ...factory.clientOptions(overrides), env: {} });
      clients.push(client);
      return client;
    },
    approve: async (actionId, input = {}) => void (await admin.approve(actionId, input)),
    reject: async (actionId, input = {}) => void (await admin.deny(actionId, input)),
    setKillSwitch: async (active, input = {}) => void (await admin.setKillSwitch(active, input)),
    injectFault: (fault, scope) => admin.injectFault(fault, scope),
    countRequests: (operation) => admin.countRequests(operation),
    countActions: async () => (await admin.summary()).counts.actions,
    cleanup: async () => {
      const seen = await admin.get<{ counts_by_operation: Record<string, number> }>('/_admin/requests?limit=1');
      for (const op of Object.keys(seen.counts_by_operation)) if ((OPERATION_NAMES as readonly string[]).includes(op)) exercised.add(op as OperationName);
      await Promise.allSettled(clients.map((c) => c.close({ flushDeadlineMs: 0 })));
      await admin.reset();
    },
  };
}

defineConformanceSuite({ describe, it, expect }, target, { name: 'conformance: dev server over real HTTP, Node client, admin hooks over HTTP' });

describe('conformance coverage over HTTP', () => {
  it('exercised every operation of the protocol through the real server', () => {
    expect([...CONFORMANCE_OPERATIONS].sort()).toEqual([...OPERATION_NAMES].sort());
    expect(CONFORMANCE_OPERATIONS.filter((op) => !exercised.has(op))).toEqual([]);
  });

  it('sent the webhook test as a real, signed delivery that verifyWebhook accepted', () => {
    expect(received).toContainEqual({ eventType: 'webhook.test', verified: true });
  });
});
