/**
 * One client of this SDK per agent identity, for the vendor surfaces that name the agent per
 * action instead of per client (the v1 faces, the integration guide's `evaluateAction({ agentId })`).
 * A bounded cache: the least recently used client is dropped (not closed) past the limit. These
 * clients only submit and wait; they send no reports and start no background work, so a dropped
 * one holds nothing, and a call still using it finishes normally.
 */
import type { AscendClient as CoreAscendClient } from '../client.js';
import type { AscendClientOptions as CoreOptions } from '../options.js';

/** How many per-agent clients are kept. */
export const MAX_AGENT_CLIENTS = 64;

/** @internal The per-agent clients of one compat client. */
export class AgentClients {
  readonly #create: (options: CoreOptions) => CoreAscendClient;
  readonly #options: CoreOptions;
  readonly #clients = new Map<string, CoreAscendClient>();

  /** @param create - Builds a client of this SDK. @param options - The options every per-agent client shares. */
  constructor(create: (options: CoreOptions) => CoreAscendClient, options: CoreOptions) {
    this.#create = create;
    this.#options = options;
  }

  /** The client for this identity, created on first use. */
  for(agentId: string, agentName: string): CoreAscendClient {
    const key = JSON.stringify([agentId, agentName]);
    let client = this.#clients.get(key);
    if (client) {
      // Most recently used last.
      this.#clients.delete(key);
    } else {
      client = this.#create({ ...this.#options, agentId, agentName });
      if (this.#clients.size >= MAX_AGENT_CLIENTS) this.#clients.delete(this.#clients.keys().next().value!);
    }
    this.#clients.set(key, client);
    return client;
  }

  /** Every client kept, least recently used first. */
  all(): CoreAscendClient[] {
    return [...this.#clients.values()];
  }

  /** Closes every client kept and forgets them. */
  async close(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}
