/**
 * The effect size of a stage: the domain's before/after comparison of the same probe (free pages at and
 * above the target order per zone, unusable index, outcome) plus what the script itself measured around its
 * write (counter deltas, stall, page cache and slab dropped).
 */

import type { EffectClass } from '../../runbooks/runbook';
import type { StageReport } from '../../runbooks/stageReport';
import { type Effect, effect } from '../domain/effect';
import type { Rules } from '../domain/rules';
import type { Diagnosis } from '../domain/types';

/** The measured effect of one stage (or of a whole episode, first probe to last). */
export interface StageEffect extends Effect {
  class: EffectClass;
  reason: string;
  /** after - before of the drop_*, compact_*, pgmigrate_* counters the script read around its write */
  vmstatDelta: Record<string, number>;
  /** write + settle time on the node: the stall the workload saw */
  stallMs?: number;
  /** meminfo Cached before - after, kB */
  pageCacheDroppedKb?: number;
  /** meminfo SReclaimable before - after, kB */
  slabDroppedKb?: number;
}

function deltas(report: StageReport | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  if (!report) return out;
  for (const [k, v] of Object.entries(report.after.vmstat)) {
    const b = report.before.vmstat[k];
    if (b !== undefined) out[k] = v - b;
  }
  return out;
}

function dropped(report: StageReport | undefined, key: string): number | undefined {
  const b = report?.before.meminfo[key];
  const a = report?.after.meminfo[key];
  return b !== undefined && a !== undefined ? b - a : undefined;
}

/** Measures a stage from the diagnoses around it and the script's own report. */
export function measureEffect(
  before: Diagnosis,
  after: Diagnosis,
  report?: StageReport,
  rules?: Rules,
): StageEffect {
  const e = effect(before, after, rules ? { rules } : {});
  const out: StageEffect = { ...e, class: e.outcome, reason: e.summary, vmstatDelta: deltas(report) };
  if (report?.stallMs !== undefined) out.stallMs = report.stallMs;
  const cache = dropped(report, 'Cached');
  if (cache !== undefined) out.pageCacheDroppedKb = cache;
  const slab = dropped(report, 'SReclaimable');
  if (slab !== undefined) out.slabDroppedKb = slab;
  return out;
}
