import { PAGEBLOCK_ORDER } from './constants';
import type { Era } from './era';
import { type MemStats, memStats } from './memStats';
import { EL7_ZONE_STATS, NODE_STATS, ZONE_STATS } from './statNames';
import { protectionOf } from './watermarks';
import type { Zone } from './zone';

const CPUS = 2;

/** Value of a named node or zone counter from the page counts (counters the model does not track are 0). */
export function statValue(name: string, s: MemStats, z?: Zone): number {
  const v: Record<string, number> = {
    nr_free_pages: s.free,
    nr_inactive_anon: s.inactiveAnon,
    nr_active_anon: s.activeAnon,
    nr_inactive_file: s.inactiveFile,
    nr_active_file: s.activeFile,
    nr_zone_inactive_anon: s.inactiveAnon,
    nr_zone_active_anon: s.activeAnon,
    nr_zone_inactive_file: s.inactiveFile,
    nr_zone_active_file: s.activeFile,
    nr_zone_write_pending: s.dirty,
    nr_slab_reclaimable: s.slabReclaimable,
    nr_slab_unreclaimable: s.slabUnreclaimable,
    nr_anon_pages: s.anon,
    nr_mapped: s.mapped,
    nr_file_pages: s.file,
    nr_dirty: s.dirty,
    nr_shmem: s.shmem,
    nr_kernel_stack: s.kernelStackPages * 4,
    nr_page_table_pages: s.pageTables,
    nr_free_pages_blocks: z ? freeInPageblocks(z) : 0,
  };
  return v[name] ?? 0;
}

/** /proc/zoneinfo in the era's layout (6.x prints every zone, 3.10 only populated ones). */
export function renderZoneinfo(nodes: Zone[][], era: Era): string {
  const parts: string[] = [];
  for (const zones of nodes) {
    const node = zones[0]?.geo.node ?? 0;
    const nodeStats = memStats(zones);
    era.zoneNames.forEach((name, idx) => {
      const z = zones.find((x) => x.geo.name === name);
      if (!era.modern) {
        if (z) parts.push(el7Zone(z));
        return;
      }
      const first = z !== undefined && z === zones[0];
      parts.push(z ? modernZone(z, first ? nodeStats : undefined) : emptyZone(node, name, zones, idx, era));
    });
  }
  return parts.join('');
}

function modernZone(z: Zone, nodeStats: MemStats | undefined): string {
  const s = memStats([z]);
  const w = z.wm;
  const l = [`Node ${z.geo.node}, zone ${z.geo.name.padStart(8)}`];
  if (nodeStats) {
    l.push('  per-node stats');
    for (const n of NODE_STATS) l.push(`      ${n.padEnd(12)} ${statValue(n, nodeStats)}`);
  }
  l.push(
    `  pages free     ${z.freePages}`,
    `        boost    0`,
    `        min      ${w.min}`,
    `        low      ${w.low}`,
    `        high     ${w.high}`,
    `        promo    ${w.promo}`,
    `        spanned  ${z.geo.spanned}`,
    `        present  ${z.geo.present}`,
    `        managed  ${z.managed}`,
    `        cma      0`,
    `        protection: (${w.protection.join(', ')})`,
  );
  for (const n of ZONE_STATS) l.push(`      ${n.padEnd(12)} ${statValue(n, s, z)}`);
  l.push('  pagesets');
  const p = pageset(z);
  for (let cpu = 0; cpu < CPUS; cpu++) {
    l.push(`    cpu: ${cpu}`, `              count:    0`, `              high:     ${p.high}`);
    l.push(`              batch:    ${p.batch}`, `              high_min: ${p.highMin}`);
    l.push(`              high_max: ${p.highMax}`, `  vm stats threshold: ${p.threshold}`);
  }
  l.push('  node_unreclaimable:  0', `  start_pfn:           ${z.geo.startPfn}`);
  return `${l.join('\n')}\n`;
}

function emptyZone(node: number, name: string, zones: Zone[], idx: number, era: Era): string {
  const prot = protectionOf(zones, idx, era.zoneCount);
  const l = [`Node ${node}, zone ${name.padStart(8)}`, '  pages free     0'];
  for (const f of ['boost', 'min', 'low', 'high', 'promo', 'spanned', 'present', 'managed', 'cma']) {
    l.push(`        ${f.padEnd(8)} 0`);
  }
  l.push(`        protection: (${prot.join(', ')})`);
  return `${l.join('\n')}\n`;
}

function el7Zone(z: Zone): string {
  const s = memStats([z]);
  const w = z.wm;
  const l = [
    `Node ${z.geo.node}, zone ${z.geo.name.padStart(8)}`,
    `  pages free     ${z.freePages}`,
    `        min      ${w.min}`,
    `        low      ${w.low}`,
    `        high     ${w.high}`,
    `        scanned  0`,
    `        spanned  ${z.geo.spanned}`,
    `        present  ${z.geo.present}`,
    `        managed  ${z.managed}`,
  ];
  for (const n of EL7_ZONE_STATS) l.push(`    ${n.padEnd(12)} ${statValue(n, s, z)}`);
  l.push(`        protection: (${w.protection.join(', ')})`);
  l.push('  pagesets');
  const p = pageset(z);
  for (let cpu = 0; cpu < CPUS; cpu++) {
    l.push(`    cpu: ${cpu}`, '              count: 0', `              high:  ${p.high}`);
    l.push(`              batch: ${p.batch}`, `  vm stats threshold: ${p.threshold}`);
  }
  l.push('  all_unreclaimable: 0', `  start_pfn:         ${z.geo.startPfn}`, '  inactive_ratio:    1');
  return `${l.join('\n')}\n`;
}

/** Per-cpu pageset sizing (`zone_batchsize`, `zone_highsize`, `calculate_normal_threshold`) for 2 CPUs. */
function pageset(z: Zone): {
  batch: number;
  high: number;
  highMin: number;
  highMax: number;
  threshold: number;
} {
  let batch = Math.min(Math.floor(z.managed / 1024), 256) >> 2;
  batch = Math.max(1, batch);
  batch = Math.max(1, 2 ** Math.floor(Math.log2(batch + (batch >> 1))) - 1);
  const highMin = z.wm.low >> 1;
  const fls = (x: number): number => (x === 0 ? 0 : 32 - Math.clz32(x));
  const threshold = 2 * fls(CPUS) * (1 + fls(z.managed >> 15));
  return {
    batch,
    high: z.geo.name === 'DMA' ? 0 : highMin,
    highMin,
    highMax: Math.floor(z.managed / 16),
    threshold,
  };
}

/** Free pages in blocks of at least pageblock order (6.18 `nr_free_pages_blocks`). */
function freeInPageblocks(z: Zone): number {
  const c = z.buddyCounts();
  let n = 0;
  for (let o = PAGEBLOCK_ORDER; o < c.length; o++) n += (c[o] ?? 0) << o;
  return n;
}
