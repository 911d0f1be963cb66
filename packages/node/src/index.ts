/**
 * `@ascend/node`: the ASCEND governance client for Node.js.
 *
 * Re-exports everything from `@ascend/core` and supplies the Node runtime port: global `fetch`
 * (or an injected one), the node:crypto HMAC signer, and configuration from `process.env`; plus
 * {@link FileSpoolStore}, a report spool that survives the process.
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/node'
 * const client = new AscendClient({ agentId: 'refund-bot', agentName: 'Refund Bot' }) // key from ASCEND_API_KEY
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api', parameters: { amount: 50 } })
 * ```
 *
 * @packageDocumentation
 */
import {
  AscendAgentClient as CoreAscendAgentClient,
  AscendClient as CoreAscendClient,
  ConfigurationError,
  type AscendClientOptions,
  type RuntimePort,
} from '@ascend/core';
import { FileSpoolStore } from './file-spool.js';
import { stderrJsonLogger } from './logger.js';
import { nodePort, type NodePortOptions } from './port.js';

export * from '@ascend/core';
export { nodeSigner } from './signer.js';
export { stderrJsonLogger, stderrTextLogger } from './logger.js';
export * from './webhooks.js';
export { nodePort, type NodePortOptions } from './port.js';
export { nodeHttpSend, type NodeHttpSendOptions } from './http-send.js';
export {
  FileSpoolStore,
  FILE_SPOOL_DEFAULT_MAX_BYTES,
  FILE_SPOOL_DEFAULT_MAX_REPORTS,
  FILE_SPOOL_MAX_RECORD_BYTES,
  type FileSpoolStoreOptions,
} from './file-spool.js';

/** Options of the Node client: the core options plus the port's `fetch` and `env`. */
export interface NodeClientOptions extends AscendClientOptions, NodePortOptions {}

/** Core's default `reportSpool.maxSize`. */
const DEFAULT_SPOOL_MAX_SIZE = 1000;

/**
 * A {@link FileSpoolStore} must hold at least as many reports as the client's queue: otherwise
 * the store would be full while the client still accepts reports, and those would be kept in
 * memory only. Core validates the rest of `reportSpool`.
 */
function checkSpoolBounds(core: AscendClientOptions): void {
  const spool: unknown = core.reportSpool;
  if (typeof spool !== 'object' || spool === null) return;
  const { store, maxSize = DEFAULT_SPOOL_MAX_SIZE } = spool as { store?: unknown; maxSize?: unknown };
  if (store instanceof FileSpoolStore && typeof maxSize === 'number' && store.maxReports < maxSize) {
    throw new ConfigurationError(
      'reportSpool.store',
      `the FileSpoolStore keeps at most ${store.maxReports} reports (maxReports), fewer than reportSpool.maxSize (${maxSize}); raise maxReports or lower maxSize`,
    );
  }
}

/** Splits Node client options into the core options (stderr JSON logs by default) and the Node runtime port. */
function split(options: NodeClientOptions): [AscendClientOptions, RuntimePort] {
  const { fetch, env, ...core } = options;
  checkSpoolBounds(core);
  return [{ logger: stderrJsonLogger, ...core }, nodePort({ ...(fetch ? { fetch } : {}), ...(env ? { env } : {}) })];
}

/**
 * The lean ASCEND client for Node.js: what an agent needs at run time (`evaluateAction`,
 * approval waits, bulk and MCP evaluation, reports, heartbeat, kill switch, `close()`), with the
 * same resilience as {@link AscendClient}. Same API as the core `AscendAgentClient`; the runtime
 * port is built for you. Logs go to stderr as JSON lines unless `logger` says otherwise.
 *
 * @example
 * ```ts
 * import { AscendAgentClient } from '@ascend/node'
 * const client = new AscendAgentClient({ agentId: 'refund-bot' }) // key from ASCEND_API_KEY
 * const decision = await client.evaluateAction({ actionType: 'financial.refund', resource: 'stripe_api' })
 * ```
 * @throws {@link ConfigurationError} naming the field for any invalid option.
 */
export class AscendAgentClient extends CoreAscendAgentClient {
  constructor(options: NodeClientOptions = {}) {
    super(...split(options));
  }
}

/**
 * The ASCEND client for Node.js, with every endpoint of the API. Same API as the core client;
 * the runtime port is built for you. Logs go to stderr as JSON lines unless `logger` says
 * otherwise.
 * @throws {@link ConfigurationError} naming the field for any invalid option.
 */
export class AscendClient extends CoreAscendClient {
  constructor(options: NodeClientOptions = {}) {
    super(...split(options));
  }
}

/** Creates a lean Node client; equivalent to `new AscendAgentClient(options)`. */
export function createAscendAgentClient(options: NodeClientOptions = {}): AscendAgentClient {
  return new AscendAgentClient(options);
}

/** Creates a Node client; equivalent to `new AscendClient(options)`. */
export function createAscendClient(options: NodeClientOptions = {}): AscendClient {
  return new AscendClient(options);
}
