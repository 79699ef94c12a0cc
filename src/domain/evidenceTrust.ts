/**
 * Why evidence must not drive a remediation: cut or partial input, reported problems, free lists that
 * contradict themselves. Any finding here makes the verdict `unknown`.
 */
import { countsZone, type Rules } from './rules';
import type { Evidence, ZoneFree } from './types';

/** The free lists to judge: /proc/buddyinfo, else the kernel log's Mem-Info free lists (time of failure). */
export function freeListRows(evidence: Evidence): { rows: ZoneFree[]; fromLog: boolean } {
  if (evidence.buddyinfo.length > 0) return { rows: evidence.buddyinfo, fromLog: false };
  return { rows: evidence.kernlog?.freeLists ?? [], fromLog: true };
}

/** Problems with the rows themselves: mixed column counts, impossible counts, duplicate zones. */
export function rowProblems(rows: readonly ZoneFree[]): string[] {
  const problems: string[] = [];
  if (rows.length === 0) {
    return ['No free-list data: neither /proc/buddyinfo nor a Mem-Info free list was found in the evidence.'];
  }
  const widths = new Set(rows.map((r) => r.free.length));
  if (widths.size > 1) {
    problems.push(`The free lists are inconsistent: rows have ${[...widths].join(' and ')} orders.`);
  }
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.free.length === 0 || r.free.some((n) => !Number.isSafeInteger(n) || n < 0)) {
      problems.push(`The ${r.zone} zone on node ${r.node} has an impossible free-block count.`);
    }
    const key = `${r.node}/${r.zone}`;
    if (seen.has(key)) problems.push(`The ${r.zone} zone on node ${r.node} appears twice.`);
    seen.add(key);
  }
  return problems;
}

/** Reasons not to trust the evidence, and whether its rows are sound enough to compute metrics from. */
export interface Trust {
  problems: string[];
  rowsOk: boolean;
}

/** Every reason not to trust this evidence at this target order; no problems = it may drive a remediation. */
export function trustProblems(
  evidence: Evidence,
  rows: readonly ZoneFree[],
  order: number,
  rules: Rules,
): Trust {
  const problems: string[] = [];
  if (!evidence.complete) {
    problems.push('The evidence is incomplete (cut or partial); it must not drive a remediation.');
  }
  for (const p of evidence.problems) problems.push(`Evidence problem: ${p}`);
  const rowIssues = rowProblems(rows);
  problems.push(...rowIssues);
  if (rowIssues.length > 0) return { problems, rowsOk: false };
  const orders = rows[0]?.free.length ?? 0;
  if (order >= orders) {
    problems.push(
      `Order ${order} is above the largest block order (${orders - 1}) of these free lists: no free memory can serve it, and no remediation will.`,
    );
  }
  if (!rows.some((r) => countsZone(r, rules))) {
    problems.push(`No zone that counts (${rules.zones.join(', ')}) is in the free lists.`);
  }
  return { problems, rowsOk: true };
}
