/**
 * AscendClientLike is the one client type: both of core's clients satisfy it (type level); the
 * adapters' and the mock's checks live in their packages (browser, testing).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { AscendAgentClient } from './agent-client.js';
import { AscendClient } from './client.js';
import type { AscendClientLike, PublicMembers } from './client-like.js';
import { testPort } from './test-support/harness.js';

describe('AscendClientLike', () => {
  it('is satisfied by AscendClient and AscendAgentClient', async () => {
    expectTypeOf<AscendClient>().toExtend<AscendClientLike>();
    expectTypeOf<AscendAgentClient>().toExtend<AscendClientLike>();
    expectTypeOf<PublicMembers<AscendClient>>().toExtend<AscendClientLike>();
    // A real instance is accepted where an AscendClientLike is expected.
    const take = (client: AscendClientLike): string | undefined => client.agentId;
    const lean = new AscendAgentClient({ apiKey: 'k', agentId: 'lean-bot', baseUrl: 'https://ascend.test' }, testPort());
    const full = new AscendClient({ apiKey: 'k', agentId: 'full-bot', baseUrl: 'https://ascend.test' }, testPort());
    expect([take(lean), take(full)]).toEqual(['lean-bot', 'full-bot']);
    await Promise.all([lean.close(), full.close()]);
  });

  it('requires the agent surface: a partial object does not satisfy it', () => {
    expectTypeOf<{ evaluateAction: AscendClientLike['evaluateAction'] }>().not.toExtend<AscendClientLike>();
    // @ts-expect-error -- logActionCompleted, close and the rest are missing
    const partial: AscendClientLike = { evaluateAction: () => Promise.reject(new Error('x')) };
    expect(typeof partial.evaluateAction).toBe('function');
  });

  it('does not include the administrative endpoints of the full client', () => {
    expectTypeOf<AscendClientLike>().not.toHaveProperty('getAction');
    expectTypeOf<AscendClient>().toHaveProperty('getAction');
    expectTypeOf<keyof AscendClientLike>().toEqualTypeOf<keyof AscendAgentClient>();
  });
});
