/**
 * `governTool`: wraps an MCP tool handler so that ASCEND decides, before every call, whether it
 * runs, and hears afterwards how it went.
 *
 * The rules, which fix the Python decorator's flaws (reference §8, §13):
 * - Only an explicit allowed decision runs the tool: from the service, from a human approval,
 *   or the client's fail-open synthesis. Anything else — denied, rejected, approval timeout,
 *   kill switch, unavailable, malformed, cancelled, an exception anywhere — blocks it.
 * - The kill switch applies, both the client's and the MCP consumer's (flaw 18), the latter
 *   without any network call.
 * - Arguments are redacted before they leave the process (flaw 19).
 * - An approval timeout is reported as an approval timeout, never as "unavailable" and never as
 *   allowed (flaw 20); all I/O is async (flaw 13).
 */
import {
  ActionDeniedError,
  ApprovalTimeoutError,
  AscendError,
  ConfigurationError,
  GovernanceUnavailableError,
  KillSwitchError,
  SecretMasker,
  isAscendError,
  toPendingHandle,
  type ActionRequest,
  type AllowedDecision,
  type AuthorizationDecision,
  type CallOptions,
  type Clock,
  type CompletionReport,
  type DeniedDecision,
  type EvaluateOptions,
  type FailureReport,
  type JsonObject,
  type Logger,
  type LogLevel,
  type McpActionRequest,
  type PendingDecision,
  type PendingDecisionHandle,
  type RiskLevel,
  type WaitOptions,
} from '@ascend/core';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { McpKillSwitchView } from './kill-switch-consumer.js';
import { GovernanceLog, stderrJsonLogger } from './log.js';
import { redactArguments, type RedactionOptions } from './redact.js';
import { GovernedToolRegistry, summarizeGovernance } from './registry.js';

/**
 * The client methods governed tools need. `AscendClient` or the lean `AscendAgentClient` from
 * `@ascend/node` or `@ascend/browser` fits, and so does `MockAscendClient` from `@ascend/testing`.
 */
export interface GovernanceClient {
  /** Submits an action (§3.3) and returns the decision; applies the kill switch and fail mode. */
  evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision>;
  /** Submits through the dedicated MCP endpoint (§3.27). Needed only with `endpoint: 'mcp'`. */
  evaluateMcpAction?(request: McpActionRequest, options?: CallOptions): Promise<AuthorizationDecision>;
  /** Waits for a pending decision to be approved or rejected. */
  waitForDecision(pending: PendingDecisionHandle, options?: WaitOptions): Promise<AuthorizationDecision>;
  /** Reports completion. Must not throw; if it does, the error is logged and ignored. */
  logActionCompleted(actionId: string, report?: CompletionReport): Promise<unknown>;
  /** Reports failure. Must not throw; if it does, the error is logged and ignored. */
  logActionFailed(actionId: string, report: FailureReport): Promise<unknown>;
}

/** The `extra` argument the MCP SDK passes to tool handlers. */
export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A value, or a function of the tool's arguments that computes it. */
export type FromArgs<Args, T> = T | ((args: Args) => T);

/** A value or a promise of it. */
export type MaybePromise<T> = T | Promise<T>;

/** What a governed call is about; passed to every callback. */
export interface GovernedCall {
  /** The tool's name. */
  toolName: string;
  /** The MCP server's name, when configured. */
  serverName: string | undefined;
  /** The action type sent to ASCEND. */
  actionType: string;
  /** The resource sent to ASCEND. */
  resource: string;
  /** The arguments as sent to ASCEND: redacted and bounded. */
  parameters: Record<string, unknown>;
  /** The JSON-RPC id of the tool call, when known. */
  requestId: string | number | undefined;
  /** The MCP session, when the transport has one. */
  sessionId: string | undefined;
}

/** Why a governed call did not run its tool. */
export type GovernanceBlockKind =
  /** ASCEND denied it, a human rejected it, or the service refused it (403). */
  | 'denied'
  /** It needs human approval and `waitForApproval` is false. */
  | 'approval_pending'
  /** No human decided within `approvalTimeoutMs`. */
  | 'approval_timeout'
  /** The client's kill switch or the MCP kill-switch consumer blocks it. */
  | 'kill_switch'
  /** ASCEND could not be reached and fail mode is closed. */
  | 'unavailable'
  /** The MCP request was cancelled before the tool started. */
  | 'cancelled'
  /** Anything else: a malformed answer, bad input, an exception in your own option functions. */
  | 'error';

