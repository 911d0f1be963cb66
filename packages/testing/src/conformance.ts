/**
 * `@ascend/testing/conformance`: one suite that drives an ASCEND service implementation through
 * the REAL client, so the in-memory fake (over msw), the dev server (over real HTTP) and any other
 * stand-in are held to the same behaviour.
 *
 * The suite is framework-neutral (pass your runner's `describe`, `it` and `expect`) and
 * transport-neutral: the target supplies a client factory and admin hooks (approve, reject, kill
 * switch, fault injection, counters), in-process or over an admin HTTP API.
 *
 * It relies on the fake's default policy (`DEFAULT_POLICY_RULES`): `database.query` is allowed,
 * `database.drop` denied (`SEC-001`), a `financial.refund` over 100 needs approval.
 *
 * This module holds the suite, its runner interface and the operations it exercises; the target
 * interface and the fake's target live in `conformance-target.ts` and are re-exported here.
 *
 * @example
 * ```ts
 * import { describe, it, expect, beforeAll, afterAll } from 'vitest';
 * import { setupServer } from 'msw/node';
 * import { defineConformanceSuite, fakeConformanceTarget } from '@ascend/testing/conformance';
 *
 * const server = setupServer();
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * afterAll(() => server.close());
 * defineConformanceSuite({ describe, it, expect }, () => {
 *   const fake = createFakeAscend({ signingSecret: 'conformance-secret' });
 *   server.resetHandlers(...ascendHandlers(fake, { baseUrl: 'https://ascend.test' }));
 *   return fakeConformanceTarget(fake, { baseUrl: 'https://ascend.test' });
 * });
 * ```
 *
 * @packageDocumentation
 */
import { MANAGEMENT_ROUTES, type ManagementOperationName } from '@ascend/core/internal';
import { isAscendError, toPendingHandle, type AuthorizationDecision, type PendingDecisionHandle } from '@ascend/core';
import type { ConformanceTarget } from './conformance-target.js';
import type { OperationName } from './fake/operations.js';

export { fakeConformanceTarget, type ConformanceTarget, type FakeConformanceTargetOptions } from './conformance-target.js';

/** The assertions the suite uses; vitest's, jest's and most runners' `expect` fit. */
export interface ConformanceAssertion {
  /** Strict equality (`Object.is`). */
  toBe(expected: unknown): void;
  /** Deep equality. */
  toEqual(expected: unknown): void;
}

/** The test-runner functions the suite needs. */
export interface ConformanceTestApi {
  /** Groups tests. Called unbound, as test frameworks' `describe` is. */
  describe(this: void, name: string, body: () => void): void;
  /** Declares one async test. Called unbound. */
  it(this: void, name: string, body: () => Promise<void>): void;
  /** Starts an assertion. Called unbound. */
  expect(this: void, actual: unknown): ConformanceAssertion;
}

/** Options of {@link defineConformanceSuite}. */
export interface ConformanceSuiteOptions {
  /** The top-level `describe` name. @defaultValue `'ASCEND conformance'` */
  readonly name?: string;
}

/**
 * The operation names the suite exercises: every operation of the protocol (reference §3.0) and
 * of the 2.5.0 management surface (docs/protocol-2.4-2.7.md).
 */
export const CONFORMANCE_OPERATIONS: readonly OperationName[] = [
  'health',
  'getDeploymentInfo',
  'submitAction',
  'getActionStatus',
  'getAction',
  'logActionCompleted',
  'logActionFailed',
  'listActivity',
  'listActions',
  'register',
  'deregister',
  'linkModel',
  'heartbeat',
  'getAgentHealth',
  'getKillSwitchStatus',
  'getPendingCommands',
  'ackCommand',
  'evaluatePolicy',
  'getResourceClassification',
  'getAuditLogs',
  'checkApproval',
  'configureWebhook',
  'listWebhooks',
  'updateWebhook',
  'deleteWebhook',
  'testWebhook',
  'registerSupplyChainComponent',
  'submitMcpAction',
  // The 2.5.0 management surface: one operation per route of core's management table.
  ...(Object.keys(MANAGEMENT_ROUTES) as ManagementOperationName[]),
];

const QUERY = { actionType: 'database.query', resource: 'test_db', parameters: { query: 'SELECT 1' } } as const;
const DROP = { actionType: 'database.drop', resource: 'production_db', parameters: { table: 'users' } } as const;
const BIG_REFUND = { actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 500, currency: 'USD' } } as const;

