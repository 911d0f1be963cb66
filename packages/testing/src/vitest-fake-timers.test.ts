/**
 * `setupAscend()` and the real client over msw under `vi.useFakeTimers()` (vitest's defaults:
 * every timer API and `Date` faked, `nextTick` and `queueMicrotask` left real).
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { setupAscend } from './vitest.js';

const POLL_MS = 1000;
const ascend = setupAscend({
  policy: [{ id: 'big-refunds', match: { actionType: 'financial.refund' }, outcome: 'require_approval' }],
  client: { approvals: { pollIntervalMs: POLL_MS, timeoutMs: 60_000 } },
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it('drives a governed call with a pending approval to the end under fake timers', async () => {
  const client = ascend.createClient();
  const call = client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe', parameters: { amount: 500 } }, { waitForApproval: true });
  // The submit needs no timer; its answer arrives through msw within a few turns of the event loop.
  for (let i = 0; i < 100 && ascend.fake.listPending().length === 0; i++) await vi.advanceTimersByTimeAsync(0);
  const [pending] = ascend.fake.listPending();
  expect(pending).toBeDefined();
  ascend.fake.approve(pending!.actionId, { by: 'cfo@corp.example' });
  // The client sees the approval on its next status poll: advance the fake clock by one interval.
  await vi.advanceTimersByTimeAsync(POLL_MS);
  const decision = await call;
  expect([decision.decision, decision.approvedBy]).toEqual(['allowed', 'cfo@corp.example']);
  expect((await client.logActionCompleted(decision.actionId)).delivered).toBe(true);
});

it('an approval wait under fake timers ends with ApprovalTimeoutError once the clock passes its timeout', async () => {
  const client = ascend.createClient({ approvals: { pollIntervalMs: POLL_MS, timeoutMs: 3 * POLL_MS } });
  const call = client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe' }, { waitForApproval: true }).catch((e: unknown) => e);
  for (let i = 0; i < 100 && ascend.fake.listPending().length === 0; i++) await vi.advanceTimersByTimeAsync(0);
  await vi.advanceTimersByTimeAsync(4 * POLL_MS);
  expect(await call).toMatchObject({ code: 'APPROVAL_TIMEOUT' });
});
