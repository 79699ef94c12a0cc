import { NR_ORDERS, PAGEBLOCK_ORDER, PAGEBLOCK_PAGES } from './constants';
import type { Era } from './era';
import type { Zone } from './zone';

/** The kernel stops walking a free list at this many entries and prints `>100000`. */
const WALK_LIMIT = 100000;

const pad = (v: string | number, w: number): string => String(v).padStart(w);

/** /proc/buddyinfo (`frag_show_print`): `Node %d, zone %8s ` then `%6lu ` per order. */
export function renderBuddyinfo(nodes: Zone[][]): string {
  let out = '';
  for (const zones of nodes) {
    for (const z of zones) {
      out += `Node ${z.geo.node}, zone ${pad(z.geo.name, 8)} `;
      for (const n of z.buddyCounts()) out += `${pad(n, 6)} `;
      out += '\n';
    }
  }
  return out;
}

/** /proc/pagetypeinfo (`pagetypeinfo_show`): per node header, free counts per type, pageblock counts. */
export function renderPagetypeinfo(nodes: Zone[][], era: Era): string {
  let out = '';
  for (const zones of nodes) {
    out += `Page block order: ${PAGEBLOCK_ORDER}\nPages per block:  ${PAGEBLOCK_PAGES}\n\n`;
    out += 'Free pages count per migrate type at order'.padEnd(43) + ' ';
    for (let o = 0; o < NR_ORDERS; o++) out += `${pad(o, 6)} `;
    out += '\n';
    for (const z of zones) {
      for (const row of era.mtRows) {
        out += `Node ${pad(z.geo.node, 4)}, zone ${pad(z.geo.name, 8)}, type ${pad(row.name, 12)} `;
        for (let o = 0; o < NR_ORDERS; o++) {
          const n = z.counts[row.id * NR_ORDERS + o] ?? 0;
          out += n >= WALK_LIMIT ? `>${pad(WALK_LIMIT, 6)} ` : `${pad(n, 6)} `;
        }
        out += '\n';
      }
    }
    out += `\n${'Number of blocks type '.padEnd(23)}`;
    for (const row of era.mtRows) out += `${pad(row.name, 12)} `;
    out += '\n';
    for (const z of zones) {
      out += `Node ${z.geo.node}, zone ${pad(z.geo.name, 8)} `;
      for (const row of era.mtRows) out += `${pad(blockCount(z, row.id), 12)} `;
      out += '\n';
    }
  }
  return out;
}

function blockCount(z: Zone, mt: number): number {
  let n = 0;
  for (const v of z.pbMt) if (v === mt) n++;
  return n;
}
