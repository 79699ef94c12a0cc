import { isFreeByte, MAX_ORDER, Mt, NR_ORDERS, PAGEBLOCK_ORDER, PAGEBLOCK_PAGES, Page } from './constants';
import type { Zone } from './zone';

/** Fallback migratetypes in the kernel's order (`fallbacks[]` in mm/page_alloc.c). */
const FALLBACKS: Record<number, readonly number[]> = {
  [Mt.Unmovable]: [Mt.Reclaimable, Mt.Movable],
  [Mt.Movable]: [Mt.Reclaimable, Mt.Unmovable],
  [Mt.Reclaimable]: [Mt.Unmovable, Mt.Movable],
};

/** The page state an allocation of migratetype `mt` is compatible with, for pageblock claiming. */
const ALIKE: Record<number, readonly number[]> = {
  [Mt.Unmovable]: [Page.Kernel],
  [Mt.Movable]: [Page.Anon, Page.CacheClean, Page.CacheDirty],
  [Mt.Reclaimable]: [Page.SlabReclaimable],
};

/**
 * Allocates 2^order pages of migratetype `mt` like `__rmqueue`: the smallest fitting block of the same type,
 * else the largest block of a fallback type, claiming its pageblock when the kernel would. Marks the pages
 * `state` and returns the first page index, or -1 when no block fits.
 */
export function allocPages(z: Zone, order: number, mt: number, state: number, from = 0): number {
  for (let o = order; o < NR_ORDERS; o++) {
    if ((z.counts[mt * NR_ORDERS + o] ?? 0) === 0) continue;
    const i = z.findHead(o, mt, from);
    if (i >= 0) return take(z, i, o, order, state);
  }
  for (let o = MAX_ORDER; o >= order; o--) {
    for (const fb of FALLBACKS[mt] ?? []) {
      if ((z.counts[fb * NR_ORDERS + o] ?? 0) === 0) continue;
      const i = z.findHead(o, fb, from);
      if (i < 0) continue;
      claimIfSuitable(z, i, o, mt);
      return take(z, i, o, order, state);
    }
  }
  return -1;
}

/** `can_steal_fallback` + `try_to_claim_block`: big blocks and unmovable/reclaimable requests take the pageblock. */
function claimIfSuitable(z: Zone, i: number, order: number, mt: number): void {
  if (order >= PAGEBLOCK_ORDER) {
    const first = i >> PAGEBLOCK_ORDER;
    const last = (i + (1 << order) - 1) >> PAGEBLOCK_ORDER;
    for (let pb = first; pb <= last; pb++) z.setPageblockMt(pb, mt);
    return;
  }
  if (order < PAGEBLOCK_ORDER / 2 && mt === Mt.Movable) return;
  const pb = i >> PAGEBLOCK_ORDER;
  const start = pb << PAGEBLOCK_ORDER;
  const alike = ALIKE[mt] ?? [];
  let good = 0;
  for (let p = start; p < start + PAGEBLOCK_PAGES; p++) {
    const b = z.pages[p] ?? 0;
    if (isFreeByte(b) || alike.includes(b & 15)) good++;
  }
  if (good >= PAGEBLOCK_PAGES / 2) z.setPageblockMt(pb, mt);
}

/** Removes the block, gives back the upper halves (`expand`) and marks the allocated pages. */
function take(z: Zone, i: number, have: number, want: number, state: number): number {
  z.removeFree(i, have);
  for (let o = have - 1; o >= want; o--) z.insertFree(i + (1 << o), o);
  z.pages.fill(state, i, i + (1 << want));
  return i;
}

/** Frees 2^order pages starting at `i` (each page merges with its buddies). */
export function freePages(z: Zone, i: number, order: number): void {
  for (let p = i; p < i + (1 << order); p++) z.freePage(p);
}

/** True when a free block of at least `order` exists on the Unmovable/Movable/Reclaimable lists. */
export function hasBlockAtLeast(z: Zone, order: number): boolean {
  for (let o = order; o < NR_ORDERS; o++) {
    for (const mt of [Mt.Unmovable, Mt.Movable, Mt.Reclaimable]) {
      if ((z.counts[mt * NR_ORDERS + o] ?? 0) > 0) return true;
    }
  }
  return false;
}
