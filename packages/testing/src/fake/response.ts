/**
 * A serialized answer of the fake's request pipeline, and the one way a handler's result becomes
 * one.
 * @internal
 */
import type { HandlerResult } from './validation.js';

/** A status, headers and JSON body text. */
export interface Serialized {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** Serializes a handler result as JSON, with `extraHeaders` over its own. */
export function jsonResponse(result: HandlerResult, extraHeaders: Record<string, string> = {}): Serialized {
  return {
    status: result.status,
    headers: { 'content-type': 'application/json', ...(result.headers ?? {}), ...extraHeaders },
    body: JSON.stringify(result.body),
  };
}
