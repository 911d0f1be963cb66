/** Both browser clients satisfy core's one client type, `AscendClientLike`. */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AscendAgentClient, AscendClient, type AscendClientLike } from './index.js';

describe('AscendClientLike', () => {
  it('is satisfied by AscendClient and AscendAgentClient of @ascend/browser', async () => {
    expectTypeOf<AscendClient>().toExtend<AscendClientLike>();
    expectTypeOf<AscendAgentClient>().toExtend<AscendClientLike>();
    const clients: AscendClientLike[] = [
      new AscendClient({ apiKey: 'k', agentId: 'full', baseUrl: 'https://ascend.test' }),
      new AscendAgentClient({ apiKey: 'k', agentId: 'lean', baseUrl: 'https://ascend.test' }),
    ];
    expect(clients.map((c) => c.agentId)).toEqual(['full', 'lean']);
    await Promise.all(clients.map((c) => c.close()));
  });
});
