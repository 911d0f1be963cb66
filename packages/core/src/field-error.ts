/**
 * The one shape of a client-side check's failure.
 * @internal
 */
import { ValidationError } from './errors.js';

/**
 * The {@link ValidationError} for one field's problem: `fieldErrors` is `{ [field]: problem }` and
 * the message reads `field: problem`, the one shape every client-side check uses.
 * @internal
 */
export function fieldError(field: string, problem: string, cause?: unknown): ValidationError {
  return new ValidationError(`${field}: ${problem}`, { [field]: problem }, cause === undefined ? {} : { cause });
}
