// The same suite with ky 2 in place of ky 1: every `import … from 'ky'` (the package's sources
// and the tests) resolves to the `ky2` alias (`npm:ky@^2`). ky 2 needs Node >= 22, so
// scripts/test-ky2.mjs runs this config under Node 24.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: [{ find: /^ky$/, replacement: 'ky2' }] },
  test: { include: ['src/**/*.test.ts'] },
});
