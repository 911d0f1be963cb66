/**
 * The governed call, in phases an integration can compose: decide (evaluate, and wait for a human
 * when asked), execute (run the tool and report), block (log, call back, report a cancellation).
 * `@ascend/mcp` and every framework adapter run their tools through it.
 *
 * The rules, which fix the Python decorator's flaws (reference §8, §13):
 * - Only an explicit allowed decision runs the tool: from the service, from a human approval,
 *   or the client's fail-open synthesis. Anything else — denied, rejected, approval timeout,
 *   kill switch, unavailable, malformed, cancelled, an exception anywhere — blocks it.
 * - A local kill-switch view applies before any network call (flaw 18), and again after a wait.
 * - Arguments are redacted before they leave the process (flaw 19).
 * - An approval timeout is reported as an approval timeout, never as "unavailable" and never as
 *   allowed (flaw 20); all I/O is async (flaw 13).
 * - Reports never throw into the tool path; the tool's own exception is rethrown.
 */
import {
  ApprovalTimeoutError,
  ConfigurationError,
  KillSwitchError,
  SecretMasker,
  ValidationError,
  isAscendError,
  isPendingDecisionHandle,
  toPendingHandle,
  type ActionRequest,
  type AllowedDecision,
  type AuthorizationDecision,
  type Clock,
  type JsonObject,
  type McpActionRequest,
  type PendingDecision,
  type PendingDecisionHandle,
} from '@ascend/core';
import {
  blockFromError,
  cancelledBlock,
  deniedBlock,
  errorBlock,
  isDecision,
  isRecord,
  killSwitchBlock,
  malformedDecision,
  pendingBlock,
  timeoutBlock,
  toAscendError,
} from './blocks.js';
import { GovernanceLog, stderrJsonLogger } from './log.js';
import { POLICY_DEFAULTS, validatePolicy, type GovernancePolicy } from './options.js';
import { redactArguments } from './redact.js';
import type { FromArgs, GovernanceBlock, GovernanceCallbacks, GovernanceClient, GovernedCall, MaybePromise } from './types.js';

/** The error code of the failure report sent when the caller cancels a call before the tool ran. */
export const CANCELLED_BY_CLIENT = 'CANCELLED_BY_CLIENT';

/** Who a tool is and which integration governs it. Fixed for the tool's life. */
export interface ToolIdentity<R = unknown> {
  /** The tool's name; sent in the context as `tool_name`. */
  toolName: string;
  /** The server or toolset name, when there is one; the default resource. */
  serverName?: string | undefined;
  /** Sent in the context as `source`, e.g. `mcp_server`, `vercel_ai_sdk`, `openai_agents`, `langchain`. */
  source: string;
  /** The default action type is `<actionTypePrefix>.<toolName>`. */
  actionTypePrefix: string;
  /** The `component` field of log records, e.g. `mcp`, `ai-sdk`. */
  component: string;
  /** What the caller is called in logs and in the cancellation report, e.g. `MCP client`. */
  callerLabel: string;
  /** The completion report's summary of a result when `summarizeResult` is not set. Must not include secrets. */
  defaultSummary: (result: R) => JsonObject;
}

/** One call's context, from the framework: ids, cancellation, and how long it can wait. */
export interface CallSite {
  /** The framework's id of this tool call. */
  requestId?: string | number | undefined;
  /** The session or conversation, when the framework has one. */
  sessionId?: string | undefined;
  /** Aborts the call before the tool starts (a wait for a human included). */
  signal?: AbortSignal | undefined;
  /** Extra context fields sent to ASCEND with this call (integration-specific, e.g. `mcp_request_id`). */
  context?: JsonObject | undefined;
  /** `task` when a cancellation came through an MCP task; read when the call is cancelled. @defaultValue 'request' */
  cancelledVia?: () => 'request' | 'task';
  /**
   * This call's approval wait in ms, when it must be shorter than the policy's (e.g. a client
   * that cannot wait longer). Called once, when the wait starts; `undefined` keeps the policy's.
   */
  approvalTimeoutMs?: (() => number | undefined) | undefined;
  /**
   * Called when a wait for a human starts, with a status message; may return a function called
   * when the wait ends (to stop progress notifications). Exceptions are logged and ignored.
   */
  onWaiting?: (message: string, pending: PendingDecision) => void | (() => void);
  /** Rewrites an approval-timeout block of this call (e.g. to explain why the wait was short). */
  mapTimeout?: (block: GovernanceBlock, pending: PendingDecision) => GovernanceBlock;
}

