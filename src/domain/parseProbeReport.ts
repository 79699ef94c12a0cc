/**
 * A probe report (the output of `runbooks/scripts/probe.sh`) -> Evidence. Each /proc section goes to its
 * own parser; the frame (header, trailer, cut markers) and cross-section consistency decide whether the
 * evidence is `complete`. Only a garbled buddyinfo fails the parse: without it there is nothing to judge.
 */

import { parseBuddyinfoLines } from './parseBuddyinfo';
import { fail, ok, splitLines } from './parseCommon';
import { parseKernelLogLines } from './parseKernelLog';
import { parseMeminfoLines } from './parseMeminfo';
import { parsePagetypeinfoLines } from './parsePagetypeinfo';
import { parseVmstatLines } from './parseVmstat';
import { parseZoneinfoLines } from './parseZoneinfo';
import { clip, consistencyProblems, frameProblems } from './probeReportProblems';
import { applyMeta, readKeyValues, readNodes, readThp } from './readProbeSections';
import { type ProbeReportParts, type ProbeSection, splitProbeReport } from './splitProbeReport';
import type { Evidence, KernelLogFindings, Parsed } from './types';

/** Parses a whole probe report. Never throws; `ok:false` only when buddyinfo lines are garbled. */
export function parseProbeReport(text: string): Parsed<Evidence> {
  const parts = splitProbeReport(text);
  const problems = frameProblems(parts);
  const evidence: Evidence = { source: 'probe-report', buddyinfo: [], complete: true, problems };
  if (parts.error) problems.push(`the probe stopped: ${parts.error.text.replace(/^!! error\s*/, '')}`);
  const buddy = section(parts, 'buddyinfo');
  if (buddy && buddy.lines.length > 0) {
    const parsed = parseBuddyinfoLines(bodyLines(buddy.lines));
    if (!parsed.ok)
      return fail(
        `buddyinfo: ${parsed.error.message}`,
        reportLine(buddy, parsed.error.line),
        parsed.error.text,
      );
    evidence.buddyinfo = parsed.value;
  } else if (!parts.error) {
    problems.push('the report holds no buddyinfo rows');
  }
  readSmallSections(parts, evidence);
  readTables(parts, evidence);
  if (evidence.zoneinfo) problems.push(...consistencyProblems(evidence.buddyinfo, evidence.zoneinfo));
  const kernlog = readKernlog(section(parts, 'kernlog'));
  if (kernlog) evidence.kernlog = kernlog;
  evidence.complete = problems.length === 0;
  return ok(evidence);
}

/**
 * The lines a parser would get from `lines.join('\n')`, without building that text: the same lines unless a
 * line before the last ends in `\r` (splitLines strips it) or the last line is empty (splitLines drops it).
 */
function bodyLines(lines: readonly string[]): readonly string[] {
  const last = lines.length - 1;
  if (last >= 0 && lines[last] === '') return splitLines(lines.join('\n'));
  for (let i = 0; i < last; i++) {
    const l = lines[i]!;
    if (l.charCodeAt(l.length - 1) === 13) return splitLines(lines.join('\n'));
  }
  return lines;
}

/** The first section of that name. */
function section(parts: ProbeReportParts, name: string): ProbeSection | undefined {
  return parts.sections.find((s) => s.name === name);
}

/** The report line of a 1-based line within a section's body (the section header line for 0). */
function reportLine(s: ProbeSection, line: number): number {
  return s.lineNumbers[line - 1] ?? (s.lineNumbers[0] ?? 1) - 1;
}

/** A garbled-line problem naming the report line. */
function garbled(s: ProbeSection, index: number): string {
  return `section ${s.name}: garbled line ${reportLine(s, index + 1)}: ${clip(s.lines[index] ?? '')}`;
}

