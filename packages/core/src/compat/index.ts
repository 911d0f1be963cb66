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
  type RegisterResponse,
  type WebhookConfigResponse,
} from './types.js';
export {
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
