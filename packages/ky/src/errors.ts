/**
 * The error of a call held for human approval is core's {@link ApprovalPendingError}
 * (`APPROVAL_PENDING`), re-exported here so that `@ascend/ky` users import it from one place.
 *
 * @packageDocumentation
 */
export { ApprovalPendingError, isApprovalPendingError } from '@ascend/core';
