/**
 * `ascendMiddleware`: governs every tool call of a LangChain v1 `createAgent` agent through its
 * `wrapToolCall` middleware hook, without wrapping each tool.
 */
import { ConfigurationError } from '@ascend/core';
import type { GovernanceClient } from '@ascend/governance';
import type { ToolMessage } from '@langchain/core/messages';
import { createMiddleware, type AgentMiddleware } from 'langchain';
import { blockedResult, GOVERNED_METADATA_KEY, langChainGovernor } from './govern-tool.js';
import { governedCall } from './governed-call.js';
import { checkLangChainOptions, type LangChainGovernanceOptions } from './options.js';

/** Options of {@link ascendMiddleware}: defaults for every tool, and per-tool overrides. */
export interface AscendMiddlewareOptions extends LangChainGovernanceOptions {
  /**
   * Per-tool options by tool name, over the defaults (`metadata` objects merged); `false` leaves
   * that tool ungoverned (say so on purpose: every other tool call is governed).
   */
  tools?: Record<string, LangChainGovernanceOptions | false>;
}

const MAX_TOOL_NAME = 256;
const MAX_CACHED_GOVERNORS = 512;

/**
 * A `createAgent` middleware that governs every tool call of the agent: before a tool runs, the
 * call goes to ASCEND; only an allowed decision (or the fail-open synthesis you chose) runs it,
 * and its completion or failure is reported. A block gives the model a `ToolMessage` with
 * `status: 'error'` and the reason (or, with `blockAs: 'throw'`, fails the run with a
 * {@link GovernedToolBlockedError}). A pending decision waits (`approval: 'wait'`) or pauses the
 * run with `interrupt()` (`approval: 'interrupt'`; give the agent a checkpointer). Tools wrapped
 * with {@link governTool} are left to their own governance.
 *
 * @param client - The ASCEND client.
 * @param options - Defaults for every tool, and `tools` for per-tool options.
 * @throws `ConfigurationError` at creation time, naming the field.
 *
 * @example
 * ```ts
 * const agent = createAgent({
 *   model, tools: [refund, lookup], checkpointer: new MemorySaver(),
 *   middleware: [ascendMiddleware(ascend, { approval: 'interrupt', tools: { refund: { riskLevel: 'high' } } })],
 * })
 * ```
 */
export function ascendMiddleware(client: GovernanceClient, options: AscendMiddlewareOptions = {}): AgentMiddleware {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'must be an object');
  const { tools: perTool = {}, ...defaults } = options;
  checkLangChainOptions(defaults);
  if (typeof perTool !== 'object' || perTool === null || Array.isArray(perTool)) throw new ConfigurationError('tools', 'must be an object');
  const governors = new Map<string, ReturnType<typeof langChainGovernor<Record<string, unknown>>>>();
  const forTool = (name: string) => {
    const cached = governors.get(name);
    if (cached) return cached;
    const own = Object.prototype.hasOwnProperty.call(perTool, name) ? perTool[name] : undefined;
    const merged = own
      ? { ...defaults, ...own, ...(defaults.metadata && own.metadata ? { metadata: { ...defaults.metadata, ...own.metadata } } : {}) }
      : defaults;
    const made = langChainGovernor<Record<string, unknown>>(client, name, merged);
    if (governors.size < MAX_CACHED_GOVERNORS) governors.set(name, made);
    return made;
  };
  // Named tools are validated now, so a bad per-tool option is refused at creation.
  for (const [name, own] of Object.entries(perTool)) {
    if (own === false) continue;
    if (typeof own !== 'object' || own === null) throw new ConfigurationError(`tools.${name}`, 'must be an options object or false');
    forTool(name);
  }
  // The defaults too, before the first call.
  langChainGovernor(client, 'any_tool', defaults);

  return createMiddleware({
    name: 'AscendGovernanceMiddleware',
    wrapToolCall: async (request, handler) => {
      const call = request.toolCall;
      const name = typeof call.name === 'string' ? call.name : '';
      const toolMetadata = (request.tool as { metadata?: Record<string, unknown> } | undefined)?.metadata;
      if (Object.prototype.hasOwnProperty.call(perTool, name) && perTool[name] === false) return handler(request);
      if (toolMetadata?.[GOVERNED_METADATA_KEY] === true) return handler(request);
      const toolCallId = typeof call.id === 'string' && call.id !== '' ? call.id.slice(0, 256) : undefined;
      if (name === '' || name.length > MAX_TOOL_NAME) {
        // Not a tool anyone can have registered: nothing runs, and ASCEND is not asked.
        return blockedResultFor(`The tool name is not valid, so no tool was run.`, name.slice(0, MAX_TOOL_NAME) || 'unknown', toolCallId);
      }
      const { governor, approval, blockAs } = forTool(name);
      const runtime = request.runtime as { configurable?: Record<string, unknown>; signal?: AbortSignal } | undefined;
      const thread = runtime?.configurable?.['thread_id'];
      const args = (typeof call.args === 'object' && call.args !== null ? call.args : {}) as Record<string, unknown>;
      const result = await governedCall(governor, approval, args, () => handler(request), {
        toolCallId,
        threadId: typeof thread === 'string' || typeof thread === 'number' ? String(thread).slice(0, 256) : undefined,
        signal: runtime?.signal,
        context: { langchain_integration: 'middleware' },
      });
      if (result.ran) return result.value as Awaited<ReturnType<typeof handler>>;
      const blocked = blockedResult(result.block, name, toolCallId ?? '', blockAs);
      return blocked as ToolMessage;
    },
  }) as AgentMiddleware;
}

function blockedResultFor(message: string, name: string, toolCallId: string | undefined): ToolMessage {
  return blockedResult({ kind: 'error', message, actionId: undefined, decision: undefined, error: undefined }, name, toolCallId ?? '', 'result') as ToolMessage;
}
