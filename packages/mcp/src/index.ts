/**
 * `@ascend/mcp`: ASCEND governance for Model Context Protocol server tools.
 *
 * Before a governed tool runs, ASCEND decides (allowed / denied / pending human approval);
 * afterwards the outcome is reported. Only an explicit allowed decision runs a tool.
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * import { governedServer } from '@ascend/mcp'
 * const tools = governedServer(server, new AscendClient(), { serverName: 'fs-server' })
 * tools.tool('read_file', { inputSchema: { path: z.string() }, governance: { resource: (a) => a.path } }, handler)
 * ```
 *
 * @packageDocumentation
 */
export { governTool, withGovernance, APPROVAL_DEFAULTS, CANCELLED_BY_CLIENT, GOVERNANCE_META_KEY, GOVERNANCE_OPTION_KEYS } from './govern-tool.js';
export type {
  FromArgs,
  GovernanceFactory,
  GovernanceBlock,
  GovernanceBlockKind,
  GovernanceCallbacks,
  GovernanceClient,
  GovernedCall,
  GovernedToolHandler,
  GovernToolOptions,
  MaybePromise,
  ToolExtra,
  ToolGovernanceOptions,
} from './govern-tool.js';
export { governedServer, registerGovernedTool, HIGH_RISK_GOVERNANCE } from './governed-server.js';
export type { GovernedServer, GovernedToolConfig, ServerGovernanceDefaults, ToolArgs, ToolConfig } from './governed-server.js';
export { GovernedTaskStore } from './task-store.js';
export { GovernedToolRegistry } from './registry.js';
export type { GovernanceSummary, GovernedToolInfo } from './registry.js';
export { McpKillSwitchConsumer } from './kill-switch-consumer.js';
export type { McpKillSwitchChange, McpKillSwitchConsumerOptions, McpKillSwitchMessage, McpKillSwitchView } from './kill-switch-consumer.js';
export { redactArguments, REDACTED, SECRET_KEY_FRAGMENTS } from './redact.js';
export type { RedactionOptions } from './redact.js';
export { stderrJsonLogger } from './log.js';
