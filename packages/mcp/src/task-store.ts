/**
 * `GovernedTaskStore`: the MCP task store of a server whose governed tools run as MCP tasks
 * (protocol revision 2025-11-25, `server.experimental.tasks` in the MCP TypeScript SDK 1.x).
 *
 * It wraps any `TaskStore` (the SDK's `InMemoryTaskStore`, or your database-backed one) and adds
 * the one thing the SDK does not offer: telling the running work that its task was cancelled.
 * The SDK answers `tasks/cancel` by setting the task's status to `cancelled` in the store and
 * nothing else; through this wrapper, that status change also aborts the governed call's wait
 * for a human at once, so the tool never runs.
 *
 * The SDK is only a type dependency here: nothing is imported from it at runtime.
 */
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';

/** How the SDK's automatic polling (for calls without a `task` field) checks a governed task, in ms. */
const IN_PROCESS_POLL_MS = 200;

/** @internal What a governed task handler learns about a task it just created. */
export interface LiveTask {
  /** Aborted when the task is cancelled (`tasks/cancel`) or the store is closed. */
  readonly signal: AbortSignal;
  /**
   * True when the client asked for a task (`params.task` on `tools/call`); false when the SDK
   * made the task itself for a plain call to a task-capable tool and polls it in process.
   */
  readonly augmented: boolean;
}

const TASK_CANCELLED = 'tasks/cancel';
const STORE_CLOSED = 'task store closed';

/**
 * A `TaskStore` for servers with governed task tools: pass the same instance to the
 * `McpServer` (its `taskStore` option) and to `governedServer` (its `taskStore` default).
 *
 * Every call is delegated to the wrapped store. In addition, a task created by a governed tool
 * gets a cancellation signal: when the task's status becomes `cancelled` (`tasks/cancel`), the
 * governed call stops waiting for a human at once and its tool never runs.
 *
 * @example
 * ```ts
 * import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks'
 * const taskStore = new GovernedTaskStore(new InMemoryTaskStore())
 * const server = new McpServer({ name: 'ops', version: '1.0.0' },
 *   { taskStore, capabilities: { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } })
 * const tools = governedServer(server, client, { serverName: 'ops', taskStore })
 * ```
 */
export class GovernedTaskStore implements TaskStore {
  readonly #inner: TaskStore;
  readonly #live = new Map<string, { controller: AbortController; augmented: boolean }>();
  #closed = false;

  /**
   * @param inner - The store that keeps the tasks, e.g. the SDK's `InMemoryTaskStore`.
   * @throws TypeError when `inner` lacks a `TaskStore` method.
   */
  constructor(inner: TaskStore) {
    for (const method of ['createTask', 'getTask', 'storeTaskResult', 'getTaskResult', 'updateTaskStatus', 'listTasks'] as const) {
      if (typeof (inner as unknown as Record<string, unknown> | undefined)?.[method] !== 'function') {
        throw new TypeError(`GovernedTaskStore: the wrapped store must have a ${method}() method`);
      }
    }
    this.#inner = inner;
  }

  /** Creates the task in the wrapped store and gives it a cancellation signal. */
  async createTask(taskParams: CreateTaskOptions, requestId: RequestId, request: Request, sessionId?: string): Promise<Task> {
    if (this.#closed) throw new Error('GovernedTaskStore is closed');
    const params = isRecord(request) && isRecord(request.params) ? request.params : {};
    const augmented = params['task'] !== undefined && params['task'] !== null;
    // A plain call to a task-capable tool is polled in process by the SDK at this interval.
    const effective = augmented ? taskParams : { ...taskParams, pollInterval: Math.min(taskParams.pollInterval ?? IN_PROCESS_POLL_MS, IN_PROCESS_POLL_MS) };
    const task = await this.#inner.createTask(effective, requestId, request, sessionId);
    this.#live.set(task.taskId, { controller: new AbortController(), augmented });
    return task;
  }

  /** Delegated. */
  getTask(taskId: string, sessionId?: string): Promise<Task | null> {
    return this.#inner.getTask(taskId, sessionId);
  }

  /** Delegated; the task's cancellation signal is released once its result is stored. */
  async storeTaskResult(taskId: string, status: 'completed' | 'failed', result: Result, sessionId?: string): Promise<void> {
    await this.#inner.storeTaskResult(taskId, status, result, sessionId);
    this.#live.delete(taskId);
  }

  /** Delegated. */
  getTaskResult(taskId: string, sessionId?: string): Promise<Result> {
    return this.#inner.getTaskResult(taskId, sessionId);
  }

  /**
   * Delegated. When the new status is `cancelled` (what the SDK does for `tasks/cancel`), the
   * governed call behind the task is aborted at once.
   */
  async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string, sessionId?: string): Promise<void> {
    await this.#inner.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === 'cancelled') this.#abort(taskId, TASK_CANCELLED);
    else if (status === 'completed' || status === 'failed') this.#live.delete(taskId);
  }

  /** Delegated. */
  listTasks(cursor?: string, sessionId?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
    return this.#inner.listTasks(cursor, sessionId);
  }

  /** Number of governed tasks still running (waiting for a decision or running their tool). */
  get running(): number {
    return this.#live.size;
  }

  /**
   * Shuts the store down: every governed task still running is marked `cancelled` and its wait
   * stops (its tool never runs), new tasks are refused, and the wrapped store's `cleanup()` runs
   * when it has one (the SDK's `InMemoryTaskStore` keeps ttl timers that would otherwise hold a
   * process open). Call it when the server closes. Never throws.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const taskId of [...this.#live.keys()]) {
      try {
        await this.#inner.updateTaskStatus(taskId, 'cancelled', 'The MCP server shut down before the task finished.');
      } catch {
        // Already terminal or gone: nothing to mark.
      }
      this.#abort(taskId, STORE_CLOSED);
    }
    try {
      (this.#inner as { cleanup?: () => void }).cleanup?.();
    } catch {
      // A broken cleanup must not break shutdown.
    }
  }

  /** @internal The cancellation signal of a task this store created, once. */
  attach(taskId: string): LiveTask | undefined {
    const entry = this.#live.get(taskId);
    return entry ? { signal: entry.controller.signal, augmented: entry.augmented } : undefined;
  }

  /** @internal Forget a task whose result could not be stored (e.g. cancelled meanwhile). */
  release(taskId: string): void {
    this.#live.delete(taskId);
  }

  #abort(taskId: string, reason: string): void {
    const entry = this.#live.get(taskId);
    if (!entry) return;
    this.#live.delete(taskId);
    entry.controller.abort(reason);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
