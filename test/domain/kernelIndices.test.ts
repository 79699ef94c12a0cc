import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blocksAtOrAbove, fillContigPageInfo, pagesAtOrAbove } from '../../src/domain/contigPageInfo';
import { fragmentationIndex } from '../../src/domain/fragmentationIndex';
import { fragmentationScore, nodeFragmentationScore } from '../../src/domain/fragmentationScore';
import { unusableIndex } from '../../src/domain/unusableIndex';
import { zoneMetrics } from '../../src/domain/zoneMetrics';
import { B01, B02, B03, B04, B19, B19_ZONEINFO } from './samples';

const zone = (rows: { zone: string; free: number[] }[], name: string) =>
  rows.find((r) => r.zone === name)!.free;

// reference/kernel-fragmentation.md §2.3 "Worked values": [unusable@4, unusable@6, fragindex@4, fragindex@6, score@9]
const WORKED: [string, number[], number[]][] = [
  ['B01 DMA32', zone(B01, 'DMA32'), [1000, 1000, 886, 972, 100]],
  ['B01 Normal', zone(B01, 'Normal'), [1000, 1000, 838, 960, 100]],
  ['B02 Normal', zone(B02, 'Normal'), [996, 996, -1000, -1000, 99]],
  ['B03 Normal', zone(B03, 'Normal'), [968, 999, -1000, -1000, 99]],
  ['B04 Normal', zone(B04, 'Normal'), [458, 774, -1000, -1000, 99]],
  ['B04 DMA32', zone(B04, 'DMA32'), [176, 340, -1000, -1000, 89]],
];

describe('kernel fragmentation metrics', () => {
  it.each(WORKED)('reproduces the worked values of %s digit for digit', (_name, free, expected) => {
    const actual = [
      unusableIndex(free, 4),
      unusableIndex(free, 6),
      fragmentationIndex(free, 4),
      fragmentationIndex(free, 6),
      fragmentationScore(free),
    ];
    expect(actual).toEqual(expected);
  });

  it('fills contig page info like fill_contig_page_info', () => {
    // B02 Normal: one order-10 block is 64 order-4 blocks, the rest is orders 0-2.
    expect(fillContigPageInfo(zone(B02, 'Normal'), 4)).toEqual({
      freePages: 127146 + 68215 * 2 + 1614 * 4 + 1024,
      freeBlocksTotal: 127146 + 68215 + 1614 + 1,
      freeBlocksSuitable: 64,
    });
    expect(blocksAtOrAbove(zone(B02, 'Normal'), 4)).toBe(1);
    expect(pagesAtOrAbove(zone(B02, 'Normal'), 4)).toBe(1024);
  });

  it('treats an empty zone as all unusable, fragindex 0, score 0', () => {
    const empty = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect([unusableIndex(empty, 4), fragmentationIndex(empty, 4), fragmentationScore(empty)]).toEqual([
      1000, 0, 0,
    ]);
  });

  it('returns 0 for an order above the largest order, as the kernel does', () => {
    expect(fragmentationIndex(zone(B01, 'Normal'), 11)).toBe(0);
    expect(fragmentationIndex(zone(B01, 'Normal'), 6, 5)).toBe(0);
  });

  it('weights zone scores by present pages into the node score', () => {
    // B19: DMA 0, DMA32 0, Normal 96 at order 9; present 3998 + 782336 + 5505024 pages.
    const zones = B19.map((r) => ({
      free: r.free,
      present: B19_ZONEINFO.find((w) => w.zone === r.zone)!.present!,
    }));
    const scores = zones.map((z) => fragmentationScore(z.free));
    const total = 3998 + 782336 + 5505024;
    const expected = zones.reduce((s, z, i) => s + Math.floor((z.present * scores[i]!) / (total + 1)), 0);
    expect(nodeFragmentationScore(zones)).toBe(expected);
    expect(nodeFragmentationScore(zones)).toBe(
      Math.floor((5505024 * fragmentationScore(zone(B19, 'Normal'))) / (total + 1)),
    );
  });

  it('collects every metric of a zone', () => {
    const m = zoneMetrics({ node: 0, zone: 'Normal', free: zone(B02, 'Normal') }, 4);
    expect(m.freePages).toBe(271056);
    expect(m.freePagesAtOrAbove).toBe(1024);
    expect(m.unusableIndex[3]).toBe(996);
    expect(m.fragmentationIndex).toEqual(new Array(11).fill(-1000));
    expect(m.score).toBe(99);
    expect('watermarkOk' in m).toBe(false);
  });
});

const freeLists = fc.array(fc.nat({ max: 2_000_000 }), { minLength: 1, maxLength: 14 });
const orderOf = (free: number[]) => fc.nat({ max: free.length - 1 });

describe('kernel fragmentation metrics (properties)', () => {
  it('keeps the indices and the score in range', () => {
    fc.assert(
      fc.property(
        freeLists.chain((free) => fc.tuple(fc.constant(free), orderOf(free))),
        ([free, order]) => {
          const u = unusableIndex(free, order);
          const f = fragmentationIndex(free, order);
          const s = fragmentationScore(free, order);
          return u >= 0 && u <= 1000 && (f === -1000 || (f >= 0 && f <= 1000)) && s >= 0 && s <= 100;
        },
      ),
    );
  });

  it('never lowers the unusable index as the order rises', () => {
    fc.assert(
      fc.property(freeLists, (free) =>
        free.every((_, o) => o === 0 || unusableIndex(free, o) >= unusableIndex(free, o - 1)),
      ),
    );
  });

  it('gives fragindex -1000 exactly when a block of the order or larger is free', () => {
    fc.assert(
      fc.property(
        freeLists.chain((free) => fc.tuple(fc.constant(free), orderOf(free))),
        ([free, order]) => {
          const exists = free.some((n, o) => o >= order && n > 0);
          return (fragmentationIndex(free, order) === -1000) === exists;
        },
      ),
    );
  });

  it('agrees with the unusable index on whether anything is usable', () => {
    fc.assert(
      fc.property(
        freeLists.chain((free) => fc.tuple(fc.constant(free), orderOf(free))),
        ([free, order]) => {
          fc.pre(free.some((n) => n > 0));
          return (fragmentationIndex(free, order) === -1000) === unusableIndex(free, order) < 1000;
        },
      ),
    );
  });
});
