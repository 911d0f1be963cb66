/**
 * `governedTool`: an OpenAI Agents SDK function tool that ASCEND governs.
 *
 * The mapping onto the SDK's run loop:
 * - `needsApproval` asks ASCEND (without waiting). Allowed or blocked: no interruption, and the
 *   tool's execution applies the verdict (runs the body, or tells the model why not). Pending: the
 *   run stops with an interruption (`result.interruptions`), the pending handle kept with the run.
 * - After `state.approve(item)` and `run(agent, state)`, the execution resumes the ASCEND action
 *   and runs the body only on ASCEND's allowed answer: the SDK-side approval alone never runs it.
 * - After `state.reject(item)`, the SDK never executes the tool; the adapter withdraws the ASCEND
 *   action (a `CANCELLED_BY_CLIENT` failure report) when the agent next prepares its tools.
 * - Shadow mode (`enforcement: 'shadow'`): `needsApproval` always answers `false` (ASCEND is
 *   asked without waiting), and the execution goes through the pipeline's `proceed`, so a call
 *   governance would have blocked or held for a human runs anyway, marked as shadowed. The kill
 *   switch (unless `shadowKillSwitch: 'observe'`) and the run's cancellation still block.
 */
import { ConfigurationError, type JsonObject, type PendingDecision } from '@ascend/core';
import {
  cancelledBlock,
  checkOptionKeys,
  createToolGovernor,
  errorForBlock,
  GovernanceLog,
  pendingBlock,
  POLICY_KEYS,
  stderrJsonLogger,
  type CallSite,
  type GovernanceBlock,
  type GovernanceClient,
  type GovernancePolicy,
  type ToolGovernor,
  type Verdict,
} from '@ascend/governance';
import { tool, type FunctionTool, type RunContext, type Tool, type ToolExecuteArgument, type ToolInputParameters, type ToolOptions } from '@openai/agents';
import { isRecord, pendingOf, recall, remember, take, type PendingEntry } from './registry.js';

/** Sent to ASCEND as `context.source`. */
export const OPENAI_AGENTS_SOURCE = 'openai_agents';

/**
 * How one function tool is governed: the pipeline's {@link GovernancePolicy}, plus how a block
 * reaches the model and where the conversation id comes from. Every field is optional.
 *
 * @typeParam Args - The tool's parsed arguments.
 * @typeParam Context - The run context type of the agent.
 */
export interface OpenAIAgentsGovernanceOptions<Args = Record<string, unknown>, Context = unknown> extends GovernancePolicy<Args, unknown> {
  /**
   * How a blocked call ends: `result` returns the block's text as the tool's output, so the model
   * reads why; `throw` throws the typed error (`ActionDeniedError`, `ApprovalTimeoutError`,
   * `KillSwitchError`, `GovernanceUnavailableError`…), which the SDK hands to the tool's
   * `errorFunction` (or fails the run when it is `null`).
   * @defaultValue 'result'
   */
  blockAs?: 'result' | 'throw';
  /** The conversation or thread id of a run, sent as the call's `sessionId`. */
  sessionId?: (runContext: RunContext<Context>) => string | undefined;
}

/** The option names only this adapter has, next to the pipeline's `POLICY_KEYS`. */
const ADAPTER_KEYS = ['blockAs', 'sessionId'] as const;

/** The governance of a tool built by {@link governedTool}, for the run-state helpers. */
export interface ToolBinding {
  /** The tool's name. */
  readonly toolName: string;
  /** Reports the withdrawal of every pending call of this tool the SDK rejected in this run. */
  withdrawRejected(runContext: RunContext<unknown>): Promise<number>;
}

const bindings = new WeakMap<object, ToolBinding>();

/** The governance of a tool, when {@link governedTool} built it. */
export function bindingOf(t: Tool<unknown> | object): ToolBinding | undefined {
  return bindings.get(t);
}

/**
 * Builds an OpenAI Agents SDK function tool (the SDK's own `tool()`) whose calls ASCEND governs.
 *
 * Takes the same options as `tool()` — `name` is required, and `needsApproval` is refused because
 * ASCEND decides when a human is needed — plus the governance options. Before each call ASCEND
 * evaluates it (arguments redacted); only an explicit allowed decision (or a fail-open synthesis
 * with `failMode: 'open'`) runs `execute`. A pending decision interrupts the run
 * (`result.interruptions`); approve it in the SDK and resume, and the tool runs once ASCEND's
 * reviewer has approved it too. Completion or failure is reported to ASCEND afterwards. With
 * `enforcement: 'shadow'` the run is never interrupted, and a call governance would have blocked
 * runs anyway, marked as shadowed (the kill switch and the run's cancellation still block).
 *
 * @param client - An `AscendClient`, an `AscendAgentClient`, a `MockAscendClient`, or anything shaped like {@link GovernanceClient}.
 * @param options - The SDK's tool options (`name`, `description`, `parameters`, `execute`, …).
 * @param governance - How the tool is governed; see {@link OpenAIAgentsGovernanceOptions}.
 * @returns The SDK's `FunctionTool`, to put in an `Agent`'s `tools`.
 * @throws `ConfigurationError` naming the field, for invalid options (unknown keys included).
 *
 * @example
 * ```ts
 * const refund = governedTool(client, {
 *   name: 'refund', description: 'Refund an order', parameters: z.object({ orderId: z.string(), amount: z.number() }),
 *   execute: async ({ orderId, amount }) => payments.refund(orderId, amount),
 * }, { resource: (a) => `orders/${a.orderId}`, riskLevel: 'high' })
 * ```
 */
