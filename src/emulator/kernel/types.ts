/** Public contract of the emulated kernel memory model (the TAT emulator hosts one per emulated node). */

/** The state a node's memory ages into. */
export type Preset = 'healthy' | 'pagecache' | 'anonymous' | 'unmovable' | 'low-memory';

/** How to build one emulated node's kernel. */
export interface KernelSpec {
  preset: Preset;
  kernel?: '6.x' | '3.10';
  numaNodes?: number;
  /** total memory of the node (all NUMA nodes); default 256 MiB per NUMA node */
  memoryMiB?: number;
  seed: number;
  hostname?: string;
}

/** A write to a control file either blocks for `stallMs` or is rejected like the kernel would (EINVAL). */
export type WriteResult = { stallMs: number } | { error: string };

/** One emulated node's kernel memory state, its /proc and /sys files and its control-file effects. */
export interface KernelModel {
  /** relative path -> exact file content (proc/buddyinfo, proc/pagetypeinfo, ..., dmesg, pagesize) */
  render(): Map<string, string>;
  /** write-only control files: proc/sys/vm/drop_caches, proc/sys/vm/compact_memory, per-node compact */
  controlFiles(): string[];
  /** applies a write to a control file as the kernel would */
  write(path: string, value: string): WriteResult;
  dropCaches(mode: 1 | 2 | 3): { stallMs: number };
  compact(node?: number): { stallMs: number };
  /** model time: ages the workload by `ms` */
  advance(ms: number): void;
  /** model time since the model was created, in ms */
  readonly nowMs: number;
  /** order of the workload's high-order allocation that fails when fragmented (6 on 3.10, 4 on 6.x) */
  readonly failOrder: number;
}