/** A blocked call: what the model is told and why. */
export interface GovernanceBlock {
  /** The category. */
  kind: GovernanceBlockKind;
  /** The text the model sees in the error result. */
  message: string;
  /** The ASCEND action id, when a decision was obtained. */
  actionId: string | undefined;
  /** The decision behind the block, when there was one. */
  decision: AuthorizationDecision | undefined;
  /** The error behind the block, when there was one. */
  error: AscendError | undefined;
  /**
   * For `kind: 'cancelled'`: `request` when the MCP request was aborted (`notifications/cancelled`
   * or the connection closed), `task` when the task was cancelled (`tasks/cancel`).
   */
  cancelledVia?: 'request' | 'task';
}

/**
 * Lifecycle callbacks. Each may be sync or async; async ones are awaited in order. Exceptions are
 * logged and swallowed: a callback can never make a blocked tool run, or an allowed one fail.
 */
export interface GovernanceCallbacks {
  /** Every decision from ASCEND: the first one, and the final one after an approval wait. */
  onDecision?: (decision: AuthorizationDecision, call: GovernedCall) => MaybePromise<void>;
  /** The tool is about to run (fail-open decisions included; check `decision.failOpen`). */
  onAllowed?: (decision: AllowedDecision, call: GovernedCall) => MaybePromise<void>;
  /** A human must approve; called before waiting starts. */
  onApprovalRequired?: (decision: PendingDecision, call: GovernedCall) => MaybePromise<void>;
  /** Denied by policy, by a human, or refused by the service. */
  onDenied?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /** No human decided in time. */
  onTimeout?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /**
   * The MCP client cancelled the call before the tool ran (`notifications/cancelled`, the
   * request's abort signal, a closed connection, or `tasks/cancel`): `block.cancelledVia` says
   * which. Called before the cancellation is reported to ASCEND.
   */
  onCancelled?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
  /** Every blocked call, whatever the reason (after `onDenied` / `onTimeout` / `onCancelled`). */
  onBlocked?: (block: GovernanceBlock, call: GovernedCall) => MaybePromise<void>;
}

