/**
 * `/proc/vmstat` -> counters by name (`name value` per line, mm/vmstat.c vmstat_show).
 */
import { excerpt, fail, ok, splitLines } from './parseCommon';
import type { Parsed, Vmstat } from './types';

// Per-cpu drift can make a few node/zone counters print negative on some kernels; keep the sign.
const LINE = /^([a-z][a-z0-9_]*)\s+(-?\d+)$/;

/** Parses a whole `/proc/vmstat`; requires `nr_free_pages` so other text is not taken for it. Never throws. */
export function parseVmstat(text: string): Parsed<Vmstat> {
  return parseVmstatLines(splitLines(text));
}

/** `parseVmstat` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseVmstatLines(lines: readonly string[]): Parsed<Vmstat> {
  const out: Vmstat = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    const value = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isSafeInteger(value))
      return fail('not a vmstat line ("name value")', i + 1, excerpt(lines[i]!));
    if (Object.hasOwn(out, m[1]!)) return fail(`${m[1]} appears twice`, i + 1, excerpt(lines[i]!));
    out[m[1]!] = value;
  }
  if (!Object.hasOwn(out, 'nr_free_pages')) return fail('no nr_free_pages line', 0);
  return ok(out);
}
