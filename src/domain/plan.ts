/**
 * The remediation plan that follows from a verdict, least action first: nothing when healthy or unsure;
 * drop_caches before compaction; compaction only of the NUMA nodes that need it, and never when memory is
 * exhausted or unmovable pageblocks make it useless (the notes say so).
 */
import type { NodeAssessment } from './assessNode';
import type { Rules } from './rules';
import { type Meminfo, type PlanStage, StageKind, Verdict } from './types';

/** What a plan is derived from: the verdicts per node and the host's cache. */
export interface PlanInput {
  verdict: Verdict;
  nodes: readonly NodeAssessment[];
  /** every NUMA node of the host (from the report and the free lists) */
  allNodes: readonly number[];
  targetOrder: number;
  meminfo?: Meminfo;
  rules: Rules;
}

/** The stages, and sentences explaining the stages left out. */
export interface Plan {
  stages: PlanStage[];
  notes: string[];
}

/** kB drop_caches can free: clean page cache except shmem (which it cannot drop) plus reclaimable slab. */
export function reclaimableKb(meminfo: Meminfo | undefined): number | undefined {
  if (!meminfo || (meminfo.Cached === undefined && meminfo.SReclaimable === undefined)) return undefined;
  return Math.max(0, (meminfo.Cached ?? 0) - (meminfo.Shmem ?? 0)) + (meminfo.SReclaimable ?? 0);
}

const mib = (kb: number) => `${Math.floor(kb / 1024)} MiB`;

/** drop_caches when there is enough cache to gain, or when meminfo is unknown (it is the cheap stage). */
function dropCachesStage(input: PlanInput, notes: string[]): PlanStage | undefined {
  const gain = reclaimableKb(input.meminfo);
  if (gain === undefined) {
    return {
      kind: StageKind.DropCaches,
      why: 'meminfo is unknown; drop_caches is the cheap stage, so it goes first.',
    };
  }
  if (gain < input.rules.minDropCachesGainKb) {
    notes.push(
      `drop_caches is not planned: only ${mib(gain)} of page cache and reclaimable slab could be freed (threshold ${mib(input.rules.minDropCachesGainKb)}).`,
    );
    return undefined;
  }
  return {
    kind: StageKind.DropCaches,
    why: `${mib(gain)} of page cache and reclaimable slab can be freed; freed pages merge into larger blocks (cheap stage first).`,
  };
}

/** Compaction of the fragmented nodes: per node when only some of the host's nodes need it. */
function compactStage(input: PlanInput): PlanStage {
  const needing = input.nodes.filter((n) => n.verdict === Verdict.Fragmented).map((n) => n.node);
  const others = input.allNodes.filter((n) => !needing.includes(n));
  const list = needing.join(', ');
  const why = `Movable memory is fragmented at order ${input.targetOrder} on node ${list}; compaction can rebuild the blocks. It runs only if drop_caches did not reach the target.`;
  if (others.length === 0) return { kind: StageKind.Compact, why };
  return {
    kind: StageKind.Compact,
    nodes: needing,
    why: `${why} Only node ${list} is compacted; node ${others.join(', ')} does not need it.`,
  };
}

/** The plan for a verdict (see the module comment). */
export function planStages(input: PlanInput): Plan {
  const notes: string[] = [];
  if (input.verdict === Verdict.Healthy || input.verdict === Verdict.Unknown) return { stages: [], notes };
  const drop = dropCachesStage(input, notes);
  const stages = drop ? [drop] : [];
  if (input.verdict === Verdict.Fragmented) return { stages: [...stages, compactStage(input)], notes };
  if (input.verdict === Verdict.LowMemory) {
    notes.push(
      'Compaction is not planned: memory is exhausted, and compaction only rearranges free memory, it cannot create it. Free memory by moving or stopping workloads.',
    );
  } else {
    notes.push(
      'Compaction is not planned: unmovable and reclaimable pageblocks dominate the fragmented zones.',
    );
  }
  return { stages, notes };
}
