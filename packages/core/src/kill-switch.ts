/**
 * Kill-switch state and polling. Starting is idempotent and never blocks the caller (the first
 * poll runs on a timer, not in the caller's stack); stopping cancels the timer and ignores a
 * poll still in flight; repeated poll failures make the state stale, and the `onStale` option
 * decides whether stale means keep the last state or block.
 *
 * Two sources can block: the service's kill-switch status (§3.14) and, when enabled, BLOCK /
 * UNBLOCK commands pulled from the pending-commands endpoint (§3.15) and acknowledged (§3.16).
 * A command block persists across polls until an UNBLOCK command arrives, because an acked
 * command is no longer listed.
 */
import { KillSwitchError } from './errors.js';
import type { AgentCommand, KillSwitchStatus } from './wire.js';
import type { Clock, TimerHandle, Timers } from './ports.js';

/** A snapshot of the local kill-switch state. */
export interface KillSwitchState {
  /** True when actions are blocked: the service says so, or a BLOCK command is in force. */
  active: boolean;
  /** Why, when known. */
  reason: string | undefined;
  /** Which source blocks: the status endpoint, a command, or nothing. */
  source: 'status' | 'command' | undefined;
  /** Epoch ms of the last successful poll, if any. */
  lastUpdatedAt: number | undefined;
  /** True when polls have been failing for longer than `staleAfterMs`. */
  stale: boolean;
  /** True while the poller runs. */
  polling: boolean;
}

/** What the monitor needs. */
export interface KillSwitchMonitorDeps {
  /** Time source. */
  clock: Clock;
  /** Timers for the poll schedule. */
  timers: Timers;
  /** Interval between polls, in ms. */
  intervalMs: number;
  /** Time without a successful poll after which the state is stale, in ms. */
  staleAfterMs: number;
  /** What a stale state means. */
  onStale: 'keep' | 'block';
  /** One status poll: resolves to the service's status. */
  poll: () => Promise<KillSwitchStatus>;
  /** Pending-commands fallback: lists this agent's commands. Omit to disable. */
  pollCommands?: () => Promise<AgentCommand[]>;
  /** Acknowledges one command. */
  ackCommand?: (commandId: string) => Promise<void>;
  /** Called when activity or staleness changes. */
  onChange: (state: KillSwitchState) => void;
  /** Called with each poll failure. */
  onPollError: (error: unknown, what: 'status' | 'commands' | 'ack') => void;
}

const MAX_REMEMBERED_COMMANDS = 1000;

/**
 * The client's kill-switch monitor.
 * @internal
 */
export class KillSwitchMonitor {
  #serviceActive = false;
  #serviceReason: string | undefined;
  #commandBlock: { reason: string | undefined } | undefined;
  #lastUpdatedAt: number | undefined;
  #startedAt: number | undefined;
  #timer: TimerHandle = undefined;
  #generation = 0;
  #wasStale = false;
  readonly #applied = new Set<string>();
  readonly #acked = new Set<string>();
  readonly #deps: KillSwitchMonitorDeps;

  constructor(deps: KillSwitchMonitorDeps) {
    this.#deps = deps;
  }

  /** The current snapshot. */
  get state(): KillSwitchState {
    const source = this.#serviceActive ? 'status' : this.#commandBlock ? 'command' : undefined;
    return {
      active: source !== undefined,
      reason: source === 'status' ? this.#serviceReason : this.#commandBlock?.reason,
      source,
      lastUpdatedAt: this.#lastUpdatedAt,
      stale: this.#isStale(),
      polling: this.#timer !== undefined,
    };
  }

