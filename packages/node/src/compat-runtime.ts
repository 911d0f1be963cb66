/**
 * The runtime of the vendor's v1 faces (`OWKAIClient`, `AuthorizedAgent`, the docs site's REST
 * client): this SDK's Node client, and `process.env`. Not exported by any entry.
 * @internal
 */
import type { V1Runtime } from '@ascend/core/compat';
import { AscendClient as NodeAscendClient } from './index.js';

/** Builds this SDK's client for the v1 faces, and reads their environment. */
export const nodeV1Runtime: V1Runtime = {
  create: (core) => new NodeAscendClient(core),
  env: (name) => process.env[name],
};
