/**
 * Registering governed tools on an `McpServer` (MCP TypeScript SDK 1.x): one call per tool, with
 * the tool's arguments typed from its input schema, server-wide governance defaults, a
 * high-risk variant, the registry of governed tools (reference §8.3), and, with a
 * {@link GovernedTaskStore}, governed tools that run as MCP tasks (protocol 2025-11-25).
 */
import { ConfigurationError, SecretMasker } from '@ascend/core';
import type { CreateTaskRequestHandlerExtra, TaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { McpServer, RegisteredTool, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnySchema, SchemaOutput, ShapeOutput, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult, Result, Task, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { governTool, type GovernanceClient, type GovernToolOptions, type ToolExtra, type ToolGovernanceOptions } from './govern-tool.js';
import { APPROVAL_DEFAULTS, buildGovernedCall, isHighRisk, mergeGovernance, prepareToolRegistration, readExtraV1, type CallMode } from './governed-call.js';
import { GovernanceLog, stderrJsonLogger } from './log.js';
import { GovernedToolRegistry, recordTool, summarizeGovernance } from './registry.js';
import { GovernedTaskStore } from './task-store.js';

/** The arguments a tool handler receives for a given input schema (`{}` when it has none). */
export type ToolArgs<InputArgs> = InputArgs extends ZodRawShapeCompat
  ? ShapeOutput<InputArgs>
  : InputArgs extends AnySchema
    ? SchemaOutput<InputArgs>
    : Record<string, never>;

/** The MCP `registerTool` config. */
export interface ToolConfig<InputArgs extends undefined | ZodRawShapeCompat | AnySchema, OutputArgs extends ZodRawShapeCompat | AnySchema> {
  /** Display title. */
  title?: string;
  /** What the tool does (shown to the model). */
  description?: string;
  /** Input schema: a zod raw shape or schema. */
  inputSchema?: InputArgs;
  /** Output schema for `structuredContent`. */
  outputSchema?: OutputArgs;
  /** Behaviour hints for clients. */
  annotations?: ToolAnnotations;
  /** Extra metadata. */
  _meta?: Record<string, unknown>;
}

/** Governance defaults for every tool of a server, and how its tools run. */
export interface ServerGovernanceDefaults extends ToolGovernanceOptions<unknown> {
  /** The MCP server's name, sent in the context and matched by the kill-switch consumer. */
  serverName?: string;
  /**
   * Run every governed tool as a task-capable tool (`execution.taskSupport: 'optional'`): a
   * client that sends `tools/call` with a `task` gets a task at once, polls it (`tasks/get`),
   * fetches the result once the human has decided (`tasks/result`) and can cancel it
   * (`tasks/cancel`). Calls without a `task` work as before. Must be the same instance as the
   * `McpServer`'s `taskStore` option. Without it, tools are registered with `registerTool`.
   */
  taskStore?: GovernedTaskStore;
  /**
   * How long a governed task and its result are kept, in ms. A client's requested `ttl` is
   * honoured when longer; anything shorter than the approval wait plus one minute is raised to
   * that, so a task never disappears while a human decides.
   * @defaultValue `approvalTimeoutMs` + 5 min
   */
  taskTtlMs?: number;
  /** The `pollInterval` suggested to task clients, in ms. @defaultValue 1000 */
  taskPollIntervalMs?: number;
}

/** The MCP config of a governed tool, plus its governance. */
export interface GovernedToolConfig<
  InputArgs extends undefined | ZodRawShapeCompat | AnySchema,
  OutputArgs extends ZodRawShapeCompat | AnySchema,
> extends ToolConfig<InputArgs, OutputArgs> {
  /** How this tool is governed, over the server defaults. */
  governance?: ToolGovernanceOptions<ToolArgs<InputArgs>>;
}

/**
 * Governance a high-risk tool gets: `riskLevel: 'high'` and `requireHumanApproval: true` (§8.3),
 * which makes the service hold the call for a human even where policy would allow it. A tool
 * with both settings is also annotated `destructiveHint: true` unless its annotations say otherwise.
 */
export const HIGH_RISK_GOVERNANCE: Readonly<Pick<ToolGovernanceOptions, 'riskLevel' | 'requireHumanApproval'>> = Object.freeze({
  riskLevel: 'high',
  requireHumanApproval: true,
});

/**
 * Registers a governed tool on an `McpServer`: `server.registerTool(name, config, handler)` with
 * {@link governTool} in between. The tool name becomes the governance `toolName`.
 *
 * @returns The SDK's `RegisteredTool` (enable, disable, update, remove).
 * @throws {@link ConfigurationError} for invalid governance options; whatever `registerTool`
 * throws (e.g. a duplicate name).
 *
 * @example
 * ```ts
 * registerGovernedTool(server, client, 'delete_file', { inputSchema: { path: z.string() } },
 *   { serverName: 'fs', actionType: 'filesystem.delete', resource: (a) => a.path },
 *   async ({ path }) => { await rm(path); return { content: [{ type: 'text', text: 'deleted' }] } })
 * ```
 */
export function registerGovernedTool<
  InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
  OutputArgs extends ZodRawShapeCompat | AnySchema = ZodRawShapeCompat,
>(
  server: McpServer,
  client: GovernanceClient,
  name: string,
  config: ToolConfig<InputArgs, OutputArgs>,
  governance: Omit<GovernToolOptions<ToolArgs<InputArgs>>, 'toolName'> & { toolName?: string },
  handler: ToolCallback<InputArgs>,
): RegisteredTool {
  const tool = prepareToolRegistration<GovernedToolConfig<InputArgs, OutputArgs>, ToolExtra, CallToolResult>(
    server,
    name,
    config,
    governance,
    handler,
    'must be an McpServer (with registerTool)',
  );
  const governed = governTool<unknown, ToolExtra>(client, tool.options, tool.invoke);
  return server.registerTool(name, tool.mcpConfig, tool.callback(governed) as unknown as ToolCallback<InputArgs>);
}

/** An `McpServer` with governance defaults: register tools through it to govern them. */
export interface GovernedServer {
  /** The underlying server. */
  readonly server: McpServer;
  /** Names of the tools registered through this object, in registration order (a copy). */
  readonly toolNames: string[];
  /** Every governed tool with its governance options and annotations (the seed's `governed_tools`). */
  readonly registry: GovernedToolRegistry;
  /** The task store given in the defaults, when governed tools run as tasks. */
  readonly taskStore: GovernedTaskStore | undefined;
  /**
   * Registers a governed tool; `config.governance` overrides the server defaults (`metadata` is
   * merged). Same arguments as `McpServer.registerTool`.
   */
  tool<InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined, OutputArgs extends ZodRawShapeCompat | AnySchema = ZodRawShapeCompat>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: ToolCallback<InputArgs>,
  ): RegisteredTool;
  /**
   * Registers a governed tool flagged high risk ({@link HIGH_RISK_GOVERNANCE}): `riskLevel:
   * 'high'` and `requireHumanApproval: true`, so ASCEND holds every call for a human (a denial
   * still wins), and the annotation `destructiveHint: true` unless `config.annotations` sets it.
   */
  highRiskTool<InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined, OutputArgs extends ZodRawShapeCompat | AnySchema = ZodRawShapeCompat>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: ToolCallback<InputArgs>,
  ): RegisteredTool;
  /** True when `name` was registered through this object. */
  isGoverned(name: string): boolean;
}

