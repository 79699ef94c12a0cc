/** Probes many episodes' nodes in ONE executor call, stores each snapshot and judges each report. */
import { renderCommand } from '../../runbooks/renderCommand';
import { assess, rulesFor } from './assess';
import { closeEpisode } from './finish';
import { endStage, saveSnapshot, startStage } from './record';
import type { EngineDeps, EpisodeContext, FleetState } from './types';

/** Renews each node lease; an episode whose lease was taken over stops here (someone else owns the node now). */
export async function renewLeases(deps: EngineDeps, ctxs: EpisodeContext[]): Promise<EpisodeContext[]> {
  const kept: EpisodeContext[] = [];
  for (const ctx of ctxs) {
    const key = `node:${ctx.episode.instanceId}`;
    if (await deps.store.acquireLease(key, ctx.holder, deps.config.leaseTtlMs, deps.clock.now()))
      kept.push(ctx);
    else {
      ctx.finished = true;
      ctx.code = 'lease-lost';
      ctx.reason = 'the node lease expired and another run took it over; that run continues the episode';
    }
  }
  return kept;
}

/** Runs the probe (`probe` first, `reprobe` after a stage) on every context; sets ctx.current (and ctx.initial). */
export async function probeAll(
  deps: EngineDeps,
  fleet: FleetState,
  ctxs: EpisodeContext[],
  name: 'probe' | 'reprobe',
): Promise<void> {
  const live = await renewLeases(deps, ctxs);
  if (live.length === 0) return;
  const timeoutSeconds = Math.max(...live.map((c) => c.runbook.probe.timeoutSeconds));
  // the probe is the same for every node of a batch (pagetypeinfo on when any runbook wants it)
  const command = renderCommand('probe', { pagetypeinfo: live.some((c) => c.params.pagetypeinfo) });
  const stages = [];
  for (const ctx of live) stages.push(await startStage(deps, ctx, name));
  const opts =
    fleet.deadline === undefined ? { timeoutSeconds } : { timeoutSeconds, deadline: fleet.deadline };
  const results = await deps.executor.run(
    command,
    live.map((c) => c.episode.instanceId),
    opts,
  );
  for (const [i, ctx] of live.entries()) {
    const stage = stages[i]!;
    const result = results[i]!;
    const a = assess(result, rulesFor(deps.rules, ctx.params.targetOrder));
    const snapshotId = await saveSnapshot(deps, ctx, stage.id, a);
    await endStage(deps, stage.id, a.taskFailed ? 'failed' : 'done', {
      task: result.outcome,
      error: result.error ?? null,
      snapshotId,
      trusted: a.trusted,
      verdict: a.diagnosis?.verdict ?? null,
      problems: a.problems,
    });
    ctx.current = a;
    if (a.trusted && a.diagnosis && !ctx.initial) ctx.initial = a.diagnosis;
    if (a.taskFailed) {
      fleet.errors++;
      ctx.failed = true;
      await closeEpisode(deps, ctx, { code: 'probe-failed', reason: a.problems.join('; ') });
    }
  }
}
