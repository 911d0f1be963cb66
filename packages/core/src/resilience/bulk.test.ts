/**
 * Bulk evaluation (msw): at most 50 items, bounded concurrency, results in input order whatever
 * the completion order, orchestration fields forwarded, failures captured per item.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActionRequest } from '../wire.js';
import { eventually } from '../test-support/fake-time.js';
import { rejection, scenario, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, held, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const item = (n: number, extra: Partial<ActionRequest> = {}): ActionRequest => ({ actionType: 'data.read', resource: `r-${n}`, ...extra });

describe('evaluateActions', () => {
  it('rejects more than 50 items and a bad concurrency before any I/O; 0 and 50 are fine', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, (r) => reply.json({ action_id: (JSON.parse(r.body) as { resource: string }).resource.slice(2), decision: 'allowed' }));
    const tooMany = Array.from({ length: 51 }, (_, i) => item(i));
    expect(await rejection(client.evaluateActions(tooMany))).toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: { actions: 'Exceeds limit of 50' } });
    expect(await rejection(client.evaluateActions([item(1)], { concurrency: 0 }))).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(server.requests).toHaveLength(0);
    await expect(client.evaluateActions([])).resolves.toEqual({ total: 0, succeeded: 0, failed: 0, results: [] });
    const fifty = await time.runUntilSettled(client.evaluateActions(tooMany.slice(0, 50), { concurrency: 50 }));
    expect(fifty).toMatchObject({ total: 50, succeeded: 50, failed: 0 });
  });

  it('keeps at most `concurrency` in flight and returns results in input order even when they finish in reverse', async () => {
    const { client } = scenario(server.baseUrl);
    const answers = Array.from({ length: 8 }, () => held<Response>());
    server.route('POST', SUBMIT, (r) => answers[Number((JSON.parse(r.body) as { resource: string }).resource.slice(2))]!.promise);
    const items = Array.from({ length: 8 }, (_, i) => item(i));
    const result = client.evaluateActions(items, { concurrency: 3 });
    await eventually(() => server.requests.length === 3, 'the first three items');
    // Finish in reverse order of what is in flight, letting the next ones in.
    let released = 0;
    let peak = 0;
    for (const n of [2, 1, 0, 5, 4, 3, 7, 6]) {
      await eventually(() => server.requests.some((r) => JSON.parse(r.body).resource === `r-${n}`), `item ${n} in flight`);
      peak = Math.max(peak, server.requests.length - released);
      answers[n]!.resolve(reply.json({ action_id: 100 + n, decision: 'allowed' }));
      released++;
    }
    expect(peak).toBe(3);
    const { results } = await result;
    expect(results.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(results.map((r) => (r.ok ? r.decision.actionId : r.error.code))).toEqual(['100', '101', '102', '103', '104', '105', '106', '107']);
    expect(results.map((r) => r.request)).toEqual(items);
  });

  it('forwards orchestration fields of each item', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.json({ action_id: 1, decision: 'allowed' }));
    await time.runUntilSettled(
      client.evaluateActions([item(0, { orchestrationSessionId: 'orch-7', parentActionId: 5101, orchestrationDepth: 0, context: { k: 'v' } })]),
    );
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({
      orchestration_session_id: 'orch-7',
      parent_action_id: 5101,
      orchestration_depth: 0,
      context: { k: 'v' },
    });
  });

  it('captures a failed item (invalid, 403, 5xx after retries) without aborting the others', async () => {
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 1 } });
    server.route('POST', SUBMIT, (r) => {
      const resource = JSON.parse(r.body).resource as string;
      if (resource === 'r-1') return reply.json({ detail: 'blocked', policy_violations: ['FIN-1'] }, 403);
      if (resource === 'r-2') return reply.status(503);
      return reply.json({ action_id: resource.slice(2), decision: 'denied', reason: 'no' });
    });
    const result = await time.runUntilSettled(client.evaluateActions([item(0), item(1), item(2), item(3), { actionType: '', resource: 'x' }]));
    expect(result).toMatchObject({ total: 5, succeeded: 2, failed: 3 });
    expect(result.results.map((r) => (r.ok ? r.decision.decision : r.error.code))).toEqual([
      'denied',
      'AUTHZ_DENIED',
      'GOVERNANCE_UNAVAILABLE',
      'denied',
      'VALIDATION_ERROR',
    ]);
    expect(server.requests.filter((r) => JSON.parse(r.body).resource === 'r-2')).toHaveLength(2);
  });

  it('fail-open synthetic decisions count as succeeded and are marked', async () => {
    const { client, time } = scenario(server.baseUrl, { failMode: 'open', retry: { maxRetries: 0 } });
    server.route('POST', SUBMIT, () => reply.networkError());
    const result = await time.runUntilSettled(client.evaluateActions([item(0), item(1)]));
    expect(result).toMatchObject({ succeeded: 2, failed: 0 });
    for (const r of result.results) expect(r.ok && r.decision.failOpen?.cause.code).toBe('NETWORK_ERROR');
  });
});
