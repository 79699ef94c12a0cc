import { NR_ORDERS } from './constants';
import type { Era } from './era';
import type { Machine } from './machine';
import { memStats } from './memStats';
import type { Zone } from './zone';

const kB = (pages: number): number => pages * 4;

/** `__show_mem()` / `show_free_areas()`: the Mem-Info block printed after an allocation failure. */
export function showMem(m: Machine): string[] {
  const zones = m.nodes.flat();
  const s = memStats(zones);
  const out = [
    'Mem-Info:',
    `active_anon:${s.activeAnon} inactive_anon:${s.inactiveAnon} isolated_anon:0`,
    ` active_file:${s.activeFile} inactive_file:${s.inactiveFile} isolated_file:0`,
    ` unevictable:0 dirty:${s.dirty} writeback:0${m.era.modern ? '' : ' unstable:0'}`,
    ` slab_reclaimable:${s.slabReclaimable} slab_unreclaimable:${s.slabUnreclaimable}`,
    ` mapped:${s.mapped} shmem:${s.shmem} pagetables:${s.pageTables}${m.era.modern ? '' : ' bounce:0'}`,
    ...(m.era.modern ? [' sec_pagetables:0 bounce:0', ' kernel_misc_reclaimable:0'] : []),
    ` free:${s.free} free_pcp:0 free_cma:0`,
  ];
  if (m.era.modern) for (const zs of m.nodes) out.push(nodeLine(zs));
  for (const z of zones) {
    out.push(zoneLine(z, m.era));
    out.push(`lowmem_reserve[]: ${z.wm.protection.join(' ')}`);
  }
  for (const z of zones) out.push(freeListLine(z, m.era));
  for (const zs of m.nodes) {
    const n = zs[0]?.geo.node ?? 0;
    out.push(`Node ${n} hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB`);
  }
  const ram = zones.reduce((a, z) => a + z.geo.present, 0);
  out.push(
    `${s.file} total pagecache pages`,
    '0 pages in swap cache',
    'Free swap  = 0kB',
    'Total swap = 0kB',
    `${ram} pages RAM`,
    '0 pages HighMem/MovableOnly',
    `${ram - s.managed} pages reserved`,
  );
  if (m.era.modern) out.push('0 pages hwpoisoned');
  return out;
}

/** The per-zone summary line; its fields differ between `show_free_areas` of 3.10 and 6.x. */
function zoneLine(z: Zone, era: Era): string {
  const w = z.wm;
  const s = memStats([z]);
  const head = `Node ${z.geo.node} ${z.geo.name} free:${kB(z.freePages)}kB`;
  const lru =
    `active_anon:${kB(s.activeAnon)}kB inactive_anon:${kB(s.inactiveAnon)}kB active_file:${kB(s.activeFile)}kB` +
    ` inactive_file:${kB(s.inactiveFile)}kB unevictable:0kB`;
  const sizes = `present:${kB(z.geo.present)}kB managed:${kB(z.managed)}kB mlocked:0kB`;
  if (era.modern) {
    return (
      `${head} boost:0kB min:${kB(w.min)}kB low:${kB(w.low)}kB high:${kB(w.high)}kB reserved_highatomic:0KB` +
      ` free_highatomic:0KB ${lru} writepending:${kB(s.dirty)}kB zspages:0kB ${sizes} bounce:0kB free_pcp:0kB` +
      ' local_pcp:0kB free_cma:0kB'
    );
  }
  return (
    `${head} min:${kB(w.min)}kB low:${kB(w.low)}kB high:${kB(w.high)}kB ${lru} isolated(anon):0kB` +
    ` isolated(file):0kB ${sizes} dirty:${kB(s.dirty)}kB writeback:0kB mapped:${kB(s.mapped)}kB` +
    ` shmem:${kB(s.shmem)}kB slab_reclaimable:${kB(s.slabReclaimable)}kB` +
    ` slab_unreclaimable:${kB(s.slabUnreclaimable)}kB kernel_stack:${kB(s.kernelStackPages)}kB` +
    ` pagetables:${kB(s.pageTables)}kB unstable:0kB bounce:0kB free_pcp:0kB local_pcp:0kB free_cma:0kB` +
    ' writeback_tmp:0kB pages_scanned:0 all_unreclaimable? no'
  );
}

/** The per-node summary line 6.x prints before the zones. */
function nodeLine(zones: Zone[]): string {
  const s = memStats(zones);
  return (
    `Node ${zones[0]?.geo.node ?? 0} active_anon:${kB(s.activeAnon)}kB inactive_anon:${kB(s.inactiveAnon)}kB` +
    ` active_file:${kB(s.activeFile)}kB inactive_file:${kB(s.inactiveFile)}kB unevictable:0kB` +
    ` isolated(anon):0kB isolated(file):0kB mapped:${kB(s.mapped)}kB dirty:${kB(s.dirty)}kB writeback:0kB` +
    ` shmem:${kB(s.shmem)}kB shmem_thp:0kB shmem_pmdmapped:0kB anon_thp:0kB writeback_tmp:0kB` +
    ` kernel_stack:${kB(s.kernelStackPages)}kB pagetables:${kB(s.pageTables)}kB sec_pagetables:0kB` +
    ' all_unreclaimable? no'
  );
}

/** `Node 0 Normal: 12*4kB (UM) 0*8kB ... = NkB`: per order count, size and the non-empty list letters. */
export function freeListLine(z: Zone, era: Era): string {
  let total = 0;
  const parts: string[] = [];
  const counts = z.buddyCounts();
  for (let o = 0; o < NR_ORDERS; o++) {
    const n = counts[o] ?? 0;
    total += n << o;
    let part = `${n}*${4 << o}kB `;
    if (n) {
      const letters = era.mtRows
        .filter((r) => (z.counts[r.id * NR_ORDERS + o] ?? 0) > 0)
        .map((r) => r.letter);
      part += `(${letters.join('')}) `;
    }
    parts.push(part);
  }
  return `Node ${z.geo.node} ${z.geo.name}: ${parts.join('')}= ${kB(total)}kB`;
}
