/**
 * ASCEND's pending decisions mapped onto the AI SDK's own tool-approval flow (AI SDK 7:
 * `toolApproval` on `generateText` / `streamText` / `ToolLoopAgent`, `tool-approval-request`
 * parts, and the `tool-approval-response` the UI sends back).
 *
 * 1. The model calls a governed tool. The SDK asks `toolApproval`; this asks ASCEND without
 *    waiting. Allowed: the tool runs in the same step. Blocked: an automatic denial whose reason
 *    is the block's message. Pending: the pending handle is stored (keyed by tool call id) and the
 *    SDK emits a `tool-approval-request` whose reason names the ASCEND action, so a UI can show it.
 * 2. The user answers with a `tool-approval-response`, and the app calls the SDK again with the
 *    messages. Approved: the governed `execute` resumes the ASCEND action and waits for the
 *    human reviewer's decision in ASCEND; only ASCEND's allowed runs the tool. Denied: the call
 *    is withdrawn in ASCEND (failure report `CANCELLED_BY_CLIENT`) and never runs.
 */
import { AscendError, ConfigurationError, type JsonObject, type Logger, type LogLevel, type PendingDecision, type PendingDecisionHandle } from '@ascend/core';
import {
  cancelledBlock,
  errorBlock,
  GovernanceLog,
  stderrJsonLogger,
  toAscendError,
  type AllowedVerdict,
  type CallSite,
  type GovernanceBlock,
  type GovernedCall,
  type MaybePromise,
  type ToolGovernor,
} from '@ascend/governance';
import type { ModelMessage, ToolApprovalStatus } from 'ai';
import { asPendingApprovalRecord, createMemoryApprovalStore, type PendingApprovalRecord, type PendingApprovalStore } from './store.js';

/** What the AI SDK passes to a generic `toolApproval` function, as far as ASCEND reads it. */
export interface ToolApprovalCheck {
  /** The tool call to approve. */
  toolCall: {
    /** The tool's name in the tool set. */
    toolName: string;
    /** The SDK's id of this call. */
    toolCallId: string;
    /** The validated input. */
    input: unknown;
  };
  /** The tools of the call, when the SDK passes them. */
  tools?: unknown;
  /** Per-tool context (`toolsContext`). */
  toolsContext?: unknown;
  /** The call's runtime context. */
  runtimeContext?: unknown;
  /** The messages sent to the model for the step that produced the tool call (the history included). */
  messages: readonly ModelMessage[];
}

/** A pending call the user denied in the UI, withdrawn in ASCEND. */
export interface WithdrawnApproval {
  /** The tool call id. */
  toolCallId: string;
  /** The tool's name. */
  toolName: string;
  /** The ASCEND action reported as cancelled. */
  actionId: string;
}

/** What {@link AscendApprovals.messageMetadata} adds to a UI message: the pending handles by tool call id. */
export interface AscendMessageMetadata {
  /** ASCEND's part of the message metadata. */
  ascend: {
    /** Tool call id → the ASCEND pending handle (`{ actionId, approvalRequestId, expiresAt }`). */
    pendingApprovals: Record<string, PendingDecisionHandle>;
  };
}

/** Options of {@link createAscendApprovals}. */
export interface AscendApprovalsOptions {
  /**
   * Where pending handles wait for the user's answer. Use a persistent store when the request
   * that resumes may reach another process (a restart, serverless). @defaultValue an in-memory store ({@link createMemoryApprovalStore})
   */
  store?: PendingApprovalStore;
  /**
   * Approval for tools this coordinator does not govern (the generic `toolApproval` function
   * replaces the SDK's per-tool map, so give the rest of your policy here).
   * @defaultValue every other tool is `not-applicable`
   */
  fallback?: (check: ToolApprovalCheck) => MaybePromise<ToolApprovalStatus>;
  /** Logger for coordinator events (masked). @defaultValue a JSON-lines logger on stderr */
  logger?: Logger;
  /** Minimum level logged. @defaultValue 'warn' */
  logLevel?: LogLevel;
}

/**
 * Connects governed tools to the AI SDK's tool-approval flow. Pass it as `approvals` to
 * `governTool` / `governTools`, and its `toolApproval` to `generateText`, `streamText` or a
 * `ToolLoopAgent`. Every method may be passed unbound.
 */
