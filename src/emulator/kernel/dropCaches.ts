import { Page } from './constants';
import { type Machine, uptimeMs } from './machine';

/** Share of reclaimable slab pages that empty completely when their objects are dropped. */
const SLAB_FREED_SHARE = 0.8;
/** Cost model: µs per page walked and per page freed (the write is synchronous). */
const US_PER_PAGE_SCANNED = 0.02;
const US_PER_PAGE_FREED = 1.5;

/**
 * `echo N > /proc/sys/vm/drop_caches` (fs/drop_caches.c): bit 1 frees clean page cache (dirty pages stay),
 * bit 2 frees reclaimable slab, bit 4 only silences the log line. Freed pages merge in the buddy allocator.
 */
export function applyDropCaches(m: Machine, mode: number, comm = 'bash'): { stallMs: number } {
  let freed = 0;
  let scanned = 0;
  for (const z of m.nodes.flat()) {
    for (let i = 0; i < z.length; i++) {
      const s = (z.pages[i] ?? 0) & 15;
      if (mode & 1 && s === Page.CacheClean) {
        z.freePage(i);
        freed++;
      } else if (mode & 2 && s === Page.SlabReclaimable && m.rng.next() < SLAB_FREED_SHARE) {
        z.freePage(i);
        freed++;
      }
    }
    scanned += z.length;
  }
  if (mode & 1) m.events.add('drop_pagecache');
  if (mode & 2) m.events.add('drop_slab');
  m.events.add('pgfree', freed);
  if (!m.dropQuiet && mode & 3) m.log.add(uptimeMs(m), [`${comm} (${m.nextPid++}): drop_caches: ${mode}`]);
  if (mode & 4) m.dropQuiet = true;
  return { stallMs: ((mode & 3 ? scanned : 0) * US_PER_PAGE_SCANNED + freed * US_PER_PAGE_FREED) / 1000 };
}
