/**
 * `evaluate(evidence, rules)`: the whole diagnosis of one host from its evidence — kernel metrics per
 * zone, a verdict per NUMA node, the host's verdict, severity, worst zone, plan and reasons.
 */
import { hostVerdict, type NodeAssessment, nodeVerdict, severityOf, worstZone } from './assessNode';
import { type AssessContext, assessZone, type ZoneAssessment, ZoneState } from './assessZone';
import { freeListRows, trustProblems } from './evidenceTrust';
import { planStages } from './plan';
import * as say from './reasons';
import { countsZone, defaultRules, type Rules } from './rules';
import { mostRecentFailure, parseNodeList, resolveTargetOrder, type TargetOrder } from './targetOrder';
import { type Diagnosis, type Evidence, Severity, Verdict, type ZoneFree, type ZoneMetrics } from './types';
import { COSTLY_ORDER, usesLegacyWatermarks } from './watermark';
import { zoneMetrics } from './zoneMetrics';

/** Metrics of every zone in the rows (counted or not), with zoneinfo watermarks where known. */
function metricsOf(
  evidence: Evidence,
  rows: readonly ZoneFree[],
  order: number,
  rules: Rules,
): ZoneMetrics[] {
  const legacy = usesLegacyWatermarks(evidence.kernel);
  return rows.map((row) => {
    const wm = evidence.zoneinfo?.find((w) => w.node === row.node && w.zone === row.zone);
    return zoneMetrics(row, order, wm, { legacy, scoreOrder: rules.scoreOrder });
  });
}

/** Host-wide exhaustion: MemAvailable below the rule's share of MemTotal, or an order-0 failure in a log-only view. */
function hostExhaustion(evidence: Evidence, fromLog: boolean, rules: Rules): string | undefined {
  const total = evidence.meminfo?.MemTotal;
  const available = evidence.meminfo?.MemAvailable;
  if (total && available !== undefined && (available * 1000) / total < rules.lowMemoryAvailable) {
    return `MemAvailable is ${available} kB of ${total} kB (${((available * 100) / total).toFixed(1)}%): memory is exhausted.`;
  }
  const last = mostRecentFailure(evidence.kernlog?.failures ?? []);
  if (fromLog && last?.order === 0) {
    return `The most recent allocation failure was order 0 (${say.failureLabel(last)}): not even one page was free, which is exhaustion, not fragmentation.`;
  }
  return undefined;
}

/** Assess the counted zones of each NUMA node. */
function assessNodes(
  evidence: Evidence,
  metrics: readonly ZoneMetrics[],
  order: number,
  rules: Rules,
  exhausted: boolean,
) {
  const legacy = usesLegacyWatermarks(evidence.kernel);
  const byNode = new Map<number, ZoneAssessment[]>();
  for (const m of metrics.filter((z) => countsZone(z, rules))) {
    const ctx: AssessContext = { targetOrder: order, rules, legacy };
    const wm = evidence.zoneinfo?.find((w) => w.node === m.node && w.zone === m.zone);
    const pt = evidence.pagetypeinfo?.zones.find((p) => p.node === m.node && p.zone === m.zone);
    if (wm) ctx.watermarks = wm;
    if (pt) ctx.pagetype = pt;
    byNode.set(m.node, [...(byNode.get(m.node) ?? []), assessZone(m, ctx)]);
  }
  return [...byNode.entries()]
    .sort(([a], [b]) => a - b)
    .map(([node, zones]): NodeAssessment => ({ node, zones, verdict: nodeVerdict(zones, exhausted) }));
}

/** The sentences about each counted zone. */
function zoneReasons(a: ZoneAssessment, order: number, rules: Rules, legacy: boolean): string[] {
  if (a.state === ZoneState.Short) return [say.shortZoneReason(a, order)];
  if (a.state === ZoneState.Ok) return [say.okZoneReason(a, order)];
  const out = [say.fragmentedZoneReason(a, order)];
  const caveat = say.fragindexCaveat(a, order);
  if (caveat) out.push(caveat);
  // 4.4+ exempts orders up to PAGE_ALLOC_COSTLY_ORDER from the extfrag_threshold test; 3.10 does not.
  const refuses =
    legacy || order > COSTLY_ORDER ? say.kernelRefusesReason(a, order, rules.extfragThreshold) : undefined;
  if (refuses) out.push(refuses);
  if (a.unmovable) out.push(say.unmovableReason(a));
  return out;
}