export interface AscendApprovals {
  /**
   * The generic `toolApproval` function: asks ASCEND (without waiting) about each new call of a
   * governed tool; a pending decision becomes a `tool-approval-request`.
   */
  readonly toolApproval: (check: ToolApprovalCheck) => Promise<ToolApprovalStatus>;
  /**
   * Withdraws, in ASCEND, every pending call the user denied in `messages` (the last tool
   * message's `tool-approval-response` parts with `approved: false`): each is reported as failed
   * with `CANCELLED_BY_CLIENT`. Governed tools do it themselves whenever the SDK consults them;
   * call it before resuming when the answer may hold denials only. Never throws.
   */
  readonly settle: (messages: readonly ModelMessage[]) => Promise<WithdrawnApproval[]>;
  /** The stored pending handle of a tool call, if it is still waiting for the user's answer. */
  readonly pendingHandle: (toolCallId: string) => Promise<PendingDecisionHandle | undefined>;
  /**
   * For `toUIMessageStream({ messageMetadata })` (or `toUIMessageStreamResponse`): puts the ASCEND
   * pending handle of each approval request into the UI message's metadata, so it stays with the
   * message. Returns `undefined` for every other part.
   */
  readonly messageMetadata: (options: { part: { type: string } }) => AscendMessageMetadata | undefined;
}

/** @internal What a governed tool registers with its coordinator. */
export interface GovernedEntry {
  readonly toolName: string;
  readonly governor: ToolGovernor<unknown, unknown>;
  /** The call site for a tool call (ids, session, context). */
  site(toolCallId: string, call: { context: unknown; messages: readonly ModelMessage[]; signal?: AbortSignal | undefined }): CallSite;
}

/** @internal The coordinator's side the governed tools use. */
export interface ApprovalsInternals {
  register(tool: object, entry: GovernedEntry): void;
  /** The allowed verdict `toolApproval` found for this call in this process, taken once. */
  takeAllowed(toolCallId: string, entry: GovernedEntry): AllowedVerdict | undefined;
  /** Reads and removes the stored pending record of a resumed call; `undefined` when there is none. */
  takeRecord(toolCallId: string): Promise<PendingApprovalRecord | undefined>;
  settle(messages: readonly ModelMessage[]): Promise<WithdrawnApproval[]>;
}

const internals = new WeakMap<AscendApprovals, ApprovalsInternals>();

/** @internal */
export function approvalsInternals(approvals: AscendApprovals): ApprovalsInternals {
  const found = internals.get(approvals);
  if (!found) throw new ConfigurationError('approvals', 'must be created by createAscendApprovals()');
  return found;
}

const HANDOFF_LIMIT = 1_000;

/**
 * Creates the coordinator between governed tools and the AI SDK's tool-approval flow.
 *
 * @example
 * ```ts
 * const approvals = createAscendApprovals()
 * const tools = governTools(client, { refund }, { approvals })
 * const result = await generateText({ model, tools, toolApproval: approvals.toolApproval, messages })
 * // result.content holds a tool-approval-request when ASCEND wants a human; answer it with a
 * // tool-approval-response and call generateText again: the tool runs only if ASCEND allows it.
 * ```
 */
