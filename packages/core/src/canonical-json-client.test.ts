/**
 * Hostile values given to the client's own API (issue 13, requirement 8): each is a
 * ValidationError naming the wire path of the value, raised before any request is sent, and
 * fail-open mode never turns one into an allowed decision.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { BASE_URL, testClient } from './test-support/harness.js';
import { WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

async function fieldPaths(promise: Promise<unknown>): Promise<string[]> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a ValidationError').toBeInstanceOf(ValidationError);
  return Object.keys((caught as ValidationError).fieldErrors);
}

describe('hostile values in parameters, context, results and failure details', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic['self'] = cyclic;
  let deep: unknown = 'leaf';
  for (let i = 0; i < 100; i++) deep = { d: deep };

  it.each([
    ['a Map in parameters', { m: new Map([['amount', 5]]) }, 'parameters.m'],
    ['a Set deep in parameters', { items: [{}, {}, {}, { when: new Set([1]) }] }, 'parameters.items[3].when'],
    ['a bigint', { amount: 10n }, 'parameters.amount'],
    [
      'a throwing getter',
      {
        get amount(): number {
          throw new Error('boom');
        },
      },
      'parameters.amount',
    ],
    [
      'a revoked Proxy',
      {
        p: (() => {
          const r = Proxy.revocable({}, {});
          r.revoke();
          return r.proxy;
        })(),
      },
      'parameters.p',
    ],
    ['a cycle', { c: cyclic }, 'parameters.c.self'],
  ])('%s: evaluateAction rejects it before any I/O, also in fail-open mode', async (_label, parameters, path) => {
    for (const failMode of ['closed', 'open'] as const) {
      const client = testClient({ failMode });
      expect(await fieldPaths(client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters }))).toEqual([path]);
    }
    expect(recorder.requests).toHaveLength(0);
  });

  it('nesting past the documented depth in context is a ValidationError, not a RangeError', async () => {
    const client = testClient();
    const [path] = await fieldPaths(client.evaluateAction({ actionType: 'a', resource: 'r', context: { deep } }));
    expect(path).toMatch(/^context\.deep(\.d)+$/);
    expect(recorder.requests).toHaveLength(0);
  });

  it('completion results and failure details are checked the same way (reports never throw: the receipt holds the error)', async () => {
    const client = testClient();
    const completed = await client.logActionCompleted('5103', { result: { rows: new Set([1]) } });
    expect(completed).toMatchObject({ delivered: false, spooled: false });
    expect(completed.error).toBeInstanceOf(ValidationError);
    expect(Object.keys((completed.error as ValidationError).fieldErrors)).toEqual(['result.rows']);
    const failed = await client.logActionFailed('5103', { error: { detail: Symbol('x') } });
    expect(Object.keys((failed.error as ValidationError).fieldErrors)).toEqual(['error.detail']);
    expect(recorder.requests).toHaveLength(0);
  });
});
