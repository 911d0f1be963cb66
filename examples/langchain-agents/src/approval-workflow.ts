/**
 * The seed's "Approval Workflow Handler" (submit, and hear back when a reviewer decides; callbacks
 * for approved, denied and timeout) the LangGraph way: a pending decision pauses the run with
 * `interrupt()` and a checkpointer keeps it; the application resumes the thread when ASCEND
 * tells it a decision was made (a webhook, a poll); the seed's callbacks become the governance
 * callbacks. No background thread polls while nobody waits.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { tool } from '@langchain/core/tools';
import { Command, MemorySaver, type BaseCheckpointSaver } from '@langchain/langgraph';
import { createAgent } from 'langchain';
import { z } from 'zod';
import type { GovernanceClient, GovernanceCallbacks } from '@ascend/governance';
import { governTool, pendingApprovals, type AscendApprovalInterrupt } from '@ascend/langchain';

/** The seed's callbacks: `onApproved`, `onDenied`, `onTimeout`. */
export interface ApprovalCallbacks {
  /** The action was allowed (at once, or after a reviewer approved it). */
  onApproved?: GovernanceCallbacks['onAllowed'];
  /** Denied by policy or rejected by a reviewer. */
  onDenied?: GovernanceCallbacks['onDenied'];
  /** Nobody decided in time. */
  onTimeout?: GovernanceCallbacks['onTimeout'];
}

/** A workflow for one high-risk tool: start a conversation, and resume it once ASCEND decided. */
export function createApprovalWorkflow(
  ascend: GovernanceClient,
  model: BaseChatModel | string,
  callbacks: ApprovalCallbacks = {},
  checkpointer: BaseCheckpointSaver = new MemorySaver(),
) {
  const executed: string[] = [];
  const deleteRecords = tool(
    async ({ table, where }: { table: string; where: string }) => {
      executed.push(table);
      return `deleted rows of ${table} where ${where}`;
    },
    { name: 'delete_records', description: 'Delete old records from a database table', schema: z.object({ table: z.string(), where: z.string() }) },
  );
  const governed = governTool(ascend, deleteRecords, {
    approval: 'interrupt',
    actionType: 'database.delete',
    resource: 'production_db',
    requireHumanApproval: true,
    approvalTimeoutMs: 300_000,
    ...(callbacks.onApproved ? { onAllowed: callbacks.onApproved } : {}),
    ...(callbacks.onDenied ? { onDenied: callbacks.onDenied } : {}),
    ...(callbacks.onTimeout ? { onTimeout: callbacks.onTimeout } : {}),
  });
  const agent = createAgent({ model, tools: [governed], checkpointer });

  return {
    /** What ran, for the caller's records. */
    executed,
    /** Starts a conversation; returns the approvals it waits for (empty when it finished). */
    async start(threadId: string, request: string): Promise<AscendApprovalInterrupt[]> {
      const result = await agent.invoke({ messages: [{ role: 'user', content: request }] }, { configurable: { thread_id: threadId } });
      return pendingApprovals(result).map((p) => p.value);
    },
    /**
     * Resumes a paused conversation once ASCEND has decided (e.g. on its `action.approved` /
     * `action.denied` webhook). ASCEND's decision about the paused action is what counts;
     * `reject` withdraws it without running the tool. Returns the agent's last message.
     */
    async resume(threadId: string, answer: 'approve' | 'reject' = 'approve'): Promise<string> {
      const result = await agent.invoke(new Command({ resume: answer }), { configurable: { thread_id: threadId } });
      const last = result.messages.at(-1);
      return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
    },
  };
}
