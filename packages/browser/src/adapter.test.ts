/**
 * The web adapter end to end over msw: configuration only from the given env object (never a
 * global), the WebCrypto signer signing exactly the sent bytes, the runtime label.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AscendAgentClient, AscendClient, createAscendAgentClient, isAscendError, SDK_VERSION } from './index.js';

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: Uint8Array;
}
const seen: Seen[] = [];
const server = setupServer(
  http.all('https://web-adapter.test/*', async ({ request }) => {
    const headers: Record<string, string> = {};
    request.headers.forEach((v, k) => (headers[k] = v));
    seen.push({ url: request.url, headers, body: new Uint8Array(await request.arrayBuffer()) });
    return HttpResponse.json({ action_id: 11, decision: 'allowed' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => void (seen.length = 0));
afterAll(() => server.close());

const quiet = { logger: { log() {} }, retry: { maxRetries: 0 } };

async function hmacHex(secret: string, data: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, data));
  return Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('@ascend/browser AscendClient', () => {
  it('reads configuration from the env object only; non-string values are ignored', async () => {
    const client = new AscendClient({
      ...quiet,
      env: { ASCEND_API_KEY: 42, OWKAI_API_KEY: 'owk-key', ASCEND_API_URL: 'https://web-adapter.test', ASCEND_AGENT_ID: 'w-agent' },
    });
    expect(client.agentId).toBe('w-agent');
    await client.health();
    expect(seen[0]!.headers['x-api-key']).toBe('owk-key');
    await client.close();
  });

  it('never falls back to a global environment', () => {
    // Even with a key in the host's globals, no env object means no key.
    const g = globalThis as { process?: { env: Record<string, string | undefined> } };
    const before = g.process?.env['ASCEND_API_KEY'];
    if (g.process) g.process.env['ASCEND_API_KEY'] = 'global-key';
    try {
      let error: unknown;
      try {
        new AscendClient(quiet);
      } catch (e) {
        error = e;
      }
      expect(isAscendError(error, 'CONFIG_ERROR') && error.field).toBe('apiKey');
    } finally {
      if (g.process) {
        if (before === undefined) delete g.process.env['ASCEND_API_KEY'];
        else g.process.env['ASCEND_API_KEY'] = before;
      }
    }
  });

  it('signs with WebCrypto over exactly the bytes sent, labels the runtime', async () => {
    const client = new AscendClient({
      ...quiet,
      apiKey: 'k-1',
      baseUrl: 'https://web-adapter.test',
      agentId: 'a',
      signingSecret: 'web-secret',
      runtime: 'workerd',
    });
    await client.submitAction({ actionType: 'a.b', resource: 'r', parameters: { emoji: '😀' } });
    const req = seen[0]!;
    expect(new TextDecoder().decode(req.body)).toBe(
      '{"action_details": {"emoji": "\\ud83d\\ude00"}, "action_type": "a.b", "agent_id": "a", "agent_name": "a", "resource": "r"}',
    );
    const signed = new Uint8Array([...new TextEncoder().encode(`${req.headers['x-request-timestamp']}.`), ...req.body]);
    expect(req.headers['x-signature']).toBe(`v1=${await hmacHex('web-secret', signed)}`);
    expect(req.headers['user-agent']).toBe(`ascend-sdk-ts/${SDK_VERSION} (workerd)`);
    await client.close();
  });

  it('labels the runtime "web" by default', async () => {
    const client = new AscendClient({ ...quiet, apiKey: 'k-1', baseUrl: 'https://web-adapter.test' });
    await client.health();
    expect(seen[0]!.headers['user-agent']).toBe(`ascend-sdk-ts/${SDK_VERSION} (web)`);
    await client.close();
  });
});

describe('@ascend/browser AscendAgentClient', () => {
  it('injects the same web port: env object only, WebCrypto signature over the sent bytes, runtime label', async () => {
    const client = new AscendAgentClient({
      ...quiet,
      env: { ASCEND_API_KEY: 'k-2', ASCEND_API_URL: 'https://web-adapter.test', ASCEND_AGENT_ID: 'lean' },
      signingSecret: 'web-secret',
      runtime: 'bun',
    });
    expect(client.agentId).toBe('lean');
    expect('health' in client).toBe(false);
    const decision = await client.evaluateAction({ actionType: 'a.b', resource: 'r' });
    expect(decision.decision).toBe('allowed');
    const req = seen[0]!;
    expect(req.headers['x-api-key']).toBe('k-2');
    const signed = new Uint8Array([...new TextEncoder().encode(`${req.headers['x-request-timestamp']}.`), ...req.body]);
    expect(req.headers['x-signature']).toBe(`v1=${await hmacHex('web-secret', signed)}`);
    expect(req.headers['user-agent']).toBe(`ascend-sdk-ts/${SDK_VERSION} (bun)`);
    await client.close();
  });

  it('createAscendAgentClient builds one', async () => {
    const client = createAscendAgentClient({ ...quiet, apiKey: 'k', baseUrl: 'https://web-adapter.test' });
    expect(client).toBeInstanceOf(AscendAgentClient);
    expect(new AscendClient({ ...quiet, apiKey: 'k' }).failMode).toBe(client.failMode);
    await client.close();
  });
});
