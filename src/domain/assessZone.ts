/**
 * Judges one zone at the target order: is it fine, short of memory, or fragmented, and can compaction
 * fix it. Pure over the zone's metrics and whatever zoneinfo/pagetypeinfo the evidence had.
 */
import { blocksAtOrAbove, fillContigPageInfo } from './contigPageInfo';
import type { Rules } from './rules';
import type { PagetypeZone, ZoneFree, ZoneMetrics, ZoneWatermarks } from './types';
import { compactionHasRoom, lowmemReserve } from './watermark';

/** What a zone looks like at the target order. */
export const ZoneState = { Ok: 'ok', Short: 'short', Fragmented: 'fragmented' } as const;
export type ZoneState = (typeof ZoneState)[keyof typeof ZoneState];

/** One counted zone judged at the target order, with the numbers the judgement rests on. */
export interface ZoneAssessment {
  metrics: ZoneMetrics;
  state: ZoneState;
  /** allocations of the target order the free lists could serve (the kernel's free_blocks_suitable) */
  suitableBlocks: number;
  /** free blocks of order >= target, as counted in buddyinfo */
  blocks: number;
  /** share (x1000) of pageblocks tagged Unmovable or Reclaimable, when pagetypeinfo had the zone */
  unmovableShare?: number;
  /** compaction cannot fix this zone: unmovable/reclaimable pageblocks dominate */
  unmovable: boolean;
  /** zoneinfo watermarks of the zone, when known */
  watermarks?: ZoneWatermarks;
}

/** Context shared by all zones of one evaluation. */
export interface AssessContext {
  targetOrder: number;
  rules: Rules;
  legacy: boolean;
  watermarks?: ZoneWatermarks;
  pagetype?: PagetypeZone;
}

/** Share (x1000) of a zone's pageblocks that are Unmovable or Reclaimable; undefined without block counts. */
export function unmovableShareOf(pagetype: PagetypeZone | undefined): number | undefined {
  if (!pagetype) return undefined;
  const counts = Object.entries(pagetype.blocks);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return undefined;
  const stuck = counts.filter(([name]) => name === 'Unmovable' || name === 'Reclaimable');
  return Math.floor((stuck.reduce((sum, [, n]) => sum + n, 0) * 1000) / total);
}

/** Short of memory: zoneinfo says compaction_suitable() would skip the zone (no room above the watermark). */
function isShort(zone: ZoneFree, ctx: AssessContext): boolean {
  if (!ctx.watermarks) return false;
  const reserve = lowmemReserve(ctx.watermarks);
  return !compactionHasRoom(zone, ctx.watermarks, ctx.targetOrder, { legacy: ctx.legacy, reserve });
}

/**
 * Ok when the zone can serve `minSuitableBlocks` allocations of the order (and passes the watermark check
 * when zoneinfo is known); otherwise fragmented when most free memory sits in too-small blocks, else short.
 */
function zoneState(metrics: ZoneMetrics, suitableBlocks: number, ctx: AssessContext): ZoneState {
  if (metrics.freePages === 0 || isShort(metrics, ctx)) return ZoneState.Short;
  const enough = suitableBlocks >= ctx.rules.minSuitableBlocks && metrics.watermarkOk !== false;
  if (enough) return ZoneState.Ok;
  const unusable = metrics.unusableIndex[ctx.targetOrder] ?? 1000;
  return unusable >= ctx.rules.fragmentedUnusableIndex ? ZoneState.Fragmented : ZoneState.Short;
}

/** Assess one zone (see `ZoneState`); `unmovable` is only ever true for a fragmented zone. */
export function assessZone(metrics: ZoneMetrics, ctx: AssessContext): ZoneAssessment {
  const order = ctx.targetOrder;
  const suitableBlocks = fillContigPageInfo(metrics.free, order).freeBlocksSuitable;
  const state = zoneState(metrics, suitableBlocks, ctx);
  const share = unmovableShareOf(ctx.pagetype);
  const assessment: ZoneAssessment = {
    metrics,
    state,
    suitableBlocks,
    blocks: blocksAtOrAbove(metrics.free, order),
    unmovable:
      state === ZoneState.Fragmented && share !== undefined && share >= ctx.rules.unmovableBlockShare,
  };
  if (share !== undefined) assessment.unmovableShare = share;
  if (ctx.watermarks) assessment.watermarks = ctx.watermarks;
  return assessment;
}
