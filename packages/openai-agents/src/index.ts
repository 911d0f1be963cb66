/**
 * `@ascend/openai-agents`: ASCEND governance for the OpenAI Agents SDK for TypeScript.
 *
 * `governedTool` builds a function tool whose calls ASCEND decides. A call that needs a human
 * interrupts the run through the SDK's own approval flow (`result.interruptions`); approve it in
 * the SDK and resume (`run(agent, state)`), and the tool runs once ASCEND's reviewer has approved
 * it too. `saveGovernedRun` / `loadGovernedRun` carry an interrupted run, ASCEND pending handles
 * included, across a process restart.
 *
 * @example
 * ```ts
 * import { Agent, run } from '@openai/agents'
 * import { governedTool, saveGovernedRun } from '@ascend/openai-agents'
 * const refund = governedTool(client, { name: 'refund', description: 'Refund an order',
 *   parameters: z.object({ orderId: z.string() }), execute: ({ orderId }) => refundOrder(orderId) }, { riskLevel: 'high' })
 * const result = await run(new Agent({ name: 'billing', tools: [refund] }), 'Refund order 17')
 * if (result.interruptions.length > 0) await store.put(saveGovernedRun(result))
 * ```
 *
 * @packageDocumentation
 */
export { governedTool, OPENAI_AGENTS_SOURCE } from './governed-tool.js';
export type { OpenAIAgentsGovernanceOptions } from './governed-tool.js';
export { loadGovernedRun, pendingAscendApprovals, saveGovernedRun, withdrawRejected, SAVED_RUN_FORMAT } from './run-state.js';
export type { AscendPendingApproval, GovernedRunResult, GovernedRunState, RunStateLike, SavedRun } from './run-state.js';
export type { SavedCall, SavedHandle, SavedPending } from './registry.js';
export { SAVED_RUN_LIMITS } from './registry.js';
export { CANCELLED_BY_CLIENT } from '@ascend/governance';
export type { GovernanceBlock, GovernanceBlockKind, GovernanceCallbacks, GovernanceClient, GovernancePolicy, GovernedCall } from '@ascend/governance';
