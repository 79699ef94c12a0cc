/**
 * The staged loop over a batch of admitted episodes: probe all (a reconcile is always a re-probe first),
 * then round by round decide each episode's next stage, check gates, and run each stage kind for all at once.
 */

import { blockCountsGap } from './blockCounts';
import { closeEpisode, parkEpisode } from './finish';
import { checkGates } from './gates';
import { nextStage } from './nextStage';
import { probeAll } from './probeStep';
import { decide } from './record';
import { runStageKind, type StagePick } from './stageStep';
import type { EngineDeps, EpisodeContext, FleetState } from './types';

function gateInput(deps: EngineDeps, fleet: FleetState, ctx: EpisodeContext, pick: StagePick) {
  const deadline = [ctx.request.deadline, fleet.deadline].filter((d): d is number => d !== undefined);
  return {
    stage: pick.stage,
    now: deps.clock.now(),
    ...(deadline.length > 0 ? { deadline: Math.min(...deadline) } : {}),
    probeTimeoutSeconds: ctx.runbook.probe.timeoutSeconds,
    marginMs: deps.config.deadlineMarginMs,
    windows: deps.config.windows,
    freezes: deps.config.freezes,
    approvalRequired: deps.config.approval.compaction || ctx.request.requireApproval === true,
    approved: ctx.approved,
  };
}

/** Dry run: record every stage the runbook would consider, with the gate that would stop it, and act on nothing. */
async function recordPlan(
  deps: EngineDeps,
  fleet: FleetState,
  ctx: EpisodeContext,
  first: StagePick,
): Promise<void> {
  const d = ctx.current?.diagnosis;
  for (const stage of ctx.runbook.stages) {
    const plan = d?.plan.find((p) => p.kind === stage.kind);
    const allowed = d ? stage.allowedVerdicts.includes(d.verdict) : false;
    const gate = checkGates(gateInput(deps, fleet, ctx, { ...first, stage }));
    const would = plan && allowed && gate.pass;
    const why = !plan
      ? `the diagnosis does not plan ${stage.kind}`
      : !allowed
        ? `${stage.kind} is not allowed for verdict ${d?.verdict}`
        : gate.pass
          ? `${plan.why}${stage.kind === 'drop_caches' ? '' : ' (if still needed after the earlier stage)'}`
          : gate.reason;
    await decide(deps, { ctx }, 'plan', would ? 'would-run' : 'would-not-run', `${stage.kind}: ${why}`, {
      stage: stage.kind,
      nodes: plan?.nodes ?? null,
      gate: gate.pass ? null : gate.code,
    });
  }
  const why = ctx.episode.dryRun ? 'dry run' : 'the engine is configured for dry runs only';
  await closeEpisode(deps, ctx, {
    code: 'dry-run',
    reason: `${why}: the plan is recorded and nothing was executed`,
  });
}

