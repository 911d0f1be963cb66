/**
 * `governTool`: wraps an MCP tool handler so that ASCEND decides, before every call, whether it
 * runs, and hears afterwards how it went.
 *
 * The governed call itself — evaluate, wait for a human, run, report, redact, callbacks, with
 * the rules that fix the Python decorator's flaws (reference §8, §13) — is `@ascend/governance`'s
 * pipeline, shared with every framework adapter. This module maps it onto MCP: the handler's
 * `extra` (signal, progress token, ids), progress notifications while a human decides, the
 * plain-call wait cap, MCP tasks, error results and `_meta`.
 */
import { ApprovalTimeoutError, ConfigurationError, type JsonObject, type PendingDecision } from '@ascend/core';
import {
  checkOptionKeys,
  createToolGovernor,
  errorForBlock,
  mergePolicy,
  pendingBlock,
  POLICY_DATA_KEYS,
  POLICY_FUNCTION_KEYS,
  timeoutBlock,
  type CallSite,
  type GovernanceBlock,
  type GovernanceClient,
  type GovernancePolicy,
  type MaybePromise,
} from '@ascend/governance';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpKillSwitchView } from './kill-switch-consumer.js';
import { GovernanceLog, stderrJsonLogger } from './log.js';
import { GovernedToolRegistry, summarizeGovernance } from './registry.js';

export { CANCELLED_BY_CLIENT } from '@ascend/governance';
export type { FromArgs, GovernanceBlock, GovernanceBlockKind, GovernanceCallbacks, GovernanceClient, GovernedCall, MaybePromise } from '@ascend/governance';

/** The `extra` argument the MCP SDK passes to tool handlers. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * How one tool is governed: the pipeline's {@link GovernancePolicy} (identity aside), plus how
 * MCP clients wait and how a block reaches them. Every field is optional; see each default.
 */
export interface ToolGovernanceOptions<Args = Record<string, unknown>> extends Omit<
  GovernancePolicy<Args, CallToolResult>,
  'killSwitch' | 'approvalTimeoutMs'
> {
  /**
   * How long to wait for a human, in ms, when the MCP client can wait that long: a task-augmented
   * call, or a call that asked for progress (see `approvalProgressIntervalMs`).
   * @defaultValue 300000 (5 min, like the Python SDK)
   */
  approvalTimeoutMs?: number;
  /**
   * How long a *plain* call may wait for a human, in ms, counted from the start of the call. A
   * plain call is neither task-augmented nor carries a `progressToken`, so nothing can keep its
   * client waiting past its request timeout (60 s by default in the MCP SDK). Ending the wait
   * before that gives the model a clear "approval timed out" result instead of the client's
   * `Request timed out` error. `false` removes the cap (for clients configured with a longer
   * timeout). @defaultValue 45000
   */
  plainCallApprovalTimeoutMs?: number | false;
  /**
   * While waiting for a human, send an MCP progress notification ("Waiting for human approval
   * in ASCEND…") at once and then every this many ms, when the caller asked for progress (its
   * request carries a `progressToken`). Clients that call with `resetTimeoutOnProgress` then keep
   * waiting past their request timeout (60 s by default in the MCP SDK) instead of cancelling.
   * Keep it well under the client's request timeout. `false` turns it off. @defaultValue 15000
   */
  approvalProgressIntervalMs?: number | false;
  /**
   * How a blocked call ends: `result` returns an MCP error result (`isError: true`) whose text
   * tells the model why; `throw` throws the error instead (`ActionDeniedError` for denials,
   * `KillSwitchError`, `GovernanceUnavailableError`, `ApprovalTimeoutError`…).
   * @defaultValue 'result'
   */
  blockAs?: 'result' | 'throw';
  /** The MCP kill-switch consumer to consult before any network call (§8.5). */
  killSwitch?: McpKillSwitchView;
  /**
   * Add `_meta["ascend/governance"]` (action id, fail-open flag, block kind) to results.
   * @defaultValue true
   */
  attachMeta?: boolean;
}

