/**
 * Fills in a {@link RuntimePort}'s optional capabilities with web-standard defaults.
 * @internal
 */
import { ConfigurationError } from './errors.js';
import type { ResolvedPort, RuntimePort, Timers } from './ports.js';

/**
 * Timers over the global `setTimeout`. An `awaited` timer is left as the runtime made it (it
 * holds a Node, Deno or Bun process, which is what a caller awaiting it needs); a `background`
 * timer is released: `unref()` on Node and Bun handles, `Deno.unrefTimer` on Deno's numeric ids.
 * Browsers and workers have no such concept and need neither.
 */
export const defaultTimers: Timers = {
  setTimeout(callback, ms, kind = 'awaited') {
    const handle = globalThis.setTimeout(callback, ms) as unknown;
    if (kind === 'background') release(handle);
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]);
  },
};

function release(handle: unknown): void {
  if (typeof handle === 'object' && handle !== null && typeof (handle as { unref?: unknown }).unref === 'function') {
    (handle as { unref(): void }).unref();
    return;
  }
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
  if (typeof handle === 'number' && typeof deno?.unrefTimer === 'function') deno.unrefTimer(handle);
}

/**
 * Validates a runtime port and fills in defaults.
 * @throws {@link ConfigurationError} naming the missing capability and the adapter that supplies it.
 */
export function resolvePort(port: RuntimePort | undefined): ResolvedPort {
  if (port === undefined || port === null || typeof port !== 'object') {
    throw new ConfigurationError('port', 'is required: construct the client from @ascend/node or @ascend/browser, or pass { fetch, signer }');
  }
  if (typeof port.fetch !== 'function') {
    throw new ConfigurationError('port.fetch', 'is required: use @ascend/node or @ascend/browser, or pass the `fetch` option');
  }
  if (!port.signer || typeof port.signer.hmacSha256 !== 'function') {
    throw new ConfigurationError('port.signer', 'needs hmacSha256: use @ascend/node (node:crypto) or @ascend/browser (WebCrypto)');
  }
  const globalCrypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const randomUUID = port.randomUUID ?? (typeof globalCrypto?.randomUUID === 'function' ? () => globalCrypto.randomUUID!() : undefined);
  if (!randomUUID) {
    throw new ConfigurationError('port.randomUUID', 'is required: this runtime lacks crypto.randomUUID');
  }
  if (port.send !== undefined && typeof port.send !== 'function') {
    throw new ConfigurationError('port.send', 'must be a function sending one HTTP request, or left out to use fetch');
  }
  return {
    fetch: port.fetch,
    send: port.send,
    signer: port.signer,
    clock: port.clock ?? { now: () => Date.now() },
    timers: port.timers ?? defaultTimers,
    randomUUID,
    env: port.env ?? (() => undefined),
    runtime: port.runtime ?? 'unknown',
  };
}
