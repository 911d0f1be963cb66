/**
 * `governedKy`: a ky instance whose requests ASCEND decides on before they are sent, and hears
 * about afterwards.
 *
 * - `beforeRequest` asks (`client.evaluateAction`) once per call. ky's own retries of that call
 *   reuse the decision: they are attempts of one governed action, not new actions.
 * - Only an allowed decision lets the request go (from the service, from a human approval, or the
 *   client's fail-open synthesis). Denied, pending, rejected, approval timeout, kill switch,
 *   unavailable in closed mode, a malformed answer, an abort, an exception in a mapping function:
 *   the request is never sent and the call rejects with a typed error.
 * - `afterResponse` reports completion for a successful response (status, duration). A call that
 *   ends in an error, as ky decides it (an HTTP error status when `throwHttpErrors` applies, a
 *   network error, a timeout), is reported as failed once ky has given up retrying; a call that
 *   ends with an error status ky does not throw for is reported completed with that status.
 *   The call settles after its report, so the audit trail is whole when the caller resumes.
 *
 * @packageDocumentation
 */
import {
  ActionDeniedError,
  ProtocolError,
  toPendingHandle,
  type ActionRequest,
  type AuthorizationDecision,
  type CompletionReport,
  type EvaluateOptions,
  type FailureReport,
} from '@ascend/core';
import defaultKy, { type KyInstance, type Options as KyOptions } from 'ky';
import { actionFor, type ActionMapping } from './action.js';
import { ApprovalPendingError } from './errors.js';

/**
 * The client methods a governed instance calls. `AscendClient` or `AscendAgentClient` from
 * `@ascend/node` or `@ascend/browser` fits, and so does `MockAscendClient` from `@ascend/testing`.
 */
export interface GovernanceClient {
  /** Submits an action and returns the decision; applies the kill switch and fail mode. */
  evaluateAction(request: ActionRequest, options?: EvaluateOptions): Promise<AuthorizationDecision>;
  /** Reports completion. Must not throw; if it does, the error is ignored. */
  logActionCompleted(actionId: string, report?: CompletionReport): Promise<unknown>;
  /** Reports failure. Must not throw; if it does, the error is ignored. */
  logActionFailed(actionId: string, report: FailureReport): Promise<unknown>;
}

/** How long to wait for a human when a decision is pending. */
export interface ApprovalWaitOptions {
  /** How long to wait, in ms. @defaultValue the client's `approvals.timeoutMs` */
  timeoutMs?: number;
  /** Interval between status polls, in ms. @defaultValue the client's `approvals.pollIntervalMs` */
  pollIntervalMs?: number;
}

/** Options of {@link governedKy}: how requests map to actions, and what a pending decision does. */
export interface GovernedKyOptions extends ActionMapping {
  /**
   * The ky instance to extend: `ky` itself, or one of yours (`ky.create({ prefixUrl, headers })`).
   * Its options and hooks stay; the governance hooks run after its `beforeRequest` hooks.
   * @defaultValue the default export of `ky`
   */
  ky?: KyInstance;
  /**
   * What a pending decision does. `false`: the call rejects with {@link ApprovalPendingError}
   * and the request is not sent. `true` or wait options: the call waits for a human; approval
   * sends the request, rejection rejects with core's `ActionDeniedError`, and the wait's end
   * with core's `ApprovalTimeoutError` (never sent, in every fail mode).
   * @defaultValue false
   */
  waitForApproval?: boolean | ApprovalWaitOptions;
}

/** The per-call state, carried in ky's `context` under a symbol so it survives ky's copies. */
interface CallState {
  /** The decision, asked once; every attempt of the call awaits the same promise. */
  evaluation: Promise<void> | undefined;
  /** The allowed action, once decided. */
  actionId: string | undefined;
  /** When the first attempt was let through. */
  startedAt: number;
  /** Status of the last response seen. */
  lastStatus: number | undefined;
  /** True once completion or failure has been reported. */
  reported: boolean;
}

const STATE = Symbol.for('ascend.ky.call');

/** Errors thrown by the governance hook, so ky 1's retry logic can stop at once on them. */
const blocks = new WeakSet<object>();

/** The call state of a hook's options; a call that bypassed the wrapper gets one keyed by its context. */
const unwrapped = new WeakMap<object, CallState>();

function newState(): CallState {
  return { evaluation: undefined, actionId: undefined, startedAt: 0, lastStatus: undefined, reported: false };
}

function stateOf(options: unknown): CallState {
  const context = (options as { context?: Record<PropertyKey, unknown> } | undefined)?.context;
  if (context === undefined || context === null) return newState();
  const carried = context[STATE] as CallState | undefined;
  if (carried) return carried;
  let state = unwrapped.get(context);
  if (!state) unwrapped.set(context, (state = newState()));
  return state;
}

