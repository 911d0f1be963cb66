/**
 * Responses that leave fields out: the client fills them from what the caller asked for instead
 * of inventing defaults (audit paging, webhook updates).
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BASE_URL, testClient } from './test-support/harness.js';
import { json, WireRecorder } from './test-support/wire-recorder.js';

const recorder = new WireRecorder();
const server = setupServer(recorder.handler(BASE_URL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => recorder.reset());
afterAll(() => server.close());

describe('audit log paging', () => {
  it('derives page and page size from the request when the service omits them', async () => {
    recorder.reply(json({ events: [{ event_id: 'ev-1', event_type: 'action.submitted', timestamp: '2026-04-17T12:00:00Z' }] }));
    const page = await testClient().getAuditLogs({ limit: 10, offset: 20 });
    expect(recorder.only().query).toEqual({ limit: '10', offset: '20' });
    expect(page).toMatchObject({ page: 3, pageSize: 10, total: 1 });
  });

  it('keeps the service’s own paging when it sends it', async () => {
    recorder.reply(json({ events: [], total: 7, page: 2, page_size: 5 }));
    expect(await testClient().getAuditLogs({ limit: 10, offset: 20 })).toMatchObject({ page: 2, pageSize: 5, total: 7 });
  });
});

describe('webhook update', () => {
  it('fills id, url and events from the update when the service answers only success', async () => {
    recorder.reply(json({ success: true }));
    const hook = await testClient().updateWebhook('wh_9', { url: 'https://hooks.example/a', events: ['action.approved'] });
    expect(hook).toEqual({ webhookId: 'wh_9', url: 'https://hooks.example/a', events: ['action.approved'], active: true, createdAt: undefined });
  });

  it('prefers what the service reports, and ignores nulls', async () => {
    recorder.reply(json({ webhook: { id: 12, url: 'https://hooks.example/b', events: null, active: false } }));
    const hook = await testClient().updateWebhook('12', { events: ['action.denied'] });
    expect(hook).toMatchObject({ webhookId: '12', url: 'https://hooks.example/b', events: ['action.denied'], active: false });
  });
});
