/**
 * The structural `GovernanceClient` accepts the lean `AscendAgentClient` as well as the full
 * `AscendClient`: governed tools only need runtime operations. Checked by the compiler
 * (`lint:types` type-checks this file) and at run time on the prototype.
 */
import { AscendAgentClient, type AscendClient } from '@ascend/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { GovernanceClient } from './govern-tool.js';

describe('GovernanceClient', () => {
  it('accepts the lean client and the full client', () => {
    expectTypeOf<AscendAgentClient>().toExtend<GovernanceClient>();
    expectTypeOf<AscendClient>().toExtend<GovernanceClient>();
    // A plain assignment, so a mismatch fails the type check with a readable message.
    const lean = (client: AscendAgentClient): GovernanceClient => client;
    expect(typeof lean).toBe('function');
    for (const method of ['evaluateAction', 'evaluateMcpAction', 'waitForDecision', 'logActionCompleted', 'logActionFailed']) {
      expect(typeof (AscendAgentClient.prototype as unknown as Record<string, unknown>)[method], method).toBe('function');
    }
  });
});
