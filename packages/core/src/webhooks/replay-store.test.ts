import { describe, expect, it } from 'vitest';
import { MemoryReplayStore } from './replay-store.js';

describe('MemoryReplayStore', () => {
  it('accepts a key once until it expires, then again', () => {
    let t = 1_000;
    const store = new MemoryReplayStore({ now: () => t });
    expect(store.checkAndRemember('a', 2_000)).toBe(true);
    expect(store.checkAndRemember('a', 2_000)).toBe(false);
    t = 1_999;
    expect(store.checkAndRemember('a', 5_000)).toBe(false);
    t = 2_000;
    expect(store.checkAndRemember('a', 5_000)).toBe(true);
    expect(store.checkAndRemember('a', 5_000)).toBe(false);
  });

  it('forget() lets the key through again', () => {
    const store = new MemoryReplayStore({ now: () => 0 });
    store.checkAndRemember('a', 10);
    store.forget('a');
    expect(store.checkAndRemember('a', 10)).toBe(true);
  });

  it('stays bounded: expired keys go first, then the oldest live ones', () => {
    let t = 0;
    const store = new MemoryReplayStore({ maxEntries: 3, now: () => t });
    store.checkAndRemember('live-old', 100);
    store.checkAndRemember('short', 10); // expires before the others, inserted later
    store.checkAndRemember('live-new', 100);
    t = 50;
    expect(store.checkAndRemember('d', 100)).toBe(true); // sweeps 'short', keeps both live keys
    expect(store.size).toBe(3);
    expect(store.checkAndRemember('live-old', 100)).toBe(false);
    expect(store.checkAndRemember('e', 100)).toBe(true); // full of live keys: evicts the oldest
    expect(store.size).toBe(3);
    expect(store.checkAndRemember('live-old', 100)).toBe(true);
  });

  it('holds 10 000 keys by default and never more', () => {
    const store = new MemoryReplayStore({ now: () => 0 });
    for (let i = 0; i < 12_000; i++) store.checkAndRemember(`k${i}`, 1e12);
    expect(store.size).toBe(10_000);
    expect(store.checkAndRemember('k11999', 1e12)).toBe(false);
    expect(store.checkAndRemember('k0', 1e12)).toBe(true);
  });

  it('rejects a non-positive bound', () => {
    expect(() => new MemoryReplayStore({ maxEntries: 0 })).toThrow(RangeError);
  });
});