/** Options of {@link governTool}: the tool's identity plus its governance. */
export interface GovernToolOptions<Args = Record<string, unknown>> extends ToolGovernanceOptions<Args> {
  /** The tool's name, as registered on the MCP server. Required. */
  toolName: string;
  /** The MCP server's name; sent in the context and used by the kill-switch consumer. */
  serverName?: string;
}

/** A governed tool handler: same arguments as the original, resolves to its result or an error result. */
export type GovernedToolHandler<Args, Extra, R extends CallToolResult = CallToolResult> = (args: Args, extra: Extra) => Promise<R | CallToolResult>;

/** Key of the governance entry added to results' `_meta`. */
export const GOVERNANCE_META_KEY = 'ascend/governance';

const DEFAULT_APPROVAL_TIMEOUT_MS = 300_000;
const DEFAULT_APPROVAL_POLL_MS = 5_000;
const DEFAULT_PROGRESS_MS = 15_000;
const DEFAULT_PLAIN_CALL_MS = 45_000;

/** The defaults of the approval timing options, in ms. */
export const APPROVAL_DEFAULTS: Readonly<{
  /** `approvalTimeoutMs`: tasks and progress-capable calls. */
  approvalTimeoutMs: number;
  /** `plainCallApprovalTimeoutMs`: calls nothing can keep alive, under the MCP SDK's 60 s request timeout. */
  plainCallApprovalTimeoutMs: number;
  /** `approvalPollIntervalMs`. */
  approvalPollIntervalMs: number;
  /** `approvalProgressIntervalMs`. */
  approvalProgressIntervalMs: number;
}> = Object.freeze({
  approvalTimeoutMs: DEFAULT_APPROVAL_TIMEOUT_MS,
  plainCallApprovalTimeoutMs: DEFAULT_PLAIN_CALL_MS,
  approvalPollIntervalMs: DEFAULT_APPROVAL_POLL_MS,
  approvalProgressIntervalMs: DEFAULT_PROGRESS_MS,
});

/** The options only MCP has, next to the pipeline's. */
const MCP_DATA_KEYS = ['plainCallApprovalTimeoutMs', 'approvalProgressIntervalMs', 'blockAs', 'attachMeta'] as const;

/**
 * The options whose values are plain data (the rest are behaviour: hooks, the logger, the clock,
 * the kill switch, `redact`, `summarizeResult`). The registry lists these.
 * @internal
 */
export const DATA_OPTION_KEYS = ['serverName', ...POLICY_DATA_KEYS, ...MCP_DATA_KEYS] as const;

const OPTION_KEYS: ReadonlySet<string> = new Set(['toolName', ...DATA_OPTION_KEYS, 'killSwitch', 'logger', 'clock', ...POLICY_FUNCTION_KEYS]);

/** The option names {@link governTool} accepts; anything else is rejected as a likely typo. */
export const GOVERNANCE_OPTION_KEYS: readonly string[] = Object.freeze([...OPTION_KEYS]);

/**
 * Wraps an MCP tool handler with ASCEND governance.
 *
 * Before the handler runs, the call is submitted to ASCEND with the tool's (redacted) arguments.
 * Only an allowed decision runs it; a pending one waits for a human (by default up to 5 min).
 * Every other outcome returns an MCP error result that tells the model why (or throws, with
 * `blockAs: 'throw'`). After the handler, completion or failure is reported with the handler's
 * own duration; reports never throw into the tool path, and a handler's exception is rethrown.
 *
 * @param client - An `AscendClient`, an `AscendAgentClient` or anything shaped like {@link GovernanceClient}.
 * @param options - The tool's name and governance; see {@link GovernToolOptions}.
 * @param handler - The tool handler, `(args, extra) => CallToolResult | Promise<CallToolResult>`.
 * @throws {@link ConfigurationError} at wrap time for invalid options (unknown keys included).
 *
 * @example
 * ```ts
 * server.registerTool('read_file', { inputSchema: { path: z.string() } },
 *   governTool(client, { toolName: 'read_file', serverName: 'fs', actionType: 'filesystem.read', resource: (a) => a.path },
 *     async ({ path }) => ({ content: [{ type: 'text', text: await readFile(path, 'utf8') }] })))
 * ```
 */
