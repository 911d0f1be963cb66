/**
 * `@ascend/mcp/server` over Streamable HTTP: a governed SDK 2.x server served by the SDK's own
 * HTTP entry (`createMcpHandler`, mounted on `node:http` with `toNodeHandler` from
 * `@modelcontextprotocol/node`, behind its localhost Host guard) on 127.0.0.1, driven by the real
 * 2.x `Client` over `StreamableHTTPClientTransport`, with a real `AscendClient` against the dev
 * server (`ascend-dev`) embedded in this process.
 *
 * Both protocol eras the entry serves: 2026-07-28 (one server instance per request, the client
 * pinned to it) and 2025-11-25 (the entry's stateless legacy fallback, the client's default). An
 * allowed call runs; a denied one does not, and the client sees why; a high-risk call waits, with
 * progress, until a reviewer approves through the dev server's admin API, then runs once; a
 * client that cancels while a human decides withdraws the action (`CANCELLED_BY_CLIENT`) and the
 * tool never runs; the OAuth client id of the HTTP request reaches ASCEND, its token does not.
 *
 * Cancelling differs by era: a 2026-07-28 client aborts the request's stream, which the waiting
 * call sees. A 2025-era client sends `notifications/cancelled`, which the stateless fallback hands
 * to a new instance; the waiting call only learns of it when the connection drops, and an approval
 * before that runs the tool (pinned below). Served with sessions, the cancellation arrives.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDevServer, type DevServer } from '@ascend/dev-server';
import { AscendClient, silentLogger } from '@ascend/node';
import { Client, StreamableHTTPClientTransport, type CallToolResult } from '@modelcontextprotocol/client';
import { localhostHostValidation, toNodeHandler } from '@modelcontextprotocol/node';
import {
  createMcpHandler,
  isLegacyRequest,
  McpServer,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type McpHandlerRequestOptions,
  type McpHttpHandler,
} from '@modelcontextprotocol/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { admin, pendingActionId, until } from '../test-support/dev-admin.js';
import { expectWithdrawnOnCancel } from '../test-support/withdrawn.js';
import { governedServer } from './index.js';

const META = 'ascend/governance';

let dev: DevServer;
let ascend: AscendClient;

beforeAll(async () => {
  dev = await startDevServer({
    port: 0,
    host: '127.0.0.1',
    logger: { log() {} },
    policy: { rules: [{ id: 'no-wipes', match: { actionType: 'storage.wipe' }, outcome: 'deny', reason: 'Wiping storage is not allowed' }] },
  });
  ascend = new AscendClient({
    baseUrl: dev.url,
    apiKey: dev.apiKey,
    agentId: 'ops-mcp-http',
    agentName: 'Ops server over HTTP',
    retry: { maxRetries: 0 },
    logger: silentLogger,
  });
});
afterAll(async () => {
  await ascend?.close();
  await dev?.close();
  // Nothing is left open: no listener, no client or server socket (TCPServerWrap, TCPSocketWrap).
  await until(() => (process.getActiveResourcesInfo().some((r) => r.startsWith('TCP')) ? undefined : true), 'every listener and socket to close');
});

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
  // Each test starts with no actions and no pending approvals.
  await admin(dev, 'POST', '/_admin/reset', {});
});

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first && first.type === 'text' ? first.text : '';
}

function metaOf(result: CallToolResult): Record<string, unknown> | undefined {
  return (result._meta as Record<string, Record<string, unknown>> | undefined)?.[META];
}

type Era = '2025-11-25' | '2026-07-28';
const ERAS: readonly Era[] = ['2026-07-28', '2025-11-25'];

interface Served {
  url: URL;
  /** Tool runs, as `tool arg`, across every server instance the handler made. */
  runs: string[];
}

/**
 * Serves a governed server per request with `createMcpHandler` on 127.0.0.1 (port 0). `auth`
 * stands for an authentication middleware: what it returns becomes `req.auth`, which
 * `toNodeHandler` passes on as the handler's `authInfo`.
 */
