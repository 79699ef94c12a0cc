import { fillContigPageInfo } from './contigPageInfo';
import { pow2 } from './pow2';

/** The kernel's "a suitable block exists, the allocation would succeed (watermarks permitting)". */
export const WOULD_SUCCEED = -1000;

/**
 * The kernel's `__fragmentation_index()` (mm/vmstat.c, debugfs `extfrag/extfrag_index`, x1000): -1000 when a
 * free block of order >= `order` exists; otherwise 0..1000, towards 0 = failure from lack of memory,
 * towards 1000 = failure from fragmentation. `maxOrder` defaults to the row's highest order.
 */
export function fragmentationIndex(
  free: readonly number[],
  order: number,
  maxOrder = free.length - 1,
): number {
  // WARN_ON_ONCE(order > MAX_PAGE_ORDER) return 0
  if (order > maxOrder) return 0;
  const info = fillContigPageInfo(free, order);
  if (info.freeBlocksTotal === 0) return 0;
  if (info.freeBlocksSuitable > 0) return WOULD_SUCCEED;
  const requested = pow2(order);
  // Both divisions are u64 and truncate: 1000 - (1000 + fp*1000/requested) / total.
  const perRequest = Math.floor((info.freePages * 1000) / requested);
  return 1000 - Math.floor((1000 + perRequest) / info.freeBlocksTotal);
}
