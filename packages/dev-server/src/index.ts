/**
 * `@ascend/dev-server`: ASCEND on localhost. The in-memory fake service of `@ascend/testing`
 * over real HTTP, an approvals dashboard, a documented admin API, signed webhook delivery with
 * retries, and an optional durable store (write-ahead journal with group commit plus snapshot).
 *
 * @packageDocumentation
 */
export { startDevServer, type DevServer } from './dev-server.js';
export {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_RETAIN_ACTIONS,
  DevServerConfigError,
  corsOriginProblem,
  isLoopbackHost,
  type DevServerFakeOptions,
  type DevServerMcpServer,
  type DevServerOptions,
  type JournalOptions,
  type WebhookRetryOptions,
} from './options.js';
export { DataDirError, HISTORY_DIR, SNAPSHOT_FORMAT, type SnapshotFile } from './persistence/data-dir.js';
export type { JournalEntry } from './persistence/journal-entry.js';
export type { StoreStats } from './persistence/durable-store.js';
export type { DeliveryAttempt, DeliveryRecord, DeliveryStatus } from './webhooks/delivery.js';
export type { ChangeTopic } from './http/event-hub.js';
export type { DashboardView, GovernanceView, ModelView, ServerInfo, SummaryView, UnregisteredAgentView } from './http/admin-model.js';
export { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, CORS_EXPOSED_HEADERS } from './http/cors.js';
export type { ActionView, AgentView, ApprovalView, AuditView, DeliveryView, KillSwitchView, WebhookView } from './http/views.js';
export type { AlertView, ComponentView, FindingView, McpServerView, RefusalView, SessionView, TopologyView } from './http/views-governance.js';
export { ADMIN_COOKIE } from './http/admin-api.js';
export { DEFAULT_API_KEY } from '@ascend/testing';
export { DEV_SERVER_VERSION } from './version.js';
