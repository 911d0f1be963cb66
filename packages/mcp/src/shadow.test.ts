/**
 * `governTool` through the shared outcome table, in enforce mode and in shadow mode
 * (`enforcement: 'shadow'`), with the expected differences: in shadow mode the tool runs whatever
 * ASCEND answers (except the kill switch), the result's `_meta` says it was shadowed, and the
 * completion report carries the shadow mark.
 */
import { silentLogger } from '@ascend/core';
import { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS } from '@ascend/testing';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { governTool, type ToolExtra } from './govern-tool.js';

const EX = {} as unknown as ToolExtra;
const META = 'ascend/governance';

/** Which scenarios shadow mode runs although enforce mode blocks them, and the block kind it marks. */
const SHADOWED: Partial<Record<(typeof GOVERNED_OUTCOMES)[number]['name'], string>> = {
  'pending then approved': 'approval_pending',
  rejected: 'approval_pending',
  'timed out': 'approval_pending',
  denied: 'denied',
  unavailable: 'unavailable',
  'malformed answer': 'error',
};

for (const enforcement of ['enforce', 'shadow'] as const) {
  describe(`governTool, enforcement: '${enforcement}'`, () => {
    for (const scenario of GOVERNED_OUTCOMES) {
      const shadowKind = enforcement === 'shadow' ? SHADOWED[scenario.name] : undefined;
      const runs = scenario.expected.runs || shadowKind !== undefined;
      it(`${scenario.name}: ${shadowKind ? `runs, shadowed (${shadowKind})` : runs ? 'runs' : `blocked (${scenario.expected.block})`}`, async () => {
        const client = scenario.client();
        let ran = 0;
        try {
          const governed = governTool(
            client,
            {
              toolName: 'refund',
              serverName: 'billing',
              logger: silentLogger,
              approvalTimeoutMs: OUTCOME_APPROVAL_TIMEOUT_MS,
              approvalPollIntervalMs: 10,
              enforcement,
            },
            (): CallToolResult => {
              ran++;
              return { content: [{ type: 'text', text: 'refunded' }] };
            },
          );
          const result = await governed({ amount: 40 }, EX);
          expect(ran).toBe(runs ? 1 : 0);
          const meta = (result._meta as Record<string, Record<string, unknown>> | undefined)?.[META];
          if (shadowKind) {
            expect(result.isError).toBeUndefined();
            expect(meta).toMatchObject({ decision: 'shadowed', kind: shadowKind });
          } else if (runs) {
            expect(meta).toMatchObject({ decision: 'allowed', failOpen: scenario.expected.failOpen });
          } else {
            expect(result.isError).toBe(true);
            expect(meta).toMatchObject({ decision: 'blocked', kind: scenario.expected.block });
          }
          // Enforce mode waits for the human; shadow mode never does.
          const waits = client.calls.filter((c) => c.method === 'waitForDecision').length;
          if (enforcement === 'shadow') expect(waits).toBe(0);
          else expect(waits).toBe(['pending then approved', 'rejected', 'timed out'].includes(scenario.name) ? 1 : 0);
          const completions = client.calls.filter((c) => c.method === 'logActionCompleted');
          for (const c of completions) {
            const shadow = (c.args[1] as { result: Record<string, unknown> }).result['shadow'];
            if (enforcement === 'enforce') expect(shadow).toBeUndefined();
            else expect(shadow).toEqual(shadowKind ? expect.objectContaining({ block_kind: shadowKind }) : { decision: 'allowed' });
          }
        } finally {
          await client.close();
        }
      });
    }
  });
}
