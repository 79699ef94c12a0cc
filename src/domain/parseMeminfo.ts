/**
 * `/proc/meminfo` -> values by name, in kB (the `HugePages_*` lines are counts and stay counts).
 * Lines are `Name:` + spaces + value + optional ` kB` (fs/proc/meminfo.c show_val_kb).
 */
import { excerpt, fail, ok, splitLines, toCount } from './parseCommon';
import type { Meminfo, Parsed } from './types';

const LINE = /^([A-Za-z][A-Za-z0-9_()]*):\s+(\d+)(?:\s+kB)?$/;

/** Parses a whole `/proc/meminfo`; requires `MemTotal` so other text is not taken for it. Never throws. */
export function parseMeminfo(text: string): Parsed<Meminfo> {
  return parseMeminfoLines(splitLines(text));
}

/** `parseMeminfo` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseMeminfoLines(lines: readonly string[]): Parsed<Meminfo> {
  const out: Meminfo = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    const value = m ? toCount(m[2]!) : undefined;
    if (!m || value === undefined)
      return fail('not a meminfo line ("Name:   value kB")', i + 1, excerpt(lines[i]!));
    if (Object.hasOwn(out, m[1]!)) return fail(`${m[1]} appears twice`, i + 1, excerpt(lines[i]!));
    out[m[1]!] = value;
  }
  if (!Object.hasOwn(out, 'MemTotal')) return fail('no MemTotal line', 0);
  return ok(out);
}
