import { describe, expect, it } from 'vitest';
import { lowerBound, naiveLowerBoundCalls } from '../../bench/fleet/lowerBound';
import { median, medianRange } from '../../bench/lib/stats';

describe('fleet sweep lower bound', () => {
  it('counts one RunCommand per 200 instances and one page per 100 tasks', () => {
    expect(lowerBound(10_000, 0, 0)).toMatchObject({ runCommands: 50, describePages: 100, calls: 150 });
    expect(lowerBound(1_001, 0, 0)).toMatchObject({ runCommands: 6, describePages: 11, calls: 17 });
    expect(lowerBound(1, 0, 0).calls).toBe(2);
  });

  it('adds command time, one poll interval and the busiest API at 20 requests/s', () => {
    const b = lowerBound(10_000, 1_500, 500);
    expect(b.rateFloorMs).toBe(5_000);
    expect(b.wallMs).toBe(7_000);
  });

  it('gives the naive loop at least a RunCommand and a poll per instance', () => {
    expect(naiveLowerBoundCalls(10_000)).toBe(20_000);
  });
});

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('prints the median with the range of the runs', () => {
    expect(medianRange([10, 30, 20])).toBe('20 (10–30)');
    expect(medianRange([7])).toBe('7');
  });
});
