/**
 * `/proc/pagetypeinfo` -> free blocks per migratetype and order, and pageblocks per migratetype, per zone.
 * Layout (mm/vmstat.c pagetypeinfo_show): per node with memory, a header (`Page block order`, `Pages per
 * block`, the order header), free rows `Node %4d, zone %8s, type %12s ` + counts, then `Number of blocks
 * type` + names and rows `Node %d, zone %8s ` + counts, then (page_owner only) `Number of mixed blocks`.
 * Migratetypes are keyed by the header's names: their set and order changed in 4.4 (Reserve -> HighAtomic).
 */
import {
  countAt,
  excerpt,
  fail,
  MAX_ORDERS,
  MIN_ORDERS,
  ok,
  splitLines,
  toCounts,
  tokens,
} from './parseCommon';
import type { Pagetypeinfo, PagetypeZone, Parsed } from './types';

const BLOCK_ORDER = /^Page block order:\s*(\d+)$/;
const PAGES_PER_BLOCK = /^Pages per block:\s*(\d+)$/;
const ORDER_HEADER = /^Free pages count per migrate type at order\b\s*(.*)$/;
const BLOCKS_HEADER = /^Number of blocks type\b\s*(.*)$/;
const MIXED_HEADER = /^Number of mixed blocks\b\s*(.*)$/;
const FREE_ROW = /^Node\s+(\d+),\s+zone\s+(\S+?),\s+type\s+(\S+)\s*(.*)$/;
const COUNT_ROW = /^Node\s+(\d+),\s+zone\s+(\S+)\s*(.*)$/;
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

type Section = 'none' | 'free' | 'blocks' | 'mixed';

interface State {
  pageblockOrder?: number;
  pagesPerBlock?: number;
  orders: number;
  section: Section;
  migratetypes?: string[];
  zones: Map<string, PagetypeZone & { firstLine: number }>;
  /** the line being read, so a zone remembers where it started (for whole-file errors) */
  lineNo: number;
}

/** Parses a whole `/proc/pagetypeinfo` (any kernel era, any number of nodes). Never throws. */
export function parsePagetypeinfo(text: string): Parsed<Pagetypeinfo> {
  return parsePagetypeinfoLines(splitLines(text));
}

/** `parsePagetypeinfo` over lines already split (as a probe report section holds them): no join and re-split. */
export function parsePagetypeinfoLines(lines: readonly string[]): Parsed<Pagetypeinfo> {
  const st: State = { orders: 0, section: 'none', zones: new Map(), lineNo: 0 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    st.lineNo = i + 1;
    const problem = readLine(st, line);
    if (problem) return fail(problem, i + 1, excerpt(lines[i]!));
  }
  return finish(st);
}

/** Applies one non-blank line to the state; returns a problem message or undefined. */
function readLine(st: State, line: string): string | undefined {
  // rows (most lines) start with `Node`, which none of the header patterns can match: try them last
  if (!line.startsWith('Node')) {
    const problem = readHeaderLine(st, line);
    if (problem !== NOT_A_HEADER) return problem;
  }
  let m = FREE_ROW.exec(line);
  if (m) return readFreeRow(st, Number(m[1]), m[2]!, m[3]!, m[4]!);
  m = COUNT_ROW.exec(line);
  if (m) return readCountRow(st, Number(m[1]), m[2]!, m[3]!);
  return 'not a pagetypeinfo line';
}

/** Marks a line that is none of the headers (so the row patterns get their turn). */
const NOT_A_HEADER = 'not a header';

/** Applies a header line; returns a problem, undefined, or NOT_A_HEADER. */
function readHeaderLine(st: State, line: string): string | undefined {
  let m = BLOCK_ORDER.exec(line);
  if (m) return setOnce(st, 'pageblockOrder', Number(m[1]), 'page block order');
  m = PAGES_PER_BLOCK.exec(line);
  if (m) return setOnce(st, 'pagesPerBlock', Number(m[1]), 'pages per block');
  m = ORDER_HEADER.exec(line);
  if (m) return readOrderHeader(st, m[1]!);
  m = BLOCKS_HEADER.exec(line);
  if (m) return readTypeHeader(st, m[1]!, 'blocks');
  m = MIXED_HEADER.exec(line);
  if (m) return readTypeHeader(st, m[1]!, 'mixed');
  return NOT_A_HEADER;
}

