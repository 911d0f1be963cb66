/**
 * `@ascend/mcp/server` on the real MCP TypeScript SDK 2.x: a governed `McpServer` from
 * `@modelcontextprotocol/server`, driven by a real `Client` from `@modelcontextprotocol/client`
 * over the SDK's in-memory transport, through the shared outcome table (`GOVERNED_OUTCOMES`)
 * and the MCP-specific paths: progress while a human decides, the plain-call cap, cancellation,
 * the MCP kill-switch consumer, the request context sent to ASCEND, and `tools/list`.
 *
 * Both protocol eras the SDK speaks: 2025-11-25 (a hand-wired `server.connect`, the SDK client's
 * default) and 2026-07-28 (`serveStdio` over the in-memory transport, the client pinned to it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, MockAscendClient, OUTCOME_APPROVAL_TIMEOUT_MS } from '@ascend/testing';
import { Client, type CallToolResult } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpKillSwitchConsumer } from '../kill-switch-consumer.js';
import { governedServer, governTool, registerGovernedTool, withGovernance, type GovernanceClient, type ServerGovernanceDefaults } from './index.js';

const META = 'ascend/governance';
let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (probe()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Pair {
  server: McpServer;
  client: Client;
  runs: string[];
  tools: ReturnType<typeof governedServer>;
}

type Era = '2025-11-25' | '2026-07-28';
const ERAS: readonly Era[] = ['2025-11-25', '2026-07-28'];

/** Serves the server `build` makes over the in-memory transport in `era`, and connects a 2.x client. */
async function connect(build: () => McpServer, era: Era): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  let closeServer: () => Promise<void>;
  let client: Client;
  if (era === '2025-11-25') {
    const server = build();
    await server.connect(serverSide);
    closeServer = () => server.close();
    client = new Client({ name: 'test-client-v2', version: '1.0.0' });
  } else {
    const served = serveStdio(build, { transport: serverSide });
    closeServer = () => served.close();
    client = new Client({ name: 'test-client-v2', version: '1.0.0' }, { versionNegotiation: { mode: { pin: era } } });
  }
  await client.connect(clientSide);
  expect(client.getNegotiatedProtocolVersion()).toBe(era);
  cleanup.push(async () => {
    await client.close();
    await closeServer();
  });
  return client;
}

/**
 * A governed 2.x server with a `refund` tool and a high-risk `restart` tool, and a connected 2.x
 * client speaking `era`.
 */
async function pair(ascend: GovernanceClient, defaults: ServerGovernanceDefaults = {}, era: Era = '2025-11-25'): Promise<Pair> {
  const runs: string[] = [];
  let built: { server: McpServer; tools: ReturnType<typeof governedServer> } | undefined;
  const build = (): McpServer => {
    const server = new McpServer({ name: 'billing', version: '1.0.0' });
    const tools = governedServer(server, ascend, { serverName: 'billing', logger: silentLogger, approvalPollIntervalMs: 10, ...defaults });
    tools.tool(
      'refund',
      {
        description: 'Refund an order',
        inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
        governance: { actionType: 'financial.refund', resource: ({ orderId }) => `order/${orderId}` },
      },
      ({ orderId, amount }) => {
        runs.push(orderId);
        return { content: [{ type: 'text', text: `refunded ${amount} on ${orderId}` }] };
      },
    );
    tools.highRiskTool('restart', { description: 'Restart a service', inputSchema: z.object({ service: z.string() }) }, ({ service }) => {
      runs.push(service);
      return { content: [{ type: 'text', text: `restarted ${service}` }] };
    });
    built = { server, tools };
    return server;
  };
  const client = await connect(build, era);
  if (!built) throw new Error('the server factory was not called');
  return { server: built.server, client, runs, tools: built.tools };
}

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}

function metaOf(result: CallToolResult): Record<string, unknown> | undefined {
  return (result._meta as Record<string, Record<string, unknown>> | undefined)?.[META];
}

