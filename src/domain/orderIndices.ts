/**
 * The unusable and fragmentation indices of one zone at every order, from one walk over its free lists.
 * `unusableIndex`/`fragmentationIndex` each call fill_contig_page_info() per order (O(orders²) per zone);
 * here the kernel's free_blocks_suitable comes from a suffix sum, S(k) = free[k] + 2·S(k+1), and each
 * index from the same expressions on the same exact integers, so the values are identical.
 */

import { fragmentationIndex, WOULD_SUCCEED } from './fragmentationIndex';
import { pow2 } from './pow2';
import { unusableIndex } from './unusableIndex';

/** Both per-order index arrays of a zone (index = order). */
export interface OrderIndices {
  unusableIndex: number[];
  fragmentationIndex: number[];
}

/** Per-order indices the slow way, for rows the fast path cannot reproduce exactly (see `orderIndices`). */
function perOrder(free: readonly number[]): OrderIndices {
  const orders = free.map((_, order) => order);
  return {
    unusableIndex: orders.map((order) => unusableIndex(free, order)),
    fragmentationIndex: orders.map((order) => fragmentationIndex(free, order)),
  };
}

/**
 * `unusableIndex(free, o)` and `fragmentationIndex(free, o)` for every order o of the row. Exact integer
 * arithmetic needs non-negative safe-integer counts and a page total below 2^53 (every partial sum is then
 * exact, whatever the summation order); any other row takes the per-order path, so results never differ.
 */
export function orderIndices(free: readonly number[]): OrderIndices {
  const n = free.length;
  let freePages = 0;
  let freeBlocksTotal = 0;
  let exact = true;
  for (let o = 0; o < n; o++) {
    const blocks = free[o];
    if (blocks === undefined || !Number.isSafeInteger(blocks) || blocks < 0) exact = false;
    freeBlocksTotal += blocks ?? 0;
    freePages += (blocks ?? 0) * pow2(o);
  }
  if (!exact || !(freePages <= Number.MAX_SAFE_INTEGER)) return perOrder(free);
  const unusable = new Array<number>(n);
  const fragmentation = new Array<number>(n);
  let suitable = 0;
  for (let order = n - 1; order >= 0; order--) {
    suitable = free[order]! + 2 * suitable;
    unusable[order] = unusableOf(freePages, suitable, order);
    fragmentation[order] = fragmentationOf(freePages, freeBlocksTotal, suitable, order);
  }
  return { unusableIndex: unusable, fragmentationIndex: fragmentation };
}

/** unusable_free_index() from fill_contig_page_info()'s totals (same expression as `unusableIndex`). */
function unusableOf(freePages: number, suitable: number, order: number): number {
  if (freePages === 0) return 1000;
  const usable = suitable * pow2(order);
  return Math.floor(((freePages - usable) * 1000) / freePages);
}

/** __fragmentation_index() from the totals (same expressions as `fragmentationIndex`, order <= max order). */
function fragmentationOf(freePages: number, total: number, suitable: number, order: number): number {
  if (total === 0) return 0;
  if (suitable > 0) return WOULD_SUCCEED;
  const perRequest = Math.floor((freePages * 1000) / pow2(order));
  return 1000 - Math.floor((1000 + perRequest) / total);
}