/** Run the tool: an explicit allowed decision (possibly a fail-open synthesis, `decision.failOpen`). */
export interface AllowedVerdict {
  /** `allowed`. */
  kind: 'allowed';
  /** The allowed decision. */
  decision: AllowedDecision;
  /** What the call is about. */
  call: GovernedCall;
}

/** A human must decide first; returned only by `decide(…, { wait: false })`. */
export interface PendingVerdict {
  /** `pending`. */
  kind: 'pending';
  /** The pending decision; `toPendingHandle(decision)` is what to store. */
  decision: PendingDecision;
  /** What the call is about. */
  call: GovernedCall;
}

/** Do not run the tool. */
export interface BlockedVerdict {
  /** `blocked`. */
  kind: 'blocked';
  /** Why, and what the model is told. */
  block: GovernanceBlock;
  /** What the call is about. */
  call: GovernedCall;
}

/** The result of deciding: run it, do not, or (when asked not to wait) a human must decide first. */
export type Verdict = AllowedVerdict | PendingVerdict | BlockedVerdict;

/** The tool ran and returned `value`. */
export interface RanOutcome<R> {
  /** `true`. */
  ran: true;
  /** What the tool returned. */
  value: R;
  /** The decision that let it run. */
  decision: AllowedDecision;
  /** What the call was about. */
  call: GovernedCall;
}

/** The tool did not run. */
export interface BlockedOutcome {
  /** `false`. */
  ran: false;
  /** Why, and what the model is told. */
  block: GovernanceBlock;
  /** What the call was about. */
  call: GovernedCall;
}

/** How a governed call ended. A tool that throws is not an outcome: its error is rethrown. */
export type GovernedOutcome<R> = RanOutcome<R> | BlockedOutcome;

/** Options of {@link ToolGovernor.decide}. */
export interface DecideOptions {
  /**
   * `false` returns a pending verdict instead of waiting, for frameworks with their own approval
   * flow (resume with {@link ToolGovernor.resume}). Ignored when the policy says
   * `waitForApproval: false`: then a pending decision is an `approval_pending` block.
   * @defaultValue true
   */
  wait?: boolean;
}

/**
 * One tool's governance: the phases of a governed call, and `run` that chains them. Create it
 * once per tool with {@link createToolGovernor}; it holds no per-call state.
 */
export interface ToolGovernor<Args, R> {
  /** The tool's identity. */
  readonly identity: Readonly<ToolIdentity<R>>;
  /** The validated policy. */
  readonly policy: Readonly<GovernancePolicy<Args, R>>;
  /** Evaluates the call and, unless told not to, waits for a human. Never throws. */
  decide(args: Args, site?: CallSite, options?: DecideOptions): Promise<Verdict>;
  /**
   * Waits for the human decision on a pending action (submitted by `decide(…, { wait: false })`,
   * possibly in another process), then applies the local kill switch. Never throws.
   */
  resume(pending: PendingDecisionHandle, call: GovernedCall, site?: CallSite): Promise<Verdict>;
  /**
   * Runs `body` for an allowed verdict and reports completion (with the summary) or failure
   * (with the masked error message, then rethrows). A call cancelled before the body started is
   * blocked instead, and the block is handled as by {@link ToolGovernor.block}.
   */
  execute(verdict: AllowedVerdict, body: () => MaybePromise<R>, site?: CallSite): Promise<GovernedOutcome<R>>;
  /** Logs a block, calls the callbacks, and reports a cancellation of a known action. Never throws. */
  block(block: GovernanceBlock, call: GovernedCall): Promise<void>;
  /** `decide` (waiting), then `execute` or `block`: the whole governed call. */
  run(args: Args, body: () => MaybePromise<R>, site?: CallSite): Promise<GovernedOutcome<R>>;
  /** A description of the call for blocks found before the request could be built. */
  describe(args: Args, site?: CallSite): GovernedCall;
}

/**
 * Creates the governance of one tool: validates the policy (a `ConfigurationError` naming
 * the field at wrap time), then returns the phases every integration composes.
 *
 * @param client - An `AscendClient`, an `AscendAgentClient`, a `MockAscendClient`, or anything shaped like {@link GovernanceClient}.
 * @param identity - The tool and the integration; see {@link ToolIdentity}.
 * @param policy - How the tool is governed; see {@link GovernancePolicy}.
 *
 * @example
 * ```ts
 * const governor = createToolGovernor(client, { toolName: 'refund', source: 'my_framework', actionTypePrefix: 'tool',
 *   component: 'my-framework', callerLabel: 'caller', defaultSummary: () => ({ success: true }) }, { resource: 'payments' })
 * const outcome = await governor.run({ amount: 40 }, () => refund(40))
 * if (!outcome.ran) console.log(outcome.block.message)
 * ```
 */