/**
 * ky 1 calls hooks with positional arguments `(request, options, …)`, ky 2 with one state object
 * `{ request, options, … }`; this reads either.
 */
function hookArgs(args: readonly unknown[]): { request: Request; options: unknown; response: Response | undefined } {
  const first = args[0];
  if (first instanceof Request) return { request: first, options: args[1], response: args[2] as Response | undefined };
  const s = first as { request: Request; options: unknown; response?: Response };
  return { request: s.request, options: s.options, response: s.response };
}

async function safely(report: () => Promise<unknown>): Promise<void> {
  try {
    await report();
  } catch {
    // Reports must never break the caller's request; the client logs its own failures.
  }
}

/** Marks a call that a hook stopped without a response. */
const STOPPED = Symbol('stopped');

/** What is reported about a failed call: codes and statuses, never URLs, bodies or headers. */
function failureOf(error: unknown, lastStatus: number | undefined): FailureReport['error'] {
  if (error === STOPPED) return { code: 'STOPPED', message: 'A hook stopped the call without a response', ...(lastStatus !== undefined ? { lastStatus } : {}) };
  const e = error as { name?: unknown; response?: { status?: unknown }; cause?: { code?: unknown } } | null;
  const name = typeof e?.name === 'string' ? e.name : typeof error;
  const status = typeof e?.response?.status === 'number' ? e.response.status : undefined;
  if (name === 'HTTPError' && status !== undefined) return { code: 'HTTP_ERROR', status, message: `HTTP ${status}` };
  if (name === 'TimeoutError') return { code: 'TIMEOUT', message: 'The request timed out' };
  if (name === 'AbortError') return { code: 'ABORTED', message: 'The request was aborted' };
  const cause = typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  return {
    code: 'NETWORK_ERROR',
    message: 'The request failed without a response',
    name,
    ...(cause !== undefined ? { cause } : {}),
    ...(lastStatus !== undefined ? { lastStatus } : {}),
  };
}

/**
 * Returns a ky instance governed by ASCEND: the instance in `options.ky` (default: `ky`),
 * extended with the governance hooks, whose calls settle after their outcome is reported.
 * `extend` and `create` on it return governed instances too.
 *
 * Defaults: action type `http.<method>` (`http.post`), resource the URL's host
 * (`api.stripe.com`), resource id the URL's path (`/v1/refunds`), parameters `{ method, url }`
 * with the URL's origin and path only (no query, headers or body unless opted in, see
 * {@link ParameterOptions}).
 *
 * The call rejects, and the request is not sent, with:
 * core's `ActionDeniedError` (denied, or rejected by a human), {@link ApprovalPendingError}
 * (pending, not waiting), and whatever `evaluateAction` throws: `KillSwitchError`,
 * `GovernanceUnavailableError` (fail mode closed), `ApprovalTimeoutError`, `AbortedError`,
 * `ValidationError`, `ProtocolError`, `AuthenticationError`…
 *
 * @param client - An ASCEND client (its fail mode applies).
 * @param options - Action mapping and approval waiting; see {@link GovernedKyOptions}.
 * @example
 * ```ts
 * const stripe = governedKy(client, { ky: ky.create({ prefixUrl: 'https://api.stripe.com/v1' }) })
 * await stripe.post('refunds', { json: { charge: 'ch_1', amount: 500 } }).json()
 * ```
 */
