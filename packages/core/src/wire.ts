/**
 * The mapping between the SDK's camelCase types and ASCEND's snake_case wire format, for every
 * operation: request body builders (with the client-side checks of reference §3) and validating
 * response parsers. Each operation's mapping sits in one place, split by who needs it:
 * `wire-agent.ts` for what an agent calls at run time (the lean `AscendAgentClient`),
 * `wire-admin.ts` for the management operations only `AscendClient` adds.
 *
 * Only the types are public: the package entry re-exports them with `export type`, so the
 * builder and parser functions are not callable by users and are marked `@internal`.
 */
export * from './wire-agent.js';
export * from './wire-admin.js';
