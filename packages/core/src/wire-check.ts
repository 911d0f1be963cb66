/**
 * Client-side checks shared by the request body builders of `wire-agent.ts` and `wire-admin.ts`:
 * each throws a {@link ValidationError} naming the offending field.
 * @internal
 */
import { fieldError } from './field-error.js';
import { isObject } from './wire-read.js';

/** A non-blank string, else a {@link ValidationError} for `field`. */
export function nonBlank(value: unknown, field: string, message = 'Required field is missing or empty'): string {
  if (typeof value !== 'string' || value.trim() === '') throw fieldError(field, message);
  return value;
}

/** A string, or undefined for `undefined` / `null`. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw fieldError(field, 'Must be a string');
  return value;
}

/** An object, or undefined for `undefined`, `null` and `{}`. */
export function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw fieldError(field, 'Must be an object');
  return Object.keys(value).length === 0 ? undefined : value;
}

/** A list of strings; `[]` for undefined. */
export function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw fieldError(field, 'Must be a list of strings');
  }
  return value as string[];
}
