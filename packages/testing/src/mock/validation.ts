/**
 * Small argument checks of the mock. The real client's request checks are not repeated here: the
 * mock runs core's own body builders (`@ascend/core/internal`).
 * @internal
 */
import { ValidationError } from '@ascend/core';

/** True for a plain (non-array) object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-blank string, or a `ValidationError` naming `field`. */
export function required(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field}: Required field is missing or empty`, { [field]: 'Required field is missing or empty' });
  }
  return value;
}
