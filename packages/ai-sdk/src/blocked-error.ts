/**
 * The error a governed tool's `execute` throws when ASCEND does not let the call run. The AI SDK
 * turns a throwing `execute` into a `tool-error` part; the model reads the error's message, which
 * is the block's message (no secrets, no raw arguments).
 */
import { errorForBlock, type GovernanceBlock, type GovernanceBlockKind } from '@ascend/governance';

/**
 * Thrown by a governed tool's `execute` when the call is blocked (denied, rejected by a human,
 * approval timeout, kill switch, unavailable, cancelled, malformed answer…). Its `message` is what
 * the model sees; `kind` and `actionId` say why; `cause` is the typed ASCEND error
 * (`ActionDeniedError`, `ApprovalTimeoutError`, `KillSwitchError`, `GovernanceUnavailableError`…).
 *
 * @example
 * ```ts
 * const step = result.steps[0]
 * for (const part of step.content) if (part.type === 'tool-error' && part.error instanceof ToolCallBlockedError) console.log(part.error.kind)
 * ```
 */
export class ToolCallBlockedError extends Error {
  /** Literal class name, stable under minification. */
  override readonly name = 'ToolCallBlockedError';
  /** Why the call did not run. */
  readonly kind: GovernanceBlockKind;
  /** The ASCEND action id, when a decision was obtained. */
  readonly actionId: string | undefined;
  /** The block itself (not enumerable, so logging the error does not walk the decision). */
  declare readonly block: GovernanceBlock;

  /**
   * The block's message alone: the AI SDK shows the model `String(error)` of a failed tool call,
   * and the model is told the block's message, nothing more.
   */
  override toString(): string {
    return this.message;
  }

  /** @param block - The pipeline's block; its message becomes this error's message. */
  constructor(block: GovernanceBlock) {
    super(block.message, { cause: errorForBlock(block) });
    this.kind = block.kind;
    this.actionId = block.actionId;
    Object.defineProperty(this, 'block', { value: block, enumerable: false });
    Object.defineProperty(this, 'cause', { value: (this as { cause?: unknown }).cause, enumerable: false, writable: true, configurable: true });
  }
}

/** True for a {@link ToolCallBlockedError}, also across copies of this package. */
export function isToolCallBlockedError(error: unknown): error is ToolCallBlockedError {
  return (
    error instanceof ToolCallBlockedError ||
    (error instanceof Error && error.name === 'ToolCallBlockedError' && typeof (error as { kind?: unknown }).kind === 'string')
  );
}
