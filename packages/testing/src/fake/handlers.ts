/**
 * Every operation's handler: validate the wire body, change state, answer in the reference's wire
 * format. One file per route family (`handlers-*.ts`, `mcp-registry.ts`), shared readers in
 * `handler-support.ts`. A `Record<OperationName, ...>` so a missing operation fails type-checking.
 * @internal
 */
import type { OperationHandler } from './handler-support.js';
import { ACTION_HANDLERS } from './handlers-actions.js';
import { AGENT_HANDLERS } from './handlers-agents.js';
import { ORCHESTRATION_HANDLERS } from './handlers-orchestration.js';
import { OUTPUT_FILTER_HANDLERS } from './handlers-output-filter.js';
import { SERVICE_HANDLERS } from './handlers-service.js';
import { SUPPLY_CHAIN_HANDLERS } from './handlers-supply-chain.js';
import { WEBHOOK_HANDLERS } from './handlers-webhooks.js';
import { MCP_REGISTRY_HANDLERS } from './mcp-registry.js';
import type { OperationName } from './operations.js';

/** Every operation's handler. */
export const HANDLERS: Readonly<Record<OperationName, OperationHandler>> = {
  ...SERVICE_HANDLERS,
  ...ACTION_HANDLERS,
  ...AGENT_HANDLERS,
  ...WEBHOOK_HANDLERS,
  ...SUPPLY_CHAIN_HANDLERS,
  ...MCP_REGISTRY_HANDLERS,
  ...ORCHESTRATION_HANDLERS,
  ...OUTPUT_FILTER_HANDLERS,
};
