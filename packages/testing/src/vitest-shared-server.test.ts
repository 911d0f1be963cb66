/** setupAscend on a user's own msw server: the fake's handlers are added per test, the user's stay. */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { setupAscend } from './vitest.js';

const server = setupServer(http.get('https://crm.example/customers/:id', ({ params }) => HttpResponse.json({ id: params['id'], name: 'John Doe' })));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ascend = setupAscend({ server, baseUrl: 'https://governance.internal/ascend' });

it('serves ASCEND under a base path next to the user’s own handlers', async () => {
  const decision = await ascend.createClient().evaluateAction({ actionType: 'customer.lookup', resource: 'customer_db' });
  expect(decision.decision).toBe('allowed');
  expect(await (await fetch('https://crm.example/customers/c1')).json()).toEqual({ id: 'c1', name: 'John Doe' });
  expect(ascend.server).toBe(server);
});

it('re-installs the fake’s handlers after the user reset the server', async () => {
  expect((await ascend.createClient().testConnection()).connected).toBe(true);
  expect(ascend.fake.requestsFor('health')).toHaveLength(1);
});