/** meta, sysctl, thp and nodes: our own key=value formats. */
function readSmallSections(parts: ProbeReportParts, evidence: Evidence): void {
  const meta = section(parts, 'meta');
  if (meta) {
    const kv = readKeyValues(meta.lines);
    applyMeta(evidence, kv.values);
    evidence.problems.push(...kv.garbled.map((i) => garbled(meta, i)));
  }
  const sysctl = section(parts, 'sysctl');
  if (sysctl && !sysctl.unavailable) {
    const kv = readKeyValues(sysctl.lines);
    evidence.sysctl = kv.values;
    evidence.problems.push(...kv.garbled.map((i) => garbled(sysctl, i)));
  }
  const thp = section(parts, 'thp');
  if (thp && thp.unavailable === undefined) evidence.thp = readThp(readKeyValues(thp.lines).values);
  const nodes = section(parts, 'nodes');
  if (nodes && nodes.unavailable === undefined && !nodes.cut) {
    const read = readNodes(nodes.lines);
    evidence.numaNodes = read.nodes;
    evidence.problems.push(...read.garbled.map((i) => garbled(nodes, i)));
  }
}

/** zoneinfo, meminfo, vmstat, pagetypeinfo: the /proc tables, each through its own parser. */
function readTables(parts: ProbeReportParts, evidence: Evidence): void {
  const zoneinfo = parseSection(parts, 'zoneinfo', parseZoneinfoLines, evidence.problems);
  if (zoneinfo) evidence.zoneinfo = zoneinfo;
  const meminfo = parseSection(parts, 'meminfo', parseMeminfoLines, evidence.problems);
  if (meminfo) evidence.meminfo = meminfo;
  const vmstat = parseSection(parts, 'vmstat', parseVmstatLines, evidence.problems);
  if (vmstat) evidence.vmstat = vmstat;
  // a cut pagetypeinfo lacks whole zones or their block counts: better none than a partial one, and say so
  const pti = section(parts, 'pagetypeinfo');
  if (pti && !pti.cut) {
    const pagetypeinfo = parseSection(parts, 'pagetypeinfo', parsePagetypeinfoLines, evidence.problems);
    if (pagetypeinfo) evidence.pagetypeinfo = pagetypeinfo;
  }
  const gap = pagetypeinfoGap(pti);
  if (gap) evidence.gaps = [...(evidence.gaps ?? []), gap];
}

/** Why a pagetypeinfo the probe was asked for is not in the evidence, or null (present or not asked for). */
function pagetypeinfoGap(s: ProbeSection | undefined): string | null {
  if (!s || s.unavailable === 'not-requested') return null;
  if (s.cut) {
    return `section pagetypeinfo was cut by the probe (kept ${s.cut.kept} of ${s.cut.of} lines): pageblock counts are unknown`;
  }
  if (s.unavailable !== undefined) return `pagetypeinfo is unavailable (${s.unavailable || 'unreadable'})`;
  return null;
}

/** Runs a parser over a readable section; a parse failure becomes a problem naming the report line. */
function parseSection<T>(
  parts: ProbeReportParts,
  name: string,
  parse: (lines: readonly string[]) => Parsed<T>,
  problems: string[],
): T | undefined {
  const s = section(parts, name);
  if (!s || s.unavailable !== undefined || s.lines.length === 0) return undefined;
  const parsed = parse(bodyLines(s.lines));
  if (parsed.ok) return parsed.value;
  const line = reportLine(s, parsed.error.line);
  problems.push(
    `section ${name}: ${parsed.error.message} (line ${line}${parsed.error.text ? `: ${clip(parsed.error.text)}` : ''})`,
  );
  return undefined;
}

/** The kernlog section (newest first, after a `source=` tag) back in log order, lines mapped to the report. */
function readKernlog(s: ProbeSection | undefined): KernelLogFindings | undefined {
  if (!s || s.unavailable !== undefined) return undefined;
  const body = s.lines[0]?.startsWith('source=') ? 1 : 0;
  const lines = s.lines.slice(body).reverse();
  const numbers = s.lineNumbers.slice(body).reverse();
  const findings = parseKernelLogLines(bodyLines(lines));
  for (const f of findings.failures) f.line = numbers[f.line - 1] ?? f.line;
  return findings;
}
