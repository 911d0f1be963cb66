/**
 * `governTool`: wraps an MCP tool handler so that ASCEND decides, before every call, whether it
 * runs, and hears afterwards how it went (MCP TypeScript SDK 1.x, `@modelcontextprotocol/sdk`).
 *
 * The governed call itself — evaluate, wait for a human, run, report, redact, callbacks, with
 * the rules that fix the Python decorator's flaws (reference §8, §13) — is `@ascend/governance`'s
 * pipeline, shared with every framework adapter; its MCP mapping (the handler's `extra`, progress
 * notifications while a human decides, the plain-call wait cap, MCP tasks, error results and
 * `_meta`) is `governed-call.ts`, shared with the 2.x entry. This module binds them to the 1.x
 * SDK's types.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { GovernanceClient, MaybePromise } from '@ascend/governance';
import { buildGovernedCall, readExtraV1, REQUEST_MODE, type McpGovernanceOptions, type McpGovernToolOptions } from './governed-call.js';
import { governanceFactory, type GovernedToolRegistry } from './registry.js';

export { CANCELLED_BY_CLIENT } from '@ascend/governance';
export type { FromArgs, GovernanceBlock, GovernanceBlockKind, GovernanceCallbacks, GovernanceClient, GovernedCall, MaybePromise } from '@ascend/governance';
export { APPROVAL_DEFAULTS, DATA_OPTION_KEYS, GOVERNANCE_META_KEY, GOVERNANCE_OPTION_KEYS, mergeGovernance } from './governed-call.js';

/** The `extra` argument the MCP SDK passes to tool handlers. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * How one tool is governed: the pipeline's `GovernancePolicy` (identity aside), plus how MCP
 * clients wait and how a block reaches them. Every field is optional; see each default.
 */
export interface ToolGovernanceOptions<Args = Record<string, unknown>> extends McpGovernanceOptions<Args, CallToolResult> {}

/** Options of {@link governTool}: the tool's identity plus its governance. */
export interface GovernToolOptions<Args = Record<string, unknown>> extends McpGovernToolOptions<Args, CallToolResult> {}

/** A governed tool handler: same arguments as the original, resolves to its result or an error result. */
export type GovernedToolHandler<Args, Extra, R extends CallToolResult = CallToolResult> = (args: Args, extra: Extra) => Promise<R | CallToolResult>;

/**
 * Wraps an MCP tool handler with ASCEND governance.
 *
 * Before the handler runs, the call is submitted to ASCEND with the tool's (redacted) arguments.
 * Only an allowed decision runs it; a pending one waits for a human (by default up to 5 min).
 * Every other outcome returns an MCP error result that tells the model why (or throws, with
 * `blockAs: 'throw'`). After the handler, completion or failure is reported with the handler's
 * own duration; reports never throw into the tool path, and a handler's exception is rethrown.
 *
 * @param client - An `AscendClient`, an `AscendAgentClient` or anything shaped like {@link GovernanceClient}.
 * @param options - The tool's name and governance; see {@link GovernToolOptions}.
 * @param handler - The tool handler, `(args, extra) => CallToolResult | Promise<CallToolResult>`.
 * @throws `ConfigurationError` at wrap time for invalid options (unknown keys included).
 *
 * @example
 * ```ts
 * server.registerTool('read_file', { inputSchema: { path: z.string() } },
 *   governTool(client, { toolName: 'read_file', serverName: 'fs', actionType: 'filesystem.read', resource: (a) => a.path },
 *     async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] })))
 * ```
 */
export function governTool<Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
  client: GovernanceClient,
  options: GovernToolOptions<Args>,
  handler: (args: Args, extra: Extra) => MaybePromise<R>,
): GovernedToolHandler<Args, Extra, R> {
  const run = buildGovernedCall(client, options, handler, readExtraV1);
  // Both SDKs' results are shaped alike: a block is an ordinary 1.x error result.
  return (args, extra) => run(args, extra, REQUEST_MODE) as Promise<R | CallToolResult>;
}

/**
 * A governance factory from {@link withGovernance}: call it like {@link governTool} (without the
 * client); every tool it wraps is listed in its `registry`.
 */
export interface GovernanceFactory {
  /** Wraps `handler` like {@link governTool}, with the factory's defaults under `options`. */
  <Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
    options: GovernToolOptions<Args>,
    handler: (args: Args, extra: Extra) => MaybePromise<R>,
  ): GovernedToolHandler<Args, Extra, R>;
  /** Every tool wrapped by this factory, by `toolName`, with its governance options. */
  readonly registry: GovernedToolRegistry;
}

/**
 * A governance factory bound to a client and shared defaults: returns a function that wraps
 * handlers like {@link governTool}, with per-tool options overriding the defaults (`metadata`
 * is merged), and records every wrapped tool in its `registry` (the Python middleware's
 * `governed_tools`). Handy with the low-level MCP `Server`, where there is no `registerTool`.
 *
 * @example
 * ```ts
 * const govern = withGovernance(client, { serverName: 'crm', approvalTimeoutMs: 60_000 })
 * const lookup = govern({ toolName: 'lookup_customer', resource: 'crm' }, async (args) => ({ content: [] }))
 * govern.registry.names // ['lookup_customer']
 * ```
 */
export function withGovernance(client: GovernanceClient, defaults: Omit<GovernToolOptions<unknown>, 'toolName'> = {}): GovernanceFactory {
  return governanceFactory<GovernanceFactory, GovernToolOptions<unknown>>(client, defaults, (options, handler) =>
    governTool(client, options, handler as (args: unknown, extra: unknown) => CallToolResult),
  );
}
