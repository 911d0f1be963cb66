/**
 * A client without agentId warns once, at its first action, that actions are recorded under
 * agent id "unknown" (decision 022); a client with an agentId never warns.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_AGENT_ID_WARNING } from './agent-identity.js';
import { BASE_URL, captureLogger, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

const ALLOWED = { id: 7, status: 'approved', decision: 'allowed', risk_score: 10 };
const QUERY = { actionType: 'database.query', resource: 'db' };
const warnings = (logger: ReturnType<typeof captureLogger>) => logger.records.filter((r) => r.message === MISSING_AGENT_ID_WARNING);

describe('a missing agentId', () => {
  it('warns once per client, at the first action, and the action is still sent (as agent "unknown")', async () => {
    const logger = captureLogger();
    const client = testClient({ agentId: undefined, agentName: undefined, logger, logLevel: 'warn' }, { env: () => undefined });
    expect(warnings(logger)).toEqual([]); // constructing is not acting
    recorder.otherwise(() => json(ALLOWED));
    await client.evaluateAction(QUERY);
    await client.submitAction(QUERY);
    await client.evaluateActions([QUERY, QUERY]);
    expect(warnings(logger)).toHaveLength(1);
    expect(warnings(logger)[0]).toMatchObject({ level: 'warn', fields: { field: 'agentId' } });
    expect(recorder.requests.map((r) => (JSON.parse(r.text) as { agent_id?: unknown }).agent_id)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);

    // Another client without agentId warns for itself.
    const other = testClient({ agentId: undefined, agentName: undefined, logger, logLevel: 'warn' }, { env: () => undefined });
    await other.evaluateAction(QUERY);
    expect(warnings(logger)).toHaveLength(2);
    await Promise.all([client.close(), other.close()]);
  });

  it('does not warn when agentId is set, by option or by ASCEND_AGENT_ID', async () => {
    const logger = captureLogger();
    recorder.otherwise(() => json(ALLOWED));
    const byOption = testClient({ agentId: 'refund-bot', logger, logLevel: 'debug' });
    const byEnv = testClient(
      { agentId: undefined, logger, logLevel: 'debug' },
      { env: (name: string) => (name === 'ASCEND_AGENT_ID' ? 'env-bot' : undefined) },
    );
    await byOption.evaluateAction(QUERY);
    await byEnv.evaluateAction(QUERY);
    expect(warnings(logger)).toEqual([]);
    expect(recorder.requests.map((r) => (JSON.parse(r.text) as { agent_id?: unknown }).agent_id)).toEqual(['refund-bot', 'env-bot']);
    await Promise.all([byOption.close(), byEnv.close()]);
  });
});
