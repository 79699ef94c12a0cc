/**
 * Readers for the small `key=value` sections of a probe report (meta, sysctl, thp, nodes). The big
 * /proc tables go to the dedicated parsers; these sections are our own format, written by probe.sh.
 */
import type { Evidence } from './types';

/** `key=value` lines as a record; lines without `=` are returned as garbled (1-based index into `lines`). */
export function readKeyValues(lines: readonly string[]): {
  values: Record<string, string>;
  garbled: number[];
} {
  const values: Record<string, string> = {};
  const garbled: number[] = [];
  lines.forEach((line, i) => {
    const eq = line.indexOf('=');
    if (eq <= 0) garbled.push(i);
    else values[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return { values, garbled };
}

/** A finite number from a meta value, or undefined. */
function num(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** The meta section onto the evidence: kernel, page size, uptime, hostname, snapshot time. */
export function applyMeta(evidence: Evidence, values: Record<string, string>): void {
  if (values.kernel) evidence.kernel = values.kernel;
  if (values.hostname) evidence.hostname = values.hostname;
  const pageSize = num(values.pagesize);
  if (pageSize !== undefined && pageSize > 0) evidence.pageSize = pageSize;
  const uptime = num(values.uptime);
  if (uptime !== undefined) evidence.uptimeSeconds = uptime;
  const time = num(values.time);
  if (time !== undefined) evidence.takenAt = time;
}

/** The selected value of a sysfs choice file (`always [madvise] never` -> `madvise`), else the text itself. */
export function selectedChoice(text: string): string {
  const m = /\[([^\]]+)\]/.exec(text);
  return m ? m[1]! : text.trim();
}

/** The thp section (`enabled=...`, `defrag=...`) as the selected values. */
export function readThp(values: Record<string, string>): { enabled?: string; defrag?: string } {
  const thp: { enabled?: string; defrag?: string } = {};
  if (values.enabled !== undefined) thp.enabled = selectedChoice(values.enabled);
  if (values.defrag !== undefined) thp.defrag = selectedChoice(values.defrag);
  return thp;
}

/** The nodes section (`node N compact=0|1`) as sorted NUMA node ids; garbled lines by index. */
export function readNodes(lines: readonly string[]): { nodes: number[]; garbled: number[] } {
  const nodes: number[] = [];
  const garbled: number[] = [];
  lines.forEach((line, i) => {
    const m = /^node (\d+)(?: compact=[01])?\s*$/.exec(line);
    if (m) nodes.push(Number(m[1]));
    else garbled.push(i);
  });
  return { nodes: [...new Set(nodes)].sort((a, b) => a - b), garbled };
}
