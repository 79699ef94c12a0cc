/** Loop guards before a new remediation episode: cooldown after the last one, attempt limit per window. */
import type { Runbook } from '../../runbooks/runbook';
import type { Episode } from '../ports';
import { bareReport } from './context';
import { decide } from './record';
import type { EngineDeps, EpisodeReport, EpisodeRequest, FleetState } from './types';

/** What an attempt-limit decision recommends instead of another remediation. */
export const RECOMMENDATION =
  'the node keeps refragmenting: stop remediating and fix the cause; look at vm.min_free_kbytes, ' +
  'vm.watermark_boost_factor, vm.compaction_proactiveness, THP defrag (/sys/kernel/mm/transparent_hugepage/defrag) ' +
  'and the workload that fragments memory';

// episodes that count for cooldown and attempt limits: real runs that did something or tried
const counts = (e: Episode): boolean => !e.dryRun && e.outcome !== 'skipped' && e.state === 'closed';

// the attempt window is about when episodes were opened (created_at)
async function recentAttempts(
  deps: EngineDeps,
  req: EpisodeRequest,
  problem: string,
  since: number,
): Promise<Episode[]> {
  const eps = await deps.store.listEpisodes({ instanceId: req.instanceId, problem, since, limit: 1000 });
  return eps.filter(counts);
}

// the cooldown is about when the last attempt closed: an episode opened long ago may have closed just now
async function lastAttempt(
  deps: EngineDeps,
  req: EpisodeRequest,
  problem: string,
  recent: Episode[],
): Promise<Episode | null> {
  const closed = await deps.store.lastClosedEpisode(req.instanceId, problem);
  const all = closed && counts(closed) ? [closed, ...recent] : recent;
  return all.reduce<Episode | null>((a, e) => ((e.closedAt ?? 0) > (a?.closedAt ?? -1) ? e : a), null);
}

/** Cooldown and attempt limit: a report when no new episode may open, else null. */
export async function loopGuards(
  deps: EngineDeps,
  fleet: FleetState,
  req: EpisodeRequest,
  runbook: Runbook,
): Promise<EpisodeReport | null> {
  const now = deps.clock.now();
  const { cooldownMs, attemptLimit } = deps.config;
  const attempts = await recentAttempts(deps, req, runbook.problem, now - attemptLimit.windowMs);
  const last = await lastAttempt(deps, req, runbook.problem, attempts);
  const scope = { fleet, instanceId: req.instanceId, episodeId: last?.id ?? '' };
  if (last && (last.closedAt ?? 0) + cooldownMs > now) {
    const left = Math.ceil(((last.closedAt ?? 0) + cooldownMs - now) / 1000);
    const reason = `episode ${last.id} closed ${Math.round((now - (last.closedAt ?? 0)) / 1000)} s ago (${last.outcome}); cooldown ends in ${left} s`;
    const d = await decide(deps, scope, 'skip', 'cooldown', reason, { lastEpisode: last.id });
    return bareReport(req, 'cooldown', reason, null, { decisions: [d] });
  }
  const inWindow = attempts.filter((e) => e.createdAt >= now - attemptLimit.windowMs);
  if (inWindow.length >= attemptLimit.max) {
    const reason = `${inWindow.length} remediation episodes in the last ${Math.round(attemptLimit.windowMs / 60_000)} min reach the limit of ${attemptLimit.max}; ${RECOMMENDATION}`;
    const d = await decide(deps, scope, 'recommend', 'attempt-limit', reason, {
      episodes: inWindow.map((e) => ({ id: e.id, outcome: e.outcome, closedAt: e.closedAt })),
    });
    return bareReport(req, 'attempt-limit', reason, null, { decisions: [d] });
  }
  return null;
}
