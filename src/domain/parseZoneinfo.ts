/**
 * `/proc/zoneinfo` -> per-zone free pages and watermarks (in pages).
 * Both layouts are read: 3.10 (`pages free/min/low/high/scanned/spanned/present/managed`, zone stats, then
 * `protection:`) and 6.x (per-node stats first, then `pages free/boost/min/low/high/promo/spanned/present/
 * managed/cma`, `protection:`, zone stats). Statistics and pagesets are skipped; only watermark keys read
 * before the `pagesets` line count, because pagesets print their own `high:`.
 *
 * Unpopulated zones (present 0; managed 0 when present is not printed) are DROPPED, so the result lists the
 * same zones as /proc/buddyinfo, which prints populated zones only. 6.x prints every zone; 3.10 only populated.
 */
import { excerpt, fail, ok, splitLines, toCount } from './parseCommon';
import type { Parsed, ZoneWatermarks } from './types';

const ZONE_HEADER = /^Node\s+(\d+),\s+zone\s+(\S+)$/;
const PAGES_FREE = /^pages free\s+(\S+)$/;
const WATERMARK = /^(boost|min|low|high|promo|scanned|spanned|present|managed|cma)\s+(\S+)$/;
const WATERMARK_KEYS = new Set([
  'boost',
  'min',
  'low',
  'high',
  'promo',
  'scanned',
  'spanned',
  'present',
  'managed',
  'cma',
]);
const PROTECTION = /^protection:\s*\((.*)\)$/;

interface OpenZone {
  node: number;
  zone: string;
  line: number;
  fields: Map<string, number>;
  protection?: number[];
  inPagesets: boolean;
}

/** Parses a whole `/proc/zoneinfo`; populated zones only, in file order. Never throws. */
export function parseZoneinfo(text: string): Parsed<ZoneWatermarks[]> {
  return parseZoneinfoLines(splitLines(text));
}

/** `parseZoneinfo` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseZoneinfoLines(lines: readonly string[]): Parsed<ZoneWatermarks[]> {
  const out: ZoneWatermarks[] = [];
  const seen = new Set<string>();
  let open: OpenZone | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const header = line.startsWith('Node') ? ZONE_HEADER.exec(line) : null;
    if (header) {
      const closed = open ? close(open, out) : undefined;
      if (closed) return closed;
      const node = toCount(header[1]!);
      const key = `${header[1]}/${header[2]}`;
      if (node === undefined) return fail('node id is not an integer', i + 1, excerpt(lines[i]!));
      if (seen.has(key))
        return fail(`zone ${header[2]} of node ${node} appears twice`, i + 1, excerpt(lines[i]!));
      seen.add(key);
      open = { node, zone: header[2]!, line: i + 1, fields: new Map(), inPagesets: false };
      continue;
    }
    const problem = open ? readZoneLine(open, line) : 'text before the first "Node N, zone NAME" header';
    if (problem) return fail(problem, i + 1, excerpt(lines[i]!));
  }
  const closed = open ? close(open, out) : undefined;
  if (closed) return closed;
  if (seen.size === 0) return fail('no "Node N, zone NAME" header', 0);
  return ok(out);
}

function readZoneLine(z: OpenZone, line: string): string | undefined {
  if (line === 'pagesets') {
    z.inPagesets = true;
    return undefined;
  }
  if (!z.inPagesets) {
    const m = matchField(line);
    if (m) {
      const key = m.length === 2 ? 'free' : m[1]!;
      const n = toCount(m[m.length - 1]!);
      if (n === undefined) return `${key} must be a non-negative integer`;
      z.fields.set(key, n);
      return undefined;
    }
    const p = line.startsWith('protection:') ? PROTECTION.exec(line) : null;
    if (p) {
      const values = p[1]!.split(',').map((v) => v.trim());
      const nums = values.map(Number);
      const bad = values.some((v, k) => !/^-?\d+$/.test(v) || !Number.isSafeInteger(nums[k]));
      if (bad) return 'protection must be a list of integers';
      z.protection = nums;
      return undefined;
    }
  }
  return startsWithLetter(line) ? undefined : 'not a zoneinfo line';
}

/**
 * Everything else inside a zone is a `name value` statistic or a pageset line; they all start with a letter
 * (/^[A-Za-z]/, as a char test).
 */
function startsWithLetter(line: string): boolean {
  const c = line.charCodeAt(0) | 32;
  return c >= 97 && c <= 122;
}

/** PAGES_FREE or WATERMARK, tried only when the line's leading lowercase word can start a match. */
function matchField(line: string): RegExpExecArray | null {
  if (line.startsWith('pages free')) return PAGES_FREE.exec(line);
  // WATERMARK needs KEY then whitespace, so the run of [a-z] the line starts with must be exactly KEY
  let end = 0;
  for (; end < line.length; end++) {
    const c = line.charCodeAt(end);
    if (c < 97 || c > 122) break;
  }
  return WATERMARK_KEYS.has(line.slice(0, end)) ? WATERMARK.exec(line) : null;
}

const REQUIRED = ['free', 'min', 'low', 'high', 'managed'] as const;

/** Validates a finished zone and appends it when populated; returns a failure when a watermark is missing. */
function close(z: OpenZone, out: ZoneWatermarks[]): Parsed<ZoneWatermarks[]> | undefined {
  const missing = REQUIRED.find((k) => !z.fields.has(k));
  if (missing)
    return fail(`zone ${z.zone} of node ${z.node} has no "${missing}" (cut, or a kernel before 3.8)`, z.line);
  // all REQUIRED keys are present (checked above); no closure here, it runs once per zone
  const fields = z.fields;
  const present = fields.get('present');
  if ((present ?? fields.get('managed')) === 0) return undefined;
  const row: ZoneWatermarks = {
    node: z.node,
    zone: z.zone,
    free: fields.get('free')!,
    min: fields.get('min')!,
    low: fields.get('low')!,
    high: fields.get('high')!,
    managed: fields.get('managed')!,
  };
  const boost = fields.get('boost');
  if (boost !== undefined) row.boost = boost;
  if (present !== undefined) row.present = present;
  if (z.protection) row.protection = z.protection;
  out.push(row);
  return undefined;
}
