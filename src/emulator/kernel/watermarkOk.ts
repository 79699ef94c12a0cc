import { Mt, NR_ORDERS } from './constants';
import type { Zone } from './zone';

/**
 * `__zone_watermark_ok()` for an allocation of 2^order pages against `mark` plus `reserve` (lowmem_reserve).
 * 6.x: the order-0 check, then any free block >= order on a usable list. 3.10: pages in lower orders do not
 * count and the reserve halves per order.
 */
export function watermarkOk(z: Zone, order: number, mark: number, reserve: number, modern: boolean): boolean {
  let free = z.freePages - ((1 << order) - 1);
  if (modern) {
    if (free <= mark + reserve) return false;
    if (order === 0) return true;
    for (const mt of [Mt.Unmovable, Mt.Movable, Mt.Reclaimable]) {
      if (sumOrders(z, mt, order) > 0) return true;
    }
    return false;
  }
  let min = mark;
  if (free <= min + reserve) return false;
  for (let o = 0; o < order; o++) {
    let blocks = 0;
    for (let mt = 0; mt < 5; mt++) blocks += z.counts[mt * NR_ORDERS + o] ?? 0;
    free -= blocks << o;
    min >>= 1;
    if (free <= min) return false;
  }
  return true;
}

/** Free blocks of migratetype `mt` at orders >= `from`. */
function sumOrders(z: Zone, mt: number, from: number): number {
  let n = 0;
  for (let o = from; o < NR_ORDERS; o++) n += z.counts[mt * NR_ORDERS + o] ?? 0;
  return n;
}
