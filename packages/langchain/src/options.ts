/**
 * The governance options of a LangChain tool: the pipeline's policy plus how a pending decision
 * pauses (`approval`) and how a block reaches the agent (`blockAs`), with their validation.
 */
import { ConfigurationError, type JsonObject } from '@ascend/core';
import { checkOptionKeys, POLICY_KEYS, type GovernancePolicy } from '@ascend/governance';

/**
 * How one LangChain tool is governed: every option of `@ascend/governance`'s
 * {@link GovernancePolicy}, plus how a pending decision pauses and how a block reaches the agent.
 * Every field is optional.
 *
 * @typeParam Args - The tool's (parsed) arguments.
 */
export interface LangChainGovernanceOptions<Args = Record<string, unknown>> extends GovernancePolicy<Args, unknown> {
  /**
   * What happens when ASCEND answers pending (a human must decide):
   * - `wait`: the tool call waits, polling ASCEND, up to `approvalTimeoutMs`; works everywhere.
   * - `interrupt`: the LangGraph run pauses with `interrupt()` (its value is an
   *   {@link AscendApprovalInterrupt}) and resumes with `new Command({ resume })`. Needs a graph
   *   run with a checkpointer (`createAgent({ checkpointer })`, `graph.compile({ checkpointer })`)
   *   and a `thread_id`. On resume ASCEND is asked again: only its allowed answer runs the tool.
   *
   * In shadow mode (`enforcement: 'shadow'`) neither applies: nothing waits or pauses, and the
   * tool runs at once, marked as shadowed.
   * @defaultValue 'wait'
   */
  approval?: 'wait' | 'interrupt';
  /**
   * How a blocked call ends: `result` gives the agent a tool result (a `ToolMessage` with
   * `status: 'error'` when the call has an id) whose text tells the model why; `throw` throws a
   * {@link GovernedToolBlockedError} instead (the agent's own error handling then decides).
   * @defaultValue 'result'
   */
  blockAs?: 'result' | 'throw';
  /** The toolset's name; sent to ASCEND as the tool's server, used by a local kill-switch view. */
  serverName?: string;
}

/** The option names this package adds to the pipeline's. */
export const LANGCHAIN_OWN_KEYS = ['approval', 'blockAs', 'serverName'] as const;

/** Every option name {@link LangChainGovernanceOptions} accepts; anything else is refused as a likely typo. */
export const LANGCHAIN_OPTION_KEYS: readonly string[] = Object.freeze([...POLICY_KEYS, ...LANGCHAIN_OWN_KEYS]);

const KEY_SET: ReadonlySet<string> = new Set(LANGCHAIN_OPTION_KEYS);

/**
 * Checks the keys and this package's own fields; the pipeline validates the rest when the
 * governor is created.
 * @throws `ConfigurationError` naming the field.
 * @internal
 */
export function checkLangChainOptions(options: unknown, what = 'options'): asserts options is LangChainGovernanceOptions<never> {
  checkOptionKeys(options, KEY_SET, what);
  const o = options as LangChainGovernanceOptions<never>;
  if (o.approval !== undefined && o.approval !== 'wait' && o.approval !== 'interrupt') {
    throw new ConfigurationError('approval', "must be 'wait' or 'interrupt'");
  }
  if (o.blockAs !== undefined && o.blockAs !== 'result' && o.blockAs !== 'throw') {
    throw new ConfigurationError('blockAs', "must be 'result' or 'throw'");
  }
  if (o.serverName !== undefined && (typeof o.serverName !== 'string' || o.serverName.trim() === '' || o.serverName.length > 256)) {
    throw new ConfigurationError('serverName', 'must be a non-empty string of at most 256 characters');
  }
}

/** Splits this package's fields from the pipeline's policy. @internal */
export function splitOptions<Args>(options: LangChainGovernanceOptions<Args>): {
  approval: 'wait' | 'interrupt';
  blockAs: 'result' | 'throw';
  serverName: string | undefined;
  policy: GovernancePolicy<Args, unknown>;
} {
  const { approval, blockAs, serverName, ...policy } = options;
  return { approval: approval ?? 'wait', blockAs: blockAs ?? 'result', serverName, policy };
}

/** The completion report's default summary of a tool result: never the content itself. @internal */
export function defaultSummary(result: unknown): JsonObject {
  if (typeof result === 'string') return { success: true, content_length: result.length };
  if (typeof result === 'object' && result !== null) {
    const r = result as Record<string, unknown>;
    // A ToolMessage (duck-typed: the class may come from another copy of @langchain/core).
    if (typeof r['tool_call_id'] === 'string') {
      const status = r['status'] === 'error' ? 'error' : 'success';
      return { success: status === 'success', status };
    }
    if (r['lg_name'] === 'Command') return { success: true, command: true };
  }
  return { success: true };
}
