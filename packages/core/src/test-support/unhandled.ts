/**
 * Watching for unhandled rejections inside a test. Vitest reports them at the end of the run
 * without naming the test; a test that lets one escape should fail by name instead.
 *
 * Test support only: excluded from the build and from the core lint rules.
 */
import { afterEach, beforeEach } from 'vitest';

/** Lets every pending promise job and a few macrotasks run (no timing is measured). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Records every unhandled rejection of each test of the calling file; the returned function
 * reads the current test's list.
 */
export function watchUnhandledRejections(): () => unknown[] {
  let unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  return () => unhandled;
}
