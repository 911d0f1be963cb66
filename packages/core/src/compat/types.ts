/**
 * The option and result types of the vendor's documented v2 `AscendClient` (Node.js SDK 2.0),
 * with the vendor's names and units.
 */
import type { Decision } from '../constants.js';
import type { FailMode } from '../options.js';

/** The vendor's breaker states, as an `as const` object and a type. */
export const CircuitState = {
  /** `'closed'`: calls flow. */
  CLOSED: 'closed',
  /** `'open'`: calls fail fast. */
  OPEN: 'open',
  /** `'half_open'`: trial calls test the service. */
  HALF_OPEN: 'half_open',
} as const;
/** One breaker state. */
export type CircuitState = (typeof CircuitState)[keyof typeof CircuitState];

/** Log levels as the vendor spells them; any case is accepted, and `WARNING` means warn. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** The vendor's circuit-breaker options. */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. @defaultValue 5 */
  failureThreshold?: number;
  /** Seconds the breaker stays open before a trial call (seconds, as the vendor has it). @defaultValue 30 */
  recoveryTimeout?: number;
  /** Trial calls admitted at once while half-open. @defaultValue 1 (this SDK's default) */
  halfOpenMaxCalls?: number;
}

/** The vendor's client options, with their names and units. */
export interface AscendClientOptions {
  /** Organization API key. Env: `ASCEND_API_KEY`, then `OWKAI_API_KEY`. */
  apiKey: string;
  /**
   * This agent's id. The vendor's integration guide leaves it out and names the agent per call
   * (`evaluateAction({ agentId })`); without either, actions are filed under `unknown` (with a warning).
   */
  agentId?: string;
  /** Human-readable agent name. @defaultValue the agent id */
  agentName?: string;
  /** Service URL. Env: `ASCEND_API_URL`. @defaultValue 'https://pilot.owkai.app' */
  apiUrl?: string;
  /** The integration guide's name for `apiUrl` (give one of the two). */
  baseUrl?: string;
  /** Deployment environment. @defaultValue 'production' */
  environment?: string;
  /** `FailMode.CLOSED` (block when unreachable) or `FailMode.OPEN`. @defaultValue 'closed' */
  failMode?: FailMode;
  /**
   * Request timeout in milliseconds (per attempt; the whole call, retries included, gets at least
   * this long too). @defaultValue 3000 (this SDK's default)
   */
  timeout?: number;
  /** Retries after the first attempt. @defaultValue 3 */
  maxRetries?: number;
  /** The integration guide's name for `maxRetries` (give one of the two). */
  retryCount?: number;
  /** Log at debug level (unless `logLevel` says otherwise). */
  debug?: boolean;
  /** Minimum level written: `DEBUG`, `INFO`, `WARNING` or `ERROR`, any case. @defaultValue 'WARNING' (this SDK's default) */
  logLevel?: LogLevel | Lowercase<LogLevel> | 'warn' | 'WARN';
  /** JSON lines (true) or plain text (false). @defaultValue true */
  jsonLogs?: boolean;
  /** Count metrics for `getMetrics()`. @defaultValue true */
  enableMetrics?: boolean;
  /** HMAC secret for request signing (this SDK's signature scheme). Env: `ASCEND_SIGNING_SECRET`. */
  signingSecret?: string;
  /** Circuit-breaker settings. */
  circuitBreakerOptions?: CircuitBreakerOptions;
}

/** Result of `evaluateAction`. */
export interface EvaluateActionResult {
  /** `allowed`, `denied` or `pending`. */
  decision: Decision;
  /** The service's action id (or a local `fail_open_…` id for a fail-open decision). */
  actionId: string;
  /** Why. */
  reason?: string;
  /** Risk score 0–100, when reported. */
  riskScore?: number;
  /** Policies that matched. */
  policyViolations: string[];
  /** Conditions; `fail_open_mode` for a fail-open decision. */
  conditions: string[];
  /** The approval request, for a pending decision that has one. */
  approvalRequestId?: string;
  /** Who may approve, for a pending decision. */
  requiredApprovers: string[];
  /** When the approval request expires, for a pending decision. */
  expiresAt?: string;
  /**
   * Extra facts: `failOpen: true` and `originalError` for a fail-open decision; `approvedBy` for
   * a decision a human approved; the service's own metadata otherwise.
   */
  metadata: Record<string, unknown>;
  /**
   * The integration guide's reading of `decision`: true only for `allowed` (an explicit allow, or
   * the fail-open allow a client in open mode chose).
   */
  approved: boolean;
  /** The integration guide's reading: true for `pending` (a human decides). */
  requiresApproval: boolean;
  /** The integration guide's words for `decision`: `approved`, `pending` or `denied`. */
  status: 'approved' | 'pending' | 'denied';
  /** Risk level, when reported. */
  riskLevel?: string;
  /** Why it was denied, for a denied decision (the reason, or who rejected it). */
  rejectionReason?: string;
}

