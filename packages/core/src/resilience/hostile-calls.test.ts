/**
 * What a short-lived agent meets in production, on fake time: per-call options checked like the
 * constructor's (never a fail-open allowed from a local mistake), status answers bound to the
 * action asked about, waits that end on time however slow the polls, the default deadline
 * against a hung service, actions already reported, secrets under serialization, oversized
 * responses and ids of the wrong type.
 */
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { optionsOf } from '../agent-client.js';
import type { AscendClient } from '../client.js';
import { toPendingHandle, type PendingDecision } from '../decision.js';
import { isAscendError } from '../errors.js';
import { eventually } from '../test-support/fake-time.js';
import { API_KEY, DENIED, PENDING, REQUEST, rejection, scenario, SIGNING_SECRET, STATUS, STILL_PENDING, SUBMIT } from '../test-support/scenario.js';
import { createTestServer, held, reply } from '../test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const HANDLE = { actionId: '5102', approvalRequestId: undefined, expiresAt: undefined };

/** Every options argument of every method, called with `bad` in place of its options. */
const CALLS: Array<[string, (c: AscendClient, bad: never) => Promise<unknown>]> = [
  ['evaluateAction', (c, bad) => c.evaluateAction(REQUEST, bad)],
  ['submitAction', (c, bad) => c.submitAction(REQUEST, bad)],
  ['waitForDecision', (c, bad) => c.waitForDecision(HANDLE, bad)],
  ['evaluateActions', (c, bad) => c.evaluateActions([REQUEST], bad)],
  ['evaluateMcpAction', (c, bad) => c.evaluateMcpAction({ serverName: 's', toolName: 't', actionType: 'a', resource: 'r' } as never, bad)],
  ['getActionStatus', (c, bad) => c.getActionStatus('5102', bad)],
  ['checkApproval', (c, bad) => c.checkApproval('apr-77', bad)],
  ['heartbeat', (c, bad) => c.heartbeat({}, bad)],
  ['getKillSwitchStatus', (c, bad) => c.getKillSwitchStatus(bad)],
  ['getPendingCommands', (c, bad) => c.getPendingCommands(undefined, bad)],
  ['ackCommand', (c, bad) => c.ackCommand('cmd-1', undefined, bad)],
  ['getAction', (c, bad) => c.getAction('5102', bad)],
  ['getAuditLogs', (c, bad) => c.getAuditLogs({}, bad)],
  ['health', (c, bad) => c.health(bad)],
];

describe('per-call options are validated like constructor options', () => {
  const BAD: Array<[string, unknown, string]> = [
    ['options null', null, 'options'],
    ['options a string', 'fast', 'options'],
    ['an unknown key', { timeoutMS: 10 }, 'timeoutMS'],
    ['a non-signal', { signal: { aborted: false } }, 'signal'],
  ];
  it.each(CALLS)('%s: a bad options argument is a ValidationError naming the field, before any I/O', async (_name, call) => {
    for (const [, bad, field] of BAD) {
      const { client } = scenario(server.baseUrl, { failMode: 'open' });
      const error = await rejection(call(client, bad as never));
      expect(isAscendError(error, 'VALIDATION_ERROR'), `${String(bad)}: ${String(error)}`).toBe(true);
      expect(Object.keys((error as { fieldErrors: object }).fieldErrors)).toEqual([field]);
      await client.close();
    }
    expect(server.requests).toHaveLength(0);
  });

  it.each([0, Number.NaN, -1, 'x', 1.5, Infinity, 600_001])(
    'timeoutMs %s against a denying service in fail-open mode is a ValidationError, never allowed',
    async (timeoutMs) => {
      const { client, events } = scenario(server.baseUrl, { failMode: 'open' });
      server.route('POST', SUBMIT, () => reply.json(DENIED));
      const error = await rejection(client.evaluateAction(REQUEST, { timeoutMs } as never));
      expect(isAscendError(error, 'VALIDATION_ERROR')).toBe(true);
      expect((error as { fieldErrors: Record<string, string> }).fieldErrors).toHaveProperty('timeoutMs');
      expect(events.filter((e) => e.name === 'failOpen')).toHaveLength(0);
      expect(server.requests).toHaveLength(0);
    },
  );

  it('each option of each method is checked: deadlineMs, approvalTimeoutMs, pollIntervalMs, waitForApproval, concurrency, flushDeadlineMs', async () => {
    const { client } = scenario(server.baseUrl, { failMode: 'open' });
    const cases: Array<[Promise<unknown>, string]> = [
      [client.evaluateAction(REQUEST, { deadlineMs: 0 }), 'deadlineMs'],
      [client.evaluateAction(REQUEST, { approvalTimeoutMs: -5, waitForApproval: true }), 'approvalTimeoutMs'],
      [client.evaluateAction(REQUEST, { pollIntervalMs: 1 }), 'pollIntervalMs'],
      [client.evaluateAction(REQUEST, { waitForApproval: 'yes' as never }), 'waitForApproval'],
      [client.waitForDecision(HANDLE, { timeoutMs: 0 }), 'timeoutMs'],
      [client.waitForDecision(HANDLE, { pollIntervalMs: Number.NaN }), 'pollIntervalMs'],
      [client.waitForDecision(HANDLE, { deadlineMs: 5 } as never), 'deadlineMs'],
      [client.evaluateActions([REQUEST], { concurrency: 0 }), 'concurrency'],
      [client.evaluateActions([REQUEST], { concurrency: 51 }), 'concurrency'],
      [client.close({ flushDeadlineMs: -1 }), 'flushDeadlineMs'],
    ];
    for (const [promise, field] of cases) {
      const error = await rejection(promise);
      expect(isAscendError(error, 'VALIDATION_ERROR'), field).toBe(true);
      expect(Object.keys((error as { fieldErrors: object }).fieldErrors)).toEqual([field]);
    }
    expect(server.requests).toHaveLength(0);
    // The rejected close() closed nothing.
    expect(client.status().closed).toBe(false);
    await client.close();
    expect(client.status().closed).toBe(true);
  });
});

