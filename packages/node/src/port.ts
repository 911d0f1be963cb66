import { randomUUID } from 'node:crypto';
import type { FetchLike, RuntimePort } from '@ascend/core';
import { nodeSigner } from './signer.js';

/** Options of {@link nodePort}. */
export interface NodePortOptions {
  /** A fetch implementation; defaults to the global `fetch` (looked up at call time, so test interceptors apply). */
  fetch?: FetchLike;
  /** Environment to read `ASCEND_*` variables from. @defaultValue `process.env` */
  env?: Record<string, string | undefined>;
}

/** Builds the runtime port for Node.js: global fetch, node:crypto signer and UUIDs, `process.env`. */
export function nodePort(options: NodePortOptions = {}): RuntimePort {
  const env = options.env ?? process.env;
  return {
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    signer: nodeSigner,
    randomUUID: () => randomUUID(),
    env: (name) => env[name],
    runtime: `node/${process.versions.node}`,
  };
}