/** How one tool is governed. Every field is optional; see each default. */
export interface ToolGovernanceOptions<Args = Record<string, unknown>> extends RedactionOptions, GovernanceCallbacks {
  /** The action type ASCEND policies match on. @defaultValue `mcp.<toolName>` */
  actionType?: FromArgs<Args, string>;
  /**
   * The resource acted upon, e.g. `(args) => args.path` for a file tool.
   * @defaultValue the server name, else the tool name
   */
  resource?: FromArgs<Args, string>;
  /** A specific item of the resource (`actions` endpoint only). */
  resourceId?: FromArgs<Args, string | undefined>;
  /** Risk hints such as `{ pii_involved: true }`, sent as `risk_indicators` (`actions` endpoint only). */
  riskIndicators?: FromArgs<Args, JsonObject | undefined>;
  /** Sent in the context as `risk_level`; the service decides what it means. */
  riskLevel?: RiskLevel;
  /** Sent in the context as `require_human_approval: true`; the service decides what it means. */
  requireHumanApproval?: boolean;
  /** Your own metadata, sent in the context as `metadata`. Keep secrets out of it. */
  metadata?: JsonObject;
  /** Send the (redacted) arguments as `parameters`. @defaultValue true */
  sendArguments?: boolean;
  /**
   * Which endpoint decides: `actions` (`POST /api/v1/actions/submit`, §3.3, what the Python
   * decorator uses) or `mcp` (`POST /api/v1/mcp/actions/submit`, §3.27; needs `serverName` and a
   * client with `evaluateMcpAction`). @defaultValue 'actions'
   */
  endpoint?: 'actions' | 'mcp';
  /** Tool namespace for the `mcp` endpoint. @defaultValue the server name */
  namespace?: string;
  /** Tool description for the `mcp` endpoint. */
  description?: string;
  /** Wait for a human when the decision is pending. @defaultValue true */
  waitForApproval?: boolean;
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
  /** Interval between approval status polls, in ms. @defaultValue 5000 */
  approvalPollIntervalMs?: number;
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
   * tells the model why; `throw` throws the error instead ({@link ActionDeniedError} for denials,
   * {@link KillSwitchError}, {@link GovernanceUnavailableError}, {@link ApprovalTimeoutError}…).
   * @defaultValue 'result'
   */
  blockAs?: 'result' | 'throw';
  /** The MCP kill-switch consumer to consult before any network call (§8.5). */
  killSwitch?: McpKillSwitchView;
  /** This server's configuration id in ASCEND, matched against kill-switch blocks. */
  serverConfigId?: string | number;
  /**
   * Add `_meta["ascend/governance"]` (action id, fail-open flag, block kind) to results.
   * @defaultValue true
   */
  attachMeta?: boolean;
  /**
   * What the completion report says about the tool's result. The default sends only
   * `{ success, is_error, content_items }`, never the content itself.
   */
  summarizeResult?: (result: CallToolResult) => JsonObject;
  /** Wait for completion and failure reports before returning the result. @defaultValue true */
  awaitReports?: boolean;
  /** Logger for governance events (masked). @defaultValue {@link stderrJsonLogger} */
  logger?: Logger;
  /** Minimum level logged. @defaultValue 'warn' */
  logLevel?: LogLevel;
  /** Time source for `durationMs`. @defaultValue `performance.now()` where available, else `Date.now()` */
  clock?: Clock;
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

/** The error code of the failure report sent when the client cancels a call before the tool ran. */
export const CANCELLED_BY_CLIENT = 'CANCELLED_BY_CLIENT';

/**
 * The options whose values are plain data (the rest are behaviour: hooks, the logger, the clock,
 * the kill switch, `redact`, `summarizeResult`). The registry lists these.
 * @internal
 */
export const DATA_OPTION_KEYS = [
  'serverName',
  'actionType',
  'resource',
  'resourceId',
  'riskIndicators',
  'riskLevel',
  'requireHumanApproval',
  'metadata',
  'sendArguments',
  'endpoint',
  'namespace',
  'description',
  'waitForApproval',
  'approvalTimeoutMs',
  'plainCallApprovalTimeoutMs',
  'approvalPollIntervalMs',
  'approvalProgressIntervalMs',
  'blockAs',
  'serverConfigId',
  'attachMeta',
  'awaitReports',
  'logLevel',
  'secretKeys',
  'maxStringLength',
  'maxArrayLength',
  'maxDepth',
  'maskSecretValues',
] as const;

/** The options that must be functions when given: the callbacks, `redact` and `summarizeResult`. */
const FUNCTION_OPTION_KEYS = [
  'onDecision',
  'onAllowed',
  'onApprovalRequired',
  'onDenied',
  'onTimeout',
  'onCancelled',
  'onBlocked',
  'redact',
  'summarizeResult',
] as const;

const OPTION_KEYS: ReadonlySet<string> = new Set(['toolName', ...DATA_OPTION_KEYS, 'killSwitch', 'logger', 'clock', ...FUNCTION_OPTION_KEYS]);

/** The option names {@link governTool} accepts; anything else is rejected as a likely typo. */
export const GOVERNANCE_OPTION_KEYS: readonly string[] = Object.freeze([...OPTION_KEYS]);

type Outcome = { run: true; decision: AllowedDecision } | { run: false; block: GovernanceBlock };

const messageMasker = new SecretMasker();

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
  const log = new GovernanceLog(o.logger ?? stderrJsonLogger, o.logLevel ?? 'warn');
  const clock = o.clock ?? defaultClock();

  const notify = async <A extends unknown[]>(name: keyof GovernanceCallbacks, fn: ((...a: A) => MaybePromise<void>) | undefined, ...args: A) => {
    if (!fn) return;
    try {
      await fn(...args);
    } catch (error) {
      log.write('warn', `${name} callback threw; ignored`, { tool: o.toolName, error });
    }
  };

  const report = async (kind: 'completed' | 'failed', actionId: string, send: () => Promise<unknown>) => {
    if (actionId === '') {
      log.write('warn', 'no action id to report against', { tool: o.toolName, kind });
      return;
    }
    const guarded = (async () => {
      try {
        const receipt = await send();
        return receipt;
      } catch (error) {
        log.write('warn', `action ${kind} report failed; ignored`, { tool: o.toolName, actionId, error });
        return undefined;
      }
    })();
    if (o.awaitReports !== false) return guarded;
    return undefined;
  };

  return async (args: Args, extra: Extra, mode: CallMode): Promise<R | CallToolResult> => {
    const startedAt = clock.now();
    const cancel = combineSignals(readExtra(extra).signal, mode.taskSignal);
    try {
      return await runOnce(args, extra, mode, startedAt, cancel.signal);
    } finally {
      cancel.dispose();
    }
  };

