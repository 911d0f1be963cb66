/**
 * The Node adapter end to end over msw: configuration from an injected env or process.env, the
 * node:crypto signer signing exactly the sent bytes, the runtime label.
 */
import { createHmac } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AscendAgentClient, AscendClient, createAscendAgentClient, isAscendError, SDK_VERSION } from './index.js';

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}
const seen: Seen[] = [];
const server = setupServer(
  http.all('https://node-adapter.test/*', async ({ request }) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => (headers[k] = v));
    seen.push({ url: request.url, headers, body: Buffer.from(await request.arrayBuffer()) });
    return HttpResponse.json({ action_id: 11, decision: 'allowed' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
  vi.unstubAllEnvs();
});
afterAll(() => server.close());

const quiet = { logger: { log() {} }, retry: { maxRetries: 0 } };

describe('@ascend/node AscendClient', () => {
  it('reads configuration from the injected env, not process.env', async () => {
    vi.stubEnv('ASCEND_API_KEY', 'process-key');
    const client = new AscendClient({
      ...quiet,
      env: { ASCEND_API_KEY: '', OWKAI_API_KEY: 'owk-key', ASCEND_API_URL: 'https://node-adapter.test', ASCEND_AGENT_ID: 'env-agent' },
    });
    expect(client.agentId).toBe('env-agent');
    await client.health();
    expect(seen[0]!.headers['x-api-key']).toBe('owk-key');
    await client.close();
  });

  it('reads process.env by default', async () => {
    vi.stubEnv('ASCEND_API_KEY', 'process-key');
    vi.stubEnv('ASCEND_API_URL', 'https://node-adapter.test');
    vi.stubEnv('ASCEND_AGENT_ID', '');
    const client = new AscendClient(quiet);
    await client.health();
    expect(seen[0]!.url).toBe('https://node-adapter.test/health');
    expect(seen[0]!.headers['x-api-key']).toBe('process-key');
    expect(client.agentId).toBeUndefined();
    await client.close();
  });

  it('fails construction without a key, naming the option and variables', () => {
    vi.stubEnv('ASCEND_API_KEY', '');
    vi.stubEnv('OWKAI_API_KEY', '');
    let error: unknown;
    try {
      new AscendClient({ ...quiet, env: {} });
    } catch (e) {
      error = e;
    }
    expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe('apiKey');
  });

  it('signs with node:crypto over exactly the bytes sent, labels the runtime', async () => {
    const client = new AscendClient({ ...quiet, apiKey: 'k-1', baseUrl: 'https://node-adapter.test', agentId: 'a', signingSecret: 'node-secret' });
    await client.submitAction({ actionType: 'a.b', resource: 'r', parameters: { note: 'café' } });
    const req = seen[0]!;
    expect(req.body.toString('utf8')).toBe(
      '{"action_details": {"note": "caf\\u00e9"}, "action_type": "a.b", "agent_id": "a", "agent_name": "a", "resource": "r"}',
    );
    const mac = createHmac('sha256', 'node-secret').update(`${req.headers['x-request-timestamp']}.`).update(req.body).digest('hex');
    expect(req.headers['x-signature']).toBe(`v1=${mac}`);
    expect(req.headers['user-agent']).toBe(`ascend-sdk-ts/${SDK_VERSION} (node/${process.versions.node})`);
    expect(req.headers['x-correlation-id']).toMatch(/^asc_[0-9a-f]{16}$/);
    await client.close();
  });
});

describe('@ascend/node AscendAgentClient', () => {
  it('injects the same Node port: injected env, node:crypto signature over the sent bytes', async () => {
    const client = new AscendAgentClient({
      ...quiet,
      env: { ASCEND_API_KEY: 'k-3', ASCEND_API_URL: 'https://node-adapter.test', ASCEND_AGENT_ID: 'lean' },
      signingSecret: 'node-secret',
    });
    expect(client.agentId).toBe('lean');
    expect('register' in client).toBe(false);
    const decision = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
    expect(decision.decision).toBe('allowed');
    const req = seen[0]!;
    expect(req.headers['x-api-key']).toBe('k-3');
    const expected = createHmac('sha256', 'node-secret').update(`${req.headers['x-request-timestamp']}.`).update(req.body).digest('hex');
    expect(req.headers['x-signature']).toBe(`v1=${expected}`);
    expect(req.headers['user-agent']).toContain(`ascend-sdk-ts/${SDK_VERSION} (node`);
    await client.close();
  });

  it('logs to stderr as JSON lines by default, like AscendClient', async () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const client = createAscendAgentClient({ apiKey: 'k', baseUrl: 'https://node-adapter.test', logLevel: 'info', retry: { maxRetries: 0 } });
      expect(client).toBeInstanceOf(AscendAgentClient);
      await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
      await client.close();
      expect(write.mock.calls.some(([line]) => String(line).includes('"message":"decision"'))).toBe(true);
    } finally {
      write.mockRestore();
    }
  });
});
