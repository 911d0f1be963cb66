/**
 * The request recorder: every request the fake receives, as it arrived, so a test can assert
 * exact bytes, headers and idempotency keys. Bounded; the oldest requests are dropped first.
 *
 * @packageDocumentation
 */
import type { JsonValue } from './json.js';
import type { OperationName } from './operations.js';

/** How the fake answered a recorded request. */
export type RecordedOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: string | null; readonly fault: string | null }
  | { readonly kind: 'network-error'; readonly fault: string }
  | { readonly kind: 'hang'; readonly fault: string }
  | { readonly kind: 'aborted' };

/** One request as received. */
export interface RecordedRequest {
  /** 1-based arrival number. */
  readonly seq: number;
  /** Arrival time (ms since the epoch, from the fake's clock). */
  readonly at: number;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path relative to the service root, without the query string. */
  readonly path: string;
  /** The query string without `?` (empty when none). */
  readonly query: string;
  /** Headers with lower-case names. Contains credentials: never log them unmasked. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body exactly as sent (`''` when none). */
  readonly body: string;
  /** The body parsed as JSON, or undefined when empty or not JSON. */
  readonly json: JsonValue | undefined;
  /** The operation it routed to, or null for an unknown route. */
  readonly operation: OperationName | null;
  /** The `Idempotency-Key` header, or null. */
  readonly idempotencyKey: string | null;
  /** How it was answered; undefined while in flight. */
  readonly outcome: RecordedOutcome | undefined;
}

type MutableRecorded = { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] };

/** A bounded list of received requests. */
export class RequestRecorder {
  private items: MutableRecorded[] = [];
  private head = 0;
  private seq = 0;

  /** @param limit maximum number of requests kept. */
  constructor(private readonly limit: number) {}

  /** Records a request and returns its mutable record. */
  record(input: Omit<RecordedRequest, 'seq' | 'outcome'>): MutableRecorded {
    this.seq++;
    const item: MutableRecorded = { ...input, seq: this.seq, outcome: undefined };
    this.items.push(item);
    // Dropping the oldest with splice(0, 1) would move every kept entry on each request once
    // the list is full; instead skip a head index and compact now and then (amortized O(1)).
    if (this.items.length - this.head > this.limit) {
      this.head++;
      if (this.head >= Math.max(256, this.limit >> 2)) this.compact();
    }
    return item;
  }

  /** All kept requests, oldest first. */
  all(): readonly RecordedRequest[] {
    this.compact();
    return this.items;
  }

  /** Forgets every recorded request (the sequence number keeps counting). */
  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    if (this.head === 0) return;
    this.items = this.items.slice(this.head);
    this.head = 0;
  }
}
