/**
 * The public types of `MockAscendClient`: its options, scripted decisions and decision
 * functions, the recorded calls and actions it exposes, the approval inputs, and
 * {@link MockAdminError}.
 *
 * @packageDocumentation
 */
import type {
  ActionRequest,
  AscendClientOptions,
  AuthorizationDecision,
  CompletionReport,
  DecisionOutcome,
  FailMode,
  FailureReport,
  McpActionRequest,
  RiskLevel,
} from '@ascend/core';
import type { PolicyDocument, PolicyRule } from '../fake/policy-types.js';
import type { ClientMethodArgs, ClientMethodName, ClientMethodResult } from './public-api.js';

/** Where an action stands in the mock's approval lifecycle. */
export type MockActionState = 'allowed' | 'denied' | 'pending' | 'approved' | 'rejected' | 'expired';

/** A decision a script produces. Everything but `decision` has a realistic default. */
export interface ScriptedDecision {
  /** The outcome. */
  readonly decision: DecisionOutcome;
  /** Why. @defaultValue a generic reason per outcome */
  readonly reason?: string;
  /** Risk score 0–100. @defaultValue allowed 20, pending 60, denied 90 */
  readonly riskScore?: number;
  /** Risk level. @defaultValue derived from the score (≥90 critical, ≥70 high, ≥40 medium) */
  readonly riskLevel?: RiskLevel;
  /** Policy violation codes. @defaultValue `[]` */
  readonly policyViolations?: readonly string[];
  /** Conditions attached to an allowed decision. @defaultValue `[]` */
  readonly conditions?: readonly string[];
  /** Who may approve a pending decision. @defaultValue `[]` */
  readonly requiredApprovers?: readonly string[];
  /**
   * For a pending decision: how a wait on it ends without an explicit `approve()`/`reject()`.
   * `approve` gives allowed, `reject` denied (`rejected`), `expire` denied (`expired`). When
   * omitted, a wait lasts until the test decides or the wait times out.
   */
  readonly resolveWith?: 'approve' | 'reject' | 'expire';
  /**
   * Wire fields (snake_case) merged over the generated body before core parses it: extra fields
   * land in `decision.raw`; a value that breaks the protocol (e.g. `{ decision: 'ALLOWED' }`)
   * makes the call throw core's `ProtocolError`, as the real client would.
   */
  readonly wire?: Readonly<Record<string, unknown>>;
}

/** Options of {@link MockAscendClient.decide}: the decision's details plus how it applies. */
export interface DecideDetails extends Omit<ScriptedDecision, 'decision'> {
  /** Only requests on these resources (globs). @defaultValue any resource */
  readonly resource?: string | readonly string[];
  /** How many actions it decides before it is used up. @defaultValue unlimited */
  readonly times?: number;
}

/** What a decision function receives besides the request. */
export interface DecisionContext {
  /** The action id this decision will get. */
  readonly actionId: string;
  /** `action` for `evaluateAction`/`submitAction`/bulk, `mcp` for `evaluateMcpAction`. */
  readonly endpoint: 'action' | 'mcp';
  /** The MCP request, for the `mcp` endpoint. */
  readonly mcp: McpActionRequest | undefined;
  /** How many actions the mock has decided before this one. */
  readonly index: number;
}

/**
 * Decides an action by code. Return an outcome, a {@link ScriptedDecision}, or `undefined` to
 * let older scripts and the default decide. Throwing (e.g. core's `AuthorizationError`) makes
 * the call reject with that error.
 */
export type DecisionFunction = (
  request: ActionRequest,
  context: DecisionContext,
) => DecisionOutcome | ScriptedDecision | undefined | Promise<DecisionOutcome | ScriptedDecision | undefined>;

/** Options of {@link MockAscendClient.decideWith}. */
export interface DecideWithOptions {
  /** How many actions it decides before it is used up. @defaultValue unlimited */
  readonly times?: number;
}

/** How a simulated outage fails calls. */
export type OutageKind = 'network' | 'timeout' | 'server-error';

