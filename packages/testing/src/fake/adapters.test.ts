/** Fetch adapters, base paths, the request recorder, snapshots, options, and runtime hygiene. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { call, ManualClock, pythonHeaders, setupFakeServer } from '../test-support/harness.js';
import { createFakeAscend, createFakeFetch, FakeConfigError, type FakeSnapshot, type StoreChange } from '../index.js';

const server = setupFakeServer();

describe('createFakeFetch and handleFetch (no msw)', () => {
  it('serves requests under the base URL, with the base path stripped', async () => {
    const fake = createFakeAscend();
    const fetch = createFakeFetch(fake, { baseUrl: 'https://gw.example/ascend/' });
    const r = await fetch('https://gw.example/ascend/api/sdk/kill-switch/status', { headers: pythonHeaders() });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ active: false, reason: null, activated_at: null, activated_by: null });
    expect(fake.requests[0]?.path).toBe('/api/sdk/kill-switch/status');
    await expect(fetch('https://elsewhere.example/api/x')).rejects.toThrow(TypeError);
    await expect(fetch('https://gw.example/other/health')).rejects.toThrow(/not served by the fake ASCEND/);
  });

  it('rejects like fetch for outages and hung requests', async () => {
    const fake = createFakeAscend();
    const fetch = createFakeFetch(fake, { baseUrl: 'https://a.test' });
    fake.faults.inject({ kind: 'outage' }, { times: 1 });
    await expect(fetch('https://a.test/health')).rejects.toThrow('fetch failed');
    fake.faults.inject({ kind: 'hang' }, { times: 1 });
    const controller = new AbortController();
    const pending = fetch('https://a.test/health', { signal: controller.signal });
    controller.abort(new Error('client timeout'));
    await expect(pending).rejects.toThrow('client timeout');
  });

  it('handle() takes a plain request with a query in the path', async () => {
    const fake = createFakeAscend();
    const r = await fake.handle({ method: 'get', path: '/api/v1/resource-classifications?resource_type=api', headers: { 'X-API-Key': fake.apiKey } });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body!).total).toBe(2);
    expect(r.operation).toBe('getResourceClassification');
  });
});

describe('msw handlers', () => {
  it('honour a base path and leave the rest of the origin alone', async () => {
    const fake = server.use({}, 'https://gw.example/ascend');
    expect((await call('GET', '/ascend/health', { base: 'https://gw.example' })).status).toBe(200);
    expect(fake.requests.map((r) => r.path)).toEqual(['/health']);
  });

  it('fall through to later handlers for other URLs', async () => {
    const fake = server.use(
      {},
      'https://a.test/ascend',
      http.get('https://b.test/x', () => HttpResponse.json({ b: 1 })),
      http.get('https://a.test/ascendx', () => HttpResponse.json({ a: 1 })),
    );
    expect(await (await fetch('https://b.test/x')).json()).toEqual({ b: 1 });
    expect(await (await fetch('https://a.test/ascendx')).json()).toEqual({ a: 1 });
    expect(await (await fetch('https://a.test/ascend/nope')).json()).toEqual({ detail: 'Not Found' });
    expect(fake.requests.map((r) => r.path)).toEqual(['/nope']);
  });
});

describe('request recorder', () => {
  it('records method, path, query, lower-cased headers, exact bytes and operation', async () => {
    const fake = server.use();
    const body = '{"agent_id": "a", "agent_name": "A", "action_type": "x.query", "resource": "r"}';
    await call('POST', '/api/v1/actions/submit', { body, headers: { 'Idempotency-Key': 'k-1' } });
    await call('GET', '/audit/logs?limit=5&offset=0');
    await call('GET', '/nope');
    const [submit, logs, unknown] = fake.requests;
    expect(submit).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/api/v1/actions/submit',
      query: '',
      body,
      json: { agent_id: 'a', agent_name: 'A', action_type: 'x.query', resource: 'r' },
      operation: 'submitAction',
      idempotencyKey: 'k-1',
      outcome: { kind: 'response', status: 200, fault: null },
    });
    expect(submit?.headers).toMatchObject({ 'x-api-key': 'ascend_dev_local_key', 'x-sdk-version': '2.3.0', 'content-type': 'application/json' });
    expect(logs).toMatchObject({ query: 'limit=5&offset=0', operation: 'getAuditLogs' });
    expect(unknown).toMatchObject({ operation: null, outcome: { kind: 'response', status: 404 } });
    expect(fake.requestsFor('getAuditLogs')).toHaveLength(1);
    fake.clearRequests();
    expect(fake.requests).toEqual([]);
  });

  it('is bounded', async () => {
    const fake = server.use({ limits: { requests: 2 } });
    for (let i = 0; i < 3; i++) await call('GET', '/health');
    expect(fake.requests.map((r) => r.seq)).toEqual([2, 3]);
  });
});

describe('snapshot, restore, reset', () => {
  it('survives a JSON round trip and continues where it stopped', async () => {
    const clock = new ManualClock();
    const fake = server.use({ now: clock.now });
    await call('POST', '/api/registry/agents', {
      body: {
        agent_id: 'a',
        display_name: 'A',
        agent_type: 'supervised',
        environment: 'production',
        capabilities: [],
        allowed_resources: [],
        sdk_version: '2.3.0',
        metadata: {},
      },
    });
    await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 500 } },
      headers: { 'Idempotency-Key': 'k' },
    });
    await call('POST', '/api/webhooks/configure', { body: { url: 'https://h.example', events: [], agent_id: null } });
    fake.setKillSwitch(true, { reason: 'drill' });
    const snapshot = JSON.parse(JSON.stringify(fake.snapshot())) as FakeSnapshot;

    const revived = server.use({ now: clock.now, snapshot });
    expect(revived.listPending()).toHaveLength(1);
    expect(revived.killSwitch).toMatchObject({ active: true, reason: 'drill' });
    const replay = await call('POST', '/api/v1/actions/submit', {
      body: { agent_id: 'a', agent_name: 'A', action_type: 'financial.refund', resource: 'stripe_api', action_details: { amount: 500 } },
      headers: { 'Idempotency-Key': 'k' },
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    revived.approve(1);
    revived.setKillSwitch(false);
    const next = await call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'A', action_type: 'x.query', resource: 'r' } });
    expect(next.json.action_id).toBe(2);
    expect(revived.auditLog.length).toBeGreaterThan(fake.auditLog.length);
    expect(revived.getWebhook('wh_1')?.secret).toBe(fake.getWebhook('wh_1')?.secret);

    revived.reset();
    expect(revived.listActions()).toEqual([]);
    expect(revived.auditLog).toEqual([]);
    expect(() => revived.restore({ ...snapshot, version: 2 } as unknown as FakeSnapshot)).toThrow(FakeConfigError);
  });

  it('emits every state change as a typed change, as the store makes it', async () => {
    const fake = server.use();
    const changes: StoreChange[] = [];
    fake.on('change', (e) => changes.push(e));
    await call('POST', '/api/v1/actions/submit', { body: { agent_id: 'a', agent_name: 'A', action_type: 'x.query', resource: 'r' } });
    fake.setKillSwitch(true);
    expect(changes.map((c) => c.kind)).toEqual(['counters', 'action', 'audit', 'kill-switch', 'audit', 'command', 'audit']);
    // Records are the store's own: the change shows the state as it is now.
    expect(changes[1]).toMatchObject({ kind: 'action', record: { id: 1, decision: 'allowed' } });
    expect(changes.find((c) => c.kind === 'counters')).toMatchObject({ counters: { action: 1 } });
    expect(changes[3]).toMatchObject({ kind: 'kill-switch', record: { active: true } });
    expect(changes.find((c) => c.kind === 'command')).toMatchObject({ record: { commandType: 'BLOCK', issuedVia: 'kill_switch' } });

    changes.length = 0;
    const idem = { 'idempotency-key': 'k-1' };
    await call('POST', '/api/v1/actions/submit', { headers: idem, body: { agent_id: 'a', agent_name: 'A', action_type: 'x.query', resource: 'r' } });
    expect(changes.filter((c) => c.kind === 'idempotency')).toEqual([
      expect.objectContaining({ key: 'k-1', entry: expect.objectContaining({ operation: 'submitAction', replays: 0 }) }),
    ]);
    changes.length = 0;
    fake.reset();
    expect(changes).toEqual([{ kind: 'reset' }]);
    fake.restore(fake.snapshot());
    expect(changes.at(-1)).toEqual({ kind: 'restored' });
  });
});

describe('options', () => {
  it('rejects unknown and invalid options, naming them', () => {
    expect(() => createFakeAscend({ apiKey: 'x' } as never)).toThrow(/^apiKey: unknown option; allowed options are apiKeys, signingSecret/);
    expect(() => createFakeAscend({ approvalTtlMs: -1 })).toThrow('approvalTtlMs: must be a positive number; got -1');
    expect(() => createFakeAscend({ apiKeys: [] })).toThrow("apiKeys: must list at least one key (or be 'any')");
    expect(() => createFakeAscend({ signingSecret: '' })).toThrow('signingSecret: must be a non-empty string');
    expect(() => createFakeAscend({ limits: { audit: 0 } })).toThrow('limits.audit: must be a positive integer; got 0');
    expect(() => createFakeAscend({ deniedSubmitStatus: 401 as never })).toThrow('deniedSubmitStatus: must be 200 or 403');
  });
});

describe('runtime hygiene', () => {
  const srcDir = join(import.meta.dirname, '..');
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? e.name === 'test-support'
          ? []
          : sources(join(dir, e.name))
        : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')
          ? [join(dir, e.name)]
          : [],
    );

  it('uses no node:* modules, Buffer or process in shipped code', () => {
    for (const file of sources(srcDir)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|require\(|\bBuffer\.|\bprocess\./);
    }
  });

  /** Every source file reachable through relative imports from `entry`, and the bare modules each imports. */
  const graph = (entry: string): Map<string, string[]> => {
    const seen = new Map<string, string[]>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      const text = readFileSync(file, 'utf8');
      const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)].map(
        (m) => (m[1] ?? m[2])!,
      );
      seen.set(
        file,
        specifiers.filter((s) => !s.startsWith('.')),
      );
      for (const s of specifiers) if (s.startsWith('.')) visit(join(file, '..', s.replace(/\.js$/, '.ts')));
    };
    visit(join(srcDir, entry));
    return seen;
  };
  const bareImports = (entry: string): string[] => [...new Set([...graph(entry).values()].flat())].sort();

  it('keeps test frameworks and msw out of the main entry and the conformance suite', () => {
    // ky sends `deliverOutbox`'s webhook deliveries: a runtime dependency (fetch-based, no Node built-ins), not a test framework.
    expect(bareImports('index.ts')).toEqual(['@ascend/core', '@ascend/core/internal', 'ky']);
    expect(bareImports('conformance.ts')).toEqual(['@ascend/core', '@ascend/core/internal']);
    expect(bareImports('msw.ts')).toEqual(['@ascend/core', '@ascend/core/internal', 'msw']);
    // The vitest subpath loads msw lazily (dynamic import), so matcher-only users need not install it.
    expect(bareImports('vitest.ts')).toEqual(['@ascend/core', '@ascend/core/internal', 'msw', 'msw/node', 'vitest']);
    const vitestSource = readFileSync(join(srcDir, 'vitest.ts'), 'utf8');
    expect(vitestSource.match(/^import .*from 'msw(\/node)?';$/gm)).toEqual([
      "import type { RequestHandler } from 'msw';",
      "import type { SetupServer } from 'msw/node';",
    ]);
  });
});
