/**
 * `@ascend/mcp/server`: ASCEND governance for tools of MCP TypeScript SDK 2.x servers
 * (`@modelcontextprotocol/server`). The same governed call as the main entry (which serves SDK
 * 1.x, `@modelcontextprotocol/sdk`); only the SDK-typed surface differs.
 *
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/server'
 * import { AscendClient } from '@ascend/node'
 * import { governedServer } from '@ascend/mcp/server'
 * const tools = governedServer(new McpServer({ name: 'fs', version: '1.0.0' }), new AscendClient(), { serverName: 'fs' })
 * tools.tool('read_file', { inputSchema: z.object({ path: z.string() }), governance: { resource: (a) => a.path } }, handler)
 * ```
 *
 * @packageDocumentation
 */
export { governTool, withGovernance } from './govern-tool.js';
export type { GovernanceFactory, GovernedToolHandler, GovernToolOptions, ToolContext, ToolGovernanceOptions } from './govern-tool.js';
export { governedServer, registerGovernedTool, HIGH_RISK_GOVERNANCE } from './governed-server.js';
export type { GovernedServer, GovernedToolCallback, GovernedToolConfig, ServerGovernanceDefaults, ToolArgs, ToolConfig } from './governed-server.js';
export { APPROVAL_DEFAULTS, GOVERNANCE_META_KEY, GOVERNANCE_OPTION_KEYS } from '../governed-call.js';
export type { McpBlockResult, McpGovernanceOptions, McpGovernToolOptions, McpToolResult } from '../governed-call.js';
export { CANCELLED_BY_CLIENT } from '@ascend/governance';
export type { FromArgs, GovernanceBlock, GovernanceBlockKind, GovernanceCallbacks, GovernanceClient, GovernedCall, MaybePromise } from '@ascend/governance';
export { GovernedToolRegistry } from '../registry.js';
export type { GovernanceSummary, GovernedToolInfo } from '../registry.js';
export { McpKillSwitchConsumer } from '../kill-switch-consumer.js';
export type { McpKillSwitchChange, McpKillSwitchConsumerOptions, McpKillSwitchMessage, McpKillSwitchView } from '../kill-switch-consumer.js';
export { redactArguments, REDACTED, SECRET_KEY_FRAGMENTS } from '../redact.js';
export type { RedactionOptions } from '../redact.js';
export { stderrJsonLogger } from '../log.js';
