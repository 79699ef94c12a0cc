/**
 * Per NUMA node verdicts from the zone assessments, and the host's verdict, worst zone and severity.
 */
import { type ZoneAssessment, ZoneState } from './assessZone';
import { Severity, Verdict } from './types';

/** One NUMA node judged on the zones that count. */
export interface NodeAssessment {
  node: number;
  verdict: Verdict;
  /** the counted zones of the node */
  zones: ZoneAssessment[];
}

/**
 * Low memory when every counted zone is short (the allocator falls back across them), or the host is
 * exhausted; fragmented when a counted zone is fragmented; unmovable when all such zones are beyond compaction.
 */
export function nodeVerdict(zones: readonly ZoneAssessment[], hostExhausted: boolean): Verdict {
  if (hostExhausted || zones.every((z) => z.state === ZoneState.Short)) return Verdict.LowMemory;
  const fragmented = zones.filter((z) => z.state === ZoneState.Fragmented);
  if (fragmented.length === 0) return Verdict.Healthy;
  return fragmented.every((z) => z.unmovable) ? Verdict.Unmovable : Verdict.Fragmented;
}

/** Precedence for the host: the verdict that calls for action wins; the others stay in the reasons. */
const RANK: Record<Verdict, number> = {
  [Verdict.Fragmented]: 4,
  [Verdict.Unmovable]: 3,
  [Verdict.LowMemory]: 2,
  [Verdict.Healthy]: 1,
  [Verdict.Unknown]: 0,
};

/** The host verdict over its NUMA nodes. */
export function hostVerdict(nodes: readonly NodeAssessment[]): Verdict {
  return nodes.reduce<Verdict>((v, n) => (RANK[n.verdict] > RANK[v] ? n.verdict : v), Verdict.Healthy);
}

/**
 * The zone to show first: among nodes with the host verdict (preferring the failing task's allowed nodes),
 * the least usable zone at the target order, or for low memory the one with the fewest free pages.
 */
export function worstZone(
  nodes: readonly NodeAssessment[],
  verdict: Verdict,
  order: number,
  preferNodes: readonly number[] = [],
): ZoneAssessment | undefined {
  const matching = nodes.filter((n) => n.verdict === verdict);
  const preferred = matching.filter((n) => preferNodes.includes(n.node));
  const candidates = (preferred.length > 0 ? preferred : matching).flatMap((n) => n.zones);
  const wanted =
    verdict === Verdict.Fragmented || verdict === Verdict.Unmovable ? ZoneState.Fragmented : undefined;
  const pool = candidates.filter((z) => !wanted || z.state === wanted);
  return pool.reduce<ZoneAssessment | undefined>(
    (w, z) => (!w || worse(z, w, verdict, order) ? z : w),
    undefined,
  );
}

/** Is `a` worse than `b`: less usable at the order, then fewer allocations left, then more free memory stuck. */
function worse(a: ZoneAssessment, b: ZoneAssessment, verdict: Verdict, order: number): boolean {
  if (verdict === Verdict.LowMemory) return a.metrics.freePages < b.metrics.freePages;
  const ua = a.metrics.unusableIndex[order] ?? 1000;
  const ub = b.metrics.unusableIndex[order] ?? 1000;
  if (ua !== ub) return ua > ub;
  if (a.suitableBlocks !== b.suitableBlocks) return a.suitableBlocks < b.suitableBlocks;
  return a.metrics.freePages > b.metrics.freePages;
}

/** How urgent: critical when the target order (or order 0) cannot be served on a node at all. */
export function severityOf(
  verdict: Verdict,
  nodes: readonly NodeAssessment[],
  order: number,
  failureOrders: readonly number[],
): Severity {
  if (verdict === Verdict.Healthy || verdict === Verdict.Unknown) return Severity.None;
  if (verdict === Verdict.LowMemory) return failureOrders.includes(0) ? Severity.Critical : Severity.High;
  if (verdict === Verdict.Unmovable) return Severity.High;
  const fragmentedNodes = nodes.filter((n) => n.verdict === Verdict.Fragmented);
  if (fragmentedNodes.some((n) => n.zones.every((z) => z.blocks === 0))) return Severity.Critical;
  const worst = Math.max(
    ...fragmentedNodes.flatMap((n) => n.zones.map((z) => z.metrics.unusableIndex[order] ?? 0)),
  );
  if (worst >= 990 || failureOrders.some((o) => o >= order)) return Severity.High;
  return Severity.Medium;
}