export function createAscendApprovals(options: AscendApprovalsOptions = {}): AscendApprovals {
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!['store', 'fallback', 'logger', 'logLevel'].includes(key))
      throw new ConfigurationError(key, 'unknown option; allowed: store, fallback, logger, logLevel');
  }
  const store = options.store ?? createMemoryApprovalStore();
  for (const method of ['get', 'set', 'delete'] as const) {
    if (typeof store?.[method] !== 'function') throw new ConfigurationError('store', `must have a ${method}() method`);
  }
  if (store.take !== undefined && typeof store.take !== 'function') throw new ConfigurationError('store', 'take must be a function when given');
  if (options.fallback !== undefined && typeof options.fallback !== 'function') throw new ConfigurationError('fallback', 'must be a function');
  if (options.logLevel !== undefined && !['debug', 'info', 'warn', 'error'].includes(options.logLevel)) {
    throw new ConfigurationError('logLevel', 'must be debug, info, warn or error');
  }
  if (options.logger !== undefined && typeof options.logger?.log !== 'function') throw new ConfigurationError('logger', 'must have a log() method');
  if (typeof globalThis.crypto?.subtle?.digest !== 'function') throw new ConfigurationError('crypto', 'WebCrypto (crypto.subtle) is required');
  const log = new GovernanceLog(options.logger ?? stderrJsonLogger, options.logLevel ?? 'warn', 'ai-sdk');
  const fallback = options.fallback;

  const byTool = new WeakMap<object, GovernedEntry>();
  const byName = new Map<string, GovernedEntry>();
  const allowed = new Map<string, { entry: GovernedEntry; verdict: AllowedVerdict }>();
  const recent = new Map<string, PendingDecisionHandle>();
  // Tool call ids whose record this process is taking right now: one taker each.
  const claimed = new Set<string>();

  /** Reads and removes the record of a tool call, once across concurrent callers in this process. */
  async function take(toolCallId: string): Promise<{ raw: unknown } | undefined> {
    if (claimed.has(toolCallId)) return undefined;
    claimed.add(toolCallId);
    try {
      recent.delete(toolCallId);
      if (store.take) {
        const raw = await store.take(toolCallId);
        return raw === undefined ? undefined : { raw };
      }
      const raw = await store.get(toolCallId);
      if (raw === undefined) return undefined;
      await store.delete(toolCallId);
      return { raw };
    } finally {
      claimed.delete(toolCallId);
    }
  }

  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    map.delete(key);
    map.set(key, value);
    while (map.size > HANDOFF_LIMIT) {
      const oldest = map.keys().next();
      if (oldest.done === true) break;
      map.delete(oldest.value);
    }
  };

  const entryFor = (check: ToolApprovalCheck): GovernedEntry | undefined => {
    const tools = check.tools;
    if (typeof tools === 'object' && tools !== null && Object.prototype.hasOwnProperty.call(tools, check.toolCall.toolName)) {
      const tool = (tools as Record<string, unknown>)[check.toolCall.toolName];
      return typeof tool === 'object' && tool !== null ? byTool.get(tool) : undefined;
    }
    return byName.get(check.toolCall.toolName);
  };

  async function settle(messages: readonly ModelMessage[]): Promise<WithdrawnApproval[]> {
    const withdrawn: WithdrawnApproval[] = [];
    let denied: Array<{ toolCallId: string; reason: string | undefined }>;
    try {
      denied = deniedApprovals(messages);
    } catch (error) {
      log.write('warn', 'could not read the approval responses; nothing withdrawn', { error });
      return withdrawn;
    }
    for (const { toolCallId } of denied) {
      try {
        const taken = await take(toolCallId);
        if (!taken) continue;
        const record = asPendingApprovalRecord(taken.raw, toolCallId);
        if (!record) {
          log.write('warn', 'unreadable pending approval record; dropped', { toolCallId });
          continue;
        }
        const entry = byName.get(record.toolName);
        const block: GovernanceBlock = { ...cancelledBlock(undefined, undefined, 'approval_denied'), actionId: record.handle.actionId };
        if (entry) await entry.governor.block(block, record.call);
        else
          log.write('warn', 'no governed tool of that name here; the denial is not reported to ASCEND', {
            tool: record.toolName,
            actionId: record.handle.actionId,
          });
        withdrawn.push({ toolCallId, toolName: record.toolName, actionId: record.handle.actionId });
      } catch (error) {
        log.write('warn', 'withdrawing a denied approval failed; ignored', { toolCallId, error });
      }
    }
    return withdrawn;
  }

  async function toolApproval(check: ToolApprovalCheck): Promise<ToolApprovalStatus> {
    const entry = entryFor(check);
    if (!entry) return fallback ? fallback(check) : undefined;
    const { toolCallId, input } = check.toolCall;
    await settle(check.messages);
    // The SDK consults the approval policy again when it resumes an approved call: ASCEND is
    // asked in `execute`, so this must neither submit again nor deny.
    if (approvalRequested(check.messages, toolCallId)) return { type: 'user-approval' };
    // Shadow mode never pauses for a human: the call goes on, and `execute` runs it through the
    // pipeline (evaluated without waiting; a call governance would block runs marked as shadowed).
    if (entry.governor.policy.enforcement === 'shadow') return 'not-applicable';
    const context = contextOf(check.toolsContext, check.toolCall.toolName);
    const site = entry.site(toolCallId, { context, messages: check.messages });
    const verdict = await entry.governor.decide(input, site, { wait: false });
    switch (verdict.kind) {
      case 'allowed':
        remember(allowed, toolCallId, { entry, verdict });
        return 'not-applicable';
      case 'blocked':
        await entry.governor.block(verdict.block, verdict.call);
        return { type: 'denied', reason: verdict.block.message };
      case 'pending': {
        const handle = handleOf(verdict.decision);
        try {
          const record: PendingApprovalRecord = {
            version: 1,
            toolCallId,
            toolName: entry.toolName,
            handle,
            call: jsonSafeCall(verdict.call),
            inputDigest: await inputDigest(input),
            createdAt: new Date().toISOString(),
          };
          await store.set(toolCallId, record);
        } catch (error) {
          // Without the stored handle the call could never resume: withdraw it now.
          const e = toAscendError(error, 'storing the pending approval');
          log.write('error', 'could not store the pending approval; the call is withdrawn', { tool: entry.toolName, actionId: handle.actionId, error: e });
          await entry.governor.block({ ...cancelledBlock(verdict.decision, e, 'request') }, verdict.call);
          return { type: 'denied', reason: 'The ASCEND approval request could not be kept, so this tool call was withdrawn and not run.' };
        }
        remember(recent, toolCallId, handle);
        return { type: 'user-approval', reason: pendingReason(verdict.decision) };
      }
    }
  }

  const approvals: AscendApprovals = Object.freeze({
    toolApproval,
    settle,
    pendingHandle: async (toolCallId: string) => {
      const record = asPendingApprovalRecord(await store.get(toolCallId), toolCallId);
      return record?.handle;
    },
    messageMetadata: ({ part }: { part: { type: string } }) => {
      if (part?.type !== 'tool-approval-request') return undefined;
      const id = (part as { toolCall?: { toolCallId?: unknown } }).toolCall?.toolCallId;
      const handle = typeof id === 'string' ? recent.get(id) : undefined;
      return handle && typeof id === 'string' ? { ascend: { pendingApprovals: { [id]: handle } } } : undefined;
    },
  });

  internals.set(approvals, {
    register(tool, entry) {
      byTool.set(tool, entry);
      byName.set(entry.toolName, entry);
    },
    takeAllowed(toolCallId, entry) {
      const found = allowed.get(toolCallId);
      if (!found || found.entry !== entry) return undefined;
      allowed.delete(toolCallId);
      return found.verdict;
    },
    async takeRecord(toolCallId) {
      const taken = await take(toolCallId);
      return taken ? asPendingApprovalRecord(taken.raw, toolCallId) : undefined;
    },
    settle,
  });
  return approvals;
}

