/**
 * The runtime of the vendor's v1 faces (`OWKAIClient`, `AuthorizedAgent`, the docs site's REST
 * client): this SDK's web client; no environment is read (pass `apiKey` and the URL as options). Not exported by any entry.
 * @internal
 */
import type { V1Runtime } from '@ascend/core/compat';
import { AscendClient as WebAscendClient } from './index.js';

/** Builds this SDK's client for the v1 faces, and reads their environment. */
export const webV1Runtime: V1Runtime = {
  create: (core) => new WebAscendClient(core),
  env: () => undefined,
};
