/**
 * Signed webhooks: verification, signing, typed events, replay protection and receivers.
 * See `README.md` in this folder for the exact headers and prefixes accepted.
 *
 * @packageDocumentation
 */
export { verifyWebhook, DEFAULT_WEBHOOK_TOLERANCE_SECONDS, type VerifyWebhookOptions, type WebhookBody, type WebhookHeaders } from './verify.js';
export { signWebhook, type SignWebhookOptions, type SignedWebhook } from './sign.js';
export {
  WEBHOOK_SCHEMES,
  ASCEND_V1_HEADERS,
  STANDARD_WEBHOOKS_HEADERS,
  STANDARD_WEBHOOKS_SECRET_PREFIX,
  OWKAI_HEADERS,
  type WebhookScheme,
} from './schemes.js';
export { MemoryReplayStore, type ReplayStore, type MemoryReplayStoreOptions } from './replay-store.js';
export {
  KNOWN_WEBHOOK_EVENT_TYPES,
  parseWebhookEvent,
  dispatchWebhookEvent,
  type ParseWebhookEventOptions,
  type KnownWebhookEventType,
  type KnownWebhookEvent,
  type UnknownWebhookEvent,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookEventOfType,
  type WebhookEventBase,
  type WebhookEventMetadata,
  type WebhookEventDataMap,
  type WebhookEventHandlers,
  type ActionEventData,
  type ActionApprovedData,
  type ActionDeniedData,
  type ActionPendingData,
  type ActionEvaluatedData,
  type ActionCompletedData,
  type ActionFailedData,
  type ActionSubmittedData,
  type ActionRejectedData,
  type ActionExecutedData,
  type PolicyViolationData,
  type PolicyViolatedData,
  type AgentTrustChangedData,
  type AlertTriggeredData,
} from './events.js';
export {
  createWebhookReceiver,
  webhookErrorReceipt,
  DEFAULT_WEBHOOK_MAX_BODY_BYTES,
  type WebhookReceiver,
  type WebhookReceiverOptions,
  type WebhookDelivery,
  type WebhookReceipt,
  type WebhookResponseBody,
} from './receiver.js';
export {
  verifyWebhookRequest,
  readWebhookRequestBody,
  webhookErrorResponse,
  createWebhookRequestHandler,
  type VerifyWebhookRequestOptions,
  type WebhookRequestHandlerOptions,
} from './request.js';
