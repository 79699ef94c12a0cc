/**
 * The shared vocabulary of the diagnosis core: parsed kernel state, verdicts and plans.
 * Pure data only; every other layer builds on these shapes.
 */

/** Free blocks per order for one zone: one `/proc/buddyinfo` row (`free[o]` = free blocks of 2^o pages). */
export interface ZoneFree {
  node: number;
  zone: string;
  free: number[];
}

/** A parse failure: what went wrong and the 1-based line it went wrong on (0 when not tied to a line). */
export interface ParseError {
  message: string;
  line: number;
  text: string;
}

/** Parsers return values, never throw: a failure names its line. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ParseError };

/** Per-migratetype free counts of one zone from `/proc/pagetypeinfo`; `atLeast[o]` marks `>100000` counts. */
export interface PagetypeFree {
  counts: number[];
  atLeast: boolean[];
}

export interface PagetypeZone {
  node: number;
  zone: string;
  /** keyed by the migratetype names of the header (`Unmovable`, `Movable`, ...), never by position */
  free: Record<string, PagetypeFree>;
  /** pageblocks per migratetype ("Number of blocks type") */
  blocks: Record<string, number>;
}

export interface Pagetypeinfo {
  pageblockOrder: number;
  pagesPerBlock: number;
  migratetypes: string[];
  zones: PagetypeZone[];
}

/** Watermarks of one zone from `/proc/zoneinfo`, in pages. */
export interface ZoneWatermarks {
  node: number;
  zone: string;
  free: number;
  min: number;
  low: number;
  high: number;
  managed: number;
  boost?: number;
  present?: number;
  /** lowmem_reserve[] ("protection: (...)") when the source had it */
  protection?: number[];
}

/** `/proc/meminfo` in kB (HugePages_* counts stay counts). */
export type Meminfo = Record<string, number>;
/** `/proc/vmstat` counters. */
export type Vmstat = Record<string, number>;

/** One `page allocation failure` header found in a kernel log. */
export interface AllocationFailure {
  comm: string;
  order: number;
  mode: string;
  /** decoded GFP flag names when the kernel printed them (4.6+) */
  flags?: string[];
  nodemask?: string;
  cpuset?: string;
  memsAllowed?: string;
  /** the log's own timestamp text, as printed */
  time?: string;
  /** 1-based line in the input */
  line: number;
}

/** What the kernel log says about memory: failures, Mem-Info free lists, related messages. */
export interface KernelLogFindings {
  failures: AllocationFailure[];
  /** Mem-Info free-list lines turned into buddyinfo-equivalent rows */
  freeLists: ZoneFree[];
  /** page size in bytes read from the kB sizes of the free lists, when any */
  pageSize?: number;
  slubFailures: number;
  conntrackFallbacks: number;
  oomKills: number;
}

/** Where the evidence came from. */
export const EvidenceSource = {
  Buddyinfo: 'buddyinfo',
  ProbeReport: 'probe-report',
  KernelLog: 'kernel-log',
  Pagetypeinfo: 'pagetypeinfo',
} as const;
export type EvidenceSource = (typeof EvidenceSource)[keyof typeof EvidenceSource];

/**
 * Everything known about one node's memory at one moment. Only `buddyinfo` is required; a full probe
 * report fills the rest. `problems` lists why the evidence may not be trusted (cut, stale, inconsistent).
 */
export interface Evidence {
  source: EvidenceSource;
  buddyinfo: ZoneFree[];
  complete: boolean;
  problems: string[];
  kernel?: string;
  pageSize?: number;
  hostname?: string;
  uptimeSeconds?: number;
  /** epoch seconds when the node took the snapshot */
  takenAt?: number;
  zoneinfo?: ZoneWatermarks[];
  pagetypeinfo?: Pagetypeinfo;
  meminfo?: Meminfo;
  vmstat?: Vmstat;
  sysctl?: Record<string, string>;
  thp?: { enabled?: string; defrag?: string };
  kernlog?: KernelLogFindings;
  /** NUMA node ids, from the report (for per-node compaction) */
  numaNodes?: number[];
  /**
   * Optional parts the report asked for but lacks or had cut, each with why: they do not make the evidence
   * untrusted, but a decision that needs them (pagetypeinfo for compaction) cannot be taken.
   */
  gaps?: string[];
}

export const Verdict = {
  Healthy: 'healthy',
  Fragmented: 'fragmented',
  LowMemory: 'low-memory',
  Unmovable: 'unmovable',
  Unknown: 'unknown',
} as const;
export type Verdict = (typeof Verdict)[keyof typeof Verdict];

export const Severity = {
  None: 'none',
  Low: 'low',
  Medium: 'medium',
  High: 'high',
  Critical: 'critical',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** The remediation stages a plan can hold, least action first. */
export const StageKind = { DropCaches: 'drop_caches', Compact: 'compact' } as const;
export type StageKind = (typeof StageKind)[keyof typeof StageKind];

export interface PlanStage {
  kind: StageKind;
  /** compaction scope: the NUMA nodes to compact; absent = global `compact_memory` */
  nodes?: number[];
  why: string;
}

/** Metrics of one zone, in the kernel's integer units. */
export interface ZoneMetrics {
  node: number;
  zone: string;
  free: number[];
  freePages: number;
  /** pages in free blocks of order >= the target order */
  freePagesAtOrAbove: number;
  /** per order, 0..1000 (debugfs unusable_index x1000) */
  unusableIndex: number[];
  /** per order, -1000 or 0..1000 (debugfs extfrag_index x1000) */
  fragmentationIndex: number[];
  /** kcompactd's fragmentation score at the huge-page order, 0..100 */
  score: number;
  /** would an allocation of the target order pass the min watermark (needs zoneinfo) */
  watermarkOk?: boolean;
}

/** The judgement of one node: verdict, where it is worst, what to do and why. */
export interface Diagnosis {
  verdict: Verdict;
  severity: Severity;
  targetOrder: number;
  worst?: { node: number; zone: string };
  zones: ZoneMetrics[];
  allocationFailures: AllocationFailure[];
  plan: PlanStage[];
  reasons: string[];
}