function setOnce(st: State, key: 'pageblockOrder' | 'pagesPerBlock', v: number, what: string) {
  if (!Number.isSafeInteger(v)) return `${what} is not an integer`;
  if (st[key] !== undefined && st[key] !== v) return `${what} ${v} differs from the earlier ${st[key]}`;
  st[key] = v;
  st.section = 'none';
  return undefined;
}

function readOrderHeader(st: State, rest: string): string | undefined {
  const orders = tokens(rest);
  if (!orders.every((t, o) => t === String(o))) return 'order header must list 0, 1, 2, ...';
  if (orders.length < MIN_ORDERS || orders.length > MAX_ORDERS) {
    return `${orders.length} order columns; a buddy allocator has ${MIN_ORDERS} to ${MAX_ORDERS}`;
  }
  if (st.orders !== 0 && st.orders !== orders.length) {
    return `${orders.length} order columns, but an earlier header had ${st.orders}`;
  }
  st.orders = orders.length;
  st.section = 'free';
  return undefined;
}

function readTypeHeader(st: State, rest: string, section: 'blocks' | 'mixed'): string | undefined {
  const names = tokens(rest);
  if (names.length === 0 || !names.every((n) => TYPE_NAME.test(n))) return 'migratetype header without names';
  if (new Set(names).size !== names.length) return 'migratetype header repeats a name';
  if (st.migratetypes && st.migratetypes.join(' ') !== names.join(' ')) {
    return `migratetypes "${names.join(' ')}" differ from the earlier "${st.migratetypes.join(' ')}"`;
  }
  st.migratetypes = names;
  st.section = section;
  return undefined;
}

function zoneOf(st: State, node: number, zone: string) {
  const key = `${node}/${zone}`;
  let z = st.zones.get(key);
  if (!z) {
    z = { node, zone, free: {}, blocks: {}, firstLine: st.lineNo };
    st.zones.set(key, z);
  }
  return z;
}

/** One `Node N, zone Z, type T counts...` row; the kernel stops walking a free list at 100000 entries and
 * prints `>100000` (v5.4, RHEL7 3.10.0-1160). */
function readFreeRow(st: State, node: number, zone: string, type: string, rest: string) {
  if (st.section !== 'free') return 'free-list row outside the "Free pages count" section';
  if (!Number.isSafeInteger(node)) return 'node id is not an integer';
  if (!TYPE_NAME.test(type)) return `"${type}" is not a migratetype name`;
  const row = readCounts(rest, st.orders);
  if (typeof row === 'string') return row;
  const { counts, atLeast } = row;
  const z = zoneOf(st, node, zone);
  if (z.free[type]) return `type ${type} of zone ${zone}, node ${node} appears twice`;
  z.free[type] = { counts, atLeast };
  return undefined;
}

/**
 * A free row's counts, as `tokens(rest)` then `(>)?` + countAt per token would read them, or the problem; one
 * char-code pass without the token strings. Text with non-ASCII characters goes the token way.
 */
function readCounts(rest: string, orders: number): { counts: number[]; atLeast: boolean[] } | string {
  const counts: number[] = [];
  const atLeast: boolean[] = [];
  let bad = -1;
  let i = 0;
  const len = rest.length;
  while (i < len) {
    let c = rest.charCodeAt(i);
    if (c >= 128) return readCountTokens(rest, orders);
    if (c === 32 || (c >= 9 && c <= 13)) {
      i++;
      continue;
    }
    const start = i;
    const more = c === 62;
    const digits = more ? i + 1 : i;
    let n = 0;
    let isCount = true;
    for (i = digits; i < len; i++) {
      c = rest.charCodeAt(i);
      if (c === 32 || (c >= 9 && c <= 13)) break;
      if (c >= 128) return readCountTokens(rest, orders);
      const d = c - 48;
      if (d < 0 || d > 9) isCount = false;
      else n = n * 10 + d;
    }
    if (isCount && (i === digits || i - digits > 16 || !Number.isSafeInteger(n))) isCount = false;
    if (!isCount && bad < 0) bad = start;
    counts.push(isCount ? n : 0);
    atLeast.push(more);
  }
  if (counts.length !== orders) return `${counts.length} counts, but the order header has ${orders}`;
  if (bad >= 0) return `count "${tokens(rest.slice(bad))[0]}" is not a non-negative integer`;
  return { counts, atLeast };
}

