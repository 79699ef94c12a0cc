/**
 * Shared constants of the kernel memory model: page states, migratetypes and buddy geometry (x86_64, 4K pages).
 */

/** Pages are tracked one byte each: the low nibble is the state, the high nibble the order of a free block head. */
export const Page = {
  /** free page inside a buddy block (not its head) */
  FreeTail: 0,
  Anon: 1,
  CacheClean: 2,
  CacheDirty: 3,
  SlabReclaimable: 4,
  /** slab unreclaimable, page tables, kernel stacks: unmovable */
  Kernel: 5,
  /** a hole or memblock-reserved page: never free, never moves */
  Reserved: 6,
  /** first page of a free buddy block; the block's order is in the high nibble */
  FreeHead: 7,
  /** a free page taken off the free lists by the compaction free scanner */
  Isolated: 8,
} as const;

/** Internal migratetype ids; `Special` is HighAtomic on 6.x and Reserve on 3.10. */
export const Mt = { Unmovable: 0, Movable: 1, Reclaimable: 2, Special: 3, Isolate: 4 } as const;

/** Number of internal migratetypes (free-list rows per order). */
export const NR_MT = 5;
/** Columns of buddyinfo: orders 0..10. */
export const NR_ORDERS = 11;
/** Largest buddy order. */
export const MAX_ORDER = 10;
/** pageblock_order on x86_64 (2 MiB blocks). */
export const PAGEBLOCK_ORDER = 9;
/** Pages per pageblock. */
export const PAGEBLOCK_PAGES = 1 << PAGEBLOCK_ORDER;

/** True when a page byte is a free page (head or tail of a buddy block). */
export function isFreeByte(b: number): boolean {
  const s = b & 15;
  return s === Page.FreeTail || s === Page.FreeHead;
}

/** True for pages compaction may migrate (anonymous and file LRU pages). */
export function isMovableState(s: number): boolean {
  return s === Page.Anon || s === Page.CacheClean || s === Page.CacheDirty;
}
