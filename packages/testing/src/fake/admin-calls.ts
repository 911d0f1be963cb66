/**
 * The {@link FakeAscend} object over one fake's shared state: the transport entry points, and the
 * admin API a test drives the service with (approvals, kill switch, commands, webhooks, the MCP
 * registry, policy, live events, reset / snapshot / restore).
 * @internal
 */
import { decideApproval, FakeAdminError, findApproval, type ApprovalDecisionInput } from './approvals.js';
import type { FakeAscend, FakeMcpServerInput } from './fake-api.js';
import { tick, type FakeHost } from './fake-host.js';
import { DEFAULT_API_KEY } from './fake-options.js';
import { resetFake, restoreSnapshot, takeSnapshot } from './fake-snapshot.js';
import { handleFetch as fetchAdapter } from './fetch.js';
import { listOrchestrationSessions } from './handlers-orchestration.js';
import { copyAll, copyJson } from './json.js';
import { issueCommand, setKillSwitch } from './kill-switch.js';
import { changeMcpServerActive, changeMcpToolBlocked, createMcpServer, readMcpServer } from './mcp-registry.js';
import { DEFAULT_POLICY_DEFAULT } from './policy-defaults.js';
import { parsePolicyDocument } from './policy-parse.js';
import { handleRequest } from './request-pipeline.js';
import type { FakeApproval } from './store-records.js';
import { BodyReader } from './validation.js';

/** Builds the {@link FakeAscend} object of the fake whose state is `host`. */
export function createFakeApi(host: FakeHost): FakeAscend {
  const ctx = host.ctx;

  function decide(id: number | string, outcome: 'approve' | 'reject' | 'expire', input?: ApprovalDecisionInput): FakeApproval {
    tick(ctx);
    const approval = findApproval(ctx, id);
    if (!approval) throw new FakeAdminError('not-found', `no approval request for ${typeof id === 'number' ? `action ${id}` : id}`);
    return copyJson(decideApproval(ctx, approval, outcome, input));
  }

  const fake: FakeAscend = {
    handle: (request) => handleRequest(host, request),
    handleFetch: (request, opts) => fetchAdapter(fake, request, opts),
    faults: ctx.faults,
    get requests() {
      return host.recorder.all();
    },
    requestsFor: (operation) => host.recorder.all().filter((r) => r.operation === operation),
    clearRequests: () => host.recorder.clear(),
    get retention() {
      return { limit: ctx.options.retainActions, held: ctx.store.actions.size, evicted: ctx.store.evicted };
    },
    apiKey: ctx.options.apiKeys === 'any' ? DEFAULT_API_KEY : [...ctx.options.apiKeys.keys()][0]!,

    get policy() {
      return { rules: ctx.policy.rules, default: ctx.policy.fallback };
    },
    setPolicy(next) {
      const doc = parsePolicyDocument(next);
      ctx.policy.rules = doc.rules;
      ctx.policy.fallback = doc.default ?? DEFAULT_POLICY_DEFAULT;
      host.audit.append({ eventType: 'policy.updated', actor: 'admin', outcome: 'success', details: { rules: doc.rules.length } });
    },

    approve: (id, input) => decide(id, 'approve', input),
    reject: (id, input) => decide(id, 'reject', input),
    expire: (id) => decide(id, 'expire'),
    listPending: () => {
      tick(ctx);
      return copyAll([...ctx.store.approvals.values()].filter((a) => a.status === 'pending'));
    },
    listApprovals: () => copyAll(ctx.store.approvals.values()),
    getApproval: (id) => {
      const a = findApproval(ctx, id);
      return a ? copyJson(a) : undefined;
    },

    getAction: (id) => {
      const a = ctx.store.actions.get(id);
      return a ? copyJson(a) : undefined;
    },
    listActions: () => copyAll(ctx.store.actions.values()),
    listAgents: () => copyAll(ctx.store.agents.values()),
    getAgent: (agentId) => {
      const a = ctx.store.agents.get(agentId);
      return a ? copyJson(a) : undefined;
    },

    get killSwitch() {
      return { ...ctx.store.killSwitch };
    },
    setKillSwitch: (active, input) => ({ ...setKillSwitch(ctx, active, input) }),
    issueCommand: (input) => copyJson(issueCommand(ctx, input)),
    listCommands: () => copyAll(ctx.store.commands.values()),

    listWebhooks: () => copyAll(ctx.store.webhooks.values()),
    getWebhook: (id) => {
      const w = ctx.store.webhooks.get(id);
      return w ? copyJson(w) : undefined;
    },
    get outbox() {
      return host.outbox.all();
    },
    takeOutbox: () => host.outbox.drain(),

    setResourceClassification(classification) {
      ctx.store.setClassification(copyJson(classification));
    },

    listMcpServers: () => copyAll(ctx.store.records('mcpServer').values()),
    registerMcpServer(input) {
      const { by, ...fields } = input ?? ({} as FakeMcpServerInput);
      // The same reader as the protocol's register body: one set of rules.
      const r = new BodyReader(
        copyJson({
          server_name: fields.serverName ?? null,
          transport_type: fields.transportType ?? null,
          governance_enabled: fields.governanceEnabled ?? null,
          display_name: fields.displayName ?? null,
          description: fields.description ?? null,
          server_url: fields.serverUrl ?? null,
          connection_config: fields.connectionConfig ?? null,
          auto_approve_tools: fields.autoApproveTools ? [...fields.autoApproveTools] : null,
          blocked_tools: fields.blockedTools ? [...fields.blockedTools] : null,
          tool_risk_overrides: fields.toolRiskOverrides ? { ...fields.toolRiskOverrides } : null,
        }),
      );
      const read = readMcpServer(r);
      const [field, problem] = Object.entries(r.errors)[0] ?? [];
      if (field !== undefined) throw new FakeAdminError('invalid', `${field}: ${problem ?? 'invalid'}`);
      const server = createMcpServer(ctx, read, by ?? 'admin');
      if (!server) throw new FakeAdminError('conflict', `MCP server ${read.serverName} already exists`);
      return copyJson(server);
    },
    setMcpServerActive(serverName, active, input) {
      const server = ctx.store.records('mcpServer').get(serverName);
      if (!server) throw new FakeAdminError('not-found', `MCP server ${serverName} not found`);
      return copyJson(changeMcpServerActive(ctx, server, active, active ? null : (input?.reason ?? null), input?.by ?? 'admin'));
    },
    setMcpToolBlocked(serverName, tool, blocked, input) {
      const server = ctx.store.records('mcpServer').get(serverName);
      if (!server) throw new FakeAdminError('not-found', `MCP server ${serverName} not found`);
      if (typeof tool !== 'string' || tool.trim() === '') throw new FakeAdminError('invalid', 'tool: Required field is missing or empty');
      return copyJson(changeMcpToolBlocked(ctx, server, tool.trim(), blocked, input?.by ?? 'admin'));
    },
    listTopologies: () => copyAll(ctx.store.records('topology').values()),
    listFindings: () => copyAll(ctx.store.records('finding').values()),
    listSupplyChainComponents: () => copyAll(ctx.store.components.values()),
    listOrchestrationSessions: () => listOrchestrationSessions(ctx),
    get auditLog() {
      return host.audit.all();
    },

    on: (type, listener) => host.emitter.on(type, listener),
    once: (type, listener) => host.emitter.once(type, listener),
    off: (type, listener) => host.emitter.off(type, listener),

    tick: () => tick(ctx),
    reset: () => resetFake(host),
    snapshot: () => takeSnapshot(host),
    restore: (snapshot) => restoreSnapshot(host, snapshot),
  };
  return fake;
}