export function governTool<Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
  client: GovernanceClient,
  options: GovernToolOptions<Args>,
  handler: (args: Args, extra: Extra) => MaybePromise<R>,
): GovernedToolHandler<Args, Extra, R> {
  const run = buildGovernedCall(client, options, handler);
  return (args, extra) => run(args, extra, REQUEST_MODE);
}

/**
 * @internal How a governed call reached the tool. A `request` is an ordinary `tools/call` (its
 * client may or may not be kept alive by progress); a `task` is a task-augmented call, whose
 * client polls and therefore can wait as long as a human takes.
 */
export interface CallMode {
  /** `request` or `task`. */
  readonly kind: 'request' | 'task';
  /** Aborted when the task is cancelled (`tasks/cancel`). */
  readonly taskSignal?: AbortSignal;
  /** Called with a status message when the wait for a human starts. */
  readonly onWaiting?: (message: string) => void;
}

const REQUEST_MODE: CallMode = Object.freeze({ kind: 'request' });

/** @internal The governed call with its mode: what {@link governTool} and task tools both run. */
export type GovernedCallRunner<Args, Extra, R extends CallToolResult> = (args: Args, extra: Extra, mode: CallMode) => Promise<R | CallToolResult>;

/** @internal {@link governTool} with the call mode exposed, for task-based registration. */
export function buildGovernedCall<Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
  client: GovernanceClient,
  options: GovernToolOptions<Args>,
  handler: (args: Args, extra: Extra) => MaybePromise<R>,
): GovernedCallRunner<Args, Extra, R> {
  const o = resolveGovernance(client, options);
  if (typeof handler !== 'function') throw new ConfigurationError('handler', 'must be a function');
  const { toolName, serverName, plainCallApprovalTimeoutMs, approvalProgressIntervalMs, blockAs, attachMeta, ...policy } = o;
  const governor = createToolGovernor<Args, R>(
    client,
    { toolName, serverName, source: 'mcp_server', actionTypePrefix: 'mcp', component: 'mcp', callerLabel: 'MCP client', defaultSummary },
    policy,
  );
  const log = new GovernanceLog(o.logger ?? stderrJsonLogger, o.logLevel ?? 'warn');
  const progressEvery = approvalProgressIntervalMs ?? DEFAULT_PROGRESS_MS;
  const plainCap = plainCallApprovalTimeoutMs ?? DEFAULT_PLAIN_CALL_MS;
  const fullWait = o.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
  const clock = o.clock ?? { now };

  return async (args: Args, extra: Extra, mode: CallMode): Promise<R | CallToolResult> => {
    const startedAt = clock.now();
    const view = readExtra(extra);
    const cancel = combineSignals(view.signal, mode.taskSignal);
    try {
      const site = callSite({ ...view, signal: cancel.signal }, mode, startedAt);
      const verdict = await governor.decide(args, site);
      // decide() waits for a human here, so it never answers pending.
      if (verdict.kind === 'blocked') return await finishBlocked(verdict.block, verdict.call);
      if (verdict.kind === 'pending') return await finishBlocked(pendingBlock(verdict.decision), verdict.call);
      const outcome = await governor.execute(verdict, () => handler(args, extra), site);
      if (!outcome.ran) return finishAfterHandled(outcome.block);
      const result = outcome.value;
      if (attachMeta === false || !isRecord(result)) return result;
      const decision = outcome.decision;
      return withMeta(result, {
        decision: 'allowed',
        actionId: decision.actionId,
        failOpen: decision.failOpen !== undefined,
        ...(decision.approvedBy !== undefined ? { approvedBy: decision.approvedBy } : {}),
      });
    } finally {
      cancel.dispose();
    }
  };

  /** The call's context for the pipeline: ids, MCP context fields, and how long this client can wait. */
  function callSite(ctx: ExtraView, mode: CallMode, startedAt: number): CallSite {
    // How long this client can wait: tasks and progress-capable calls get approvalTimeoutMs; a
    // plain call ends before the client's own request timeout would cut it off silently.
    const keptAlive = mode.kind === 'task' || (ctx.progressToken !== undefined && approvalProgressIntervalMs !== false);
    const capped = !keptAlive && plainCap !== false;
    // Set when the wait starts, if the cap shortened it.
    let shortened = false;
    return {
      requestId: ctx.requestId,
      sessionId: ctx.sessionId,
      signal: ctx.signal,
      context: {
        ...(serverName !== undefined ? { mcp_server: serverName } : {}),
        ...(o.serverConfigId !== undefined ? { mcp_server_config_id: String(o.serverConfigId) } : {}),
        ...(ctx.requestId !== undefined ? { mcp_request_id: String(ctx.requestId) } : {}),
        ...(ctx.sessionId !== undefined ? { mcp_session_id: ctx.sessionId } : {}),
        ...(ctx.clientId !== undefined ? { mcp_client_id: ctx.clientId } : {}),
      },
      cancelledVia: () => (mode.taskSignal?.aborted ? 'task' : 'request'),
      // Computed when the wait starts, from the time the call has already taken.
      approvalTimeoutMs: () => {
        if (!capped) return undefined;
        const left = Math.max(1, Math.floor(plainCap - (clock.now() - startedAt)));
        shortened = left < fullWait;
        return shortened ? left : undefined;
      },
      onWaiting: (message) => {
        try {
          mode.onWaiting?.(message);
        } catch (error) {
          log.write('debug', 'task status update failed', { tool: toolName, error });
        }
        return startApprovalProgress(ctx, message, progressEvery, log, toolName);
      },
      mapTimeout: (block, pending) => (shortened ? plainTimeoutBlock(pending, plainCap as number) : block),
    };
  }

  /** Handles a block through the pipeline (logs, callbacks, cancellation report), then maps it. */
  async function finishBlocked(block: GovernanceBlock, call: Parameters<typeof governor.block>[1]): Promise<CallToolResult> {
    await governor.block(block, call);
    return finishAfterHandled(block);
  }

  /** How a block reaches the MCP client: an error result that tells the model why, or a throw. */
  function finishAfterHandled(block: GovernanceBlock): CallToolResult {
    if (blockAs === 'throw') throw errorForBlock(block);
    const result: CallToolResult = { isError: true, content: [{ type: 'text', text: block.message }] };
    if (attachMeta === false) return result;
    return withMeta(result, {
      decision: 'blocked',
      kind: block.kind,
      actionId: block.actionId,
      ...(block.decision?.riskScore !== undefined ? { riskScore: block.decision.riskScore } : {}),
      ...(block.decision && block.decision.policyViolations.length > 0 ? { policyViolations: block.decision.policyViolations } : {}),
      ...(block.error ? { errorCode: block.error.code } : {}),
    });
  }
}

