/** The fragmenter's sizing: whatever the host looks like, what it holds stays within the safety budget. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot } from './hostMemory';
import { budgetMib, coverMib, type FragmentMode, MAX_HOLD_MIB, planFragment } from './sizing';

const MIB_PAGES = 256;

function host(memAvailableMib: number, normalFreeMib: number, growableMib: number): HostSnapshot {
  const managed = 4_000_000;
  return {
    normal: {
      free: [normalFreeMib * MIB_PAGES],
      freePages: normalFreeMib * MIB_PAGES,
      blocks: { Movable: 1000 },
      managed,
      present: managed + growableMib * MIB_PAGES,
    },
    memAvailableKb: memAvailableMib * 1024,
    cachedKb: 0,
    vmstat: {},
  };
}

/** MiB of anonymous memory and kernel buffers the plan holds at its peak (cache and ballast are reclaimable). */
function heldPeak(mode: FragmentMode, anon: number, extra: number): number {
  return mode === 'unmovable' ? Math.max(anon, Math.ceil(anon / 3) + extra) : anon;
}

describe('planFragment', () => {
  it('never holds more than min(60% of MemAvailable, 14 GiB) and covers the zone when it plans', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1024, max: 64 * 1024 }),
        fc.integer({ min: 0, max: 60 * 1024 }),
        fc.integer({ min: 0, max: 4096 }),
        fc.constantFrom<FragmentMode>('anon', 'pagecache', 'unmovable'),
        (avail, free, growable, mode) => {
          const h = host(avail, free, growable);
          const plan = planFragment(mode, h, '/var/tmp');
          if (typeof plan === 'string') return;
          expect(heldPeak(mode, plan.anonMib, plan.extraMib)).toBeLessThanOrEqual(budgetMib(h));
          expect(budgetMib(h)).toBeLessThanOrEqual(MAX_HOLD_MIB);
          const covered =
            mode === 'pagecache' ? plan.anonMib + plan.extraMib : plan.anonMib + plan.ballastMib;
          expect(covered).toBeGreaterThanOrEqual(coverMib(h));
        },
      ),
    );
  });

  it('refuses when the zone cannot be covered with MemAvailable to spare', () => {
    expect(planFragment('anon', host(20_000, 19_500, 0), '/var/tmp')).toMatch(/too close to MemAvailable/);
  });

  it('adds the growth margin only while the zone can still grow', () => {
    expect(coverMib(host(20_000, 1000, 4096))).toBe(1512);
    expect(coverMib(host(20_000, 1000, 100))).toBe(1100);
    expect(coverMib(host(20_000, 1000, 0))).toBe(1000);
  });

  it('passes frag.c its mode, sizes and the scratch directory', () => {
    const plan = planFragment('anon', host(20_000, 1000, 0), '/var/tmp/x');
    expect(plan).toMatchObject({ args: ['anon', '1000', '2', '0', '/var/tmp/x'], ballastMib: 0 });
  });
});