export function governedTool<TParameters extends ToolInputParameters = undefined, Context = unknown, Result = string>(
  client: GovernanceClient,
  options: ToolOptions<TParameters, Context> & { needsApproval?: never },
  governance: OpenAIAgentsGovernanceOptions<ToolExecuteArgument<TParameters>, Context> = {},
): FunctionTool<Context, TParameters, Result> {
  type Args = ToolExecuteArgument<TParameters>;
  const given: unknown = governance;
  checkOptionKeys(given, new Set([...POLICY_KEYS, ...ADAPTER_KEYS]), 'governance');
  if (!isRecord(options)) throw new ConfigurationError('options', 'must be the tool options object');
  if (typeof options.name !== 'string' || options.name.trim() === '') throw new ConfigurationError('name', 'is required');
  if (typeof options.execute !== 'function') throw new ConfigurationError('execute', 'must be a function');
  if ((options as { needsApproval?: unknown }).needsApproval !== undefined) {
    throw new ConfigurationError('needsApproval', 'ASCEND decides when a human must approve; use the requireHumanApproval governance option');
  }
  if ((options as { outputSchema?: unknown }).outputSchema !== undefined && governance.blockAs !== 'throw') {
    throw new ConfigurationError('outputSchema', "a block's text does not match an output schema; set blockAs: 'throw'");
  }
  if (governance.blockAs !== undefined && governance.blockAs !== 'result' && governance.blockAs !== 'throw') {
    throw new ConfigurationError('blockAs', "must be 'result' or 'throw'");
  }
  if (governance.sessionId !== undefined && typeof governance.sessionId !== 'function') {
    throw new ConfigurationError('sessionId', 'must be a function of the run context');
  }
  const { blockAs, sessionId, ...policy } = governance;
  const userExecute = options.execute as (input: Args, context?: RunContext<Context>, details?: ExecuteDetails) => unknown;
  const userIsEnabled = options.isEnabled as IsEnabledOption<Context> | undefined;
  const shadowMode = policy.enforcement === 'shadow';
  const log = new GovernanceLog(policy.logger ?? stderrJsonLogger, policy.logLevel ?? 'warn', 'openai-agents');

  // The SDK normalizes the name, so `name` and `governor` are set once it has built the tool
  // (below); the functions here run only during a run, after that.

  const site = (runContext: RunContext<Context> | undefined, callId: string | undefined, signal?: AbortSignal): CallSite => {
    let session: string | undefined;
    if (sessionId && runContext) {
      try {
        const s = sessionId(runContext);
        session = typeof s === 'string' && s !== '' ? s : undefined;
      } catch (error) {
        log.write('warn', 'sessionId threw; ignored', { tool: name, error });
      }
    }
    const context: JsonObject = callId !== undefined ? { tool_call_id: callId } : {};
    return { requestId: callId, sessionId: session, signal, context };
  };

  const blocked = (block: GovernanceBlock): string => {
    if (blockAs === 'throw') throw errorForBlock(block);
    return block.message;
  };

  const needsApproval = async (runContext: RunContext<Context>, input: Args, callId?: string): Promise<boolean> => {
    // Without a call id nothing can be kept for the execution: it will decide (and wait) itself.
    if (callId === undefined) return false;
    const known = recall(runContext, name, callId);
    // Asked again for the same call (a resumed run re-checks): never a second ASCEND action.
    if (known) return known.kind === 'pending';
    // In shadow mode a pending decision comes back as an `approval_pending` block, never as a
    // pending verdict: no interruption, and the execution runs the tool marked as shadowed.
    const verdict = await governor.decide(input, site(runContext, callId), { wait: false });
    if (verdict.kind === 'pending') {
      remember(runContext, name, callId, pendingEntry(name, callId, verdict.decision, verdict.call));
      return true;
    }
    remember(runContext, name, callId, { kind: 'decided', verdict });
    return false;
  };

  const execute = async (input: Args, runContext?: RunContext<Context>, details?: ExecuteDetails): Promise<unknown> => {
    const callId = details?.toolCall?.callId;
    const callSite = site(runContext, callId, details?.signal);
    const entry = runContext && callId !== undefined ? take(runContext, name, callId) : undefined;
    const g = governor;
    let verdict: Verdict;
    if (entry?.kind === 'decided') verdict = entry.verdict;
    // Interrupted by an enforce-mode process, resumed in shadow mode: never wait for the reviewer.
    else if (entry?.kind === 'pending' && shadowMode) verdict = { kind: 'blocked', block: pendingEntryBlock(entry), call: entry.call };
    // Approved in the SDK: ASCEND's reviewer still decides (possibly already has).
    else if (entry?.kind === 'pending') verdict = await g.resume(entry.handle, entry.call, callSite);
    // Nothing recorded (approved for the whole run in the SDK, or a run state restored without
    // its pending handles): the whole governed call, waiting for a human here if needed.
    else verdict = await g.decide(input, callSite);
    // Allowed runs; in shadow mode a would-be block runs too (marked as shadowed); anything else
    // is handled as a block.
    const outcome = await g.proceed(verdict, () => userExecute(input, runContext, details), callSite);
    return outcome.ran ? outcome.value : blocked(outcome.block);
  };

  const withdrawRejected = async (runContext: RunContext<Context> | RunContext<unknown>): Promise<number> => {
    let withdrawn = 0;
    for (const entry of pendingOf(runContext)) {
      if (entry.toolName !== name) continue;
      let approval: boolean | undefined;
      try {
        approval = runContext.isToolApproved({ toolName: name, callId: entry.callId });
      } catch (error) {
        log.write('warn', 'could not read the SDK approval of a pending call', { tool: name, error });
        continue;
      }
      if (approval !== false || take(runContext, name, entry.callId) === undefined) continue;
      withdrawn++;
      log.write('info', 'tool call rejected in the run; withdrawing the ASCEND action', { tool: name, actionId: entry.handle.actionId });
      const block: GovernanceBlock = { ...cancelledBlock(entry.decision, undefined, 'request'), actionId: entry.handle.actionId };
      await governor.block(block, entry.call);
    }
    return withdrawn;
  };

  const isEnabled = async ({ runContext, agent }: { runContext: RunContext<Context>; agent: unknown }): Promise<boolean> => {
    // The agent prepares its tools at every turn, a resumed run's included: the moment a
    // rejection made in the SDK (state.reject) becomes visible to the tool.
    await withdrawRejected(runContext);
    if (userIsEnabled === undefined) return true;
    if (typeof userIsEnabled === 'boolean') return userIsEnabled;
    return Boolean(await userIsEnabled({ runContext, agent }));
  };

  const built = tool({ ...options, needsApproval, isEnabled, execute } as unknown as ToolOptions<TParameters, Context>) as unknown as FunctionTool<
    Context,
    TParameters,
    Result
  >;
  const name = built.name;
  const governor: ToolGovernor<Args, unknown> = createToolGovernor<Args, unknown>(
    client,
    {
      toolName: name,
      source: OPENAI_AGENTS_SOURCE,
      actionTypePrefix: 'tool',
      component: 'openai-agents',
      callerLabel: 'OpenAI Agents SDK client',
      defaultSummary,
    },
    policy,
  );
  bindings.set(built, Object.freeze({ toolName: name, withdrawRejected }));
  return built;
}