/**
 * A governance factory from {@link withGovernance}: call it like {@link governTool} (without the
 * client); every tool it wraps is listed in its `registry`.
 */
export interface GovernanceFactory {
  /** Wraps `handler` like {@link governTool}, with the factory's defaults under `options`. */
  <Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
    options: GovernToolOptions<Args>,
    handler: (args: Args, extra: Extra) => MaybePromise<R>,
  ): GovernedToolHandler<Args, Extra, R>;
  /** Every tool wrapped by this factory, by `toolName`, with its governance options. */
  readonly registry: GovernedToolRegistry;
}

/**
 * A governance factory bound to a client and shared defaults: returns a function that wraps
 * handlers like {@link governTool}, with per-tool options overriding the defaults (`metadata`
 * is merged), and records every wrapped tool in its `registry` (the Python middleware's
 * `governed_tools`). Handy with the low-level MCP `Server`, where there is no `registerTool`.
 *
 * @example
 * ```ts
 * const govern = withGovernance(client, { serverName: 'crm', approvalTimeoutMs: 60_000 })
 * const lookup = govern({ toolName: 'lookup_customer', resource: 'crm' }, async (args) => ({ content: [] }))
 * govern.registry.names // ['lookup_customer']
 * ```
 */
export function withGovernance(client: GovernanceClient, defaults: Omit<GovernToolOptions<unknown>, 'toolName'> = {}): GovernanceFactory {
  resolveGovernance(client, { ...defaults, toolName: 'defaults' });
  const registry = new GovernedToolRegistry();
  const govern = <Args, Extra = ToolExtra, R extends CallToolResult = CallToolResult>(
    options: GovernToolOptions<Args>,
    handler: (args: Args, extra: Extra) => MaybePromise<R>,
  ): GovernedToolHandler<Args, Extra, R> => {
    const merged = mergeGovernance(defaults, options);
    const governed = governTool(client, merged, handler);
    const { toolName, ...rest } = merged as GovernToolOptions<Args>;
    const highRisk = rest.requireHumanApproval === true && (rest.riskLevel === 'high' || rest.riskLevel === 'critical');
    registry.add({ name: toolName, highRisk, tasks: false, annotations: undefined, ...summarizeGovernance(rest) });
    return governed;
  };
  return Object.assign(govern, { registry });
}