// decides one episode's next step; returns a pick to run, or null when it stopped, parked or only planned
async function decideOne(
  deps: EngineDeps,
  fleet: FleetState,
  ctx: EpisodeContext,
): Promise<StagePick | null> {
  if (fleet.circuitOpen) {
    await closeEpisode(deps, ctx, {
      action: 'skip',
      code: 'circuit-open',
      reason: `the run stopped after ${fleet.errors} errors`,
    });
    return null;
  }
  const a = ctx.current;
  if (!a?.diagnosis) {
    await closeEpisode(deps, ctx, {
      action: 'skip',
      code: 'evidence-untrusted',
      reason: `the probe output cannot be trusted: ${a?.problems.join('; ') ?? 'no probe'}`,
    });
    return null;
  }
  const next = nextStage({
    diagnosis: a.diagnosis!,
    trusted: a.trusted,
    problems: a.problems,
    runbook: ctx.runbook,
    done: ctx.done,
  });
  if (next.kind === 'stop') {
    await closeEpisode(deps, ctx, {
      action: next.code === 'target-met' ? 'stop' : 'skip',
      code: next.code,
      reason: next.reason,
    });
    return null;
  }
  const pick: StagePick = { ctx, stage: next.stage, plan: next.plan, why: next.why };
  // the engine-wide flag also holds back episodes opened (for real) before it was set
  if (ctx.episode.dryRun || deps.dryRun) {
    await recordPlan(deps, fleet, ctx, pick);
    return null;
  }
  // a compaction asked to check pageblock counts must not go ahead because they were cut or missing
  const gap = blockCountsGap(ctx, next.stage);
  if (gap) {
    await closeEpisode(deps, ctx, { action: 'skip', code: 'evidence-incomplete', reason: gap });
    return null;
  }
  const gate = checkGates(gateInput(deps, fleet, ctx, pick));
  if (gate.pass) return pick;
  if (gate.action === 'stop')
    await parkEpisode(deps, ctx, { state: 'open', code: gate.code, reason: gate.reason });
  else if (gate.action === 'wait') {
    const waitUntil = deps.clock.now() + deps.config.approval.timeoutMs;
    await parkEpisode(deps, ctx, {
      state: 'awaiting-approval',
      code: gate.code,
      reason: gate.reason,
      waitUntil,
    });
  } else await closeEpisode(deps, ctx, { action: 'skip', code: gate.code, reason: gate.reason });
  return null;
}

// not even the first probe starts when it cannot finish before the deadline
async function probeFits(deps: EngineDeps, fleet: FleetState, ctx: EpisodeContext): Promise<void> {
  const deadline = Math.min(
    ctx.request.deadline ?? Number.POSITIVE_INFINITY,
    fleet.deadline ?? Number.POSITIVE_INFINITY,
  );
  const need = ctx.runbook.probe.timeoutSeconds * 1000 + deps.config.deadlineMarginMs;
  if (deps.clock.now() + need <= deadline) return;
  const reason = `the probe needs up to ${need / 1000} s but the deadline is closer; the next run continues`;
  await parkEpisode(deps, ctx, { state: 'open', code: 'deadline', reason });
}

async function tripBreaker(deps: EngineDeps, fleet: FleetState): Promise<void> {
  if (fleet.circuitOpen || fleet.errors <= fleet.maxErrors) return;
  fleet.circuitOpen = true;
  await decide(
    deps,
    { fleet },
    'stop',
    'circuit-open',
    `${fleet.errors} errors exceed the run's limit of ${fleet.maxErrors}: no new stage starts`,
  );
}

/** Probes a batch of admitted episodes (one executor call) that can still finish a probe before the deadline. */
export async function probeBatch(deps: EngineDeps, fleet: FleetState, ctxs: EpisodeContext[]): Promise<void> {
  for (const ctx of ctxs.filter((c) => !c.finished)) await probeFits(deps, fleet, ctx);
  await probeAll(
    deps,
    fleet,
    ctxs.filter((c) => !c.finished),
    'probe',
  );
  await tripBreaker(deps, fleet);
}

/** Runs a batch of admitted episodes to their end (closed, parked for approval or the deadline). */
export async function runBatch(deps: EngineDeps, fleet: FleetState, ctxs: EpisodeContext[]): Promise<void> {
  await probeBatch(deps, fleet, ctxs);
  await stepBatch(deps, fleet, ctxs);
}

/** From each episode's current probe: round by round, decide, gate and run stages until none is left. */
export async function stepBatch(deps: EngineDeps, fleet: FleetState, ctxs: EpisodeContext[]): Promise<void> {
  for (;;) {
    const picks: StagePick[] = [];
    for (const ctx of ctxs.filter((c) => !c.finished)) {
      const pick = await decideOne(deps, fleet, ctx);
      if (pick) picks.push(pick);
    }
    if (picks.length === 0) return;
    for (const kind of ['drop_caches', 'compact'] as const) {
      const some = picks.filter((p) => p.stage.kind === kind);
      if (some.length > 0 && !fleet.circuitOpen) await runStageKind(deps, fleet, some);
      await tripBreaker(deps, fleet);
    }
  }
}
