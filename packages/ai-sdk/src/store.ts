/**
 * Where pending ASCEND approvals wait between the request that asked for a human and the request
 * that resumes with the user's answer: the trusted, server-side copy of the pending handle.
 */
import { isPendingDecisionHandle, type JsonObject, type PendingDecisionHandle } from '@ascend/core';
import type { GovernedCall, MaybePromise } from '@ascend/governance';

/**
 * One tool call held for a human in ASCEND, as stored between requests. Plain JSON: a store may
 * serialize it. It holds the redacted call (never the raw arguments) and a digest of the input.
 */
export interface PendingApprovalRecord {
  /** Record format. */
  version: 1;
  /** The AI SDK tool call id (the store's key). */
  toolCallId: string;
  /** The tool's name, as in the tool set. */
  toolName: string;
  /** The ASCEND pending handle: `{ actionId, approvalRequestId, expiresAt }`. */
  handle: PendingDecisionHandle;
  /** The call as ASCEND saw it (redacted parameters), reported against on resume. */
  call: GovernedCall;
  /** SHA-256 (hex) of the tool input in canonical JSON: the resumed call must have the same input. */
  inputDigest: string;
  /** When ASCEND was asked (ISO 8601). */
  createdAt: string;
}

/**
 * A key-value store for {@link PendingApprovalRecord}s, keyed by tool call id. The default keeps
 * them in memory (lost on restart); give a persistent one (a database table, Redis, a file) when
 * the request that resumes may reach another process. Methods may be sync or async.
 */
export interface PendingApprovalStore {
  /** The record for a tool call, or `undefined`. */
  get(toolCallId: string): MaybePromise<PendingApprovalRecord | JsonObject | undefined>;
  /** Saves a record. */
  set(toolCallId: string, record: PendingApprovalRecord): MaybePromise<void>;
  /** Removes a record (a resumed or withdrawn call). */
  delete(toolCallId: string): MaybePromise<void>;
  /**
   * Reads and removes a record in one atomic step, when the store can (a `DELETE … RETURNING`,
   * Redis `GETDEL`). Shared by several processes, a store without it lets two requests that
   * replay the same answer at the same moment both read the record; within one process the
   * coordinator serializes them itself.
   */
  take?(toolCallId: string): MaybePromise<PendingApprovalRecord | JsonObject | undefined>;
}

/**
 * An in-memory {@link PendingApprovalStore} holding at most `maxEntries` records (the oldest go
 * first). Good for one long-lived server process and for tests.
 *
 * @param maxEntries - The bound. @defaultValue 10000
 */
export function createMemoryApprovalStore(maxEntries = 10_000): PendingApprovalStore {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  const records = new Map<string, PendingApprovalRecord>();
  return {
    get: (id) => records.get(id),
    set: (id, record) => {
      records.delete(id);
      records.set(id, record);
      while (records.size > maxEntries) {
        const oldest = records.keys().next();
        if (oldest.done === true) break;
        records.delete(oldest.value);
      }
    },
    delete: (id) => void records.delete(id),
    take: (id) => {
      const record = records.get(id);
      records.delete(id);
      return record;
    },
  };
}

/** A stored value read back as a record, or `undefined` when it is not one (a store holds untrusted bytes). */
export function asPendingApprovalRecord(value: unknown, toolCallId: string): PendingApprovalRecord | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  const call = r['call'];
  if (
    r['version'] !== 1 ||
    r['toolCallId'] !== toolCallId ||
    typeof r['toolName'] !== 'string' ||
    !isPendingDecisionHandle(r['handle']) ||
    typeof r['inputDigest'] !== 'string' ||
    typeof call !== 'object' ||
    call === null ||
    typeof (call as Record<string, unknown>)['toolName'] !== 'string'
  ) {
    return undefined;
  }
  return value as PendingApprovalRecord;
}
