/**
 * `governTool` and `withGovernance` for MCP TypeScript SDK 2.x (`@modelcontextprotocol/server`):
 * the same governed call as the 1.x entry (`governed-call.ts`), reading the handler's 2.x `ctx`
 * (`ctx.mcpReq`: request id, `_meta.progressToken`, abort signal, `notify`; `ctx.http.authInfo`).
 */
import type { GovernanceClient, MaybePromise } from '@ascend/governance';
import type { CallToolResult, ServerContext } from '@modelcontextprotocol/server';
import { buildGovernedCall, readContextV2, REQUEST_MODE, type McpGovernanceOptions, type McpGovernToolOptions } from '../governed-call.js';
import { governanceFactory, type GovernedToolRegistry } from '../registry.js';

/** The `ctx` argument `@modelcontextprotocol/server` passes to tool handlers. */
export type ToolContext = ServerContext;

/**
 * How one tool is governed: the pipeline's `GovernancePolicy` (identity aside), plus how MCP
 * clients wait and how a block reaches them. Every field is optional; see each default.
 */
export interface ToolGovernanceOptions<Args = Record<string, unknown>> extends McpGovernanceOptions<Args, CallToolResult> {}

/** Options of {@link governTool}: the tool's identity plus its governance. */
export interface GovernToolOptions<Args = Record<string, unknown>> extends McpGovernToolOptions<Args, CallToolResult> {}

/** A governed tool handler: same arguments as the original, resolves to its result or an error result. */
export type GovernedToolHandler<Args, Ctx, R extends CallToolResult = CallToolResult> = (args: Args, ctx: Ctx) => Promise<R | CallToolResult>;

/**
 * Wraps an MCP tool handler (SDK 2.x) with ASCEND governance.
 *
 * Before the handler runs, the call is submitted to ASCEND with the tool's (redacted) arguments.
 * Only an allowed decision runs it; a pending one waits for a human (up to 5 min for a client
 * that asked for progress, 45 s for a plain call). Every other outcome returns an MCP error
 * result that tells the model why (or throws, with `blockAs: 'throw'`). After the handler,
 * completion or failure is reported.
 *
 * @param client - An `AscendClient`, an `AscendAgentClient` or anything shaped like `GovernanceClient`.
 * @param options - The tool's name and governance; see {@link GovernToolOptions}.
 * @param handler - The tool handler, `(args, ctx) => CallToolResult | Promise<CallToolResult>`.
 * @throws `ConfigurationError` at wrap time for invalid options (unknown keys included).
 *
 * @example
 * ```ts
 * server.registerTool('read_file', { inputSchema: z.object({ path: z.string() }) },
 *   governTool(client, { toolName: 'read_file', serverName: 'fs', resource: (a) => a.path },
 *     async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] })))
 * ```
 */
export function governTool<Args, Ctx = ToolContext, R extends CallToolResult = CallToolResult>(
  client: GovernanceClient,
  options: GovernToolOptions<Args>,
  handler: (args: Args, ctx: Ctx) => MaybePromise<R>,
): GovernedToolHandler<Args, Ctx, R> {
  const run = buildGovernedCall(client, options, handler, readContextV2);
  // A block is an ordinary error result, which 2.x's CallToolResult admits.
  return (args, ctx) => run(args, ctx, REQUEST_MODE) as Promise<R | CallToolResult>;
}

/**
 * A governance factory from {@link withGovernance}: call it like {@link governTool} (without the
 * client); every tool it wraps is listed in its `registry`.
 */
export interface GovernanceFactory {
  /** Wraps `handler` like {@link governTool}, with the factory's defaults under `options`. */
  <Args, Ctx = ToolContext, R extends CallToolResult = CallToolResult>(
    options: GovernToolOptions<Args>,
    handler: (args: Args, ctx: Ctx) => MaybePromise<R>,
  ): GovernedToolHandler<Args, Ctx, R>;
  /** Every tool wrapped by this factory, by `toolName`, with its governance options. */
  readonly registry: GovernedToolRegistry;
}

/**
 * A governance factory bound to a client and shared defaults (SDK 2.x): returns a function that
 * wraps handlers like {@link governTool}, with per-tool options overriding the defaults
 * (`metadata` is merged), and records every wrapped tool in its `registry`. Handy with the
 * low-level `Server`, where there is no `registerTool`.
 *
 * @throws `ConfigurationError` for invalid defaults.
 *
 * @example
 * ```ts
 * const govern = withGovernance(client, { serverName: 'crm' })
 * const lookup = govern({ toolName: 'lookup_customer' }, async (args) => ({ content: [] }))
 * govern.registry.names // ['lookup_customer']
 * ```
 */
export function withGovernance(client: GovernanceClient, defaults: Omit<GovernToolOptions<unknown>, 'toolName'> = {}): GovernanceFactory {
  return governanceFactory<GovernanceFactory, GovernToolOptions<unknown>>(client, defaults, (options, handler) =>
    governTool(client, options, handler as (args: unknown, extra: unknown) => CallToolResult),
  );
}
