/** Building, continuing and reporting an episode's working state. */
import { resolveParams } from '../../runbooks/builtin';
import type { Runbook } from '../../runbooks/runbook';
import type { Episode } from '../ports';
import { closeEpisode } from './finish';
import { newId } from './ids';
import type { DoneStage } from './nextStage';
import { decide } from './record';
import type { EngineDeps, EpisodeContext, EpisodeReport, EpisodeRequest } from './types';

/** A report for a request answered without an episode run. */
export function bareReport(
  req: EpisodeRequest,
  code: string,
  reason: string,
  episode: Episode | null,
  extra: Partial<EpisodeReport> = {},
): EpisodeReport {
  return {
    instanceId: req.instanceId,
    episodeId: episode?.id ?? null,
    joined: false,
    state: episode?.state ?? null,
    outcome: episode?.outcome ?? null,
    verdict: null,
    code,
    reason,
    stages: [],
    decisions: [],
    ...extra,
  };
}

/** Builds the working state of an episode this invocation will run. */
export function newContext(
  req: EpisodeRequest,
  runbook: Runbook,
  episode: Episode,
  joined: boolean,
  holder = newId('h'),
): EpisodeContext {
  const summary = episode.summary ?? {};
  // the opening request's restriction holds on every resume; a joining request may narrow it further
  const kept = allowedStages(summary);
  const stages = runbook.stages.filter(
    (s) => (!kept || kept.includes(s.kind)) && (!req.stages || req.stages.includes(s.kind)),
  );
  return {
    request: req,
    runbook: { ...runbook, stages },
    params: resolveParams(runbook, episode.params),
    episode,
    holder,
    joined,
    approved: typeof summary.approvedAt === 'number' || req.approved === true,
    done: [],
    initial: null,
    current: null,
    failed: false,
    finished: false,
    code: 'admitted',
    reason: '',
    decisions: [],
  };
}

// the stage kinds the opening request allowed (stored in the summary), or undefined for the runbook's all
function allowedStages(summary: Record<string, unknown>): readonly string[] | undefined {
  const v = summary.allowedStages;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** The stages an interrupted or parked episode already ran: never repeated (their effect may be unknown). */
export async function loadDone(deps: EngineDeps, ctx: EpisodeContext): Promise<void> {
  const now = deps.clock.now();
  for (const s of await deps.store.listStages(ctx.episode.id)) {
    if (s.state === 'running') await deps.store.updateStage(s.id, { state: 'interrupted', endedAt: now });
    if (s.name !== 'drop_caches' && s.name !== 'compact') continue;
    const effect =
      (s.result?.effect as DoneStage['effect'] | undefined) ??
      (s.state === 'failed' ? 'failed' : 'no-effect');
    if (s.state !== 'skipped') ctx.done.push({ kind: s.name, effect });
  }
}

/** Marks what an interrupted run left behind and records that the episode continues from a fresh probe. */
export async function reconcileStart(deps: EngineDeps, ctx: EpisodeContext): Promise<void> {
  await loadDone(deps, ctx);
  const was = ctx.episode.state;
  const reason =
    was === 'running'
      ? `episode ${ctx.episode.id} was left running by a run whose lease expired: re-probing before any action`
      : `episode ${ctx.episode.id} continues (${was}): re-probing before any action`;
  await decide(
    deps,
    { ctx },
    'reconcile',
    was === 'running' ? 'interrupted-episode' : 'resume-episode',
    reason,
    { done: ctx.done },
  );
}

/** Closes an episode whose approval wait ran out. */
export async function expireApproval(deps: EngineDeps, ctx: EpisodeContext): Promise<void> {
  await closeEpisode(deps, ctx, {
    action: 'skip',
    code: 'approval-expired',
    reason: `no approval before ${new Date(ctx.episode.waitUntil ?? 0).toISOString()}`,
  });
}

/** The report of a context at any point. */
export function reportOf(ctx: EpisodeContext, code = ctx.code, reason = ctx.reason): EpisodeReport {
  return {
    instanceId: ctx.episode.instanceId,
    episodeId: ctx.episode.id,
    joined: ctx.joined,
    state: ctx.episode.state,
    outcome: ctx.episode.outcome,
    verdict: (ctx.current?.diagnosis?.verdict as string | undefined) ?? null,
    code,
    reason,
    stages: ctx.done.map((d) => ({
      name: d.kind,
      state: d.effect === 'failed' ? 'failed' : 'done',
      effect: d.effect,
    })),
    decisions: ctx.decisions,
  };
}