/**
 * Wraps an `McpServer` so that tools registered through it are governed, with shared defaults.
 *
 * @example
 * ```ts
 * const tools = governedServer(server, client, { serverName: 'fs-server', killSwitch })
 * tools.tool('read_file', { description: 'Read a file', inputSchema: { path: z.string() },
 *   governance: { actionType: 'filesystem.read', resource: (a) => a.path } },
 *   async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] }))
 * tools.highRiskTool('delete_file', { inputSchema: { path: z.string() } }, async ({ path }) => …)
 * ```
 * @throws {@link ConfigurationError} for invalid defaults.
 */
export function governedServer(server: McpServer, client: GovernanceClient, defaults: ServerGovernanceDefaults = {}): GovernedServer {
  if (!defaults || typeof defaults !== 'object') throw new ConfigurationError('defaults', 'must be an object');
  if ('toolName' in defaults) throw new ConfigurationError('toolName', 'is per tool; not allowed in server defaults');
  const { taskStore, taskTtlMs, taskPollIntervalMs, ...governanceDefaults } = defaults;
  if (taskStore !== undefined && !(taskStore instanceof GovernedTaskStore)) {
    throw new ConfigurationError('taskStore', 'must be a GovernedTaskStore (the same instance as the McpServer taskStore option)');
  }
  if (
    taskStore !== undefined &&
    typeof (server as { experimental?: { tasks?: { registerToolTask?: unknown } } }).experimental?.tasks?.registerToolTask !== 'function'
  ) {
    throw new ConfigurationError('taskStore', 'needs an McpServer with experimental.tasks.registerToolTask (MCP TypeScript SDK >= 1.23)');
  }
  for (const [field, value] of [
    ['taskTtlMs', taskTtlMs],
    ['taskPollIntervalMs', taskPollIntervalMs],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new ConfigurationError(field, 'must be a positive integer (ms)');
  }
  // Validate the defaults once, up front, with the same rules as a tool.
  governTool(client, { ...(governanceDefaults as GovernToolOptions<unknown>), toolName: 'defaults' }, () => ({ content: [] }));
  const registry = new GovernedToolRegistry();
  const tasks = taskStore ? { store: taskStore, ttlMs: taskTtlMs, pollIntervalMs: taskPollIntervalMs } : undefined;

  const register = <InputArgs extends undefined | ZodRawShapeCompat | AnySchema, OutputArgs extends ZodRawShapeCompat | AnySchema>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: ToolCallback<InputArgs>,
    extra: Partial<ToolGovernanceOptions<unknown>>,
  ): RegisteredTool => {
    const { governance = {}, ...mcpConfig } = config ?? {};
    const merged = mergeGovernance(mergeGovernance(governanceDefaults as ToolGovernanceOptions<ToolArgs<InputArgs>>, extra), governance);
    const highRisk = isHighRisk(merged);
    const annotations: ToolAnnotations | undefined = highRisk ? { destructiveHint: true, ...mcpConfig.annotations } : mcpConfig.annotations;
    const finalConfig = { ...mcpConfig, ...(annotations !== undefined ? { annotations } : {}) } as ToolConfig<InputArgs, OutputArgs>;
    const tool = tasks
      ? registerGovernedTaskTool(server, client, name, finalConfig, merged, handler, tasks)
      : registerGovernedTool(server, client, name, finalConfig, merged, handler);
    return recordTool(
      registry,
      { name, highRisk, tasks: tasks !== undefined, annotations, ...summarizeGovernance({ ...(merged as Partial<GovernToolOptions<never>>) }) },
      tool,
    );
  };

  return {
    server,
    get toolNames() {
      return registry.names;
    },
    registry,
    taskStore,
    tool: (name, config, handler) => register(name, config, handler, {}),
    highRiskTool: (name, config, handler) => register(name, config, handler, HIGH_RISK_GOVERNANCE),
    isGoverned: (name) => registry.has(name),
  };
}

