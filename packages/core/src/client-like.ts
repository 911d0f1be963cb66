/**
 * The one type for "an ASCEND client", so application code can depend on it and take a real
 * client in production and a test double in tests.
 *
 * @packageDocumentation
 */
import type { AscendAgentClient } from './agent-client.js';
import type { FailMode } from './options.js';

/**
 * The public members of `T` as a plain object type. A class with private fields (`#x`) is nominal
 * in TypeScript; this mapped type keeps only what callers can see, so any object with the same
 * public methods and properties is assignable to it.
 */
export type PublicMembers<T> = { [K in keyof T]: T[K] };

/**
 * What every ASCEND client offers at run time: evaluate an action (with fail mode, kill switch
 * and approval waiting), wait for a pending decision, report completion or failure, heartbeats,
 * kill-switch state, events, `status()`, `close()` and `Symbol.asyncDispose`.
 *
 * Type an agent's dependency as `AscendClientLike` (or a `Pick` of it). It is satisfied by
 * `AscendClient` and `AscendAgentClient` (of `@ascend/core`, `@ascend/node` and
 * `@ascend/browser`) and by `MockAscendClient` from `@ascend/testing`, so production code never
 * imports the test kit. Code that also calls the administrative endpoints (audit log, policies,
 * webhooks configuration) takes `AscendClient` itself, or `PublicMembers<AscendClient>`, which the
 * mock satisfies too.
 *
 * @example
 * ```ts
 * import { AscendClient, type AscendClientLike } from '@ascend/node';
 *
 * class RefundAgent {
 *   constructor(private readonly ascend: AscendClientLike) {}
 * }
 * new RefundAgent(new AscendClient({ agentId: 'refund-bot' })); // production
 * // new RefundAgent(new MockAscendClient());                 // unit tests (@ascend/testing)
 * ```
 */
export interface AscendClientLike extends PublicMembers<AscendAgentClient> {
  // The two getters, restated so that their documentation survives the mapped type.
  /** The configured agent id, if any. */
  readonly agentId: string | undefined;
  /** The configured fail mode: `closed` (default) or `open`. */
  readonly failMode: FailMode;
}