/** The block for a resumed call whose pending record is missing, unreadable or for another call. */
export function unknownApprovalBlock(detail: string, actionId?: string): GovernanceBlock {
  return {
    ...errorBlock(new AscendError('PROTOCOL_ERROR', `approval resume: ${detail}`)),
    actionId,
    message: `This tool call was approved in the chat, but its ASCEND approval could not be resumed (${detail}), so it was not run.`,
  };
}

/** True when `messages` hold a `tool-approval-request` for this tool call: the call is being resumed. */
export function approvalRequested(messages: readonly ModelMessage[] | undefined, toolCallId: string): boolean {
  for (const message of asList(messages)) {
    if (message?.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part?.type === 'tool-approval-request' && part.toolCallId === toolCallId) return true;
    }
  }
  return false;
}

/** The denied answers of the last tool message, with the tool call each one answers. */
function deniedApprovals(input: readonly ModelMessage[]): Array<{ toolCallId: string; reason: string | undefined }> {
  const messages = asList(input);
  if (messages.length === 0) return [];
  const last = messages[messages.length - 1];
  if (last?.role !== 'tool' || !Array.isArray(last.content)) return [];
  const denied = last.content.filter((p) => p?.type === 'tool-approval-response' && p.approved === false);
  if (denied.length === 0) return [];
  const callOf = new Map<string, string>();
  for (const message of messages) {
    if (message?.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const part of message.content) {
      if (part?.type === 'tool-approval-request' && typeof part.approvalId === 'string') callOf.set(part.approvalId, part.toolCallId);
    }
  }
  const out: Array<{ toolCallId: string; reason: string | undefined }> = [];
  for (const part of denied) {
    if (part.type !== 'tool-approval-response') continue;
    const toolCallId = callOf.get(part.approvalId);
    if (typeof toolCallId === 'string') out.push({ toolCallId, reason: part.reason });
  }
  return out;
}

/** Messages from an untrusted caller: an array, or nothing. */
function asList(messages: unknown): readonly ModelMessage[] {
  return Array.isArray(messages) ? (messages as ModelMessage[]) : [];
}

function contextOf(toolsContext: unknown, toolName: string): unknown {
  if (typeof toolsContext !== 'object' || toolsContext === null || !Object.prototype.hasOwnProperty.call(toolsContext, toolName)) return undefined;
  return (toolsContext as Record<string, unknown>)[toolName];
}

function handleOf(decision: PendingDecision): PendingDecisionHandle {
  return {
    actionId: decision.actionId,
    ...(decision.approvalRequestId !== undefined ? { approvalRequestId: decision.approvalRequestId } : {}),
    ...(decision.expiresAt !== undefined ? { expiresAt: decision.expiresAt } : {}),
  } as PendingDecisionHandle;
}

/** The approval request's reason, shown to the approver: names the ASCEND action. */
function pendingReason(decision: PendingDecision): string {
  const why = decision.reason ? `: ${decision.reason.slice(0, 300).replace(/[.\s]+$/, '')}` : '';
  return `ASCEND holds this tool call for a human reviewer (action ${decision.actionId})${why}. Approving here resumes it; the tool runs only once ASCEND approves it.`;
}

/** The call, as plain JSON (a store may serialize it). */
function jsonSafeCall(call: GovernedCall): GovernedCall {
  return JSON.parse(JSON.stringify(call)) as GovernedCall;
}

/** SHA-256 (hex) of a value in canonical JSON (sorted keys). */
export async function inputDigest(value: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(value, 0));
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

function canonicalJson(value: unknown, depth: number): string {
  if (depth > 64) throw new RangeError('input nested too deeply');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  const entries = Object.keys(value as JsonObject)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
  return `{${entries.join(',')}}`;
}
