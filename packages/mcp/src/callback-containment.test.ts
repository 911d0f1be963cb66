/**
 * Callbacks typed as synchronous that a user makes async (issue 13, requirement 9): a rejecting
 * kill-switch `onChange` listener or logger never becomes an unhandled rejection, and the state
 * change or the log call still happens.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { McpKillSwitchConsumer } from './kill-switch-consumer.js';
import { GovernanceLog } from './log.js';

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('async callbacks that reject are contained', () => {
  it('McpKillSwitchConsumer onChange', async () => {
    const changes: unknown[] = [];
    const ks = new McpKillSwitchConsumer({
      // The point of the test: a user hands an async listener to a void-typed callback anyway.
      // eslint-disable-next-line @typescript-eslint/no-misused-promises
      onChange: async (change) => {
        changes.push(change);
        throw new Error('listener broke');
      },
    });
    const change = ks.apply({ target_type: 'mcp_server', command_type: 'BLOCK', parameters: { mcp_server: 'fs' } });
    expect(change.applied).toBe(true);
    expect(ks.isBlocked('fs')).toBe(true);
    await settle();
    expect(changes).toHaveLength(1);
    expect(unhandled).toEqual([]);
  });

  it('GovernanceLog with an async logger', async () => {
    const messages: string[] = [];
    const log = new GovernanceLog(
      {
        // The point of the test: a user hands an async logger to a void-typed callback anyway.
        // eslint-disable-next-line @typescript-eslint/no-misused-promises
        log: async (record) => {
          messages.push(record.message);
          throw new Error('shipper down');
        },
      },
      'debug',
    );
    log.write('warn', 'callback threw; ignored');
    await settle();
    expect(messages).toEqual(['callback threw; ignored']);
    expect(unhandled).toEqual([]);
  });
});
