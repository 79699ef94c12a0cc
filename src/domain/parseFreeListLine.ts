/**
 * One Mem-Info free-list line of a kernel log -> a buddyinfo-equivalent row.
 * show_free_areas() prints `Node %d ` (CONFIG_NUMA only), `%s: ` (zone), per order `%lu*%lukB ` and, when the
 * count is non-zero, `(%s) ` (migratetype letters), then `= %lukB` (the total). Sizes are K(1UL) << order,
 * so the order-0 size is the page size in kB.
 */
import { MAX_ORDERS, MIN_ORDERS, toCount } from './parseCommon';
import type { ZoneFree } from './types';

/** A free-list line read as a buddyinfo row, with the page size it reveals and the printed total. */
export interface FreeListLine extends ZoneFree {
  /** page size in bytes (the order-0 block size) */
  pageSize: number;
  /** the `= N kB` total the kernel printed */
  totalKb: number;
}

const LINE =
  /(?:\bNode (\d+) )?\b([A-Za-z][A-Za-z0-9]*): ((?:\d+\*\d+kB\s+(?:\([A-Z]*\)\s+)?)+)=\s*(\d+)kB\s*$/;
const PAIR = /(\d+)\*(\d+)kB/g;

/**
 * Reads a free-list line anywhere in a log line (any prefix), or returns undefined when the line is not one
 * or is internally inconsistent (sizes not doubling per order, or counts not adding up to the total): a line
 * garbled by interleaved printk output must not pass for evidence. A line without `Node N` is node 0.
 */
export function parseFreeListLine(line: string): FreeListLine | undefined {
  if (!line.includes('kB')) return undefined;
  const m = LINE.exec(line);
  if (!m) return undefined;
  const free: number[] = [];
  const sizes: number[] = [];
  for (const pair of m[3]!.matchAll(PAIR)) {
    const count = toCount(pair[1]!);
    const size = toCount(pair[2]!);
    if (count === undefined || size === undefined) return undefined;
    free.push(count);
    sizes.push(size);
  }
  const node = m[1] === undefined ? 0 : toCount(m[1]);
  const totalKb = toCount(m[4]!);
  const pageKb = sizes[0] ?? 0;
  if (node === undefined || totalKb === undefined || pageKb === 0) return undefined;
  if (free.length < MIN_ORDERS || free.length > MAX_ORDERS) return undefined;
  if (!sizes.every((s, o) => s === pageKb * 2 ** o)) return undefined;
  const sum = free.reduce((acc, c, o) => acc + c * sizes[o]!, 0);
  if (sum !== totalKb) return undefined;
  return { node, zone: m[2]!, free, pageSize: pageKb * 1024, totalKb };
}
