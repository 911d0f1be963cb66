/**
 * `@ascend/node/compat/rest-client`: the vendor docs site's snake_case reference client (the
 * `./ascend-client` file its Node.js pages tell users to copy), mapped onto this SDK's Node
 * client. Replace the import of `./ascend-client` with this one and the pages' code runs
 * unchanged: `new AscendClient()` reads `OWKAI_API_KEY`, `OWKAI_API_URL` and `OWKAI_TIMEOUT`.
 * Errors carry `isAxiosError`, `response.status`, `response.data.detail` and `code`, so the
 * pages' `axios.isAxiosError(e)` handling keeps working; never the key or any header.
 *
 * @example
 * ```ts
 * import AscendClient from '@ascend/node/compat/rest-client'
 * const client = new AscendClient()
 * const result = await client.submitAction({ agent_id: 'my-agent', agent_name: 'My AI Agent', action_type: 'data_access', resource: 'customer_database' })
 * console.log(`Status: ${result.status}, Risk: ${result.risk_score}`)
 * ```
 *
 * @packageDocumentation
 */
import { CompatRestClient, type ClientConfig } from '@ascend/core/compat';
import { nodeV1Runtime } from './compat-runtime.js';

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
 * The docs site's `AscendClient`: `new AscendClient()` or `new AscendClient({ apiKey, baseUrl, timeout, debug })`.
 * @throws `ValidationError` naming the field for a bad setting or a missing API key.
 */
export class AscendClient extends CompatRestClient {
  constructor(config: ClientConfig = {}) {
    super(config, nodeV1Runtime);
  }
}

export default AscendClient;
