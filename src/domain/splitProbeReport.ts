/**
 * Splits the text printed by `runbooks/scripts/probe.sh` into its sections, keeping every line's number in
 * the original report so later parse errors can point at it. Judges nothing: parseProbeReport does that.
 */
import { splitLines } from './parseCommon';

/** The report format version this code reads (`memfrag-probe 1`). */
export const PROBE_FORMAT_VERSION = 1;

/** The sections probe.sh prints, in its order. */
export const PROBE_SECTIONS = [
  'meta',
  'buddyinfo',
  'zoneinfo',
  'meminfo',
  'vmstat',
  'sysctl',
  'thp',
  'nodes',
  'pagetypeinfo',
  'kernlog',
] as const;

/** One `== name` section: its body lines (cut marker removed) and where they sit in the report. */
export interface ProbeSection {
  name: string;
  lines: string[];
  /** 1-based report line of each body line */
  lineNumbers: number[];
  /** the probe bounded this section and kept only its head */
  cut?: { kept: number; of: number };
  /** the probe could not (or was not asked to) read it; the reason text, possibly empty */
  unavailable?: string;
}

/** A probe report taken apart, with everything that did not fit the format kept for the judge. */
export interface ProbeReportParts {
  /** the number after `memfrag-probe`, or null when the header is missing */
  version: number | null;
  headerLine: number;
  sections: ProbeSection[];
  trailer?: { sections: number; bytes: number; line: number };
  /** UTF-8 bytes of the lines from the first section header up to the trailer, counted like the probe does */
  bodyBytes: number;
  /** a `!! error` line: the probe gave up (buddyinfo unreadable) */
  error?: { line: number; text: string };
  /** lines outside any section, or after the trailer, or malformed markers */
  stray: { line: number; text: string }[];
}

const HEADER = /^memfrag-probe (\d+)\s*$/;
const SECTION = /^== ([a-z]+)\s*$/;
const TRAILER = /^== end sections=(\d+) bytes=(\d+)\s*$/;
const CUT = /^!! cut ([a-z]+) kept=(\d+) of=(\d+)\s*$/;
const NON_ASCII = /[^\x00-\x7f]/;
const UNAVAILABLE = /^unavailable(?:\s+(.*))?$/;

/** Bytes of a string in UTF-8, without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Starts like a marker line (`== ...`, `!! ...`): only those can match the marker regexes. */
function isMarker(line: string): boolean {
  const c = line.charCodeAt(0);
  return c === 61 || c === 33;
}

/** Finds the header line: the first line that looks like one, so stray output before it is kept as stray. */
function findHeader(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) if (HEADER.test(lines[i]!)) return i;
  return -1;
}

/** Takes a probe report apart. Never throws; anything unexpected lands in `stray`. */
export function splitProbeReport(text: string): ProbeReportParts {
  const lines = splitLines(text);
  // one scan for the common all-ASCII report, instead of a UTF-8 count per line
  const ascii = !NON_ASCII.test(text);
  const h = findHeader(lines);
  const parts: ProbeReportParts = { version: null, headerLine: 0, sections: [], bodyBytes: 0, stray: [] };
  if (h >= 0) {
    parts.version = Number(HEADER.exec(lines[h]!)![1]);
    parts.headerLine = h + 1;
  }
  for (let i = 0; i < Math.max(h, 0); i++) parts.stray.push({ line: i + 1, text: lines[i]! });
  let current: ProbeSection | undefined;
  for (let i = h + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (parts.trailer) {
      parts.stray.push({ line: i + 1, text: line });
      continue;
    }
    // every marker starts with `==` or `!!`: other lines skip the marker regexes
    const marker = isMarker(line);
    const trailer = marker ? TRAILER.exec(line) : null;
    if (trailer) {
      parts.trailer = { sections: Number(trailer[1]), bytes: Number(trailer[2]), line: i + 1 };
      continue;
    }
    if (current || (marker && SECTION.test(line)))
      parts.bodyBytes += (ascii ? line.length : utf8Length(line)) + 1;
    current = readLine(parts, current, line, i + 1);
  }
  return parts;
}

/** Files one line into the current section (or opens a new one); returns the section now open. */
function readLine(
  parts: ProbeReportParts,
  current: ProbeSection | undefined,
  line: string,
  lineNo: number,
): ProbeSection | undefined {
  const marker = isMarker(line);
  const header = marker ? SECTION.exec(line) : null;
  if (header) {
    const section: ProbeSection = { name: header[1]!, lines: [], lineNumbers: [] };
    parts.sections.push(section);
    return section;
  }
  if (marker && line.startsWith('!! error')) {
    parts.error = { line: lineNo, text: line };
    return current;
  }
  if (!current) {
    parts.stray.push({ line: lineNo, text: line });
    return current;
  }
  const cut = marker ? CUT.exec(line) : null;
  if (cut && cut[1] === current.name && !current.cut) {
    current.cut = { kept: Number(cut[2]), of: Number(cut[3]) };
    return current;
  }
  if (current.cut) {
    // nothing may follow a cut marker inside its section
    parts.stray.push({ line: lineNo, text: line });
    return current;
  }
  const unavailable = current.lines.length === 0 ? UNAVAILABLE.exec(line) : null;
  if (unavailable) current.unavailable = unavailable[1] ?? '';
  else {
    current.lines.push(line);
    current.lineNumbers.push(lineNo);
  }
  return current;
}
