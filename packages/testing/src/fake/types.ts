/**
 * The transport-independent request and response of the fake (`fake.handle`).
 *
 * @packageDocumentation
 */
import type { OperationName } from './operations.js';

/** A request as any transport (msw, hono, a fetch function) hands it to the fake. */
export interface FakeRequest {
  /** HTTP method (any case). */
  readonly method: string;
  /**
   * The path relative to the service root, e.g. `/api/v1/actions/submit`. May carry a query
   * string when `query` is omitted.
   */
  readonly path: string;
  /** Query parameters. */
  readonly query?: URLSearchParams | string;
  /** Request headers. */
  readonly headers?: Headers | Readonly<Record<string, string>>;
  /** The raw body exactly as received; empty or omitted when there is none. */
  readonly body?: string | null;
  /** Aborted when the client gives up; ends `latency` faults early. */
  readonly signal?: AbortSignal;
}

/** The fake's answer. Transports must honour `networkError` and `hang` before anything else. */
export interface FakeResponse {
  /** HTTP status (0 when `networkError` or `hang`). */
  readonly status: number;
  /** Response headers (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body text, or null for none. Every 2xx carries a JSON body unless a fault garbles it. */
  readonly body: string | null;
  /** Fail the connection (an `outage` fault): msw `HttpResponse.error()`, fetch rejects. */
  readonly networkError?: boolean;
  /** Never answer (a `hang` fault): keep the request open until the client aborts it. */
  readonly hang?: boolean;
  /** The operation the request routed to, or null. */
  readonly operation: OperationName | null;
}