  async function runOnce(args: Args, extra: Extra, mode: CallMode, startedAt: number, signal: AbortSignal | undefined): Promise<R | CallToolResult> {
    const ctx = { ...readExtra(extra), signal };
    let call: GovernedCall;
    let request: () => Promise<AuthorizationDecision>;
    try {
      ({ call, request } = prepare(client, o, args, ctx));
    } catch (error) {
      const e = toAscendError(error, 'governance options');
      log.write('error', 'could not build the governance request; blocking', { tool: o.toolName, error: e });
      const fallbackCall: GovernedCall = {
        toolName: o.toolName,
        serverName: o.serverName,
        actionType: '',
        resource: '',
        parameters: {},
        requestId: ctx.requestId,
        sessionId: ctx.sessionId,
      };
      return finishBlocked(errorBlock(e), fallbackCall, mode);
    }

    const outcome = await decide(call, request, ctx, mode, startedAt);
    if (!outcome.run) return finishBlocked(outcome.block, call, mode);

    const { decision } = outcome;
    if (decision.failOpen) {
      log.write('warn', 'ASCEND unreachable: running tool under fail-open mode', {
        tool: o.toolName,
        actionId: decision.actionId,
        error: decision.failOpen.cause.code,
      });
    }
    await notify('onAllowed', o.onAllowed, decision, call);
    if (signal?.aborted) return finishBlocked(cancelledBlock(decision, undefined, mode), call, mode);

    const started = clock.now();
    let result: R;
    try {
      result = await handler(args, extra);
    } catch (error) {
      const durationMs = elapsed(clock, started);
      const message = messageMasker.maskString(error instanceof Error ? error.message : String(error)).slice(0, 1000);
      await report('failed', decision.actionId, () => client.logActionFailed(decision.actionId, { error: message || 'tool threw', durationMs }));
      throw error;
    }
    const durationMs = elapsed(clock, started);
    let summary: JsonObject;
    try {
      summary = o.summarizeResult ? o.summarizeResult(result) : defaultSummary(result);
    } catch (error) {
      log.write('warn', 'summarizeResult threw; using the default summary', { tool: o.toolName, error });
      summary = defaultSummary(result);
    }
    await report('completed', decision.actionId, () => client.logActionCompleted(decision.actionId, { result: summary, durationMs }));
    if (o.attachMeta === false || !isRecord(result)) return result;
    return withMeta(result, {
      decision: 'allowed',
      actionId: decision.actionId,
      failOpen: decision.failOpen !== undefined,
      ...(decision.approvedBy !== undefined ? { approvedBy: decision.approvedBy } : {}),
    });
  }

  async function decide(
    call: GovernedCall,
    request: () => Promise<AuthorizationDecision>,
    ctx: ExtraView,
    mode: CallMode,
    startedAt: number,
  ): Promise<Outcome> {
    const signal = ctx.signal;
    const blocked = consumerBlock();
    if (blocked) return { run: false, block: blocked };
    if (signal?.aborted) return { run: false, block: cancelledBlock(undefined, undefined, mode) };

    let decision: AuthorizationDecision;
    try {
      decision = await request();
    } catch (error) {
      return { run: false, block: blockFromError(error, undefined, mode) };
    }
    if (!isDecision(decision)) return { run: false, block: errorBlock(malformed(decision)) };
    log.write('info', 'decision', { tool: o.toolName, actionId: decision.actionId, decision: decision.decision, riskScore: decision.riskScore });
    await notify('onDecision', o.onDecision, decision, call);

    if (decision.decision === 'pending') {
      await notify('onApprovalRequired', o.onApprovalRequired, decision, call);
      if (o.waitForApproval === false) return { run: false, block: pendingBlock(decision) };
      if (signal?.aborted) return { run: false, block: cancelledBlock(decision, undefined, mode) };
      // How long this client can wait: tasks and progress-capable calls get approvalTimeoutMs; a
      // plain call ends before the client's own request timeout would cut it off silently.
      const fullWait = o.approvalTimeoutMs ?? DEFAULT_APPROVAL_TIMEOUT_MS;
      const keptAlive = mode.kind === 'task' || (ctx.progressToken !== undefined && o.approvalProgressIntervalMs !== false);
      const plainCap = o.plainCallApprovalTimeoutMs ?? DEFAULT_PLAIN_CALL_MS;
      let timeoutMs = fullWait;
      let capped = false;
      if (!keptAlive && plainCap !== false) {
        const left = Math.max(1, Math.floor(plainCap - (clock.now() - startedAt)));
        if (left < fullWait) {
          timeoutMs = left;
          capped = true;
        }
      }
      const waitingMessage = `Waiting for human approval in ASCEND (action ${decision.actionId})`;
      try {
        mode.onWaiting?.(waitingMessage);
      } catch (error) {
        log.write('debug', 'task status update failed', { tool: o.toolName, error });
      }
      let final: AuthorizationDecision;
      const stopProgress = startApprovalProgress(ctx, waitingMessage, o.approvalProgressIntervalMs ?? DEFAULT_PROGRESS_MS, log, o.toolName);
      try {
        final = await client.waitForDecision(toPendingHandle(decision), {
          timeoutMs,
          pollIntervalMs: o.approvalPollIntervalMs ?? DEFAULT_APPROVAL_POLL_MS,
          ...(signal ? { signal } : {}),
        });
      } catch (error) {
        const block = blockFromError(error, decision, mode);
        return { run: false, block: capped && block.kind === 'approval_timeout' ? plainTimeoutBlock(decision, plainCap as number) : block };
      } finally {
        stopProgress();
      }
      if (!isDecision(final)) return { run: false, block: errorBlock(malformed(final), decision) };
      // Waiting can take minutes; an operator may have blocked the server meanwhile.
      const blockedNow = consumerBlock();
      if (blockedNow) return { run: false, block: blockedNow };
      await notify('onDecision', o.onDecision, final, call);
      if (final.decision === 'pending') {
        const block = timeoutBlock(new ApprovalTimeoutError(decision.actionId, timeoutMs), decision);
        return { run: false, block: capped ? plainTimeoutBlock(decision, plainCap as number) : block };
      }
      if (final.decision === 'denied') return { run: false, block: deniedBlock(final, true) };
      decision = final;
    }

    if (decision.decision === 'denied') return { run: false, block: deniedBlock(decision, false) };
    if (decision.decision === 'allowed' && decision.executionAllowed === true) {
      if (signal?.aborted) return { run: false, block: cancelledBlock(decision, undefined, mode) };
      return { run: true, decision };
    }
    return { run: false, block: errorBlock(malformed(decision), decision) };
  }

