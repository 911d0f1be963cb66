/** MockAscendClient: interface parity with the real client, decision shapes, scripting, approvals, kill switch, outages, recorder. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AscendClient as CoreAscendClient, AuthorizationError, isAscendError, type AscendClient, type AuthorizationDecision } from '@ascend/core';
import { AscendClient as NodeAscendClient } from '@ascend/node';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_POLICY_RULES } from '../fake/policy-defaults.js';
import { setupAscend } from '../vitest.js';
import { MockAscendClient } from './mock-client.js';
import { MockAdminError } from './mock-types.js';
import type { AscendClientApi, PublicApi } from './public-api.js';

// Compile-time parity: every public member of the real client exists on the mock with a compatible type.
const _check: PublicApi<AscendClient> = new MockAscendClient();
// …and the real clients (core's and the Node adapter's) fit the type agents should depend on.
const _real: AscendClientApi = null as unknown as NodeAscendClient;
void _check;
void _real;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return isAscendError(error) ? error.code : `other: ${String(error)}`;
  }
}

/** The decision's fields with their runtime kinds, `raw` left out (its content is the service's). */
function shape(decision: AuthorizationDecision): Record<string, string> {
  return Object.fromEntries(
    Object.entries(decision)
      .filter(([key]) => key !== 'raw')
      .map(([key, value]) => [key, value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value]),
  );
}

const QUERY = { actionType: 'database.query', resource: 'test_db', parameters: { query: 'SELECT 1' } };
const DROP = { actionType: 'database.drop', resource: 'production_db' };
const REFUND = (amount: number) => ({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount } });

describe('interface parity', () => {
  it('has every public method of the real client at run time', () => {
    // TypeScript's `private` and `protected` members exist at run time too; the built
    // declarations of the client and of its lean base class name them.
    const dist = import.meta.resolve('@ascend/core').replace(/index\.js$/, '');
    const declarations = ['client.d.ts', 'agent-client.d.ts'].map((f) => readFileSync(fileURLToPath(dist + f), 'utf8')).join('\n');
    const privates = new Set([...declarations.matchAll(/^\s+(?:private|protected) (?:readonly )?(\w+)/gm)].map((m) => m[1]));
    const publicNames = [CoreAscendClient.prototype, Object.getPrototypeOf(CoreAscendClient.prototype) as object]
      .flatMap((proto) => Object.getOwnPropertyNames(proto))
      .filter((k) => k !== 'constructor' && !privates.has(k));
    expect(publicNames.length > 30).toBe(true);
    const mock = new MockAscendClient();
    const missing = publicNames.filter((k) => typeof (mock as unknown as Record<string, unknown>)[k] === 'undefined');
    expect(missing).toEqual([]);
    expect(typeof mock[Symbol.asyncDispose]).toBe('function');
  });
});

