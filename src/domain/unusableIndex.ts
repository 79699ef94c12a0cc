import { fillContigPageInfo } from './contigPageInfo';
import { pow2 } from './pow2';

/**
 * The kernel's `unusable_free_index()` (mm/vmstat.c, debugfs `extfrag/unusable_index`): the share of free
 * memory, in thousandths, that cannot serve an allocation of 2^order pages. 0 = none, 1000 = all.
 */
export function unusableIndex(free: readonly number[], order: number): number {
  const info = fillContigPageInfo(free, order);
  // "No free memory is interpreted as all free memory is unusable"
  if (info.freePages === 0) return 1000;
  const usable = info.freeBlocksSuitable * pow2(order);
  // u64 division: truncates; both operands are non-negative so floor == trunc.
  return Math.floor(((info.freePages - usable) * 1000) / info.freePages);
}
