/**
 * The canary of a fleet run: the first nodes whose first probe plans a stage run alone, and the rest runs
 * only when enough of them acted with a good effect. A canary in which no node acted proves nothing.
 */
import { closeEpisode } from './finish';
import { nextStage } from './nextStage';
import { decide } from './record';
import { probeBatch, runBatch, stepBatch } from './runBatch';
import type { EngineDeps, EpisodeContext, FleetState } from './types';

/** The canary settings of a run. */
export interface Canary {
  size: number;
  minSuccessRatio?: number;
}

// the episode would run a remediation stage on its current probe (healthy or untrusted nodes would not)
function plansStage(deps: EngineDeps, ctx: EpisodeContext): boolean {
  const a = ctx.current;
  if (ctx.finished || ctx.episode.dryRun || deps.dryRun || !a?.diagnosis) return false;
  const next = nextStage({
    diagnosis: a.diagnosis,
    trusted: a.trusted,
    problems: a.problems,
    runbook: ctx.runbook,
    done: ctx.done,
  });
  return next.kind === 'run';
}

// the gate: enough of the canary nodes that acted resolved/improved, none regressed or failed, and some acted
async function canaryPasses(
  deps: EngineDeps,
  fleet: FleetState,
  canary: EpisodeContext[],
  minRatio: number,
): Promise<{ pass: boolean; code: string }> {
  const acted = canary.filter((c) => c.done.length > 0);
  const good = acted.filter((c) => c.episode.outcome === 'resolved' || c.episode.outcome === 'improved');
  // an unreachable or failing canary node counts against the gate too
  const bad = canary.filter((c) => c.episode.outcome === 'regressed' || c.episode.outcome === 'failed');
  const details = { acted: acted.length, good: good.length, bad: bad.length };
  if (acted.length === 0) {
    const reason = `canary: none of its ${canary.length} nodes ran a stage (gates, budget or deadline held them back), so its effect is unknown: the rest of the run does not start`;
    await decide(deps, { fleet }, 'stop', 'canary-inconclusive', reason, details);
    return { pass: false, code: 'canary-inconclusive' };
  }
  const pass = bad.length === 0 && good.length / acted.length >= minRatio;
  const reason = `canary: ${acted.length} of ${canary.length} nodes remediated, ${good.length} resolved/improved, ${bad.length} regressed/failed (need ${Math.round(minRatio * 100)}% and no regression)`;
  const code = pass ? 'canary-passed' : 'canary-failed';
  await decide(deps, { fleet }, pass ? 'act' : 'stop', code, reason, details);
  return { pass, code };
}

/** Runs `ctxs` with a canary first: all are probed at once and the canary is taken from those that will act. */
export async function runWithCanary(
  deps: EngineDeps,
  fleet: FleetState,
  ctxs: EpisodeContext[],
  canary: Canary,
): Promise<void> {
  await probeBatch(deps, fleet, ctxs);
  const chosen = ctxs.filter((c) => plansStage(deps, c)).slice(0, canary.size);
  const rest = ctxs.filter((c) => !chosen.includes(c));
  if (chosen.length === 0) {
    const reason = `canary: no node of ${ctxs.length} plans a stage on its first probe; nothing acts, so there is nothing to gate`;
    await decide(deps, { fleet }, 'record', 'canary-empty', reason);
    // decided from the probe just taken: none of them runs a stage
    await stepBatch(deps, fleet, rest);
    return;
  }
  await stepBatch(deps, fleet, chosen);
  const gate = await canaryPasses(deps, fleet, chosen, canary.minSuccessRatio ?? 0.5);
  if (!gate.pass) {
    const reason =
      gate.code === 'canary-inconclusive'
        ? 'no canary node acted, so the effect is unknown: the rest of the run is cancelled'
        : 'the canary batch did not show enough effect: the rest of the run is cancelled';
    for (const c of rest.filter((x) => !x.finished))
      await closeEpisode(deps, c, { action: 'skip', code: gate.code, reason });
    return;
  }
  // the canary took time: the rest is probed again before anything is decided for it
  await runBatch(deps, fleet, rest);
}