/** What the SDK passes to `execute` as its third argument (the parts the adapter reads). */
interface ExecuteDetails {
  toolCall?: { callId?: string };
  signal?: AbortSignal;
}

type IsEnabledOption<Context> = boolean | ((args: { runContext: RunContext<Context>; agent: unknown }) => boolean | Promise<boolean>);

function pendingEntry(toolName: string, callId: string, decision: PendingDecision, call: PendingEntry['call']): PendingEntry {
  return {
    kind: 'pending',
    toolName,
    callId,
    handle: { actionId: decision.actionId, approvalRequestId: decision.approvalRequestId, expiresAt: decision.expiresAt },
    call,
    decision,
  };
}

/** The block a pending call stands for: its pending decision when known, else its handle. */
function pendingEntryBlock(entry: PendingEntry): GovernanceBlock {
  if (entry.decision) return pendingBlock(entry.decision);
  const actionId = entry.handle.actionId;
  return {
    kind: 'approval_pending',
    message: `This tool call needs human approval in ASCEND (action ${actionId}) and was not run.`,
    actionId,
    decision: undefined,
    error: undefined,
  };
}

/** The completion report's default summary: the result's shape, never its content. */
function defaultSummary(result: unknown): JsonObject {
  const type = result === null ? 'null' : Array.isArray(result) ? 'array' : typeof result;
  return { success: true, result_type: type, ...(typeof result === 'string' ? { length: result.length } : {}) };
}