export function governedKy(client: GovernanceClient, options: GovernedKyOptions = {}): KyInstance {
  const { ky: base = defaultKy, waitForApproval = false, ...mapping } = options;
  const evaluateOptions = (signal: AbortSignal): EvaluateOptions => {
    if (waitForApproval === false) return { signal };
    const wait = waitForApproval === true ? {} : waitForApproval;
    return {
      signal,
      waitForApproval: true,
      ...(wait.timeoutMs !== undefined ? { approvalTimeoutMs: wait.timeoutMs } : {}),
      ...(wait.pollIntervalMs !== undefined ? { pollIntervalMs: wait.pollIntervalMs } : {}),
    };
  };

  async function decide(request: Request, state: CallState): Promise<void> {
    let decision: AuthorizationDecision;
    try {
      decision = await client.evaluateAction(await actionFor(request, mapping), evaluateOptions(request.signal));
    } catch (error) {
      if (typeof error === 'object' && error !== null) blocks.add(error);
      throw error;
    }
    let block: Error;
    switch (decision.decision) {
      case 'allowed':
        state.actionId = decision.actionId;
        state.startedAt = Date.now();
        return;
      case 'denied':
        block = new ActionDeniedError(decision.actionId, {
          reason: decision.reason,
          policyViolations: decision.policyViolations,
          riskScore: decision.riskScore,
        });
        break;
      case 'pending':
        block = new ApprovalPendingError(toPendingHandle(decision), {
          reason: decision.reason,
          policyViolations: decision.policyViolations,
          riskScore: decision.riskScore,
          what: 'the request was not sent',
        });
        break;
      default:
        block = new ProtocolError('The decision is neither allowed, denied nor pending');
    }
    blocks.add(block);
    throw block;
  }

  const hooks = {
    beforeRequest: [
      async (...args: unknown[]): Promise<void> => {
        const { request, options: kyOptions } = hookArgs(args);
        const state = stateOf(kyOptions);
        // ky 1 runs beforeRequest on every attempt; the first one decides for all of them.
        state.evaluation ??= decide(request, state);
        await state.evaluation;
      },
    ],
    afterResponse: [
      async (...args: unknown[]): Promise<void> => {
        const { options: kyOptions, response } = hookArgs(args);
        const state = stateOf(kyOptions);
        if (!response) return;
        state.lastStatus = response.status;
        if (!response.ok || state.reported || state.actionId === undefined) return;
        state.reported = true;
        await reportCompleted(state, response.status);
      },
    ],
  };

  async function reportCompleted(state: CallState, status: number | undefined): Promise<void> {
    const actionId = state.actionId!;
    await safely(() => client.logActionCompleted(actionId, { result: status === undefined ? {} : { status }, durationMs: Date.now() - state.startedAt }));
  }

  async function reportFailed(state: CallState, error: unknown): Promise<void> {
    const actionId = state.actionId!;
    await safely(() => client.logActionFailed(actionId, { error: failureOf(error, state.lastStatus), durationMs: Date.now() - state.startedAt }));
  }

  /** The report once the call has settled; never rejects. */
  function settle(call: Promise<Response | undefined>, state: CallState): Promise<void> {
    return call.then(
      async (response) => {
        if (state.reported || state.actionId === undefined) return;
        state.reported = true;
        // A call resolved without a response was stopped by a hook (`ky.stop`) after an attempt failed.
        if (response === undefined) await reportFailed(state, STOPPED);
        else await reportCompleted(state, response.status);
      },
      async (error: unknown) => {
        if (state.reported || state.actionId === undefined) return;
        state.reported = true;
        await reportFailed(state, error);
      },
    );
  }

  const retry = {
    // ky 1 retries an error thrown by a beforeRequest hook like a network error; a governance
    // block is final (ky 2 never retries it). Anything else falls through to ky's own rules.
    shouldRetry: ({ error }: { error: unknown }): boolean | undefined => (typeof error === 'object' && error !== null && blocks.has(error) ? false : undefined),
  };

  function wrap(inner: KyInstance): KyInstance {
    type Call = (input: unknown, options?: KyOptions) => Promise<Response | undefined> & Record<string, unknown>;
    const governedCall =
      (send: Call) =>
      (input: unknown, callOptions?: KyOptions): unknown => {
        const state = newState();
        const context = { ...(callOptions?.context ?? {}), [STATE]: state };
        const sent = send(input, { ...callOptions, context });
        const reported = settle(sent, state);
        const after = <T>(p: Promise<T>): Promise<T> =>
          p.then(
            (value) => reported.then(() => value),
            (error: unknown) => reported.then(() => Promise.reject(error as Error)),
          );
        const result = after(sent) as Promise<unknown> & Record<string, unknown>;
        // Body shortcuts (`.json()`, `.text()`, …) keep ky's behaviour and settle after the report.
        for (const key of Object.keys(sent)) {
          const method = sent[key];
          if (typeof method === 'function') result[key] = (...a: unknown[]) => after((method as (...x: unknown[]) => Promise<unknown>).apply(sent, a));
        }
        // A caller using only a body shortcut never awaits the call itself.
        result.catch(() => undefined);
        return result;
      };
    const instance = governedCall(inner as unknown as Call) as unknown as Record<string, unknown>;
    for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head'] as const) {
      const send = (inner as unknown as Record<string, Call>)[method];
      if (typeof send === 'function') instance[method] = governedCall(send.bind(inner));
    }
    instance['extend'] = (more: unknown) => wrap((inner.extend as (o: unknown) => KyInstance)(more));
    instance['create'] = (fresh: unknown) => governedKy(client, { ...options, ky: (inner.create as (o: unknown) => KyInstance)(fresh) });
    for (const key of Object.keys(inner)) if (!(key in instance)) instance[key] = (inner as unknown as Record<string, unknown>)[key];
    return instance as unknown as KyInstance;
  }

  return wrap(base.extend({ hooks, retry }));
}