/** What the log says beyond the target order: order-0 failures, the failing task's nodes, the data's age. */
function logReasons(evidence: Evidence, target: TargetOrder, fromLog: boolean): string[] {
  const failures = evidence.kernlog?.failures ?? [];
  const out: string[] = [];
  const zero = failures.filter((f) => f.order === 0);
  // A log-only view whose last failure is order 0 already said so in the exhaustion sentence.
  if (zero.length > 0 && !(fromLog && mostRecentFailure(failures)?.order === 0)) {
    out.push(
      `The kernel log shows ${zero.length} order-0 allocation failure(s), e.g. ${say.failureLabel(zero[0]!)}: at that moment memory was exhausted.`,
    );
  }
  const allowed = parseNodeList(target.failure?.memsAllowed);
  if (target.failure && allowed.length > 0) {
    out.push(
      `The failing task ${target.failure.comm} could allocate only on node ${allowed.join(', ')} (mems_allowed).`,
    );
  }
  if (fromLog) {
    out.push(
      "The free lists come from the kernel log's Mem-Info dump at the time of the failure, not from /proc/buddyinfo now.",
    );
  }
  return out;
}

/** The verdict, plan and reasons for trusted evidence. */
function judge(
  evidence: Evidence,
  zones: readonly ZoneMetrics[],
  target: TargetOrder,
  fromLog: boolean,
  rules: Rules,
) {
  const order = target.order;
  const exhausted = hostExhaustion(evidence, fromLog, rules);
  const nodes = assessNodes(evidence, zones, order, rules, exhausted !== undefined);
  const verdict = hostVerdict(nodes);
  const legacy = usesLegacyWatermarks(evidence.kernel);
  const allNodes = [...new Set([...(evidence.numaNodes ?? []), ...zones.map((z) => z.node)])].sort(
    (a, b) => a - b,
  );
  const planInput = { verdict, nodes, allNodes, targetOrder: order, rules };
  const plan = planStages(evidence.meminfo ? { ...planInput, meminfo: evidence.meminfo } : planInput);
  // pushes rather than spreads of throwaway arrays: the same sentences in the same order
  const reasons = [say.targetOrderReason(target, evidence.kernlog !== undefined)];
  if (exhausted) reasons.push(exhausted);
  for (const n of nodes) for (const z of n.zones) reasons.push(...zoneReasons(z, order, rules, legacy));
  reasons.push(...logReasons(evidence, target, fromLog), ...plan.notes);
  const failureOrders = (evidence.kernlog?.failures ?? []).map((f) => f.order);
  const worst = worstZone(nodes, verdict, order, parseNodeList(target.failure?.memsAllowed));
  return {
    verdict,
    plan: plan.stages,
    reasons,
    severity: severityOf(verdict, nodes, order, failureOrders),
    worst,
  };
}

/** The full diagnosis of one host (never throws on evidence of the declared shape). */
export function evaluate(evidence: Evidence, rules: Rules = defaultRules): Diagnosis {
  const failures = evidence.kernlog?.failures ?? [];
  const target = resolveTargetOrder(rules, failures);
  const { rows, fromLog } = freeListRows(evidence);
  const trust = trustProblems(evidence, rows, target.order, rules);
  const zones = trust.rowsOk ? metricsOf(evidence, rows, target.order, rules) : [];
  // literals rather than spreads and a rest pattern (a slow copy in V8), with the same keys in the same order
  if (trust.problems.length > 0) {
    const reasons = [...trust.problems, say.targetOrderReason(target, evidence.kernlog !== undefined)];
    return {
      targetOrder: target.order,
      zones,
      allocationFailures: failures,
      verdict: Verdict.Unknown,
      severity: Severity.None,
      plan: [],
      reasons,
    };
  }
  const judged = judge(evidence, zones, target, fromLog, rules);
  const diagnosis: Diagnosis = {
    targetOrder: target.order,
    zones,
    allocationFailures: failures,
    verdict: judged.verdict,
    plan: judged.plan,
    reasons: judged.reasons,
    severity: judged.severity,
  };
  const worst = judged.worst;
  if (worst) diagnosis.worst = { node: worst.metrics.node, zone: worst.metrics.zone };
  return diagnosis;
}