export function createToolGovernor<Args, R>(
  client: GovernanceClient,
  identity: ToolIdentity<R>,
  policy: GovernancePolicy<Args, R> = {},
): ToolGovernor<Args, R> {
  validateIdentity(identity);
  validatePolicy(client, policy, identity);
  const o = policy;
  const log = new GovernanceLog(o.logger ?? stderrJsonLogger, o.logLevel ?? 'warn', identity.component);
  const clock = o.clock ?? defaultClock();
  const tool = identity.toolName;
  const masker = new SecretMasker();

  const notify = async <A extends unknown[]>(name: keyof GovernanceCallbacks, fn: ((...a: A) => MaybePromise<void>) | undefined, ...args: A) => {
    if (!fn) return;
    try {
      await fn(...args);
    } catch (error) {
      log.write('warn', `${name} callback threw; ignored`, { tool, error });
    }
  };

  const report = async (kind: 'completed' | 'failed', actionId: string, send: () => Promise<unknown>): Promise<unknown> => {
    if (actionId === '') {
      log.write('warn', 'no action id to report against', { tool, kind });
      return undefined;
    }
    const guarded = (async () => {
      try {
        return await send();
      } catch (error) {
        log.write('warn', `action ${kind} report failed; ignored`, { tool, actionId, error });
        return undefined;
      }
    })();
    if (o.awaitReports !== false) return guarded;
    return undefined;
  };

  const via = (site: CallSite | undefined): 'request' | 'task' => {
    try {
      return site?.cancelledVia?.() === 'task' ? 'task' : 'request';
    } catch {
      return 'request';
    }
  };

  function describe(args: Args, site: CallSite = {}): GovernedCall {
    return {
      toolName: tool,
      serverName: identity.serverName,
      actionType: '',
      resource: '',
      parameters: {},
      requestId: site.requestId,
      sessionId: site.sessionId,
    };
  }

  function consumerBlock(): GovernanceBlock | undefined {
    if (!o.killSwitch) return undefined;
    let blocked: boolean;
    let reason: string | undefined;
    try {
      blocked = o.killSwitch.isBlocked(identity.serverName, o.serverConfigId);
      reason = blocked ? o.killSwitch.blockReason?.(identity.serverName, o.serverConfigId) : undefined;
    } catch (error) {
      // An unreadable kill switch is treated as engaged: fail closed.
      log.write('error', 'kill-switch view threw; blocking', { tool, error });
      blocked = true;
      reason = undefined;
    }
    return blocked
      ? killSwitchBlock(new KillSwitchError(reason ?? `server ${identity.serverName ?? String(o.serverConfigId)} is blocked`), undefined)
      : undefined;
  }

  function prepare(args: Args, site: CallSite): { call: GovernedCall; request: () => Promise<AuthorizationDecision> } {
    const actionType = pick(o.actionType, args, 'actionType') ?? `${identity.actionTypePrefix}.${tool}`;
    const resource = pick(o.resource, args, 'resource') ?? identity.serverName ?? tool;
    if (typeof actionType !== 'string' || actionType.trim() === '') throw new ConfigurationError('actionType', 'must be a non-empty string');
    if (typeof resource !== 'string' || resource.trim() === '') throw new ConfigurationError('resource', 'must be a non-empty string');
    const parameters = o.sendArguments === false ? {} : redactArguments(args, o);
    const call: GovernedCall = {
      toolName: tool,
      serverName: identity.serverName,
      actionType,
      resource,
      parameters,
      requestId: site.requestId,
      sessionId: site.sessionId,
    };
    const context: JsonObject = {
      source: identity.source,
      tool_name: tool,
      ...(site.context ?? {}),
      ...(o.metadata && Object.keys(o.metadata).length > 0 ? { metadata: o.metadata } : {}),
      ...(o.riskLevel !== undefined ? { risk_level: o.riskLevel } : {}),
      // The mcp endpoint's request has no requireHumanApproval field: there, the context carries it.
      ...(o.requireHumanApproval && o.endpoint === 'mcp' ? { require_human_approval: true } : {}),
    };
    const callOptions = site.signal ? { signal: site.signal } : {};
    if (o.endpoint === 'mcp') {
      const evaluateMcp = client.evaluateMcpAction!.bind(client);
      const req: McpActionRequest = {
        mcpServer: identity.serverName!,
        namespace: o.namespace ?? identity.serverName!,
        verb: tool,
        resource,
        ...(o.actionType !== undefined ? { actionType } : {}),
        ...(o.description !== undefined ? { description: o.description } : {}),
        parameters,
        context,
        toolName: tool,
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

  async function decide(args: Args, site: CallSite = {}, options: DecideOptions = {}): Promise<Verdict> {
    let call: GovernedCall;
    let request: () => Promise<AuthorizationDecision>;
    try {
      ({ call, request } = prepare(args, site));
    } catch (error) {
      const e = toAscendError(error, 'governance options');
      log.write('error', 'could not build the governance request; blocking', { tool, error: e });
      return { kind: 'blocked', block: errorBlock(e), call: describe(args, site) };
    }
    const blocked = (block: GovernanceBlock): Verdict => ({ kind: 'blocked', block, call });
    const signal = site.signal;
    const local = consumerBlock();
    if (local) return blocked(local);
    if (signal?.aborted) return blocked(cancelledBlock(undefined, undefined, via(site)));

    let decision: AuthorizationDecision;
    try {
      decision = await request();
    } catch (error) {
      return blocked(blockFromError(error, undefined, via(site)));
    }
    if (!isDecision(decision)) return blocked(errorBlock(malformedDecision(decision)));
    log.write('info', 'decision', { tool, actionId: decision.actionId, decision: decision.decision, riskScore: decision.riskScore });
    await notify('onDecision', o.onDecision, decision, call);

    if (decision.decision === 'pending') {
      await notify('onApprovalRequired', o.onApprovalRequired, decision, call);
      if (o.waitForApproval === false) return blocked(pendingBlock(decision));
      if (options.wait === false) return { kind: 'pending', decision, call };
      return waitFor(decision, call, site);
    }
    return conclude(decision, call, site, false);
  }

  async function resume(pending: PendingDecisionHandle, call: GovernedCall, site: CallSite = {}): Promise<Verdict> {
    const local = consumerBlock();
    if (local) return { kind: 'blocked', block: local, call };
    if (!isPendingDecisionHandle(pending)) {
      return {
        kind: 'blocked',
        block: errorBlock(
          new ValidationError('pending: must be a pending decision or its handle (with an actionId)', {
            pending: 'must be a pending decision or its handle (with an actionId)',
          }),
        ),
        call,
      };
    }
    return waitFor(asPending(pending), call, site);
  }

  async function waitFor(decision: PendingDecision, call: GovernedCall, site: CallSite): Promise<Verdict> {
    const blocked = (block: GovernanceBlock): Verdict => ({ kind: 'blocked', block, call });
    const signal = site.signal;
    if (signal?.aborted) return blocked(cancelledBlock(decision, undefined, via(site)));
    const policyWait = o.approvalTimeoutMs ?? POLICY_DEFAULTS.approvalTimeoutMs;
    const siteWait = readSiteWait(site);
    const timeoutMs = siteWait !== undefined ? Math.max(1, Math.min(policyWait, Math.floor(siteWait))) : policyWait;
    const mapTimeout = (block: GovernanceBlock): GovernanceBlock => {
      if (block.kind !== 'approval_timeout' || !site.mapTimeout) return block;
      try {
        return site.mapTimeout(block, decision);
      } catch (error) {
        log.write('debug', 'mapTimeout threw; using the plain timeout block', { tool, error });
        return block;
      }
    };
    let stop: void | (() => void) = undefined;
    try {
      stop = site.onWaiting?.(`Waiting for human approval in ASCEND (action ${decision.actionId})`, decision);
    } catch (error) {
      log.write('debug', 'onWaiting threw; ignored', { tool, error });
    }
    let final: AuthorizationDecision;
    try {
      final = await client.waitForDecision(toPendingHandle(decision), {
        timeoutMs,
        pollIntervalMs: o.approvalPollIntervalMs ?? POLICY_DEFAULTS.approvalPollIntervalMs,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      return blocked(mapTimeout(blockFromError(error, decision, via(site))));
    } finally {
      try {
        if (typeof stop === 'function') stop();
      } catch (error) {
        log.write('debug', 'stopping the wait hook threw; ignored', { tool, error });
      }
    }
    if (!isDecision(final)) return blocked(errorBlock(malformedDecision(final), decision));
    // Waiting can take minutes; an operator may have blocked the server meanwhile.
    const local = consumerBlock();
    if (local) return blocked(local);
    await notify('onDecision', o.onDecision, final, call);
    if (final.decision === 'pending') return blocked(mapTimeout(timeoutBlock(new ApprovalTimeoutError(decision.actionId, timeoutMs), decision)));
    return conclude(final, call, site, true);
  }

  function conclude(decision: AuthorizationDecision, call: GovernedCall, site: CallSite, afterWait: boolean): Verdict {
    if (decision.decision === 'denied') return { kind: 'blocked', block: deniedBlock(decision, afterWait), call };
    if (decision.decision === 'allowed' && decision.executionAllowed === true) {
      if (site.signal?.aborted) return { kind: 'blocked', block: cancelledBlock(decision, undefined, via(site)), call };
      return { kind: 'allowed', decision, call };
    }
    return { kind: 'blocked', block: errorBlock(malformedDecision(decision), decision), call };
  }

  async function execute(verdict: AllowedVerdict, body: () => MaybePromise<R>, site: CallSite = {}): Promise<GovernedOutcome<R>> {
    const { decision, call } = verdict;
    if (verdict.kind !== 'allowed' || !isDecision(decision) || decision.decision !== 'allowed' || decision.executionAllowed !== true) {
      // Only an explicit allowed decision runs a tool, whatever the caller passed.
      const block = errorBlock(malformedDecision(decision), isDecision(decision) ? decision : undefined);
      await handleBlock(block, call ?? describe(undefined as Args, site));
      return { ran: false, block, call };
    }
    if (decision.failOpen) {
      log.write('warn', 'ASCEND unreachable: running tool under fail-open mode', { tool, actionId: decision.actionId, error: decision.failOpen.cause.code });
    }
    await notify('onAllowed', o.onAllowed, decision, call);
    if (site.signal?.aborted) {
      const block = cancelledBlock(decision, undefined, via(site));
      await handleBlock(block, call);
      return { ran: false, block, call };
    }
    const started = clock.now();
    let value: R;
    try {
      value = await body();
    } catch (error) {
      const durationMs = elapsed(clock, started);
      const message = masker.maskString(error instanceof Error ? error.message : String(error)).slice(0, 1000);
      await report('failed', decision.actionId, () => client.logActionFailed(decision.actionId, { error: message || 'tool threw', durationMs }));
      throw error;
    }
    const durationMs = elapsed(clock, started);
    let summary: JsonObject;
    try {
      summary = o.summarizeResult ? o.summarizeResult(value) : identity.defaultSummary(value);
    } catch (error) {
      log.write('warn', 'summarizeResult threw; using the default summary', { tool, error });
      summary = safeDefaultSummary(value);
    }
    await report('completed', decision.actionId, () => client.logActionCompleted(decision.actionId, { result: summary, durationMs }));
    return { ran: true, value, decision, call };
  }

  function safeDefaultSummary(value: R): JsonObject {
    try {
      return identity.defaultSummary(value);
    } catch {
      return { success: true };
    }
  }

  /**
   * The caller cancelled a call ASCEND already knows about: the action will never execute, so it
   * is reported as failed with code {@link CANCELLED_BY_CLIENT}, the only agent-side report the
   * protocol has (there is no "withdraw" endpoint). A service that refuses failure reports for
   * actions still pending leaves the cancellation in this process's log only.
   */
  async function reportCancellation(block: GovernanceBlock): Promise<void> {
    const actionId = block.actionId;
    if (actionId === undefined || actionId === '') return;
    const how =
      block.cancelledVia === 'task'
        ? 'tasks/cancel'
        : block.cancelledVia === 'approval_denied'
          ? 'the user denied its approval request'
          : `the ${identity.callerLabel.replace(/ client$/, '')} request was cancelled`;
    const receipt = await report('failed', actionId, () =>
      client.logActionFailed(actionId, {
        error: {
          code: CANCELLED_BY_CLIENT,
          message: `The ${identity.callerLabel} cancelled the tool call (${how}) before the tool ran; it was not run and will not run.`,
          cancelled_via: block.cancelledVia === 'task' ? 'tasks/cancel' : block.cancelledVia === 'approval_denied' ? 'approval_denied' : 'request',
          decision_at_cancel: block.decision?.decision ?? 'unknown',
        },
      }),
    );
    const refused = isRecord(receipt) && receipt['error'] !== undefined && receipt['delivered'] === false && receipt['spooled'] !== true;
    if (refused) {
      const error = receipt['error'];
      log.write('warn', 'ASCEND did not accept the cancellation report; the cancellation is recorded in this log only', {
        tool,
        actionId,
        error: isAscendError(error) ? error.code : 'unknown',
      });
    }
  }

  async function handleBlock(block: GovernanceBlock, call: GovernedCall): Promise<void> {
    const cancelled = block.kind === 'cancelled';
    log.write(
      block.kind === 'error' || block.kind === 'unavailable' ? 'error' : cancelled ? 'warn' : 'info',
      cancelled ? `tool call cancelled by the ${identity.callerLabel}; the tool was not run` : 'tool call blocked',
      {
        tool,
        kind: block.kind,
        actionId: block.actionId,
        error: block.error?.code,
        ...(cancelled ? { cancelledVia: block.cancelledVia } : {}),
      },
    );
    if (block.kind === 'denied') await notify('onDenied', o.onDenied, block, call);
    if (block.kind === 'approval_timeout') await notify('onTimeout', o.onTimeout, block, call);
    if (cancelled) {
      await notify('onCancelled', o.onCancelled, block, call);
      await reportCancellation(block);
    }
    await notify('onBlocked', o.onBlocked, block, call);
  }

  async function run(args: Args, body: () => MaybePromise<R>, site: CallSite = {}): Promise<GovernedOutcome<R>> {
    const verdict = await decide(args, site);
    if (verdict.kind === 'allowed') return execute(verdict, body, site);
    // decide() waits by default, so a pending verdict cannot come back here; treat one as a block anyway.
    const block = verdict.kind === 'blocked' ? verdict.block : pendingBlock(verdict.decision);
    await handleBlock(block, verdict.call);
    return { ran: false, block, call: verdict.call };
  }

  return Object.freeze({
    identity: Object.freeze({ ...identity }),
    policy: Object.freeze({ ...policy }),
    decide,
    resume,
    execute,
    block: (block: GovernanceBlock, call: GovernedCall) => handleBlock(block, call),
    run,
    describe,
  });
}

function validateIdentity(identity: ToolIdentity<never>): void {
  if (!isRecord(identity)) throw new ConfigurationError('identity', 'must be an object');
  if (typeof identity.toolName !== 'string' || identity.toolName.trim() === '') throw new ConfigurationError('toolName', 'is required');
  if (identity.serverName !== undefined && (typeof identity.serverName !== 'string' || identity.serverName.trim() === '')) {
    throw new ConfigurationError('serverName', 'must be a non-empty string');
  }
  for (const field of ['source', 'actionTypePrefix', 'component', 'callerLabel'] as const) {
    if (typeof identity[field] !== 'string' || identity[field] === '') throw new ConfigurationError(field, 'must be a non-empty string');
  }
  if (typeof identity.defaultSummary !== 'function') throw new ConfigurationError('defaultSummary', 'must be a function');
}

function readSiteWait(site: CallSite): number | undefined {
  try {
    const ms = site.approvalTimeoutMs?.();
    return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : undefined;
  } catch {
    return undefined;
  }
}

/** A pending decision from its handle (a handle read back from storage has only the ids). */
function asPending(handle: PendingDecisionHandle): PendingDecision {
  if ((handle as Partial<PendingDecision>).decision === 'pending' && Array.isArray((handle as Partial<PendingDecision>).policyViolations))
    return handle as PendingDecision;
  return {
    decision: 'pending',
    actionId: handle.actionId,
    status: undefined,
    riskScore: undefined,
    riskLevel: undefined,
    reason: undefined,
    policyViolations: [],
    conditions: [],
    approvedBy: undefined,
    approvedAt: undefined,
    comments: undefined,
    metadata: {},
    raw: {},
    executionAllowed: false,
    approvalRequestId: typeof handle.approvalRequestId === 'string' ? handle.approvalRequestId : undefined,
    expiresAt: typeof handle.expiresAt === 'string' ? handle.expiresAt : undefined,
    requiredApprovers: [],
    execution: undefined,
    failOpen: undefined,
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

function defaultClock(): Clock {
  const perf = (globalThis as { performance?: { now(): number } }).performance;
  return perf && typeof perf.now === 'function' ? { now: () => perf.now() } : { now: () => Date.now() };
}

function elapsed(clock: Clock, started: number): number {
  const ms = clock.now() - started;
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : 0;
}
