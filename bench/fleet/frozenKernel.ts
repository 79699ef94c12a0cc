/**
 * A kernel factory for big benchmark fleets: each distinct node shape gets one real kernel model, aged once
 * and rendered once, and every node of that shape serves that snapshot. Modelling each of 10,000 kernels
 * costs the emulator ~20 ms of CPU per probe (minutes per sweep on one core), which would measure the
 * emulator instead of the sweeper; the probe text stays the real model's bytes.
 */
import { createKernel } from '../../src/emulator/kernel/index';
import type { KernelFactory, KernelModel, KernelSpec } from '../../src/emulator/tat/kernelContract';

/** Model time the shared snapshot is aged before it is rendered (one sweep step). */
const AGE_MS = 60_000;

function frozen(model: KernelModel): KernelModel {
  const files = model.render();
  const controls = model.controlFiles();
  return {
    render: () => files,
    controlFiles: () => controls,
    dropCaches: (mode) => model.dropCaches(mode),
    compact: (node) => model.compact(node),
    advance: () => undefined,
  };
}

/** Builds the factory; snapshots are shared per (preset, kernel, NUMA nodes, memory). */
export function frozenKernelFactory(): KernelFactory {
  const shapes = new Map<string, KernelModel>();
  return (spec: KernelSpec) => {
    const key = `${spec.preset}/${spec.kernel}/${spec.numaNodes}/${spec.memoryMiB}`;
    let shared = shapes.get(key);
    if (!shared) {
      const model = createKernel(spec);
      model.advance(AGE_MS);
      shared = frozen(model);
      shapes.set(key, shared);
    }
    return shared;
  };
}
