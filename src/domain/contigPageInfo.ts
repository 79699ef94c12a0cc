/**
 * The kernel's `fill_contig_page_info()` (mm/vmstat.c): the one walk over a zone's free lists that the
 * unusable index, the fragmentation index and kcompactd's score are all computed from.
 */
import { pow2 } from './pow2';

/** Totals of one zone's free lists as seen by an allocation of 2^order pages. */
export interface ContigPageInfo {
  /** free pages in the zone: sum of `free[o] << o` */
  freePages: number;
  /** free blocks of any order */
  freeBlocksTotal: number;
  /** blocks of 2^order pages obtainable by splitting the free blocks of order >= `order` */
  freeBlocksSuitable: number;
}

/** `fill_contig_page_info(zone, suitable_order)` over a buddyinfo row (`free[o]` = free blocks of order o). */
export function fillContigPageInfo(free: readonly number[], order: number): ContigPageInfo {
  let freePages = 0;
  let freeBlocksTotal = 0;
  let freeBlocksSuitable = 0;
  for (let o = 0; o < free.length; o++) {
    const blocks = free[o] ?? 0;
    freeBlocksTotal += blocks;
    // `blocks << o` in the kernel is an unsigned long shift; multiplying keeps JS numbers out of int32.
    freePages += blocks * pow2(o);
    if (o >= order) freeBlocksSuitable += blocks * pow2(o - order);
  }
  return { freePages, freeBlocksTotal, freeBlocksSuitable };
}

/** Free blocks (not pages) of order >= `order`: what a person counts in buddyinfo's right-hand columns. */
export function blocksAtOrAbove(free: readonly number[], order: number): number {
  let n = 0;
  for (let o = Math.max(0, order); o < free.length; o++) n += free[o] ?? 0;
  return n;
}

/** Free pages held in blocks of order >= `order`. */
export function pagesAtOrAbove(free: readonly number[], order: number): number {
  let n = 0;
  for (let o = Math.max(0, order); o < free.length; o++) n += (free[o] ?? 0) * pow2(o);
  return n;
}
