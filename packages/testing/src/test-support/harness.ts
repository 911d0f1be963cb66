/**
 * Test harness: an msw server bound to a fresh fake per test, and a `call` helper that sends
 * requests exactly as the Python client does (reference §2.1–2.2).
 */
import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createFakeAscend, DEFAULT_API_KEY, pythonJson, type FakeAscend, type FakeAscendOptions, type JsonValue } from '../index.js';
import { ascendHandlers } from '../msw.js';

/** The base URL the tests intercept. */
export const BASE = 'https://ascend.test';

/** The reference's example time, 2026-04-17T12:00:00Z. */
export const T0 = Date.parse('2026-04-17T12:00:00.000Z');

/** A clock the test moves by hand. */
export class ManualClock {
  constructor(public ms = T0) {}
  readonly now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Deterministic "random" bytes: 0, 1, 2, ... */
export function sequenceBytes(): (n: number) => Uint8Array {
  let i = 0;
  return (n) => Uint8Array.from({ length: n }, () => i++ & 0xff);
}

/**
 * Installs one msw server for the file; `use` binds a new fake to it, followed by any extra
 * handlers (the fake's handlers come first, so extra ones only see what falls through).
 */
export function setupFakeServer(): { use(options?: FakeAscendOptions, baseUrl?: string, ...extra: RequestHandler[]): FakeAscend } {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    use(options = {}, baseUrl = BASE, ...extra) {
      const fake = createFakeAscend(options);
      server.use(...ascendHandlers(fake, { baseUrl }), ...extra);
      return fake;
    },
  };
}

/** Options of {@link call}. */
export interface CallOptions {
  /** A JSON value (sent with Python's separators and escaping) or a raw string. */
  readonly body?: JsonValue | string;
  /** Extra or overriding headers. */
  readonly headers?: Record<string, string>;
  /** The API key; null sends none. */
  readonly key?: string | null;
  /** Abort signal. */
  readonly signal?: AbortSignal;
  /** Base URL. */
  readonly base?: string;
}

/** A parsed answer. */
export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // Tests read wire bodies of every shape; each test's assertions are the check of that shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
}

/** The session headers the Python client sends on every request (reference §2.1). */
export function pythonHeaders(key: string | null = DEFAULT_API_KEY): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'ascend-sdk/2.3.0 Python',
    'X-SDK-Version': '2.3.0',
    'X-Environment': 'production',
    'X-Correlation-ID': 'asc_9ae0e51bb6a947d5',
    'X-Request-Timestamp': '2026-04-17T12:00:00.123456+00:00',
  };
  if (key !== null) {
    headers['X-API-Key'] = key;
    headers['Authorization'] = `Bearer ${key}`;
  }
  return headers;
}

/** Sends one request to the fake through msw, as the Python client would. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : pythonJson(options.body);
  const response = await fetch(`${options.base ?? BASE}${path}`, {
    method,
    headers: { ...pythonHeaders(options.key === undefined ? DEFAULT_API_KEY : options.key), ...(options.headers ?? {}) },
    ...(body === undefined ? {} : { body }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
