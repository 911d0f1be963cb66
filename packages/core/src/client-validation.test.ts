/**
 * Client-side checks that run before any network I/O, each naming the offending field
 * (reference §3.3 order, §3.11, §3.15–3.16, §3.21/§3.23, §3.26, and a missing agent id).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AscendClient } from './client.js';
import { isAscendError, type ValidationError } from './errors.js';
import type { ActionRequest } from './wire.js';
import { BASE_URL, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Asserts a ValidationError whose field errors are exactly `fields` (and their messages, when given). */
async function expectValidation(promise: Promise<unknown>, fields: Record<string, string | RegExp>): Promise<ValidationError> {
  const error = await rejection(promise);
  expect(isAscendError(error, 'VALIDATION_ERROR'), String(error)).toBe(true);
  const v = error as ValidationError;
  expect(Object.keys(v.fieldErrors).sort()).toEqual(Object.keys(fields).sort());
  for (const [field, message] of Object.entries(fields)) {
    if (typeof message === 'string') expect(v.fieldErrors[field]).toBe(message);
    else expect(v.fieldErrors[field]).toMatch(message);
  }
  expect(v.status).toBeUndefined();
  return v;
}

async function withKillSwitch(client: AscendClient): Promise<void> {
  recorder.reply(json({ active: true, reason: 'INC-42' }));
  await client.getKillSwitchStatus();
  recorder.reset();
}

describe('submit checks, in reference §3.3 order, before any I/O', () => {
  it('1. an active kill switch wins over every other check', async () => {
    const client = testClient();
    await withKillSwitch(client);
    const error = await rejection(client.evaluateAction({ actionType: '', resource: '', orchestrationDepth: 99 }));
    expect(isAscendError(error, 'KILL_SWITCH_ACTIVE')).toBe(true);
    expect((error as { reason?: string }).reason).toBe('INC-42');
    expect(recorder.requests).toHaveLength(0);
  });

  it('an active kill switch also blocks the MCP endpoint (§13.18) and the bulk path', async () => {
    const client = testClient();
    await withKillSwitch(client);
    expect(isAscendError(await rejection(client.evaluateMcpAction({ mcpServer: 's', namespace: 'n', verb: 'v', resource: 'r' })), 'KILL_SWITCH_ACTIVE')).toBe(
      true,
    );
    const bulk = await client.evaluateActions([{ actionType: 'a', resource: 'r' }]);
    expect(bulk.results[0]).toMatchObject({ ok: false, error: { code: 'KILL_SWITCH_ACTIVE' } });
    expect(recorder.requests).toHaveLength(0);
  });

  it('fail-open does not override the kill switch', async () => {
    const client = testClient({ failMode: 'open' });
    await withKillSwitch(client);
    expect(isAscendError(await rejection(client.evaluateAction({ actionType: 'a', resource: 'r' })), 'KILL_SWITCH_ACTIVE')).toBe(true);
  });

  it.each<[string, Partial<ActionRequest>, Record<string, string>]>([
    [
      '2. empty action type (then resource, depth unchecked)',
      { actionType: '', resource: '', orchestrationDepth: 9 },
      { actionType: 'Required field is missing or empty' },
    ],
    ['2. whitespace action type', { actionType: ' \t', resource: 'r' }, { actionType: 'Required field is missing or empty' }],
    ['2. missing action type', { resource: 'r' }, { actionType: 'Required field is missing or empty' }],
    ['3. empty resource (depth unchecked)', { actionType: 'a', resource: '  ', orchestrationDepth: 9 }, { resource: 'Required field is missing or empty' }],
    ['3. non-string resource', { actionType: 'a', resource: 5 as unknown as string }, { resource: 'Required field is missing or empty' }],
    ['4. depth 6', { actionType: 'a', resource: 'r', orchestrationDepth: 6 }, { orchestrationDepth: 'Out of range (0..5)' }],
    ['4. depth -1', { actionType: 'a', resource: 'r', orchestrationDepth: -1 }, { orchestrationDepth: 'Out of range (0..5)' }],
    ['4. depth 2.5', { actionType: 'a', resource: 'r', orchestrationDepth: 2.5 }, { orchestrationDepth: 'Out of range (0..5)' }],
  ])('%s', async (_label, request, fields) => {
    for (const call of [(c: AscendClient) => c.evaluateAction(request as ActionRequest), (c: AscendClient) => c.submitAction(request as ActionRequest)]) {
      await expectValidation(call(testClient({ failMode: 'open' })), fields);
    }
    expect(recorder.requests).toHaveLength(0);
  });

  it.each<[string, Partial<ActionRequest>, string]>([
    ['parameters not an object', { parameters: [] as unknown as Record<string, unknown> }, 'parameters'],
    ['context not an object', { context: 'x' as unknown as Record<string, unknown> }, 'context'],
    ['riskIndicators not an object', { riskIndicators: 1 as unknown as Record<string, unknown> }, 'riskIndicators'],
    ['resourceId not a string', { resourceId: 5 as unknown as string }, 'resourceId'],
    ['parentActionId not numeric', { parentActionId: 'abc' }, 'parentActionId'],
    ['an unknown field', { riskScore: 10 } as Partial<ActionRequest>, 'riskScore'],
  ])('names the field: %s', async (_label, extra, field) => {
    const error = await expectValidation(testClient().submitAction({ actionType: 'a', resource: 'r', ...extra }), {
      [field]: /./,
    });
    expect(error.message).toContain(field);
    expect(recorder.requests).toHaveLength(0);
  });

  it('rejects an unknown field with the list of allowed ones', async () => {
    const error = await expectValidation(testClient().submitAction({ actionType: 'a', resource: 'r', risk_level: 'low' } as unknown as ActionRequest), {
      risk_level: /allowed: actionType, resource, resourceId, parameters/,
    });
    expect(error.fieldErrors['risk_level']).toContain('orchestrationDepth');
  });

  it('requireHumanApproval is sent as context.require_human_approval: true, merged into the given context', async () => {
    const client = testClient();
    recorder.otherwise(() => json({ action_id: 1, decision: 'pending' }));
    await client.submitAction({ actionType: 'a', resource: 'r', context: { ticket: 'T-1' }, requireHumanApproval: true });
    await client.submitAction({ actionType: 'a', resource: 'r', requireHumanApproval: false });
    const [first, second] = recorder.requests.map((r) => JSON.parse(r.text) as Record<string, unknown>);
    expect(first!['context']).toEqual({ require_human_approval: true, ticket: 'T-1' });
    expect(second!['context']).toBeUndefined();
    recorder.reset();
    await expectValidation(client.submitAction({ actionType: 'a', resource: 'r', requireHumanApproval: 'yes' } as unknown as ActionRequest), {
      requireHumanApproval: 'Must be a boolean',
    });
    expect(recorder.requests).toHaveLength(0);
  });

  it('rejects more than 50 bulk items, accepts exactly 50 and 0', async () => {
    const client = testClient();
    const item = { actionType: 'a', resource: 'r' };
    await expectValidation(client.evaluateActions(Array.from({ length: 51 }, () => item)), { actions: 'Exceeds limit of 50' });
    expect(await client.evaluateActions([])).toEqual({ total: 0, succeeded: 0, failed: 0, results: [] });
    recorder.otherwise(() => json({ action_id: 1, decision: 'denied' }));
    const fifty = await client.evaluateActions(Array.from({ length: 50 }, () => item));
    expect(fifty.succeeded).toBe(50);
  });
});