describe.each(ERAS)('SDK 2.x client and server through the outcome table, protocol %s', (era) => {
  for (const scenario of GOVERNED_OUTCOMES) {
    const e = scenario.expected;
    it(`${scenario.name}: ${e.runs ? 'runs' : `blocked (${e.block})`}`, async () => {
      const mock = scenario.client();
      cleanup.push(() => mock.close());
      const p = await pair(mock, { approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS, plainCallApprovalTimeoutMs: false }, era);
      const result = await p.client.callTool({ name: 'refund', arguments: { orderId: 'o-17', amount: 40 } });
      expect(p.runs).toEqual(e.runs ? ['o-17'] : []);
      if (e.runs) {
        expect(result.isError).toBeFalsy();
        expect(textOf(result)).toBe('refunded 40 on o-17');
        expect(metaOf(result)).toMatchObject({ decision: 'allowed', failOpen: e.failOpen });
      } else {
        // The model learns why, in an error result.
        expect(result.isError).toBe(true);
        expect(metaOf(result)).toMatchObject({ decision: 'blocked', kind: e.block });
        const why = {
          denied: /^(Denied by ASCEND governance|Rejected by a human reviewer in ASCEND)/,
          approval_timeout: /^Approval timed out/,
          kill_switch: /^Blocked by the ASCEND kill switch/,
          unavailable: /^ASCEND governance is unavailable, so this tool was not run/,
          error: /^The ASCEND governance check failed/,
        }[e.block!];
        expect(textOf(result)).toMatch(why);
      }
      const waits = mock.calls.filter((c) => c.method === 'waitForDecision').length;
      expect(waits).toBe(['pending then approved', 'rejected', 'timed out'].includes(scenario.name) ? 1 : 0);
      const completions = mock.calls.filter((c) => c.method === 'logActionCompleted').length;
      expect(completions).toBe(e.runs ? 1 : 0);
    });
  }
});

