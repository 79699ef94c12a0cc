import { describe, expect, it } from 'vitest';
import { Mt, NR_ORDERS } from '../../../src/emulator/kernel/constants';
import { EL7, MODERN } from '../../../src/emulator/kernel/era';
import { renderPagetypeinfo } from '../../../src/emulator/kernel/renderBuddyinfo';
import { applyWatermarks, minFreeKbytes } from '../../../src/emulator/kernel/watermarks';
import { Zone, type ZoneName } from '../../../src/emulator/kernel/zone';

/** Zones with the managed page counts of the 6.18 VM (sample B19). */
function b19Zones(): Zone[] {
  const managed: Array<[ZoneName, number]> = [
    ['DMA', 3840],
    ['DMA32', 772808],
    ['Normal', 1966080],
  ];
  return managed.map(([name, pages]) => {
    const z = new Zone({
      name,
      node: 0,
      startPfn: 0,
      basePfn: 0,
      length: 1024,
      spanned: 1024,
      present: 1024,
    });
    z.managed = pages;
    return z;
  });
}

describe('watermarks (§1.3)', () => {
  it('reproduces the min_free_kbytes khugepaged sets on the B19 VM', () => {
    expect(minFreeKbytes(b19Zones())).toBe(67584);
  });

  it('reproduces the B19 zoneinfo watermarks and protection digit for digit', () => {
    const zones = b19Zones();
    applyWatermarks([zones], MODERN, 67584, 10);
    const [dma, dma32, normal] = zones.map((z) => z.wm);
    expect(dma).toEqual({
      min: 23,
      low: 28,
      high: 33,
      promo: 38,
      protection: [0, 3018, 10698, 10698, 10698],
    });
    expect(dma32).toEqual({
      min: 4760,
      low: 5950,
      high: 7140,
      promo: 8330,
      protection: [0, 0, 7680, 7680, 7680],
    });
    expect(normal).toEqual({
      min: 12111,
      low: 15138,
      high: 18165,
      promo: 21192,
      protection: [0, 0, 0, 0, 0],
    });
  });

  it('uses min + tmp/4 and min + tmp/2 on 3.10', () => {
    const zones = b19Zones();
    applyWatermarks([zones], EL7, 67584, 10);
    expect(zones[2]?.wm).toMatchObject({ min: 12111, low: 12111 + 3027, high: 12111 + 6055 });
    expect(zones[0]?.wm.protection).toEqual([0, 3018, 10698, 10698]);
  });
});

describe('pagetypeinfo overflow', () => {
  it('prints `>100000` once a free list reaches the kernel walk limit', () => {
    const z = new Zone({
      name: 'Normal',
      node: 0,
      startPfn: 0,
      basePfn: 0,
      length: 1024,
      spanned: 1024,
      present: 1024,
    });
    z.counts[Mt.Movable * NR_ORDERS + 0] = 123456;
    z.counts[Mt.Movable * NR_ORDERS + 1] = 99999;
    const row = renderPagetypeinfo([[z]], MODERN)
      .split('\n')
      .find((l) => l.includes('type      Movable'));
    expect(row).toBe(
      'Node    0, zone   Normal, type      Movable >100000  99999      0      0      0      0      0      0      0      0      0 ',
    );
  });
});
