/**
 * One Mem-Info free-list line of a kernel log -> a buddyinfo-equivalent row.
 * show_free_areas() prints `Node %d ` (CONFIG_NUMA only), `%s: ` (zone), per order `%lu*%lukB ` and, when the
 * count is non-zero, `(%s) ` (migratetype letters), then `= %lukB` (the total). Sizes are K(1UL) << order,
 * so the order-0 size is the page size in kB.
 */
import { MAX_ORDERS, MIN_ORDERS, toCount } from './parseCommon';
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

/** Where a number read from a run of digits ends, and its value (-1 when it is not a count). */
interface Digits {
  end: number;
  value: number;
  /** the order-0 size, and the running count * size total, of the pairs read so far */
  pageKb: number;
  sum: number;
}

/**
 * Reads the run of ASCII digits starting at `i` into `out`, in the one pass that finds its end: the value is
 * `countAt` of the run (more than 16 digits, or past 2^53, is not a count), and the run here is never empty.
 */
function readDigits(text: string, i: number, out: Digits): void {
  let j = i;
  let n = 0;
  for (;;) {
    const d = text.charCodeAt(j) - 48;
    if (!(d >= 0 && d <= 9)) break;
    n = n * 10 + d;
    j++;
  }
  out.end = j;
  out.value = j - i > 16 || !Number.isSafeInteger(n) || j === i ? -1 : n;
}

/**
 * The `count*sizekB` pairs of LINE's third group into `free`, checking on the way that sizes double per order
 * from the first (`pageKb` in `d`) and summing count * size (`sum` in `d`, in order, as a separate loop would);
 * false when a number is not a count or a size breaks the doubling (either way the line is not evidence).
 * The group is `(?:\d+\*\d+kB\s+(?:\([A-Z]*\)\s+)?)+`, so every pair starts at a digit after the previous
 * pair's whitespace and `(LETTERS)` tag: a scan finds the same pairs as /(\d+)\*(\d+)kB/g, without a regex.
 */
function readPairs(group: string, free: number[], d: Digits): boolean {
  let i = 0;
  while (i < group.length) {
    readDigits(group, i, d);
    const count = d.value;
    readDigits(group, d.end + 1, d);
    const size = d.value;
    if (count < 0 || size < 0) return false;
    if (free.length === 0) d.pageKb = size;
    else if (size !== d.pageKb * pow2(free.length)) return false;
    d.sum += count * size;
    free.push(count);
    i = d.end + 2;
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
  const d: Digits = { end: 0, value: 0, pageKb: 0, sum: 0 };
  if (!readPairs(m[3]!, free, d)) return undefined;
  const node = m[1] === undefined ? 0 : toCount(m[1]);
  const totalKb = toCount(m[4]!);
  const pageKb = d.pageKb;
  if (node === undefined || totalKb === undefined || pageKb === 0) return undefined;
  if (free.length < MIN_ORDERS || free.length > MAX_ORDERS) return undefined;
  if (d.sum !== totalKb) return undefined;
  return { node, zone: m[2]!, free, pageSize: pageKb * 1024, totalKb };
}