describe('decision shapes match the real client', () => {
  const ascend = setupAscend();

  it('allowed, denied, pending, approved and rejected decisions have the same fields and values under the same policy', async () => {
    const real = ascend.createClient();
    const mock = new MockAscendClient({ policy: DEFAULT_POLICY_RULES, agentId: 'test-agent' });
    for (const request of [QUERY, DROP, REFUND(50), REFUND(500)]) {
      const r = await real.evaluateAction(request);
      const m = await mock.evaluateAction(request);
      expect(shape(m), request.actionType).toEqual(shape(r));
      const pick = (d: AuthorizationDecision) => [d.decision, d.status, d.riskScore, d.riskLevel, d.reason, d.policyViolations, d.executionAllowed];
      expect(pick(m)).toEqual(pick(r));
      if (r.decision === 'pending' && m.decision === 'pending') {
        expect([m.requiredApprovers, typeof m.approvalRequestId, typeof m.expiresAt]).toEqual([r.requiredApprovers, 'string', 'string']);
        ascend.fake.approve(Number(r.actionId), { by: 'ciso@corp.example' });
        mock.approve(m.actionId, { by: 'ciso@corp.example' });
        const ra = await real.getActionStatus(r.actionId);
        const ma = await mock.getActionStatus(m.actionId);
        expect(shape(ma)).toEqual(shape(ra));
        expect([ma.decision, ma.status, ma.approvedBy]).toEqual([ra.decision, ra.status, ra.approvedBy]);
      }
    }
    const rp = await real.evaluateAction(REFUND(900));
    const mp = await mock.evaluateAction(REFUND(900));
    ascend.fake.reject(Number(rp.actionId), { reason: 'no' });
    mock.reject(mp.actionId, { reason: 'no' });
    const [rr, mr] = [await real.getActionStatus(rp.actionId), await mock.getActionStatus(mp.actionId)];
    expect(shape(mr)).toEqual(shape(rr));
    expect([mr.decision, mr.status, mr.executionAllowed]).toEqual([rr.decision, rr.status, rr.executionAllowed]);
  });

  it('a fail-open decision equals the real client’s synthetic one, field for field', async () => {
    const real = ascend.createClient({ failMode: 'open', retry: { maxRetries: 0 } });
    ascend.fake.faults.inject({ kind: 'outage' });
    const r = await real.evaluateAction(QUERY);
    const mock = new MockAscendClient({ failMode: 'open' }).setServiceDown(true);
    const m = await mock.evaluateAction(QUERY);
    const strip = (d: AuthorizationDecision) => ({ ...d, actionId: d.actionId.replace(/[0-9a-f]{16}$/, '<hex>'), failOpen: d.failOpen?.cause.code });
    expect(strip(m)).toEqual(strip(r));
    expect(r.failOpen?.cause.code).toBe('NETWORK_ERROR');
  });

  it('MCP decisions parse like the real client’s', async () => {
    const real = ascend.createClient();
    const mock = new MockAscendClient({ policy: DEFAULT_POLICY_RULES });
    const request = { mcpServer: 'files', namespace: 'filesystem', verb: 'read', resource: '/srv/a.csv' };
    const [r, m] = [await real.evaluateMcpAction(request), await mock.evaluateMcpAction(request)];
    expect(shape(m)).toEqual(shape(r));
    expect(m.decision).toBe(r.decision);
  });
});

