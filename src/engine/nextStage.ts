/** Pure: which remediation stage runs next for an episode, or why the episode stops here. */
import type { EffectClass, Runbook, RunbookStage } from '../../runbooks/runbook';
import type { Diagnosis, PlanStage, StageKind } from '../domain/types';

/** A remediation stage already run in this episode and the class of its measured effect. */
export interface DoneStage {
  kind: StageKind;
  effect: EffectClass;
}

export interface NextStageInput {
  diagnosis: Diagnosis;
  /** the evidence behind the diagnosis can be trusted (complete, consistent, fresh) */
  trusted: boolean;
  problems: readonly string[];
  runbook: Runbook;
  done: readonly DoneStage[];
}

/** Stop codes: each one is recorded as a decision with its reason. */
export const StopCode = {
  EvidenceUntrusted: 'evidence-untrusted',
  VerdictUnknown: 'verdict-unknown',
  Healthy: 'healthy',
  TargetMet: 'target-met',
  DiagnoseOnly: 'diagnose-only',
  StageOutcome: 'stage-outcome',
  NoEscalation: 'no-escalation',
  CompactionCannotHelp: 'compaction-cannot-help',
  MemoryExhausted: 'memory-exhausted',
  NothingPlanned: 'nothing-planned',
  StagesExhausted: 'stages-exhausted',
} as const;
export type StopCode = (typeof StopCode)[keyof typeof StopCode];

export type NextStage =
  | { kind: 'run'; stage: RunbookStage; plan: PlanStage; why: string }
  | { kind: 'stop'; code: StopCode; reason: string };

const stop = (code: StopCode, reason: string): NextStage => ({ kind: 'stop', code, reason });

function afterLast(input: NextStageInput): NextStage | null {
  const last = input.done.at(-1);
  if (!last) return null;
  const stage = input.runbook.stages.find((s) => s.kind === last.kind);
  if (stage?.stopOn.includes(last.effect) && last.effect !== 'resolved') {
    return stop(
      StopCode.StageOutcome,
      `${last.kind} ended with ${last.effect}; the runbook stops after that`,
    );
  }
  if (stage && !stage.escalateOn.includes(last.effect) && last.effect !== 'resolved') {
    return stop(
      StopCode.NoEscalation,
      `${last.kind} ended with ${last.effect}; the runbook does not escalate after that`,
    );
  }
  return null;
}

// why no (further) stage runs when the plan offers none that may run
function nothingToRun(input: NextStageInput): NextStage {
  const { diagnosis: d, runbook, done } = input;
  const compactLeft = runbook.stages.some(
    (s) => s.kind === 'compact' && !done.some((x) => x.kind === 'compact'),
  );
  if (compactLeft && d.verdict === 'unmovable') {
    return stop(
      StopCode.CompactionCannotHelp,
      'compaction cannot help: unmovable/reclaimable pageblocks dominate and compaction moves only movable pages',
    );
  }
  if (compactLeft && d.verdict === 'low-memory') {
    return stop(
      StopCode.MemoryExhausted,
      'memory is exhausted, not fragmented: compaction needs free memory to move pages into',
    );
  }
  if (done.length > 0)
    return stop(
      StopCode.StagesExhausted,
      `no further stage is planned or allowed (${d.reasons[0] ?? d.verdict})`,
    );
  return stop(
    StopCode.NothingPlanned,
    `the diagnosis plans no stage this runbook may run (${d.reasons[0] ?? d.verdict})`,
  );
}

/** Decides the next stage: least action first, each kind at most once per episode, only on trusted evidence. */
export function nextStage(input: NextStageInput): NextStage {
  const { diagnosis: d, runbook, done } = input;
  if (!input.trusted) {
    return stop(
      StopCode.EvidenceUntrusted,
      `the probe output cannot be trusted: ${input.problems.join('; ') || 'unknown problem'}`,
    );
  }
  if (d.verdict === 'healthy') {
    return done.length > 0
      ? stop(StopCode.TargetMet, `the target is met: order ${d.targetOrder} allocations can be served`)
      : stop(StopCode.Healthy, `the node is healthy at order ${d.targetOrder}: nothing to do`);
  }
  if (d.verdict === 'unknown')
    return stop(StopCode.VerdictUnknown, `no verdict: ${d.reasons.join('; ') || 'unknown'}`);
  if (runbook.stages.length === 0)
    return stop(StopCode.DiagnoseOnly, `runbook ${runbook.name} only diagnoses`);
  const after = afterLast(input);
  if (after) return after;
  for (const plan of d.plan) {
    if (done.some((x) => x.kind === plan.kind)) continue;
    const stage = runbook.stages.find((s) => s.kind === plan.kind);
    if (!stage?.allowedVerdicts.includes(d.verdict)) continue;
    return { kind: 'run', stage, plan, why: plan.why };
  }
  return nothingToRun(input);
}
