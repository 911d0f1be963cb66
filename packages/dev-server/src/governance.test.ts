/**
 * The 2.5 governance state in `ascend-dev`: the flags and options that configure the model
 * registry and pre-register MCP servers (so a `model_governance` / `mcp_governance` 403 is
 * reproduced without code), and the admin API behind the dashboard's governance panels. Over
 * real HTTP on 127.0.0.1.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ascend/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliUsageError, parseCli } from './cli-args.js';
import { DevServerConfigError, startDevServer, type DevServer, type DevServerOptions, type GovernanceView, type McpServerView } from './index.js';
import { adminClient } from './test-support/admin-client.js';
import { startCli } from './test-support/cli-process.js';

const KEY = 'ascend_dev_local_key';
const H = { 'content-type': 'application/json', 'x-api-key': KEY };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ascend-governance-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: DevServerOptions = {}): Promise<DevServer> {
  server = await startDevServer({ port: 0, logger: silentLogger, ...options });
  return server;
}

type Answer = { status: number; json: Record<string, unknown> };

/** A submit as the Python client 2.5.1 sends it: `mcp_server_name` and `model_id` at the top level. */
async function submit(url: string, extra: Record<string, unknown>): Promise<Answer> {
  const res = await fetch(`${url}/api/v1/actions/submit`, {
    method: 'POST',
    headers: H,
    body: JSON.stringify({ agent_id: 'bot', agent_name: 'Bot', action_type: 'mcp.fs.read_file', resource: 'fs', ...extra }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function protocol(url: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${url}${path}`, { method, headers: H, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
}

async function adminPost(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const violations = (a: Answer): unknown => a.json['policy_violations'];

describe('parseCli: governance flags', () => {
  it('maps --compliant-models, --model, --mcp-server, --block-tool and --governance to fake.models and mcpServers', async () => {
    const file = join(dir, 'governance.json');
    await writeFile(
      file,
      JSON.stringify({
        models: { 'claude-sonnet': 'partially_approved', 'old-model': 'deprecated' },
        mcpServers: [{ serverName: 'legacy-fs', active: false, deactivationReason: 'INC-7: exfiltration' }],
      }),
    );
    const cmd = await parseCli(
      [
        '--compliant-models',
        'gpt-4o, gpt-4o-mini',
        '--compliant-models',
        'llama-3',
        '--model',
        'legacy-model=rejected',
        '--governance',
        file,
        '--mcp-server',
        'filesystem',
        '--block-tool',
        'filesystem:delete_file',
        '--block-tool',
        'filesystem:move_file',
        '--block-tool',
        'legacy-fs:write_file',
        '--approval-ttl-ms',
        '5000',
      ],
      {},
    );
    expect(cmd).toEqual({
      kind: 'run',
      options: {
        port: 4455,
        host: '127.0.0.1',
        logLevel: 'info',
        fake: {
          approvalTtlMs: 5000,
          models: {
            'claude-sonnet': 'partially_approved',
            'old-model': 'deprecated',
            'legacy-model': 'rejected',
            'gpt-4o': 'approved',
            'gpt-4o-mini': 'approved',
            'llama-3': 'approved',
          },
        },
        mcpServers: [
          { serverName: 'legacy-fs', active: false, deactivationReason: 'INC-7: exfiltration', blockedTools: ['write_file'] },
          { serverName: 'filesystem', blockedTools: ['delete_file', 'move_file'] },
        ],
      },
    });
    // Without any of them nothing is configured: the model check stays off, the registry empty.
    expect(await parseCli([], {})).toEqual({ kind: 'run', options: { port: 4455, host: '127.0.0.1', logLevel: 'info' } });
  });

  it('reports each mistake as a usage error naming the flag (and the field of the file)', async () => {
    const bad = join(dir, 'bad-governance.json');
    const cases: Array<[string[], RegExp | string, string?]> = [
      [['--model', 'gpt-4o'], '--model must be ID=STATUS, e.g. legacy-model=rejected; got "gpt-4o"'],
      [['--model', 'gpt-4o=Approved'], /^--model gpt-4o: the status must be a compliance status in lower case/],
      [['--model', ' gpt=approved'], /^--model: model id " gpt" must be a non-empty string without surrounding whitespace/],
      [['--compliant-models', 'a,,b'], /^--compliant-models must be model ids separated by commas/],
      [['--model', 'gpt-4o=rejected', '--compliant-models', 'gpt-4o'], '--compliant-models: model "gpt-4o" is approved here but rejected in --model'],
      [['--block-tool', 'fs'], '--block-tool must be SERVER:TOOL, e.g. filesystem:delete_file; got "fs"'],
      [['--block-tool', 'fs:delete_file'], '--block-tool fs:delete_file: no MCP server "fs" is given (add --mcp-server fs)'],
      [['--mcp-server', 'fs', '--mcp-server', 'fs'], '--mcp-server: "fs" is given twice'],
      [['--mcp-server', ' fs'], '--mcp-server " fs": has leading or trailing whitespace'],
      [['--governance', join(dir, 'missing.json')], /^--governance: cannot read .*missing\.json: ENOENT$/],
      [['--governance', bad], /^--governance: .*bad-governance\.json is not valid JSON/, '{ nope'],
      [['--governance', bad], /^--governance: .*: unknown field policy; allowed fields are models, mcpServers$/, '{"policy": {}}'],
      [
        ['--governance', bad],
        /^--governance: .*: mcpServers\[0\]\.blockedTools\[1\]: must be a non-empty string$/,
        '{"mcpServers": [{"serverName": "fs", "blockedTools": ["a", ""]}]}',
      ],
      [
        ['--governance', bad],
        /^--governance: .*: mcpServers\[0\]\.deactivationReason: is given only with active: false$/,
        '{"mcpServers": [{"serverName": "fs", "deactivationReason": "x"}]}',
      ],
      [['--governance', bad], /^--governance: .*: models\.gpt: must be a compliance status/, '{"models": {"gpt": 1}}'],
    ];
    for (const [args, message, content] of cases) {
      if (content !== undefined) await writeFile(bad, content);
      const error = await parseCli(args, {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, args.join(' ')).toBeInstanceOf(CliUsageError);
      if (typeof message === 'string') expect((error as Error).message).toBe(message);
      else expect((error as Error).message).toMatch(message);
    }
  });
});

describe('ascend-dev with governance flags, over HTTP', () => {
  it('reproduces every model_governance and mcp_governance 403 without code, and says so in the banner', async () => {
    const p = await startCli([
      '--port',
      '0',
      '--compliant-models',
      'gpt-4o',
      '--model',
      'legacy-model=rejected',
      '--mcp-server',
      'filesystem',
      '--block-tool',
      'filesystem:delete_file',
    ]);
    try {
      expect(p.stderr()).toContain('  Governance model_id checked against 2 models (1 compliant); 1 MCP server registered');
      const ok = await submit(p.url, { model_id: 'gpt-4o', mcp_server_name: 'filesystem', action_details: { tool_name: 'read_file' } });
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ decision: 'allowed', model_governance: { model_id: 'gpt-4o', registry_checked: true, compliance_status: 'approved' } });

      const rejected = await submit(p.url, { model_id: 'legacy-model' });
      expect([rejected.status, violations(rejected)]).toEqual([403, ['MODEL_NON_COMPLIANT_DENY']]);
      expect(rejected.json['model_governance']).toEqual({ model_id: 'legacy-model', registry_checked: true, registered: true, compliance_status: 'rejected' });
      const unknown = await submit(p.url, { model_id: 'mystery-model' });
      expect([unknown.status, violations(unknown)]).toEqual([403, ['MODEL_NOT_REGISTERED_DENY']]);

      const blocked = await submit(p.url, { mcp_server_name: 'filesystem', action_details: { tool_name: 'delete_file' } });
      expect([blocked.status, violations(blocked)]).toEqual([403, ['MCP_TOOL_BLOCKED_DENY']]);
      expect(blocked.json['mcp_governance']).toMatchObject({ server_name: 'filesystem', tool_name: 'delete_file', tool_blocked: true });
      const unregistered = await submit(p.url, { mcp_server_name: 'shadow-server' });
      expect([unregistered.status, violations(unregistered)]).toEqual([403, ['MCP_SERVER_UNREGISTERED_DENY']]);
      // The deactivated case without code: one admin call (or the dashboard's button).
      expect((await adminPost(p.url, '/_admin/mcp-servers/filesystem/deactivate', { reason: 'INC-9 review' })).status).toBe(200);
      const deactivated = await submit(p.url, { mcp_server_name: 'filesystem' });
      expect([deactivated.status, violations(deactivated)]).toEqual([403, ['MCP_SERVER_DEACTIVATED_DENY']]);
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 30_000);

  it('without governance flags the banner says what is not checked', async () => {
    const p = await startCli(['--port', '0']);
    try {
      expect(p.stderr()).toContain('  Governance model_id not checked (--compliant-models ID,... to check); no MCP server registered (--mcp-server NAME)');
      expect((await submit(p.url, { model_id: 'anything' })).json).toMatchObject({ decision: 'allowed', model_governance: { registry_checked: false } });
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  }, 30_000);

  it('a bad governance flag exits 2 with the reason', async () => {
    const message = await startCli(['--port', '0', '--block-tool', 'fs:rm']).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(message).toMatch(/exited with 2/);
    expect(message).toContain('ascend-dev: --block-tool fs:rm: no MCP server "fs" is given (add --mcp-server fs)');
  }, 30_000);
});

describe('startDevServer: mcpServers and fake.models', () => {
  it('registers the servers at start (a deactivated one refused with its reason) and checks the options by name', async () => {
    const s = await start({
      mcpServers: [
        { serverName: 'fs', blockedTools: ['delete_file'], displayName: 'Files' },
        { serverName: 'old-fs', active: false, deactivationReason: 'Replaced by fs' },
      ],
    });
    const refused = await submit(s.url, { mcp_server_name: 'old-fs' });
    expect([refused.status, refused.json['mcp_governance']]).toEqual([403, expect.objectContaining({ deactivation_reason: 'Replaced by fs' })]);
    expect(s.fake.listMcpServers().map((x) => [x.serverName, x.isActive, x.blockedTools])).toEqual([
      ['fs', true, ['delete_file']],
      ['old-fs', false, []],
    ]);
    await s.close();
    server = undefined;

    for (const [options, field] of [
      [{ mcpServers: [{ serverName: '' }] }, 'mcpServers[0].serverName'],
      [{ mcpServers: [{ serverName: 'a' }, { serverName: 'a' }] }, 'mcpServers[1].serverName'],
      [{ mcpServers: [{ serverName: 'a', blockedTools: 'x' }] }, 'mcpServers[0].blockedTools'],
      [{ mcpServers: [{ serverName: 'a', toolRiskOverrides: { rm: 101 } }] }, 'mcpServers[0].toolRiskOverrides.rm'],
      [{ mcpServers: [{ serverName: 'a', secret: 'x' }] }, 'mcpServers[0].secret'],
      [{ fake: { models: { 'gpt-4o': 'Approved' } } }, 'fake.models.gpt-4o'],
      [{ fake: { models: ['gpt-4o'] } }, 'fake.models'],
    ] as const) {
      const error = await startDevServer({ port: 0, logger: silentLogger, ...(options as DevServerOptions) }).then(
        async (started) => {
          await started.close();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error, field).toBeInstanceOf(DevServerConfigError);
      expect((error as DevServerConfigError).field).toBe(field);
    }
  });

  it('with --data, a server deactivated in the dashboard stays deactivated when the same options start it again', async () => {
    const dataDir = join(dir, 'data-seed');
    const options = { dataDir, mcpServers: [{ serverName: 'fs' }] };
    let s = await start(options);
    expect((await adminPost(s.url, '/_admin/mcp-servers/fs/deactivate', { reason: 'INC-11', by: 'ciso' })).status).toBe(200);
    await s.close();
    s = await start(options);
    expect(s.fake.listMcpServers().map((x) => [x.serverName, x.isActive, x.deactivationReason])).toEqual([['fs', false, 'INC-11']]);
    expect(violations(await submit(s.url, { mcp_server_name: 'fs' }))).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
  });
});

describe('admin API: governance', () => {
  it('GET /_admin/governance shows the registry, models, topologies, sessions, findings, components, alerts and refusals', async () => {
    const s = await start({ fake: { models: { 'gpt-4o': 'approved', 'legacy-model': 'rejected' } }, mcpServers: [{ serverName: 'fs' }] });
    const admin = adminClient(s.url);
    await protocol(s.url, 'POST', '/api/v1/orchestration/topology', { orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'] });
    await protocol(s.url, 'POST', '/api/v1/orchestration/topology/mcp', { orchestrator_agent_id: 'orch', mcp_server_ids: [1] });
    await submit(s.url, { action_type: 'database.query', resource: 'db', orchestration_session_id: 'sess-1' });
    await submit(s.url, { action_type: 'database.drop', resource: 'db', orchestration_session_id: 'sess-1' });
    await protocol(s.url, 'POST', '/api/v1/output-filter/scan', { content: 'card 4111 1111 1111 1111', agent_id: 'bot' });
    await protocol(s.url, 'POST', '/api/v1/supply-chain/components', {
      component_id: 'model-gpt4o',
      component_name: 'GPT-4o',
      component_type: 'model',
      provenance_verified: true,
      risk_level: 'low',
    });
    await submit(s.url, { model_id: 'legacy-model' });

    const g = await admin.get<GovernanceView>('/_admin/governance');
    expect(g.mcp_servers).toEqual([expect.objectContaining({ id: 1, server_name: 'fs', is_active: true, health: 'healthy', blocked_tools: [] })]);
    expect(g.models).toEqual({
      checked: true,
      models: [
        { model_id: 'gpt-4o', compliance_status: 'approved', compliant: true },
        { model_id: 'legacy-model', compliance_status: 'rejected', compliant: false },
      ],
    });
    expect(g.topologies).toEqual([expect.objectContaining({ orchestrator_agent_id: 'orch', worker_agent_ids: ['w1', 'w2'], mcp_server_ids: [1] })]);
    const risk = await protocol(s.url, 'GET', '/api/v1/orchestration/sessions/sess-1/risk');
    expect(g.sessions).toEqual([
      expect.objectContaining({ session_id: 'sess-1', action_count: 2, denied_count: 1, cumulative_risk_score: risk.json['cumulative_risk_score'] }),
    ]);
    expect(g.sessions_total).toBe(1);
    expect(g.findings).toEqual([expect.objectContaining({ category: 'pci', severity: 'critical', pattern: 'credit_card', agent_id: 'bot' })]);
    expect(g.components).toEqual([expect.objectContaining({ component_id: 'model-gpt4o', component_type: 'model' })]);
    // database.drop is denied with risk 95: a high-risk alert, as GET /api/alerts lists it.
    const alerts = (await protocol(s.url, 'GET', '/api/alerts')).json as unknown as Array<{ id: string }>;
    expect(g.alerts.map((a) => a.id)).toEqual(alerts.map((a) => a.id));
    expect(g.alerts[0]).toMatchObject({ action_type: 'database.drop', severity: 'critical' });
    expect(g.refusals).toEqual([expect.objectContaining({ code: 'MODEL_NON_COMPLIANT_DENY', subject: 'legacy-model' })]);
    // The dashboard's one round trip carries the same.
    expect((await admin.dashboard()).governance).toEqual(await admin.get<GovernanceView>('/_admin/governance'));
  });

  it('registers, deactivates, activates, blocks and unblocks; each changes what the next submit answers', async () => {
    const s = await start();
    const post = (path: string, body: unknown) => adminPost(s.url, path, body);
    const created = await post('/_admin/mcp-servers', { server_name: 'fs', blocked_tools: ['delete_file', ' delete_file '], by: 'ciso' });
    expect(created.status).toBe(201);
    expect(created.json['server']).toMatchObject({ server_name: 'fs', blocked_tools: ['delete_file'] });
    expect((await post('/_admin/mcp-servers', { server_name: 'fs' })).status).toBe(409);
    expect((await post('/_admin/mcp-servers', {})).status).toBe(422);
    expect((await post('/_admin/mcp-servers', { server_name: 'x', blocked_tools: 'rm' })).status).toBe(422);

    const tool = (name: string) => ({ mcp_server_name: 'fs', action_details: { tool_name: name } });
    expect(violations(await submit(s.url, tool('delete_file')))).toEqual(['MCP_TOOL_BLOCKED_DENY']);
    expect((await post('/_admin/mcp-servers/fs/block-tool', { tool: 'write_file' })).json['server']).toMatchObject({
      blocked_tools: ['delete_file', 'write_file'],
    });
    expect(violations(await submit(s.url, tool('write_file')))).toEqual(['MCP_TOOL_BLOCKED_DENY']);
    await post('/_admin/mcp-servers/fs/unblock-tool', { tool: 'delete_file' });
    expect((await submit(s.url, tool('delete_file'))).status).toBe(200);

    const off = await post('/_admin/mcp-servers/fs/deactivate', { reason: 'INC-12', by: 'ciso@corp.example' });
    expect(off.json['server']).toMatchObject({ is_active: false, health: 'inactive', deactivation_reason: 'INC-12' });
    expect(violations(await submit(s.url, tool('read_file')))).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
    await post('/_admin/mcp-servers/fs/activate', {});
    expect((await submit(s.url, tool('read_file'))).status).toBe(200);
    // The protocol's registry shows what the dashboard did, and the audit log who did it.
    const listed = await protocol(s.url, 'GET', '/api/registry/mcp-servers/fs');
    expect(listed.json['server']).toMatchObject({ is_active: true, blocked_tools: ['write_file'] });
    expect(s.fake.auditLog.filter((e) => e.eventType === 'MCP_SERVER_DEACTIVATED').map((e) => e.actor)).toEqual(['ciso@corp.example']);

    expect((await post('/_admin/mcp-servers/nope/deactivate', {})).status).toBe(404);
    expect((await post('/_admin/mcp-servers/fs/block-tool', {})).status).toBe(422);
    expect((await post('/_admin/mcp-servers/fs/block-tool', { tool: 7 })).status).toBe(422);
  });

  it('tells the open dashboards about a registry change made through the protocol (SSE topic governance)', async () => {
    const s = await start();
    const controller = new AbortController();
    const res = await fetch(`${s.url}/_admin/events`, { signal: controller.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
    };
    await until('event: hello');
    await protocol(s.url, 'POST', '/api/registry/mcp-servers', { server_name: 'fs', transport_type: 'stdio', governance_enabled: true });
    await until('event: change');
    const data = /event: change\ndata: (.*)\n/.exec(text)![1]!;
    expect((JSON.parse(data) as { topics: string[] }).topics).toEqual(expect.arrayContaining(['governance', 'audit']));
    controller.abort();
  });

  it('keeps the admin guards: a foreign Origin or a form post cannot deactivate a server', async () => {
    const s = await start({ mcpServers: [{ serverName: 'fs' }] });
    expect((await adminPost(s.url, '/_admin/mcp-servers/fs/deactivate', {}, { origin: 'https://evil.example' })).status).toBe(403);
    const form = await fetch(`${s.url}/_admin/mcp-servers/fs/deactivate`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=x',
    });
    expect(form.status).toBe(415);
    expect(s.fake.listMcpServers()[0]!.isActive).toBe(true);
  });

  it('a hostile server name round-trips as data: JSON only, never in the page, addressable by its encoded path', async () => {
    const s = await start();
    const hostile = `<img src=x onerror="window.__pwned=1">/</script><script>alert(1)</script>&amp;'"`;
    const created = await protocol(s.url, 'POST', '/api/registry/mcp-servers', { server_name: hostile, transport_type: 'stdio', governance_enabled: true });
    expect(created.status).toBe(201);

    const page = await fetch(`${s.url}/`);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'(;|$)/);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('__pwned');

    const res = await fetch(`${s.url}/_admin/governance`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const g = (await res.json()) as GovernanceView;
    expect(g.mcp_servers.map((x) => x.server_name)).toEqual([hostile]);

    const off = await adminPost(s.url, `/_admin/mcp-servers/${encodeURIComponent(hostile)}/deactivate`, { reason: '<b>bold</b>' });
    expect(off.status).toBe(200);
    expect((off.json['server'] as McpServerView).server_name).toBe(hostile);
    expect(violations(await submit(s.url, { mcp_server_name: hostile }))).toEqual(['MCP_SERVER_DEACTIVATED_DENY']);
  });
});