describe('webhook checks (§3.21; update is checked like configure, §13.33)', () => {
  it.each([
    ['http on a public host', 'http://hooks.example.com/x', 'url'],
    ['another scheme', 'ftp://hooks.example.com/x', 'url'],
    ['a localhost look-alike', 'http://localhost.evil.com/x', 'url'],
    ['a loopback look-alike', 'http://127.0.0.1.nip.io/x', 'url'],
    ['not a URL', 'hooks.example.com', 'url'],
    ['empty', '', 'url'],
  ])('rejects %s', async (_label, url, field) => {
    const client = testClient();
    await expectValidation(client.configureWebhook({ url, events: ['action.approved'] }), { [field]: /./ });
    await expectValidation(client.updateWebhook('wh_1', { url }), { [field]: /./ });
    expect(recorder.requests).toHaveLength(0);
  });

  it.each([['Action Approved'], ['action'], ['action.'], [''], ['ACTION.APPROVED']])('rejects the malformed event name %j', async (event) => {
    const client = testClient();
    await expectValidation(client.configureWebhook({ url: 'https://h.example', events: [event] }), { events: /Malformed event names/ });
    await expectValidation(client.updateWebhook('wh_1', { events: [event] }), { events: /Malformed event names/ });
    expect(recorder.requests).toHaveLength(0);
  });

  it('rejects events that are not a list of strings', async () => {
    await expectValidation(testClient().configureWebhook({ url: 'https://h.example', events: 'action.approved' as unknown as string[] }), {
      events: 'Must be a list of strings',
    });
  });

  it('accepts https, loopback http, and an empty event list', async () => {
    const client = testClient();
    for (const url of ['https://h.example/x', 'http://localhost:8080/hook', 'http://127.0.0.1/hook', 'http://[::1]:9/hook']) {
      await client.configureWebhook({ url, events: [] });
    }
    expect(recorder.requests).toHaveLength(4);
  });
});

