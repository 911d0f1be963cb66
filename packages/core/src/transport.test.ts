/**
 * Transport details the scenario tests do not cover: redirects (same origin only, bounded,
 * credentials never sent elsewhere), empty bodies, and Retry-After bookkeeping.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError, ServerError } from './errors.js';
import { retryAfterMsOf } from './transport.js';
import { API_KEY, rejection, scenario } from './test-support/scenario.js';
import { createTestServer, reply } from './test-support/test-server.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const redirect = (location: string, status = 307) => new Response(null, { status, headers: { Location: location } });

describe('redirects', () => {
  it('follows a same-origin redirect with the same method, headers and body', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('POST', '/api/v1/supply-chain/components', () => redirect('/api/v2/components'));
    server.route('POST', '/api/v2/components', () => reply.json({ success: true }));
    await expect(
      time.runUntilSettled(client.registerSupplyChainComponent({ componentId: 'c', componentName: 'n', componentType: 'library' })),
    ).resolves.toEqual({ success: true });
    const [first, second] = server.requests;
    expect(second).toMatchObject({ method: 'POST', path: '/api/v2/components', body: first!.body });
    expect(second!.headers['x-api-key']).toBe(API_KEY);
    expect(second!.headers['idempotency-key']).toBe(first!.headers['idempotency-key']);
  });

  it('refuses a redirect to another host, sending it nothing', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('GET', '/health', () => redirect('https://elsewhere.test/collect', 302));
    const error = await time.runUntilSettled(rejection(client.health()));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 302, message: expect.stringContaining('another host') });
    expect(server.requests).toHaveLength(1);
  });

  it('stops after 3 redirects', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('GET', /^\/hop/, (r) => redirect(`/hop${Number(r.path.slice(4) || 0) + 1}`));
    server.route('GET', '/health', () => redirect('/hop1'));
    const error = await time.runUntilSettled(rejection(client.health()));
    expect(error).toMatchObject({ code: 'HTTP_ERROR', message: 'Too many redirects' });
    expect(server.requests).toHaveLength(4);
  });
});

describe('bodies', () => {
  it('an empty 2xx body is fine where no fields are read (e.g. 204 on delete)', async () => {
    const { client, time } = scenario(server.baseUrl);
    server.route('DELETE', '/api/webhooks/wh-1', () => new Response(null, { status: 204 }));
    await expect(time.runUntilSettled(client.deleteWebhook('wh-1'))).resolves.toBeUndefined();
  });
});

describe('retryAfterMsOf', () => {
  it('reads RateLimitError.retryAfterMs, and a 5xx Retry-After kept beside the error', async () => {
    expect(retryAfterMsOf(new RateLimitError('slow down', { retryAfterMs: 1500 }))).toBe(1500);
    expect(retryAfterMsOf(new ServerError(503))).toBeUndefined();
    expect(retryAfterMsOf(new Error('x'))).toBeUndefined();
    const { client, time } = scenario(server.baseUrl, { retry: { maxRetries: 0 } });
    server.route('GET', '/health', () => reply.status(503, { 'Retry-After': '9' }));
    const error = await time.runUntilSettled(rejection(client.health()));
    expect(retryAfterMsOf(error)).toBe(9000);
  });
});
