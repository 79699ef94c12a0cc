/** Writes decisions, stages and snapshots with our ids and the engine clock. */
import type { Decision, StageRecord } from '../ports';
import { type Assessment, snapshotSummary } from './assess';
import { newId } from './ids';
import type { EngineDeps, EpisodeContext, FleetState } from './types';

/** Records a decision (also each decision not to act) for an episode, or for the run when ctx is null. */
export async function decide(
  deps: EngineDeps,
  scope: { ctx?: EpisodeContext; fleet?: FleetState; instanceId?: string; episodeId?: string },
  action: string,
  code: string,
  reason: string,
  details: Record<string, unknown> | null = null,
): Promise<Decision> {
  const d: Decision = {
    id: newId('dec'),
    at: deps.clock.now(),
    episodeId: scope.ctx?.episode.id ?? scope.episodeId ?? null,
    runId: scope.fleet?.runId ?? scope.ctx?.episode.runId ?? null,
    instanceId: scope.ctx?.episode.instanceId ?? scope.instanceId ?? null,
    action,
    code,
    reason,
    details,
  };
  await deps.store.addDecision(d);
  if (scope.ctx) {
    scope.ctx.decisions.push(d);
    scope.ctx.code = code;
    scope.ctx.reason = reason;
  } else scope.fleet?.decisions.push(d);
  deps.log?.info({ episodeId: d.episodeId, instanceId: d.instanceId, action, code }, reason);
  return d;
}

/** Starts a stage record in state running. */
export async function startStage(
  deps: EngineDeps,
  ctx: EpisodeContext,
  name: string,
  id = newId('st'),
): Promise<StageRecord> {
  const stage: StageRecord = {
    id,
    episodeId: ctx.episode.id,
    name,
    state: 'running',
    startedAt: deps.clock.now(),
    endedAt: null,
    result: null,
  };
  await deps.store.addStage(stage);
  ctx.episode = await deps.store.updateEpisode(ctx.episode.id, {
    stage: name,
    state: 'running',
    now: deps.clock.now(),
  });
  return stage;
}

/** Ends a stage record. */
export async function endStage(
  deps: EngineDeps,
  stageId: string,
  state: StageRecord['state'],
  result: Record<string, unknown>,
): Promise<void> {
  await deps.store.updateStage(stageId, { state, endedAt: deps.clock.now(), result });
}

/** Stores a probe's raw text and summary. */
export async function saveSnapshot(
  deps: EngineDeps,
  ctx: EpisodeContext,
  stageId: string,
  a: Assessment,
): Promise<string> {
  const id = newId('snap');
  await deps.store.addSnapshot({
    id,
    episodeId: ctx.episode.id,
    stageId,
    runId: ctx.episode.runId,
    instanceId: ctx.episode.instanceId,
    takenAt: deps.clock.now(),
    trusted: a.trusted,
    raw: a.raw,
    summary: snapshotSummary(a),
  });
  return id;
}
