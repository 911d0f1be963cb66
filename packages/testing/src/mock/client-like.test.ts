/**
 * The one client type of @ascend/core, `AscendClientLike`, is satisfied by the mock and by the
 * Node adapter's clients, so application code depends on it and takes either.
 */
import type { AscendClientLike } from '@ascend/core';
import { AscendAgentClient as NodeAscendAgentClient, AscendClient as NodeAscendClient } from '@ascend/node';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { MockAscendClient } from './mock-client.js';

/** An agent written against the interface only, as a user's production code would be. */
class QueryAgent {
  constructor(private readonly ascend: AscendClientLike) {}
  async run(sql: string): Promise<string> {
    const decision = await this.ascend.evaluateAction({ actionType: 'database.query', resource: 'orders_db', parameters: { sql } });
    if (decision.decision !== 'allowed') return `blocked: ${decision.decision}`;
    await this.ascend.logActionCompleted(decision.actionId, { result: { rows: 1 } });
    return 'ran';
  }
}

describe('AscendClientLike', () => {
  it('is satisfied by MockAscendClient and by both Node clients', () => {
    expectTypeOf<MockAscendClient>().toExtend<AscendClientLike>();
    expectTypeOf<NodeAscendClient>().toExtend<AscendClientLike>();
    expectTypeOf<NodeAscendAgentClient>().toExtend<AscendClientLike>();
  });

  it('lets the mock stand in for the real client in code typed against the interface', async () => {
    const mock = new MockAscendClient();
    mock.decide('database.query', 'denied');
    expect(await new QueryAgent(mock).run('SELECT 1')).toBe('blocked: denied');
    mock.decide('database.query', 'allowed');
    expect(await new QueryAgent(mock).run('SELECT 1')).toBe('ran');
    expect(mock.calls.filter((c) => c.method === 'logActionCompleted')).toHaveLength(1);
    await mock.close();
  });
});