const taskMasker = new SecretMasker();

/**
 * Registers a governed tool as a task-capable tool (`taskSupport: 'optional'`) through the SDK's
 * `server.experimental.tasks.registerToolTask`.
 *
 * - A task-augmented call gets its task at once; the governed call (decision, wait for a human,
 *   tool, report) runs in the background and stores its result: `completed`, or `failed` when
 *   the result is an error result (blocked calls included), as the 2025-11-25 spec asks for
 *   tool calls. While a human decides, the task's status message says so.
 * - A plain call is turned into a task by the SDK and polled in process, so the client sees an
 *   ordinary `tools/call`: progress when it asked for it, and the plain-call cap otherwise.
 * - `tasks/cancel` aborts the wait through the {@link GovernedTaskStore}: the tool never runs.
 */
function registerGovernedTaskTool<InputArgs extends undefined | ZodRawShapeCompat | AnySchema, OutputArgs extends ZodRawShapeCompat | AnySchema>(
  server: McpServer,
  client: GovernanceClient,
  name: string,
  config: ToolConfig<InputArgs, OutputArgs>,
  governance: Omit<GovernToolOptions<ToolArgs<InputArgs>>, 'toolName'>,
  handler: ToolCallback<InputArgs>,
  tasks: { store: GovernedTaskStore; ttlMs: number | undefined; pollIntervalMs: number | undefined },
): RegisteredTool {
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigurationError('name', 'must be a non-empty string');
  const hasInput = config.inputSchema !== undefined;
  const call = handler as unknown as (...a: unknown[]) => CallToolResult | Promise<CallToolResult>;
  const run = buildGovernedCall<unknown, ToolExtra, CallToolResult>(
    client,
    {
      ...(config.description !== undefined ? { description: config.description } : {}),
      ...(governance as GovernToolOptions<unknown>),
      toolName: name,
    },
    (args, extra) => (hasInput ? call(args, extra) : call(extra)),
    readExtraV1,
  );
  const log = new GovernanceLog(governance.logger ?? stderrJsonLogger, governance.logLevel ?? 'warn');
  const wait = governance.approvalTimeoutMs ?? APPROVAL_DEFAULTS.approvalTimeoutMs;
  const minimumTtl = wait + 60_000;
  const defaultTtl = Math.max(tasks.ttlMs ?? wait + 300_000, minimumTtl);

  const createTask = async (args: unknown, extra: CreateTaskRequestHandlerExtra): Promise<{ task: Task }> => {
    const requested = extra.taskRequestedTtl;
    const ttl = typeof requested === 'number' && requested > 0 ? Math.max(requested, minimumTtl) : defaultTtl;
    const task = await extra.taskStore.createTask({ ttl, pollInterval: tasks.pollIntervalMs ?? 1000 });
    const settle = async (status: 'completed' | 'failed', result: CallToolResult): Promise<void> => {
      try {
        if (status === 'failed') {
          // tasks/get of a failed task should say why (spec): the blocking text, not the last wait message.
          const first = result.content[0];
          const why = first && first.type === 'text' ? first.text.slice(0, 500) : 'The tool call failed.';
          await extra.taskStore.updateTaskStatus(task.taskId, 'working', why);
        }
        await extra.taskStore.storeTaskResult(task.taskId, status, result);
      } catch (error) {
        // Cancelled or expired meanwhile: the result has nowhere to go.
        tasks.store.release(task.taskId);
        log.write('debug', 'task result not stored', { tool: name, taskId: task.taskId, error });
      }
    };
    const live = tasks.store.attach(task.taskId);
    if (!live) {
      log.write('error', 'the McpServer taskStore is not the GovernedTaskStore given to governedServer; the tool was not run', { tool: name });
      await settle('failed', {
        isError: true,
        content: [{ type: 'text', text: 'The governed tool is misconfigured (task store mismatch), so it was not run.' }],
      });
      return { task };
    }
    const mode: CallMode = {
      kind: live.augmented ? 'task' : 'request',
      taskSignal: live.signal,
      onWaiting: (message) => {
        void extra.taskStore.updateTaskStatus(task.taskId, 'working', message).catch((error: unknown) => {
          log.write('debug', 'task status message not sent', { tool: name, taskId: task.taskId, error });
        });
      },
    };
    void run(hasInput ? args : {}, extra, mode).then(
      (result) => settle(result.isError === true ? 'failed' : 'completed', result as CallToolResult),
      (error: unknown) =>
        settle('failed', {
          isError: true,
          content: [{ type: 'text', text: taskMasker.maskString(error instanceof Error ? error.message : String(error)).slice(0, 1000) }],
        }),
    );
    return { task };
  };
  const getTask = (extra: TaskRequestHandlerExtra) => extra.taskStore.getTask(extra.taskId) as Promise<Task & Result>;
  const getTaskResult = (extra: TaskRequestHandlerExtra) => extra.taskStore.getTaskResult(extra.taskId) as Promise<CallToolResult>;
  const taskHandler = hasInput
    ? {
        createTask: (args: unknown, extra: CreateTaskRequestHandlerExtra) => createTask(args, extra),
        getTask: (_args: unknown, extra: TaskRequestHandlerExtra) => getTask(extra),
        getTaskResult: (_args: unknown, extra: TaskRequestHandlerExtra) => getTaskResult(extra),
      }
    : {
        createTask: (extra: CreateTaskRequestHandlerExtra) => createTask({}, extra),
        getTask: (extra: TaskRequestHandlerExtra) => getTask(extra),
        getTaskResult: (extra: TaskRequestHandlerExtra) => getTaskResult(extra),
      };
  const { governance: _nested, ...mcpConfig } = config as GovernedToolConfig<InputArgs, OutputArgs>;
  void _nested;
  const api = server.experimental.tasks as unknown as {
    registerToolTask(toolName: string, toolConfig: Record<string, unknown>, toolHandler: object): RegisteredTool;
  };
  return api.registerToolTask(name, { ...mcpConfig, execution: { taskSupport: 'optional' } }, taskHandler);
}
