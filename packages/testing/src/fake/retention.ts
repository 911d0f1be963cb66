/**
 * Bounded memory: the retention limit (`limits.actions`) keeps the actions settled most recently
 * (submitted, or decided by a human or by expiry) plus every pending one; older settled actions
 * leave memory with their approval requests.
 * @internal
 */
import type { FakeContext } from './context.js';
import { retainAction } from './store-indexes.js';
import type { FakeAction } from './store-records.js';

/**
 * The action was just submitted or decided: it goes to the end of the retention order, and the
 * oldest settled actions beyond the limit leave memory (announced as `action.evicted`).
 */
export function settleAction(ctx: FakeContext, action: FakeAction): void {
  if (ctx.options.retainActions === Number.POSITIVE_INFINITY) return;
  const { store, fx } = ctx;
  const evicted = retainAction(store, action, ctx.options.retainActions);
  for (const e of evicted) fx.emit('action.evicted', e);
}
