/**
 * The kernel's per-order watermark check `__zone_watermark_ok()` (mm/page_alloc.c) over buddyinfo and
 * zoneinfo, in both algorithms: modern (4.4+: order-0 watermark, then any free block of the order) and
 * legacy (<= 4.3, e.g. CentOS 7's 3.10: the reserve halves per order and lower orders do not count).
 */
import { pow2 } from './pow2';
import type { ZoneFree, ZoneWatermarks } from './types';

/** PAGE_ALLOC_COSTLY_ORDER: orders above it are "costly" to the allocator and to compaction_suitable(). */
export const COSTLY_ORDER = 3;

/** Which algorithm, which watermark, and what reserve a watermark check uses. */
export interface WatermarkOptions {
  /** use the <= 4.3 algorithm (see `usesLegacyWatermarks`) */
  legacy: boolean;
  /** which watermark; the allocator's slow path checks `min` (default) */
  mark?: 'min' | 'low' | 'high';
  /** lowmem_reserve the allocation must leave in this zone (see `lowmemReserve`); default 0 */
  reserve?: number;
}

/** Free pages of a buddyinfo row: sum of `free[o] << o` (equals zoneinfo `pages free` up to racing reads). */
export function freePagesOf(free: readonly number[]): number {
  // a loop, not reduce (a hot path); holes are skipped as reduce skips them, so the sum is the same
  let sum = 0;
  for (let o = 0; o < free.length; o++) {
    const blocks = free[o];
    if (blocks === undefined && !(o in free)) continue;
    sum += (blocks as number) * pow2(o);
  }
  return sum;
}

/**
 * Would an allocation of 2^order pages pass the zone's watermark now. The modern check cannot see which
 * migratetype list a block sits on (buddyinfo sums them), so a HighAtomic-only block counts as usable.
 */
export function watermarkOk(
  zone: ZoneFree,
  watermarks: ZoneWatermarks,
  order: number,
  opts: WatermarkOptions,
): boolean {
  let freePages = freePagesOf(zone.free) - (pow2(order) - 1);
  let min = watermarks[opts.mark ?? 'min'];
  if (freePages <= min + (opts.reserve ?? 0)) return false;
  if (order === 0) return true;
  if (!opts.legacy) return zone.free.some((blocks, o) => o >= order && blocks > 0);
  for (let o = 0; o < order; o++) {
    // Pages in lower orders cannot serve this request, and the required reserve halves per order.
    freePages -= (zone.free[o] ?? 0) * pow2(o);
    min = Math.floor(min / 2);
    if (freePages <= min) return false;
  }
  return true;
}

/**
 * The order-0 test of `compaction_suitable()` (mm/compaction.c): compaction needs free pages above the
 * watermark plus `compact_gap(order)` = 2 << order for migration targets, or it is skipped (reclaim first).
 * 4.4+ uses the min watermark up to the costly order and low above it; 3.10 uses low for every order.
 */
export function compactionHasRoom(
  zone: ZoneFree,
  watermarks: ZoneWatermarks,
  order: number,
  opts: WatermarkOptions,
): boolean {
  const mark = opts.legacy || order > COSTLY_ORDER ? watermarks.low : watermarks.min;
  // 3.10 checks with classzone_idx 0, where no lowmem_reserve applies.
  const reserve = opts.legacy ? 0 : (opts.reserve ?? 0);
  return freePagesOf(zone.free) > mark + 2 * pow2(order) + reserve;
}

/**
 * lowmem_reserve an ordinary (GFP_KERNEL) allocation must leave in this zone: none in Normal and above;
 * for a lower zone, the largest `protection` entry (the reserve against requests that could use Normal).
 */
export function lowmemReserve(watermarks: ZoneWatermarks): number {
  if (watermarks.zone !== 'DMA' && watermarks.zone !== 'DMA32') return 0;
  return Math.max(0, ...(watermarks.protection ?? [0]));
}

/** True for kernels older than 4.4 (commit 97a16fc82a7c changed the high-order watermark check). */
export function usesLegacyWatermarks(kernel: string | undefined): boolean {
  const m = kernel?.match(/(\d+)\.(\d+)/);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < 4 || (major === 4 && minor < 4);
}
