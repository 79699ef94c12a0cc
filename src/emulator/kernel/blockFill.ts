import { Mt, PAGEBLOCK_ORDER, PAGEBLOCK_PAGES, Page } from './constants';
import type { Rng } from './prng';
import type { Zone } from './zone';

/** How one pageblock is filled when a preset ages a zone. */
export type BlockKind =
  | 'free'
  | 'kernel'
  | 'slab'
  | 'runs'
  | 'half'
  | 'cacheHoles'
  | 'dirty'
  | 'anonHoles'
  | 'polluted'
  | 'anonFull'
  | 'lowmem';

const RESERVED = Page.Reserved;
const FREE = Page.FreeTail;

type Weights = ReadonlyArray<readonly [state: number, weight: number]>;

/** Kinds whose pages are drawn independently: holes everywhere. */
const SCATTERED: Partial<Record<BlockKind, Weights>> = {
  cacheHoles: [
    [Page.CacheClean, 0.85],
    [Page.FreeTail, 0.15],
  ],
  dirty: [
    [Page.CacheDirty, 0.8],
    [Page.FreeTail, 0.2],
  ],
  anonHoles: [
    [Page.Anon, 0.62],
    [Page.CacheClean, 0.05],
    [Page.FreeTail, 0.33],
  ],
  anonFull: [
    [Page.Anon, 0.97],
    [Page.FreeTail, 0.03],
  ],
};

/** Fills pageblock `pb` of `z` as `kind` describes; `freeShare` tunes the `lowmem` kind. */
export function fillBlock(z: Zone, pb: number, kind: BlockKind, rng: Rng, freeShare = 0.05): void {
  const start = pb << PAGEBLOCK_ORDER;
  const end = start + PAGEBLOCK_PAGES;
  const half = start + PAGEBLOCK_PAGES / 2;
  z.pbMt[pb] = Mt.Movable;
  const weights = SCATTERED[kind];
  if (weights) scatter(z, start, end, rng, weights);
  else if (kind === 'free') packed(z, start, end, Page.FreeTail, 0);
  else if (kind === 'runs') runs(z, start, end, rng);
  else if (kind === 'polluted') polluted(z, pb, start, end, rng);
  else if (kind === 'half') {
    runs(z, start, half, rng);
    packed(z, half, end, Page.FreeTail, 0);
  } else if (kind === 'kernel') {
    z.pbMt[pb] = Mt.Unmovable;
    packed(z, start, end, Page.Kernel, 0.85, rng);
  } else if (kind === 'slab') {
    z.pbMt[pb] = Mt.Reclaimable;
    packed(z, start, end, Page.SlabReclaimable, 0.8, rng);
  } else {
    const lowmem: Weights = [
      [Page.Anon, 0.99 - freeShare],
      [Page.CacheDirty, 0.01],
      [Page.FreeTail, freeShare],
    ];
    scatter(z, start, end, rng, lowmem);
  }
}

/**
 * `share` of the block's pages in `state` from the block start, the rest half used in between free pages:
 * how slab and kernel allocations pack a pageblock while leaving small holes.
 */
function packed(z: Zone, start: number, end: number, state: number, share: number, rng?: Rng): void {
  const cut = start + Math.floor((end - start) * share);
  for (let i = start; i < end; i++) {
    if (z.pages[i] === RESERVED) continue;
    z.pages[i] = i < cut || (rng && rng.next() < 0.5) ? state : FREE;
  }
}

/** Each page drawn independently from `weights`: holes everywhere. */
function scatter(z: Zone, start: number, end: number, rng: Rng, weights: Weights): void {
  const states = weights.map((w) => w[0]);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of weights) {
    acc += w;
    cum.push(acc);
  }
  const last = states[states.length - 1] ?? FREE;
  const pages = z.pages;
  for (let i = start; i < end; i++) {
    if (pages[i] === RESERVED) continue;
    const r = rng.next();
    let k = 0;
    while (k < cum.length - 1 && r >= (cum[k] ?? 1)) k++;
    pages[i] = states[k] ?? last;
  }
}

/** Contiguous runs of anon or file pages, as long-lived processes and sequential file reads leave them. */
function runs(z: Zone, start: number, end: number, rng: Rng): void {
  let i = start;
  while (i < end) {
    const len = rng.int(16, 256);
    const state = rng.next() < 0.6 ? Page.Anon : rng.next() < 0.9 ? Page.CacheClean : Page.CacheDirty;
    for (let p = i; p < Math.min(end, i + len); p++) {
      if (z.pages[p] !== RESERVED) z.pages[p] = state;
    }
    i += len;
  }
}

/** A pageblock taken over by unmovable fallback: kernel pages scattered through movable and free pages. */
function polluted(z: Zone, pb: number, start: number, end: number, rng: Rng): void {
  z.pbMt[pb] = rng.next() < 0.6 ? Mt.Unmovable : Mt.Reclaimable;
  scatter(z, start, end, rng, [
    [Page.SlabReclaimable, 0.1],
    [Page.Anon, 0.35],
    [Page.CacheClean, 0.25],
    [Page.FreeTail, 0.3],
  ]);
  const pinned = rng.int(24, 48);
  for (let n = 0; n < pinned; n++) {
    const i = start + rng.int(0, end - start - 1);
    if (z.pages[i] !== RESERVED) z.pages[i] = Page.Kernel;
  }
}
