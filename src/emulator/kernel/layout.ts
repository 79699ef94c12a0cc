import { MAX_ORDER, Page } from './constants';
import { Zone, type ZoneName } from './zone';

const BLOCK = 1 << MAX_ORDER;
/** ZONE_NORMAL starts at 4 GiB on x86_64 whatever the size of DMA32. */
const NORMAL_START_PFN = 1 << 20;
const DMA_PAGES = 4096;

/**
 * Lays out the zones of each NUMA node, scaled down but shaped like x86_64: node 0 has DMA (16 MiB, with the
 * BIOS hole), DMA32 (a quarter of the rest) and Normal; other nodes have only Normal. At least 64 MiB per node.
 */
export function layoutZones(memoryMiB: number, numaNodes: number): Zone[][] {
  const perNode = Math.max(16 * BLOCK, Math.floor((memoryMiB * 256) / numaNodes / BLOCK) * BLOCK);
  const nodes: Zone[][] = [];
  const rest = perNode - DMA_PAGES;
  const dma32 = Math.max(BLOCK, Math.floor((rest * 0.25) / BLOCK) * BLOCK);
  const normal0 = rest - dma32;
  nodes.push([
    dmaZone(),
    zone('DMA32', 0, DMA_PAGES, dma32, 'low'),
    zone('Normal', 0, NORMAL_START_PFN, normal0, 'high'),
  ]);
  let next = NORMAL_START_PFN + normal0;
  for (let n = 1; n < numaNodes; n++) {
    nodes.push([zone('Normal', n, next, perNode, 'high')]);
    next += perNode;
  }
  return nodes;
}

/** DMA as on a real VM: pfn 0 and the 640K-1M hole are not present; a few low pages are reserved. */
function dmaZone(): Zone {
  const z = new Zone({
    name: 'DMA',
    node: 0,
    startPfn: 1,
    basePfn: 0,
    length: DMA_PAGES,
    spanned: DMA_PAGES - 1,
    present: 3998,
  });
  z.pages[0] = Page.Reserved;
  z.pages.fill(Page.Reserved, 159, 256);
  z.pages.fill(Page.Reserved, 1, 159);
  return z;
}

/** A zone whose memblock-reserved pages (kernel image low, memmap high) sit at one end. */
function zone(
  name: ZoneName,
  node: number,
  startPfn: number,
  pages: number,
  reservedAt: 'low' | 'high',
): Zone {
  const z = new Zone({
    name,
    node,
    startPfn,
    basePfn: startPfn,
    length: pages,
    spanned: pages,
    present: pages,
  });
  const reserved = Math.ceil(pages * (reservedAt === 'low' ? 0.02 : 0.016));
  if (reservedAt === 'low') z.pages.fill(Page.Reserved, 0, reserved);
  else z.pages.fill(Page.Reserved, pages - reserved, pages);
  return z;
}
