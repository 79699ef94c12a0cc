import { describe, expect, it } from 'vitest';
import { PollSchedule } from '../../../src/adapters/tat/pollSchedule';

const INTERVAL = { min: 500, max: 5000 };
const batch = (invocationId: string, n = 200) => ({
  invocationId,
  instanceIds: Array.from({ length: n }, (_, i) => `ins-${invocationId}${i}`),
});

describe('PollSchedule', () => {
  it('reads only the oldest invocation until one has shown how long commands take', () => {
    const s = new PollSchedule(INTERVAL);
    s.add(batch('a'), 0);
    s.add(batch('b'), 100);
    s.add(batch('c'), 200);
    expect(s.due(600, 10).map((w) => w.id)).toEqual(['a']);
    const [a] = s.due(600, 10);
    a!.busy = true;
    expect(s.nextDueAt()).toBe(5100);
    // a finished; its slowest task took 1500 ms by the server's clock
    s.after(a!, 700, 200, 0, 1500);
    expect(s.open().map((w) => w.id)).toEqual(['b', 'c']);
    expect(s.due(1599, 10)).toEqual([]);
    expect(s.due(1600, 10).map((w) => w.id)).toEqual(['b']);
    expect(s.due(1700, 10).map((w) => w.id)).toEqual(['b', 'c']);
  });

  it('learns from server durations, not from its own read times', () => {
    const s = new PollSchedule(INTERVAL);
    for (const [i, id] of ['a', 'b', 'c'].entries()) s.add(batch(id), i * 10);
    for (const w of s.open()) {
      w.busy = true;
      // read late (at 4 s) but the tasks took 1 s: the next invocation is read after 1 s, not 4 s
      s.after(w, 4000, 200, 0, 1000);
    }
    s.add(batch('d'), 5000);
    expect(s.due(5999, 10)).toEqual([]);
    expect(s.due(6000, 10).map((w) => w.id)).toEqual(['d']);
  });

  it('reads a running command less often the longer it runs, and at the minimum while tasks finish', () => {
    const s = new PollSchedule(INTERVAL);
    s.add(batch('a'), 0);
    const [a] = s.due(500, 1);
    s.after(a!, 500, 0, 200, undefined);
    expect(a!.nextAt).toBe(1000);
    s.after(a!, 8000, 0, 200, undefined);
    expect(a!.nextAt).toBe(10_000);
    s.after(a!, 60_000, 0, 200, undefined);
    expect(a!.nextAt).toBe(65_000);
    s.after(a!, 65_000, 10, 190, undefined);
    expect(a!.nextAt).toBe(65_500);
  });

  it('hands out at most `limit` invocations, oldest first, and none that are being read', () => {
    const s = new PollSchedule(INTERVAL);
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) s.add(batch(id, 1), i);
    for (const w of s.open()) s.after(w, 10, 0, 0, 5);
    expect(s.open()).toEqual([]);
    for (const [i, id] of ['e', 'f', 'g'].entries()) s.add(batch(id), 100 + i);
    const first = s.due(10_000, 2);
    expect(first.map((w) => w.id)).toEqual(['e', 'f']);
    for (const w of first) w.busy = true;
    expect(s.due(10_000, 5).map((w) => w.id)).toEqual(['g']);
  });
});
