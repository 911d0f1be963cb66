/**
 * Registering governed tools on an `McpServer` of MCP TypeScript SDK 2.x
 * (`@modelcontextprotocol/server`): one call per tool, with the tool's arguments typed from its
 * input schema (any Standard Schema with JSON Schema, e.g. `z.object(...)`), server-wide
 * governance defaults, a high-risk variant, and the registry of governed tools.
 *
 * The governed call is the 1.x entry's (`governed-call.ts`); only the SDK-typed surface differs.
 * MCP tasks are not offered here: SDK 2.x moved them out of the server package into the separate
 * `@modelcontextprotocol/ext-tasks` extension (decision 027).
 */
import { ConfigurationError } from '@ascend/core';
import type { GovernanceClient } from '@ascend/governance';
import type {
  CallToolResult,
  Icon,
  McpServer,
  RegisteredTool,
  ScopeChallengeHandler,
  ServerContext,
  StandardSchemaWithJSON,
  ToolAnnotations,
} from '@modelcontextprotocol/server';
import { buildGovernedCall, isHighRisk, mergeGovernance, prepareToolRegistration, readContextV2, REQUEST_MODE } from '../governed-call.js';
import { GovernedToolRegistry, recordTool, summarizeGovernance } from '../registry.js';
import { governTool, type GovernToolOptions, type ToolGovernanceOptions } from './govern-tool.js';

/** What a server without `registerTool` is told. */
const SERVER_MESSAGE = 'must be an McpServer from @modelcontextprotocol/server (with registerTool)';

/** The arguments a tool handler receives for a given input schema (`{}` when it has none). */
export type ToolArgs<InputArgs> = InputArgs extends StandardSchemaWithJSON ? StandardSchemaWithJSON.InferOutput<InputArgs> : Record<string, never>;

/**
 * A governed tool's handler: `(args, ctx)` with an input schema, `(ctx)` without, like the SDK's
 * `ToolCallback`. It returns a complete `CallToolResult`: a multi-round-trip `inputRequired(...)`
 * result would end the governed call before the tool's work is done (decision 027).
 */
export type GovernedToolCallback<InputArgs extends StandardSchemaWithJSON | undefined = undefined> = InputArgs extends StandardSchemaWithJSON
  ? (args: ToolArgs<InputArgs>, ctx: ServerContext) => CallToolResult | Promise<CallToolResult>
  : (ctx: ServerContext) => CallToolResult | Promise<CallToolResult>;

/** The SDK 2.x `registerTool` config. */
export interface ToolConfig<InputArgs extends StandardSchemaWithJSON | undefined, OutputArgs extends StandardSchemaWithJSON | undefined> {
  /** Display title. */
  title?: string;
  /** What the tool does (shown to the model). */
  description?: string;
  /** Input schema: a Standard Schema with JSON Schema, e.g. `z.object({ path: z.string() })`. */
  inputSchema?: InputArgs;
  /** Output schema for `structuredContent`. */
  outputSchema?: OutputArgs;
  /** Behaviour hints for clients. */
  annotations?: ToolAnnotations;
  /** Icons for the tool. */
  icons?: Icon[];
  /** Whether this tool call needs an OAuth scope challenge. */
  scopeChallenge?: ScopeChallengeHandler;
  /** Extra metadata. */
  _meta?: Record<string, unknown>;
}

/** The MCP config of a governed tool, plus its governance. */
export interface GovernedToolConfig<
  InputArgs extends StandardSchemaWithJSON | undefined,
  OutputArgs extends StandardSchemaWithJSON | undefined,
> extends ToolConfig<InputArgs, OutputArgs> {
  /** How this tool is governed, over the server defaults. */
  governance?: ToolGovernanceOptions<ToolArgs<InputArgs>>;
}

/** Governance defaults for every tool of a server. */
export interface ServerGovernanceDefaults extends ToolGovernanceOptions<unknown> {
  /** The MCP server's name, sent in the context and matched by the kill-switch consumer. */
  serverName?: string;
}

/**
 * Registers a governed tool on an SDK 2.x `McpServer`: `server.registerTool(name, config,
 * handler)` with {@link governTool} in between. The tool name becomes the governance `toolName`.
 *
 * @returns The SDK's `RegisteredTool` (enable, disable, update, remove).
 * @throws `ConfigurationError` for an invalid server, name, config or governance options;
 * whatever `registerTool` throws (e.g. a duplicate name).
 *
 * @example
 * ```ts
 * registerGovernedTool(server, client, 'delete_file', { inputSchema: z.object({ path: z.string() }) },
 *   { serverName: 'fs', actionType: 'filesystem.delete', resource: (a) => a.path },
 *   async ({ path }) => { await rm(path); return { content: [{ type: 'text', text: 'deleted' }] } })
 * ```
 */
export function registerGovernedTool<
  InputArgs extends StandardSchemaWithJSON | undefined = undefined,
  OutputArgs extends StandardSchemaWithJSON | undefined = undefined,
>(
  server: McpServer,
  client: GovernanceClient,
  name: string,
  config: ToolConfig<InputArgs, OutputArgs>,
  governance: Omit<GovernToolOptions<ToolArgs<InputArgs>>, 'toolName'> & { toolName?: string },
  handler: GovernedToolCallback<InputArgs>,
): RegisteredTool {
  const tool = prepareToolRegistration<GovernedToolConfig<InputArgs, OutputArgs>, ServerContext, CallToolResult>(
    server,
    name,
    config,
    governance,
    handler,
    SERVER_MESSAGE,
  );
  const run = buildGovernedCall<unknown, ServerContext, CallToolResult>(client, tool.options, tool.invoke, readContextV2);
  // The config goes to the SDK unchanged; its overloads are typed per schema, the handler is ours.
  const register = server.registerTool.bind(server) as unknown as (toolName: string, toolConfig: object, cb: unknown) => RegisteredTool;
  return register(
    name,
    tool.mcpConfig,
    tool.callback((args, ctx) => run(args, ctx, REQUEST_MODE)),
  );
}

