/**
 * A run interrupted for ASCEND approval, across processes: the SDK's serialized `RunState` and
 * the ASCEND pending handles of its governed calls, saved together and loaded together.
 */
import { ValidationError, type PendingDecisionHandle } from '@ascend/core';
import { RunState, type Agent, type AgentOutputType, type RunContext, type Tool } from '@openai/agents';
import { bindingOf } from './governed-tool.js';
import { fromSaved, isRecord, pendingOf, remember, SAVED_RUN_LIMITS, toSaved, type SavedPending } from './registry.js';

/** The `format` field of a saved run. */
export const SAVED_RUN_FORMAT = 'ascend.openai-agents.run/1';

/** The parts of the SDK's `RunState` the helpers use. */
export interface GovernedRunState {
  /** The run's context (the SDK's own field), under which the governed tools keep their records. */
  readonly _context: RunContext<unknown>;
  /** The SDK's serialization of the run. */
  toString(): string;
}

/** A run result: what `run()` returns. */
export interface GovernedRunResult {
  /** The result's run state. */
  readonly state: GovernedRunState;
}

/** A run state, or a run result that carries one (`result.state`). */
export type RunStateLike = GovernedRunState | GovernedRunResult;

/** The JSON a saved run is: the SDK's state string and the ASCEND pending handles. */
export interface SavedRun {
  /** {@link SAVED_RUN_FORMAT}. */
  format: typeof SAVED_RUN_FORMAT;
  /** `state.toString()`: the SDK's own serialization. */
  state: string;
  /** One record per governed call waiting for a human in ASCEND. */
  pending: SavedPending[];
}

/** A governed call waiting for a human in ASCEND, as {@link pendingAscendApprovals} lists it. */
export interface AscendPendingApproval {
  /** The tool's name (the SDK approval item's `name`). */
  readonly toolName: string;
  /** The SDK's tool call id (the approval item's `rawItem.callId`). */
  readonly callId: string;
  /** ASCEND's pending handle: show `actionId` to reviewers, or poll it. */
  readonly handle: PendingDecisionHandle;
}

function stateOf(value: RunStateLike): GovernedRunState {
  if (!isRecord(value)) throw new ValidationError('state: must be a RunState or a RunResult', { state: 'must be a RunState or a RunResult' });
  const candidate = '_context' in value ? value : (value as { state?: unknown }).state;
  if (!isRecord(candidate) || !isRecord((candidate as { _context?: unknown })._context)) {
    throw new ValidationError('state: must be a RunState or a RunResult', { state: 'must be a RunState or a RunResult' });
  }
  return candidate as unknown as GovernedRunState;
}

/**
 * The governed calls of a run waiting for a human in ASCEND, e.g. to show the ASCEND action ids
 * next to the SDK's `result.interruptions`.
 *
 * @param state - `result.state`, a loaded `RunState`, or the `result` itself.
 */
export function pendingAscendApprovals(state: RunStateLike): AscendPendingApproval[] {
  return pendingOf(stateOf(state)._context).map((e) => ({ toolName: e.toolName, callId: e.callId, handle: e.handle }));
}

/**
 * Serializes an interrupted run: the SDK's `state.toString()` plus the ASCEND pending handles of
 * its governed calls, as one JSON string to store until a human has decided. Load it with
 * {@link loadGovernedRun}, in this process or another.
 *
 * @param state - `result.state`, or the `result` itself.
 * @returns JSON ({@link SavedRun}).
 */
export function saveGovernedRun(state: RunStateLike): string {
  const s = stateOf(state);
  const saved: SavedRun = { format: SAVED_RUN_FORMAT, state: s.toString(), pending: pendingOf(s._context).map(toSaved) };
  return JSON.stringify(saved);
}

/**
 * Restores a run saved with {@link saveGovernedRun}: `RunState.fromString(agent, …)` plus the
 * ASCEND pending handles, so that approving an interruption and resuming (`run(agent, state)`)
 * resumes the same ASCEND actions. The saved text is untrusted input: it is size-bounded and
 * checked before use.
 *
 * @param agent - The run's starting agent, with the same governed tools.
 * @param text - What {@link saveGovernedRun} returned.
 * @throws `ValidationError` naming the field, for a text that is not a saved run.
 */
export async function loadGovernedRun<TContext, TOutput extends AgentOutputType>(
  agent: Agent<TContext, TOutput>,
  text: string,
): Promise<RunState<TContext, Agent<TContext, TOutput>>> {
  const invalid = (field: string, problem: string): ValidationError => new ValidationError(`${field}: ${problem}`, { [field]: problem });
  if (typeof text !== 'string') throw invalid('text', 'must be a string');
  if (text.length > SAVED_RUN_LIMITS.maxChars) throw invalid('text', `is longer than ${SAVED_RUN_LIMITS.maxChars} characters`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('text', 'is not JSON');
  }
  if (!isRecord(parsed) || parsed['format'] !== SAVED_RUN_FORMAT) throw invalid('format', `must be ${SAVED_RUN_FORMAT}`);
  if (typeof parsed['state'] !== 'string' || parsed['state'] === '') throw invalid('state', 'must be the string RunState.toString() returned');
  const pending = parsed['pending'];
  if (!Array.isArray(pending)) throw invalid('pending', 'must be an array');
  if (pending.length > SAVED_RUN_LIMITS.maxPending) throw invalid('pending', `has more than ${SAVED_RUN_LIMITS.maxPending} entries`);
  const entries = pending.map((p, i) => fromSaved(p, i));
  const state = await RunState.fromString<TContext, Agent<TContext, TOutput>>(agent, parsed['state']);
  for (const entry of entries) remember(state._context, entry.toolName, entry.callId, entry);
  return state;
}

/**
 * Reports the withdrawal of every governed call the SDK rejected (`state.reject(item)`) in a run,
 * now. The adapter does this by itself when the agent next prepares its tools (at the resumed
 * run's next turn); call this when a run can end without one, e.g. with `toolUseBehavior:
 * 'stop_on_first_tool'`. Each withdrawal is reported once.
 *
 * @param state - `result.state`, or the `result` itself.
 * @param tools - The governed tools to check (e.g. `agent.tools`); others are skipped.
 * @returns How many calls were withdrawn.
 */
export async function withdrawRejected(state: RunStateLike, tools: readonly (Tool<unknown> | object)[]): Promise<number> {
  const runContext = stateOf(state)._context;
  let withdrawn = 0;
  for (const t of tools) {
    const binding = bindingOf(t);
    if (binding) withdrawn += await binding.withdrawRejected(runContext);
  }
  return withdrawn;
}