describe('supply-chain checks (§3.26)', () => {
  const ok = { componentId: 'c', componentName: 'n', componentType: 'model' };
  it.each(['componentId', 'componentName', 'componentType'])('%s is required', async (field) => {
    for (const value of [undefined, '', '  ']) {
      await expectValidation(testClient().registerSupplyChainComponent({ ...ok, [field]: value }), { [field]: 'Required field' });
    }
    expect(recorder.requests).toHaveLength(0);
  });

  it('riskLevel and provenanceVerified are checked', async () => {
    await expectValidation(testClient().registerSupplyChainComponent({ ...ok, riskLevel: 'extreme' as 'low' }), { riskLevel: /low, medium, high or critical/ });
    await expectValidation(testClient().registerSupplyChainComponent({ ...ok, provenanceVerified: 'yes' as unknown as boolean }), {
      provenanceVerified: 'Must be a boolean',
    });
  });
});

describe('model link checks (§3.11)', () => {
  it.each([[0], [-1], [1.5], [Number.NaN], ['5'], [2 ** 53]])('rejects model id %j', async (modelId) => {
    await expectValidation(testClient().linkModel(modelId as number), { modelId: 'Must be a positive integer' });
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('operations that need an agent id', () => {
  const noAgent = () => testClient({ agentId: undefined, agentName: undefined });
  it.each<[string, (c: AscendClient) => Promise<unknown>]>([
    ['register', (c) => c.register()],
    ['deregister', (c) => c.deregister()],
    ['linkModel', (c) => c.linkModel(5)],
    ['getAgentHealth', (c) => c.getAgentHealth()],
    ['getPendingCommands', (c) => c.getPendingCommands()],
    ['ackCommand', (c) => c.ackCommand('c-1')],
  ])('%s fails before sending when the client has none', async (_op, call) => {
    await expectValidation(call(noAgent()), { agentId: /Required field/ });
    expect(recorder.requests).toHaveLength(0);
  });

  it('ackCommand needs a command id', async () => {
    await expectValidation(testClient().ackCommand(''), { commandId: 'Required field is missing or empty' });
  });

  it.each<[string, (c: AscendClient) => Promise<unknown>, string]>([
    ['getActionStatus', (c) => c.getActionStatus(''), 'actionId'],
    ['getAction', (c) => c.getAction(' '), 'actionId'],
    ['checkApproval', (c) => c.checkApproval(''), 'approvalRequestId'],
    ['deleteWebhook', (c) => c.deleteWebhook(''), 'webhookId'],
    ['getResourceClassification', (c) => c.getResourceClassification(''), 'resourceType'],
    ['getAuditLogs limit', (c) => c.getAuditLogs({ limit: 0 }), 'limit'],
    ['listActivity offset', (c) => c.listActivity({ offset: -1 }), 'offset'],
    ['listActivity status', (c) => c.listActivity({ status: 5 as unknown as string }), 'status'],
    ['listActivity agentId', (c) => c.listActivity({ agentId: {} as unknown as string }), 'agentId'],
    ['listActions limit', (c) => c.listActions({ limit: 1001 }), 'limit'],
    ['listActions offset', (c) => c.listActions({ offset: 1.5 }), 'offset'],
    ['listActions status', (c) => c.listActions({ status: 7 as unknown as string }), 'status'],
    ['listActions query', (c) => c.listActions('all' as unknown as object), 'query'],
    ['logActionCompleted durationMs', (c) => c.logActionCompleted('1', { durationMs: -5 }).then((r) => Promise.reject(r.error)), 'durationMs'],
    ['heartbeat metrics', (c) => c.heartbeat({ errorRate: Number.NaN }), 'errorRate'],
    ['evaluatePolicy actionType', (c) => c.evaluatePolicy({ actionType: '', resource: 'r' }), 'actionType'],
    ['evaluateMcpAction namespace', (c) => c.evaluateMcpAction({ mcpServer: 's', namespace: '', verb: 'v', resource: 'r' }), 'namespace'],
  ])('%s names %s', async (_op, call, field) => {
    await expectValidation(call(testClient()), { [field]: /./ });
    expect(recorder.requests).toHaveLength(0);
  });
});
