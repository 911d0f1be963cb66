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
import type { LogSink } from './logger.js';
import type { AgentIdentity } from './wire-agent.js';

/** The message of the once-per-client warning; exported for tests. @internal */
export const MISSING_AGENT_ID_WARNING = 'no agentId configured: actions are recorded under agent id "unknown"; set the agentId option or ASCEND_AGENT_ID';

/** Identities (one per client) already warned about. */
const warned = new WeakSet<AgentIdentity>();

/**
 * Returns `who` unchanged, after logging the missing-agentId warning the first time a client's
 * identity without an agent id is used.
 * @internal
 */
export function identityForAction<T extends AgentIdentity>(who: T, log: LogSink): T {
  if (who.agentId === undefined && !warned.has(who)) {
    warned.add(who);
    log.warn(MISSING_AGENT_ID_WARNING, { field: 'agentId' });
  }
  return who;
}