  function consumerBlock(): GovernanceBlock | undefined {
    if (!o.killSwitch) return undefined;
    let blocked: boolean;
    let reason: string | undefined;
    try {
      blocked = o.killSwitch.isBlocked(o.serverName, o.serverConfigId);
      reason = blocked ? o.killSwitch.blockReason?.(o.serverName, o.serverConfigId) : undefined;
    } catch (error) {
      // An unreadable kill switch is treated as engaged: fail closed.
      log.write('error', 'kill-switch consumer threw; blocking', { tool: o.toolName, error });
      blocked = true;
      reason = undefined;
    }
    return blocked ? killSwitchBlock(new KillSwitchError(reason ?? `MCP server ${o.serverName ?? String(o.serverConfigId)} is blocked`), undefined) : undefined;
  }

  /**
   * The client cancelled a call ASCEND already knows about: the action will never execute, so
   * it is reported as failed with code {@link CANCELLED_BY_CLIENT}, the only agent-side report
   * the protocol has (there is no "withdraw" endpoint). A service that refuses failure reports
   * for actions still pending leaves the cancellation in this process's log only.
   */
  async function reportCancellation(block: GovernanceBlock): Promise<void> {
    const actionId = block.actionId;
    if (actionId === undefined || actionId === '') return;
    const via = block.cancelledVia === 'task' ? 'tasks/cancel' : 'the MCP request was cancelled';
    const receipt = await report('failed', actionId, () =>
      client.logActionFailed(actionId, {
        error: {
          code: CANCELLED_BY_CLIENT,
          message: `The MCP client cancelled the tool call (${via}) before the tool ran; it was not run and will not run.`,
          cancelled_via: block.cancelledVia === 'task' ? 'tasks/cancel' : 'request',
          decision_at_cancel: block.decision?.decision ?? 'unknown',
        },
      }),
    );
    const refused = isRecord(receipt) && receipt['error'] !== undefined && receipt['delivered'] === false && receipt['spooled'] !== true;
    if (refused) {
      const error = receipt['error'];
      log.write('warn', 'ASCEND did not accept the cancellation report; the cancellation is recorded in this log only', {
        tool: o.toolName,
        actionId,
        error: isAscendError(error) ? error.code : 'unknown',
      });
    }
  }

