/**
 * One governed LangChain tool call, shared by `governTool` and `ascendMiddleware`: the
 * pipeline's phases, with a pending decision either waited for (`approval: 'wait'`) or turned
 * into a LangGraph `interrupt()` (`approval: 'interrupt'`).
 *
 * The interrupt path is written for LangGraph's replay semantics: a resumed node runs again from
 * its start. The first decision is therefore made inside a LangGraph `task`, whose result the
 * checkpointer records; when the node runs again (after a resume, in this process or another
 * one that reads the same checkpoints) the recorded pending handle is read back instead of
 * submitting a second action, and `interrupt()` returns the resume value. ASCEND is then asked
 * about that same action: only its allowed answer runs the tool.
 *
 * In shadow mode (`enforcement: 'shadow'`) nothing pauses: both approval modes run the pipeline's
 * `run`, which decides without waiting and lets a would-be block run the tool, marked as shadowed.
 */
import { toPendingHandle, ValidationError, type PendingDecisionHandle } from '@ascend/core';
import {
  cancelledBlock,
  errorBlock,
  pendingBlock,
  type CallSite,
  type GovernanceBlock,
  type GovernedCall,
  type MaybePromise,
  type ToolGovernor,
  type Verdict,
} from '@ascend/governance';
import { interrupt, isGraphBubbleUp, task } from '@langchain/langgraph';
import { ASCEND_INTERRUPT_TYPE, readResume, type AscendApprovalInterrupt } from './interrupt.js';

/** The framework's view of one call. @internal */
export interface ToolCallContext {
  /** The model's tool call id. */
  toolCallId: string | undefined;
  /** The LangGraph thread (`configurable.thread_id`). */
  threadId: string | undefined;
  /** The run's abort signal. */
  signal: AbortSignal | undefined;
  /** Extra context fields sent to ASCEND. */
  context: Record<string, string>;
}

/**
 * How a governed call ended (a tool that throws is not an outcome: its error is rethrown). A
 * run in shadow mode that governance would have blocked is `ran: true`. @internal
 */
export type CallResult<R> = { ran: true; value: R } | { ran: false; block: GovernanceBlock; call: GovernedCall };

/** What the decision task records in the checkpoint: plain JSON. */
type RecordedDecision = { kind: 'pending'; pending: PendingDecisionHandle; call: GovernedCall } | { kind: 'decided' };

/** Builds the pipeline's call site from the framework's view. @internal */
export function callSite(ctx: ToolCallContext): CallSite {
  return {
    requestId: ctx.toolCallId,
    sessionId: ctx.threadId,
    signal: ctx.signal,
    context: {
      ...(ctx.toolCallId !== undefined ? { langchain_tool_call_id: ctx.toolCallId } : {}),
      ...(ctx.threadId !== undefined ? { langgraph_thread_id: ctx.threadId } : {}),
      ...ctx.context,
    },
  };
}

/** Runs one governed call. @internal */
export async function governedCall<Args, R>(
  governor: ToolGovernor<Args, R>,
  approval: 'wait' | 'interrupt',
  args: Args,
  body: () => MaybePromise<R>,
  ctx: ToolCallContext,
): Promise<CallResult<R>> {
  const site = callSite(ctx);
  // Shadow mode never pauses the framework for a human: no task, no interrupt().
  if (approval === 'wait' || governor.policy.enforcement === 'shadow') {
    const outcome = await governor.run(args, body, site);
    return outcome.ran ? { ran: true, value: outcome.value } : { ran: false, block: outcome.block, call: outcome.call };
  }

  // Set when the decision is made in this run (not read back from the checkpoint).
  const made: { verdict?: Verdict } = {};
  let recorded: RecordedDecision;
  try {
    recorded = await task('ascend_decision', async (): Promise<RecordedDecision> => {
      const verdict = await governor.decide(args, site, { wait: false });
      made.verdict = verdict;
      return verdict.kind === 'pending' ? { kind: 'pending', pending: toPendingHandle(verdict.decision), call: verdict.call } : { kind: 'decided' };
    })();
  } catch (error) {
    if (isGraphBubbleUp(error)) throw error;
    // Outside a LangGraph run there is no task runner (and nothing to pause): refuse to run.
    const block = errorBlock(
      new ValidationError("approval: 'interrupt' needs a LangGraph run (createAgent or a compiled graph) with a checkpointer", {
        approval: 'needs a LangGraph run with a checkpointer',
      }),
    );
    const call = governor.describe(args, site);
    const decided = made.verdict;
    if (decided?.kind === 'pending') return withdraw(governor, decided.call, { ...block, actionId: decided.decision.actionId });
    await governor.block(block, call);
    return { ran: false, block, call };
  }

  let verdict: Verdict;
  if (made.verdict !== undefined) {
    verdict = made.verdict;
  } else if (isRecordedPending(recorded)) {
    // The node runs again after an interrupt: the same action, read back from the checkpoint.
    return afterInterrupt(governor, recorded.pending, recorded.call, body, site);
  } else {
    // The node runs again after a decision that was not pending (e.g. a sibling call in the same
    // ToolNode paused the node), or the record is unreadable: nothing is replayed; this run is
    // decided anew, waiting if it must.
    const outcome = await governor.run(args, body, site);
    return outcome.ran ? { ran: true, value: outcome.value } : { ran: false, block: outcome.block, call: outcome.call };
  }

  if (verdict.kind === 'allowed') return executed(governor, verdict, body, site);
  if (verdict.kind === 'blocked') {
    await governor.block(verdict.block, verdict.call);
    return { ran: false, block: verdict.block, call: verdict.call };
  }
  return afterInterrupt(governor, toPendingHandle(verdict.decision), verdict.call, body, site);
}

