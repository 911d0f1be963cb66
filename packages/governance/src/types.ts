/**
 * The framework-neutral vocabulary of a governed call: the client it needs, what the call is
 * about, the outcome model and the callbacks. Every integration (`@ascend/mcp`, the agent
 * framework adapters) speaks it.
 */
import type {
  ActionRequest,
  AllowedDecision,
  AscendError,
  AuthorizationDecision,
  CallOptions,
  CompletionReport,
  EvaluateOptions,
  FailureReport,
  McpActionRequest,
  PendingDecision,
  PendingDecisionHandle,
  WaitOptions,
} from '@ascend/core';

/**
 * The client methods a governed call needs. `AscendClient` or the lean `AscendAgentClient` from
 * `@ascend/node` or `@ascend/browser` fits, and so does `MockAscendClient` from `@ascend/testing`.
 */
export interface GovernanceClient {
  /** Submits an action (§3.3) and returns the decision; applies the kill switch and fail mode. */
  evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision>;
  /** Submits through the dedicated MCP endpoint (§3.27). Needed only with `endpoint: 'mcp'`. */
  evaluateMcpAction?(request: McpActionRequest, options?: CallOptions): Promise<AuthorizationDecision>;
  /** Waits for a pending decision to be approved or rejected. */
  waitForDecision(pending: PendingDecisionHandle, options?: WaitOptions): Promise<AuthorizationDecision>;
  /** Reports completion. Must not throw; if it does, the error is logged and ignored. */
  logActionCompleted(actionId: string, report?: CompletionReport): Promise<unknown>;
  /** Reports failure. Must not throw; if it does, the error is logged and ignored. */
  logActionFailed(actionId: string, report: FailureReport): Promise<unknown>;
}

/** A value, or a function of the tool's arguments that computes it. */
export type FromArgs<Args, T> = T | ((args: Args) => T);

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a governed call is about; passed to every callback. */
export interface GovernedCall {
  /** The tool's name. */
  toolName: string;
  /** The server or toolset name (the MCP server's name under `@ascend/mcp`), when configured. */
  serverName: string | undefined;
  /** The action type sent to ASCEND. */
  actionType: string;
  /** The resource sent to ASCEND. */
  resource: string;
  /** The arguments as sent to ASCEND: redacted and bounded. */
  parameters: Record<string, unknown>;
  /** The framework's id of this tool call (the JSON-RPC id under MCP, the tool call id elsewhere), when known. */
  requestId: string | number | undefined;
  /** The session or conversation the call belongs to, when the framework has one. */
  sessionId: string | undefined;
}

/** Why a governed call did not run its tool. */
export type GovernanceBlockKind =
  /** ASCEND denied it, a human rejected it, or the service refused it (403). */
  | 'denied'
  /** It needs human approval and the call does not wait for it. */
  | 'approval_pending'
  /** No human decided within the approval timeout. */
  | 'approval_timeout'
  /** The client's kill switch or a local kill-switch view blocks it. */
  | 'kill_switch'
  /** ASCEND could not be reached and fail mode is closed. */
  | 'unavailable'
  /** The caller cancelled the call before the tool started. */
  | 'cancelled'
  /** Anything else: a malformed answer, bad input, an exception in your own option functions. */
  | 'error';

/** A blocked call: what the model is told and why. */
export interface GovernanceBlock {
  /** The category. */
  kind: GovernanceBlockKind;
  /** The text the model sees. It never contains secrets or raw arguments. */
  message: string;
  /** The ASCEND action id, when a decision was obtained. */
  actionId: string | undefined;
  /** The decision behind the block, when there was one. */
  decision: AuthorizationDecision | undefined;
  /** The error behind the block, when there was one. */
  error: AscendError | undefined;
  /**
   * For `kind: 'cancelled'`: `request` when the request was aborted (under MCP,
   * `notifications/cancelled` or a closed connection), `task` when an MCP task was cancelled
   * (`tasks/cancel`), `approval_denied` when the user denied the framework's own approval request
   * for a call ASCEND holds for a human (e.g. an AI SDK `tool-approval-response` with
   * `approved: false`).
   */
  cancelledVia?: 'request' | 'task' | 'approval_denied';
}

/**
 * Lifecycle callbacks. Each may be sync or async; async ones are awaited in order. Exceptions are
 * logged and swallowed: a callback can never make a blocked tool run, or an allowed one fail.
 */
export interface GovernanceCallbacks {
  /** Every decision from ASCEND: the first one, and the final one after an approval wait. */
  onDecision?: (decision: AuthorizationDecision, call: GovernedCall) => MaybePromise<void>;
  /** The tool is about to run (fail-open decisions included; check `decision.failOpen`). */
  onAllowed?: (decision: AllowedDecision, call: GovernedCall) => MaybePromise<void>;
  /** A human must approve; called before waiting starts. */
  onApprovalRequired?: (decision: PendingDecision, call: GovernedCall) => MaybePromise<void>;
  /** Denied by policy, by a human, or refused by the service. */
  onDenied?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /** No human decided in time. */
  onTimeout?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /**
   * The caller cancelled the call before the tool ran (an aborted signal; under MCP,
   * `notifications/cancelled`, a closed connection or `tasks/cancel`): `block.cancelledVia` says
   * which. Called before the cancellation is reported to ASCEND.
   */
  onCancelled?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /** Every blocked call, whatever the reason (after `onDenied` / `onTimeout` / `onCancelled`). */
  onBlocked?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
}

/** Anything that can say, without a network call, whether a server is blocked (e.g. `@ascend/mcp`'s `McpKillSwitchConsumer`). */
export interface LocalKillSwitchView {
  /** True when the server is blocked by name or by configuration id. */
  isBlocked(serverName?: string, configId?: string | number): boolean;
  /** Why it is blocked, when the operator said. */
  blockReason?(serverName?: string, configId?: string | number): string | undefined;
}
