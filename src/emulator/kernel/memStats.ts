import { Page } from './constants';
import type { Zone } from './zone';

/** Page counts behind meminfo, vmstat and zoneinfo, split the way the kernel's counters split them. */
export interface MemStats {
  free: number;
  managed: number;
  present: number;
  anon: number;
  activeAnon: number;
  inactiveAnon: number;
  file: number;
  activeFile: number;
  inactiveFile: number;
  dirty: number;
  buffers: number;
  mapped: number;
  shmem: number;
  slabReclaimable: number;
  slabUnreclaimable: number;
  kernelStackPages: number;
  pageTables: number;
}

/** Counts the pages of `zones` by owner and derives the LRU and kernel-memory splits. */
export function memStats(zones: Zone[]): MemStats {
  const c = new Array<number>(9).fill(0);
  let managed = 0;
  let present = 0;
  let free = 0;
  for (const z of zones) {
    z.stateCounts().forEach((n, s) => {
      c[s] = (c[s] ?? 0) + n;
    });
    managed += z.managed;
    present += z.geo.present;
    free += z.freePages;
  }
  const at = (s: number): number => c[s] ?? 0;
  const anon = at(Page.Anon);
  const file = at(Page.CacheClean) + at(Page.CacheDirty);
  const kernel = at(Page.Kernel);
  // new anon pages start on the inactive list in 6.x (B19: inactive_anon dominates)
  const activeAnon = Math.floor(anon * 0.05);
  const activeFile = Math.floor(file * 0.3);
  const slabUnreclaimable = Math.floor(kernel * 0.6);
  const kernelStackPages = Math.floor(kernel * 0.1);
  return {
    free,
    managed,
    present,
    anon,
    activeAnon,
    inactiveAnon: anon - activeAnon,
    file,
    activeFile,
    inactiveFile: file - activeFile,
    dirty: at(Page.CacheDirty),
    buffers: Math.floor(file * 0.02),
    mapped: Math.floor(file * 0.08),
    shmem: Math.floor(file * 0.01),
    slabReclaimable: at(Page.SlabReclaimable),
    slabUnreclaimable,
    kernelStackPages,
    pageTables: kernel - slabUnreclaimable - kernelStackPages,
  };
}