  async function finishBlocked(block: GovernanceBlock, call: GovernedCall, mode: CallMode): Promise<CallToolResult> {
    const cancelled = block.kind === 'cancelled';
    log.write(
      block.kind === 'error' || block.kind === 'unavailable' ? 'error' : cancelled ? 'warn' : 'info',
      cancelled ? 'tool call cancelled by the MCP client; the tool was not run' : 'tool call blocked',
      {
        tool: o.toolName,
        kind: block.kind,
        actionId: block.actionId,
        error: block.error?.code,
        ...(cancelled ? { cancelledVia: block.cancelledVia, mode: mode.kind } : {}),
      },
    );
    if (block.kind === 'denied') await notify('onDenied', o.onDenied, block, call);
    if (block.kind === 'approval_timeout') await notify('onTimeout', o.onTimeout, block, call);
    if (cancelled) {
      await notify('onCancelled', o.onCancelled, block, call);
      await reportCancellation(block);
    }
    await notify('onBlocked', o.onBlocked, block, call);
    if (o.blockAs === 'throw') throw errorFor(block);
    const result: CallToolResult = { isError: true, content: [{ type: 'text', text: block.message }] };
    if (o.attachMeta === false) return result;
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
export function mergeGovernance<D extends object, T extends object>(defaults: D, options: T): D & T {
  const merged = { ...defaults, ...options } as D & T & { metadata?: JsonObject };
  const dm = (defaults as { metadata?: JsonObject }).metadata;
  const om = (options as { metadata?: JsonObject }).metadata;
  if (dm && om) merged.metadata = { ...dm, ...om };
  return merged;
}

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
  if (!isRecord(options)) throw new ConfigurationError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) throw new ConfigurationError(key, `unknown option; allowed: ${[...OPTION_KEYS].join(', ')}`);
  }
  if (!isRecord(client) && typeof client !== 'object') throw new ConfigurationError('client', 'must be an ASCEND client');
  for (const method of ['evaluateAction', 'waitForDecision', 'logActionCompleted', 'logActionFailed'] as const) {
    if (typeof (client as unknown as Record<string, unknown>)?.[method] !== 'function') {
      throw new ConfigurationError('client', `must have a ${method}() method`);
    }
  }
  const o = options;
  if (typeof o.toolName !== 'string' || o.toolName.trim() === '') throw new ConfigurationError('toolName', 'is required');
  if (o.serverName !== undefined && (typeof o.serverName !== 'string' || o.serverName.trim() === '')) {
    throw new ConfigurationError('serverName', 'must be a non-empty string');
  }
  if (o.endpoint !== undefined && o.endpoint !== 'actions' && o.endpoint !== 'mcp') {
    throw new ConfigurationError('endpoint', "must be 'actions' or 'mcp'");
  }
  if (o.endpoint === 'mcp') {
    if (typeof client.evaluateMcpAction !== 'function') throw new ConfigurationError('endpoint', "'mcp' needs a client with evaluateMcpAction()");
    if (o.serverName === undefined) throw new ConfigurationError('serverName', "is required with endpoint 'mcp'");
  }
  if (o.blockAs !== undefined && o.blockAs !== 'result' && o.blockAs !== 'throw') {
    throw new ConfigurationError('blockAs', "must be 'result' or 'throw'");
  }
  // The same bounds as the client's own per-call checks, so a setting is refused here, at
  // construction, rather than on the first held call.
  for (const [field, min] of [
    ['approvalTimeoutMs', 1],
    ['approvalPollIntervalMs', 10],
  ] as const) {
    const v = o[field];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > 2_147_483_647)) {
      throw new ConfigurationError(field, `must be an integer between ${min} and 2147483647 (ms)`);
    }
  }
  const progress = o.approvalProgressIntervalMs;
  if (progress !== undefined && progress !== false && (!Number.isInteger(progress) || progress < 1)) {
    throw new ConfigurationError('approvalProgressIntervalMs', 'must be a positive integer (ms) or false');
  }
  if (o.killSwitch !== undefined) {
    if (typeof o.killSwitch?.isBlocked !== 'function') throw new ConfigurationError('killSwitch', 'must have an isBlocked() method');
    if (o.serverName === undefined && o.serverConfigId === undefined) {
      throw new ConfigurationError('killSwitch', 'needs serverName or serverConfigId to know which blocks apply');
    }
  }
  if (o.metadata !== undefined && !isRecord(o.metadata)) throw new ConfigurationError('metadata', 'must be an object');
  const plain = o.plainCallApprovalTimeoutMs;
  if (plain !== undefined && plain !== false && (!Number.isInteger(plain) || plain < 1)) {
    throw new ConfigurationError('plainCallApprovalTimeoutMs', 'must be a positive integer (ms) or false');
  }
  for (const field of FUNCTION_OPTION_KEYS) {
    if (o[field] !== undefined && typeof o[field] !== 'function') throw new ConfigurationError(field, 'must be a function');
  }
  if (o.riskLevel !== undefined && !['low', 'medium', 'high', 'critical'].includes(o.riskLevel)) {
    throw new ConfigurationError('riskLevel', 'must be low, medium, high or critical');
  }
  // Validates the redaction limits now rather than on the first call.
  redactArguments({}, { ...o, redact: undefined });
  return o;
}

