/**
 * `@ascend/browser/compat/rest-client`: the vendor docs site's snake_case reference client (the
 * `./ascend-client` file its Node.js pages tell users to copy), mapped onto this SDK's web client
 * (fetch + WebCrypto). No environment is read on the web: pass `apiKey` and `baseUrl`. Errors
 * carry `isAxiosError`, `response.status`, `response.data.detail` and `code`; never the key or
 * any header.
 *
 * @example
 * ```ts
 * import AscendClient from '@ascend/browser/compat/rest-client'
 * const client = new AscendClient({ apiKey: 'owkai_live_xxx', baseUrl: 'https://your-deployment.owkai.app' })
 * const { actions } = await client.listActions({ limit: 20 })
 * ```
 *
 * @packageDocumentation
 */
import { CompatRestClient, type ClientConfig } from '@ascend/core/compat';
import { webV1Runtime } from './compat-runtime.js';

export type {
  ActionDetailsResult,
  ActionResult,
  ActionResultList,
  ClientConfig,
  RestAgentAction as AgentAction,
  RestConnectionStatus,
  HttpErrorView,
} from '@ascend/core/compat';

/**
 * The docs site's `AscendClient` on the web runtime: `new AscendClient({ apiKey, baseUrl, timeout, debug })`.
 * @throws `ValidationError` naming the field for a bad setting or a missing API key.
 */
export class AscendClient extends CompatRestClient {
  constructor(config: ClientConfig = {}) {
    super(config, webV1Runtime);
  }
}

export default AscendClient;
