/**
 * `AscendCallbackHandler`: governs every tool call of an agent through LangChain's callback
 * system, the counterpart of the Python `AscendCallbackHandler`.
 *
 * What a callback can and cannot do in `@langchain/core` 1.x (read before choosing it):
 * - A handler stops a tool only by throwing from `handleToolStart`, and that throw reaches the
 *   tool only when the handler has `raiseError: true` (which also makes LangChain await it). This
 *   handler fixes both to true (they cannot be turned off), so the tool's `call()` rejects before
 *   the tool body starts.
 * - The tool run then fails: under `createAgent`'s tool node the model sees
 *   `GovernedToolBlockedError: <reason>\n Please fix your mistakes.` as an error `ToolMessage`
 *   (with `handleToolErrors: false` the whole run fails instead); LangChain also prints
 *   `Error in handler AscendCallbackHandler, handleToolStart: …` to the console.
 * - Callbacks run outside the graph's context: a pending decision can only be waited for here
 *   (up to `approvalTimeoutMs`), never turned into a LangGraph `interrupt()`, and the run's abort
 *   signal does not reach the wait.
 * - Only tool runs that emit `handleToolStart` with this handler attached are governed: tools
 *   invoked through `StructuredTool.invoke()` with the handler in their (inherited) callbacks.
 *   A tool invoked without it, a provider-side tool, or anything that is not a LangChain tool is
 *   not seen.
 *
 * - In shadow mode (`enforcement: 'shadow'`) the handler never waits for a human and throws only
 *   for the kill switch (unless `shadowKillSwitch: 'observe'`): any other would-be block lets the
 *   tool run, marked as shadowed (warn log, `onShadowed`, completion report `result.shadow`).
 *
 * Use {@link ascendMiddleware} (createAgent) or {@link governTool} (any tool, any graph) for a
 * guarantee that does not depend on how callbacks are configured, and for interrupts.
 */
import { ConfigurationError } from '@ascend/core';
import type { GovernanceBlock, GovernanceClient, GovernedOutcome, ShadowedOutcome, ToolGovernor, Verdict } from '@ascend/governance';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import { GovernedToolBlockedError } from './errors.js';
import { GOVERNED_METADATA_KEY, langChainGovernor } from './govern-tool.js';
import { callSite } from './governed-call.js';
import { checkLangChainOptions, type LangChainGovernanceOptions } from './options.js';

/** Options of {@link AscendCallbackHandler}. `approval` is always `wait` and `blockAs` always `throw` here. */
export interface AscendCallbackHandlerOptions extends Omit<LangChainGovernanceOptions, 'approval' | 'blockAs'> {
  /** Per-tool options by tool name, over the defaults; `false` leaves that tool ungoverned. */
  tools?: Record<string, Omit<LangChainGovernanceOptions, 'approval' | 'blockAs'> | false>;
}

/** The largest tool input (in characters of its JSON) that is parsed and sent; larger inputs are blocked. */
const MAX_INPUT_CHARS = 1_000_000;
/** Tool runs tracked between start and end at once; the oldest is reported as failed past this. */
const MAX_OPEN_RUNS = 1_000;

interface OpenRun {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  done: Promise<GovernedOutcome<unknown> | ShadowedOutcome<unknown> | undefined>;
}

/**
 * Governs every tool call of the runs it is attached to (`agent.invoke(input, { callbacks: [handler] })`):
 * `handleToolStart` asks ASCEND and waits for a human when needed, and throws a
 * {@link GovernedToolBlockedError} unless the call is allowed; `handleToolEnd` /
 * `handleToolError` report completion or failure. See the module notes for what a callback
 * cannot guarantee.
 *
 * @example
 * ```ts
 * const handler = new AscendCallbackHandler(ascend, { riskLevel: 'medium' })
 * await agent.invoke({ messages: [{ role: 'user', content: 'refund order 17' }] }, { callbacks: [handler] })
 * ```
 */
