/**
 * `@ascend/browser/compat`: the vendor's documented Node.js API (ASCEND Node SDK 2.0), mapped
 * onto this SDK's web client (fetch + WebCrypto), for browsers, Deno, Bun, workers and edge
 * runtimes. Code copied from the vendor's docs runs with only its import path changed. Where the
 * vendor's semantics are unsafe, this SDK's win; the package README lists where. Not imported by
 * the main entry, so bundles that do not use it never carry it.
 *
 * @example
 * ```ts
 * import { AscendClient, FailMode, Decision } from '@ascend/browser/compat'
 * const client = new AscendClient({ apiKey: 'owkai_your_api_key', agentId: 'agent-001', agentName: 'My AI Agent', failMode: FailMode.CLOSED })
 * const decision = await client.evaluateAction({ actionType: 'database.query', resource: 'production_db' })
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
import { AscendClient as WebAscendClient } from './index.js';
import { webV1Runtime } from './compat-runtime.js';

export * from '@ascend/core/compat';

/**
 * The vendor's `AscendClient` on the web runtime: `new AscendClient({ apiKey, agentId, agentName, … })`
 * with the vendor's option names and units. Logs go to the console, as JSON lines or, with
 * `jsonLogs: false`, as plain text. `client.ascend` is this SDK's client underneath.
 * @throws `ValidationError` naming the field for any invalid option.
 */
export class AscendClient extends CompatAscendClient {
  constructor(options: AscendClientOptions) {
    super(options, (core, { jsonLogs }) => {
      const logger = compatLogger(jsonLogs);
      return new WebAscendClient(logger ? { ...core, logger } : core);
    });
  }
}

/**
 * The vendor's legacy `OWKAIClient` (v1.0) on the web runtime: `new OWKAIClient({ apiKey, apiUrl })`.
 * `approveAction` / `denyAction` always reject (a human decides on the dashboard).
 * @throws `ValidationError` naming the field for any invalid option; a missing API key too.
 */
export class OWKAIClient extends CompatOWKAIClient {
  constructor(options: OWKAIClientOptions = {}) {
    super(options, webV1Runtime);
  }
}

/**
 * The vendor's legacy `AuthorizedAgent` on the web runtime. Pass a client: without one it makes
 * an {@link OWKAIClient}, which needs an `apiKey` the web runtime cannot read from an environment.
 * @throws `ValidationError` naming `agentId`, `agentName` or `defaultTimeout`.
 */
export class AuthorizedAgent extends CompatAuthorizedAgent {
  constructor(agentId: string, agentName: string, client?: CompatOWKAIClient, defaultTimeout = 60_000) {
    super(agentId, agentName, client ?? new OWKAIClient(), defaultTimeout);
  }
}
