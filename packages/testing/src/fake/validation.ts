/**
 * Request-body validation with field-named errors, answered as the protocol's 400/422 shape
 * `{"detail": "...", "errors": {"<field>": "<problem>"}}` (reference §5.2).
 * @internal
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** What a handler answers. */
export interface HandlerResult {
  readonly status: number;
  readonly body: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
}

/** 200 with `body`. */
export function ok(body: JsonValue): HandlerResult {
  return { status: 200, body };
}

/** A 400/422 validation error. */
export function validationError(errors: Record<string, string>, detail = 'Validation failed', status = 422): HandlerResult {
  return { status, body: { detail, errors } };
}

/** 404 `{detail}`. */
export function notFound(detail: string): HandlerResult {
  return { status: 404, body: { detail } };
}

/** 403 `{detail, policy_violations}`. */
export function forbidden(detail: string, violations: readonly string[] = [], extra: JsonObject = {}): HandlerResult {
  return { status: 403, body: { detail, policy_violations: [...violations], ...extra } };
}

/** 409 `{detail}`. */
export function conflict(detail: string): HandlerResult {
  return { status: 409, body: { detail } };
}

/** Reads typed fields from a JSON object body, collecting one message per bad field. */
export class BodyReader {
  /** Field → problem. */
  readonly errors: Record<string, string> = {};

  /** @param body the parsed body. */
  constructor(readonly body: JsonObject) {}

  /** True when no field was rejected. */
  get valid(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** The 422 answer for the collected errors. */
  failure(): HandlerResult {
    const fields = Object.keys(this.errors);
    return validationError(this.errors, `Validation failed: ${fields.join(', ')}`);
  }

  private has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.body, key);
  }

  private value(key: string): JsonValue | undefined {
    return this.has(key) ? this.body[key] : undefined;
  }

  /** A required non-empty string (whitespace-only counts as empty). */
  requiredString(key: string, message = 'Required field is missing or empty', maxLength?: number): string {
    const v = this.value(key);
    if (typeof v !== 'string' || v.trim() === '') {
      this.errors[key] = message;
      return '';
    }
    if (maxLength !== undefined && v.length > maxLength) this.errors[key] = `Must be at most ${maxLength} characters`;
    return v;
  }

  /** An optional string; null when missing or null. */
  optionalString(key: string): string | null {
    const v = this.value(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') {
      this.errors[key] = 'Must be a string';
      return null;
    }
    return v;
  }

  /** An optional object; `{}` when missing or null. */
  optionalObject(key: string): JsonObject {
    const v = this.value(key);
    if (v === undefined || v === null) return {};
    if (!isJsonObject(v)) {
      this.errors[key] = 'Must be an object';
      return {};
    }
    return v;
  }

  /** An optional integer within `[min, max]`; null when missing or null. */
  optionalInt(key: string, min: number, max: number, rangeMessage?: string): number | null {
    const v = this.value(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.errors[key] = 'Must be an integer';
      return null;
    }
    if (v < min || v > max) {
      this.errors[key] = rangeMessage ?? `Out of range (${min}..${max})`;
      return null;
    }
    return v;
  }

  /** An optional finite number within `[min, max]`; null when missing or null. */
  optionalNumber(key: string, min = -Infinity, max = Infinity): number | null {
    const v = this.value(key);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.errors[key] = 'Must be a number';
      return null;
    }
    if (v < min || v > max) {
      this.errors[key] = `Out of range (${min}..${max})`;
      return null;
    }
    return v;
  }

  /** An optional boolean with a default. */
  optionalBoolean(key: string, fallback: boolean): boolean {
    const v = this.value(key);
    if (v === undefined || v === null) return fallback;
    if (typeof v !== 'boolean') {
      this.errors[key] = 'Must be a boolean';
      return fallback;
    }
    return v;
  }

  /** An optional list of strings; `fallback` when missing. */
  optionalStringList(key: string, fallback: string[] = []): string[] {
    const v = this.value(key);
    if (v === undefined || v === null) return fallback;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      this.errors[key] = 'Must be a list of strings';
      return fallback;
    }
    return [...v];
  }

  /** True when `key` is present (even with null). */
  present(key: string): boolean {
    return this.has(key);
  }

  /** The raw value of `key`. */
  raw(key: string): JsonValue | undefined {
    return this.value(key);
  }
}