describe('scripted decisions', () => {
  it('decides by action-type glob and resource, the latest matching script first, `times` limiting it', async () => {
    const mock = new MockAscendClient()
      .decide('financial.*', 'pending', { requiredApprovers: ['finance'] })
      .decide('financial.refund', 'denied', { reason: 'Refunds are frozen', times: 1 })
      .decide(['*.drop', '*.truncate'], 'denied', { resource: 'prod*', policyViolations: ['SEC-001'], riskScore: 97 });
    const first = await mock.evaluateAction(REFUND(5));
    expect([first.decision, first.reason]).toEqual(['denied', 'Refunds are frozen']);
    const second = await mock.evaluateAction(REFUND(5));
    expect(second.decision === 'pending' && second.requiredApprovers).toEqual(['finance']);
    const drop = await mock.evaluateAction({ actionType: 'DATABASE.DROP', resource: 'production_db' });
    expect([drop.decision, drop.riskScore, drop.riskLevel, drop.policyViolations]).toEqual(['denied', 97, 'critical', ['SEC-001']]);
    expect((await mock.evaluateAction({ actionType: 'database.drop', resource: 'staging_db' })).decision).toBe('allowed');
  });

  it('decideWith sees the request, may fall through, may be async, and may throw a typed error', async () => {
    const seen: string[] = [];
    const mock = new MockAscendClient({ defaultDecision: 'denied' })
      .decideWith((req) => (Number(req.parameters?.['amount']) > 100 ? 'pending' : undefined))
      .decideWith(async (req, ctx) => {
        seen.push(`${ctx.actionId}:${req.actionType}`);
        return req.actionType === 'crm.lookup' ? { decision: 'allowed', riskScore: 5, conditions: ['mask_pii'] } : undefined;
      })
      .decideWith((req) => {
        if (req.resource === 'other_tenant') throw new AuthorizationError('Parent action belongs to another tenant');
        return undefined;
      });
    const lookup = await mock.evaluateAction({ actionType: 'crm.lookup', resource: 'crm' });
    expect([lookup.decision, lookup.riskScore, lookup.riskLevel, lookup.conditions]).toEqual(['allowed', 5, 'low', ['mask_pii']]);
    expect((await mock.evaluateAction(REFUND(500))).decision).toBe('pending');
    expect((await mock.evaluateAction(REFUND(50))).decision).toBe('denied');
    expect(await codeOf(mock.evaluateAction({ actionType: 'x.y', resource: 'other_tenant' }))).toBe('AUTHZ_DENIED');
    // The newest script runs first: the throwing one ends x.y before the recording one sees it.
    expect(seen).toEqual(['1:crm.lookup', '2:financial.refund', '3:financial.refund']);
    expect(mock.actions.map((a) => a.actionId)).toEqual(['1', '2', '3']);
    // A script's bug is the test's, never an outage: fail-open does not turn it into allowed.
    const buggy = new MockAscendClient({ failMode: 'open' }).decideWith(() => {
      throw new Error('bug in the script');
    });
    expect(await codeOf(buggy.evaluateAction(QUERY))).toBe('CONFIG_ERROR');
    const unknownOutcome = new MockAscendClient({ failMode: 'open' }).decideWith(() => 'maybe' as 'allowed');
    expect(await codeOf(unknownOutcome.evaluateAction(QUERY))).toBe('CONFIG_ERROR');
  });

  it('uses the fake’s policy engine for unscripted actions when given a policy', async () => {
    const mock = new MockAscendClient({
      policy: {
        rules: [{ id: 'big', match: { params: [{ param: 'amount', op: '>', value: 100 }] }, outcome: 'require_approval' }],
        default: { outcome: 'deny', reason: 'Default deny' },
      },
    });
    expect((await mock.evaluateAction(REFUND(101))).decision).toBe('pending');
    const other = await mock.evaluateAction(QUERY);
    expect([other.decision, other.reason]).toEqual(['denied', 'Default deny']);
    expect(() => new MockAscendClient({ policy: [{ id: 'x', outcome: 'maybe' as 'allow' }] })).toThrow(/outcome/);
  });

  it('a wire override that breaks the protocol throws ProtocolError, like the real client, and records nothing', async () => {
    const mock = new MockAscendClient().decide('*', 'allowed', { wire: { decision: 'ALLOWED' } });
    expect(await codeOf(mock.evaluateAction(QUERY))).toBe('PROTOCOL_ERROR');
    expect(mock.actions).toEqual([]);
    const extra = new MockAscendClient().decide('*', 'allowed', { wire: { cvss_score: 2.1 } });
    expect((await extra.evaluateAction(QUERY)).raw['cvss_score']).toBe(2.1);
  });

  it('rejects invalid scripts and options at once', () => {
    const mock = new MockAscendClient();
    expect(() => mock.decide('x', 'ALLOWED' as 'allowed')).toThrow(TypeError);
    expect(() => mock.decide('x', 'allowed', { times: 0 })).toThrow(TypeError);
    expect(() => new MockAscendClient({ failMode: 'maybe' as 'open' })).toThrow(TypeError);
    expect(() => new MockAscendClient({ defaultDecision: 'approved' as 'allowed' })).toThrow(TypeError);
  });
});

