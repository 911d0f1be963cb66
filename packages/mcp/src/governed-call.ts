/**
 * The governed MCP tool call, independent of the MCP TypeScript SDK's major version: options and
 * their validation, reading the handler's request context (1.x `extra` or 2.x `ctx`), progress
 * while a human decides, the plain-call wait cap, task cancellation, error results and `_meta`.
 *
 * Nothing here imports an MCP SDK, not even its types: the 1.x entry (`govern-tool.ts`,
 * `governed-server.ts`) and the 2.x entry (`server/`) bind these to their SDK's types. The
 * governed call itself (evaluate, wait, run, report) is `@ascend/governance`'s pipeline.
 */
import { ApprovalTimeoutError, ConfigurationError, type JsonObject, type PendingDecision } from '@ascend/core';
import {
  checkOptionKeys,
  createToolGovernor,
  errorForBlock,
  mergePolicy,
  POLICY_DATA_KEYS,
  POLICY_FUNCTION_KEYS,
  POLICY_OBJECT_KEYS,
  timeoutBlock,
  type CallSite,
  type GovernanceBlock,
  type GovernanceClient,
  type GovernancePolicy,
  type MaybePromise,
} from '@ascend/governance';
import type { McpKillSwitchView } from './kill-switch-consumer.js';
import { GovernanceLog, stderrJsonLogger } from './log.js';

/**
 * What a governed call needs of an MCP tool result, whichever SDK major made it: both SDKs'
 * `CallToolResult` have this shape.
 */
export interface McpToolResult {
  /** The result's content blocks. */
  content: unknown[];
  /** True for an error result. */
  isError?: boolean;
  /** Result metadata; governed calls add `_meta["ascend/governance"]`. */
  _meta?: { [key: string]: unknown };
}

/** The tool result a blocked call returns: an error result whose text tells the model why. */
export interface McpBlockResult extends McpToolResult {
  /** Always true. */
  isError: true;
  /** One text block with the reason. */
  content: Array<{ type: 'text'; text: string }>;
}

/**
 * How one tool is governed: the pipeline's {@link GovernancePolicy} (identity aside), plus how
 * MCP clients wait and how a block reaches them, for tool results of type `R`. Every field is
 * optional; see each default. Each SDK entry names it `ToolGovernanceOptions`.
 */
export interface McpGovernanceOptions<Args = Record<string, unknown>, R = McpToolResult> extends Omit<
  GovernancePolicy<Args, R>,
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

/** The options of a governed tool: its identity plus its governance. Each SDK entry names it `GovernToolOptions`. */
export interface McpGovernToolOptions<Args = Record<string, unknown>, R = McpToolResult> extends McpGovernanceOptions<Args, R> {
  /** The tool's name, as registered on the MCP server. Required. */
  toolName: string;
  /** The MCP server's name; sent in the context and used by the kill-switch consumer. */
  serverName?: string;
}

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

const OPTION_KEYS: ReadonlySet<string> = new Set(['toolName', ...DATA_OPTION_KEYS, ...POLICY_OBJECT_KEYS, ...POLICY_FUNCTION_KEYS]);

/** The option names a governed tool accepts; anything else is rejected as a likely typo. */
export const GOVERNANCE_OPTION_KEYS: readonly string[] = Object.freeze([...OPTION_KEYS]);

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

/** @internal An ordinary `tools/call`. */
export const REQUEST_MODE: CallMode = Object.freeze({ kind: 'request' });

/** @internal The governed call with its mode: what plain and task tools of both SDK majors run. */
export type GovernedCallRunner<Args, Extra, R extends McpToolResult> = (args: Args, extra: Extra, mode: CallMode) => Promise<R | McpBlockResult>;

/**
 * @internal What a governed call reads of the handler's request context: the 1.x `extra`
 * ({@link readExtraV1}) or the 2.x `ctx` ({@link readContextV2}).
 */
export interface ExtraView {
  /** Aborted when the client cancels the request. */
  signal: AbortSignal | undefined;
  /** The request's progress token, when the client asked for progress. */
  progressToken: string | number | undefined;
  /** Sends a notification related to the request. */
  sendNotification: ((notification: { method: string; params: Record<string, unknown> }) => Promise<void>) | undefined;
  /** The JSON-RPC request id. */
  requestId: string | number | undefined;
  /** The transport's session id. */
  sessionId: string | undefined;
  /** The OAuth client id (never the token). */
  clientId: string | undefined;
}

/** @internal Reads a handler's request context. */
export type ExtraReader = (extra: unknown) => ExtraView;

