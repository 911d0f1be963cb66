/**
 * `@ascend/browser`: the ASCEND governance client for web-standard runtimes: browsers, Deno,
 * Bun, Cloudflare Workers and other edge runtimes. Uses `fetch` and WebCrypto only; no
 * `process`, no Node built-ins.
 *
 * `AscendClient` has every endpoint of the API; `AscendAgentClient` has what an agent needs at run
 * time and keeps a browser bundle small (the management operations and their wire code are
 * tree-shaken away).
 *
 * @example
 * ```ts
 * import { AscendClient } from '@ascend/browser'
 * const client = new AscendClient({ apiKey, agentId: 'support-bot', baseUrl: 'https://pilot.owkai.app' })
 * const decision = await client.evaluateAction({ actionType: 'customer.lookup', resource: 'customer_db' })
 * ```
 *
 * @packageDocumentation
 */
import { AscendAgentClient as CoreAscendAgentClient, AscendClient as CoreAscendClient, type AscendClientOptions, type RuntimePort } from '@ascend/core';
import { browserPort, type BrowserPortOptions } from './port.js';

export * from '@ascend/core';
export { webCryptoSigner, createWebCryptoSigner } from './signer.js';
export { browserPort, type BrowserPortOptions } from './port.js';

/** Options of the web client: the core options plus the port's `fetch`, `env` and `runtime`. */
export interface BrowserClientOptions extends AscendClientOptions, BrowserPortOptions {}

/** Splits web client options into the core options and the web runtime port. */
function split(options: BrowserClientOptions): [AscendClientOptions, RuntimePort] {
  const { fetch, env, runtime, ...core } = options;
  return [core, browserPort({ ...(fetch ? { fetch } : {}), ...(env ? { env } : {}), ...(runtime ? { runtime } : {}) })];
}

/**
 * The lean ASCEND client for web-standard runtimes: what an agent needs at run time
 * (`evaluateAction`, approval waits, bulk and MCP evaluation, reports, heartbeat, kill switch,
 * `close()`), with the same resilience as {@link AscendClient} and a much smaller bundle. Same
 * API as the core `AscendAgentClient`.
 *
 * @example
 * ```ts
 * import { AscendAgentClient } from '@ascend/browser'
 * const client = new AscendAgentClient({ apiKey, agentId: 'support-bot', baseUrl: 'https://pilot.owkai.app' })
 * const decision = await client.evaluateAction({ actionType: 'customer.lookup', resource: 'customer_db' })
 * ```
 * @throws {@link ConfigurationError} naming the field for any invalid option.
 */
export class AscendAgentClient extends CoreAscendAgentClient {
  constructor(options: BrowserClientOptions = {}) {
    super(...split(options));
  }
}

/**
 * The ASCEND client for web-standard runtimes, with every endpoint of the API. Same API as the
 * core client.
 * @throws {@link ConfigurationError} naming the field for any invalid option.
 */
export class AscendClient extends CoreAscendClient {
  constructor(options: BrowserClientOptions = {}) {
    super(...split(options));
  }
}

/** Creates a lean web client; equivalent to `new AscendAgentClient(options)`. */
export function createAscendAgentClient(options: BrowserClientOptions = {}): AscendAgentClient {
  return new AscendAgentClient(options);
}

/** Creates a web client; equivalent to `new AscendClient(options)`. */
export function createAscendClient(options: BrowserClientOptions = {}): AscendClient {
  return new AscendClient(options);
}
