import type { Era } from './era';
import type { Zone } from './zone';

/** Position of each zone in the kernel's zone enum; 6.x also has ZONE_DEVICE. */
const ZONE_INDEX: Record<string, number> = { DMA: 0, DMA32: 1, Normal: 2 };
/** sysctl_lowmem_reserve_ratio defaults (DMA, DMA32, Normal, Movable, Device). */
const RESERVE_RATIO = [256, 256, 32, 0, 0];

/**
 * min_free_kbytes as the kernel ends up with it: `calculate_min_free_kbytes` raised by khugepaged's
 * `set_recommended_min_free_kbytes` (THP is enabled on both eras), which is capped at 5% of lowmem.
 */
export function minFreeKbytes(zones: Zone[]): number {
  const managed = zones.reduce((s, z) => s + z.managed, 0);
  const base = Math.min(262144, Math.max(128, Math.floor(Math.sqrt(managed * 4 * 16))));
  const nrZones = zones.length;
  const recommendedPages = Math.min(512 * nrZones * 2 + 512 * nrZones * 9, Math.floor(managed / 20));
  return Math.max(base, recommendedPages * 4);
}

/** Sets min/low/high/promo (`__setup_per_zone_wmarks`) and protection (`setup_per_zone_lowmem_reserve`). */
export function applyWatermarks(nodes: Zone[][], era: Era, minFreeKb: number, scaleFactor: number): void {
  const all = nodes.flat();
  const lowmem = all.reduce((s, z) => s + z.managed, 0);
  const pagesMin = minFreeKb >> 2;
  for (const z of all) {
    const tmp = Math.floor((pagesMin * z.managed) / lowmem);
    if (era.modern) {
      const delta = Math.max(tmp >> 2, Math.floor((z.managed * scaleFactor) / 10000));
      z.wm = { min: tmp, low: tmp + delta, high: tmp + 2 * delta, promo: tmp + 3 * delta, protection: [] };
    } else {
      z.wm = { min: tmp, low: tmp + (tmp >> 2), high: tmp + (tmp >> 1), promo: 0, protection: [] };
    }
  }
  for (const zones of nodes) {
    for (const z of zones) z.wm.protection = protectionOf(zones, ZONE_INDEX[z.geo.name] ?? 2, era.zoneCount);
  }
}

/** lowmem_reserve[] of the zone at index `i` of its node: pages kept back from allocations aimed higher. */
export function protectionOf(zones: Zone[], i: number, zoneCount: number): number[] {
  const managedAt = (j: number): number => zones.find((z) => ZONE_INDEX[z.geo.name] === j)?.managed ?? 0;
  const out: number[] = [];
  let sum = 0;
  for (let j = 0; j < zoneCount; j++) {
    if (j <= i) {
      out.push(0);
      continue;
    }
    sum += managedAt(j);
    const ratio = RESERVE_RATIO[i] ?? 0;
    out.push(ratio ? Math.floor(sum / ratio) : 0);
  }
  return out;
}

/** Zone index of a zone name in the kernel's enum. */
export function zoneIndex(name: string): number {
  return ZONE_INDEX[name] ?? 2;
}