/** Options of `waitForDecision`, in seconds as the integration guide has them. */
export interface WaitForDecisionOptions {
  /** How long to wait for a human, in seconds. @defaultValue 300 */
  timeout?: number;
  /** Seconds between status checks. @defaultValue 5 */
  pollInterval?: number;
}

/** Options of `pollActionStatus`, in milliseconds as the integration guide's README has them. */
export interface PollActionStatusOptions {
  /** How long to wait for a human, in milliseconds. @defaultValue 300000 */
  timeout?: number;
  /** Milliseconds between status checks. @defaultValue 5000 */
  pollInterval?: number;
}

/** Result of `register`. */
export interface RegisterResponse {
  /** The agent id. */
  agentId: string;
  /** `registered`, or `already_registered`. */
  status: string;
  /** When, as the service said (else now). */
  registeredAt: string;
  /** The capabilities registered. */
  capabilities: string[];
  /** The service's answer. */
  metadata?: Record<string, unknown>;
}

/** Result of `logActionCompleted` / `logActionFailed`. */
export interface ActionLogResponse {
  /** The action reported on. */
  actionId: string;
  /** `completed` or `failed`. */
  status: string;
  /** When the report was made (ISO-8601). */
  loggedAt: string;
}

/** Result of `checkApproval`. */
export interface ApprovalStatusResponse {
  /** The approval request. */
  approvalRequestId: string;
  /** `pending`, `approved` or `rejected` (an expired request reads as `rejected`). */
  status: 'pending' | 'approved' | 'rejected';
  /** Who approved. */
  approvedBy?: string;
  /** Who rejected. */
  rejectedBy?: string;
  /** Why it was rejected (`expired` for an expired request). */
  rejectionReason?: string;
  /** When it was decided. */
  decidedAt?: string;
}

/** Result of `configureWebhook`. */
export interface WebhookConfigResponse {
  /** The webhook's id. */
  webhookId: string;
  /** The delivery URL. */
  url: string;
  /** The events delivered. */
  events: string[];
  /** `active` or `inactive`. */
  status: string;
  /** When it was created (else now). */
  createdAt: string;
}

/** The request of `evaluateAction`. */
export interface EvaluateActionOptions {
  /** e.g. `database.query`. */
  actionType: string;
  /** e.g. `production_db`. Required unless `toolName` is given (then it defaults to the tool's name). */
  resource?: string;
  /**
   * The agent this action is for, as the integration guide passes it per call; defaults to the
   * client's `agentId`. Each agent named this way is submitted by a client of its own.
   */
  agentId?: string;
  /** The tool that acts (the integration guide's `toolName`); sent as `context.tool_name`. */
  toolName?: string;
  /** What the action does, in words; sent as `context.description`. */
  description?: string;
  /** The action's parameters. */
  parameters?: Record<string, unknown>;
  /** Extra context. */
  context?: Record<string, unknown>;
  /** Wait for a human when the decision is pending. @defaultValue false */
  waitForApproval?: boolean;
  /** How long to wait for a human, in milliseconds. @defaultValue 300000 */
  approvalTimeout?: number;
  /** Risk hint, `low` … `critical`; sent as `context.risk_level`. */
  riskLevel?: string;
  /** Force human review even when policy would allow. */
  requireHumanApproval?: boolean;
}

/** Result of `testConnection`. */
export interface ConnectionStatus {
  /** `connected`, or `error` when the service could not be reached or answered an error. */
  status: 'connected' | 'error';
  /** The service's version, when connected. */
  apiVersion?: string;
  /** Round trip of the check, ms, when connected. */
  latency?: number;
  /** What went wrong, when not connected. */
  error?: string;
}

/** Result of `getCircuitBreakerState`. */
export interface CircuitBreakerState {
  /** The state of the breaker guarding decisions. */
  state: CircuitState;
  /** Failures in a row (while closed); the threshold that opened it (while open or half-open). */
  failures: number;
}
