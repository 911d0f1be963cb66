/**
 * `@ascend/node/compat`: the vendor's documented Node.js API (ASCEND Node SDK 2.0), mapped onto
 * this SDK's Node client. Code copied from the vendor's docs runs with only its import path
 * changed: `import { AscendClient, FailMode, Decision } from '@ascend/node/compat'`. Where the
 * vendor's semantics are unsafe, this SDK's win; the package README lists where.
 *
 * @example
 * ```ts
 * import { AscendClient, FailMode, Decision } from '@ascend/node/compat'
 * const client = new AscendClient({ apiKey: 'owkai_your_api_key', agentId: 'agent-001', agentName: 'My AI Agent', failMode: FailMode.CLOSED })
 * const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db', parameters: { query: 'SELECT 1' } })
 * if (decision.decision === Decision.ALLOWED) await client.logActionCompleted(decision.actionId, { rowsReturned: 1 }, 150)
 * ```
 *
 * @packageDocumentation
 */
import {
  CompatAscendClient,
  CompatAuthorizedAgent,
  CompatOWKAIClient,
  compatLogger,
  type AscendClientOptions,
  type OWKAIClientOptions,
} from '@ascend/core/compat';
import { AscendClient as NodeAscendClient } from './index.js';
import { nodeV1Runtime } from './compat-runtime.js';
import { stderrTextLogger } from './logger.js';

export * from '@ascend/core/compat';

/**
 * The vendor's `AscendClient` for Node.js: `new AscendClient({ apiKey, agentId, agentName, … })`
 * with the vendor's option names and units. Underneath is this SDK's Node client (node:http,
 * node:crypto, `process.env`); logs go to stderr, as JSON lines or, with `jsonLogs: false`, as
 * plain text. `client.ascend` is that client, for everything else this SDK offers.
 * @throws `ValidationError` naming the field for any invalid option.
 */
export class AscendClient extends CompatAscendClient {
  constructor(options: AscendClientOptions) {
    super(options, (core, { jsonLogs }) => {
      const logger = compatLogger(jsonLogs, stderrTextLogger);
      return new NodeAscendClient(logger ? { ...core, logger } : core);
    });
  }
}

/**
 * The vendor's legacy `OWKAIClient` (v1.0) for Node.js: `new OWKAIClient({ apiKey })`, or the
 * key from `OWKAI_API_KEY`. Underneath is this SDK's Node client; `approveAction` / `denyAction`
 * always reject (a human decides on the dashboard).
 * @throws `ValidationError` naming the field for any invalid option; a missing API key too.
 */
export class OWKAIClient extends CompatOWKAIClient {
  constructor(options: OWKAIClientOptions = {}) {
    super(options, nodeV1Runtime);
  }
}

/**
 * The vendor's legacy `AuthorizedAgent` for Node.js: without a client, it makes an
 * {@link OWKAIClient} from the environment.
 * @throws `ValidationError` naming `agentId`, `agentName` or `defaultTimeout`.
 */
export class AuthorizedAgent extends CompatAuthorizedAgent {
  constructor(agentId: string, agentName: string, client?: CompatOWKAIClient, defaultTimeout = 60_000) {
    super(agentId, agentName, client ?? new OWKAIClient(), defaultTimeout);
  }
}
