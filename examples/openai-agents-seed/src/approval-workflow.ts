/**
 * The seed's approval workflow: submit work that may need a human, keep going, and have
 * `onApproved` / `onDenied` / `onTimeout` called when the reviewer in ASCEND decides. Where the
 * Python version polled in a background thread, this keeps the interrupted run (saved, so it
 * survives a restart) and waits on ASCEND's decision as a promise.
 */
import { isAscendError, type AscendClient } from '@ascend/node';
import { loadGovernedRun, pendingAscendApprovals, saveGovernedRun } from '@ascend/openai-agents';
import { run, type Agent } from '@openai/agents';

/** What to do when the reviewer decides. */
export interface ApprovalHandlers {
  /** The reviewer approved: the run has resumed and the tool ran. */
  onApproved(output: string): void;
  /** The reviewer rejected, or a policy denied. */
  onDenied(actionId: string, reason: string): void;
  /** Nobody decided within the timeout. */
  onTimeout(actionId: string): void;
}

/** Runs agents whose tools may need a human, without blocking the caller on the approval. */
export class ApprovalWorkflow {
  /** Saved runs by ASCEND action id: plain strings, so a file or a database row would do. */
  readonly saved = new Map<string, string>();

  constructor(
    private readonly client: AscendClient,
    private readonly timeoutMs = 60_000,
  ) {}

  /**
   * Starts the run. Returns at once with `completed` when nothing needed a human; otherwise with
   * the pending action ids and a promise that settles once the reviewer decided and the handlers ran.
   */
  async submit(
    agent: Agent,
    prompt: string,
    handlers: ApprovalHandlers,
  ): Promise<{ completed: true; output: string } | { completed: false; actionIds: string[]; settled: Promise<void> }> {
    const result = await run(agent, prompt);
    if (result.interruptions.length === 0) return { completed: true, output: String(result.finalOutput ?? '') };
    const pending = pendingAscendApprovals(result);
    const text = saveGovernedRun(result);
    for (const p of pending) this.saved.set(p.handle.actionId, text);
    return { completed: false, actionIds: pending.map((p) => p.handle.actionId), settled: this.#follow(agent, pending[0]!.handle, text, handlers) };
  }

  async #follow(agent: Agent, handle: Parameters<AscendClient['waitForDecision']>[0], text: string, handlers: ApprovalHandlers): Promise<void> {
    try {
      const decision = await this.client.waitForDecision(handle, { timeoutMs: this.timeoutMs, pollIntervalMs: 100 });
      if (decision.decision !== 'allowed') {
        handlers.onDenied(handle.actionId, decision.reason ?? decision.comments ?? 'denied');
        return;
      }
      // Approved in ASCEND: resume the saved run and approve its interruption in the SDK; the
      // governed tool checks ASCEND again and runs.
      const state = await loadGovernedRun(agent, text);
      for (const item of state.getInterruptions()) state.approve(item);
      const resumed = await run(agent, state);
      handlers.onApproved(String(resumed.finalOutput ?? ''));
    } catch (error) {
      if (isAscendError(error, 'APPROVAL_TIMEOUT')) handlers.onTimeout(handle.actionId);
      else if (isAscendError(error, 'AUTHZ_DENIED')) handlers.onDenied(handle.actionId, error.message);
      else throw error;
    } finally {
      this.saved.delete(handle.actionId);
    }
  }
}