/** The code of an AscendError, or a description of whatever else was thrown (for assertion messages). */
async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved without an error';
  } catch (error) {
    return isAscendError(error) ? error.code : `non-Ascend error: ${String(error)}`;
  }
}

/** The `[code, enforcement]` of a 403 refusal carrying an MCP or model governance block. */
async function refusalOf(promise: Promise<unknown>, block: 'mcpGovernance' | 'modelGovernance'): Promise<[string, unknown]> {
  try {
    await promise;
    return ['resolved without an error', undefined];
  } catch (error) {
    if (!isAscendError(error, 'AUTHZ_DENIED')) return [isAscendError(error) ? error.code : String(error), undefined];
    return [error.code, error[block]?.['enforcement'] ?? error[block]?.['compliance_status']];
  }
}

function pendingOf(decision: AuthorizationDecision): Extract<AuthorizationDecision, { decision: 'pending' }> {
  if (decision.decision !== 'pending') throw new Error(`expected a pending decision, got ${decision.decision}`);
  return decision;
}

/**
 * Declares the conformance suite. `setup` runs at the start of every test and returns the target;
 * its `cleanup` runs at the end of it.
 */
export function defineConformanceSuite(
  api: ConformanceTestApi,
  setup: () => ConformanceTarget | Promise<ConformanceTarget>,
  options: ConformanceSuiteOptions = {},
): void {
  const { describe, expect } = api;
  const test = (name: string, body: (t: ConformanceTarget) => Promise<void>): void =>
    api.it(name, async () => {
      const target = await setup();
      try {
        await body(target);
      } finally {
        await target.cleanup?.();
      }
    });

  describe(options.name ?? 'ASCEND conformance', () => {
    describe('service', () => {
      test('health, deployment info and testConnection', async (t) => {
        const client = t.createClient();
        expect(typeof (await client.health())).toBe('object');
        const info = await client.getDeploymentInfo();
        expect(typeof info.version).toBe('string');
        const connection = await client.testConnection();
        expect(connection.connected).toBe(true);
      });
    });

    describe('decisions', () => {
      test('allowed: numeric id, status, details, one completion accepted and a second refused', async (t) => {
        const client = t.createClient();
        const decision = await client.evaluateAction(QUERY);
        expect(decision.decision).toBe('allowed');
        expect(decision.executionAllowed).toBe(true);
        expect(decision.failOpen).toBe(undefined);
        expect(/^\d+$/.test(decision.actionId)).toBe(true);
        expect((await client.getActionStatus(decision.actionId)).decision).toBe('allowed');
        const details = await client.getAction(decision.actionId);
        expect([details.actionId, details.actionType, details.outcome]).toEqual([decision.actionId, 'database.query', 'allowed']);
        const first = await client.logActionCompleted(decision.actionId, { result: { rows: 1 }, durationMs: 0 });
        expect([first.delivered, first.spooled]).toEqual([true, false]);
        const second = await client.logActionCompleted(decision.actionId, { result: { rows: 1 } });
        expect([second.delivered, second.error?.code]).toEqual([false, 'CONFLICT']);
      });

      test('denied by policy, with violations; its completion is refused', async (t) => {
        const client = t.createClient();
        const decision = await client.evaluateAction(DROP);
        expect(decision.decision).toBe('denied');
        expect(decision.executionAllowed).toBe(false);
        expect(decision.policyViolations.includes('SEC-001')).toBe(true);
        expect(typeof decision.reason).toBe('string');
        const receipt = await client.logActionCompleted(decision.actionId);
        expect([receipt.delivered, receipt.error?.code]).toEqual([false, 'CONFLICT']);
      });

      test('pending → approved by a human: a resumed wait resolves allowed and the approval reads approved', async (t) => {
        const client = t.createClient();
        const pending = pendingOf(await client.evaluateAction(BIG_REFUND));
        expect(typeof pending.approvalRequestId).toBe('string');
        expect((await client.checkApproval(pending.approvalRequestId!)).state).toBe('pending');
        // The handle survives serialization, as it would across a process restart.
        const handle = JSON.parse(JSON.stringify(toPendingHandle(pending))) as PendingDecisionHandle;
        const waiting = client.waitForDecision(handle, { timeoutMs: 5000, pollIntervalMs: 10 });
        await t.approve(pending.actionId, { by: 'ciso@corp.example', comment: 'ok' });
        const decided = await waiting;
        expect([decided.decision, decided.actionId, decided.approvedBy]).toEqual(['allowed', pending.actionId, 'ciso@corp.example']);
        expect((await client.checkApproval(pending.approvalRequestId!)).state).toBe('approved');
        const receipt = await client.logActionFailed(pending.actionId, { error: { code: 'REFUND_FAILED', message: 'card expired' }, durationMs: 3 });
        expect(receipt.delivered).toBe(true);
        // Reported: the status reads as the allowed decision it was, with what became of it, and
        // a wait resumed from the same handle refuses to hand it out as something to run again.
        const status = await client.getActionStatus(pending.actionId);
        expect([status.decision, status.decision === 'allowed' ? status.execution : undefined]).toEqual(['allowed', 'failed']);
        const resumed = await client.waitForDecision(handle, { timeoutMs: 5000, pollIntervalMs: 10 }).then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isAscendError(resumed, 'ACTION_ALREADY_EXECUTED') ? resumed.execution : resumed).toBe('failed');
      });

      test('pending → rejected by a human: the wait resolves denied', async (t) => {
        const client = t.createClient();
        const pending = pendingOf(await client.evaluateAction(BIG_REFUND));
        const waiting = client.waitForDecision(pending, { timeoutMs: 5000, pollIntervalMs: 10 });
        await t.reject(pending.actionId, { by: 'ciso@corp.example', reason: 'too large' });
        const decided = await waiting;
        expect([decided.decision, decided.status, decided.executionAllowed]).toEqual(['denied', 'rejected', false]);
        expect((await client.getActionStatus(pending.actionId)).decision).toBe('denied');
        expect((await client.checkApproval(pending.approvalRequestId!)).state).toBe('rejected');
      });

      test('evaluateAction with waitForApproval follows automatic approvals and rejections', async (t) => {
        const client = t.createClient();
        await t.injectFault({ kind: 'approval', outcome: 'approve', afterMs: 0, by: 'auto@corp.example' }, { operation: 'submitAction', times: 1 });
        const approved = await client.evaluateAction(BIG_REFUND, { waitForApproval: true, approvalTimeoutMs: 5000, pollIntervalMs: 10 });
        expect(approved.decision).toBe('allowed');
        await t.injectFault({ kind: 'approval', outcome: 'reject', afterMs: 0, reason: 'auto-rejected' }, { operation: 'submitAction', times: 1 });
        const rejected = await client.evaluateAction(BIG_REFUND, { waitForApproval: true, approvalTimeoutMs: 5000, pollIntervalMs: 10 });
        expect([rejected.decision, rejected.status]).toEqual(['denied', 'rejected']);
      });

      test('a wait without a human decision ends in ApprovalTimeoutError, in fail-open mode too', async (t) => {
        const client = t.createClient({ failMode: 'open' });
        const code = await errorCodeOf(client.evaluateAction(BIG_REFUND, { waitForApproval: true, approvalTimeoutMs: 40, pollIntervalMs: 10 }));
        expect(code).toBe('APPROVAL_TIMEOUT');
      });

      test('submitAction returns the raw decision; bulk results come in input order', async (t) => {
        const client = t.createClient();
        expect((await client.submitAction(QUERY)).decision).toBe('allowed');
        const bulk = await client.evaluateActions([QUERY, DROP, BIG_REFUND], { concurrency: 3 });
        expect([bulk.total, bulk.succeeded, bulk.failed]).toEqual([3, 3, 0]);
        expect(bulk.results.map((r) => (r.ok ? r.decision.decision : r.error.code))).toEqual(['allowed', 'denied', 'pending']);
      });

      test('MCP tool calls are decided by the same policy', async (t) => {
        const client = t.createClient();
        const read = await client.evaluateMcpAction({
          mcpServer: 'files',
          namespace: 'filesystem',
          verb: 'read',
          resource: '/srv/report.csv',
          toolName: 'read_file',
        });
        expect(read.decision).toBe('allowed');
        const drop = await client.evaluateMcpAction({ mcpServer: 'db', namespace: 'database', verb: 'drop', resource: 'production_db' });
        expect(drop.decision).toBe('denied');
      });
    });

    describe('resilience', () => {
      test('a retry after a lost response is the same request: one action, two deliveries', async (t) => {
        const client = t.createClient({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
        const actionsBefore = await t.countActions();
        const submitsBefore = await t.countRequests('submitAction');
        await t.injectFault({ kind: 'server-error', status: 503 }, { operation: 'submitAction', times: 1, when: 'after' });
        const decision = await client.evaluateAction(QUERY);
        expect(decision.decision).toBe('allowed');
        expect((await t.countActions()) - actionsBefore).toBe(1);
        expect((await t.countRequests('submitAction')) - submitsBefore).toBe(2);
      });

      test('the kill switch blocks before any I/O, in both fail modes, and lifts again', async (t) => {
        const closed = t.createClient();
        const open = t.createClient({ failMode: 'open' });
        await t.setKillSwitch(true, { reason: 'conformance drill' });
        const status = await closed.getKillSwitchStatus();
        expect([status.active, status.reason]).toEqual([true, 'conformance drill']);
        await open.getKillSwitchStatus();
        const submitsBefore = await t.countRequests('submitAction');
        expect(await errorCodeOf(closed.evaluateAction(QUERY))).toBe('KILL_SWITCH_ACTIVE');
        expect(await errorCodeOf(open.evaluateAction(QUERY))).toBe('KILL_SWITCH_ACTIVE');
        expect(await t.countRequests('submitAction')).toBe(submitsBefore);
        const commands = await closed.getPendingCommands();
        const block = commands.find((c) => c.commandType === 'BLOCK');
        expect(block !== undefined).toBe(true);
        expect(await closed.ackCommand(block!.commandId)).toBe(true);
        await t.setKillSwitch(false);
        expect((await closed.getKillSwitchStatus()).active).toBe(false);
        expect((await closed.evaluateAction(QUERY)).decision).toBe('allowed');
      });
    });

    describe('signed requests', () => {
      test('signed requests pass; unsigned and wrongly signed ones are rejected, never failed open', async (t) => {
        const signed = t.createClient();
        expect((await signed.evaluateAction(QUERY)).decision).toBe('allowed');
        const wrong = t.createClient({ signingSecret: `${t.signingSecret}-wrong`, failMode: 'open' });
        expect(await errorCodeOf(wrong.evaluateAction(QUERY))).toBe('AUTH_ERROR');
        const unsigned = t.createClient({ signingSecret: undefined, failMode: 'open' });
        expect(await errorCodeOf(unsigned.evaluateAction(QUERY))).toBe('AUTH_ERROR');
        // GETs carry no body and are never signed.
        expect((await wrong.getKillSwitchStatus()).active).toBe(false);
      });
    });

    describe('agents', () => {
      test('register (twice), heartbeat, health, link a model, deregister', async (t) => {
        const client = t.createClient({ agentId: 'conformance-agent', agentName: 'Conformance Agent' });
        const first = await client.register({ agentType: 'supervised', capabilities: ['database.query'], allowedResources: ['test_db'] });
        expect([first.alreadyRegistered, first.agentId]).toEqual([false, 'conformance-agent']);
        expect((await client.register()).alreadyRegistered).toBe(true);
        await client.heartbeat({ responseTimeMs: 12, errorRate: 0, requestsCount: 3 });
        const health = await client.getAgentHealth();
        expect(health.agentId).toBe('conformance-agent');
        expect(typeof (await client.linkModel(1))).toBe('object');
        await client.deregister();
        expect(Array.isArray(await client.getPendingCommands())).toBe(true);
      });
    });

    describe('webhooks', () => {
      test('configure, list, update, test, delete', async (t) => {
        const client = t.createClient();
        const created = await client.configureWebhook({ url: 'https://hooks.example.com/ascend', events: ['action.approved'], secret: 'whsec_conformance' });
        expect(created.webhookId === '').toBe(false);
        expect((await client.listWebhooks()).some((w) => w.webhookId === created.webhookId)).toBe(true);
        const updated = await client.updateWebhook(created.webhookId, { events: ['action.approved', 'action.denied'] });
        expect(updated.events).toEqual(['action.approved', 'action.denied']);
        expect((await client.testWebhook(created.webhookId)).success).toBe(true);
        await client.deleteWebhook(created.webhookId);
        expect((await client.listWebhooks()).some((w) => w.webhookId === created.webhookId)).toBe(false);
      });
    });

    describe('policy, classifications, audit, activity, supply chain', () => {
      test('answers each read and write with its documented shape', async (t) => {
        const client = t.createClient();
        const decision = await client.evaluateAction(QUERY);
        const policy = await client.evaluatePolicy({ actionType: 'database.drop', resource: 'production_db' });
        expect(policy.decision).toBe('deny');
        expect((await client.getResourceClassification('database'))?.resourceType).toBe('database');
        expect(await client.getResourceClassification('no-such-type')).toBe(null);
        const audit = await client.getAuditLogs({ limit: 50 });
        expect(audit.events.length > 0).toBe(true);
        const activity = await client.listActivity({ limit: 10 });
        expect(activity.actions.some((a) => String(a['action_id'] ?? a['id']) === decision.actionId)).toBe(true);
        const listed = await client.listActions({ limit: 10, status: decision.status ?? 'approved' });
        const item = listed.actions.find((a) => a.actionId === decision.actionId);
        expect([item?.actionType, item?.outcome]).toEqual([QUERY.actionType, decision.decision]);
        const component = await client.registerSupplyChainComponent({
          componentId: 'lib-1',
          componentName: 'left-pad',
          componentType: 'library',
          version: '1.3.0',
        });
        expect(typeof component).toBe('object');
      });
    });

    describe('2.5.0 management surface and 2.5.1 registry checks', () => {
      test('MCP server registry: a blocked tool, a deactivated or unregistered server are refused with the block', async (t) => {
        const client = t.createClient();
        const name = 'conformance-fs';
        const registered = await client.registerMcpServer({ serverName: name, displayName: 'Files', blockedTools: ['delete_file'] });
        expect([registered.success, registered.server?.serverName, registered.server?.isActive]).toEqual([true, name, true]);
        expect((await client.listMcpServers()).servers.map((s) => s.serverName).includes(name)).toBe(true);
        expect((await client.getMcpServer(name)).server?.blockedTools).toEqual(['delete_file']);
        const allowed = await client.evaluateAction({ ...QUERY, mcpServerName: name });
        expect([allowed.decision, allowed.details?.mcpGovernance?.['enforcement']]).toEqual(['allowed', 'MCP_SERVER_ALLOWED']);
        const tool = { actionType: 'filesystem.delete_file', resource: '/srv/x', mcpServerName: name };
        expect(await refusalOf(client.evaluateAction(tool), 'mcpGovernance')).toEqual(['AUTHZ_DENIED', 'MCP_TOOL_BLOCKED_DENY']);
        expect((await client.deactivateMcpServer(name, 'incident drill')).server?.isActive).toBe(false);
        expect(await refusalOf(client.evaluateAction({ ...QUERY, mcpServerName: name }), 'mcpGovernance')).toEqual([
          'AUTHZ_DENIED',
          'MCP_SERVER_DEACTIVATED_DENY',
        ]);
        expect((await client.activateMcpServer(name)).server?.isActive).toBe(true);
        expect((await client.evaluateAction({ ...QUERY, mcpServerName: name })).decision).toBe('allowed');
        expect(await refusalOf(client.evaluateAction({ ...QUERY, mcpServerName: 'never-registered' }), 'mcpGovernance')).toEqual([
          'AUTHZ_DENIED',
          'MCP_SERVER_UNREGISTERED_DENY',
        ]);
        expect((await client.scanMcpNetwork()).discoveredCount >= 1).toBe(true);
        expect(typeof (await client.getMcpHealth())).toBe('object');
        expect((await client.deleteMcpServer(name)).success).toBe(true);
        expect((await client.listMcpServers()).servers.map((s) => s.serverName).includes(name)).toBe(false);
        expect(await errorCodeOf(client.getMcpServer(name))).toBe('NOT_FOUND');
      });

      test('a kill switch triggered through the API blocks agents as the admin switch does, and its release lifts it', async (t) => {
        const client = t.createClient();
        const organizationId = Number((await client.getDeploymentInfo()).raw['organization_id']);
        expect(await errorCodeOf(client.triggerKillSwitch(organizationId, 'too short'))).toBe('VALIDATION_ERROR');
        expect((await client.triggerKillSwitch(organizationId, 'conformance drill via the API')).active).toBe(true);
        const status = await client.getKillSwitchStatus();
        expect([status.active, status.reason]).toEqual([true, 'conformance drill via the API']);
        expect(await errorCodeOf(client.evaluateAction(QUERY))).toBe('KILL_SWITCH_ACTIVE');
        // An agent that has not polled yet is refused by the service itself.
        const other = t.createClient({ failMode: 'open' });
        expect((await other.submitAction(QUERY)).decision).toBe('denied');
        expect((await client.getPendingCommands()).some((c) => c.commandType === 'BLOCK')).toBe(true);
        expect((await client.releaseKillSwitch(organizationId, 'drill finished, all clear')).active).toBe(false);
        expect((await client.getKillSwitchStatus()).active).toBe(false);
        expect((await client.evaluateAction(QUERY)).decision).toBe('allowed');
      });

      test('orchestration: topologies, sessions and their risk, stats, cascade kill as a dry run by default', async (t) => {
        const client = t.createClient();
        const server = await client.registerMcpServer({ serverName: 'conformance-orch-mcp' });
        expect(typeof (await client.registerTopology('orch-1', ['worker-1', 'worker-2']))).toBe('object');
        expect(typeof (await client.registerMcpTopology('orch-1', [Number(server.server?.id)]))).toBe('object');
        const first = await client.evaluateAction({ ...QUERY, orchestrationSessionId: 'sess-1', orchestrationDepth: 0 });
        await client.evaluateAction({ ...QUERY, orchestrationSessionId: 'sess-1', parentActionId: first.actionId, orchestrationDepth: 1 });
        expect((await client.getOrchestrationSession('sess-1'))['action_count']).toBe(2);
        expect(typeof (await client.getOrchestrationSessionRisk('sess-1'))['cumulative_risk_score']).toBe('number');
        expect(typeof (await client.getOrchestrationStats())).toBe('object');
        const dry = await client.cascadeKill('orch-1', 'contain the topology');
        expect([dry.dryRun, dry.affectedAgents]).toEqual([true, ['orch-1', 'worker-1', 'worker-2']]);
        expect((await client.getPendingCommands('worker-1')).some((c) => c.commandType === 'BLOCK')).toBe(false);
        const real = await client.cascadeKill('orch-1', 'contain the topology', { dryRun: false });
        expect(real.dryRun).toBe(false);
        expect((await client.getPendingCommands('worker-1')).some((c) => c.commandType === 'BLOCK')).toBe(true);
      });

      test('output filter, supply chain, alerts and the 2.7.0 attribution fields', async (t) => {
        const client = t.createClient();
        expect(typeof (await client.getOutputFilterConfig())).toBe('object');
        const decision = await client.evaluateAction(QUERY);
        expect([decision.details?.enforcementDecision, decision.details?.enforcementDecisionSource === undefined]).toEqual(['auto_approved', false]);
        expect((await client.evaluateAction(DROP)).details?.enforcementDecision).toBe('denied');
        expect((await client.evaluateAction(BIG_REFUND)).details?.enforcementDecision).toBe('pending_approval');
        const clean = await client.scanOutput({ content: 'nothing to see' });
        expect([clean.result, clean.blocked]).toEqual(['CLEAN', false]);
        const card = await client.scanOutput({ content: 'card 4111 1111 1111 1111', actionId: Number(decision.actionId) });
        expect([card.result, card.blocked]).toEqual(['BLOCKED', true]);
        expect((await client.getOutputFindings({ category: 'pci' })).findings.length >= 1).toBe(true);
        expect((await client.getOutputFindingsForAction(Number(decision.actionId))).findings.length).toBe(1);
        await client.registerSupplyChainComponent({ componentId: 'lib-2', componentName: 'left-pad', componentType: 'library' });
        const list = await client.listSupplyChainComponents({ componentType: 'library' });
        const component = list.components.find((c) => c['component_id'] === 'lib-2');
        expect(component !== undefined).toBe(true);
        expect(typeof (await client.getSupplyChainStats())['total_components']).toBe('number');
        expect(typeof (await client.getSupplyChainImpact(Number(component!['id'])))).toBe('object');
        expect(typeof (await client.getCveSyncStatus())).toBe('object');
        expect(Array.isArray(await client.getSupplyChainAlerts())).toBe(true);
      });
    });
  });
}
