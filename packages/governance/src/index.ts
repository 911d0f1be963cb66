/**
 * `@ascend/governance`: the governed tool call, for any agent framework.
 *
 * One pipeline decides whether a tool call runs: evaluate with ASCEND, wait for a human with
 * cancellation, run, report, redact arguments, call back, apply fail mode and the kill switch.
 * `@ascend/mcp` and the framework adapters (`@ascend/ai-sdk`, `@ascend/openai-agents`,
 * `@ascend/langchain`) are thin mappings onto it; use it directly to govern a framework they do
 * not cover.
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * import { createToolGovernor } from '@ascend/governance'
 * const governor = createToolGovernor(new AscendClient(), {
 *   toolName: 'refund', source: 'my_framework', actionTypePrefix: 'tool', component: 'my-framework',
 *   callerLabel: 'caller', defaultSummary: () => ({ success: true }),
 * }, { resource: 'payments', riskLevel: 'high' })
 * const outcome = await governor.run({ amount: 40 }, () => refund(40))
 * ```
 *
 * @packageDocumentation
 */
export { createToolGovernor, CANCELLED_BY_CLIENT } from './governor.js';
export type {
  AllowedVerdict,
  BlockedOutcome,
  BlockedVerdict,
  CallSite,
  DecideOptions,
  GovernedOutcome,
  PendingVerdict,
  RanOutcome,
  ToolGovernor,
  ToolIdentity,
  Verdict,
} from './governor.js';
export { checkOptionKeys, mergePolicy, validatePolicy, POLICY_DATA_KEYS, POLICY_DEFAULTS, POLICY_FUNCTION_KEYS, POLICY_KEYS } from './options.js';
export type { GovernancePolicy } from './options.js';
export {
  blockFromError,
  cancelledBlock,
  deniedBlock,
  errorBlock,
  errorForBlock,
  isDecision,
  killSwitchBlock,
  malformedDecision,
  pendingBlock,
  safeText,
  timeoutBlock,
  toAscendError,
} from './blocks.js';
export type {
  FromArgs,
  GovernanceBlock,
  GovernanceBlockKind,
  GovernanceCallbacks,
  GovernanceClient,
  GovernedCall,
  LocalKillSwitchView,
  MaybePromise,
} from './types.js';
export { redactArguments, REDACTED, SECRET_KEY_FRAGMENTS } from './redact.js';
export type { RedactionOptions } from './redact.js';
export { GovernanceLog, stderrJsonLogger, ignoreRejection } from './log.js';
