import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `fetch-gc.test.ts` forces garbage collections while a request hangs.
    execArgv: ['--expose-gc'],
  },
});
