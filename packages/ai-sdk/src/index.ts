/**
 * `@ascend/ai-sdk`: ASCEND governance for Vercel AI SDK tools (AI SDK 7).
 *
 * `governTool` / `governTools` wrap a tool's `execute` so it runs only when ASCEND allows the
 * call, and report to ASCEND how it went. A decision that needs a human either waits inside
 * `execute`, or, with `createAscendApprovals`, becomes the SDK's own `tool-approval-request`,
 * resumed on the user's `tool-approval-response` (ASCEND's reviewer still decides).
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * import { governTools } from '@ascend/ai-sdk'
 * const tools = governTools(new AscendClient(), { refund }, { perTool: { refund: { riskLevel: 'high' } } })
 * const result = await generateText({ model, tools, prompt: 'Refund order 17' })
 * ```
 *
 * @packageDocumentation
 */
export { governTool, governTools } from './govern-tool.js';
export type { AiSdkGovernanceOptions, GovernToolOptions, GovernToolsOptions, ToolCallView } from './govern-tool.js';
export { createAscendApprovals } from './approvals.js';
export type { AscendApprovals, AscendApprovalsOptions, AscendMessageMetadata, ToolApprovalCheck, WithdrawnApproval } from './approvals.js';
export { createMemoryApprovalStore } from './store.js';
export type { PendingApprovalRecord, PendingApprovalStore } from './store.js';
export { ToolCallBlockedError, isToolCallBlockedError } from './blocked-error.js';
export { CANCELLED_BY_CLIENT } from '@ascend/governance';
export type { GovernanceBlock, GovernanceBlockKind, GovernanceClient, GovernancePolicy, GovernedCall } from '@ascend/governance';
