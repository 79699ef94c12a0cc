/**
 * Why a probe report may not be trusted: a cut or garbled transport, a format it was not written in, or
 * sections that contradict each other. Each problem is a sentence a person can read.
 */
import { PROBE_FORMAT_VERSION, PROBE_SECTIONS, type ProbeReportParts } from './splitProbeReport';
import type { ZoneFree, ZoneWatermarks } from './types';
import { freePagesOf } from './watermark';

/** Sections whose cut makes the whole report untrustworthy: the verdict is computed from them. */
export const ESSENTIAL_SECTIONS: readonly string[] = ['buddyinfo', 'zoneinfo'];

/** Problems of the report's frame: header, trailer, section list, size, stray lines, essential cuts. */
export function frameProblems(parts: ProbeReportParts): string[] {
  const problems: string[] = [];
  if (parts.version === null) problems.push('the report has no "memfrag-probe" header line');
  else if (parts.version !== PROBE_FORMAT_VERSION) {
    problems.push(
      `the report is probe format ${parts.version}; this memfrag reads format ${PROBE_FORMAT_VERSION}`,
    );
  }
  if (!parts.trailer) {
    problems.push(
      'the report has no "== end" trailer: its tail was cut in transit (TAT keeps the first 24 KiB)',
    );
  } else {
    if (parts.trailer.sections !== parts.sections.length) {
      problems.push(
        `the trailer counts ${parts.trailer.sections} sections but the report has ${parts.sections.length}`,
      );
    }
    // the probe prints ASCII only (it masks other bytes), so the count is exact
    if (parts.trailer.bytes !== parts.bodyBytes) {
      problems.push(
        `the trailer says ${parts.trailer.bytes} bytes but ${parts.bodyBytes} arrived: lines were lost`,
      );
    }
  }
  problems.push(...sectionListProblems(parts));
  const first = parts.stray[0];
  if (first) {
    const n = parts.stray.length;
    problems.push(
      `${n} line${n === 1 ? '' : 's'} outside the report's sections (line ${first.line}: ${clip(first.text)})`,
    );
  }
  return problems;
}

/** Missing, repeated, unknown and essential-but-cut sections. */
function sectionListProblems(parts: ProbeReportParts): string[] {
  const problems: string[] = [];
  const names = parts.sections.map((s) => s.name);
  for (const name of PROBE_SECTIONS) {
    const n = names.filter((x) => x === name).length;
    if (n > 1) problems.push(`section ${name} appears ${n} times`);
    if (n === 0 && parts.trailer) problems.push(`section ${name} is missing`);
  }
  for (const name of new Set(names)) {
    if (!(PROBE_SECTIONS as readonly string[]).includes(name)) problems.push(`unknown section "${name}"`);
  }
  for (const s of parts.sections) {
    if (s.cut && ESSENTIAL_SECTIONS.includes(s.name)) {
      problems.push(`section ${s.name} was cut by the probe (kept ${s.cut.kept} of ${s.cut.of} lines)`);
    }
  }
  return problems;
}

/** Short form of a line for a problem sentence. */
export function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/**
 * Allowed gap between buddyinfo's pages and zoneinfo's `pages free` for one zone. The two files are read a
 * few milliseconds apart on a live system, and NR_FREE_PAGES is a per-cpu batched counter that may lag by
 * up to stat_threshold (<= 125) pages per CPU. 4096 pages (16 MiB) covers 32 CPUs; 1% of the zone covers
 * bigger hosts, which have more CPUs and more memory. A bigger gap means the two sections do not describe
 * the same moment (or the same machine).
 */
export function freePagesTolerance(zone: ZoneWatermarks): number {
  return Math.max(4096, Math.ceil(zone.managed / 100));
}

/** Zones whose buddyinfo and zoneinfo disagree about free memory beyond the tolerance, or that one lacks. */
export function consistencyProblems(buddy: readonly ZoneFree[], zones: readonly ZoneWatermarks[]): string[] {
  const problems: string[] = [];
  for (const row of buddy) {
    const zone = zones.find((z) => z.node === row.node && z.zone === row.zone);
    if (!zone) {
      problems.push(`zone ${row.zone} of node ${row.node} is in buddyinfo but not in zoneinfo`);
      continue;
    }
    const pages = freePagesOf(row.free);
    if (Math.abs(pages - zone.free) > freePagesTolerance(zone)) {
      problems.push(
        `zone ${row.zone} of node ${row.node}: buddyinfo holds ${pages} free pages but zoneinfo says ${zone.free}`,
      );
    }
  }
  return problems;
}