/** `readCounts` through the token strings (tokens handles Unicode whitespace). */
function readCountTokens(rest: string, orders: number): { counts: number[]; atLeast: boolean[] } | string {
  const parts = tokens(rest);
  if (parts.length !== orders) return `${parts.length} counts, but the order header has ${orders}`;
  const counts = new Array<number>(parts.length);
  const atLeast = new Array<boolean>(parts.length);
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    // `>` then the digits, as /^(>)?(\d{1,16})$/ reads it (countAt checks the digits)
    const more = p.charCodeAt(0) === 62;
    const n = countAt(p, more ? 1 : 0, p.length);
    if (n === undefined) return `count "${p}" is not a non-negative integer`;
    counts[k] = n;
    atLeast[k] = more;
  }
  return { counts, atLeast };
}

function readCountRow(st: State, node: number, zone: string, rest: string) {
  if (st.section !== 'blocks' && st.section !== 'mixed') return 'count row outside a "Number of ..." section';
  if (!Number.isSafeInteger(node)) return 'node id is not an integer';
  const names = st.migratetypes!;
  const counts = toCounts(tokens(rest));
  if (!counts) return 'block counts must be non-negative integers';
  if (counts.length !== names.length)
    return `${counts.length} block counts, but the header has ${names.length} types`;
  if (st.section === 'mixed') return undefined; // validated; nothing downstream uses mixed blocks
  const z = zoneOf(st, node, zone);
  if (Object.keys(z.blocks).length > 0) return `block counts of zone ${zone}, node ${node} appear twice`;
  names.forEach((name, k) => {
    z.blocks[name] = counts[k]!;
  });
  return undefined;
}

/** Whole-file checks: headers present, every zone complete (a cut file must not look like a short one). */
function finish(st: State): Parsed<Pagetypeinfo> {
  if (st.pageblockOrder === undefined) return fail('no "Page block order" line', 0);
  if (st.pagesPerBlock === undefined) return fail('no "Pages per block" line', 0);
  if (st.pageblockOrder > 30 || st.pagesPerBlock !== 2 ** st.pageblockOrder) {
    return fail(`pages per block ${st.pagesPerBlock} is not 2^${st.pageblockOrder}`, 0);
  }
  if (st.zones.size === 0) return fail('no free-list rows', 0);
  if (!st.migratetypes) return fail('no "Number of blocks type" section: the file looks cut', 0);
  const types = st.migratetypes;
  const zones: PagetypeZone[] = [];
  for (const open of st.zones.values()) {
    const { firstLine } = open;
    // a literal rather than a rest pattern (a slow copy in V8): the same keys, without firstLine
    const z: PagetypeZone = { node: open.node, zone: open.zone, free: open.free, blocks: open.blocks };
    const missingFree = types.find((t) => !z.free[t]);
    if (missingFree)
      return fail(`zone ${z.zone}, node ${z.node} has no free row for ${missingFree}`, firstLine);
    const extra = Object.keys(z.free).find((t) => !types.includes(t));
    if (extra) return fail(`zone ${z.zone}, node ${z.node}: type ${extra} is not in the header`, firstLine);
    if (Object.keys(z.blocks).length === 0) {
      return fail(`zone ${z.zone}, node ${z.node} has no block-count row: the file looks cut`, firstLine);
    }
    zones.push(z);
  }
  return ok({
    pageblockOrder: st.pageblockOrder,
    pagesPerBlock: st.pagesPerBlock,
    migratetypes: types,
    zones,
  });
}