/** An SDK 2.x `McpServer` with governance defaults: register tools through it to govern them. */
export interface GovernedServer {
  /** The underlying server. */
  readonly server: McpServer;
  /** Names of the tools registered through this object, in registration order (a copy). */
  readonly toolNames: string[];
  /** Every governed tool with its governance options and annotations. */
  readonly registry: GovernedToolRegistry;
  /**
   * Registers a governed tool; `config.governance` overrides the server defaults (`metadata` is
   * merged). Same arguments as `McpServer.registerTool`.
   */
  tool<InputArgs extends StandardSchemaWithJSON | undefined = undefined, OutputArgs extends StandardSchemaWithJSON | undefined = undefined>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: GovernedToolCallback<InputArgs>,
  ): RegisteredTool;
  /**
   * Registers a governed tool flagged high risk (`HIGH_RISK_GOVERNANCE`): `riskLevel: 'high'`
   * and `requireHumanApproval: true`, so ASCEND holds every call for a human (a denial still
   * wins), and the annotation `destructiveHint: true` unless `config.annotations` sets it.
   */
  highRiskTool<InputArgs extends StandardSchemaWithJSON | undefined = undefined, OutputArgs extends StandardSchemaWithJSON | undefined = undefined>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: GovernedToolCallback<InputArgs>,
  ): RegisteredTool;
  /** True when `name` was registered through this object. */
  isGoverned(name: string): boolean;
}

/**
 * Governance a high-risk tool gets: `riskLevel: 'high'` and `requireHumanApproval: true`, which
 * makes the service hold the call for a human even where policy would allow it. A tool with both
 * settings is also annotated `destructiveHint: true` unless its annotations say otherwise.
 */
export const HIGH_RISK_GOVERNANCE: Readonly<Pick<ToolGovernanceOptions, 'riskLevel' | 'requireHumanApproval'>> = Object.freeze({
  riskLevel: 'high',
  requireHumanApproval: true,
});

/**
 * Wraps an SDK 2.x `McpServer` so that tools registered through it are governed, with shared
 * defaults.
 *
 * @example
 * ```ts
 * const tools = governedServer(server, client, { serverName: 'fs-server', killSwitch })
 * tools.tool('read_file', { inputSchema: z.object({ path: z.string() }), governance: { resource: (a) => a.path } },
 *   async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] }))
 * ```
 * @throws `ConfigurationError` for invalid defaults (`taskStore` included: MCP tasks are not
 * offered for SDK 2.x).
 */
export function governedServer(server: McpServer, client: GovernanceClient, defaults: ServerGovernanceDefaults = {}): GovernedServer {
  if (!server || typeof (server as { registerTool?: unknown }).registerTool !== 'function') throw new ConfigurationError('server', SERVER_MESSAGE);
  if (!defaults || typeof defaults !== 'object') throw new ConfigurationError('defaults', 'must be an object');
  if ('toolName' in defaults) throw new ConfigurationError('toolName', 'is per tool; not allowed in server defaults');
  for (const key of ['taskStore', 'taskTtlMs', 'taskPollIntervalMs']) {
    if (key in defaults) {
      throw new ConfigurationError(
        key,
        'MCP tasks are not offered for @modelcontextprotocol/server 2.x (they moved to @modelcontextprotocol/ext-tasks); use @ascend/mcp with @modelcontextprotocol/sdk 1.x for governed task tools',
      );
    }
  }
  // Validate the defaults once, up front, with the same rules as a tool.
  governTool(client, { ...(defaults as GovernToolOptions<unknown>), toolName: 'defaults' }, () => ({ content: [] }));
  const registry = new GovernedToolRegistry();

  const register = <InputArgs extends StandardSchemaWithJSON | undefined, OutputArgs extends StandardSchemaWithJSON | undefined>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: GovernedToolCallback<InputArgs>,
    extra: Partial<ToolGovernanceOptions<unknown>>,
  ): RegisteredTool => {
    const { governance = {}, ...mcpConfig } = config ?? {};
    const merged = mergeGovernance(mergeGovernance(defaults as ToolGovernanceOptions<ToolArgs<InputArgs>>, extra), governance);
    const highRisk = isHighRisk(merged);
    const annotations: ToolAnnotations | undefined = highRisk ? { destructiveHint: true, ...mcpConfig.annotations } : mcpConfig.annotations;
    const finalConfig = { ...mcpConfig, ...(annotations !== undefined ? { annotations } : {}) } as ToolConfig<InputArgs, OutputArgs>;
    const tool = registerGovernedTool(server, client, name, finalConfig, merged, handler);
    return recordTool(
      registry,
      { name, highRisk, tasks: false, annotations, ...summarizeGovernance({ ...(merged as Partial<GovernToolOptions<never>>) }) },
      tool,
    );
  };

  return {
    server,
    get toolNames() {
      return registry.names;
    },
    registry,
    tool: (name, config, handler) => register(name, config, handler, {}),
    highRiskTool: (name, config, handler) => register(name, config, handler, HIGH_RISK_GOVERNANCE),
    isGoverned: (name) => registry.has(name),
  };
}
