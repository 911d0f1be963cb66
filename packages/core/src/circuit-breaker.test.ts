import { describe, expect, it } from 'vitest';
import { CircuitBreaker, type CircuitStateChange } from './circuit-breaker.js';
import { isAscendError } from './errors.js';
import { FakeTime } from './test-support/fake-time.js';

const config = { failureThreshold: 3, recoveryTimeMs: 10_000, halfOpenMaxProbes: 2, successThreshold: 2 };

function setup(overrides: Partial<typeof config> = {}) {
  const time = new FakeTime();
  const breaker = new CircuitBreaker({ ...config, ...overrides }, time);
  const changes: CircuitStateChange[] = [];
  breaker.onStateChange((c) => changes.push(c));
  return {
    time,
    breaker,
    changes,
    fail: (n = 1) => {
      for (let i = 0; i < n; i++) breaker.acquire().failure();
    },
  };
}

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('CircuitBreaker', () => {
  it('opens after failureThreshold consecutive failures; a success in between resets the count', () => {
    const { breaker, fail } = setup();
    fail(2);
    breaker.acquire().success();
    fail(2);
    expect(breaker.state).toEqual({ name: 'closed', consecutiveFailures: 2 });
    fail(1);
    expect(breaker.state.name).toBe('open');
  });

  it('fails fast while open, saying how long until the next probe', async () => {
    const { breaker, fail, time } = setup();
    fail(3);
    await time.advance(4000);
    const error = refusal(() => breaker.acquire());
    expect(isAscendError(error, 'CIRCUIT_OPEN')).toBe(true);
    expect(error).toMatchObject({ retryInMs: 6000, message: expect.stringContaining('6000 ms') });
    expect(() => breaker.check()).toThrow(/6000 ms/);
  });

  it('admits at most halfOpenMaxProbes concurrent probes, and closes after successThreshold successes', async () => {
    const { breaker, fail, time, changes } = setup();
    fail(3);
    await time.advance(10_000);
    expect(breaker.state.name).toBe('half-open');
    const a = breaker.acquire();
    const b = breaker.acquire();
    expect(
      isAscendError(
        refusal(() => breaker.acquire()),
        'CIRCUIT_OPEN',
      ),
    ).toBe(true);
    expect(() => breaker.check()).toThrow();
    a.success();
    expect(breaker.state).toEqual({ name: 'half-open', probesInFlight: 1, successes: 1 });
    const c = breaker.acquire(); // a slot freed up
    b.success();
    expect(breaker.state.name).toBe('closed');
    c.success(); // settles in a later state: ignored
    expect(breaker.state).toEqual({ name: 'closed', consecutiveFailures: 0 });
    expect(changes.map((x) => `${x.from}->${x.to}`)).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('reopens on a failed probe, for a full recovery time', async () => {
    const { breaker, fail, time } = setup();
    fail(3);
    await time.advance(10_000);
    breaker.acquire().failure();
    expect(breaker.state).toMatchObject({ name: 'open', reopensAt: time.now() + 10_000 });
  });

  it('frees a probe slot on release without counting it either way', async () => {
    const { breaker, fail, time } = setup({ halfOpenMaxProbes: 1 });
    fail(3);
    await time.advance(10_000);
    breaker.acquire().release();
    expect(breaker.state).toEqual({ name: 'half-open', probesInFlight: 0, successes: 0 });
    breaker.acquire().success();
    expect(breaker.state).toEqual({ name: 'half-open', probesInFlight: 0, successes: 1 });
  });

  it('ignores outcomes of calls admitted before it opened, and counts each permit once', () => {
    const { breaker, fail } = setup();
    const late = breaker.acquire();
    fail(3);
    late.success();
    expect(breaker.state.name).toBe('open');
    const { breaker: b2 } = setup();
    const p = b2.acquire();
    p.failure();
    p.failure();
    p.failure();
    expect(b2.state).toEqual({ name: 'closed', consecutiveFailures: 1 });
  });

  it('check() does not take a probe slot', async () => {
    const { breaker, fail, time } = setup({ halfOpenMaxProbes: 1 });
    fail(3);
    await time.advance(10_000);
    breaker.check();
    breaker.check();
    expect(() => breaker.acquire()).not.toThrow();
  });

  it('reset() closes it; a throwing listener does not break it; disabled admits everything', () => {
    const { breaker, fail } = setup();
    breaker.onStateChange(() => {
      throw new Error('observer bug');
    });
    fail(3);
    breaker.reset();
    expect(breaker.state.name).toBe('closed');
    const disabled = new CircuitBreaker(config, new FakeTime(), false);
    for (let i = 0; i < 10; i++) disabled.acquire().failure();
    expect(disabled.state.name).toBe('closed');
  });
});