/** Options of {@link MockAscendClient}. */
export interface MockAscendClientOptions {
  /** The agent id. @defaultValue `'mock-agent'` */
  readonly agentId?: string;
  /** The agent name. @defaultValue the agent id */
  readonly agentName?: string;
  /** Environment reported by `getDeploymentInfo`. @defaultValue `'production'` */
  readonly environment?: string;
  /** What happens when the service is down (see {@link MockAscendClient.setServiceDown}). @defaultValue `'closed'` */
  readonly failMode?: FailMode;
  /** The outcome of an action no script decides (when no `policy` is given). @defaultValue `'allowed'` */
  readonly defaultDecision?: DecisionOutcome;
  /**
   * Decide unscripted actions with the fake's policy engine instead of `defaultDecision`
   * (same rules and glob syntax as `createFakeAscend({ policy })`).
   */
  readonly policy?: PolicyDocument | readonly PolicyRule[];
  /** The first action id; ids are numeric strings counting up from it. @defaultValue 1 */
  readonly firstActionId?: number;
  /** Default wait of `waitForDecision`, in ms. @defaultValue 60000 */
  readonly approvalTimeoutMs?: number;
  /** How long a pending approval stays valid (sets `expiresAt`). @defaultValue 3600000 */
  readonly approvalTtlMs?: number;
  /** Clock for timestamps, approval expiry and the client's waits. @defaultValue `Date.now` */
  readonly now?: () => number;
  /**
   * Options of the real client the mock runs, over the mock's defaults: no retries, no circuit
   * breaker, 250 ms attempts, approval polls every 10 ms (`approvals.pollIntervalMs`), no logs.
   */
  readonly client?: AscendClientOptions;
}

/** How a recorded call ended. */
export type MockCallOutcome<R> =
  { readonly state: 'pending' } | { readonly state: 'returned'; readonly value: R } | { readonly state: 'threw'; readonly error: unknown };

/** One recorded call of a client method, discriminated by `method`. */
export type MockCall<M extends ClientMethodName = ClientMethodName> = {
  [K in M]: {
    /** 1-based order of the call on this mock. */
    readonly seq: number;
    /** The method called. */
    readonly method: K;
    /** The arguments, as passed. */
    readonly args: ClientMethodArgs<K>;
    /** How it ended; `pending` while an async call is still running. */
    readonly outcome: MockCallOutcome<ClientMethodResult<K>>;
  };
}[M];

/** A completion or failure report the mock received for an action. */
export type MockExecution =
  | { readonly kind: 'completed'; readonly report: CompletionReport; readonly at: string }
  | { readonly kind: 'failed'; readonly report: FailureReport; readonly at: string };

/** An action the mock decided. */
export interface MockAction {
  /** Numeric string id (`'1'`, `'2'`, …), or `fail_open_<hex>` for a fail-open decision. */
  readonly actionId: string;
  /** Which endpoint decided it. */
  readonly endpoint: 'action' | 'mcp';
  /** The request (a copy taken when it was evaluated). MCP requests are mapped to an `ActionRequest`. */
  readonly request: ActionRequest;
  /** The original MCP request, for the `mcp` endpoint. */
  readonly mcpRequest: McpActionRequest | undefined;
  /** True for a decision synthesized by fail-open mode; the service never saw the action. */
  readonly failOpen: boolean;
  /** Lifecycle state: `allowed`, `denied`, `pending`, then `approved` / `rejected` / `expired`. */
  readonly state: MockActionState;
  /** The decision the call returned first. */
  readonly initialDecision: AuthorizationDecision;
  /** The current decision (what `getActionStatus` returns now). */
  readonly decision: AuthorizationDecision;
  /** Approval request id (`apr_<n>`) of a pending action. */
  readonly approvalRequestId: string | undefined;
  /** The completion or failure report, once received. */
  readonly execution: MockExecution | undefined;
  /** ISO creation time. */
  readonly createdAt: string;
}

/** Input of {@link MockAscendClient.approve}. */
export interface MockApproveInput {
  /** The approver. @defaultValue `'approver@mock.test'` */
  readonly by?: string;
  /** A comment. */
  readonly comment?: string;
}

/** Input of {@link MockAscendClient.reject}. */
export interface MockRejectInput {
  /** The rejecter. @defaultValue `'approver@mock.test'` */
  readonly by?: string;
  /** Why; becomes the decision's `reason`. @defaultValue `'Rejected by approver'` */
  readonly reason?: string;
}

/** Thrown by the mock's test-side helpers (`approve`, `reject`, `expire`, …) for misuse. */
export class MockAdminError extends Error {
  /** Always `'MockAdminError'`. */
  override readonly name = 'MockAdminError';
  /** `not-found` or `not-pending`. */
  readonly code: 'not-found' | 'not-pending';
  /** @param code what went wrong; @param message details. */
  constructor(code: 'not-found' | 'not-pending', message: string) {
    super(message);
    this.code = code;
  }
}
