/**
 * `@ascend/core`: the runtime-agnostic ASCEND governance client.
 *
 * Most users import from `@ascend/node` or `@ascend/browser`, which re-export everything here
 * and supply the runtime port. Two clients: `AscendClient` has every endpoint of the API;
 * `AscendAgentClient` (its base class) has what an agent needs at run time, for small bundles.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export type * from './ports.js';
export { AscendAgentClient } from './agent-client.js';
export type {
  BulkEvaluationResult,
  BulkItemResult,
  BulkOptions,
  CallOptions,
  ClientStatus,
  EvaluateOptions,
  ReportReceipt,
  WaitOptions,
} from './agent-client.js';
export { AscendClient } from './client.js';
export type { AscendClientLike, PublicMembers } from './client-like.js';
export { unavailableCause } from './unavailable-cause.js';
export type { UnavailableCause, UnavailableCauseKind } from './unavailable-cause.js';
export type { ConnectionTestResult } from './client.js';
export type { ClientMetrics, LatencySummary } from './metrics.js';
export type {
  Alert,
  CascadeKillOptions,
  CascadeKillResult,
  KillSwitchChange,
  ManagementRecord,
  McpNetworkScan,
  McpServer,
  McpServerList,
  McpServerRegistration,
  McpServerResult,
  OutputFindings,
  OutputFindingsQuery,
  OutputScanRequest,
  OutputScanResult,
  SupplyChainAlertsQuery,
  SupplyChainComponentList,
  SupplyChainQuery,
} from './wire-management.js';
export { toPendingHandle, isPendingDecisionHandle } from './decision.js';
export { readDecisionDetails } from './decision-details.js';
export type { DecisionDetails, EnforcementDecision } from './decision-details.js';
export type {
  AllowedDecision,
  AuthorizationDecision,
  DecisionBase,
  DecisionOutcome,
  DeniedDecision,
  ExecutionState,
  PendingDecision,
  PendingDecisionHandle,
} from './decision.js';
export { Decision, FailMode, RiskLevel, VERSION } from './constants.js';
export type {
  JsonObject,
  ActionRequest,
  CompletionReport,
  FailureReport,
  RegisterAgentRequest,
  RegisterAgentResult,
  HeartbeatMetrics,
  AgentHealth,
  KillSwitchStatus,
  AgentCommand,
  PolicyEvaluationRequest,
  PolicyEvaluationResult,
  ResourceClassification,
  AuditEvent,
  AuditLogPage,
  PageOptions,
  ActivityPage,
  ActivityQuery,
  ActionDetails,
  ActionList,
  ActionListQuery,
  ActionSummary,
  ApprovalState,
  ApprovalStatus,
  WebhookConfigInput,
  WebhookConfig,
  WebhookTestResult,
  SupplyChainComponent,
  DeploymentInfo,
  McpActionRequest,
} from './wire.js';
export type {
  AscendClientOptions,
  ApprovalOptions,
  CircuitBreakerOptions,
  HeartbeatOptions,
  KillSwitchOptions,
  ReportSpoolOptions,
  ReportSpoolStore,
  RetryOptions,
  SpooledReport,
  TraceContextHeaders,
} from './options.js';
export { DEFAULT_BASE_URL } from './options.js';
export { MemorySpoolStore } from './report-spool.js';
export type { CircuitState, CircuitStateChange, CircuitStateName } from './circuit-breaker.js';
export type { KillSwitchState } from './kill-switch.js';
export type { AscendClientEventName, AscendClientEvents } from './events.js';
export { jsonLinesLogger, textLinesLogger, formatTextLine, toLogLevel, silentLogger, SecretMasker } from './logger.js';
export type { Logger, LogLevel, LogLevelName, LogRecord, LogFields } from './logger.js';
export { canonicalJson } from './canonical-json.js';
export { compactCanonicalJson } from './canonical-json-compact.js';
export { SDK_VERSION } from './version.js';
export * from './webhooks/index.js';
