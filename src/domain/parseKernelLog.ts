/**
 * Kernel log text (dmesg, journalctl -k, /var/log/messages, Android last_kmsg) -> what it says about memory:
 * allocation-failure headers, the Mem-Info free lists printed with them (as buddyinfo rows), SLUB failures,
 * nf_conntrack vmalloc fallbacks and OOM kills. Never fails: unrelated text yields empty findings.
 */
import { logTimestamp, parseAllocationFailureHeader } from './parseAllocationFailure';
import { splitLines } from './parseCommon';
import { parseFreeListLine } from './parseFreeListLine';
import type { AllocationFailure, KernelLogFindings, ZoneFree } from './types';

/** How many log records after a header a stray continuation (`nodemask=`, `cpuset=`) may still belong to it. */
const CONTINUATION_WINDOW = 20;

// Continuations end their record and follow only a log prefix (no `=` before them), so the `nodemask=` and
// `cpuset=` inside OOM-killer lines (`gfp_mask=..., nodemask=...`, `oom-kill:constraint=...`) never match.
const NODEMASK_FRAGMENT =
  /^[^=]*?(?:^|[\s\],])nodemask=(\(null\)|[0-9,-]+)(?:,cpuset=([^,\s]*),mems_allowed=([0-9,-]+))?\s*$/;
const CPUSET_FRAGMENT = /^[^=]*?(?:^|[\s\]]),cpuset=([^,\s]*),mems_allowed=([0-9,-]+)\s*$/;
// 4.10-4.15 print `COMM cpuset=CGROUP mems_allowed=NODES` as a record of its own.
const CPUSET_LINE = /^[^=]* cpuset=(\S*) mems_allowed=([0-9,-]+)\s*$/;
const SLUB_FAILURE = 'SLUB: Unable to allocate memory';
const CONNTRACK_FALLBACK = 'nf_conntrack: falling back to vmalloc';
// `Killed process N` ends every OOM kill (global and memcg; 3.x prints it on its own after `Kill process`).
const OOM_KILL = /\bKilled process \d+/;

interface Pending {
  failure: AllocationFailure;
  record: number;
}

/** Scans a kernel log. Failures keep their 1-based input line and the line's timestamp text. */
export function parseKernelLog(text: string): KernelLogFindings {
  return parseKernelLogLines(splitLines(text));
}

/** `parseKernelLog` over lines already split (as a probe report section holds them): no join and re-split. */
export function parseKernelLogLines(lines: readonly string[]): KernelLogFindings {
  const findings: KernelLogFindings = {
    failures: [],
    freeLists: [],
    slubFailures: 0,
    conntrackFallbacks: 0,
    oomKills: 0,
  };
  const scan: Scan = { findings, zones: new Map(), pending: [], record: 0 };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // most lines hold no rsyslog escape: one record, without the records array
    if (!line.includes('#01')) readRecord(scan, line, line, i + 1);
    else for (const part of recordsOf(line)) readRecord(scan, part, line, i + 1);
  }
  findings.freeLists = [...scan.zones.values()];
  return findings;
}

/** Where a scan stands: the findings so far, the zones by `node/zone`, headers awaiting continuations. */
interface Scan {
  findings: KernelLogFindings;
  zones: Map<string, ZoneFree>;
  pending: Pending[];
  record: number;
}

/** One log record (`part` of the 1-based input line `lineNo`) into the scan. */
function readRecord(scan: Scan, part: string, line: string, lineNo: number): void {
  const record = ++scan.record;
  const header = parseAllocationFailureHeader(part);
  if (header) {
    const failure: AllocationFailure = { ...header, line: lineNo };
    const time = logTimestamp(line);
    if (time !== undefined) failure.time = time;
    scan.findings.failures.push(failure);
    scan.pending.push({ failure, record });
    return;
  }
  if (attachContinuation(part, scan.pending, record)) return;
  const free = parseFreeListLine(part);
  if (free) {
    // a later dump of the same zone replaces the earlier one (the Map keeps the first position)
    scan.zones.set(`${free.node}/${free.zone}`, { node: free.node, zone: free.zone, free: free.free });
    scan.findings.pageSize = free.pageSize;
  } else countRelated(part, scan.findings);
}

/** A log line's records: rsyslog escapes control characters (`#012` an embedded newline, `#011` a tab). */
function recordsOf(line: string): string[] {
  // most lines hold no escape: skip the replace and split (neither can change a line without `#01`)
  if (!line.includes('#01')) return [line];
  return line.replaceAll('#011', '\t').split('#012');
}

function countRelated(part: string, findings: KernelLogFindings): void {
  if (part.includes(SLUB_FAILURE)) findings.slubFailures++;
  if (part.includes(CONNTRACK_FALLBACK)) findings.conntrackFallbacks++;
  if (OOM_KILL.test(part)) findings.oomKills++;
}

/**
 * Gives a continuation record to the oldest recent header still missing that part: the header wrapped by a
 * mail or commit message (`nodemask=` on the next line), pr_cont fragments split off by a concurrent printk
 * (`,cpuset=/,mems_allowed=0`), or the separate cpuset record of 4.10-4.15 (matched by comm).
 */
function attachContinuation(part: string, pending: Pending[], record: number): boolean {
  while (pending.length > 0 && record - pending[0]!.record > CONTINUATION_WINDOW) pending.shift();
  if (pending.length === 0) return false;
  // each pattern needs its literal: a substring test spares the regexes on the other lines
  if (!part.includes('nodemask=') && !part.includes('cpuset=')) return false;
  let m = NODEMASK_FRAGMENT.exec(part);
  if (m) {
    // only 4.10+ headers (which also decode flags) print a nodemask
    const p = pending.find((x) => x.failure.flags !== undefined && x.failure.nodemask === undefined);
    if (!p) return false;
    p.failure.nodemask = m[1]!;
    if (m[2] !== undefined && m[3] !== undefined) setCpuset(p.failure, m[2], m[3]);
    return true;
  }
  m = CPUSET_FRAGMENT.exec(part);
  if (m) {
    const p = pending.find((x) => x.failure.nodemask !== undefined && x.failure.cpuset === undefined);
    if (!p) return false;
    setCpuset(p.failure, m[1]!, m[2]!);
    return true;
  }
  m = CPUSET_LINE.exec(part);
  if (m) {
    const before = part.slice(0, part.indexOf(' cpuset='));
    const p = pending.find(
      (x) =>
        x.failure.nodemask !== undefined &&
        x.failure.cpuset === undefined &&
        endsWithComm(before, x.failure.comm),
    );
    if (!p) return false;
    setCpuset(p.failure, m[1]!, m[2]!);
    return true;
  }
  return false;
}

function setCpuset(f: AllocationFailure, cpuset: string, mems: string): void {
  f.cpuset = cpuset;
  f.memsAllowed = mems;
}

/** `text` ends with `comm`, which starts the text or follows whitespace or `]` (a log prefix). */
function endsWithComm(text: string, comm: string): boolean {
  if (!text.endsWith(comm)) return false;
  const at = text.length - comm.length;
  return at === 0 || /[\s\]]/.test(text[at - 1]!);
}