async function serve(auth?: (req: IncomingMessage) => AuthInfo | undefined, legacy: 'stateless' | 'sessions' = 'stateless'): Promise<Served> {
  const served: Served = { url: new URL('http://127.0.0.1/mcp'), runs: [] };
  const build = (): McpServer => {
    const server = new McpServer({ name: 'ops', version: '1.0.0' });
    const tools = governedServer(server, ascend, { serverName: 'ops', logger: silentLogger, approvalPollIntervalMs: 20, approvalProgressIntervalMs: 50 });
    tools.tool(
      'read_config',
      { inputSchema: z.object({ key: z.string() }), annotations: { readOnlyHint: true }, governance: { actionType: 'config.read' } },
      ({ key }) => {
        served.runs.push(`read_config ${key}`);
        return { content: [{ type: 'text', text: `value of ${key}` }] };
      },
    );
    tools.tool(
      'wipe',
      { inputSchema: z.object({ volume: z.string() }), governance: { actionType: 'storage.wipe', resource: ({ volume }) => volume } },
      ({ volume }) => {
        served.runs.push(`wipe ${volume}`);
        return { content: [{ type: 'text', text: `wiped ${volume}` }] };
      },
    );
    tools.highRiskTool(
      'restart',
      { inputSchema: z.object({ service: z.string() }), governance: { actionType: 'service.restart', resource: ({ service }) => service } },
      ({ service }) => {
        served.runs.push(`restart ${service}`);
        return { content: [{ type: 'text', text: `restarted ${service}` }] };
      },
    );
    return server;
  };
  const handler: McpHttpHandler = createMcpHandler(build, { legacy: legacy === 'stateless' ? 'stateless' : 'reject' });
  // The SDK's pattern for serving 2025-era clients with sessions next to the modern entry
  // (isLegacyRequest): one instance per session, so a notifications/cancelled reaches it.
  const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const legacySessions = async (request: Request, options?: McpHandlerRequestOptions): Promise<Response> => {
    const id = request.headers.get('mcp-session-id');
    let transport = id === null ? undefined : sessions.get(id);
    if (!transport) {
      const created = new WebStandardStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sid) => void sessions.set(sid, created),
      });
      await build().connect(created);
      transport = created;
    }
    return transport.handleRequest(request, options?.authInfo ? { authInfo: options.authInfo } : {});
  };
  const node = toNodeHandler(
    legacy === 'stateless'
      ? handler
      : { fetch: async (request, options) => ((await isLegacyRequest(request)) ? legacySessions(request, options) : handler.fetch(request, options)) },
  );
  // As the README's example: the SDK's DNS-rebinding guard in front.
  const localhostOnly = localhostHostValidation();
  const http: Server = createServer((req, res) => {
    if (!localhostOnly(req, res)) return;
    const info = auth?.(req);
    if (info) (req as IncomingMessage & { auth?: AuthInfo }).auth = info;
    void node(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  served.url.port = String((http.address() as AddressInfo).port);
  cleanup.push(async () => {
    for (const transport of sessions.values()) await transport.close();
    await handler.close();
    const closed = new Promise<void>((resolve, reject) => http.close((error) => (error ? reject(error) : resolve())));
    // Idle keep-alive connections of the client would hold close() open.
    http.closeAllConnections();
    await closed;
  });
  return served;
}

async function connect(served: Served, era: Era): Promise<Client> {
  const client = new Client({ name: 'http-test-v2', version: '1.0.0' }, era === '2026-07-28' ? { versionNegotiation: { mode: { pin: era } } } : {});
  await client.connect(new StreamableHTTPClientTransport(served.url));
  expect(client.getNegotiatedProtocolVersion()).toBe(era);
  cleanup.push(() => client.close());
  return client;
}

describe.each(ERAS)('SDK 2.x over Streamable HTTP (createMcpHandler), protocol %s', (era) => {
  it('an allowed call runs and its completion is reported', async () => {
    const served = await serve();
    const client = await connect(served, era);
    const result = await client.callTool({ name: 'read_config', arguments: { key: 'region' } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('value of region');
    expect(served.runs).toEqual(['read_config region']);
    const meta = metaOf(result);
    expect(meta).toMatchObject({ decision: 'allowed', failOpen: false });
    const actionId = Number(meta?.['actionId']);
    await until(() => dev.fake.getAction(actionId)?.execution ?? undefined, 'the completion report');
    expect(dev.fake.getAction(actionId)).toMatchObject({
      actionType: 'config.read',
      execution: { state: 'completed' },
      context: { source: 'mcp_server', tool_name: 'read_config', mcp_server: 'ops' },
    });
  });

  it('a denied call does not run; the client gets an error result that says why', async () => {
    const served = await serve();
    const client = await connect(served, era);
    const result = await client.callTool({ name: 'wipe', arguments: { volume: 'vol-1' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Denied by ASCEND governance: Wiping storage is not allowed/);
    expect(metaOf(result)).toMatchObject({ decision: 'blocked', kind: 'denied' });
    expect(served.runs).toEqual([]);
    expect(dev.fake.getAction(Number(metaOf(result)?.['actionId']))).toMatchObject({ decision: 'denied', ruleId: 'no-wipes', execution: null });
  });

  it('a high-risk call waits for a human with progress notifications, then runs once', async () => {
    const served = await serve();
    const client = await connect(served, era);
    const progress: string[] = [];
    const call = client.callTool(
      { name: 'restart', arguments: { service: 'db' } },
      { onprogress: (p) => void progress.push(p.message ?? ''), resetTimeoutOnProgress: true },
    );
    const actionId = await pendingActionId(dev);
    expect(dev.fake.getAction(actionId)).toMatchObject({ actionType: 'service.restart', decision: 'pending' });
    // Progress arrives over HTTP while the reviewer has not decided; the tool has not run.
    await until(() => (progress.length >= 2 ? true : undefined), 'progress notifications');
    expect(served.runs).toEqual([]);
    await admin(dev, 'POST', `/_admin/approvals/${actionId}/approve`, { by: 'oncall@corp.example' });
    const result = await call;
    expect(textOf(result)).toBe('restarted db');
    expect(metaOf(result)).toMatchObject({ decision: 'allowed', actionId: String(actionId), approvedBy: 'oncall@corp.example' });
    expect(progress[0]).toBe(`Waiting for human approval in ASCEND (action ${actionId})`);
    expect(served.runs).toEqual(['restart db']);
    await until(() => dev.fake.getAction(actionId)?.execution ?? undefined, 'the completion report');
    expect(dev.fake.getAction(actionId)?.execution).toMatchObject({ state: 'completed' });
  });

  it(
    era === '2026-07-28'
      ? 'the client aborts while a human decides: the action is withdrawn (CANCELLED_BY_CLIENT) and the tool never runs'
      : 'the client goes away while a human decides: the action is withdrawn (CANCELLED_BY_CLIENT) and the tool never runs',
    async () => {
      const served = await serve();
      const client = await connect(served, era);
      const controller = new AbortController();
      const call = client.callTool({ name: 'restart', arguments: { service: 'queue' } }, { signal: controller.signal });
      const actionId = await pendingActionId(dev);
      controller.abort('the user pressed stop');
      await expect(call).rejects.toBeInstanceOf(Error);
      if (era === '2025-11-25') {
        // The stateless legacy fallback answers each POST with a fresh instance, so the client's
        // notifications/cancelled cannot reach the waiting one (decision 027). Closing the client
        // drops the request's HTTP stream, which aborts the handler's ctx.mcpReq.signal.
        await client.close();
      }
      // ASCEND has no withdraw endpoint: the failure report CANCELLED_BY_CLIENT is how an agent
      // withdraws a pending action, and the dev server closes its approval request.
      await until(() => (dev.fake.getAction(actionId)?.decision === 'pending' ? undefined : true), 'the withdrawal');
      expectWithdrawnOnCancel(dev.fake, actionId, 'request');
      expect(dev.fake.getAction(actionId)).toMatchObject({ reason: 'Withdrawn by the agent before a decision (CANCELLED_BY_CLIENT)', execution: null });
      expect(served.runs).toEqual([]);
    },
  );

  it('passes the OAuth client id of the HTTP request (ctx.http.authInfo) to ASCEND, never its token', async () => {
    const token = 'secret-access-token-0123456789';
    const served = await serve((req) => (req.headers.authorization === `Bearer ${token}` ? { token, clientId: 'ops-console', scopes: ['tools'] } : undefined));
    const client = new Client({ name: 'http-test-v2', version: '1.0.0' }, era === '2026-07-28' ? { versionNegotiation: { mode: { pin: era } } } : {});
    await client.connect(new StreamableHTTPClientTransport(served.url, { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    cleanup.push(() => client.close());
    const result = await client.callTool({ name: 'read_config', arguments: { key: 'zone' } });
    expect(textOf(result)).toBe('value of zone');
    const action = dev.fake.getAction(Number(metaOf(result)?.['actionId']));
    expect(action?.context).toMatchObject({ mcp_client_id: 'ops-console', mcp_server: 'ops', tool_name: 'read_config' });
    expect(JSON.stringify(action)).not.toContain(token);
  });
});

describe('SDK 2.x over Streamable HTTP, 2025-era clients: cancelling a call', () => {
  it('stateless fallback (the default): a notifications/cancelled cannot reach the waiting instance, so a later approval still runs the tool', async () => {
    // This pins a limitation of stateless serving (documented in the README and decision 027):
    // if the SDK ever delivers the cancellation, this test fails and the documentation changes.
    const served = await serve();
    const client = await connect(served, '2025-11-25');
    const controller = new AbortController();
    const call = client.callTool({ name: 'restart', arguments: { service: 'cache' } }, { signal: controller.signal });
    const actionId = await pendingActionId(dev);
    controller.abort('the user pressed stop');
    await expect(call).rejects.toBeInstanceOf(Error);
    await admin(dev, 'POST', `/_admin/approvals/${actionId}/approve`, { by: 'oncall@corp.example' });
    await until(() => (served.runs.length > 0 ? true : undefined), 'the tool to run');
    expect(served.runs).toEqual(['restart cache']);
  });

  it('served with sessions (isLegacyRequest in front of createMcpHandler): the client aborts while a human decides: its notifications/cancelled reaches the waiting handler; withdrawn, the tool never runs', async () => {
    const served = await serve(undefined, 'sessions');
    const client = await connect(served, '2025-11-25');
    expect(await client.callTool({ name: 'read_config', arguments: { key: 'region' } })).toMatchObject({ content: [{ text: 'value of region' }] });
    const controller = new AbortController();
    const call = client.callTool({ name: 'restart', arguments: { service: 'queue' } }, { signal: controller.signal });
    const actionId = await pendingActionId(dev);
    controller.abort('the user pressed stop');
    await expect(call).rejects.toBeInstanceOf(Error);
    // The client stays connected: only the cancellation notification can end the wait.
    await until(() => (dev.fake.getAction(actionId)?.decision === 'pending' ? undefined : true), 'the withdrawal');
    expectWithdrawnOnCancel(dev.fake, actionId, 'request');
    expect(served.runs).toEqual(['read_config region']);
    // The session's id (ctx.sessionId) goes to ASCEND with the call.
    expect(dev.fake.getAction(actionId)?.context).toMatchObject({ mcp_session_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
