import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocPages, freePages } from '../../../src/emulator/kernel/allocator';
import { isFreeByte, Mt, NR_ORDERS, Page } from '../../../src/emulator/kernel/constants';
import { Zone } from '../../../src/emulator/kernel/zone';

const STATES = [Page.Anon, Page.CacheClean, Page.Kernel, Page.SlabReclaimable];
const MTS = [Mt.Movable, Mt.Movable, Mt.Unmovable, Mt.Reclaimable];

function smallZone(): Zone {
  const z = new Zone({
    name: 'Normal',
    node: 0,
    startPfn: 0,
    basePfn: 0,
    length: 4096,
    spanned: 4096,
    present: 4096,
  });
  z.rebuild();
  return z;
}

/** The free lists as data, to compare the incremental buddy state with a from-scratch rebuild. */
function freeLists(z: Zone): { counts: number[]; free: number; heads: number[] } {
  const heads: number[] = [];
  for (let i = 0; i < z.length; i++) if (z.headOrder(i) >= 0) heads.push(i * 16 + z.headOrder(i));
  return { counts: [...z.counts], free: z.freePages, heads };
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('alloc' as const), order: fc.nat(6), type: fc.nat(3) }),
  fc.record({ kind: fc.constant('free' as const), at: fc.nat(4095) }),
);

describe('buddy allocator', () => {
  it('keeps free lists equal to full buddy merging after any alloc/free sequence', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 160 }), (ops) => {
        const z = smallZone();
        const live: Array<[at: number, order: number]> = [];
        for (const o of ops) {
          if (o.kind === 'alloc') {
            const at = allocPages(z, o.order, MTS[o.type] ?? Mt.Movable, STATES[o.type] ?? Page.Anon);
            if (at >= 0) live.push([at, o.order]);
          } else if (live.length) {
            const [at, order] = live.splice(o.at % live.length, 1)[0] ?? [0, 0];
            freePages(z, at, order);
          }
        }
        const incremental = freeLists(z);
        const freeByScan = z.pages.reduce((s, b) => s + (isFreeByte(b) ? 1 : 0), 0);
        z.rebuild();
        expect(incremental).toEqual(freeLists(z));
        expect(incremental.free).toBe(freeByScan);
      }),
      { numRuns: 60 },
    );
  });

  it('merges a page with its free buddies back into one order-10 block', () => {
    const z = smallZone();
    const at = allocPages(z, 0, Mt.Movable, Page.Anon);
    expect(z.buddyCounts()).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]);
    z.freePage(at);
    expect(z.buddyCounts()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]);
  });

  it('claims a whole pageblock when an unmovable request falls back to a large movable block', () => {
    const z = smallZone();
    allocPages(z, 0, Mt.Unmovable, Page.Kernel);
    expect(z.pbMt.filter((m) => m === Mt.Unmovable).length).toBe(2);
    expect(z.counts[Mt.Unmovable * NR_ORDERS + 0]).toBe(1);
  });
});
