/**
 * `@ascend/browser/compat`: the vendor's documented client on the web runtime, over msw. The
 * full replay of the vendor's README runs in examples/vendor-node-docs (Node); this checks the
 * web binding: fetch + WebCrypto underneath, the vendor's shapes on top.
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AscendClient, ConnectionError, Decision, FailMode, mcpGovernance } from './compat.js';

const BASE = 'https://compat-web.test';
const bodies: Array<{ path: string; body: unknown }> = [];
let submit: () => Response = () => HttpResponse.json({ action_id: 21, decision: 'allowed', risk_score: 10 });
const server = setupServer(
  http.post(`${BASE}/api/v1/actions/submit`, async ({ request }) => {
    bodies.push({ path: '/api/v1/actions/submit', body: await request.json() });
    return submit();
  }),
  http.post(`${BASE}/api/agent-action/:id/complete`, async ({ request, params }) => {
    bodies.push({ path: `/api/agent-action/${String(params['id'])}/complete`, body: await request.json() });
    return HttpResponse.json({ success: true });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  bodies.length = 0;
  submit = () => HttpResponse.json({ action_id: 21, decision: 'allowed', risk_score: 10 });
});
afterAll(() => server.close());

const silence = { logLevel: 'ERROR' as const };

describe('@ascend/browser/compat AscendClient', () => {
  it('evaluates and reports with the positional signature', async () => {
    const client = new AscendClient({
      apiKey: 'owkai_web_key',
      agentId: 'web-agent',
      agentName: 'Web Agent',
      apiUrl: BASE,
      failMode: FailMode.CLOSED,
      ...silence,
    });
    const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db', parameters: { q: 1 }, riskLevel: 'LOW' });
    expect(decision).toMatchObject({ decision: Decision.ALLOWED, actionId: '21', riskScore: 10, policyViolations: [], metadata: {} });
    await expect(client.logActionCompleted(decision.actionId, { rowsReturned: 2 }, 150)).resolves.toMatchObject({ actionId: '21', status: 'completed' });
    expect(bodies[0]!.body).toMatchObject({ agent_id: 'web-agent', action_details: { q: 1 }, context: { risk_level: 'low' } });
    expect(bodies[1]).toMatchObject({
      path: '/api/agent-action/21/complete',
      body: { duration_ms: 150, result: { success: true, data: { rowsReturned: 2 } } },
    });
    await client.close();
  });

  it('fails closed with ConnectionError, and open with metadata.failOpen', async () => {
    submit = () => HttpResponse.error();
    const closed = new AscendClient({ apiKey: 'k', agentId: 'a', agentName: 'A', apiUrl: BASE, maxRetries: 0, ...silence });
    await expect(closed.evaluateAction({ actionType: 'x.y', resource: 'r' })).rejects.toBeInstanceOf(ConnectionError);
    const open = new AscendClient({ apiKey: 'k', agentId: 'a', agentName: 'A', apiUrl: BASE, maxRetries: 0, failMode: FailMode.OPEN, ...silence });
    const d = await open.evaluateAction({ actionType: 'x.y', resource: 'r' });
    expect(d).toMatchObject({ decision: 'allowed', conditions: ['fail_open_mode'], metadata: { failOpen: true } });
    await Promise.all([closed.close(), open.close()]);
  });

  it('the MCP wrapper never runs a denied function', async () => {
    submit = () => HttpResponse.json({ action_id: 22, decision: 'denied', reason: 'No', policy_violations: ['P-1'] });
    const client = new AscendClient({ apiKey: 'k', agentId: 'a', agentName: 'A', apiUrl: BASE, ...silence });
    let ran = false;
    const tool = mcpGovernance(client, { actionType: 'file.write', resource: '/etc' })(async (path: string) => (ran = path.length > 0));
    await expect(tool('/etc/passwd')).rejects.toMatchObject({ name: 'AuthorizationError', policyViolations: ['P-1'] });
    expect(ran).toBe(false);
    await client.close();
  });
});

describe('@ascend/browser/compat v1 faces', () => {
  it("OWKAIClient submits on the web client with the action's own agent; approveAction never reaches the service", async () => {
    const { OWKAIClient, AuthorizationError } = await import('./compat.js');
    const client = new OWKAIClient({ apiKey: 'owkai_web_key', apiUrl: BASE });
    const decision = await client.submitAction({ agentId: 'web-v1', agentName: 'Web V1', actionType: 'query', resource: 'db' });
    expect(decision).toMatchObject({ actionId: '21', decision: 'approved', executionAllowed: true });
    expect(bodies).toEqual([
      { path: '/api/v1/actions/submit', body: expect.objectContaining({ agent_id: 'web-v1', agent_name: 'Web V1', action_type: 'query' }) },
    ]);
    await expect(client.approveAction('21')).rejects.toBeInstanceOf(AuthorizationError);
    expect(bodies).toHaveLength(1);
    await client.close();
  });

  it('the docs site client (default export of ./compat/rest-client) reads no environment on the web', async () => {
    const { default: RestClient } = await import('./compat-rest-client.js');
    expect(() => new RestClient()).toThrowError(expect.objectContaining({ name: 'ValidationError', fieldErrors: { apiKey: expect.any(String) } }));
    const client = new RestClient({ apiKey: 'owkai_web_key', baseUrl: BASE });
    expect(await client.submitAction({ agent_id: 'w', agent_name: 'W', action_type: 'query', resource: 'db' })).toMatchObject({
      id: 21,
      status: 'approved',
      decision: 'approved',
    });
    submit = () => HttpResponse.json({ detail: 'Invalid API key' }, { status: 401 });
    await expect(client.submitAction({ agent_id: 'w', agent_name: 'W', action_type: 'query', resource: 'db' })).rejects.toMatchObject({
      name: 'AuthenticationError',
      isAxiosError: true,
      response: { status: 401, data: { detail: 'Invalid API key' } },
    });
    await client.close();
  });
});
