/**
 * `@ascend/core/internal`: helpers for sibling packages and conformance suites. Not part of the
 * public API; it may change in any release.
 *
 * @packageDocumentation
 */
export { signerContract, SIGNER_VECTORS, REFERENCE_SIGNING_VECTOR, type ContractApi, type ContractAssertion, type SignerVector } from './signer-contract.js';
// The real client's request builders, so test doubles apply exactly the same client-side checks.
export { submitBody, mcpBody, completeBody, failBody } from './wire-agent.js';
// Python-compatible JSON pieces, for fakes that re-canonicalize raw bodies as a Python server would.
export { escapeString as pythonJsonString, compareCodePoints } from './canonical-json.js';
// The real client's per-call option checks, so test doubles reject exactly what it rejects.
export { checkCallOptions, CALL_KEYS, EVALUATE_KEYS, WAIT_KEYS, BULK_KEYS, CLOSE_KEYS, WAIT_TIMEOUT_CHECK, type CallOptionKey } from './call-options.js';
// Runs a user callback so that neither a throw nor a rejection reaches the host, for test doubles.
export { runContained } from './events.js';
// The route table: every operation's name, method and path, for fakes and servers that route by it.
export {
  ROUTES,
  AGENT_ROUTES,
  ADMIN_ROUTES,
  ALIAS_ROUTES,
  OPERATION_NAMES,
  routeCall,
  type Route,
  type RouteSpec,
  type OperationName,
  type AgentOperationName,
  type SignedWhen,
} from './routes.js';
export { MANAGEMENT_ROUTES, type ManagementOperationName } from './routes-management.js';
// The 2.5.0 management checks, so test doubles reject exactly what the client rejects.
export { killSwitchBody, topologyBody, mcpTopologyBody, cascadeKillBody, scanOutputBody, mcpServerBody } from './wire-management.js';
export type { HttpMethod } from './transport.js';
// Building blocks of the client that sibling packages and test doubles reuse; users never need them.
export { parseDecision, parseMcpDecision, DECISION_VOCABULARY } from './decision.js';
export { CircuitBreaker, type CircuitBreakerConfig, type CircuitPermit } from './circuit-breaker.js';
export { parseRetryAfter, backoffDelay, isRetryableFailure, isServiceFailure } from './retry.js';
export { isSecretKey, MASK } from './logger.js';
