/**
 * The shared conformance suite, run here against the in-memory fake over msw with the real Node
 * client; plus a self-test proving the suite fails on a service that misbehaves.
 */
import { AscendClient as NodeAscendClient } from '@ascend/node';
import { setupServer } from 'msw/node';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_OPERATIONS, defineConformanceSuite, fakeConformanceTarget, type ConformanceTarget, type ConformanceTestApi } from './conformance.js';
import { createFakeAscend } from './fake/fake-ascend.js';
import type { FakeAscendOptions } from './fake/fake-options.js';
import { OPERATION_NAMES, type OperationName } from './fake/operations.js';
import { ascendHandlers } from './msw.js';
import { createTestClientFactory } from './test-client.js';

const BASE_URL = 'https://ascend.test';
const SECRET = 'conformance-signing-secret';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const exercised = new Set<OperationName>();

/** A fresh fake behind msw, as a target whose clients are the Node adapter's AscendClient. */
function target(options: FakeAscendOptions = {}, overrides: Partial<ConformanceTarget> = {}): ConformanceTarget {
  const fake = createFakeAscend({ signingSecret: SECRET, ...options });
  server.resetHandlers(...ascendHandlers(fake, { baseUrl: BASE_URL }));
  const base = fakeConformanceTarget(fake, { baseUrl: BASE_URL, signingSecret: SECRET });
  const options_ = createTestClientFactory({ baseUrl: BASE_URL, apiKey: fake.apiKey, signingSecret: SECRET });
  const nodeClients: NodeAscendClient[] = [];
  return {
    ...base,
    // The suite must hold for the client users install: the Node adapter over global fetch (msw intercepts it).
    createClient: (clientOverrides) => {
      const client = new NodeAscendClient({ ...options_.clientOptions(clientOverrides), env: {} });
      nodeClients.push(client);
      return client;
    },
    cleanup: async () => {
      for (const r of fake.requests) if (r.operation) exercised.add(r.operation);
      await Promise.allSettled(nodeClients.map((c) => c.close({ flushDeadlineMs: 0 })));
      await base.cleanup?.();
    },
    ...overrides,
  };
}

defineConformanceSuite({ describe, it, expect }, () => target(), { name: 'conformance: in-memory fake over msw, Node client' });

describe('conformance coverage', () => {
  it('lists every operation of the protocol, and the run above exercised each of them', () => {
    expect([...CONFORMANCE_OPERATIONS].sort()).toEqual([...OPERATION_NAMES].sort());
    // Runs after the suite (vitest runs a file's tests in order).
    expect(CONFORMANCE_OPERATIONS.filter((op) => !exercised.has(op))).toEqual([]);
  });
});

describe('conformance self-test', () => {
  it('fails on a service that allows everything and ignores fault injection', async () => {
    const tests: Array<{ name: string; body: () => Promise<void> }> = [];
    const path: string[] = [];
    const api: ConformanceTestApi = {
      describe: (name, body) => {
        path.push(name);
        body();
        path.pop();
      },
      it: (name, body) => void tests.push({ name: [...path.slice(1), name].join(' > '), body }),
      expect: (actual) => ({
        toBe: (expected) => {
          if (!Object.is(actual, expected)) throw new Error(`expected ${String(expected)}, got ${String(actual)}`);
        },
        toEqual: (expected) => {
          if (!isDeepStrictEqual(actual, expected)) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
        },
      }),
    };
    defineConformanceSuite(api, () => target({ policy: [{ id: 'allow-all', outcome: 'allow' }] }, { injectFault: () => undefined }));
    const failed: string[] = [];
    for (const t of tests) await t.body().catch(() => failed.push(t.name));
    expect(failed).toEqual([
      'decisions > denied by policy, with violations; its completion is refused',
      'decisions > pending → approved by a human: a resumed wait resolves allowed and the approval reads approved',
      'decisions > pending → rejected by a human: the wait resolves denied',
      'decisions > evaluateAction with waitForApproval follows automatic approvals and rejections',
      'decisions > a wait without a human decision ends in ApprovalTimeoutError, in fail-open mode too',
      'decisions > submitAction returns the raw decision; bulk results come in input order',
      'decisions > MCP tool calls are decided by the same policy',
      'resilience > a retry after a lost response is the same request: one action, two deliveries',
      'policy, classifications, audit, activity, supply chain > answers each read and write with its documented shape',
      '2.5.0 management surface and 2.5.1 registry checks > output filter, supply chain, alerts and the 2.7.0 attribution fields',
    ]);
    expect(tests.length - failed.length).toBe(9);
  });
});
