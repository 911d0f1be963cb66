/**
 * The public surface of the real client as a structural type, so a test double can be checked
 * against it by the compiler.
 *
 * @packageDocumentation
 */
import type { AscendClient } from '@ascend/core';

/**
 * The public members of `T` as a plain object type. A class with private fields is nominal in
 * TypeScript; this mapped type keeps only what callers can see, so any object with the same
 * public methods and properties is assignable to it.
 */
export type PublicApi<T> = { [K in keyof T]: T[K] };

/**
 * Everything a caller can use on the real {@link AscendClient}, the surface
 * {@link MockAscendClient} is checked against; for test helpers.
 *
 * Production code does not import the test kit: it types an agent's dependency as
 * `AscendClientLike` (from `@ascend/node`, `@ascend/browser` or `@ascend/core`), which both real
 * clients and {@link MockAscendClient} satisfy.
 *
 * @example
 * ```ts
 * import type { AscendClientLike } from '@ascend/node'
 * class RefundAgent { constructor(private readonly ascend: AscendClientLike) {} }
 * new RefundAgent(new AscendClient({ agentId: 'refund-bot' })) // production
 * new RefundAgent(new MockAscendClient())                      // unit tests
 * ```
 */
export type AscendClientApi = PublicApi<AscendClient>;

/** Names of the client's public methods (string keys only; `Symbol.asyncDispose` is left out). */
export type ClientMethodName = {
  [K in keyof AscendClientApi]: AscendClientApi[K] extends (...args: never[]) => unknown ? K : never;
}[keyof AscendClientApi] &
  string;

/** The arguments of a client method. */
export type ClientMethodArgs<M extends ClientMethodName> = AscendClientApi[M] extends (...args: infer A) => unknown ? A : never;

/** What a client method resolves to (or returns, for the synchronous ones). */
export type ClientMethodResult<M extends ClientMethodName> = AscendClientApi[M] extends (...args: never[]) => infer R ? Awaited<R> : never;
