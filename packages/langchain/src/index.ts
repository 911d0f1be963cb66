/**
 * `@ascend/langchain`: ASCEND governance for LangChain.js tools, `createAgent` agents and
 * LangGraph.js graphs.
 *
 * - {@link governTool} wraps any tool (the Python `AscendToolWrapper`); {@link governedTool}
 *   creates one from a function (the `@governed` decorator and `create_governed_tool`).
 * - {@link ascendMiddleware} governs every tool call of a `createAgent` agent (`wrapToolCall`).
 * - {@link AscendCallbackHandler} governs tool calls through callbacks, with the limits its
 *   documentation lists.
 * - With `approval: 'interrupt'`, a pending decision pauses the LangGraph run with `interrupt()`
 *   ({@link AscendApprovalInterrupt}) and resumes with `new Command({ resume })`; ASCEND's answer
 *   about the same action decides.
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * import { governTool } from '@ascend/langchain'
 * const refund = governTool(new AscendClient(), refundTool, { riskLevel: 'high' })
 * ```
 *
 * @packageDocumentation
 */
export { governTool, governedTool, GOVERNED_METADATA_KEY, LANGCHAIN_ACTION_TYPE_PREFIX, LANGCHAIN_SOURCE } from './govern-tool.js';
export type { GovernedTool, GovernedToolFields } from './govern-tool.js';
export { ascendMiddleware } from './middleware.js';
export type { AscendMiddlewareOptions } from './middleware.js';
export { AscendCallbackHandler } from './callback-handler.js';
export type { AscendCallbackHandlerOptions } from './callback-handler.js';
export { GovernedToolBlockedError } from './errors.js';
export { ASCEND_INTERRUPT_TYPE, isAscendApprovalInterrupt, pendingApprovals } from './interrupt.js';
export type { AscendApprovalInterrupt, AscendResume, AscendResumeDecision, AscendResumeVerdict, PendingApproval } from './interrupt.js';
export { LANGCHAIN_OPTION_KEYS } from './options.js';
export type { LangChainGovernanceOptions } from './options.js';
export type { GovernanceBlock, GovernanceBlockKind, GovernanceCallbacks, GovernanceClient, GovernedCall, GovernancePolicy } from '@ascend/governance';
