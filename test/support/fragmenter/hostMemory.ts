/**
 * This host's memory as the fragmenter and the real-kernel tests see it: the Normal zone's free lists,
 * pageblock types and size, MemAvailable, and the vmstat counters that show compaction work.
 */
import { readFileSync } from 'node:fs';
import { fillContigPageInfo } from '../../../src/domain/contigPageInfo';
import { parseBuddyinfo } from '../../../src/domain/parseBuddyinfo';
import { parseMeminfo } from '../../../src/domain/parseMeminfo';
import { parsePagetypeinfo } from '../../../src/domain/parsePagetypeinfo';
import { unusableIndex } from '../../../src/domain/unusableIndex';

/** One zone at one moment. */
export interface ZoneSnapshot {
  /** free blocks per order (buddyinfo) */
  free: number[];
  freePages: number;
  /** pageblocks per migratetype (pagetypeinfo) */
  blocks: Record<string, number>;
  /** pages the buddy allocator manages (zoneinfo `managed`; grows on this VM's lazily initialised Normal zone) */
  managed: number;
  /** pages of the zone that exist (zoneinfo `present`): `managed` can grow towards it */
  present: number;
}

/** The host at one moment. */
export interface HostSnapshot {
  normal: ZoneSnapshot;
  memAvailableKb: number;
  /** meminfo Cached, kB */
  cachedKb: number;
  vmstat: Record<string, number>;
}

const read = (path: string): string => readFileSync(path, 'utf8');

function zoneinfoField(zone: string, field: 'managed' | 'present'): number {
  const text = read('/proc/zoneinfo');
  const at = text.search(new RegExp(`^Node 0, zone\\s+${zone}\\s*$`, 'm'));
  const m = at < 0 ? null : new RegExp(`\\b${field}\\s+(\\d+)`).exec(text.slice(at));
  if (!m?.[1]) throw new Error(`no ${field} pages for zone ${zone} in /proc/zoneinfo`);
  return Number(m[1]);
}

/** Reads node 0's Normal zone, MemAvailable and /proc/vmstat now (pagetypeinfo needs root). */
export function snapshot(): HostSnapshot {
  const buddy = parseBuddyinfo(read('/proc/buddyinfo'));
  const types = parsePagetypeinfo(read('/proc/pagetypeinfo'));
  const mem = parseMeminfo(read('/proc/meminfo'));
  if (!buddy.ok || !types.ok || !mem.ok) throw new Error('cannot parse /proc memory files');
  const free = buddy.value.find((z) => z.node === 0 && z.zone === 'Normal')?.free;
  const blocks = types.value.zones.find((z) => z.node === 0 && z.zone === 'Normal')?.blocks;
  if (!free || !blocks) throw new Error('this host has no Normal zone on node 0');
  const vmstat: Record<string, number> = {};
  for (const line of read('/proc/vmstat').split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v) vmstat[k] = Number(v);
  }
  return {
    normal: {
      free,
      freePages: free.reduce((s, n, o) => s + n * 2 ** o, 0),
      blocks,
      managed: zoneinfoField('Normal', 'managed'),
      present: zoneinfoField('Normal', 'present'),
    },
    memAvailableKb: mem.value.MemAvailable ?? 0,
    cachedKb: mem.value.Cached ?? 0,
    vmstat,
  };
}

/** Allocations of 2^order pages the zone's free lists can serve (the kernel's free_blocks_suitable). */
export function suitableBlocks(zone: ZoneSnapshot, order: number): number {
  return fillContigPageInfo(zone.free, order).freeBlocksSuitable;
}

/** The kernel's unusable free space index (x1000) of the zone at `order`. */
export function unusable(zone: ZoneSnapshot, order: number): number {
  return unusableIndex(zone.free, order);
}

/** Share (x1000) of the zone's pageblocks tagged Unmovable or Reclaimable. */
export function unmovableShare(zone: ZoneSnapshot): number {
  const total = Object.values(zone.blocks).reduce((s, n) => s + n, 0);
  const stuck = (zone.blocks.Unmovable ?? 0) + (zone.blocks.Reclaimable ?? 0);
  return total === 0 ? 0 : Math.floor((stuck * 1000) / total);
}

/** Counter deltas between two snapshots for the names given. */
export function vmstatDelta(
  a: HostSnapshot,
  b: HostSnapshot,
  names: readonly string[],
): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, (b.vmstat[n] ?? 0) - (a.vmstat[n] ?? 0)]));
}