/** @internal The governed call with the call mode exposed, for plain and task-based registration. */
export function buildGovernedCall<Args, Extra, R extends McpToolResult>(
  client: GovernanceClient,
  options: McpGovernToolOptions<Args, R>,
  handler: (args: Args, extra: Extra) => MaybePromise<R>,
  readExtra: ExtraReader,
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

  return async (args: Args, extra: Extra, mode: CallMode): Promise<R | McpBlockResult> => {
    const startedAt = clock.now();
    const view = readExtra(extra);
    const cancel = combineSignals(view.signal, mode.taskSignal);
    try {
      const site = callSite({ ...view, signal: cancel.signal }, mode, startedAt);
      // One telemetry span for the whole call (when the telemetry option is set).
      return await governor.observe(site, async () => {
        const verdict = await governor.decide(args, site);
        // Allowed runs; in shadow mode a would-be block runs too; anything else is handled as a block.
        const outcome = await governor.proceed(verdict, () => handler(args, extra), site);
        if (!outcome.ran) return finishAfterHandled(outcome.block);
        const result = outcome.value;
        if (attachMeta === false || !isRecord(result)) return result;
        if ('shadowed' in outcome) {
          return withMeta(result, {
            decision: 'shadowed',
            kind: outcome.block.kind,
            actionId: outcome.block.actionId,
            ...(outcome.decision?.riskScore !== undefined ? { riskScore: outcome.decision.riskScore } : {}),
          });
        }
        const decision = outcome.decision;
        return withMeta(result, {
          decision: 'allowed',
          actionId: decision.actionId,
          failOpen: decision.failOpen !== undefined,
          ...(decision.approvedBy !== undefined ? { approvedBy: decision.approvedBy } : {}),
        });
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

  /** How a block reaches the MCP client: an error result that tells the model why, or a throw. */
  function finishAfterHandled(block: GovernanceBlock): McpBlockResult {
    if (blockAs === 'throw') throw errorForBlock(block);
    const result: McpBlockResult = { isError: true, content: [{ type: 'text', text: block.message }] };
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
 * @internal What `registerGovernedTool` of either SDK entry takes from its arguments, checked: the
 * MCP config for `registerTool`, the governance options of the call, and how the SDK calls the
 * handler.
 */
export interface ToolRegistration<C, Ctx, R> {
  /** The tool's MCP config without `governance`, for the SDK's `registerTool`. */
  readonly mcpConfig: Omit<C, 'governance'>;
  /** The governance options: the config's `description`, the given options, `toolName` defaulting to the tool's name. */
  readonly options: McpGovernToolOptions<unknown, R>;
  /** Calls the user's handler as the SDK would: `(args, ctx)` with an input schema, `(ctx)` without. */
  readonly invoke: (args: unknown, ctx: Ctx) => MaybePromise<R>;
  /** The callback the SDK registers around the governed call: governance always sees an arguments object (`{}` without an input schema). */
  callback<T>(governed: (args: unknown, ctx: Ctx) => T): ((args: unknown, ctx: Ctx) => T) | ((ctx: Ctx) => T);
}

/**
 * @internal Checks the arguments of `registerGovernedTool` (either SDK entry) before anything is
 * registered. `serverMessage` is the entry's message for a server without `registerTool`.
 * @throws `ConfigurationError` naming `server`, `name`, `config` or `handler`.
 */
export function prepareToolRegistration<C extends { inputSchema?: unknown; description?: string; governance?: unknown }, Ctx, R>(
  server: unknown,
  name: unknown,
  config: C,
  governance: { toolName?: string },
  handler: unknown,
  serverMessage: string,
): ToolRegistration<C, Ctx, R> {
  if (!server || typeof (server as { registerTool?: unknown }).registerTool !== 'function') throw new ConfigurationError('server', serverMessage);
  if (typeof name !== 'string' || name.trim() === '') throw new ConfigurationError('name', 'must be a non-empty string');
  if (!config || typeof config !== 'object') throw new ConfigurationError('config', 'must be an object');
  if (typeof handler !== 'function') throw new ConfigurationError('handler', 'must be a function');
  const { governance: _nested, ...mcpConfig } = config;
  void _nested;
  const hasInput = mcpConfig.inputSchema !== undefined;
  const call = handler as (...a: unknown[]) => MaybePromise<R>;
  return {
    mcpConfig,
    options: {
      ...(mcpConfig.description !== undefined ? { description: mcpConfig.description } : {}),
      ...(governance as Omit<McpGovernToolOptions<unknown, R>, 'toolName'>),
      toolName: governance.toolName ?? name,
    },
    invoke: (args, ctx) => (hasInput ? call(args, ctx) : call(ctx)),
    callback: (governed) => (hasInput ? (args: unknown, ctx: Ctx) => governed(args, ctx) : (ctx: Ctx) => governed({}, ctx)),
  };
}

/** @internal A tool whose governance holds every call for a human at high risk (`highRiskTool`). */
export function isHighRisk(options: { requireHumanApproval?: boolean | undefined; riskLevel?: string | undefined }): boolean {
  return options.requireHumanApproval === true && (options.riskLevel === 'high' || options.riskLevel === 'critical');
}

/** @internal Per-tool options over defaults; `metadata` objects are merged, the rest replaced. */
export const mergeGovernance = mergePolicy;

// ---------------------------------------------------------------------------------------------
// Internals

/** @internal Reads the `extra` of MCP TypeScript SDK 1.x (`RequestHandlerExtra`). */
export function readExtraV1(extra: unknown): ExtraView {
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

/**
 * @internal Reads the `ctx` of MCP TypeScript SDK 2.x (`ServerContext`): `ctx.mcpReq` carries the
 * request id, its `_meta` (progress token), abort signal and `notify`; `ctx.http.authInfo` the
 * OAuth client.
 */
export function readContextV2(ctx: unknown): ExtraView {
  const c = isRecord(ctx) ? ctx : {};
  const req = isRecord(c['mcpReq']) ? c['mcpReq'] : {};
  const http = isRecord(c['http']) ? c['http'] : {};
  const auth = isRecord(http['authInfo']) ? http['authInfo'] : {};
  const meta = isRecord(req['_meta']) ? req['_meta'] : {};
  const notify = req['notify'];
  // The same checks as for 1.x, on the 2.x places of the same facts.
  return readExtraV1({
    signal: req['signal'],
    requestId: req['id'],
    sessionId: c['sessionId'],
    authInfo: auth,
    _meta: meta,
    sendNotification: typeof notify === 'function' ? (notification: unknown) => Reflect.apply(notify, req, [notification]) as Promise<void> : undefined,
  });
}

/** @internal Validates the options a governed tool takes (the pipeline validates the rest when the tool is built). */
export function resolveGovernance<Args, R>(client: GovernanceClient, options: McpGovernToolOptions<Args, R>): McpGovernToolOptions<Args, R> {
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