describe('a status answer is bound to the action asked about', () => {
  it('an answer about another action is a ProtocolError, never a decision, in every fail mode', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      server.reset();
      const { client, time } = scenario(server.baseUrl, { failMode });
      server.route('GET', STATUS, () => reply.json({ action_id: 999, status: 'approved' }));
      const waited = await time.runUntilSettled(rejection(client.waitForDecision(HANDLE, { timeoutMs: 60_000 })));
      expect(isAscendError(waited, 'PROTOCOL_ERROR')).toBe(true);
      expect(await rejection(client.getActionStatus('5102'))).toMatchObject({ code: 'PROTOCOL_ERROR', field: 'action_id' });
      await client.close();
    }
  });

  it('an answer with no action id, or the same id as a number, is about the action asked about', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', STATUS, (_r, n) => reply.json(n === 0 ? { status: 'approved' } : { action_id: 5102, status: 'approved' }));
    expect(await client.getActionStatus('5102')).toMatchObject({ decision: 'allowed', actionId: '5102' });
    expect(await client.getActionStatus('5102')).toMatchObject({ decision: 'allowed', actionId: '5102' });
  });
});

describe('waits honour their timeout however slow each status poll is', () => {
  it.each([
    ['evaluateAction inline', (c: AscendClient) => c.evaluateAction(REQUEST, { waitForApproval: true, approvalTimeoutMs: 1000, pollIntervalMs: 200 })],
    ['waitForDecision', (c: AscendClient) => c.waitForDecision(HANDLE, { timeoutMs: 1000, pollIntervalMs: 200 })],
  ])('%s: polls that hang end the wait at its timeout, not at the client deadline', async (_name, wait) => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.json(PENDING));
    const never = held<Response>();
    server.route('GET', STATUS, () => never.promise);
    const promise = rejection(wait(client));
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the first poll');
    const start = time.now();
    const error = await time.runUntilSettled(promise);
    expect(isAscendError(error, 'APPROVAL_TIMEOUT')).toBe(true);
    // Virtual time: the first poll was cut at the wait's end (1 s), not at the 3 s attempt timeout.
    expect(time.now() - start).toBeLessThanOrEqual(1000 + 250);
    await client.close();
  });

  it('a slow poll that answers still gets only the time left, and one that answers in time is read', async () => {
    const { client, time } = scenario(server.baseUrl);
    const slow = held<Response>();
    server.route('GET', STATUS, (_r, n) => (n === 0 ? reply.json(STILL_PENDING) : slow.promise));
    const promise = client.waitForDecision(HANDLE, { timeoutMs: 5000, pollIntervalMs: 1000 });
    await eventually(() => server.requestsTo('GET', STATUS).length === 1, 'the first poll');
    await time.advance(1000);
    await eventually(() => server.requestsTo('GET', STATUS).length === 2, 'the second poll');
    slow.resolve(reply.json({ action_id: 5102, status: 'approved' }));
    expect(await time.runUntilSettled(promise)).toMatchObject({ decision: 'allowed' });
  });
});

