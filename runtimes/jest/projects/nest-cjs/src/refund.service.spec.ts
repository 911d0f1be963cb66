// A Jest suite in the shape NestJS scaffolds (ts-jest, CommonJS): MockAscendClient, the fake
// service behind a real @ascend/node client, and one class identity across the packages.
import { AscendClient, GovernanceUnavailableError, isAscendError } from '@ascend/node';
import { createFakeAscend, createFakeFetch, DEFAULT_API_KEY, MockAscendClient } from '@ascend/testing';
import { RefundService } from './refund.service';

describe('RefundService with MockAscendClient', () => {
  let ascend: MockAscendClient;
  beforeEach(() => {
    ascend = new MockAscendClient({ agentId: 'refund-bot' });
  });
  afterEach(() => ascend.close());

  it('refunds when allowed and reports the completion', async () => {
    await expect(new RefundService(ascend).refund('ord_1', 50)).resolves.toBe('refunded');
    expect(ascend.callsTo('evaluateAction')[0]?.args[0].parameters).toEqual({ order_id: 'ord_1', amount: 50 });
    expect(ascend.executions).toHaveLength(1);
  });

  it('refuses when denied, and waits when a human must approve', async () => {
    ascend.decide('financial.refund', 'denied', { reason: 'limit' });
    await expect(new RefundService(ascend).refund('ord_2', 5000)).resolves.toBe('refused');
    ascend.decide('financial.refund', 'pending');
    await expect(new RefundService(ascend).refund('ord_3', 500)).resolves.toBe('waiting');
    expect(ascend.executions).toHaveLength(0);
  });

  it('fails closed in an outage, with the error class of @ascend/node (one class identity)', async () => {
    ascend.setServiceDown(true, 'network');
    const error: unknown = await new RefundService(ascend).refund('ord_4', 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GovernanceUnavailableError);
    expect(isAscendError(error, 'GOVERNANCE_UNAVAILABLE')).toBe(true);
  });
});

describe('RefundService with the real client against the in-memory fake', () => {
  it('is governed by the fake policy: small refunds allowed, large ones pending', async () => {
    const fake = createFakeAscend();
    const client = new AscendClient({
      baseUrl: 'https://ascend.test',
      apiKey: DEFAULT_API_KEY,
      agentId: 'refund-bot',
      fetch: createFakeFetch(fake, { baseUrl: 'https://ascend.test' }),
      retry: { maxRetries: 0 },
    });
    try {
      const service = new RefundService(client);
      await expect(service.refund('ord_5', 40)).resolves.toBe('refunded');
      await expect(service.refund('ord_6', 400)).resolves.toBe('waiting');
      expect(fake.snapshot().actions.map((a) => a.decision)).toEqual(['allowed', 'pending']);
    } finally {
      await client.close();
    }
  });
});
