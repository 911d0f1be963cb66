/**
 * Drives a governed tool set through the AI SDK's real run loop (`generateText` or `streamText`)
 * with the scripted model, the way an app does: one call, and when the SDK asks for a tool
 * approval, a second call with the user's `tool-approval-response`.
 */
import { generateText, isStepCount, streamText, type ContentPart, type ModelMessage, type ToolSet } from 'ai';
import type { MockLanguageModelV4 } from 'ai/test';
import type { AscendApprovals } from '../index.js';
import { toolAnswers } from './model.js';

/** Which SDK entry point runs the loop. */
export type Runner = 'generateText' | 'streamText';

/** One SDK call's results. */
export interface RunResult {
  /** Every content part of every step. */
  content: Array<ContentPart<ToolSet>>;
  /** The messages to append to the history. */
  responseMessages: ModelMessage[];
  /** The final text. */
  text: string;
}

/** One `generateText` / `streamText` call with the tool set; stream errors are collected, not thrown. */
export async function runOnce(
  runner: Runner,
  args: { model: MockLanguageModelV4; tools: ToolSet; messages: ModelMessage[]; approvals?: AscendApprovals | undefined; abortSignal?: AbortSignal },
): Promise<RunResult> {
  const common = {
    model: args.model,
    tools: args.tools,
    messages: args.messages,
    stopWhen: isStepCount(3),
    ...(args.approvals ? { toolApproval: args.approvals.toolApproval } : {}),
    ...(args.abortSignal ? { abortSignal: args.abortSignal } : {}),
  };
  if (runner === 'generateText') {
    const r = await generateText(common);
    return { content: r.steps.flatMap((s) => s.content), responseMessages: r.responseMessages, text: r.text };
  }
  const errors: unknown[] = [];
  const r = streamText({ ...common, onError: ({ error }) => void errors.push(error) });
  const steps = await r.steps;
  if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
  return { content: steps.flatMap((s) => s.content), responseMessages: await r.responseMessages, text: await r.text };
}

/** The approval requests (not automatic) of a run. */
export function approvalRequests(result: RunResult): Array<{ approvalId: string; toolCallId: string; reason: string | undefined }> {
  return result.content.flatMap((p) =>
    p.type === 'tool-approval-request' && p.isAutomatic !== true ? [{ approvalId: p.approvalId, toolCallId: p.toolCall.toolCallId, reason: p.reason }] : [],
  );
}

/** The history after a run, plus the user's answer to each approval request. */
export function answer(messages: ModelMessage[], result: RunResult, approved: boolean, reason?: string): ModelMessage[] {
  const requests = approvalRequests(result);
  return [
    ...messages,
    ...result.responseMessages,
    {
      role: 'tool',
      content: requests.map((r) => ({
        type: 'tool-approval-response' as const,
        approvalId: r.approvalId,
        approved,
        ...(reason !== undefined ? { reason } : {}),
      })),
    },
  ];
}

/** What the model was last told about its tool call (the tool-result outputs of its last prompt). */
export function lastSeen(model: MockLanguageModelV4, runner: Runner): unknown[] {
  const calls = runner === 'generateText' ? model.doGenerateCalls : model.doStreamCalls;
  const last = calls[calls.length - 1];
  return last ? toolAnswers(last.prompt) : [];
}
