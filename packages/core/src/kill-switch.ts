/**
 * Kill-switch state and polling. Starting is idempotent and never blocks the caller; stopping
 * cancels the timer and ignores a poll still in flight; repeated poll failures make the state
 * stale, and the `onStale` option decides whether stale means keep or block.
 */
import { KillSwitchError } from './errors.js';
import type { KillSwitchStatus } from './wire.js';
import type { Clock, TimerHandle, Timers } from './ports.js';

/** A snapshot of the local kill-switch state. */
export interface KillSwitchState {
  /** Last known activity from the service. */
  active: boolean;
  /** Last known reason. */
  reason: string | undefined;
  /** Epoch ms of the last successful poll, if any. */
  lastUpdatedAt: number | undefined;
  /** True when polls have been failing for longer than `staleAfterMs`. */
  stale: boolean;
  /** True while the poller runs. */
  polling: boolean;
}

/** What the monitor needs. */
export interface KillSwitchMonitorDeps {
  clock: Clock;
  timers: Timers;
  intervalMs: number;
  staleAfterMs: number;
  onStale: 'keep' | 'block';
  /** One poll: resolves to the service's status. */
  poll: () => Promise<KillSwitchStatus>;
  /** Called when activity or staleness changes. */
  onChange: (state: KillSwitchState) => void;
  /** Called with each poll failure (already masked by the caller's logger). */
  onPollError: (error: unknown) => void;
}

/** @internal */
export class KillSwitchMonitor {
  private active = false;
  private reason: string | undefined;
  private lastUpdatedAt: number | undefined;
  private startedAt: number | undefined;
  private timer: TimerHandle | undefined;
  private generation = 0;
  private wasStale = false;

  constructor(private readonly deps: KillSwitchMonitorDeps) {}

  /** The current snapshot. */
  get state(): KillSwitchState {
    return {
      active: this.active,
      reason: this.reason,
      lastUpdatedAt: this.lastUpdatedAt,
      stale: this.isStale(),
      polling: this.timer !== undefined,
    };
  }

  /** Starts polling; the first poll runs on the next tick, never in the caller's stack. Idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.startedAt = this.deps.clock.now();
    this.generation++;
    this.schedule(0, this.generation);
  }

  /**
   * Stops polling and forgets the polled state: without polling the client no longer knows the
   * switch, so a block it saw earlier does not stay set forever. A poll already in flight is
   * ignored when it lands. Idempotent.
   */
  stop(): void {
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.generation++;
    const wasActive = this.active;
    this.active = false;
    this.reason = undefined;
    this.lastUpdatedAt = undefined;
    this.startedAt = undefined;
    this.wasStale = false;
    if (wasActive) this.deps.onChange(this.state);
  }

  /** Applies a status learnt elsewhere (a direct status call, or a BLOCK/UNBLOCK command). */
  apply(status: Pick<KillSwitchStatus, 'active' | 'reason'>): void {
    const changed = status.active !== this.active || status.reason !== this.reason || this.wasStale;
    this.active = status.active;
    this.reason = status.reason;
    this.lastUpdatedAt = this.deps.clock.now();
    this.wasStale = false;
    if (changed) this.deps.onChange(this.state);
  }

  /**
   * Throws when actions must be blocked: the switch is active, or the state is stale and
   * `onStale` is `block`. Called before any network I/O of a governed action.
   */
  assertOpen(): void {
    if (this.active) throw new KillSwitchError(this.reason);
    if (this.deps.onStale === 'block' && this.isStale()) throw new KillSwitchError(this.reason, { stale: true });
  }

  /** Runs one poll now (used by the timer and by tests). */
  async pollOnce(generation = this.generation): Promise<void> {
    try {
      const status = await this.deps.poll();
      if (generation !== this.generation) return;
      this.apply(status);
    } catch (error) {
      if (generation !== this.generation) return;
      this.deps.onPollError(error);
      const stale = this.isStale();
      if (stale && !this.wasStale) {
        this.wasStale = true;
        this.deps.onChange(this.state);
      }
    }
  }

  private isStale(): boolean {
    if (this.timer === undefined || this.startedAt === undefined) return false;
    const since = this.lastUpdatedAt ?? this.startedAt!;
    return this.deps.clock.now() - since > this.deps.staleAfterMs;
  }

  private schedule(delay: number, generation: number): void {
    this.timer = this.deps.timers.setTimeout(() => {
      void this.pollOnce(generation).finally(() => {
        if (generation === this.generation) this.schedule(this.deps.intervalMs, generation);
      });
    }, delay);
  }
}
