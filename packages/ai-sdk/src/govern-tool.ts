/**
 * `governTool` / `governTools`: AI SDK `tool()` definitions whose `execute` runs only when ASCEND
 * allows the call, and reports to ASCEND how it went. The governed call is
 * `@ascend/governance`'s pipeline; this module maps it onto the AI SDK's execute options
 * (`toolCallId`, `abortSignal`, `context`, `messages`) and, with `approvals`, onto the SDK's own
 * tool-approval flow (see `approvals.ts`).
 */
import { ConfigurationError, type JsonObject } from '@ascend/core';
import {
  checkOptionKeys,
  createToolGovernor,
  mergePolicy,
  pendingBlock,
  POLICY_KEYS,
  type CallSite,
  type GovernanceBlock,
  type GovernanceClient,
  type GovernancePolicy,
  type GovernedCall,
  type GovernedOutcome,
  type ShadowedOutcome,
} from '@ascend/governance';
import type { InferToolInput, InferToolOutput, ModelMessage, Tool, ToolExecutionOptions, ToolSet } from 'ai';
import { approvalRequested, approvalsInternals, inputDigest, unknownApprovalBlock, type AscendApprovals, type GovernedEntry } from './approvals.js';
import { ToolCallBlockedError } from './blocked-error.js';

/** What `sessionId` reads a conversation id from: the tool call's id, its tool context and the messages. */
export interface ToolCallView {
  /** The SDK's id of the tool call. */
  toolCallId: string;
  /** The tool's context (`toolsContext[toolName]`, typed by the tool's `contextSchema`). */
  context: unknown;
  /** The messages sent to the model for the step that produced the call. */
  messages: readonly ModelMessage[];
}

/**
 * How AI SDK tools are governed: the pipeline's {@link GovernancePolicy} (what is sent to ASCEND,
 * waits, callbacks, redaction, fail mode is the client's) plus the AI SDK mapping. Every field is
 * optional; see each default.
 *
 * @typeParam Args - The tool's input.
 * @typeParam R - The tool's output.
 */
export interface AiSdkGovernanceOptions<Args = Record<string, unknown>, R = unknown> extends GovernancePolicy<Args, R> {
  /**
   * Map a pending decision to the AI SDK's tool-approval flow (`tool-approval-request` now,
   * resume on the `tool-approval-response`) instead of waiting inside `execute`. Pass the same
   * coordinator's `toolApproval` to `generateText` / `streamText` / `ToolLoopAgent`.
   * @defaultValue none: `execute` waits for the human decision in ASCEND (up to `approvalTimeoutMs`)
   */
  approvals?: AscendApprovals;
  /**
   * The conversation id sent to ASCEND as the session (e.g. `({ context }) => context.threadId`).
   * Exceptions are ignored. @defaultValue none
   */
  sessionId?: (call: ToolCallView) => string | undefined;
}

/** Options of {@link governTool}: the tool's name plus its governance. */
export interface GovernToolOptions<Args = Record<string, unknown>, R = unknown> extends AiSdkGovernanceOptions<Args, R> {
  /** The tool's name, as in the tool set the model sees. Required. */
  toolName: string;
}

/** Options of {@link governTools}: governance shared by every tool, and per-tool overrides. */
export interface GovernToolsOptions<TOOLS extends ToolSet = ToolSet> extends AiSdkGovernanceOptions<Record<string, unknown>, unknown> {
  /** Per-tool options over the shared ones (`metadata` objects are merged, the rest replaced). */
  perTool?: { [K in keyof TOOLS]?: AiSdkGovernanceOptions<InferToolInput<TOOLS[K]>, InferToolOutput<TOOLS[K]>> };
}

const OWN_KEYS = ['approvals', 'sessionId'] as const;
const TOOL_OPTION_KEYS: ReadonlySet<string> = new Set([...POLICY_KEYS, ...OWN_KEYS, 'toolName']);
const TOOLS_OPTION_KEYS: ReadonlySet<string> = new Set([...POLICY_KEYS, ...OWN_KEYS, 'perTool']);
const PER_TOOL_KEYS: ReadonlySet<string> = new Set([...POLICY_KEYS, ...OWN_KEYS]);

type AnyExecute = (input: unknown, options: ToolExecutionOptions<unknown>) => unknown;

