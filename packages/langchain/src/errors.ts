/**
 * The error a blocked tool call throws (with `blockAs: 'throw'`, and always from
 * {@link AscendCallbackHandler}, whose only way to stop a tool is to throw).
 */
import type { AscendError } from '@ascend/core';
import { errorForBlock, type GovernanceBlock, type GovernanceBlockKind } from '@ascend/governance';

/**
 * A governed tool call was blocked: its tool did not run. The message is what the model may see
 * (`block.message`: no secrets, no raw arguments); `kind` and `actionId` say why and which
 * ASCEND action; `cause` is the typed error of the pipeline (`ActionDeniedError`,
 * `ApprovalTimeoutError`, `KillSwitchError`, `GovernanceUnavailableError`…).
 */
export class GovernedToolBlockedError extends Error {
  /** Literal class name, stable under minification. */
  override readonly name: string = 'GovernedToolBlockedError';
  /** Why the tool did not run. */
  readonly kind: GovernanceBlockKind;
  /** The ASCEND action, when a decision was obtained. */
  readonly actionId: string | undefined;
  /** The tool that did not run. */
  readonly toolName: string;

  /**
   * @param block - The pipeline's block.
   * @param toolName - The tool that did not run.
   */
  constructor(block: GovernanceBlock, toolName: string) {
    super(block.message);
    this.kind = block.kind;
    this.actionId = block.actionId;
    this.toolName = toolName;
    const cause: AscendError = errorForBlock(block);
    // Not enumerable: JSON.stringify(error) never walks into the decision behind it.
    Object.defineProperty(this, 'cause', { value: cause, enumerable: false, writable: true, configurable: true });
  }
}