function prepare<Args>(
  client: GovernanceClient,
  o: GovernToolOptions<Args>,
  args: Args,
  ctx: ExtraView,
): { call: GovernedCall; request: () => Promise<AuthorizationDecision> } {
  const actionType = pick(o.actionType, args, 'actionType') ?? `mcp.${o.toolName}`;
  const resource = pick(o.resource, args, 'resource') ?? o.serverName ?? o.toolName;
  if (typeof actionType !== 'string' || actionType.trim() === '') throw new ConfigurationError('actionType', 'must be a non-empty string');
  if (typeof resource !== 'string' || resource.trim() === '') throw new ConfigurationError('resource', 'must be a non-empty string');
  const parameters = o.sendArguments === false ? {} : redactArguments(args, o);
  const call: GovernedCall = {
    toolName: o.toolName,
    serverName: o.serverName,
    actionType,
    resource,
    parameters,
    requestId: ctx.requestId,
    sessionId: ctx.sessionId,
  };
  const context: JsonObject = {
    source: 'mcp_server',
    tool_name: o.toolName,
    ...(o.serverName !== undefined ? { mcp_server: o.serverName } : {}),
    ...(o.serverConfigId !== undefined ? { mcp_server_config_id: String(o.serverConfigId) } : {}),
    ...(ctx.requestId !== undefined ? { mcp_request_id: String(ctx.requestId) } : {}),
    ...(ctx.sessionId !== undefined ? { mcp_session_id: ctx.sessionId } : {}),
    ...(ctx.clientId !== undefined ? { mcp_client_id: ctx.clientId } : {}),
    ...(o.metadata && Object.keys(o.metadata).length > 0 ? { metadata: o.metadata } : {}),
    ...(o.riskLevel !== undefined ? { risk_level: o.riskLevel } : {}),
    // The mcp endpoint's request has no requireHumanApproval field: there, the context carries it.
    ...(o.requireHumanApproval && o.endpoint === 'mcp' ? { require_human_approval: true } : {}),
  };
  const callOptions = ctx.signal ? { signal: ctx.signal } : {};
  if (o.endpoint === 'mcp') {
    const evaluateMcp = client.evaluateMcpAction!.bind(client);
    const req: McpActionRequest = {
      mcpServer: o.serverName!,
      namespace: o.namespace ?? o.serverName!,
      verb: o.toolName,
      resource,
      ...(o.actionType !== undefined ? { actionType } : {}),
      ...(o.description !== undefined ? { description: o.description } : {}),
      parameters,
      context,
      toolName: o.toolName,
    };
    return { call, request: () => evaluateMcp(req, callOptions) };
  }
  const resourceId = pick(o.resourceId, args, 'resourceId');
  const riskIndicators = pick(o.riskIndicators, args, 'riskIndicators');
  const req: ActionRequest = {
    actionType,
    resource,
    ...(resourceId !== undefined && resourceId !== '' ? { resourceId } : {}),
    parameters,
    context,
    ...(riskIndicators !== undefined ? { riskIndicators } : {}),
    ...(o.requireHumanApproval === true ? { requireHumanApproval: true } : {}),
  };
  return { call, request: () => client.evaluateAction(req, { ...callOptions, waitForApproval: false }) };
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

function pick<Args, T>(value: FromArgs<Args, T> | undefined, args: Args, field: string): T | undefined {
  if (typeof value !== 'function') return value;
  try {
    return (value as (a: Args) => T)(args);
  } catch (error) {
    throw new ConfigurationError(field, 'the function threw', { cause: error });
  }
}

function isDecision(value: unknown): value is AuthorizationDecision {
  return (
    isRecord(value) &&
    (value['decision'] === 'allowed' || value['decision'] === 'denied' || value['decision'] === 'pending') &&
    typeof value['actionId'] === 'string'
  );
}

function malformed(value: unknown): AscendError {
  const what = isRecord(value) ? `decision ${JSON.stringify(String(value['decision'])).slice(0, 40)}` : typeof value;
  return new AscendError('PROTOCOL_ERROR', `the client returned an unusable decision (${what})`);
}

function toAscendError(error: unknown, what: string): AscendError {
  if (isAscendError(error)) return error;
  return new AscendError('PROTOCOL_ERROR', `${what} failed: ${error instanceof Error ? error.name : typeof error}`, { cause: error });
}

function blockFromError(error: unknown, pending: PendingDecision | undefined, mode: CallMode): GovernanceBlock {
  const e = toAscendError(error, 'governance check');
  switch (e.code) {
    case 'KILL_SWITCH_ACTIVE':
      return killSwitchBlock(e as KillSwitchError, pending);
    case 'APPROVAL_TIMEOUT':
      return timeoutBlock(e as ApprovalTimeoutError, pending);
    case 'AUTHZ_DENIED':
      return {
        kind: 'denied',
        message: `Denied by ASCEND governance: ${safe(e.message)}`,
        actionId: pending?.actionId,
        decision: pending,
        error: e,
      };
    case 'ABORTED':
      return cancelledBlock(pending, e, mode);
    case 'GOVERNANCE_UNAVAILABLE':
    case 'NETWORK_ERROR':
    case 'TIMEOUT':
    case 'SERVER_ERROR':
    case 'RATE_LIMIT':
    case 'CIRCUIT_OPEN':
      return {
        kind: 'unavailable',
        message: 'ASCEND governance is unavailable, so this tool was not run (fail-closed). Try again later.',
        actionId: pending?.actionId,
        decision: pending,
        error: e,
      };
    default:
      return errorBlock(e, pending);
  }
}

function deniedBlock(decision: DeniedDecision, afterApprovalWait: boolean): GovernanceBlock {
  const human = afterApprovalWait || decision.status === 'rejected';
  const reason = decision.reason ?? decision.comments ?? 'no reason given';
  const policies = decision.policyViolations.length > 0 ? ` (policies: ${decision.policyViolations.join(', ')})` : '';
  return {
    kind: 'denied',
    message: `${human ? 'Rejected by a human reviewer in ASCEND' : 'Denied by ASCEND governance'}: ${safe(reason)}${policies}`,
    actionId: decision.actionId,
    decision,
    error: undefined,
  };
}

function pendingBlock(decision: PendingDecision): GovernanceBlock {
  return {
    kind: 'approval_pending',
    message: `This tool call needs human approval in ASCEND (action ${decision.actionId}) and was not run. It can be retried once a reviewer has approved it.`,
    actionId: decision.actionId,
    decision,
    error: undefined,
  };
}

function timeoutBlock(error: ApprovalTimeoutError, pending: PendingDecision | undefined): GovernanceBlock {
  const waited = error.timeoutMs < 1000 ? `${error.timeoutMs} ms` : `${Math.round(error.timeoutMs / 1000)} s`;
  return {
    kind: 'approval_timeout',
    message: `Approval timed out: no human approved this tool call in ASCEND within ${waited} (action ${error.actionId}), so it was not run.`,
    actionId: error.actionId,
    decision: pending,
    error,
  };
}

function killSwitchBlock(error: KillSwitchError, pending: PendingDecision | undefined): GovernanceBlock {
  return {
    kind: 'kill_switch',
    message: `Blocked by the ASCEND kill switch${error.reason ? `: ${safe(error.reason)}` : ''}. The tool was not run.`,
    actionId: pending?.actionId,
    decision: pending,
    error,
  };
}

function cancelledBlock(decision: AuthorizationDecision | undefined, error: AscendError | undefined, mode: CallMode): GovernanceBlock {
  const via = mode.taskSignal?.aborted ? 'task' : 'request';
  return { kind: 'cancelled', message: 'The tool call was cancelled before it ran.', actionId: decision?.actionId, decision, error, cancelledVia: via };
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

function errorBlock(error: AscendError, decision?: AuthorizationDecision): GovernanceBlock {
  return {
    kind: 'error',
    message: `The ASCEND governance check failed (${error.code}), so this tool was not run.`,
    actionId: decision?.actionId,
    decision,
    error,
  };
}

function errorFor(block: GovernanceBlock): AscendError {
  switch (block.kind) {
    case 'denied': {
      const d = block.decision?.decision === 'denied' ? block.decision : undefined;
      const fromError = block.error && isAscendError(block.error, 'AUTHZ_DENIED') ? block.error : undefined;
      return new ActionDeniedError(
        block.actionId ?? '',
        {
          reason: d?.reason ?? fromError?.message,
          policyViolations: d?.policyViolations ?? fromError?.policyViolations ?? [],
          riskScore: d?.riskScore ?? fromError?.riskScore,
        },
        block.error ? { cause: block.error } : {},
      );
    }
    case 'approval_pending':
      // Not waiting is a zero-length wait without a decision.
      return new ApprovalTimeoutError(block.actionId ?? '', 0);
    case 'unavailable':
      return block.error && isAscendError(block.error, 'GOVERNANCE_UNAVAILABLE')
        ? block.error
        : new GovernanceUnavailableError(undefined, block.error ? { cause: block.error } : {});
    default:
      return block.error ?? new AscendError('PROTOCOL_ERROR', block.message);
  }
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

function defaultClock(): Clock {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === 'function' ? { now: () => perf.now() } : { now: () => Date.now() };
}

function elapsed(clock: Clock, started: number): number {
  const ms = clock.now() - started;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}

function safe(text: string): string {
  return messageMasker.maskString(text).slice(0, 500);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
