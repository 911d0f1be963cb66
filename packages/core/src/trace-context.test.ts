/**
 * The `traceContext` option: the W3C `traceparent` of the caller's span on every request to
 * ASCEND, read when the request is prepared; bad values and throwing hooks add nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from './errors.js';
import { API_KEY, scenario } from './test-support/scenario.js';
import { createTestServer, reply } from './test-support/test-server.js';
import { AscendClient } from './client.js';
import { testPort } from './test-support/test-port.js';
import { FakeTime } from './test-support/fake-time.js';

const server = createTestServer();
beforeAll(() => server.listen());
afterEach(() => server.reset());
afterAll(() => server.close());

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const allow = () => reply.json({ action_id: '7', status: 'approved', decision: 'allowed', risk_score: 10 });

describe('traceContext', () => {
  it('sends the traceparent the hook returns, read for each request in the caller’s turn, with the signature unchanged', async () => {
    let current = PARENT;
    const { client, time } = scenario(server.baseUrl, { traceContext: () => ({ traceparent: current }) });
    server.route('POST', '/api/v1/actions/submit', allow);
    await time.runUntilSettled(client.evaluateAction({ actionType: 'a.b', resource: 'r' }));
    current = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00';
    await time.runUntilSettled(client.evaluateAction({ actionType: 'a.b', resource: 'r' }));
    const [first, second] = server.requests;
    expect(first!.headers['traceparent']).toBe(PARENT);
    expect(second!.headers['traceparent']).toBe(current);
    expect(first!.headers['x-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(first!.headers['x-api-key']).toBe(API_KEY);
  });

  it('adds nothing for no span, a malformed value, a header injection or a throwing hook', async () => {
    const values: Array<() => { traceparent?: string } | undefined> = [
      () => undefined,
      () => ({}),
      () => ({ traceparent: 'not-a-traceparent' }),
      () => ({ traceparent: `${PARENT}\r\nX-API-Key: stolen` }),
      () => ({ traceparent: PARENT.toUpperCase() }),
      () => {
        throw new Error('tracer broke');
      },
    ];
    server.route('POST', '/api/v1/actions/submit', allow);
    for (const traceContext of values) {
      const { client, time } = scenario(server.baseUrl, { traceContext });
      await expect(time.runUntilSettled(client.evaluateAction({ actionType: 'a.b', resource: 'r' }))).resolves.toMatchObject({ decision: 'allowed' });
    }
    expect(server.requests).toHaveLength(values.length);
    for (const request of server.requests) expect(request.headers['traceparent']).toBeUndefined();
  });

  it('is refused at construction when it is not a function', () => {
    const build = () => new AscendClient({ apiKey: API_KEY, traceContext: 'yes' as never }, testPort(new FakeTime()));
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/traceContext/);
  });
});
