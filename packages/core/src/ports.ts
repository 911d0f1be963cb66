/**
 * The runtime port: the only things `@ascend/core` needs from the platform.
 *
 * `@ascend/node` and `@ascend/browser` build a port and hand it to the core client; tests build
 * one with a fake clock and timers. Nothing else is reached through globals.
 *
 * @packageDocumentation
 */

/** The WHATWG `fetch` signature the transport calls. */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;

/** One HTTP request exactly as the transport sends it (see {@link RuntimePort.send}). */
export interface HttpRequest {
  /** HTTP method. */
  readonly method: string;
  /** Absolute URL. */
  readonly url: string;
  /** Request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** UTF-8 body text, or undefined for none. */
  readonly body: string | undefined;
  /** Aborts the exchange: the request, or the reading of the response. */
  readonly signal: AbortSignal;
}

/** The parts of an HTTP response the transport reads (see {@link RuntimePort.send}). */
export interface HttpResponse {
  /** HTTP status code. */
  readonly status: number;
  /** A response header by case-insensitive name; several values are joined with `, `. */
  header(name: string): string | null;
  /**
   * Reads the whole body as UTF-8 text (decompressed when the server compressed it). Resolves to
   * `undefined` as soon as more than `maxBytes` (decoded) bytes arrive or the declared length
   * says they would: the rest is not read, and the exchange is closed.
   */
  text(maxBytes: number): Promise<string | undefined>;
  /** Discards a body that will not be read. */
  discard(): void;
}

/**
 * Sends one HTTP request and resolves once the response status and headers arrive. It must
 * follow no redirect (the transport decides, and never sends credentials to another host) and
 * reject when the signal aborts or the connection fails.
 */
export type HttpSend = (request: HttpRequest) => Promise<HttpResponse>;

/**
 * An asynchronous HMAC-SHA256 implementation. Async-only so that WebCrypto can implement it.
 *
 * Implementations must accept any key length (including 0) and any data, and return the raw
 * 32-byte digest.
 */
export interface Signer {
  /** HMAC-SHA256 of `data` under `key`; resolves to the 32-byte digest. */
  hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>;
  /**
   * Optional fast path for request signing: the lowercase hex HMAC-SHA256 of the UTF-8 bytes of
   * `text` under `key`, equal to the hex of `hmacSha256(key, utf8(text))`. It may answer
   * synchronously. When a signer has it, the transport signs requests with it and skips encoding
   * the text and the digest itself.
   */
  hmacSha256Hex?(key: Uint8Array, text: string): string | Promise<string>;
}

/** Wall-clock time source. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** An opaque handle returned by {@link Timers.setTimeout}. */
export type TimerHandle = unknown;

/**
 * Who is waiting for a timer, which decides whether it may keep the host process alive:
 *
 * - `awaited`: a caller is awaiting the work the timer belongs to (a retry backoff, a
 *   `Retry-After` wait, an approval poll, the timeout of a request in flight). It must hold the
 *   process on runtimes that have the concept (Node, Deno, Bun), or a plain script exits in the
 *   middle of its call.
 * - `background`: nobody awaits it (kill-switch polling, heartbeats, spool replays). It must
 *   never keep the process alive.
 */
export type TimerKind = 'awaited' | 'background';

/**
 * Timer functions. The default one holds the process for `awaited` timers and releases it for
 * `background` ones (`unref()` on Node and Bun, `Deno.unrefTimer` on Deno). An implementation
 * that ignores the kind must at least never keep the process alive for a `background` timer.
 */
export interface Timers {
  /**
   * Schedules `callback` after `ms` milliseconds.
   * @param kind - Who waits for it (see {@link TimerKind}). @defaultValue 'awaited'
   */
  setTimeout(callback: () => void, ms: number, kind?: TimerKind): TimerHandle;
  /** Cancels a pending timer; a no-op for handles that already fired. */
  clearTimeout(handle: TimerHandle): void;
}

/** Reads one environment variable; returns undefined when unset. */
export type EnvReader = (name: string) => string | undefined;

/** Everything the core client needs from its runtime. */
export interface RuntimePort {
  /** The fetch implementation to send requests with. */
  fetch: FetchLike;
  /**
   * Optional lower-level HTTP client the transport sends API requests with instead of `fetch`
   * (the Node adapter's default: node:http with keep-alive, faster than Node's fetch).
   */
  send?: HttpSend;
  /** HMAC-SHA256 for request signing and webhook verification. */
  signer: Signer;
  /** Defaults to `Date.now`. */
  clock?: Clock;
  /** Defaults to the global `setTimeout`/`clearTimeout`; `background` timers are unref'd. */
  timers?: Timers;
  /** Returns a random RFC 4122 v4 UUID. Defaults to `crypto.randomUUID` when present. */
  randomUUID?: () => string;
  /** Environment variable reader. Defaults to "nothing is set". */
  env?: EnvReader;
  /** Short runtime label for the User-Agent, e.g. `node/20.19.0` or `browser`. */
  runtime?: string;
}

/** A port with every optional capability filled in. */
export interface ResolvedPort {
  /** See {@link RuntimePort.fetch}. */
  fetch: FetchLike;
  /** See {@link RuntimePort.send}. */
  send: HttpSend | undefined;
  /** See {@link RuntimePort.signer}. */
  signer: Signer;
  /** See {@link RuntimePort.clock}. */
  clock: Clock;
  /** See {@link RuntimePort.timers}. */
  timers: Timers;
  /** See {@link RuntimePort.randomUUID}. */
  randomUUID: () => string;
  /** See {@link RuntimePort.env}. */
  env: EnvReader;
  /** See {@link RuntimePort.runtime}. */
  runtime: string;
}
