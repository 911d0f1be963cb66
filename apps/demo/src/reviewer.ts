import type { FakeAscend } from '@ascend/testing';

/** A decision the simulated reviewer made. */
export interface ReviewRecord {
  actionId: number;
  actionType: string;
  outcome: 'approved' | 'rejected';
  by: string;
  note: string;
}

/**
 * A simulated human reviewer watching the approval queue, as someone using the dashboard would:
 * refunds up to 500 are approved after a look, deletes of production data are rejected (no
 * change ticket), everything else is approved. It answers after `delayMs`, so the agents really
 * wait on a pending decision.
 */
export function startReviewer(fake: FakeAscend, options: { delayMs?: number; enabled?: () => boolean } = {}) {
  const decisions: ReviewRecord[] = [];
  const delay = options.delayMs ?? 400;
  const timers = new Set<NodeJS.Timeout>();
  const stop = fake.on('approval.pending', (approval) => {
    if (options.enabled && !options.enabled()) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const action = fake.getAction(approval.actionId);
      if (!action || fake.getApproval(approval.approvalId)?.status !== 'pending') return;
      const amount = Number(action.actionDetails['amount'] ?? 0);
      const by = 'ciso@corp.example';
      if (/delete/.test(action.actionType) && /prod/.test(action.resource) && !action.mcp) {
        const note = 'No change ticket for deleting production data';
        fake.reject(approval.actionId, { by, reason: note });
        decisions.push({ actionId: action.id, actionType: action.actionType, outcome: 'rejected', by, note });
      } else if (/refund/.test(action.actionType) && amount > 500) {
        const note = `Refund of ${amount} exceeds the reviewer's limit`;
        fake.reject(approval.actionId, { by, reason: note });
        decisions.push({ actionId: action.id, actionType: action.actionType, outcome: 'rejected', by, note });
      } else {
        const note = 'Checked with the customer record';
        fake.approve(approval.actionId, { by, comment: note });
        decisions.push({ actionId: action.id, actionType: action.actionType, outcome: 'approved', by, note });
      }
    }, delay);
    timers.add(timer);
  });
  return {
    decisions,
    stop() {
      stop();
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
