import middy from '@middy/core';
import { describe, expect, it } from 'vitest';
import { deadlineOf, scfHandler, withRemainingTime } from '../../src/app/scfContext';

describe('SCF context and deadlines', () => {
  it('derives the remaining time from time_limit_in_ms when the runtime gives no function', () => {
    const ctx = withRemainingTime({ time_limit_in_ms: 15_000 }, Date.now());
    expect(ctx.getRemainingTimeInMillis?.()).toBeGreaterThan(14_000);
    expect(ctx.getRemainingTimeInMillis?.()).toBeLessThanOrEqual(15_000);
  });

  it('keeps the runtime getRemainingTimeInMillis and subtracts the margin from it', () => {
    const now = 1_000_000;
    expect(deadlineOf({ getRemainingTimeInMillis: () => 60_000 }, 10_000, now)).toBe(now + 50_000);
    expect(deadlineOf({ getRemainingTimeInMillis: () => 5_000 }, 10_000, now)).toBe(now);
  });

  it('arms middy timeoutEarly from time_limit_in_ms alone', async () => {
    const slow = scfHandler(
      middy({ timeoutEarlyInMillis: 50 }).handler(
        () => new Promise((resolve) => setTimeout(() => resolve('late'), 2_000)),
      ),
    );
    await expect(slow({}, { time_limit_in_ms: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('caps the remaining time at the caller budget (the alarm answers inside Cloud Monitor 5 s)', async () => {
    let seen = 0;
    const h = scfHandler(
      async (_e: unknown, ctx) => {
        seen = ctx.getRemainingTimeInMillis?.() ?? 0;
        return seen;
      },
      { budgetMs: 4_500 },
    );
    await h({}, { time_limit_in_ms: 15_000 });
    expect(seen).toBeGreaterThan(4_000);
    expect(seen).toBeLessThanOrEqual(4_500);
  });
});
