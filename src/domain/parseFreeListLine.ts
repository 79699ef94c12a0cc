/**
 * One Mem-Info free-list line of a kernel log -> a buddyinfo-equivalent row.
 * show_free_areas() prints `Node %d ` (CONFIG_NUMA only), `%s: ` (zone), per order `%lu*%lukB ` and, when the
 * count is non-zero, `(%s) ` (migratetype letters), then `= %lukB` (the total). Sizes are K(1UL) << order,
 * so the order-0 size is the page size in kB.
 */
import { countAt, MAX_ORDERS, MIN_ORDERS, toCount } from './parseCommon';
import { pow2 } from './pow2';
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

/** End of the run of ASCII digits starting at `i`. */
function digitsEnd(text: string, i: number): number {
  let j = i;
  for (;;) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return j;
    j++;
  }
}

/**
 * The `count*sizekB` pairs of LINE's third group into `free` and `sizes`; false when a number is not a count.
 * The group is `(?:\d+\*\d+kB\s+(?:\([A-Z]*\)\s+)?)+`, so every pair starts at a digit after the previous
 * pair's whitespace and `(LETTERS)` tag: a scan finds the same pairs as /(\d+)\*(\d+)kB/g, without a regex.
 */
function readPairs(group: string, free: number[], sizes: number[]): boolean {
  let i = 0;
  while (i < group.length) {
    const star = digitsEnd(group, i);
    const kb = digitsEnd(group, star + 1);
    const count = countAt(group, i, star);
    const size = countAt(group, star + 1, kb);
    if (count === undefined || size === undefined) return false;
    free.push(count);
    sizes.push(size);
    i = kb + 2;
    // skip the whitespace and the optional `(UEM)` tag up to the next pair's first digit
    while (i < group.length) {
      const c = group.charCodeAt(i);
      if (c >= 48 && c <= 57) break;
      i++;
    }
  }
  return true;
}

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
  if (!readPairs(m[3]!, free, sizes)) return undefined;
  const node = m[1] === undefined ? 0 : toCount(m[1]);
  const totalKb = toCount(m[4]!);
  const pageKb = sizes[0] ?? 0;
  if (node === undefined || totalKb === undefined || pageKb === 0) return undefined;
  if (free.length < MIN_ORDERS || free.length > MAX_ORDERS) return undefined;
  // loops rather than every/reduce: one call per log line of a long kernel log
  let sum = 0;
  for (let o = 0; o < free.length; o++) {
    if (sizes[o] !== pageKb * pow2(o)) return undefined;
    sum += free[o]! * sizes[o]!;
  }
  if (sum !== totalKb) return undefined;
  return { node, zone: m[2]!, free, pageSize: pageKb * 1024, totalKb };
}
