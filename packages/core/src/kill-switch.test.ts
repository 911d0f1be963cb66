import { describe, expect, it, vi } from 'vitest';
import { isAscendError, NetworkError } from './errors.js';
import { KillSwitchMonitor, type KillSwitchMonitorDeps, type KillSwitchState } from './kill-switch.js';
import { FakeTime } from './test-support/fake-time.js';
import type { AgentCommand, KillSwitchStatus } from './wire.js';

const OFF: KillSwitchStatus = { active: false, reason: undefined, activatedAt: undefined, activatedBy: undefined };
const ON: KillSwitchStatus = { active: true, reason: 'INC-42', activatedAt: undefined, activatedBy: undefined };

function command(commandId: string, commandType: string, reason?: string): AgentCommand {
  return {
    commandId,
    commandType,
    targetType: 'agent',
    reason,
    parameters: {},
    status: 'pending',
    issuedBy: undefined,
    issuedVia: undefined,
    createdAt: undefined,
    expiresAt: undefined,
    isBroadcast: false,
  };
}

function setup(overrides: Partial<KillSwitchMonitorDeps> = {}) {
  const time = new FakeTime();
  const changes: KillSwitchState[] = [];
  const poll = vi.fn<() => Promise<KillSwitchStatus>>(async () => OFF);
  const monitor = new KillSwitchMonitor({
    clock: time,
    timers: time,
    intervalMs: 1000,
    staleAfterMs: 3000,
    onStale: 'keep',
    poll,
    onChange: (s) => changes.push(s),
    onPollError: () => {},
    ...overrides,
  });
  return { time, monitor, poll, changes };
}

describe('KillSwitchMonitor', () => {
  it('start() returns before the first poll, which runs from a timer; starting twice keeps one schedule', async () => {
    const { time, monitor, poll } = setup();
    monitor.start();
    monitor.start();
    expect(poll).not.toHaveBeenCalled();
    expect(time.size).toBe(1);
    await time.advance(0);
    expect(poll).toHaveBeenCalledTimes(1);
    await time.advance(1000);
    expect(poll).toHaveBeenCalledTimes(2);
    expect(time.size).toBe(1);
    expect(monitor.state.polling).toBe(true);
  });

  it('blocks while active and unblocks when the service says so', async () => {
    const { time, monitor, poll, changes } = setup();
    poll.mockResolvedValueOnce(ON);
    monitor.start();
    await time.advance(0);
    expect(() => monitor.assertOpen()).toThrow(/INC-42/);
    expect(monitor.state).toMatchObject({ active: true, reason: 'INC-42', source: 'status' });
    await time.advance(1000);
    expect(() => monitor.assertOpen()).not.toThrow();
    expect(changes.map((c) => c.active)).toEqual([true, false]);
  });

  it('stop() cancels the timer, forgets the state, and ignores a poll that lands afterwards', async () => {
    let release!: (s: KillSwitchStatus) => void;
    const { time, monitor, poll } = setup();
    poll.mockImplementationOnce(() => new Promise((r) => (release = r)));
    monitor.start();
    await time.advance(0);
    monitor.stop();
    release(ON);
    await time.advance(5000);
    expect(monitor.state).toMatchObject({ active: false, polling: false });
    expect(time.size).toBe(0);
    expect(poll).toHaveBeenCalledTimes(1);
  });

  it('marks the state stale when polls keep failing; onStale keep leaves actions running', async () => {
    const { time, monitor, poll, changes } = setup();
    poll.mockRejectedValue(new NetworkError());
    monitor.start();
    await time.advance(3000);
    expect(monitor.state.stale).toBe(false);
    await time.advance(1000);
    expect(monitor.state.stale).toBe(true);
    expect(changes.at(-1)).toMatchObject({ stale: true, active: false });
    expect(() => monitor.assertOpen()).not.toThrow();
  });

  it('onStale block blocks while stale, and a successful poll lifts it', async () => {
    const { time, monitor, poll } = setup({ onStale: 'block' });
    poll.mockRejectedValue(new NetworkError());
    monitor.start();
    await time.advance(4000);
    let error: unknown;
    try {
      monitor.assertOpen();
    } catch (e) {
      error = e;
    }
    expect(isAscendError(error, 'KILL_SWITCH_ACTIVE') && error.stale).toBe(true);
    poll.mockResolvedValue(OFF);
    await time.advance(1000);
    expect(() => monitor.assertOpen()).not.toThrow();
  });

  it('a BLOCK command blocks across polls until an UNBLOCK; each command is applied once and acked', async () => {
    const pollCommands = vi.fn<() => Promise<AgentCommand[]>>(async () => []);
    const ackCommand = vi.fn(async (_id: string) => {});
    const { time, monitor } = setup({ pollCommands, ackCommand });
    pollCommands.mockResolvedValueOnce([command('c-1', 'BLOCK', 'operator'), command('c-0', 'RESTART')]);
    monitor.start();
    await time.advance(0);
    expect(monitor.state).toMatchObject({ active: true, reason: 'operator', source: 'command' });
    expect(ackCommand.mock.calls).toEqual([['c-1']]);
    await time.advance(1000); // the acked BLOCK is no longer listed: still blocked
    expect(() => monitor.assertOpen()).toThrow(/operator/);
    pollCommands.mockResolvedValueOnce([command('c-1', 'BLOCK', 'operator'), command('c-2', 'UNBLOCK')]);
    await time.advance(1000);
    expect(monitor.state.active).toBe(false);
    expect(ackCommand.mock.calls).toEqual([['c-1'], ['c-2']]);
  });

  it('re-acks a command whose ack failed without applying it again', async () => {
    const pollCommands = vi.fn<() => Promise<AgentCommand[]>>(async () => []);
    const ackCommand = vi.fn(async (_id: string) => {});
    ackCommand.mockRejectedValueOnce(new NetworkError());
    const { time, monitor } = setup({ pollCommands, ackCommand });
    pollCommands.mockResolvedValueOnce([command('c-1', 'BLOCK')]);
    pollCommands.mockResolvedValueOnce([command('c-2', 'UNBLOCK')]);
    pollCommands.mockResolvedValueOnce([command('c-1', 'BLOCK')]); // still listed: not acked yet
    monitor.start();
    await time.advance(2000);
    expect(monitor.state.active).toBe(false);
    expect(ackCommand.mock.calls).toEqual([['c-1'], ['c-2'], ['c-1']]);
  });

  it('applies the status even when the commands poll fails', async () => {
    const { time, monitor, poll } = setup({ pollCommands: async () => Promise.reject(new NetworkError()), ackCommand: async () => {} });
    poll.mockResolvedValue(ON);
    monitor.start();
    await time.advance(0);
    expect(monitor.state).toMatchObject({ active: true, stale: false });
  });
});
