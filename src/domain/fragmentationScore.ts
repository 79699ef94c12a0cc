import { fillContigPageInfo } from './contigPageInfo';
import { pow2 } from './pow2';

/** COMPACTION_HPAGE_ORDER on x86_64 (2 MiB with 4 KiB pages): the order kcompactd scores. */
export const HPAGE_ORDER = 9;

/**
 * The kernel's `extfrag_for_order()` (mm/compaction.c), kcompactd's per-zone fragmentation score: percent of
 * free memory not in blocks of order >= `order`. Unlike the unusable index it is 0 for an empty zone.
 */
export function fragmentationScore(free: readonly number[], order = HPAGE_ORDER): number {
  const info = fillContigPageInfo(free, order);
  if (info.freePages === 0) return 0;
  const usable = info.freeBlocksSuitable * pow2(order);
  return Math.floor(((info.freePages - usable) * 100) / info.freePages);
}

/** One zone of a NUMA node for the weighted node score: its free lists and `present` pages (zoneinfo). */
export interface ScoredZone {
  free: readonly number[];
  present: number;
}

/**
 * `fragmentation_score_node()` (mm/compaction.c, 5.9+): the sum of each populated zone's score weighted by
 * `present * score / (node_present_pages + 1)`. Proactive compaction starts above 100 - proactiveness + 10.
 */
export function nodeFragmentationScore(zones: readonly ScoredZone[], order = HPAGE_ORDER): number {
  const nodePresent = zones.reduce((sum, z) => sum + z.present, 0);
  let score = 0;
  for (const z of zones) {
    if (z.present === 0) continue;
    score += Math.floor((z.present * fragmentationScore(z.free, order)) / (nodePresent + 1));
  }
  return score;
}
