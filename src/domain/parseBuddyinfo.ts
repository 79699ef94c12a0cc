/**
 * `/proc/buddyinfo` -> free blocks per order for each populated zone.
 * The kernel prints `Node %d, zone %8s ` then `%6lu ` per order (mm/vmstat.c frag_show_print); counts of a
 * million or more widen the field, so rows are split on whitespace, never cut at fixed columns.
 */
import {
  excerpt,
  fail,
  MAX_ORDERS,
  MIN_ORDERS,
  ok,
  splitLines,
  toCount,
  toCounts,
  tokens,
} from './parseCommon';
import type { Parsed, ZoneFree } from './types';

const ROW = /^Node\s+(\d+),\s+zone\s+(\S+)\s+(.*)$/;

/** One buddyinfo row, or an error message. */
export function parseBuddyinfoRow(line: string): ZoneFree | string {
  const m = ROW.exec(line.trim());
  if (!m) return 'not a buddyinfo row (expected "Node N, zone NAME count...")';
  const node = toCount(m[1]!);
  if (node === undefined) return `node id "${m[1]}" is not an integer`;
  const parts = tokens(m[3]!);
  const free = toCounts(parts);
  if (!free) return `free-block counts must be non-negative integers, got "${excerpt(m[3]!.trim())}"`;
  if (free.length < MIN_ORDERS || free.length > MAX_ORDERS) {
    return `${free.length} order columns; a buddy allocator has ${MIN_ORDERS} to ${MAX_ORDERS}`;
  }
  return { node, zone: m[2]!, free };
}

/**
 * Parses a whole `/proc/buddyinfo`. Blank lines are ignored; every other line must be a row, all rows must
 * have the same number of order columns, and a zone may appear only once. Never throws.
 */
export function parseBuddyinfo(text: string): Parsed<ZoneFree[]> {
  return parseBuddyinfoLines(splitLines(text));
}

/** `parseBuddyinfo` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseBuddyinfoLines(lines: readonly string[]): Parsed<ZoneFree[]> {
  const rows: ZoneFree[] = [];
  const seen = new Set<string>();
  let columns = 0;
  let columnsLine = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const row = parseBuddyinfoRow(line);
    if (typeof row === 'string') return fail(row, i + 1, excerpt(line));
    if (columns === 0) {
      columns = row.free.length;
      columnsLine = i + 1;
    } else if (row.free.length !== columns) {
      return fail(
        `${row.free.length} order columns, but line ${columnsLine} has ${columns}: all rows of one file must agree`,
        i + 1,
        excerpt(line),
      );
    }
    const key = `${row.node}/${row.zone}`;
    if (seen.has(key))
      return fail(`zone ${row.zone} of node ${row.node} appears twice`, i + 1, excerpt(line));
    seen.add(key);
    rows.push(row);
  }
  if (rows.length === 0) return fail('no buddyinfo rows', 0);
  return ok(rows);
}