/** @internal Per-tool options over defaults; `metadata` objects are merged, the rest replaced. */
export const mergeGovernance = mergePolicy;

// ---------------------------------------------------------------------------------------------
// Internals

interface ExtraView {
  signal: AbortSignal | undefined;
  progressToken: string | number | undefined;
  sendNotification: ((notification: { method: string; params: Record<string, unknown> }) => Promise<void>) | undefined;
  requestId: string | number | undefined;
  sessionId: string | undefined;
  clientId: string | undefined;
}

function readExtra(extra: unknown): ExtraView {
  const e = isRecord(extra) ? extra : {};
  const signal = e['signal'];
  const requestId = e['requestId'];
  const sessionId = e['sessionId'];
  const auth = isRecord(e['authInfo']) ? e['authInfo'] : {};
  // Only the client id is read from authInfo: its token must never travel anywhere.
  const clientId = auth['clientId'];
  const meta = isRecord(e['_meta']) ? e['_meta'] : {};
  const progressToken = meta['progressToken'];
  const send = e['sendNotification'];
  return {
    progressToken: typeof progressToken === 'string' || typeof progressToken === 'number' ? progressToken : undefined,
    sendNotification: typeof send === 'function' ? (send as ExtraView['sendNotification']) : undefined,
    signal: isRecord(signal) && typeof (signal as { aborted?: unknown }).aborted === 'boolean' ? (signal as unknown as AbortSignal) : undefined,
    requestId: typeof requestId === 'string' || typeof requestId === 'number' ? requestId : undefined,
    sessionId: typeof sessionId === 'string' ? sessionId : undefined,
    clientId: typeof clientId === 'string' && clientId !== '' ? clientId : undefined,
  };
}

