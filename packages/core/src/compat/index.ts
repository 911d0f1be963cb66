/**
 * `@ascend/core/compat`: the vendor's documented Node.js API (ASCEND Node SDK 2.0) mapped onto
 * this SDK. Use it through `@ascend/node/compat` or `@ascend/browser/compat`, which supply the
 * runtime: code written for the vendor's SDK runs with only its import path changed. This entry
 * is not imported by the main API, so bundles that do not use it never carry it.
 *
 * @packageDocumentation
 */
export { CompatAscendClient, compatLogger } from './client.js';
export { ActionType, DecisionStatus } from './names.js';
export { type CoreClientFactory } from './options.js';
export { type EndpointMetrics, type MetricEvent, type MetricsCallback, type MetricsSnapshot } from './metrics.js';
export {
  CircuitState,
  type ActionLogResponse,
  type AscendClientOptions,
  type ApprovalStatusResponse,
  type CircuitBreakerOptions,
  type CircuitBreakerState,
  type ConnectionStatus,
  type EvaluateActionOptions,
  type EvaluateActionResult,
  type LogLevel,
  type PollActionStatusOptions,
  type RegisterResponse,
  type WaitForDecisionOptions,
  type WebhookConfigResponse,
} from './types.js';
export {
  AscendAuthenticationError,
  AscendRateLimitError,
  AscendUnreachableError,
  AscendValidationError,
  AuthenticationError,
  AuthorizationError,
  CircuitBreakerOpenError,
  ConnectionError,
  OWKAIError,
  RateLimitError,
  TimeoutError,
  ValidationError,
  toCompatError,
  type ErrorDetails,
  type HttpErrorView,
} from './errors.js';
export {
  highRiskAction,
  mcpGovernance,
  MCPGovernanceMiddleware,
  requireGovernance,
  type GovernanceCallback,
  type GovernanceOptions,
  type GovernedFunction,
  type Governor,
  type MCPGovernanceConfig,
} from './mcp.js';
export { Decision, FailMode, RiskLevel } from '../constants.js';
export { SDK_VERSION as VERSION } from '../version.js';
export { CompatOWKAIClient, type OWKAIClientOptions, type OWKAIConnectionStatus } from './owkai-client.js';
export { CompatAuthorizedAgent, type AuthorizationOptions } from './agent.js';
export {
  parseDecision,
  toApiPayload,
  type ActionContext,
  type ActionDetails,
  type ActionListResponse,
  type AgentAction,
  type AuthorizationDecision,
  type BatchActionResult,
  type BatchOptions,
  type BatchResponse,
  type RiskIndicators,
} from './models.js';
export {
  CompatRestClient,
  type ActionDetailsResult,
  type ActionResult,
  type ActionResultList,
  type ClientConfig,
  type RestConnectionStatus,
  type AgentAction as RestAgentAction,
} from './rest-client.js';
export { type V1Runtime } from './v1.js';
