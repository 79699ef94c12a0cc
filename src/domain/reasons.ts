/**
 * The sentences a diagnosis gives a person: full sentences with the numbers they rest on.
 */
import type { ZoneAssessment } from './assessZone';
import { formatIndex } from './extfragText';
import { WOULD_SUCCEED } from './fragmentationIndex';
import type { TargetOrder } from './targetOrder';
import type { AllocationFailure } from './types';

/** `Normal zone on node 0` */
export function zoneLabel(z: { node: number; zone: string }): string {
  return `${z.zone} zone on node ${z.node}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `99.6%` from an index x1000. */
function percent(index: number): string {
  return `${(index / 10).toFixed(1)}%`;
}

/** Where the target order came from. */
export function targetOrderReason(target: TargetOrder, hasLog: boolean): string {
  if (target.source === 'configured') return `Target order ${target.order} is configured.`;
  if (target.source === 'log' && target.failure) {
    const f = target.failure;
    return `Target order ${target.order} comes from the most recent allocation failure in the kernel log (${f.comm}, order ${f.order}, line ${f.line}).`;
  }
  const why = hasLog
    ? 'the kernel log shows no allocation failure above order 0'
    : 'the evidence has no kernel log';
  return `Target order ${target.order} is the default: ${why}.`;
}

/** One failure, for sentences: `runc:[1:CHILD] (order 6, line 3, allowed nodes 0)`. */
export function failureLabel(f: AllocationFailure): string {
  const nodes = f.memsAllowed ? `, allowed nodes ${f.memsAllowed}` : '';
  return `${f.comm} (order ${f.order}, line ${f.line}${nodes})`;
}

/** How much of the zone's free memory the target order can use, in the example's words. */
export function fragmentedZoneReason(a: ZoneAssessment, order: number): string {
  const u = a.metrics.unusableIndex[order] ?? 1000;
  const head = `${zoneLabel(a.metrics)}: ${percent(u)} of free memory is in blocks smaller than order ${order} (unusable index ${formatIndex(u)}), ${plural(a.blocks, 'free block')} of order >= ${order}`;
  if (a.blocks === 0) return `${head}: an order-${order} allocation cannot be served from this zone now.`;
  return `${head}, enough for ${a.suitableBlocks} order-${order} allocations.`;
}

/** B02's caveat: a single big block makes the kernel's index -1.000 without making the zone healthy. */
export function fragindexCaveat(a: ZoneAssessment, order: number): string | undefined {
  if (a.metrics.fragmentationIndex[order] !== WOULD_SUCCEED) return undefined;
  const exist =
    a.blocks === 1
      ? '1 free block of order >= ' + order + ' exists'
      : `${a.blocks} free blocks of order >= ${order} exist`;
  return `${zoneLabel(a.metrics)}: the kernel's fragmentation index at order ${order} is -1.000 only because ${exist}; that does not make the zone healthy.`;
}

/** The kernel's own view: at or below extfrag_threshold it reclaims instead of compacting for this order. */
export function kernelRefusesReason(a: ZoneAssessment, order: number, threshold: number): string | undefined {
  const fi = a.metrics.fragmentationIndex[order] ?? 0;
  if (fi < 0 || fi > threshold) return undefined;
  return `${zoneLabel(a.metrics)}: the kernel's fragmentation index at order ${order} is ${formatIndex(fi)} (<= extfrag_threshold ${formatIndex(threshold)}), so the kernel itself treats a failure there as lack of memory and reclaims instead of compacting.`;
}

/** Why a zone counts as short of memory. */
export function shortZoneReason(a: ZoneAssessment, order: number): string {
  const w = a.watermarks;
  if (w) {
    return `${zoneLabel(a.metrics)}: ${plural(a.metrics.freePages, 'free page')} leave no room above the watermarks (min ${w.min}, low ${w.low}) plus the ${2 * 2 ** order} pages compaction needs for order ${order}: compaction would be skipped, memory must be freed first.`;
  }
  return `${zoneLabel(a.metrics)}: only ${plural(a.metrics.freePages, 'free page')}, ${plural(a.suitableBlocks, 'order-' + order + ' allocation')} available, and most free memory is already in usable blocks: this is a shortage of memory, not fragmentation.`;
}

/** Why a fragmented zone is beyond compaction. */
export function unmovableReason(a: ZoneAssessment): string {
  return `${zoneLabel(a.metrics)}: ${percent(a.unmovableShare ?? 0)} of pageblocks are Unmovable or Reclaimable; compaction moves only movable pages into movable pageblocks, so it cannot fix this zone.`;
}

/** A zone that is fine at the target order. */
export function okZoneReason(a: ZoneAssessment, order: number): string {
  const u = a.metrics.unusableIndex[order] ?? 1000;
  return `${zoneLabel(a.metrics)}: ${plural(a.blocks, 'free block')} of order >= ${order}, enough for ${a.suitableBlocks} order-${order} allocations (unusable index ${formatIndex(u)}): not fragmented at order ${order}.`;
}
