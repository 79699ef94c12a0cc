/**
 * The human form of `memfrag diagnose`: what was read, a chart per node and zone, then the verdict, the
 * failures the log showed, the plan and the reasons.
 */
import { formatIndex } from '../domain/extfragText';
import type { AllocationFailure, Diagnosis, Evidence, PlanStage } from '../domain/types';
import { type Paint, paint } from './renderStyle';
import { mib, renderZoneChart } from './renderZoneChart';

/** Options of the human rendering. */
export interface RenderOptions {
  color: boolean;
  /** where the evidence came from, for the title (a path, or `this host`) */
  origin: string;
}

const DEFAULT_PAGE_SIZE = 4096;

function title(ev: Evidence, origin: string): string {
  const about = [ev.hostname, ev.kernel && `kernel ${ev.kernel}`].filter(Boolean).join(', ');
  return `memfrag diagnose: ${ev.source} from ${origin}${about ? ` (${about})` : ''}`;
}

function zoneHeader(z: Diagnosis['zones'][number], d: Diagnosis, pageSize: number, p: Paint): string {
  const o = d.targetOrder;
  const free = `${mib(z.freePages * pageSize)} MiB free`;
  const idx = `unusable@${o} ${formatIndex(z.unusableIndex[o] ?? 1000)}, extfrag@${o} ${formatIndex(z.fragmentationIndex[o] ?? 0, 'extfrag').trim()}`;
  const wm = z.watermarkOk === undefined ? '' : `, order-${o} watermark ${z.watermarkOk ? 'ok' : 'NOT met'}`;
  return `${p.bold(`Node ${z.node}, zone ${z.zone}`)}: ${free}; ${idx}, score ${z.score}${wm}`;
}

function stageLine(s: PlanStage, i: number): string {
  const scope = s.kind === 'compact' ? (s.nodes ? ` (nodes ${s.nodes.join(', ')})` : ' (all nodes)') : '';
  return `  ${i + 1}. ${s.kind}${scope}: ${s.why}`;
}

function failureLine(f: AllocationFailure): string {
  const mode = f.flags ? `${f.mode}(${f.flags.join('|')})` : f.mode;
  const when = f.time ? `${f.time} ` : '';
  return `  ${when}${f.comm}: order ${f.order}, mode ${mode}${f.memsAllowed ? `, mems_allowed ${f.memsAllowed}` : ''} (line ${f.line})`;
}

/** The whole human report, ending with a newline. */
export function renderDiagnosis(d: Diagnosis, ev: Evidence, opts: RenderOptions): string {
  const p = paint(opts.color);
  const pageSize = ev.pageSize ?? DEFAULT_PAGE_SIZE;
  const out: string[] = [p.bold(title(ev, opts.origin)), ''];
  for (const z of d.zones) {
    out.push(zoneHeader(z, d, pageSize, p));
    out.push(...renderZoneChart(z, { pageSize, targetOrder: d.targetOrder, color: opts.color }), '');
  }
  if (d.zones.length === 0) out.push('No free lists to chart.', '');
  const worst = d.worst ? `; worst: node ${d.worst.node} ${d.worst.zone}` : '';
  out.push(
    `Verdict: ${p.verdict(d.verdict, d.verdict.toUpperCase())} at order ${d.targetOrder} (severity ${d.severity}${worst})`,
  );
  if (d.allocationFailures.length > 0) {
    out.push('', `Allocation failures in the log (${d.allocationFailures.length}):`);
    out.push(...d.allocationFailures.slice(-10).map(failureLine));
  }
  out.push('', 'Plan:', ...(d.plan.length > 0 ? d.plan.map(stageLine) : ['  nothing to do']));
  out.push('', 'Reasons:', ...d.reasons.map((r) => `  - ${r}`));
  return `${out.join('\n')}\n`;
}