describe.each(ERAS)('SDK 2.x: waiting for a human, cancellation, structured output; protocol %s', (era) => {
  it('pending approval: a client that asks for progress gets "Waiting for human approval" notifications, then the result', async () => {
    const mock = new MockAscendClient().decide('*', 'pending', { resolveWith: 'approve' });
    cleanup.push(() => mock.close());
    const p = await pair(mock, { approvalProgressIntervalMs: 5 }, era);
    const progress: string[] = [];
    const result = await p.client.callTool(
      { name: 'restart', arguments: { service: 'api' } },
      { onprogress: (e) => void progress.push(e.message ?? ''), resetTimeoutOnProgress: true },
    );
    expect(textOf(result)).toBe('restarted api');
    expect(p.runs).toEqual(['api']);
    expect(progress[0]).toMatch(/^Waiting for human approval in ASCEND \(action .+\)$/);
    const [submitted] = mock.calls.filter((c) => c.method === 'evaluateAction');
    expect(submitted?.args[0]).toMatchObject({ requireHumanApproval: true, context: { risk_level: 'high' } });
  });

  it('a plain call (no progress token) gets the plain-call timeout result, never a transport timeout', async () => {
    const mock = new MockAscendClient().decide('*', 'pending');
    cleanup.push(() => mock.close());
    const p = await pair(mock, { plainCallApprovalTimeoutMs: 100 }, era);
    const result = await p.client.callTool({ name: 'restart', arguments: { service: 'db' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Approval timed out: .* This MCP call could not wait longer/);
    expect(p.runs).toEqual([]);
  });

  it('the client aborts while a human decides: the wait stops, the tool never runs, the cancellation is reported', async () => {
    const mock = new MockAscendClient().decide('*', 'pending');
    cleanup.push(() => mock.close());
    const p = await pair(mock, {}, era);
    const controller = new AbortController();
    const call = p.client.callTool({ name: 'restart', arguments: { service: 'queue' } }, { signal: controller.signal });
    await until(() => mock.calls.some((c) => c.method === 'waitForDecision'), 'the wait for a human');
    controller.abort('the user pressed stop');
    await expect(call).rejects.toBeInstanceOf(Error);
    await until(() => mock.calls.some((c) => c.method === 'logActionFailed'), 'the cancellation report');
    const failed = mock.calls.find((c) => c.method === 'logActionFailed');
    expect(failed?.args[1]).toMatchObject({ error: { code: 'CANCELLED_BY_CLIENT', cancelled_via: 'request' } });
    expect(p.runs).toEqual([]);
  });
  it('structured output: an allowed call returns its validated structuredContent; a blocked one is an error result the SDK accepts', async () => {
    const mock = new MockAscendClient().decide('*', 'denied', { resource: 'account/frozen', reason: 'Account frozen' });
    cleanup.push(() => mock.close());
    const client = await connect(() => {
      const server = new McpServer({ name: 'bank', version: '1.0.0' });
      governedServer(server, mock, { serverName: 'bank', logger: silentLogger }).tool(
        'balance',
        {
          inputSchema: z.object({ account: z.string() }),
          outputSchema: z.object({ account: z.string(), cents: z.number() }),
          governance: { resource: ({ account }) => `account/${account}` },
        },
        ({ account }) => ({ content: [{ type: 'text', text: `${account}: 1200` }], structuredContent: { account, cents: 1200 } }),
      );
      return server;
    }, era);
    const ok = await client.callTool({ name: 'balance', arguments: { account: 'open' } });
    expect(ok.isError).toBeFalsy();
    expect(ok.structuredContent).toEqual({ account: 'open', cents: 1200 });
    expect(metaOf(ok)).toMatchObject({ decision: 'allowed' });
    const blocked = await client.callTool({ name: 'balance', arguments: { account: 'frozen' } });
    expect(blocked.isError).toBe(true);
    expect(textOf(blocked)).toMatch(/^Denied by ASCEND governance: Account frozen/);
    expect(blocked.structuredContent).toBeUndefined();
  });
});

describe('SDK 2.x: MCP specifics', () => {
  it('tools/list: high-risk tools are annotated destructive; the registry lists both tools', async () => {
    const p = await pair(new MockAscendClient());
    const { tools } = await p.client.listTools();
    expect(tools.map((t) => [t.name, t.annotations])).toEqual([
      ['refund', undefined],
      ['restart', { destructiveHint: true }],
    ]);
    expect(p.tools.registry.get('restart')).toMatchObject({
      highRisk: true,
      tasks: false,
      governance: { serverName: 'billing', riskLevel: 'high', requireHumanApproval: true },
    });
    expect(p.tools.toolNames).toEqual(['refund', 'restart']);
  });

  it('sends the tool context, the redacted arguments and the request id from ctx.mcpReq', async () => {
    const mock = new MockAscendClient();
    cleanup.push(() => mock.close());
    const server = new McpServer({ name: 'crm', version: '1.0.0' });
    registerGovernedTool(
      server,
      mock,
      'lookup',
      { inputSchema: z.object({ email: z.string(), apiToken: z.string() }) },
      { serverName: 'crm', logger: silentLogger },
      ({ email }) => ({ content: [{ type: 'text', text: `found ${email}` }] }),
    );
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(clientSide);
    cleanup.push(async () => {
      await client.close();
      await server.close();
    });
    const result = await client.callTool({ name: 'lookup', arguments: { email: 'a@b.example', apiToken: 'sk_live_abcdefghijklmnop' } });
    expect(textOf(result)).toBe('found a@b.example');
    const [submitted] = mock.calls.filter((c) => c.method === 'evaluateAction');
    const request = submitted?.args[0] as { context: Record<string, unknown>; parameters: Record<string, unknown> };
    expect(request.context).toMatchObject({ source: 'mcp_server', tool_name: 'lookup', mcp_server: 'crm' });
    expect(request.context['mcp_request_id']).toEqual(expect.any(String));
    expect(request.parameters).toEqual({ email: 'a@b.example', apiToken: '[REDACTED]' });
    expect(JSON.stringify(mock.calls)).not.toContain('sk_live_abcdefghijklmnop');
  });

  it('the MCP kill-switch consumer blocks without any network call', async () => {
    const mock = new MockAscendClient();
    cleanup.push(() => mock.close());
    const killSwitch = new McpKillSwitchConsumer();
    expect(killSwitch.apply({ target_type: 'mcp_server', command_type: 'block', mcp_server: 'billing', reason: 'Incident 42' }).applied).toBe(true);
    const p = await pair(mock, { killSwitch });
    const result = await p.client.callTool({ name: 'refund', arguments: { orderId: 'o-1', amount: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Blocked by the ASCEND kill switch/);
    expect(metaOf(result)).toMatchObject({ decision: 'blocked', kind: 'kill_switch' });
    expect(mock.calls.filter((c) => c.method === 'evaluateAction')).toEqual([]);
    expect(p.runs).toEqual([]);
  });

  it('blockAs: "throw" reaches the client as the SDK error result of a thrown tool error', async () => {
    const mock = new MockAscendClient().decide('*', 'denied', { reason: 'Refund limit exceeded' });
    cleanup.push(() => mock.close());
    const p = await pair(mock, { blockAs: 'throw' });
    const result = await p.client.callTool({ name: 'refund', arguments: { orderId: 'o-2', amount: 900 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('Refund limit exceeded');
    expect(p.runs).toEqual([]);
  });

  it('a tool without an input schema gets (ctx) and is governed with {} as arguments', async () => {
    const mock = new MockAscendClient();
    cleanup.push(() => mock.close());
    const server = new McpServer({ name: 'ops', version: '1.0.0' });
    const tools = governedServer(server, mock, { serverName: 'ops', logger: silentLogger });
    let sawSignal = false;
    tools.tool('ping', { description: 'Ping' }, (ctx) => {
      sawSignal = ctx.mcpReq.signal instanceof AbortSignal;
      return { content: [{ type: 'text', text: 'pong' }] };
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(clientSide);
    cleanup.push(async () => {
      await client.close();
      await server.close();
    });
    expect(textOf(await client.callTool({ name: 'ping', arguments: {} }))).toBe('pong');
    expect(sawSignal).toBe(true);
    expect(mock.calls.find((c) => c.method === 'evaluateAction')?.args[0]).toMatchObject({ parameters: {} });
  });

  it('reads the OAuth client id from ctx.http.authInfo, never its token', async () => {
    const mock = new MockAscendClient();
    cleanup.push(() => mock.close());
    const governed = governTool(mock, { toolName: 'lookup', logger: silentLogger }, () => ({ content: [] }));
    const ctx = {
      sessionId: 'sess-1',
      mcpReq: { id: 'req-9', signal: new AbortController().signal },
      http: { authInfo: { clientId: 'crm-app', token: 'secret-access-token-123', scopes: [] } },
    } as unknown as ServerContext;
    await governed({}, ctx);
    const request = mock.calls.find((c) => c.method === 'evaluateAction')?.args[0] as { context: Record<string, unknown> };
    expect(request.context).toMatchObject({ mcp_client_id: 'crm-app', mcp_request_id: 'req-9', mcp_session_id: 'sess-1' });
    expect(JSON.stringify(mock.calls)).not.toContain('secret-access-token-123');
  });

  it('governTool and withGovernance wrap a handler for any 2.x registration', async () => {
    const mock = new MockAscendClient().decide('*', 'denied', { reason: 'no' });
    cleanup.push(() => mock.close());
    let ran = 0;
    const govern = withGovernance(mock, { serverName: 'crm', logger: silentLogger });
    const governed = govern({ toolName: 'erase' }, () => {
      ran++;
      return { content: [] };
    });
    const direct = governTool(mock, { toolName: 'erase2', logger: silentLogger }, () => {
      ran++;
      return { content: [] };
    });
    // A hand-made context, as the low-level Server would pass: only what governance reads.
    const ctx = { mcpReq: { id: 7, signal: new AbortController().signal } } as unknown as ServerContext;
    expect(await governed({}, ctx)).toMatchObject({ isError: true });
    expect(await direct({}, ctx)).toMatchObject({ isError: true });
    expect(ran).toBe(0);
    expect(govern.registry.names).toEqual(['erase']);
    expect(mock.calls.find((c) => c.method === 'evaluateAction')?.args[0]).toMatchObject({ context: { mcp_request_id: '7' } });
  });

  it('rejects task options and bad input at construction, naming the field', () => {
    const mock = new MockAscendClient();
    const server = new McpServer({ name: 'x', version: '1' });
    for (const key of ['taskStore', 'taskTtlMs', 'taskPollIntervalMs']) {
      expect(() => governedServer(server, mock, { [key]: 1 })).toThrow(
        expect.objectContaining({ field: key, message: expect.stringMatching(/ext-tasks/) }) as Error,
      );
    }
    expect(() => governedServer({} as McpServer, mock)).toThrow(ConfigurationError);
    expect(() => governedServer(server, mock, { toolName: 'x' } as ServerGovernanceDefaults)).toThrow(expect.objectContaining({ field: 'toolName' }) as Error);
    expect(() => governedServer(server, mock, { approvalTimeoutMs: -1 })).toThrow(expect.objectContaining({ field: 'approvalTimeoutMs' }) as Error);
    const tools = governedServer(server, mock);
    expect(() => tools.tool('', {}, () => ({ content: [] }))).toThrow(expect.objectContaining({ field: 'name' }) as Error);
    expect(() => tools.tool('t', { governance: { blockAs: 'maybe' as 'throw' } }, () => ({ content: [] }))).toThrow(
      expect.objectContaining({ field: 'blockAs' }) as Error,
    );
    void mock.close();
  });
});

describe('SDK 2.x: registerGovernedTool argument checks', () => {
  it('rejects a bad server, name, config or handler with a ConfigurationError naming it, before anything is registered', () => {
    const mock = new MockAscendClient();
    const server = new McpServer({ name: 'x', version: '1' });
    const ok = () => ({ content: [] });
    const field = (f: string, message: RegExp) =>
      expect.objectContaining({ name: 'ConfigurationError', field: f, message: expect.stringMatching(message) }) as Error;
    expect(() => registerGovernedTool({} as McpServer, mock, 'x', {}, {}, ok)).toThrow(
      field('server', /must be an McpServer from @modelcontextprotocol\/server \(with registerTool\)/),
    );
    expect(() => registerGovernedTool(server, mock, ' ', {}, {}, ok)).toThrow(field('name', /must be a non-empty string/));
    expect(() => registerGovernedTool(server, mock, 'x', null as unknown as object, {}, ok)).toThrow(field('config', /must be an object/));
    expect(() => registerGovernedTool(server, mock, 'x', {}, {}, 'nope' as unknown as typeof ok)).toThrow(field('handler', /must be a function/));
    expect(() => registerGovernedTool(server, mock, 'x', {}, {}, ok)).not.toThrow();
    void mock.close();
  });
});

describe('the built @ascend/mcp/server entry', () => {
  it('reaches no 1.x SDK type: a project with only @modelcontextprotocol/server installed gets real types', () => {
    const dist = fileURLToPath(new URL('../../dist', import.meta.url));
    const entry = join(dist, 'server', 'index.d.ts');
    if (!existsSync(entry)) throw new Error('@ascend/mcp is not built: run `pnpm --filter @ascend/mcp build` before this test');
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      // Static imports and re-exports, and inline `import("…")` types.
      for (const m of text.matchAll(/^(?:import|export)[^'"]*from ['"]([^'"]+)['"]|import\(['"]([^'"]+)['"]\)/gm)) {
        const spec = (m[1] ?? m[2])!;
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
        else packages.add(spec);
      }
    };
    visit(entry);
    expect(seen.size).toBeGreaterThan(3);
    expect([...packages].sort()).toEqual(['@ascend/core', '@ascend/governance', '@modelcontextprotocol/server']);
  });
});