/**
 * Governs one AI SDK tool: its `execute` runs only when ASCEND allows the call, and ASCEND hears
 * afterwards how it went. The returned tool has the same type (input schema, output, context)
 * and every other field of the original.
 *
 * - Allowed (or the client's fail-open synthesis): the tool runs; completion or failure is reported.
 * - Pending: `execute` waits for the human decision in ASCEND, or, with `approvals`, the SDK emits a
 *   `tool-approval-request` and the call resumes on the user's answer (ASCEND still decides).
 * - Anything else: `execute` throws a {@link ToolCallBlockedError}; the model sees its message
 *   (`tool-error`), e.g. "Denied by ASCEND governance: Refund limit exceeded".
 * - Shadow mode (`enforcement: 'shadow'`): no human is asked or waited for (`toolApproval` lets the
 *   call proceed); a call governance would block runs anyway, marked as shadowed. The kill switch
 *   (unless `shadowKillSwitch: 'observe'`) and the caller's cancellation still block.
 *
 * Streaming tools (an `execute` that returns an async iterable) run to completion under
 * governance and return their last value; preliminary outputs are not streamed.
 *
 * @param client - An `AscendClient`, an `AscendAgentClient`, a `MockAscendClient`, or anything shaped like {@link GovernanceClient}.
 * @param tool - A tool with an `execute` function, e.g. from `tool({...})`.
 * @param options - The tool's name and governance; see {@link GovernToolOptions}.
 * @throws `ConfigurationError` at wrap time for invalid options (unknown keys included) or a tool without `execute`.
 *
 * @example
 * ```ts
 * const refund = governTool(client, tool({
 *   description: 'Refund an order',
 *   inputSchema: z.object({ orderId: z.string(), amount: z.number() }),
 *   execute: async ({ orderId, amount }) => payments.refund(orderId, amount),
 * }), { toolName: 'refund', resource: ({ orderId }) => `orders/${orderId}`, riskLevel: 'high' })
 * await generateText({ model, tools: { refund }, prompt: 'Refund order 17' })
 * ```
 */
export function governTool<TOOL extends Tool>(
  client: GovernanceClient,
  tool: TOOL,
  options: GovernToolOptions<InferToolInput<TOOL>, InferToolOutput<TOOL>>,
): TOOL {
  checkOptionKeys(options, TOOL_OPTION_KEYS);
  const { toolName, approvals, sessionId, ...policy } = options;
  if (typeof toolName !== 'string' || toolName.trim() === '') throw new ConfigurationError('toolName', 'is required');
  if (typeof tool !== 'object' || tool === null) throw new ConfigurationError('tool', 'must be an AI SDK tool');
  const original = (tool as { execute?: unknown }).execute;
  if (typeof original !== 'function') throw new ConfigurationError('execute', `tool ${toolName} has no execute function to govern`);
  if (sessionId !== undefined && typeof sessionId !== 'function') throw new ConfigurationError('sessionId', 'must be a function');
  const coordinator = approvals === undefined ? undefined : approvalsInternals(approvals);

  const governor = createToolGovernor<unknown, unknown>(
    client,
    { toolName, source: 'vercel_ai_sdk', actionTypePrefix: 'tool', component: 'ai-sdk', callerLabel: 'AI SDK client', defaultSummary },
    policy as GovernancePolicy<unknown, unknown>,
  );

  // Shadow mode (`enforcement: 'shadow'`): `toolApproval` never asks the user, and `governor.run`
  // evaluates without waiting and runs a call governance would block, marked as shadowed.
  const shadow = governor.policy.enforcement === 'shadow';

  const entry: GovernedEntry = {
    toolName,
    governor,
    site(toolCallId, call): CallSite {
      let session: string | undefined;
      try {
        const s = sessionId?.({ toolCallId, context: call.context, messages: call.messages });
        session = typeof s === 'string' && s !== '' ? s.slice(0, 256) : undefined;
      } catch {
        session = undefined;
      }
      const context: JsonObject = { ai_sdk_tool_call_id: toolCallId, ...(session !== undefined ? { ai_sdk_session_id: session } : {}) };
      return { requestId: toolCallId, sessionId: session, signal: call.signal, context };
    },
  };

  const execute: AnyExecute = async (input, executionOptions) => {
    const toolCallId = typeof executionOptions?.toolCallId === 'string' ? executionOptions.toolCallId : '';
    const messages = Array.isArray(executionOptions?.messages) ? executionOptions.messages : [];
    const site = entry.site(toolCallId, { context: executionOptions?.context, messages, signal: executionOptions?.abortSignal });
    const body = () => runOriginal(original as AnyExecute, input, executionOptions);
    if (coordinator && shadow) {
      await coordinator.settle(messages);
      // A call whose approval was requested before the switch to shadow mode: its stored record
      // is dropped and the call is evaluated afresh below, without waiting for the human.
      if (toolCallId !== '' && approvalRequested(messages, toolCallId)) await coordinator.takeRecord(toolCallId).catch(() => undefined);
    } else if (coordinator) {
      await coordinator.settle(messages);
      const allowed = coordinator.takeAllowed(toolCallId, entry);
      if (allowed) return finish(await governor.execute(allowed, body, site));
      if (toolCallId !== '' && approvalRequested(messages, toolCallId)) return resume(input, toolCallId, site, body);
    }
    return finish(await governor.run(input, body, site));
  };

  /** The user approved in the chat: ASCEND must still allow the stored pending action. */
  async function resume(input: unknown, toolCallId: string, site: CallSite, body: () => Promise<unknown>): Promise<unknown> {
    const call = governor.describe(input, site);
    let record;
    try {
      record = await coordinator!.takeRecord(toolCallId);
    } catch {
      return refuse(unknownApprovalBlock('the pending-approval store failed'), call);
    }
    if (!record) return refuse(unknownApprovalBlock('no pending ASCEND approval is stored for this tool call'), call);
    if (record.toolName !== toolName) return refuse(unknownApprovalBlock('the stored approval is for another tool', record.handle.actionId), call);
    let digest: string;
    try {
      digest = await inputDigest(input);
    } catch {
      digest = '';
    }
    if (digest !== record.inputDigest) {
      return refuse(unknownApprovalBlock('the tool input differs from the one ASCEND was asked about', record.handle.actionId), record.call);
    }
    const verdict = await governor.resume(record.handle, record.call, site);
    if (verdict.kind === 'allowed') return finish(await governor.execute(verdict, body, site));
    return refuse(verdict.kind === 'blocked' ? verdict.block : pendingBlock(verdict.decision), verdict.call);
  }

  async function refuse(block: GovernanceBlock, call: GovernedCall): Promise<never> {
    await governor.block(block, call);
    throw new ToolCallBlockedError(block);
  }

  const governed = { ...tool, execute } as TOOL;
  coordinator?.register(governed, entry);
  return governed;
}

