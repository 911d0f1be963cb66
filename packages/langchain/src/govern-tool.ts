/**
 * `governTool` (the counterpart of the Python `AscendToolWrapper`) and `governedTool` (of its
 * `@governed` decorator and `create_governed_tool` factory): LangChain tools whose invocation
 * runs through ASCEND's governed-call pipeline.
 */
import { ConfigurationError, type JsonObject } from '@ascend/core';
import { createToolGovernor, type GovernanceBlock, type GovernanceClient, type ToolGovernor } from '@ascend/governance';
import type { CallbackManagerForToolRun } from '@langchain/core/callbacks/manager';
import { ToolMessage } from '@langchain/core/messages';
import { patchConfig, type RunnableConfig } from '@langchain/core/runnables';
import { DynamicStructuredTool, tool as lcTool, type StructuredToolInterface, type ToolRunnableConfig } from '@langchain/core/tools';
import type { InteropZodObject } from '@langchain/core/utils/types';
import { GovernedToolBlockedError } from './errors.js';
import { governedCall, type ToolCallContext } from './governed-call.js';
import { checkLangChainOptions, defaultSummary, splitOptions, type LangChainGovernanceOptions } from './options.js';

/** Metadata key set on governed tools, so the middleware and the callback handler leave them (and the wrapped tool's run) to their own governance. */
export const GOVERNED_METADATA_KEY = 'ascend_governed';

/** The `source` sent to ASCEND in the context of every LangChain tool call. */
export const LANGCHAIN_SOURCE = 'langchain';

/** The prefix of default action types: `langchain.tool.<toolName>`, as the Python integration names them. */
export const LANGCHAIN_ACTION_TYPE_PREFIX = 'langchain.tool';

/** @internal Creates the pipeline's governor for one tool. */
export function langChainGovernor<Args>(
  client: GovernanceClient,
  toolName: string,
  options: LangChainGovernanceOptions<Args>,
): { governor: ToolGovernor<Args, unknown>; approval: 'wait' | 'interrupt'; blockAs: 'result' | 'throw' } {
  checkLangChainOptions(options);
  const { approval, blockAs, serverName, policy } = splitOptions(options);
  const governor = createToolGovernor<Args, unknown>(
    client,
    {
      toolName,
      serverName,
      source: LANGCHAIN_SOURCE,
      actionTypePrefix: LANGCHAIN_ACTION_TYPE_PREFIX,
      component: 'langchain',
      callerLabel: 'LangChain agent',
      defaultSummary,
    },
    policy,
  );
  return { governor, approval, blockAs };
}

/** @internal What a block becomes: a tool result the model reads, or a thrown error. */
export function blockedResult(block: GovernanceBlock, toolName: string, toolCallId: string | undefined, blockAs: 'result' | 'throw'): ToolMessage | string {
  if (blockAs === 'throw') throw new GovernedToolBlockedError(block, toolName);
  if (toolCallId === undefined) return block.message;
  return new ToolMessage({
    content: block.message,
    tool_call_id: toolCallId,
    name: toolName,
    status: 'error',
    // Not sent to the model: for the application and its UI.
    artifact: { ascend: { blocked: block.kind, actionId: block.actionId ?? null } satisfies JsonObject },
  });
}

/** @internal The call's ids and signal, from the tool's run config. */
export function contextFromConfig(config: ToolRunnableConfig | RunnableConfig | undefined): ToolCallContext {
  const c = (config ?? {}) as ToolRunnableConfig & { toolCallId?: unknown };
  const fromCall = c.toolCall?.id;
  const toolCallId = typeof fromCall === 'string' ? fromCall : typeof c.toolCallId === 'string' ? c.toolCallId : undefined;
  const thread = (c.configurable as Record<string, unknown> | undefined)?.['thread_id'];
  return {
    toolCallId: boundedId(toolCallId),
    threadId: boundedId(typeof thread === 'string' || typeof thread === 'number' ? String(thread) : undefined),
    signal: c.signal,
    context: {},
  };
}

function boundedId(id: string | undefined): string | undefined {
  return id === undefined || id === '' ? undefined : id.slice(0, 256);
}

/**
 * A governed tool: the same name, description and schema as the tool it wraps; its invocation
 * runs through ASCEND. Its metadata carries `ascend_governed: true`.
 */
export type GovernedTool = DynamicStructuredTool;

/**
 * Wraps any LangChain tool (`tool()`, `DynamicStructuredTool`, `StructuredTool`, `DynamicTool`)
 * with ASCEND governance: the counterpart of the Python `AscendToolWrapper`.
 *
 * The returned tool has the same name, description, schema, `returnDirect` and metadata. When it
 * is invoked, the (schema-validated, redacted) arguments go to ASCEND first; only an allowed
 * decision (or the fail-open synthesis you chose with the client's `failMode: 'open'`) invokes
 * the wrapped tool, whose completion or failure is then reported. A pending decision waits for a
 * human (`approval: 'wait'`) or pauses the LangGraph run (`approval: 'interrupt'`). Any other
 * outcome gives the model a `ToolMessage` with `status: 'error'` and the reason (or throws a
 * {@link GovernedToolBlockedError}, with `blockAs: 'throw'`).
 *
 * @param client - An `AscendClient` / `AscendAgentClient` (`@ascend/node`, `@ascend/browser`), a `MockAscendClient`, or anything shaped like `GovernanceClient`.
 * @param tool - The tool to govern.
 * @param options - How it is governed; see {@link LangChainGovernanceOptions}.
 * @throws `ConfigurationError` at wrap time, naming the field (unknown option keys included).
 *
 * @example
 * ```ts
 * const refund = governTool(ascend, refundTool, { actionType: 'payments.refund', resource: (a) => `orders/${a.orderId}`, riskLevel: 'high' })
 * const agent = createAgent({ model, tools: [refund] })
 * ```
 */
