/**
 * Redaction of tool arguments before they are sent to ASCEND: the governance pipeline's, which
 * `@ascend/mcp` re-exports.
 */
export { redactArguments, REDACTED, SECRET_KEY_FRAGMENTS } from '@ascend/governance';
export type { RedactionOptions } from '@ascend/governance';