/**
 * Governs every tool of a tool set (each under its key as tool name) with shared options and
 * per-tool overrides. The returned set has the same type as the original.
 *
 * @param client - An ASCEND client; see {@link governTool}.
 * @param tools - The tool set, e.g. `{ refund, lookupOrder }`; every tool needs an `execute`.
 * @param options - Shared governance, plus `perTool` overrides by tool name.
 * @throws `ConfigurationError` at wrap time for invalid options, an unknown `perTool` name, or a tool without `execute`.
 *
 * @example
 * ```ts
 * const approvals = createAscendApprovals()
 * const tools = governTools(client, { refund, lookupOrder }, {
 *   approvals,
 *   perTool: { refund: { riskLevel: 'high', resource: ({ orderId }) => `orders/${orderId}` } },
 * })
 * const result = streamText({ model, tools, toolApproval: approvals.toolApproval, messages })
 * ```
 */
export function governTools<TOOLS extends ToolSet>(client: GovernanceClient, tools: TOOLS, options: GovernToolsOptions<TOOLS> = {}): TOOLS {
  checkOptionKeys(options, TOOLS_OPTION_KEYS);
  if (typeof tools !== 'object' || tools === null || Array.isArray(tools)) throw new ConfigurationError('tools', 'must be a tool set object');
  const { perTool = {}, ...shared } = options;
  if (typeof perTool !== 'object' || perTool === null) throw new ConfigurationError('perTool', 'must be an object');
  for (const name of Object.keys(perTool)) {
    if (!Object.prototype.hasOwnProperty.call(tools, name)) throw new ConfigurationError('perTool', `names no tool of the set: ${name}`);
    checkOptionKeys((perTool as Record<string, unknown>)[name], PER_TOOL_KEYS, `perTool.${name}`);
  }
  const governed: Record<string, Tool> = {};
  for (const [name, tool] of Object.entries(tools)) {
    const own = (perTool as Record<string, object | undefined>)[name] ?? {};
    governed[name] = governTool(client, tool, { ...mergePolicy(shared, own), toolName: name } as GovernToolOptions<unknown, unknown>);
  }
  return governed as TOOLS;
}

async function runOriginal(execute: AnyExecute, input: unknown, options: ToolExecutionOptions<unknown>): Promise<unknown> {
  const result = execute(input, options);
  if (isAsyncIterable(result)) {
    let last: unknown;
    for await (const value of result) last = value;
    return last;
  }
  return await result;
}

function finish<R>(outcome: GovernedOutcome<R> | ShadowedOutcome<R>): R {
  if (outcome.ran) return outcome.value;
  throw new ToolCallBlockedError(outcome.block);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/** The completion report's default summary: never the result itself. */
function defaultSummary(result: unknown): JsonObject {
  const type = result === null ? 'null' : Array.isArray(result) ? 'array' : typeof result;
  return { success: true, result_type: type };
}
