/**
 * Reports about fail-open actions: the synthetic action id exists only in this process, so the
 * report stays in the local log and nothing is sent (the service would refuse it, and a spooled
 * copy would be replayed only to be dropped).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, captureLogger, testClient } from './test-support/harness.js';
import { WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

describe('reports of fail-open actions', () => {
  it('are logged locally with their content and never sent', async () => {
    const logger = captureLogger();
    const client = testClient({ failMode: 'open', logger, logLevel: 'warn' });
    recorder.reply(() => Response.error());
    const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'db' });
    expect(decision.failOpen).toBeDefined();
    expect(decision.actionId.startsWith('fail_open_')).toBe(true);
    const sentBefore = recorder.requests.length;

    const receipt = await client.logActionCompleted(decision.actionId, { result: { rows: 2 }, durationMs: 0 });
    expect(receipt).toEqual({ delivered: false, spooled: false, error: undefined, local: true });
    const failed = await client.logActionFailed(decision.actionId, { error: 'boom' });
    expect(failed.local).toBe(true);

    expect(recorder.requests.length).toBe(sentBefore);
    expect(client.status().spoolSize).toBe(0);
    const local = logger.records.filter((r) => r.message.startsWith('report of a fail-open action'));
    expect(local.map((r) => r.fields['kind'])).toEqual(['complete', 'fail']);
    expect(local[0]!.fields['report']).toMatchObject({ action_id: decision.actionId, result: { rows: 2 }, duration_ms: 0 });
    await client.close();
  });

  it('does not affect reports of real actions', async () => {
    const client = testClient();
    const receipt = await client.logActionCompleted('5102', { durationMs: 3 });
    expect(receipt).toEqual({ delivered: true, spooled: false, error: undefined });
    expect(recorder.only().path).toBe('/api/agent-action/5102/complete');
    await client.close();
  });
});
