import { type BlockKind, fillBlock } from './blockFill';
import { Mt, PAGEBLOCK_ORDER } from './constants';
import type { Rng } from './prng';
import type { Preset } from './types';
import type { Zone } from './zone';

type Mix = ReadonlyArray<readonly [kind: BlockKind, share: number]>;

/** Share of pageblocks of each kind per preset (DMA32 and Normal zones). */
const MIXES: Record<Preset, Mix> = {
  // plenty of wholly free pageblocks: high orders everywhere
  healthy: [
    ['kernel', 0.04],
    ['slab', 0.03],
    ['runs', 0.4],
    ['half', 0.1],
    ['free', 0.43],
  ],
  // clean page cache interleaved with small holes: dropping the cache frees whole blocks
  pagecache: [
    ['kernel', 0.03],
    ['slab', 0.02],
    ['runs', 0.25],
    ['dirty', 0.03],
    ['cacheHoles', 0.67],
  ],
  // anonymous pages with holes: only migration (compaction) can gather the holes
  anonymous: [
    ['kernel', 0.03],
    ['slab', 0.02],
    ['anonHoles', 0.95],
  ],
  // kernel pages scattered through almost every block: neither remedy helps
  unmovable: [
    ['polluted', 0.9],
    ['anonFull', 0.1],
  ],
  // nearly everything is anonymous and caches were already reclaimed; free memory sits at the min watermark
  'low-memory': [
    ['kernel', 0.04],
    ['lowmem', 0.96],
  ],
};

/** Ages every zone into the state the preset describes; the caller rebuilds the free lists afterwards. */
export function agePreset(nodes: Zone[][], preset: Preset, rng: Rng, reserveBlocks: boolean): void {
  for (const z of nodes.flat()) {
    if (z.geo.name === 'DMA') ageDma(z, reserveBlocks);
    else ageZone(z, MIXES[preset], rng, lowmemFreeShare(z));
    if (reserveBlocks && z.geo.name !== 'DMA') markReserve(z);
  }
}

/** DMA is kept for devices and protected by lowmem_reserve: it stays free, as on real hosts (B19). */
function ageDma(z: Zone, reserveBlocks: boolean): void {
  z.pbMt[0] = Mt.Unmovable;
  if (reserveBlocks) z.pbMt[1] = Mt.Special;
}

function ageZone(z: Zone, mix: Mix, rng: Rng, freeShare: number): void {
  for (let pb = 0; pb < z.pbMt.length; pb++) fillBlock(z, pb, pickKind(mix, rng), rng, freeShare);
}

/** Free share for `low-memory` blocks so the zone lands just under its min watermark. */
function lowmemFreeShare(z: Zone): number {
  const target = z.wm.min * 0.9;
  return Math.min(0.2, Math.max(0.002, (target / Math.max(1, z.managed)) * 0.97));
}

/** 3.10 keeps up to two MIGRATE_RESERVE pageblocks per zone (`setup_zone_migrate_reserve`). */
function markReserve(z: Zone): void {
  const want = Math.min(2, Math.ceil(z.wm.min / (1 << PAGEBLOCK_ORDER)));
  let marked = 0;
  for (let pb = 0; pb < z.pbMt.length && marked < want; pb++) {
    if (z.pbMt[pb] !== Mt.Movable) continue;
    z.pbMt[pb] = Mt.Special;
    marked++;
  }
}

function pickKind(mix: Mix, rng: Rng): BlockKind {
  let r = rng.next();
  for (const [kind, share] of mix) {
    if (r < share) return kind;
    r -= share;
  }
  return mix[mix.length - 1]?.[0] ?? 'free';
}
