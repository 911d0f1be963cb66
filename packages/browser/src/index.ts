/**
 * `@ascend/browser`: the ASCEND governance client for web-standard runtimes: browsers, Deno,
 * Bun, Cloudflare Workers and other edge runtimes. Uses `fetch` and WebCrypto only; no
 * `process`, no Node built-ins.
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
import { AscendClient as CoreAscendClient, type AscendClientOptions } from '@ascend/core';
import { browserPort, type BrowserPortOptions } from './port.js';

export * from '@ascend/core';
export { webCryptoSigner, createWebCryptoSigner } from './signer.js';
export { browserPort, type BrowserPortOptions } from './port.js';

/** Options of the web client: the core options plus the port's `fetch`, `env` and `runtime`. */
export interface BrowserClientOptions extends AscendClientOptions, BrowserPortOptions {}

/**
 * The ASCEND client for web-standard runtimes. Same API as the core client.
 * @throws {@link ConfigurationError} naming the field for any invalid option.
 */
export class AscendClient extends CoreAscendClient {
  constructor(options: BrowserClientOptions = {}) {
    const { fetch, env, runtime, ...core } = options;
    super(core, browserPort({ ...(fetch ? { fetch } : {}), ...(env ? { env } : {}), ...(runtime ? { runtime } : {}) }));
  }
}

/** Creates a web client; equivalent to `new AscendClient(options)`. */
export function createAscendClient(options: BrowserClientOptions = {}): AscendClient {
  return new AscendClient(options);
}
