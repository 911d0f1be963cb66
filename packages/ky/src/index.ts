/**
 * `@ascend/ky`: ASCEND governance for an agent's own HTTP calls, through ky hooks.
 *
 * Before each request, ASCEND decides (allowed / denied / pending human approval); only an
 * allowed decision sends it. Afterwards completion or failure is reported. Works wherever ky
 * runs (Node, Deno, Bun, workers, browsers): no Node built-ins.
 *
 * @example
 * ```ts
 * import ky from 'ky'
 * import { AscendClient } from '@ascend/node'
 * import { governedKy } from '@ascend/ky'
 * const github = governedKy(new AscendClient(), { ky: ky.create({ prefixUrl: 'https://api.github.com' }) })
 * ```
 *
 * @packageDocumentation
 */
export { governedKy } from './governed-ky.js';
export type { ApprovalWaitOptions, GovernanceClient, GovernedKyOptions } from './governed-ky.js';
export { actionFor, requestParameters } from './action.js';
export type { ActionMapping, FromRequest, ParameterOptions } from './action.js';
export { ApprovalPendingError, isApprovalPendingError } from './errors.js';