async function afterInterrupt<Args, R>(
  governor: ToolGovernor<Args, R>,
  pending: PendingDecisionHandle,
  call: GovernedCall,
  body: () => MaybePromise<R>,
  site: CallSite,
): Promise<CallResult<R>> {
  const value: AscendApprovalInterrupt = {
    type: ASCEND_INTERRUPT_TYPE,
    pending: { actionId: pending.actionId, approvalRequestId: pending.approvalRequestId, expiresAt: pending.expiresAt },
    toolName: call.toolName,
    toolCallId: typeof call.requestId === 'string' ? call.requestId : undefined,
    actionType: call.actionType,
    resource: call.resource,
    parameters: call.parameters,
    message: `The tool call "${call.toolName}" needs human approval in ASCEND (action ${pending.actionId}).`,
  };
  let answer: unknown;
  try {
    // The first time, this throws LangGraph's GraphInterrupt: the run pauses here.
    answer = interrupt(value);
  } catch (error) {
    if (isGraphBubbleUp(error)) throw error;
    // No checkpointer (or no graph): the run cannot pause, so the action is withdrawn.
    const block = errorBlock(
      new ValidationError("approval: 'interrupt' needs a LangGraph run with a checkpointer", { approval: 'needs a LangGraph run with a checkpointer' }),
    );
    return withdraw(governor, call, { ...block, actionId: pending.actionId });
  }
  const resume = readResume(answer);
  if (resume.reject) {
    const block: GovernanceBlock = {
      ...cancelledBlock(undefined, undefined, 'request'),
      actionId: pending.actionId,
      message: `A reviewer rejected this tool call${resume.reason !== undefined ? ` (${resume.reason})` : ''}; it was withdrawn from ASCEND and not run.`,
    };
    await governor.block(block, call);
    return { ran: false, block, call };
  }
  // Whatever the resume value says, only ASCEND's answer about this action runs the tool.
  const verdict = await governor.resume(pending, call, site);
  if (verdict.kind === 'allowed') return executed(governor, verdict, body, site);
  const block = verdict.kind === 'blocked' ? verdict.block : pendingBlock(verdict.decision);
  await governor.block(block, call);
  return { ran: false, block, call };
}

async function executed<Args, R>(
  governor: ToolGovernor<Args, R>,
  verdict: Extract<Verdict, { kind: 'allowed' }>,
  body: () => MaybePromise<R>,
  site: CallSite,
): Promise<CallResult<R>> {
  const outcome = await governor.execute(verdict, body, site);
  return outcome.ran ? { ran: true, value: outcome.value } : { ran: false, block: outcome.block, call: outcome.call };
}

/** A pending action that will never run: reported as cancelled (the protocol's only withdrawal). */
async function withdraw<Args, R>(governor: ToolGovernor<Args, R>, call: GovernedCall, shown: GovernanceBlock): Promise<CallResult<R>> {
  const cancelled: GovernanceBlock = { ...cancelledBlock(undefined, shown.error, 'request'), actionId: shown.actionId, message: shown.message };
  await governor.block(cancelled, call);
  return { ran: false, block: cancelled, call };
}

/** A pending record read back from a checkpoint: checked before use, since storage is outside our control. */
function isRecordedPending(value: unknown): value is Extract<RecordedDecision, { kind: 'pending' }> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as {
    kind?: unknown;
    pending?: { actionId?: unknown };
    call?: { toolName?: unknown; actionType?: unknown; resource?: unknown; parameters?: unknown };
  };
  return (
    v.kind === 'pending' &&
    typeof v.pending?.actionId === 'string' &&
    v.pending.actionId !== '' &&
    typeof v.call?.toolName === 'string' &&
    typeof v.call.actionType === 'string' &&
    typeof v.call.resource === 'string' &&
    typeof v.call.parameters === 'object' &&
    v.call.parameters !== null
  );
}
