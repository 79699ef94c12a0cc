import { isMovableState, Mt, PAGEBLOCK_ORDER, PAGEBLOCK_PAGES, Page } from './constants';
import type { Events } from './events';
import type { Zone } from './zone';

/** Cost model from the 6.18 VM (§7): ~2.8 µs per migrated page, a few ns per scanned page. */
const US_PER_MIGRATED = 2.8;
const US_PER_SCANNED = 0.003;
const US_PER_ZONE = 10;

/** What one full-zone compaction pass did. */
export interface CompactResult {
  migrated: number;
  migrateScanned: number;
  freeScanned: number;
  isolated: number;
  stallMs: number;
}

/**
 * `compact_zone()` with order -1 (manual, MIGRATE_SYNC, whole zone): the migrate scanner walks pageblocks up
 * from the zone start isolating movable pages; the free scanner walks down from the end taking free pages of
 * Movable pageblocks only (`suitable_migration_target`), never free blocks of order >= pageblock_order (§7).
 * Pages move until the scanners meet; unmovable and reclaimable pages never move, and no free page is
 * isolated while the zone is at its min watermark.
 */
export function compactZone(z: Zone): CompactResult {
  const r: CompactResult = { migrated: 0, migrateScanned: 0, freeScanned: 0, isolated: 0, stallMs: 0 };
  const targets: number[] = [];
  let freePb = z.pbMt.length - 1;
  let migratePb = 0;
  scan: for (; migratePb < freePb; migratePb++) {
    const start = migratePb << PAGEBLOCK_ORDER;
    r.migrateScanned += PAGEBLOCK_PAGES;
    for (let i = start; i < start + PAGEBLOCK_PAGES; i++) {
      const state = (z.pages[i] ?? 0) & 15;
      if (!isMovableState(state)) continue;
      while (targets.length === 0 && freePb > migratePb) {
        r.isolated += isolateFreePages(z, freePb, targets);
        r.freeScanned += PAGEBLOCK_PAGES;
        freePb--;
      }
      const dst = targets.pop();
      if (dst === undefined) break scan;
      z.pages[dst] = state;
      z.freePage(i);
      r.migrated++;
      r.isolated++;
    }
  }
  for (const t of targets) z.freePage(t);
  r.stallMs =
    (r.migrated * US_PER_MIGRATED + (r.migrateScanned + r.freeScanned) * US_PER_SCANNED + US_PER_ZONE) / 1000;
  return r;
}

/** `isolate_freepages_block`: takes the small free blocks of a Movable pageblock as migration targets. */
function isolateFreePages(z: Zone, pb: number, out: number[]): number {
  if (z.pbMt[pb] !== Mt.Movable) return 0;
  const start = pb << PAGEBLOCK_ORDER;
  let n = 0;
  for (let i = start; i < start + PAGEBLOCK_PAGES; i++) {
    const o = z.headOrder(i);
    if (o < 0 || o >= PAGEBLOCK_ORDER) continue;
    // __isolate_free_page obeys the min watermark as if the page were allocated
    if (z.freePages <= z.wm.min + (1 << o)) break;
    z.removeFree(i, o);
    for (let p = i + (1 << o) - 1; p >= i; p--) {
      z.pages[p] = Page.Isolated;
      out.push(p);
    }
    n += 1 << o;
  }
  return n;
}

/** Adds one pass's work to the vmstat counters the kernel updates. */
export function countCompaction(ev: Events, r: CompactResult): void {
  ev.add('compact_migrate_scanned', r.migrateScanned);
  ev.add('compact_free_scanned', r.freeScanned);
  ev.add('compact_isolated', r.isolated);
  ev.add('pgmigrate_success', r.migrated);
}
