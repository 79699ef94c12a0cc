import { MAX_ORDER, Mt, NR_MT, NR_ORDERS, PAGEBLOCK_ORDER, Page } from './constants';

// module-level copies: imported bindings can compile to getters, too slow for per-page loops
const FREE_TAIL = Page.FreeTail;
const FREE_HEAD = Page.FreeHead;
const RESERVED = Page.Reserved;
const MOVABLE = Mt.Movable;
const PB_ORDER = PAGEBLOCK_ORDER;
const isFree = (b: number): boolean => (b & 15) === FREE_TAIL || (b & 15) === FREE_HEAD;

/** Zone names in the kernel's enum order (x86_64). */
export type ZoneName = 'DMA' | 'DMA32' | 'Normal';

/** Where a zone sits in physical memory; `basePfn` is MAX_ORDER aligned so buddy math works on indexes. */
export interface ZoneGeometry {
  name: ZoneName;
  node: number;
  startPfn: number;
  basePfn: number;
  /** pages tracked (basePfn .. basePfn+length), a multiple of 2^MAX_ORDER */
  length: number;
  spanned: number;
  present: number;
}

/** Watermarks and lowmem reserve in pages, as /proc/zoneinfo prints them. */
export interface ZoneWatermarks {
  min: number;
  low: number;
  high: number;
  promo: number;
  protection: number[];
}

/**
 * One zone tracked at page granularity: a state byte per page, a migratetype per pageblock and the buddy
 * free lists (counts per migratetype and order plus a head bitmap per order for finding blocks quickly).
 */
export class Zone {
  readonly pages: Uint8Array;
  readonly pbMt: Uint8Array;
  /** free blocks per (migratetype, order): counts[mt * NR_ORDERS + order] */
  readonly counts = new Int32Array(NR_MT * NR_ORDERS);
  readonly heads: Uint32Array;
  readonly offsets: Int32Array;
  freePages = 0;
  managed = 0;
  wm: ZoneWatermarks = { min: 0, low: 0, high: 0, promo: 0, protection: [] };

  constructor(readonly geo: ZoneGeometry) {
    this.pages = new Uint8Array(geo.length);
    this.pbMt = new Uint8Array(geo.length >> PAGEBLOCK_ORDER).fill(Mt.Movable);
    this.offsets = new Int32Array(NR_ORDERS + 1);
    for (let o = 0; o < NR_ORDERS; o++) {
      this.offsets[o + 1] = (this.offsets[o] ?? 0) + Math.ceil((geo.length >> o) / 32);
    }
    this.heads = new Uint32Array(this.offsets[NR_ORDERS] ?? 0);
  }

  get length(): number {
    return this.pages.length;
  }

  /** Migratetype of the pageblock holding page index `i`. */
  mtAt(i: number): number {
    return this.pbMt[i >> PB_ORDER] ?? MOVABLE;
  }

  /** Order of the free block whose head is `i`, or -1 when `i` is not a free head. */
  headOrder(i: number): number {
    const b = this.pages[i] ?? 0;
    return (b & 15) === FREE_HEAD ? b >> 4 : -1;
  }

  /** Puts a free block on its free list (the caller has made its pages free). */
  insertFree(i: number, order: number): void {
    this.pages[i] = FREE_HEAD | (order << 4);
    this.setBit(order, i >> order, true);
    this.counts[this.mtAt(i) * NR_ORDERS + order]! += 1;
    this.freePages += 1 << order;
  }

  /** Takes a free block off its free list; its pages stay marked free until the caller changes them. */
  removeFree(i: number, order: number): void {
    this.pages[i] = FREE_TAIL;
    this.setBit(order, i >> order, false);
    this.counts[this.mtAt(i) * NR_ORDERS + order]! -= 1;
    this.freePages -= 1 << order;
  }

  /** Frees one page and merges it with free buddies like `__free_one_page`. */
  freePage(idx: number): void {
    let i = idx;
    let order = 0;
    this.pages[i] = FREE_TAIL;
    while (order < MAX_ORDER) {
      const buddy = i ^ (1 << order);
      if (buddy >= this.length || this.headOrder(buddy) !== order) break;
      this.removeFree(buddy, order);
      i = Math.min(i, buddy);
      order++;
    }
    this.insertFree(i, order);
  }

  /** Finds the head of any free block of `order` on list `mt`, scanning from `from`; -1 if none. */
  findHead(order: number, mt: number, from = 0): number {
    const base = this.offsets[order] ?? 0;
    const words = (this.offsets[order + 1] ?? 0) - base;
    const start = Math.floor((from >> order) / 32) % words;
    for (let n = 0; n < words; n++) {
      const w = (start + n) % words;
      let bits = this.heads[base + w] ?? 0;
      while (bits !== 0) {
        const bit = 31 - Math.clz32(bits & -bits);
        bits &= bits - 1;
        const i = (w * 32 + bit) << order;
        if (this.mtAt(i) === mt) return i;
      }
    }
    return -1;
  }

  /** Changes a pageblock's migratetype, moving the free blocks headed inside it to the new lists. */
  setPageblockMt(pb: number, mt: number): void {
    const old = this.pbMt[pb] ?? Mt.Movable;
    if (old === mt) return;
    const start = pb << PAGEBLOCK_ORDER;
    for (let i = start; i < start + (1 << PAGEBLOCK_ORDER); i++) {
      const o = this.headOrder(i);
      if (o < 0) continue;
      this.counts[old * NR_ORDERS + o]! -= 1;
      this.counts[mt * NR_ORDERS + o]! += 1;
    }
    this.pbMt[pb] = mt;
  }

  /** Rebuilds the free lists from the page states: the canonical result of full buddy merging. */
  rebuild(): void {
    this.heads.fill(0);
    this.counts.fill(0);
    this.freePages = 0;
    let managed = 0;
    let i = 0;
    while (i < this.length) {
      const b = this.pages[i] ?? 0;
      if ((b & 15) !== RESERVED) managed++;
      if (!isFree(b)) {
        i++;
        continue;
      }
      let end = i;
      while (end < this.length && isFree(this.pages[end] ?? 0)) end++;
      managed += end - i - 1;
      for (let p = i; p < end; p++) this.pages[p] = FREE_TAIL;
      while (i < end) {
        let o = MAX_ORDER;
        while (o > 0 && (i % (1 << o) !== 0 || i + (1 << o) > end)) o--;
        this.insertFree(i, o);
        i += 1 << o;
      }
    }
    this.managed = managed;
  }

  /** Free blocks per order summed over migratetypes: the zone's /proc/buddyinfo row. */
  buddyCounts(): number[] {
    const out: number[] = [];
    for (let o = 0; o < NR_ORDERS; o++) {
      let n = 0;
      for (let mt = 0; mt < NR_MT; mt++) n += this.counts[mt * NR_ORDERS + o] ?? 0;
      out.push(n);
    }
    return out;
  }

  /** Pages per state (index = Page state), counted by a scan. */
  stateCounts(): number[] {
    const out = new Array<number>(9).fill(0);
    for (let i = 0; i < this.length; i++) {
      const s = (this.pages[i] ?? 0) & 15;
      out[s] = (out[s] ?? 0) + 1;
    }
    return out;
  }

  private setBit(order: number, bitIndex: number, on: boolean): void {
    const w = (this.offsets[order] ?? 0) + (bitIndex >>> 5);
    const mask = 1 << (bitIndex & 31);
    this.heads[w] = on ? (this.heads[w] ?? 0) | mask : (this.heads[w] ?? 0) & ~mask;
  }
}
