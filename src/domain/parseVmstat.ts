/**
 * `/proc/vmstat` -> counters by name (`name value` per line, mm/vmstat.c vmstat_show).
 */
import { type NamedValueFormat, parseNamedValueLines, splitLines } from './parseCommon';
import type { Parsed, Vmstat } from './types';

const FORMAT: NamedValueFormat = {
  // Per-cpu drift can make a few node/zone counters print negative on some kernels; keep the sign.
  line: /^([a-z][a-z0-9_]*)\s+(-?\d+)$/,
  value: (text) => {
    const v = Number(text);
    return Number.isSafeInteger(v) ? v : undefined;
  },
  expected: 'not a vmstat line ("name value")',
  required: 'nr_free_pages',
};

/** Parses a whole `/proc/vmstat`; requires `nr_free_pages` so other text is not taken for it. Never throws. */
export function parseVmstat(text: string): Parsed<Vmstat> {
  return parseVmstatLines(splitLines(text));
}

/** `parseVmstat` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseVmstatLines(lines: readonly string[]): Parsed<Vmstat> {
  return parseNamedValueLines(lines, FORMAT);
}
