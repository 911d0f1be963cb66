/** Test support: the package's exports plus the pipeline's cancellation code. */
export * from '../index.js';
export { CANCELLED_BY_CLIENT as CANCELLED } from '@ascend/governance';