export class AscendCallbackHandler extends BaseCallbackHandler {
  /** The handler's name, as LangChain logs it. */
  name = 'AscendCallbackHandler';
  readonly #client: GovernanceClient;
  readonly #defaults: Omit<LangChainGovernanceOptions, 'approval' | 'blockAs'>;
  readonly #perTool: Record<string, Omit<LangChainGovernanceOptions, 'approval' | 'blockAs'> | false>;
  readonly #governors = new Map<string, ToolGovernor<Record<string, unknown>, unknown>>();
  readonly #open = new Map<string, OpenRun>();
  readonly #governedRuns = new Set<string>();

  /**
   * @param client - The ASCEND client.
   * @param options - Defaults for every tool, and `tools` for per-tool options.
   * @throws `ConfigurationError` naming the field.
   */
  constructor(client: GovernanceClient, options: AscendCallbackHandlerOptions = {}) {
    super({ raiseError: true });
    if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'must be an object');
    const { tools = {}, ...defaults } = options;
    for (const key of ['approval', 'blockAs'] as const) {
      if (key in defaults) throw new ConfigurationError(key, 'is not an option of AscendCallbackHandler (a callback can only wait, and only throw)');
    }
    checkLangChainOptions(defaults);
    if (typeof tools !== 'object' || tools === null || Array.isArray(tools)) throw new ConfigurationError('tools', 'must be an object');
    this.#client = client;
    this.#defaults = defaults;
    this.#perTool = tools;
    langChainGovernor(client, 'any_tool', defaults);
    for (const [name, own] of Object.entries(tools)) {
      if (own === false) continue;
      if (typeof own !== 'object' || own === null) throw new ConfigurationError(`tools.${name}`, 'must be an options object or false');
      this.#governor(name);
    }
    // Blocking needs both: LangChain awaits the handler and rethrows its error into the tool run.
    for (const key of ['raiseError', 'awaitHandlers'] as const) {
      Object.defineProperty(this, key, { value: true, writable: false, enumerable: true, configurable: false });
    }
    Object.defineProperty(this, 'ignoreAgent', { value: false, writable: false, enumerable: true, configurable: false });
  }

  /** The same handler: it holds per-run state and must not be cloned. */
  override copy(): this {
    return this;
  }

  #governor(name: string): ToolGovernor<Record<string, unknown>, unknown> {
    const cached = this.#governors.get(name);
    if (cached) return cached;
    const own = Object.prototype.hasOwnProperty.call(this.#perTool, name) ? this.#perTool[name] : undefined;
    const d = this.#defaults;
    const merged = own ? { ...d, ...own, ...(d.metadata && own.metadata ? { metadata: { ...d.metadata, ...own.metadata } } : {}) } : d;
    const { governor } = langChainGovernor<Record<string, unknown>>(this.#client, name, merged);
    if (this.#governors.size < 512) this.#governors.set(name, governor);
    return governor;
  }

  /**
   * Asks ASCEND before the tool runs; throws {@link GovernedToolBlockedError} unless it is
   * allowed (in shadow mode, only for a block shadow mode keeps: the kill switch).
   */
  override async handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): Promise<void> {
    if (metadata?.[GOVERNED_METADATA_KEY] === true) {
      // A tool wrapped with governTool governs itself; so is the wrapped tool's run, its child.
      this.#remember(runId);
      return;
    }
    if (parentRunId !== undefined && this.#governedRuns.has(parentRunId)) return;
    const name = toolName(tool, runName);
    if (Object.prototype.hasOwnProperty.call(this.#perTool, name) && this.#perTool[name] === false) return;
    const governor = this.#governor(name);
    const thread = metadata?.['thread_id'];
    const site = callSite({
      toolCallId: typeof toolCallId === 'string' && toolCallId !== '' ? toolCallId.slice(0, 256) : undefined,
      threadId: typeof thread === 'string' || typeof thread === 'number' ? String(thread).slice(0, 256) : undefined,
      signal: undefined,
      context: { langchain_integration: 'callback', langchain_run_id: String(runId).slice(0, 64) },
    });
    const args = parseInput(input);
    let verdict: Verdict;
    if (args === undefined) {
      const block: GovernanceBlock = {
        kind: 'error',
        message: 'The tool input could not be read for the ASCEND governance check, so this tool was not run.',
        actionId: undefined,
        decision: undefined,
        error: undefined,
      };
      verdict = { kind: 'blocked', block, call: governor.describe({}, site) };
    } else {
      verdict = await governor.decide(args, site);
    }
    if (verdict.kind === 'pending') {
      const block: GovernanceBlock = {
        kind: 'approval_pending',
        message: 'This tool call needs human approval in ASCEND and was not run.',
        actionId: verdict.decision.actionId,
        decision: verdict.decision,
        error: undefined,
      };
      verdict = { kind: 'blocked', block, call: verdict.call };
    }
    // The pipeline chooses: an allowed verdict runs; in shadow mode so does a would-be block
    // (marked as shadowed); anything else is handled as a block, and thrown here.
    await this.#track(runId, name, (body) => (verdict.kind === 'allowed' ? governor.execute(verdict, body, site) : governor.proceed(verdict, body, site)));
  }

  #remember(runId: string): void {
    if (this.#governedRuns.size >= MAX_OPEN_RUNS) {
      const oldest = this.#governedRuns.values().next().value;
      if (oldest !== undefined) this.#governedRuns.delete(oldest);
    }
    this.#governedRuns.add(runId);
  }

  /** Reports completion of an allowed tool run. */
  override async handleToolEnd(output: unknown, runId: string): Promise<void> {
    this.#governedRuns.delete(runId);
    const run = this.#open.get(runId);
    if (!run) return;
    this.#open.delete(runId);
    run.resolve(output);
    await run.done;
  }

  /** Reports failure of an allowed tool run. */
  override async handleToolError(error: unknown, runId: string): Promise<void> {
    this.#governedRuns.delete(runId);
    const run = this.#open.get(runId);
    if (!run) return;
    this.#open.delete(runId);
    run.reject(error);
    await run.done;
  }

  /**
   * Starts the pipeline's execute (or proceed) phase with a body that settles when LangChain
   * reports the tool's end or error, so completion and failure are reported with the tool's own
   * duration. Returns once the pipeline has started the body (the tool may run); throws a
   * {@link GovernedToolBlockedError} when it blocked the call instead.
   */
  async #track(
    runId: string,
    name: string,
    start: (body: () => Promise<unknown>) => Promise<GovernedOutcome<unknown> | ShadowedOutcome<unknown>>,
  ): Promise<void> {
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const body = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    let started!: () => void;
    const bodyStarted = new Promise<'started'>((res) => {
      started = () => res('started');
    });
    const done = start(() => {
      started();
      return body;
    }).catch(() => undefined);
    const first = await Promise.race([bodyStarted, done]);
    if (first !== 'started') {
      // The pipeline did not start the body: it handled a block (logged, reported, callbacks).
      const block: GovernanceBlock =
        first !== undefined && !first.ran
          ? first.block
          : {
              kind: 'error',
              message: 'The ASCEND governance check failed, so this tool was not run.',
              actionId: undefined,
              decision: undefined,
              error: undefined,
            };
      throw new GovernedToolBlockedError(block, name);
    }
    if (this.#open.size >= MAX_OPEN_RUNS) {
      const [oldestId, oldest] = this.#open.entries().next().value as [string, OpenRun];
      this.#open.delete(oldestId);
      oldest.reject(new Error('the tool run was never reported as ended'));
    }
    this.#open.set(runId, { resolve, reject, done });
  }

  /** How many allowed tool runs still await LangChain's end or error report (for diagnostics and tests). */
  get openRuns(): number {
    return this.#open.size;
  }
}

function toolName(tool: Serialized, runName: string | undefined): string {
  const fromRun = typeof runName === 'string' && runName !== '' ? runName : undefined;
  const fromTool = (tool as { name?: unknown }).name;
  const id = (tool as { id?: unknown }).id;
  const fromId = Array.isArray(id) && typeof id[id.length - 1] === 'string' ? (id[id.length - 1] as string) : undefined;
  const name = fromRun ?? (typeof fromTool === 'string' && fromTool !== '' ? fromTool : undefined) ?? fromId ?? 'unknown_tool';
  return name.slice(0, 256);
}

function parseInput(input: unknown): Record<string, unknown> | undefined {
  if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Record<string, unknown>;
  if (typeof input !== 'string' || input.length > MAX_INPUT_CHARS) return undefined;
  try {
    const parsed: unknown = JSON.parse(input);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return { input: parsed };
  } catch {
    return { input };
  }
}
