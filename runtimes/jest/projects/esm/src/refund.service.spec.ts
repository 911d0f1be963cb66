// A Jest suite in ESM mode (ts-jest with useESM, Node's --experimental-vm-modules): the packages
// load as the ES modules they are, with no transform of ours.
import { jest } from '@jest/globals';
import { AscendClient, GovernanceUnavailableError, unavailableCause } from '@ascend/node';
import { createFakeAscend, createFakeFetch, DEFAULT_API_KEY, MockAscendClient } from '@ascend/testing';
import { RefundService } from './refund.service.js';

describe('RefundService (ESM)', () => {
  it('is governed through MockAscendClient', async () => {
    const ascend = new MockAscendClient({ agentId: 'refund-bot' });
    const onDecision = jest.fn();
    ascend.decideWith((request) => {
      onDecision(request.actionType);
      return undefined;
    });
    await expect(new RefundService(ascend).refund('ord_1', 50)).resolves.toBe('refunded');
    ascend.decide('financial.refund', 'denied');
    await expect(new RefundService(ascend).refund('ord_2', 50)).resolves.toBe('refused');
    expect(onDecision).toHaveBeenCalledWith('financial.refund');
    ascend.setServiceDown(true, 'server-error');
    const error: unknown = await new RefundService(ascend).refund('ord_3', 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceUnavailableError);
    expect(unavailableCause(error)?.kind).toBe('server_error');
    await ascend.close();
  });

  it('runs the real client against the in-memory fake', async () => {
    const fake = createFakeAscend();
    const client = new AscendClient({
      baseUrl: 'https://ascend.test',
      apiKey: DEFAULT_API_KEY,
      agentId: 'refund-bot',
      fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }),
      retry: { maxRetries: 0 },
    });
    try {
      await expect(new RefundService(client).refund('ord_4', 40)).resolves.toBe('refunded');
      expect(fake.snapshot().actions.map((a) => a.decision)).toEqual(['allowed']);
    } finally {
      await client.close();
    }
  });
});