describe('defaults against a hung service', () => {
  it('with default options a hung service is answered by fail mode within 10 s, after more than one attempt', async () => {
    const { client, time } = scenario(server.baseUrl);
    const never = held<Response>();
    server.route('POST', SUBMIT, () => never.promise);
    const start = time.now();
    const error = await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE')).toBe(true);
    expect(time.now() - start).toBeLessThanOrEqual(10_000);
    expect(server.requestsTo('POST', SUBMIT).length).toBeGreaterThan(1);
  });

  it('per-client and per-call timeouts still apply', async () => {
    const { client, time } = scenario(server.baseUrl, { timeoutMs: 500, deadlineMs: 700, retry: { maxRetries: 5 } });
    const never = held<Response>();
    server.route('POST', SUBMIT, () => never.promise);
    let start = time.now();
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST)));
    expect(time.now() - start).toBeLessThanOrEqual(700);
    start = time.now();
    await time.runUntilSettled(rejection(client.evaluateAction(REQUEST, { timeoutMs: 100, deadlineMs: 150 })));
    expect(time.now() - start).toBeLessThanOrEqual(150);
  });
});

describe('an action already reported', () => {
  it.each(['completed', 'failed'] as const)('status %s reads as the allowed decision it was, with the execution state', async (state) => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', STATUS, () => reply.json({ action_id: 5102, status: state, decision: 'allowed' }));
    expect(await client.getActionStatus('5102')).toMatchObject({ decision: 'allowed', execution: state, executionAllowed: true });
  });

  it.each(['completed', 'failed'] as const)('a resumed wait on a %s action throws ActionAlreadyExecutedError in every fail mode', async (state) => {
    for (const failMode of ['closed', 'open'] as const) {
      server.reset();
      const { client, time } = scenario(server.baseUrl, { failMode });
      server.route('GET', STATUS, () => reply.json({ action_id: 5102, status: state }));
      const handle = JSON.parse(JSON.stringify(toPendingHandle({ ...PENDING, actionId: '5102' } as unknown as PendingDecision))) as typeof HANDLE;
      const error = await time.runUntilSettled(rejection(client.waitForDecision(handle)));
      expect(isAscendError(error, 'ACTION_ALREADY_EXECUTED')).toBe(true);
      expect(error).toMatchObject({ actionId: '5102', execution: state });
      await client.close();
    }
  });

  it('a submit answered with an executed status is never returned as something to run', async () => {
    const { client } = scenario(server.baseUrl, { failMode: 'open' });
    server.route('POST', SUBMIT, () => reply.json({ action_id: 5102, status: 'completed' }));
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'ACTION_ALREADY_EXECUTED' });
  });

  it('a decision field never carries an execution state', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', STATUS, () => reply.json({ action_id: 5102, decision: 'completed' }));
    expect(await rejection(client.getActionStatus('5102'))).toMatchObject({ code: 'PROTOCOL_ERROR' });
  });
});

describe('nothing secret survives serialization', () => {
  const LONG_SECRET = 'whsec-' + 'k'.repeat(80);
  const leaks = (text: string) => [API_KEY, SIGNING_SECRET, LONG_SECRET].filter((s) => text.includes(s));

  it('JSON.stringify, util.inspect and structuredClone of a client, its options and its status', async () => {
    const { client } = scenario(server.baseUrl);
    const options = optionsOf(client);
    const views = [
      JSON.stringify(client),
      inspect(client, { depth: 10 }),
      JSON.stringify(structuredClone(client)),
      JSON.stringify(options),
      inspect(options, { depth: 10 }),
      JSON.stringify(client.status()),
      inspect(client.status(), { depth: 10 }),
    ];
    for (const view of views) expect(leaks(view), view).toEqual([]);
    // The secrets are still there for the client to use.
    expect((options as { apiKey: string }).apiKey).toBe(API_KEY);
    expect(JSON.parse(views[0]!)).toMatchObject({ baseUrl: server.baseUrl, signing: true });
    await client.close();
  });

  it.each([
    ['a decision word', (secret: string) => ({ action_id: 5102, decision: secret })],
    ['a status word', (secret: string) => ({ action_id: 5102, status: `${secret} and more` })],
  ])('an error quoting %s the service sent masks secrets and cuts the value short', async (_name, body) => {
    for (const secret of [API_KEY, SIGNING_SECRET]) {
      server.reset();
      const { client } = scenario(server.baseUrl);
      server.route('POST', SUBMIT, () => reply.json(body(`${secret} ${'x'.repeat(300)}`)));
      const error = (await rejection(client.evaluateAction(REQUEST))) as Error;
      expect(isAscendError(error, 'PROTOCOL_ERROR')).toBe(true);
      for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 5 }), JSON.stringify(structuredClone(error))]) {
        expect(leaks(view), view).toEqual([]);
      }
      await client.close();
    }
  });

  it('an approval status echoing the API key is masked', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('GET', '/api/sdk/approval/apr-77', () => reply.json({ status: API_KEY }));
    const error = (await rejection(client.checkApproval('apr-77'))) as Error;
    expect(isAscendError(error, 'PROTOCOL_ERROR')).toBe(true);
    expect(error.message).not.toContain(API_KEY);
  });

  it('a long server-sent value is cut short in the message', async () => {
    const { client } = scenario(server.baseUrl);
    server.route('POST', SUBMIT, () => reply.json({ action_id: 5102, decision: 'z'.repeat(5000) }));
    const error = (await rejection(client.evaluateAction(REQUEST))) as Error;
    expect(error.message.length).toBeLessThanOrEqual(201);
  });
});

