/** The kernel memory model as the emulator uses it (the contract of `src/emulator/kernel`). */

/** Workload presets of the kernel model. */
export const KERNEL_PRESETS = ['healthy', 'pagecache', 'anonymous', 'unmovable', 'low-memory'] as const;
export type KernelPreset = (typeof KERNEL_PRESETS)[number];

/** Kernel generations the model renders. */
export const KERNEL_VERSIONS = ['6.x', '3.10'] as const;
export type KernelVersion = (typeof KERNEL_VERSIONS)[number];

/** What a node's model is built from. */
export interface KernelSpec {
  preset: KernelPreset;
  kernel: KernelVersion;
  numaNodes: number;
  memoryMiB: number;
  seed: number;
  hostname?: string;
}

/** One node's simulated kernel memory state. */
export interface KernelModel {
  /** relative path -> content of every regular file of the node tree */
  render(): Map<string, string>;
  dropCaches(mode: 1 | 2 | 3): { stallMs: number };
  compact(node?: number): { stallMs: number };
  /** ages the workload by model time */
  advance(ms: number): void;
  /** relative paths of the write-only control files */
  controlFiles(): string[];
  /** applies a raw control-file write as the kernel would (EINVAL as `error`), when the model offers it */
  write?(path: string, value: string): { stallMs: number } | { error: string };
}

/** Builds a model from a spec. */
export type KernelFactory = (spec: KernelSpec) => KernelModel;
