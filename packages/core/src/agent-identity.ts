/**
 * The agent identity sent with each action, and the one warning when there is none.
 *
 * ASCEND files every action under an agent. A client without `agentId` (nor `ASCEND_AGENT_ID`)
 * still works, so that administrative and read-only uses need no identity, but its actions are
 * recorded under the agent id `unknown`, which hides them among every other unnamed agent. The
 * first action such a client submits logs one `warn` record saying so (docs/decisions/022).
 *
 * @packageDocumentation
 */
/** The message of the once-per-client warning; exported for tests. @internal */
export const MISSING_AGENT_ID_WARNING = 'agentId not set: actions are recorded as agent "unknown" (set agentId or ASCEND_AGENT_ID)';