function resolveGovernance<Args>(client: GovernanceClient, options: GovernToolOptions<Args>): GovernToolOptions<Args> {
  checkOptionKeys(options, OPTION_KEYS);
  const o = options;
  if (typeof o.toolName !== 'string' || o.toolName.trim() === '') throw new ConfigurationError('toolName', 'is required');
  if (o.blockAs !== undefined && o.blockAs !== 'result' && o.blockAs !== 'throw') {
    throw new ConfigurationError('blockAs', "must be 'result' or 'throw'");
  }
  const progress = o.approvalProgressIntervalMs;
  if (progress !== undefined && progress !== false && (!Number.isInteger(progress) || progress < 1)) {
    throw new ConfigurationError('approvalProgressIntervalMs', 'must be a positive integer (ms) or false');
  }
  const plain = o.plainCallApprovalTimeoutMs;
  if (plain !== undefined && plain !== false && (!Number.isInteger(plain) || plain < 1)) {
    throw new ConfigurationError('plainCallApprovalTimeoutMs', 'must be a positive integer (ms) or false');
  }
  if (o.attachMeta !== undefined && typeof o.attachMeta !== 'boolean') throw new ConfigurationError('attachMeta', 'must be a boolean');
  // The pipeline validates the rest (client, endpoint, timings, kill switch, callbacks, redaction).
  if (o.serverName !== undefined && (typeof o.serverName !== 'string' || o.serverName.trim() === '')) {
    throw new ConfigurationError('serverName', 'must be a non-empty string');
  }
  return o;
}

/**
 * Sends `notifications/progress` for the request while a human decides, so that clients using
 * `resetTimeoutOnProgress` keep waiting. Returns the function that stops it.
 */
function startApprovalProgress(ctx: ExtraView, message: string, intervalMs: number | false, log: GovernanceLog, tool: string): () => void {
  const { progressToken, sendNotification } = ctx;
  if (intervalMs === false || progressToken === undefined || !sendNotification) return () => {};
  let progress = 0;
  let stopped = false;
  const send = () => {
    if (stopped) return;
    progress += 1;
    const params = { progressToken, progress, message };
    void Promise.resolve()
      .then(() => sendNotification({ method: 'notifications/progress', params }))
      .catch((error: unknown) => log.write('debug', 'progress notification failed', { tool, error }));
  };
  send();
  const timer: unknown = setInterval(send, intervalMs);
  // Never keep a process alive just to report progress.
  (timer as { unref?: () => void }).unref?.();
  return () => {
    stopped = true;
    clearInterval(timer as ReturnType<typeof setInterval>);
  };
}

/**
 * One signal aborted by either input, without `AbortSignal.any` (not on every runtime) and
 * without leaving listeners on a long-lived signal after the call.
 */
function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): { signal: AbortSignal | undefined; dispose(): void } {
  if (!a || !b) return { signal: a ?? b, dispose: () => {} };
  const controller = new AbortController();
  const onA = () => controller.abort(a.reason);
  const onB = () => controller.abort(b.reason);
  if (a.aborted) onA();
  else if (b.aborted) onB();
  else {
    a.addEventListener('abort', onA, { once: true });
    b.addEventListener('abort', onB, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      a.removeEventListener('abort', onA);
      b.removeEventListener('abort', onB);
    },
  };
}

function plainTimeoutBlock(pending: PendingDecision, capMs: number): GovernanceBlock {
  const block = timeoutBlock(new ApprovalTimeoutError(pending.actionId, capMs), pending);
  return {
    ...block,
    message:
      `${block.message} This MCP call could not wait longer: it was neither a task nor asked for progress, so the client would have ` +
      'cut it off at its request timeout. A new call submits a new action for approval; a client that supports MCP tasks, or sends ' +
      'a progressToken with resetTimeoutOnProgress, can wait for the reviewer.',
  };
}

function withMeta<T extends object>(result: T, entry: Record<string, unknown>): T {
  const meta = (result as { _meta?: unknown })._meta;
  return { ...result, _meta: { ...(isRecord(meta) ? meta : {}), [GOVERNANCE_META_KEY]: entry } };
}

function defaultSummary(result: unknown): JsonObject {
  const r = isRecord(result) ? result : {};
  const isError = r['isError'] === true;
  return { success: !isError, is_error: isError, content_items: Array.isArray(r['content']) ? r['content'].length : 0 };
}

function now(): number {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === 'function' ? perf.now() : Date.now();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
