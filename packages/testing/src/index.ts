/**
 * `@ascend/testing`: `MockAscendClient` for unit tests, the in-memory fake ASCEND service (policy
 * rules, fault injection, fetch adapters), framework-agnostic governance assertions, real test
 * clients and signed webhook deliveries. Nothing here imports a test framework: msw handlers
 * live in `@ascend/testing/msw`, vitest helpers in `@ascend/testing/vitest`, the shared
 * conformance suite in `@ascend/testing/conformance`.
 *
 * @packageDocumentation
 */
export { createFakeAscend } from './fake/fake-ascend.js';
export type { FakeAscend, FakeMcpServerInput, FakeSnapshot, McpAdminInput } from './fake/fake-api.js';
export { DEFAULT_API_KEY, FakeConfigError, type ApiKeyConfig, type FakeAscendOptions, type FakeLimits, type FakeRetention } from './fake/fake-options.js';
export type { FakeRequest, FakeResponse } from './fake/types.js';
export { createFakeFetch, handleFetch, toFetchResponse } from './fake/fetch.js';
export {
  OPERATIONS,
  OPERATION_NAMES,
  LEGACY_ROUTES,
  matchRoute,
  type HttpMethod,
  type OperationName,
  type OperationSpec,
  type RouteMatch,
  type SignedWhen,
} from './fake/operations.js';
export { DEFAULT_POLICY_DEFAULT, DEFAULT_POLICY_RULES } from './fake/policy-defaults.js';
export { conditionHolds, globMatch, ruleMatches } from './fake/policy-match.js';
export { PolicyRuleError, parsePolicyDocument, parsePolicyRules } from './fake/policy-parse.js';
export { computeRiskScore, riskLevelFromScore } from './fake/policy-risk.js';
export type {
  ConditionOp,
  PolicyCondition,
  PolicyDefault,
  PolicyDocument,
  PolicyEvaluation,
  PolicyInput,
  PolicyMatch,
  PolicyOutcome,
  PolicyRule,
  RiskLevel,
} from './fake/policy-types.js';
export { evaluatePolicy } from './fake/policy.js';
export {
  FaultError,
  formatRetryAfter,
  parseFault,
  parseFaultScope,
  type Fault,
  type FaultController,
  type FaultHandle,
  type FaultKind,
  type FaultScope,
  type MalformedVariant,
  type RetryAfter,
} from './fake/faults.js';
export { FakeAdminError, type ApprovalDecisionInput, type ApprovalOutcome, type FakeAdminErrorCode } from './fake/approvals.js';
export { COMPLIANT_MODEL_STATUSES } from './fake/mcp-registry.js';
export type { FakeOrchestrationSession } from './fake/handlers-orchestration.js';
export type { IssueCommandInput, KillSwitchInput } from './fake/kill-switch.js';
export type { EvictedAction, FakeEventMap, Listener } from './fake/events.js';
export type { FakeAuditEvent } from './fake/audit.js';
export type { RecordedOutcome, RecordedRequest } from './fake/recorder.js';
export type { IdempotencyEntry } from './fake/idempotency.js';
export type { WebhookTestResult, WebhookTester } from './fake/context.js';
export { KNOWN_WEBHOOK_EVENTS, type WebhookDelivery, type WebhookEnvelope } from './fake/webhooks.js';
export { STORE_RECORDS, type RecordCollection, type RecordKey, type RecordKind, type StoreChange, type StoreChangeKind } from './fake/store-changes.js';
export {
  DEFAULT_CLASSIFICATIONS,
  type ActionStatus,
  type ApprovalStatus,
  type Decision,
  type FakeAction,
  type FakeAgent,
  type FakeApproval,
  type FakeCommand,
  type FakeComponent,
  type FakeCounters,
  type FakeExecution,
  type FakeHeartbeat,
  type FakeKillSwitch,
  type FakeMcpInfo,
  type FakeResourceClassification,
  type FakeTrailEntry,
  type FakeWebhook,
  type StoreRecords,
} from './fake/store-records.js';
export type { FakeFinding, FakeMcpServer, FakeTopology } from './fake/management-records.js';
export {
  bodyRequiresSignature,
  computeRequestSignature,
  createWebCryptoSigner,
  verifyRequestSignature,
  type SignatureCheck,
  type SignatureCheckInput,
} from './fake/signature.js';
export { canonicalizeJson, isJsonObject, pythonJson, pythonJsonString, type JsonObject, type JsonPrimitive, type JsonValue } from './fake/json.js';
export { MockAscendClient } from './mock/mock-client.js';
// Every name of mock-types.ts: MockAdminError and the MockAscendClient option, script, call and action types.
export * from './mock/mock-types.js';

export type { AscendClientApi, ClientMethodArgs, ClientMethodName, ClientMethodResult, PublicApi } from './mock/public-api.js';
export {
  assertNoUngovernedActions,
  createGovernanceLedger,
  expectGoverned,
  findGovernedActions,
  governedActions,
  matchesGovernedAction,
  GovernanceAssertionError,
  type GovernanceLedger,
  type GovernanceSource,
  type GovernedAction,
  type GovernedActionMatcher,
  type LedgerEntry,
  type UngovernedOptions,
} from './assertions/governance.js';
export {
  createWebhookDelivery,
  deliverOutbox,
  WEBHOOK_API_VERSION,
  type DeliverOutboxOptions,
  type OutboxDeliveryResult,
  type SignedWebhookDelivery,
  type WebhookDeliveryOptions,
} from './webhook-delivery.js';
export { createTestClientFactory, mergeClientOptions, TEST_CLIENT_DEFAULTS, type TestClientFactory, type TestClientFactoryOptions } from './test-client.js';
export { GOVERNED_OUTCOMES, OUTCOME_APPROVAL_TIMEOUT_MS } from './outcomes.js';
export type { GovernedOutcomeExpectation, GovernedOutcomeName, GovernedOutcomeScenario } from './outcomes.js';
