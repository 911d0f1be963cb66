import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The fast-check properties (canonical JSON against a Python oracle, hostile values) take a
    // few seconds on an idle machine and several times that on a loaded one. The bound only
    // catches a hang; no test asserts on time.
    testTimeout: 30_000,
  },
});
