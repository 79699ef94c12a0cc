/** The emulated kernel memory model: one per emulated node, rendered into its /proc and /sys files. */
export { createKernel } from './kernelModel';
export { DEFAULT_MIB_PER_NODE } from './machine';
export type { KernelModel, KernelSpec, Preset, WriteResult } from './types';
