/**
 * Registering governed tools on an `McpServer` (MCP TypeScript SDK 1.x): one call per tool, with
 * the tool's arguments typed from its input schema, server-wide governance defaults, a
 * high-risk variant, and the list of governed tool names (reference §8.3).
 */
import { ConfigurationError } from '@ascend/core';
import type { McpServer, RegisteredTool, ToolCallback } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AnySchema, SchemaOutput, ShapeOutput, ZodRawShapeCompat } from '@modelcontextprotocol/sdk/server/zod-compat.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import {
  governTool,
  mergeGovernance,
  type GovernanceClient,
  type GovernToolOptions,
  type ToolExtra,
  type ToolGovernanceOptions,
} from './govern-tool.js';

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

/** Governance defaults for every tool of a server. */
export interface ServerGovernanceDefaults extends ToolGovernanceOptions<unknown> {
  /** The MCP server's name, sent in the context and matched by the kill-switch consumer. */
  serverName?: string;
}

/** The MCP config of a governed tool, plus its governance. */
export interface GovernedToolConfig<InputArgs extends undefined | ZodRawShapeCompat | AnySchema, OutputArgs extends ZodRawShapeCompat | AnySchema>
  extends ToolConfig<InputArgs, OutputArgs> {
  /** How this tool is governed, over the server defaults. */
  governance?: ToolGovernanceOptions<ToolArgs<InputArgs>>;
}

/** Governance a high-risk tool gets: `riskLevel: 'high'` and `requireHumanApproval: true` (§8.3). */
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
  if (!server || typeof (server as { registerTool?: unknown }).registerTool !== 'function') {
    throw new ConfigurationError('server', 'must be an McpServer (with registerTool)');
  }
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigurationError('name', 'must be a non-empty string');
  if (!config || typeof config !== 'object') throw new ConfigurationError('config', 'must be an object');
  const { governance: _nested, ...mcpConfig } = config as GovernedToolConfig<InputArgs, OutputArgs>;
  void _nested;
  const hasInput = mcpConfig.inputSchema !== undefined;
  // The SDK calls `handler(args, extra)` when there is an input schema and `handler(extra)`
  // otherwise; governance always sees an arguments object.
  const call = handler as unknown as (...a: unknown[]) => CallToolResult | Promise<CallToolResult>;
  const governed = governTool<unknown, ToolExtra>(
    client,
    {
      ...(mcpConfig.description !== undefined ? { description: mcpConfig.description } : {}),
      ...(governance as GovernToolOptions<unknown>),
      toolName: governance.toolName ?? name,
    },
    (args, extra) => (hasInput ? call(args, extra) : call(extra)),
  );
  const registered = hasInput
    ? (args: unknown, extra: ToolExtra) => governed(args, extra)
    : (extra: ToolExtra) => governed({}, extra);
  return server.registerTool(name, mcpConfig as ToolConfig<InputArgs, OutputArgs>, registered as unknown as ToolCallback<InputArgs>);
}

/** An `McpServer` with governance defaults: register tools through it to govern them. */
export interface GovernedServer {
  /** The underlying server. */
  readonly server: McpServer;
  /** Names of the tools registered through this object, in registration order (a copy). */
  readonly toolNames: string[];
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
   * Registers a governed tool flagged high risk: `riskLevel: 'high'` and
   * `requireHumanApproval: true` in the context (§8.3). The service decides what they mean;
   * approval waiting is on unless you turn it off.
   */
  highRiskTool<
    InputArgs extends undefined | ZodRawShapeCompat | AnySchema = undefined,
    OutputArgs extends ZodRawShapeCompat | AnySchema = ZodRawShapeCompat,
  >(name: string, config: GovernedToolConfig<InputArgs, OutputArgs>, handler: ToolCallback<InputArgs>): RegisteredTool;
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
  // Validate the defaults once, up front, with the same rules as a tool.
  governTool(client, { ...(defaults as GovernToolOptions<unknown>), toolName: 'defaults' }, () => ({ content: [] }));
  const names: string[] = [];

  const register = <InputArgs extends undefined | ZodRawShapeCompat | AnySchema, OutputArgs extends ZodRawShapeCompat | AnySchema>(
    name: string,
    config: GovernedToolConfig<InputArgs, OutputArgs>,
    handler: ToolCallback<InputArgs>,
    extra: Partial<ToolGovernanceOptions<unknown>>,
  ): RegisteredTool => {
    const { governance = {}, ...mcpConfig } = config ?? ({} as GovernedToolConfig<InputArgs, OutputArgs>);
    const merged = mergeGovernance(mergeGovernance(defaults as ToolGovernanceOptions<ToolArgs<InputArgs>>, extra), governance);
    const tool = registerGovernedTool(server, client, name, mcpConfig as ToolConfig<InputArgs, OutputArgs>, merged, handler);
    names.push(name);
    return tool;
  };

  return {
    server,
    get toolNames() {
      return [...names];
    },
    tool: (name, config, handler) => register(name, config, handler, {}),
    highRiskTool: (name, config, handler) => register(name, config, handler, HIGH_RISK_GOVERNANCE),
    isGoverned: (name) => names.includes(name),
  };
}
