import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'harness/harness.test.ts',
      'conformance.selftest.test.ts',
      'matrix.test.ts',
      'proxy.test.ts',
      'lifetime/lifetime.selftest.test.ts',
      'lifetime.test.ts',
      'ky.test.ts',
    ],
    // Child processes and a browser are started from the test: a forked worker keeps their
    // lifetime tied to one process that is torn down after the run.
    pool: 'forks',
    fileParallelism: false,
  },
});
