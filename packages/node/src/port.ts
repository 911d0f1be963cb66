import { randomUUID } from 'node:crypto';
import type { FetchLike, HttpSend, RuntimePort } from '@ascend/core';
import { nodeHttpSend } from './http-send.js';
import { nodeSigner } from './signer.js';

/** Options of {@link nodePort}. */
export interface NodePortOptions {
  /**
   * A fetch implementation to send API requests with. By default they go over node:http with
   * keep-alive agents ({@link nodeHttpSend}), which interceptors of node:http (msw, nock) see.
   * Pass a fetch (`globalThis.fetch` included) to send them with it instead: for an undici
   * dispatcher such as a proxy agent or `MockAgent`, or any fetch wrapper.
   */
  fetch?: FetchLike;
  /** Environment to read `ASCEND_*` variables from. @defaultValue `process.env` */
  env?: Record<string, string | undefined>;
}

// One sender (and so one pair of keep-alive agents) shared by every default client.
let defaultSend: HttpSend | undefined;

/**
 * Builds the runtime port for Node.js: node:http for API requests (or the given fetch), global
 * fetch for the rest, node:crypto signer and UUIDs, `process.env`.
 */
export function nodePort(options: NodePortOptions = {}): RuntimePort {
  const env = options.env ?? process.env;
  const port: RuntimePort = {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    signer: nodeSigner,
    randomUUID: () => randomUUID(),
    env: (name) => env[name],
    runtime: `node/${process.versions.node}`,
  };
  if (!options.fetch) port.send = defaultSend ??= nodeHttpSend();
  return port;
}