describe('ids and validation', () => {
  it('issues increasing numeric action ids and apr_<n> approval ids', async () => {
    const mock = new MockAscendClient({ firstActionId: 5100 }).decide('financial.*', 'pending');
    const ids = [];
    for (const req of [QUERY, REFUND(1), QUERY, REFUND(2)]) ids.push(await mock.evaluateAction(req));
    expect(ids.map((d) => d.actionId)).toEqual(['5100', '5101', '5102', '5103']);
    expect(ids.map((d) => (d.decision === 'pending' ? d.approvalRequestId : null))).toEqual([null, 'apr_1', null, 'apr_2']);
    expect(ids[1]!.raw['action_id']).toBe(5101);
  });

  it('validates requests like the real client, before deciding anything', async () => {
    const mock = new MockAscendClient();
    expect(await codeOf(mock.evaluateAction({ actionType: ' ', resource: 'db' }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(mock.evaluateAction({ actionType: 'a.b', resource: 'db', orchestrationDepth: 6 }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(mock.evaluateAction({ actionType: 'a.b', resource: 'db', amount: 5 } as never))).toBe('VALIDATION_ERROR');
    expect(await codeOf(mock.evaluateAction({ actionType: 'a.b', resource: 'db', parentActionId: 'x1' }))).toBe('VALIDATION_ERROR');
    expect(mock.actions).toEqual([]);
  });
});

describe('approvals', () => {
  it('waitForDecision resolves when the test approves, rejects or expires', async () => {
    const mock = new MockAscendClient().decide('financial.refund', 'pending');
    const a = await mock.evaluateAction(REFUND(500));
    const waitA = mock.waitForDecision({ actionId: a.actionId, approvalRequestId: undefined, expiresAt: undefined });
    expect(mock.pendingActions().map((p) => p.actionId)).toEqual([a.actionId]);
    mock.approve(a.actionId, { by: 'cfo@corp.example', comment: 'fine' });
    const approved = await waitA;
    expect([approved.decision, approved.status, approved.approvedBy, approved.comments]).toEqual(['allowed', 'approved', 'cfo@corp.example', 'fine']);

    const b = await mock.evaluateAction(REFUND(600));
    const waitB = mock.waitForDecision(b as never);
    mock.reject(b.decision === 'pending' ? b.approvalRequestId! : '', { reason: 'Too large' });
    const rejected = await waitB;
    expect([rejected.decision, rejected.status, rejected.reason]).toEqual(['denied', 'rejected', 'Too large']);

    const c = await mock.evaluateAction(REFUND(700));
    const waitC = mock.evaluateAction(REFUND(800), { waitForApproval: true });
    mock.expire(c.actionId);
    expect((await mock.getActionStatus(c.actionId)).status).toBe('expired');
    mock.approve('4');
    expect((await waitC).decision).toBe('allowed');
    expect(() => mock.approve(c.actionId)).toThrow(MockAdminError);
    expect(() => mock.reject('999')).toThrow(/No action/);
  });

  it('resolveWith decides a wait by itself; an already decided action returns at once', async () => {
    const mock = new MockAscendClient()
      .decide('a.*', 'pending', { resolveWith: 'approve' })
      .decide('r.*', 'pending', { resolveWith: 'reject' })
      .decide('e.*', 'pending', { resolveWith: 'expire' });
    expect((await mock.evaluateAction({ actionType: 'a.x', resource: 'r' }, { waitForApproval: true })).decision).toBe('allowed');
    const r = await mock.evaluateAction({ actionType: 'r.x', resource: 'r' }, { waitForApproval: true });
    expect([r.decision, r.status]).toEqual(['denied', 'rejected']);
    const e = await mock.evaluateAction({ actionType: 'e.x', resource: 'r' }, { waitForApproval: true });
    expect([e.decision, e.status]).toEqual(['denied', 'expired']);
    expect((await mock.waitForDecision({ actionId: '1', approvalRequestId: undefined, expiresAt: undefined })).decision).toBe('allowed');
  });

  it('a wait ends with ApprovalTimeoutError (fail-open too), AbortedError, KillSwitchError or on close', async () => {
    const mock = new MockAscendClient({ failMode: 'open' }).decide('*', 'pending');
    const p1 = await mock.evaluateAction(QUERY);
    expect(await codeOf(mock.waitForDecision({ actionId: p1.actionId, approvalRequestId: undefined, expiresAt: undefined }, { timeoutMs: 5 }))).toBe(
      'APPROVAL_TIMEOUT',
    );
    const controller = new AbortController();
    const aborted = mock.waitForDecision({ actionId: p1.actionId, approvalRequestId: undefined, expiresAt: undefined }, { signal: controller.signal });
    controller.abort();
    expect(await codeOf(aborted)).toBe('ABORTED');
    const killed = mock.evaluateAction(QUERY, { waitForApproval: true });
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    mock.setKillSwitch(true);
    expect(await codeOf(killed)).toBe('KILL_SWITCH_ACTIVE');
    mock.setKillSwitch(false);
    const closing = mock.waitForDecision({ actionId: p1.actionId, approvalRequestId: undefined, expiresAt: undefined });
    await mock.close();
    expect(await codeOf(closing)).toBe('ABORTED');
    expect(await codeOf(mock.waitForDecision({ actionId: '', approvalRequestId: undefined, expiresAt: undefined }))).toBe('CONFIG_ERROR');
    expect(await codeOf(new MockAscendClient().waitForDecision({ actionId: '42', approvalRequestId: undefined, expiresAt: undefined }))).toBe('NOT_FOUND');
  });
});

describe('approvals under vi.useFakeTimers()', () => {
  it('a wait sees approve() at its next status poll: advance the fake clock by the poll interval', async () => {
    vi.useFakeTimers();
    try {
      const mock = new MockAscendClient().decide('financial.refund', 'pending');
      const call = mock.evaluateAction(REFUND(500), { waitForApproval: true });
      // The submit needs no timer: a few turns of the event loop bring the pending action.
      for (let i = 0; i < 100 && mock.pendingActions().length === 0; i++) await vi.advanceTimersByTimeAsync(0);
      mock.approve(mock.pendingActions()[0]!.actionId, { by: 'cfo@corp.example' });
      await vi.advanceTimersByTimeAsync(10); // the mock's approvals.pollIntervalMs
      const decision = await call;
      expect([decision.decision, decision.approvedBy]).toEqual(['allowed', 'cfo@corp.example']);
      await mock.close();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('kill switch', () => {
  it('blocks evaluations before any decision, reports its status and emits changes', async () => {
    const mock = new MockAscendClient();
    const changes: boolean[] = [];
    mock.on('killSwitchChange', (e) => changes.push(e.active));
    mock.setKillSwitch(true, { reason: 'Incident 42' });
    expect(await codeOf(mock.evaluateAction(QUERY))).toBe('KILL_SWITCH_ACTIVE');
    expect(await codeOf(mock.evaluateMcpAction({ mcpServer: 's', namespace: 'n', verb: 'v', resource: 'r' }))).toBe('KILL_SWITCH_ACTIVE');
    const bulk = await mock.evaluateActions([QUERY, QUERY]);
    expect(bulk.results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['KILL_SWITCH_ACTIVE', 'KILL_SWITCH_ACTIVE']);
    expect((await mock.getKillSwitchStatus()).reason).toBe('Incident 42');
    expect(mock.status().killSwitch.active).toBe(true);
    expect(mock.actions).toEqual([]);
    // submitAction skips the client's check, as the real one does; the service itself denies.
    expect((await mock.submitAction(QUERY)).decision).toBe('denied');
    mock.setKillSwitch(false);
    expect((await mock.evaluateAction(QUERY)).decision).toBe('allowed');
    expect(changes).toEqual([true, false]);
  });
});

describe('outages and fail mode', () => {
  it('fails closed with GovernanceUnavailableError caused by the outage', async () => {
    for (const [kind, code] of [
      ['network', 'NETWORK_ERROR'],
      ['timeout', 'TIMEOUT'],
      ['server-error', 'SERVER_ERROR'],
    ] as const) {
      const mock = new MockAscendClient().setServiceDown(true, kind);
      const error = await mock.evaluateAction(QUERY).catch((e: unknown) => e);
      expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE') && isAscendError(error.cause) ? error.cause.code : error).toBe(code);
      expect(await codeOf(mock.getActionStatus('1'))).toBe(code);
      expect((await mock.testConnection()).connected).toBe(false);
    }
  });

  it('fails open with a marked allowed decision and the failOpen event; reports spool until the service is back', async () => {
    const mock = new MockAscendClient({ failMode: 'open' });
    const allowed = await mock.evaluateAction(QUERY);
    const events: string[] = [];
    mock.on('failOpen', (e) => events.push(`${e.operation}:${e.cause.code}`));
    mock.setServiceDown(true);
    const synthetic = await mock.evaluateAction(QUERY);
    expect([synthetic.decision, synthetic.failOpen?.cause.code, /^fail_open_[0-9a-f]{16}$/.test(synthetic.actionId)]).toEqual([
      'allowed',
      'NETWORK_ERROR',
      true,
    ]);
    expect(events).toEqual(['submitAction:NETWORK_ERROR']);
    expect(mock.findAction(synthetic.actionId)?.failOpen).toBe(true);
    // Bulk items fail open one by one; each synthetic decision is recorded with its own request.
    const bulk = await mock.evaluateActions([{ actionType: '', resource: 'x' }, DROP]);
    const [, dropped] = bulk.results;
    expect(dropped?.ok && mock.findAction(dropped.decision.actionId)?.request).toEqual(DROP);
    const spooled = await mock.logActionCompleted(allowed.actionId, { durationMs: 0 });
    expect([spooled.delivered, spooled.spooled]).toEqual([false, true]);
    expect(mock.status().spoolSize).toBe(1);
    await mock.flushReports();
    expect(mock.status().spoolSize).toBe(1);
    mock.setServiceDown(false);
    await mock.flushReports();
    expect([mock.status().spoolSize, mock.findAction(allowed.actionId)?.execution?.kind]).toEqual([0, 'completed']);
    // The service never saw the fail-open action: its report stays local, like the real client's.
    expect(await mock.logActionCompleted(synthetic.actionId)).toEqual({ delivered: false, spooled: false, error: undefined, local: true });
  });
});

describe('reports', () => {
  it('records completions and failures of allowed actions, and refuses the rest like the service', async () => {
    const mock = new MockAscendClient().decide('database.drop', 'denied');
    const ok = await mock.evaluateAction(QUERY);
    const failedRun = await mock.evaluateAction(QUERY);
    const denied = await mock.evaluateAction(DROP);
    expect((await mock.logActionCompleted(ok.actionId, { result: { rows: 3 }, durationMs: 0 })).delivered).toBe(true);
    expect((await mock.logActionCompleted(ok.actionId)).error?.code).toBe('CONFLICT');
    expect((await mock.logActionFailed(failedRun.actionId, { error: { code: 'TIMEOUT', message: 'db slow' } })).delivered).toBe(true);
    expect((await mock.logActionCompleted(denied.actionId)).error?.code).toBe('CONFLICT');
    expect((await mock.logActionCompleted('999')).error?.code).toBe('NOT_FOUND');
    expect((await mock.logActionCompleted(ok.actionId, { durationMs: -1 })).error?.code).toBe('VALIDATION_ERROR');
    expect((await mock.logActionFailed(ok.actionId, { error: 5 as never })).error?.code).toBe('VALIDATION_ERROR');
    expect(mock.executions.map((e) => [e.actionId, e.kind])).toEqual([
      [ok.actionId, 'completed'],
      [failedRun.actionId, 'failed'],
    ]);
    expect(mock.findAction(ok.actionId)?.execution).toMatchObject({ kind: 'completed', report: { result: { rows: 3 }, durationMs: 0 } });
  });
});

describe('call recorder', () => {
  it('records every call with typed arguments and its outcome, in order', async () => {
    const mock = new MockAscendClient().decide('database.drop', 'denied');
    await mock.evaluateAction({ actionType: 'database.query', resource: 'db', parameters: { query: 'SELECT * FROM users' } });
    await mock.evaluateAction(DROP).catch(() => undefined);
    await mock.evaluateAction({ actionType: '', resource: 'db' }).catch(() => undefined);
    mock.status();
    const evaluations = mock.callsTo('evaluateAction');
    expect(evaluations.map((c) => c.seq)).toEqual([1, 2, 3]);
    expect(evaluations[0]!.args[0].parameters?.['query']).toBe('SELECT * FROM users');
    const [first, second, third] = evaluations.map((c) => c.outcome);
    expect(first?.state === 'returned' && first.value.decision).toBe('allowed');
    expect(second?.state === 'returned' && second.value.decision).toBe('denied');
    expect(third?.state === 'threw' && isAscendError(third.error) && third.error.code).toBe('VALIDATION_ERROR');
    expect(mock.calls.map((c) => c.method)).toEqual(['evaluateAction', 'evaluateAction', 'evaluateAction', 'status']);
    // Requests are copied when decided: mutating the caller's object later changes nothing.
    const params = { amount: 1 };
    await mock.evaluateAction({ actionType: 'x.y', resource: 'r', parameters: params });
    params.amount = 2;
    expect(mock.actions.at(-1)?.request.parameters).toEqual({ amount: 1 });
    mock.reset();
    expect([mock.calls.length, mock.actions.length]).toEqual([0, 0]);
    expect((await mock.evaluateAction(QUERY)).actionId).toBe('1');
  });
});

describe('the rest of the client surface', () => {
  it('agents, webhooks, policy, classifications, audit, activity, supply chain, connection, lifecycle', async () => {
    await using mock = new MockAscendClient({ agentId: 'cs-agent', environment: 'staging' });
    expect((await mock.register({ capabilities: ['customer.lookup'] })).alreadyRegistered).toBe(false);
    expect((await mock.register()).alreadyRegistered).toBe(true);
    await mock.heartbeat({ responseTimeMs: 5 });
    expect((await mock.getAgentHealth()).status).toBe('healthy');
    expect(await mock.getPendingCommands()).toEqual([]);
    const command = mock.service.issueCommand({ agentId: 'cs-agent', commandType: 'BLOCK', reason: 'drill' });
    expect((await mock.getPendingCommands()).map((c) => c.commandId)).toEqual([command.commandId]);
    expect(await mock.ackCommand(command.commandId)).toBe(true);
    expect(await mock.linkModel(3)).toMatchObject({ agent: { model_id: 3 } });
    await mock.deregister();
    expect(await codeOf(mock.deregister())).toBe('NOT_FOUND');
    expect(await codeOf(new MockAscendClient({ agentId: undefined }).register())).toBe('VALIDATION_ERROR');

    const hook = await mock.configureWebhook({ url: 'https://hooks.example.com/a', events: ['action.approved'] });
    expect(await codeOf(mock.configureWebhook({ url: 'http://insecure.example.com', events: ['x'] }))).toBe('VALIDATION_ERROR');
    expect((await mock.updateWebhook(hook.webhookId, { events: ['action.denied'] })).events).toEqual(['action.denied']);
    expect((await mock.testWebhook(hook.webhookId)).success).toBe(true);
    expect((await mock.listWebhooks()).map((w) => w.webhookId)).toEqual([hook.webhookId]);
    await mock.deleteWebhook(hook.webhookId);
    expect(await codeOf(mock.testWebhook(hook.webhookId))).toBe('NOT_FOUND');

    mock.decide('*.drop', 'denied');
    expect((await mock.evaluatePolicy({ actionType: 'db.drop', resource: 'db' })).decision).toBe('deny');
    expect(mock.actions).toEqual([]);
    expect((await mock.getResourceClassification('database'))?.resourceId).toBe('production_db');
    expect(await mock.getResourceClassification('nope')).toBe(null);
    const a = await mock.evaluateAction(QUERY);
    const submitted = (await mock.getAuditLogs()).events.filter((e) => e.eventType === 'action.submitted');
    expect(submitted.map((e) => e.details['action_id'])).toEqual([Number(a.actionId)]);
    expect((await mock.listActivity({ limit: 5 })).actions[0]?.['action_id']).toBe(Number(a.actionId));
    expect(await mock.getAction(a.actionId)).toMatchObject({ actionId: a.actionId, status: 'approved', outcome: 'allowed', agentId: 'cs-agent' });
    expect(await mock.registerSupplyChainComponent({ componentId: 'c1', componentName: 'lib', componentType: 'library' })).toMatchObject({ success: true });
    expect(await mock.testConnection()).toMatchObject({ connected: true, environment: 'staging', agentId: 'cs-agent', failMode: 'closed' });
    expect((await mock.getDeploymentInfo()).environment).toBe('staging');
    mock.startKillSwitchPolling();
    expect(mock.status().killSwitch.polling).toBe(true);
    mock.stopKillSwitchPolling();
    const bulk = await mock.evaluateActions([QUERY, { actionType: '', resource: 'x' }]);
    expect([bulk.succeeded, bulk.failed, bulk.results[1]?.ok]).toEqual([1, 1, false]);
    expect(await codeOf(mock.evaluateActions(new Array(51).fill(QUERY)))).toBe('VALIDATION_ERROR');
    await mock.close();
    await mock.close();
    expect(await codeOf(mock.evaluateAction(QUERY))).toBe('CONFIG_ERROR');
    expect(mock.status().closed).toBe(true);
  });
});