describe('responses over the size limit and ids of the wrong type', () => {
  it('a body over maxResponseBytes is a ProtocolError, never a decision, in every fail mode', async () => {
    for (const failMode of ['closed', 'open'] as const) {
      server.reset();
      const { client } = scenario(server.baseUrl, { failMode, maxResponseBytes: 4096 });
      server.route('POST', SUBMIT, () => reply.json({ ...DENIED, padding: 'p'.repeat(10_000) }));
      const error = await rejection(client.evaluateAction(REQUEST));
      expect(error).toMatchObject({ code: 'PROTOCOL_ERROR' });
      expect((error as Error).message).toContain('maxResponseBytes');
      await client.close();
    }
  });

  it('a streamed body without a length is cut at the limit without reading the rest', async () => {
    const { client } = scenario(server.baseUrl, { maxResponseBytes: 4096 });
    let pulled = 0;
    const chunk = new TextEncoder().encode('x'.repeat(1024));
    server.route('POST', SUBMIT, () => {
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (pulled > 10_000) controller.close();
          else controller.enqueue(chunk);
        },
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    expect(await rejection(client.evaluateAction(REQUEST))).toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect(pulled).toBeLessThan(100);
  });

  it('a body at the limit is read', async () => {
    const body = JSON.stringify(DENIED);
    const { client } = scenario(server.baseUrl, { maxResponseBytes: 1024 });
    server.route('POST', SUBMIT, () => reply.json({ ...DENIED, padding: 'p'.repeat(1024 - body.length - 14) }));
    expect(await client.evaluateAction(REQUEST)).toMatchObject({ decision: 'denied' });
  });

  it('ids of the wrong type are validation errors, and a report with one is not sent', async () => {
    const { client } = scenario(server.baseUrl);
    for (const id of [5, null, {}, ['5102'], true]) {
      expect(await rejection(client.getActionStatus(id as never)), JSON.stringify(id)).toMatchObject({
        code: 'VALIDATION_ERROR',
        fieldErrors: { actionId: expect.any(String) },
      });
      const receipt = await client.logActionCompleted(id as never);
      expect(receipt).toMatchObject({ delivered: false, spooled: false });
      expect(receipt.error).toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: { actionId: expect.any(String) } });
      const failed = await client.logActionFailed(id as never, { error: 'x' });
      expect(failed.error).toMatchObject({ code: 'VALIDATION_ERROR' });
    }
    expect(await rejection(client.checkApproval(7 as never))).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('hostile values are named in the caller terms', () => {
  it('a bad value in parameters, context or a report result names the caller path, not the wire one', async () => {
    const { client } = scenario(server.baseUrl, { failMode: 'open' });
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const bad = await rejection(client.evaluateAction({ ...REQUEST, parameters: { items: [1, new Map()] } }));
    expect(bad).toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: { 'parameters.items[1]': expect.any(String) } });
    expect((bad as Error).message).toContain('parameters.items[1]');
    expect(await rejection(client.evaluateAction({ ...REQUEST, context: cyclic }))).toMatchObject({ fieldErrors: { 'context.self': expect.any(String) } });
    const receipt = await client.logActionCompleted('5102', { result: { n: 10n } });
    expect(receipt.error).toMatchObject({ code: 'VALIDATION_ERROR', fieldErrors: { 'result.n': expect.any(String) } });
    expect(server.requests).toHaveLength(0);
    await client.close();
  });
});
