import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/adapters/cloud/rateLimiter';
import type { Clock } from '../../../src/ports';

/** A clock that only moves when someone sleeps on it, so time is exact. */
function manualClock(): Clock & { sleeps: number[] } {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

describe('createRateLimiter', () => {
  it('spaces requests for one action at the configured rate', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock });
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 41; i++) {
      await limiter.acquire('RunCommand', 20);
      times.push(clock.now() - start);
    }
    // the first goes at once, then one every 50 ms: 41 requests take 2 s
    expect(times[0]).toBe(0);
    expect(times.at(-1)).toBe(2000);
    for (let w = 0; w < times.length; w++) {
      const inWindow = times.filter((x) => x >= times[w]! && x < times[w]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(20);
    }
  });

  it('keeps separate buckets per action', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock });
    await limiter.acquire('RunCommand', 20);
    await limiter.acquire('DescribeInvocationTasks', 20);
    expect(clock.sleeps).toEqual([]);
    await limiter.acquire('RunCommand', 20);
    expect(clock.sleeps).toEqual([50]);
  });

  it('serves concurrent callers in arrival order without oversubscribing', async () => {
    // a clock whose sleeps wait until the test releases them, so all six callers are in flight together
    const sleeps: number[] = [];
    const release: (() => void)[] = [];
    const clock: Clock = {
      now: () => 0,
      sleep: (ms) =>
        new Promise<void>((resolve) => {
          sleeps.push(ms);
          release.push(resolve);
        }),
    };
    const limiter = createRateLimiter({ clock, burst: 2 });
    const all = Promise.all(Array.from({ length: 6 }, () => limiter.acquire('X', 10)));
    await Promise.resolve();
    // two from the bucket, then each later caller reserves the next free 100 ms slot
    expect(sleeps).toEqual([100, 200, 300, 400]);
    for (const r of release) r();
    await all;
  });

  it('refills after idle time up to the burst only', async () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, burst: 3 });
    for (let i = 0; i < 3; i++) await limiter.acquire('X', 10);
    expect(clock.sleeps).toEqual([]);
    await clock.sleep(10_000);
    clock.sleeps.length = 0;
    for (let i = 0; i < 4; i++) await limiter.acquire('X', 10);
    expect(clock.sleeps).toEqual([100]);
  });

  it('gives the token back when the wait is aborted', async () => {
    let t = 0;
    const clock: Clock = {
      now: () => t,
      sleep: async (ms, signal) => {
        if (signal?.aborted) throw new Error('aborted');
        t += ms;
      },
    };
    const limiter = createRateLimiter({ clock });
    await limiter.acquire('X', 10);
    const ac = new AbortController();
    ac.abort();
    await expect(limiter.acquire('X', 10, ac.signal)).rejects.toThrow('aborted');
    // the aborted caller did not consume a slot: the next waits one interval, not two
    const before = t;
    await limiter.acquire('X', 10);
    expect(t - before).toBe(100);
  });

  it('rejects a non-positive rate', async () => {
    await expect(createRateLimiter().acquire('X', 0)).rejects.toThrow(RangeError);
  });
});
