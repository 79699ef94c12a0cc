/**
 * How big the fragmenter's allocations are, from MemAvailable and the Normal zone's free memory: together
 * they cover the zone's free memory (so no large free block is left over), and what is held in anonymous
 * memory or kernel buffers never exceeds the safety budget; the rest is clean, reclaimable page cache.
 */
import type { HostSnapshot } from './hostMemory';

/** The three ways the fragmenter shatters free memory. */
export type FragmentMode = 'anon' | 'pagecache' | 'unmovable';

/** Arguments for frag.c and what they mean. */
export interface FragmentPlan {
  mode: FragmentMode;
  args: string[];
  /** MiB of anonymous memory touched at the peak */
  anonMib: number;
  /** MiB of mapped clean page cache taken first to fill what the budget cannot */
  ballastMib: number;
  /** MiB of unmapped clean page cache (pagecache) or pipe buffers (unmovable) */
  extraMib: number;
  budgetMib: number;
  /** MiB the plan must cover: the Normal zone's free memory plus the growth margin */
  coverMib: number;
}

const GIB = 1024;
/** Hard cap of anything the fragmenter holds (the brief: at most min(60% of MemAvailable, 14 GiB)). */
export const MAX_HOLD_MIB = 14 * GIB;
/**
 * This VM initialises the Normal zone lazily (`deferred_init=lazy`, 128 MiB sections): allocating past the
 * free memory grows the zone, and the margin makes sure the grown part is covered too.
 */
export const GROWTH_MARGIN_MIB = 512;
/**
 * Held memory stays within the budget; the ballast and cache are clean and reclaimable, yet the whole plan
 * leaves this much of MemAvailable untouched so the kernel never has to reclaim to serve others.
 */
const KEEP_AVAILABLE_MIB = 1536;
/**
 * Share of the anonymous holes (2/3 of the touched memory) the unmovable mode fills with pipe buffers; the
 * rest stays free, in blocks of order <= 1, so the zone is fragmented and mostly Unmovable pageblocks.
 */
const PIPE_SHARE = 0.95;

/** The budget: at most 60% of MemAvailable and 14 GiB. */
export function budgetMib(host: HostSnapshot): number {
  return Math.floor(Math.min((host.memAvailableKb / 1024) * 0.6, MAX_HOLD_MIB));
}

/** MiB the plan must cover: the Normal zone's free memory and the margin (while the zone can still grow). */
export function coverMib(host: HostSnapshot): number {
  const growable = Math.floor(((host.normal.present - host.normal.managed) * 4) / 1024);
  return Math.ceil((host.normal.freePages * 4) / 1024) + Math.min(GROWTH_MARGIN_MIB, growable);
}

function args(mode: FragmentMode, mib: number, param: number, ballast: number, dir: string): string[] {
  return [mode, String(mib), String(param), String(ballast), dir];
}

/**
 * The plan for a mode, or a reason it cannot be done safely here (the zone's free memory is more than
 * MemAvailable can cover with room to spare).
 */
export function planFragment(mode: FragmentMode, host: HostSnapshot, dir: string): FragmentPlan | string {
  const budget = budgetMib(host);
  const cover = coverMib(host);
  if (cover > host.memAvailableKb / 1024 - KEEP_AVAILABLE_MIB)
    return `the Normal zone has ${cover} MiB to cover, too close to MemAvailable`;
  if (mode === 'pagecache') {
    // k cache pages per anonymous page: the anonymous part stays within the budget
    const k = Math.max(1, Math.ceil(cover / budget) - 1);
    const anon = Math.ceil(cover / (k + 1));
    const base = {
      mode,
      anonMib: anon,
      ballastMib: 0,
      extraMib: anon * k,
      budgetMib: budget,
      coverMib: cover,
    };
    return { ...base, args: args(mode, anon, k, 0, dir) };
  }
  const anon = Math.min(cover, budget);
  const ballast = cover - anon;
  const base = { mode, anonMib: anon, ballastMib: ballast, budgetMib: budget, coverMib: cover };
  if (mode === 'anon') return { ...base, extraMib: 0, args: args(mode, anon, 2, ballast, dir) };
  const pipes = Math.floor(((anon * 2) / 3) * PIPE_SHARE);
  return { ...base, extraMib: pipes, args: args(mode, anon, pipes, ballast, dir) };
}
