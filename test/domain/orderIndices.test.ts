import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fragmentationIndex } from '../../src/domain/fragmentationIndex';
import { orderIndices } from '../../src/domain/orderIndices';
import { pow2 } from '../../src/domain/pow2';
import { unusableIndex } from '../../src/domain/unusableIndex';
import { freePagesOf } from '../../src/domain/watermark';
import { B01, B02, B04 } from './samples';

// reference/kernel-fragmentation.md §2.1-2.3, line for line, in exact (u64-like) BigInt arithmetic
function fillContigPageInfo(counts: readonly number[], suitableOrder: number) {
  let freePages = 0n;
  let total = 0n;
  let suitable = 0n;
  counts.forEach((c, order) => {
    const blocks = BigInt(c);
    total += blocks;
    freePages += blocks << BigInt(order);
    if (order >= suitableOrder) suitable += blocks << BigInt(order - suitableOrder);
  });
  return { freePages, total, suitable };
}

function kernelUnusable(order: number, counts: readonly number[]): number {
  const { freePages, suitable } = fillContigPageInfo(counts, order);
  if (freePages === 0n) return 1000;
  return Number(((freePages - (suitable << BigInt(order))) * 1000n) / freePages);
}

function kernelFragmentation(order: number, counts: readonly number[]): number {
  const requested = 1n << BigInt(order);
  if (order > counts.length - 1) return 0;
  const { freePages, total, suitable } = fillContigPageInfo(counts, order);
  if (total === 0n) return 0;
  if (suitable > 0n) return -1000;
  return Number(1000n - (1000n + (freePages * 1000n) / requested) / total);
}

// Buddyinfo rows of 9..14 orders (ppc64 64K .. arm64 64K); counts up to 2^28 keep free_pages * 1000 below
// 2^53, where the kernel's u64 arithmetic and JS doubles agree. Small counts and zeros are the usual case.
const count = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 100_000 }),
  fc.integer({ min: 0, max: 2 ** 28 }),
);
const buddyRow = fc
  .integer({ min: 9, max: 14 })
  .chain((n) => fc.array(count, { minLength: n, maxLength: n }));

/** The per-order functions the evaluation used before orderIndices, one fill_contig_page_info per order. */
function perOrder(free: readonly number[]) {
  return {
    unusableIndex: free.map((_, o) => unusableIndex(free, o)),
    fragmentationIndex: free.map((_, o) => fragmentationIndex(free, o)),
  };
}

describe('orderIndices', () => {
  it('equals the kernel pseudo-code at every order of random buddyinfo rows', () => {
    fc.assert(
      fc.property(buddyRow, (free) => {
        const orders = free.map((_, o) => o);
        expect(orderIndices(free)).toEqual({
          unusableIndex: orders.map((o) => kernelUnusable(o, free)),
          fragmentationIndex: orders.map((o) => kernelFragmentation(o, free)),
        });
      }),
      { numRuns: 500 },
    );
  });

  it('equals the per-order functions on any row, including counts beyond exact doubles', () => {
    const anyCount = fc.oneof(
      count,
      fc.integer({ min: 2 ** 40, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: -5, max: -1 }),
      fc.double({ noNaN: false }),
    );
    fc.assert(
      fc.property(fc.array(anyCount, { maxLength: 16 }), (free) => {
        expect(orderIndices(free)).toEqual(perOrder(free));
      }),
      { numRuns: 500 },
    );
  });

  it('reproduces the worked values of the reference at orders 4 and 6', () => {
    const normal = (rows: { zone: string; free: number[] }[]) => rows.find((r) => r.zone === 'Normal')!.free;
    const pick = (free: number[]) => {
      const i = orderIndices(free);
      return [i.unusableIndex[4], i.unusableIndex[6], i.fragmentationIndex[4], i.fragmentationIndex[6]];
    };
    expect(pick(normal(B01))).toEqual([1000, 1000, 838, 960]);
    expect(pick(normal(B02))).toEqual([996, 996, -1000, -1000]);
    expect(pick(normal(B04))).toEqual([458, 774, -1000, -1000]);
  });

  it('gives an empty zone unusable 1000 and fragmentation 0 at every order', () => {
    expect(orderIndices([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).toEqual({
      unusableIndex: Array(11).fill(1000),
      fragmentationIndex: Array(11).fill(0),
    });
  });
});

describe('pow2 and freePagesOf', () => {
  it('pow2 equals 2 ** n for integers, fractions and out-of-table exponents', () => {
    for (let n = -3; n <= 70; n++) expect(pow2(n)).toBe(2 ** n);
    fc.assert(fc.property(fc.double(), (n) => Object.is(pow2(n), 2 ** n)));
  });

  it('freePagesOf equals the sum of free[o] << o as reduce computes it, holes included', () => {
    const reference = (free: readonly number[]) => free.reduce((sum, b, o) => sum + b * 2 ** o, 0);
    fc.assert(
      fc.property(fc.sparseArray(fc.oneof(count, fc.double()), { maxLength: 16 }), (free) => {
        expect(freePagesOf(free)).toBe(reference(free));
      }),
    );
  });
});
