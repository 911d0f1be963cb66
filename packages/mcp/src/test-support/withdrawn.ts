/**
 * Checks what a cancelled governed call leaves in the fake service: its approval request is
 * closed (a human approving now is refused), and the audit log records the withdrawal with the
 * CANCELLED_BY_CLIENT error the governed server reported.
 */
import { expect } from 'vitest';
import type { FakeAscend } from '@ascend/testing';

/** Asserts that the pending action `actionId` was withdrawn by a cancellation. */
export function expectWithdrawnOnCancel(fake: FakeAscend, actionId: number, cancelledVia: 'request' | 'tasks/cancel'): void {
  expect(() => fake.approve(actionId)).toThrow(/already rejected/);
  const record = fake.auditLog.find((e) => e.eventType === 'action.failed' && e.details['action_id'] === actionId);
  expect(record).toMatchObject({ outcome: 'withdrawn', details: { error: { code: 'CANCELLED_BY_CLIENT', cancelled_via: cancelledVia } } });
  expect(fake.getAction(actionId)).toMatchObject({ decision: 'denied' });
}