export function governTool<Args extends Record<string, unknown> = Record<string, unknown>>(
  client: GovernanceClient,
  tool: StructuredToolInterface,
  options: LangChainGovernanceOptions<Args> = {},
): GovernedTool {
  if (typeof tool !== 'object' || tool === null || typeof tool.invoke !== 'function') {
    throw new ConfigurationError('tool', 'must be a LangChain tool (with invoke())');
  }
  if (typeof tool.name !== 'string' || tool.name.trim() === '') throw new ConfigurationError('tool.name', 'must be a non-empty string');
  const name = tool.name;
  const { governor, approval, blockAs } = langChainGovernor<Args>(client, name, options);
  const inner = tool as StructuredToolInterface & { returnDirect?: boolean; metadata?: Record<string, unknown> };

  return new DynamicStructuredTool({
    name,
    description: tool.description,
    schema: tool.schema as InteropZodObject,
    returnDirect: inner.returnDirect ?? false,
    metadata: { ...(inner.metadata ?? {}), [GOVERNED_METADATA_KEY]: true },
    func: async (input: unknown, runManager?: CallbackManagerForToolRun, config?: RunnableConfig) => {
      const ctx = contextFromConfig(config);
      const childConfig = innerConfig(config, runManager);
      const toolCall = (config as ToolRunnableConfig | undefined)?.toolCall;
      const body = (): Promise<unknown> =>
        // With the model's tool call, the inner tool answers with its own ToolMessage (its
        // artifact and status kept); otherwise with its content.
        toolCall && ctx.toolCallId !== undefined
          ? inner.invoke({ ...toolCall, args: input as Record<string, unknown>, type: 'tool_call' }, childConfig)
          : inner.invoke(input as Record<string, unknown>, childConfig);
      const result = await governedCall(governor, approval, input as Args, body, ctx);
      if (result.ran) return result.value;
      return blockedResult(result.block, name, ctx.toolCallId, blockAs);
    },
  }) as GovernedTool;
}

function innerConfig(config: RunnableConfig | undefined, runManager: CallbackManagerForToolRun | undefined): RunnableConfig {
  const base: RunnableConfig = { ...(config ?? {}) };
  delete (base as { toolCall?: unknown }).toolCall;
  delete (base as { runId?: unknown }).runId;
  // The inner tool's run is a child of the governed run: AscendCallbackHandler recognizes it by
  // its parent and leaves it alone (runs nested deeper, e.g. a sub-agent's tools, stay governed).
  return patchConfig(base, runManager ? { callbacks: runManager.getChild() } : {});
}

/** Fields of {@link governedTool}: the tool's own (as for LangChain's `tool()`) and its governance. */
export interface GovernedToolFields<Schema extends InteropZodObject> {
  /** The tool's name, as the model calls it. */
  name: string;
  /** What the tool does, for the model. */
  description: string;
  /** The arguments' zod schema. */
  schema: Schema;
  /** How it is governed. */
  governance?: LangChainGovernanceOptions;
}

/**
 * Creates a governed tool from a function: the counterpart of the Python `@governed` decorator
 * and `create_governed_tool` factory. Same as `governTool(client, tool(func, fields), governance)`.
 *
 * @param client - The ASCEND client.
 * @param func - The tool body; it runs only when ASCEND allows the call.
 * @param fields - Name, description, zod schema and `governance` options.
 * @throws `ConfigurationError` at creation time, naming the field.
 *
 * @example
 * ```ts
 * const queryDb = governedTool(ascend, async ({ sql }) => JSON.stringify(await db.query(sql)), {
 *   name: 'query_database', description: 'Run a read-only SQL query', schema: z.object({ sql: z.string() }),
 *   governance: { actionType: 'database.query', resource: 'postgresql', riskLevel: 'high' },
 * })
 * ```
 */
export function governedTool<Schema extends InteropZodObject>(
  client: GovernanceClient,
  func: (input: Record<string, unknown>, config?: ToolRunnableConfig) => unknown,
  fields: GovernedToolFields<Schema>,
): GovernedTool {
  if (typeof func !== 'function') throw new ConfigurationError('func', 'must be a function');
  if (typeof fields !== 'object' || fields === null) throw new ConfigurationError('fields', 'must be an object');
  const { governance, ...toolFields } = fields;
  const base = lcTool((input: Record<string, unknown>, config?: ToolRunnableConfig) => func(input, config) as string, toolFields);
  return governTool(client, base as unknown as StructuredToolInterface, governance ?? {});
}
