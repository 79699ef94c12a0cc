/**
 * Any text memfrag can read -> Evidence: detects the kind, runs its parser, and fills what that kind can
 * tell. Error messages complete the sentence "<file> ..." so the CLI can print them as they are.
 */
import { detectInputKind, firstContentLine, InputKind } from './detectInput';
import { parseBuddyinfo } from './parseBuddyinfo';
import { fail, ok } from './parseCommon';
import { parseKernelLog } from './parseKernelLog';
import { parsePagetypeinfo } from './parsePagetypeinfo';
import { parseProbeReport } from './parseProbeReport';
import type { Evidence, Pagetypeinfo, Parsed, ZoneFree } from './types';

/** The sentence for text of no known kind. */
export const NOT_RECOGNIZED = 'is not buddyinfo, a probe report, a kernel log or pagetypeinfo';

/** Detects the kind of `text` and turns it into evidence; `error.message` completes "<file> ...". */
export function evidenceFromText(text: string): Parsed<Evidence> {
  const kind = detectInputKind(text);
  switch (kind) {
    case InputKind.ProbeReport:
      return withPrefix(parseProbeReport(text), 'is not a valid probe report');
    case InputKind.Buddyinfo:
      return fromBuddyinfo(text);
    case InputKind.Pagetypeinfo:
      return fromPagetypeinfo(text);
    case InputKind.KernelLog:
      return ok(fromKernelLog(text));
    case InputKind.Zoneinfo:
      return fail('is zoneinfo, which has no free blocks by order: give buddyinfo or a probe report', 0);
    default: {
      const first = firstContentLine(text);
      return first
        ? fail(NOT_RECOGNIZED, first.line, first.text)
        : fail(`${NOT_RECOGNIZED} (it is empty)`, 0);
    }
  }
}

/** Prefixes a parse error with what the text was taken for. */
function withPrefix<T>(parsed: Parsed<T>, prefix: string): Parsed<T> {
  if (parsed.ok) return parsed;
  return fail(`${prefix}: ${parsed.error.message}`, parsed.error.line, parsed.error.text);
}

function fromBuddyinfo(text: string): Parsed<Evidence> {
  const parsed = parseBuddyinfo(text);
  if (!parsed.ok) return withPrefix(parsed, NOT_RECOGNIZED);
  return ok({ source: 'buddyinfo', buddyinfo: parsed.value, complete: true, problems: [] });
}

function fromPagetypeinfo(text: string): Parsed<Evidence> {
  const parsed = parsePagetypeinfo(text);
  if (!parsed.ok) return withPrefix(parsed, 'is not valid pagetypeinfo');
  // a `>100000` count is a lower bound, but only on lists that long: plenty at that order either way
  const { rows } = buddyinfoFromPagetypeinfo(parsed.value);
  return ok({
    source: 'pagetypeinfo',
    buddyinfo: rows,
    complete: true,
    problems: [],
    pagetypeinfo: parsed.value,
  });
}

/** Buddyinfo rows as the sum over migratetypes of each zone's free lists (what the kernel's nr_free counts). */
export function buddyinfoFromPagetypeinfo(pti: Pagetypeinfo): { rows: ZoneFree[]; lowerBound: boolean } {
  let lowerBound = false;
  const rows = pti.zones.map((zone) => {
    const free: number[] = [];
    for (const type of Object.values(zone.free)) {
      type.counts.forEach((count, order) => {
        free[order] = (free[order] ?? 0) + count;
      });
      if (type.atLeast.some(Boolean)) lowerBound = true;
    }
    return { node: zone.node, zone: zone.zone, free: Array.from(free, (v) => v ?? 0) };
  });
  return { rows, lowerBound };
}

/** A kernel log: the newest Mem-Info free lists stand in for buddyinfo; failures ride along in `kernlog`. */
function fromKernelLog(text: string): Evidence {
  const kernlog = parseKernelLog(text);
  const evidence: Evidence = {
    source: 'kernel-log',
    buddyinfo: kernlog.freeLists,
    complete: true,
    problems: [],
    kernlog,
  };
  if (kernlog.pageSize !== undefined) evidence.pageSize = kernlog.pageSize;
  if (kernlog.freeLists.length === 0) {
    evidence.complete = false;
    evidence.problems.push('the log has no Mem-Info free lists, so fragmentation cannot be measured from it');
  } else {
    evidence.numaNodes = [...new Set(kernlog.freeLists.map((r) => r.node))].sort((a, b) => a - b);
  }
  return evidence;
}