  /** Starts polling; the first poll runs from a zero-delay timer, never in the caller's stack. Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    this.#startedAt = this.#deps.clock.now();
    this.#generation++;
    this.#schedule(0, this.#generation);
  }

  /**
   * Stops polling and forgets the polled state: without polling the client no longer knows the
   * switch, so a block it saw earlier does not stay set forever. A poll already in flight is
   * ignored when it lands. Idempotent.
   */
  stop(): void {
    if (this.#timer !== undefined) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#generation++;
    const wasActive = this.state.active;
    this.#serviceActive = false;
    this.#serviceReason = undefined;
    this.#commandBlock = undefined;
    this.#lastUpdatedAt = undefined;
    this.#startedAt = undefined;
    this.#wasStale = false;
    if (wasActive) this.#deps.onChange(this.state);
  }

  /** Applies a status learnt from the service (a poll or a direct status call). */
  apply(status: Pick<KillSwitchStatus, 'active' | 'reason'>): void {
    this.#update(() => {
      this.#serviceActive = status.active;
      this.#serviceReason = status.active ? status.reason : undefined;
      this.#lastUpdatedAt = this.#deps.clock.now();
      this.#wasStale = false;
    });
  }

  /**
   * Applies one command: BLOCK blocks until an UNBLOCK; other command types are ignored.
   * @returns true when the command was a BLOCK or UNBLOCK.
   */
  applyCommand(command: Pick<AgentCommand, 'commandType' | 'reason'>): boolean {
    if (command.commandType === 'BLOCK') {
      this.#update(() => (this.#commandBlock = { reason: command.reason }));
      return true;
    }
    if (command.commandType === 'UNBLOCK') {
      this.#update(() => (this.#commandBlock = undefined));
      return true;
    }
    return false;
  }

  /**
   * Throws when actions must be blocked: the switch is active, or the state is stale and
   * `onStale` is `block`. Called before any network I/O of a governed action.
   * @throws {@link KillSwitchError}
   */
  assertOpen(): void {
    if (this.#serviceActive) throw new KillSwitchError(this.#serviceReason);
    if (this.#commandBlock) throw new KillSwitchError(this.#commandBlock.reason);
    if (this.#deps.onStale === 'block' && this.#isStale()) throw new KillSwitchError(undefined, { stale: true });
  }

  /** Runs one poll now (used by the timer and by tests). Never throws. */
  async pollOnce(generation = this.#generation): Promise<void> {
    try {
      const status = await this.#deps.poll();
      if (generation !== this.#generation) return;
      this.apply(status);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.#deps.onPollError(error, 'status');
      if (this.#isStale() && !this.#wasStale) {
        this.#wasStale = true;
        this.#deps.onChange(this.state);
      }
    }
    if (this.#deps.pollCommands) await this.#pollCommands(generation);
  }

  async #pollCommands(generation: number): Promise<void> {
    let commands: AgentCommand[];
    try {
      commands = await this.#deps.pollCommands!();
    } catch (error) {
      if (generation === this.#generation) this.#deps.onPollError(error, 'commands');
      return;
    }
    for (const command of commands) {
      if (generation !== this.#generation) return;
      // A command is applied once, in the order listed; an unacked one is re-acked, not re-applied.
      if (!this.#applied.has(command.commandId)) {
        if (command.targetType !== undefined && command.targetType !== 'agent') continue;
        if (!this.applyCommand(command)) continue;
        this.#remember(this.#applied, command.commandId);
      }
      if (this.#acked.has(command.commandId) || !this.#deps.ackCommand) continue;
      try {
        await this.#deps.ackCommand(command.commandId);
        this.#remember(this.#acked, command.commandId);
      } catch (error) {
        this.#deps.onPollError(error, 'ack');
      }
    }
  }

  #remember(set: Set<string>, id: string): void {
    set.add(id);
    if (set.size > MAX_REMEMBERED_COMMANDS) set.delete(set.values().next().value!);
  }

  #update(mutate: () => void): void {
    const before = this.state;
    mutate();
    const after = this.state;
    if (before.active !== after.active || before.reason !== after.reason || before.stale !== after.stale) this.#deps.onChange(after);
  }

  #isStale(): boolean {
    if (this.#timer === undefined || this.#startedAt === undefined) return false;
    const since = this.#lastUpdatedAt ?? this.#startedAt;
    return this.#deps.clock.now() - since > this.#deps.staleAfterMs;
  }

  #schedule(delay: number, generation: number): void {
    this.#timer = this.#deps.timers.setTimeout(
      () => {
        void this.pollOnce(generation).finally(() => {
          if (generation === this.#generation) this.#schedule(this.#deps.intervalMs, generation);
        });
      },
      delay,
      'background',
    );
  }
}
