/**
 * `/proc/meminfo` -> values by name, in kB (the `HugePages_*` lines are counts and stay counts).
 * Lines are `Name:` + spaces + value + optional ` kB` (fs/proc/meminfo.c show_val_kb).
 */
import { type NamedValueFormat, parseNamedValueLines, splitLines, toCount } from './parseCommon';
import type { Meminfo, Parsed } from './types';

const FORMAT: NamedValueFormat = {
  line: /^([A-Za-z][A-Za-z0-9_()]*):\s+(\d+)(?:\s+kB)?$/,
  value: toCount,
  expected: 'not a meminfo line ("Name:   value kB")',
  required: 'MemTotal',
};

/** Parses a whole `/proc/meminfo`; requires `MemTotal` so other text is not taken for it. Never throws. */
export function parseMeminfo(text: string): Parsed<Meminfo> {
  return parseMeminfoLines(splitLines(text));
}

/** `parseMeminfo` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseMeminfoLines(lines: readonly string[]): Parsed<Meminfo> {
  return parseNamedValueLines(lines, FORMAT);
}
