/**
 * The use cases the functions and the CLI call: remediate (alarm, manual, sweep), approve, reconcile,
 * status and history. Wires trigger requests to the engine; every node reference nothing matched is recorded.
 */

import type { Engine } from '../engine/createEngine';
import type { EpisodeReport, FleetBudgets, RunReport } from '../engine/types';
import type { Clock, Decision, Episode, EpisodeFilter, Notifier, Store, TargetResolver } from '../ports';
import type { NodeRef, RemediationRequest } from '../triggers/request';
import { recordDecision } from './recordDecision';
import { resolveNodes } from './resolveNodes';
import { toEpisodeRequest } from './toEpisodeRequest';

export interface AppDeps {
  engine: Engine;
  store: Store;
  clock: Clock;
  resolver?: TargetResolver;
  notifier?: Notifier;
}

/** What one trigger request led to. */
export interface RemediationResult {
  runId: string | null;
  episodes: EpisodeReport[];
  /** request-level decisions: not firing, unresolved nodes, canary, circuit breaker */
  decisions: Decision[];
  unresolved: NodeRef[];
}

/** Everything recorded about one episode, for the status API and the CLI. */
export interface EpisodeStatus {
  episode: Episode;
  stages: Awaited<ReturnType<Store['listStages']>>;
  decisions: Decision[];
  effects: Awaited<ReturnType<Store['listEffects']>>;
  /** snapshot summaries without the raw text */
  snapshots: {
    id: string;
    stageId: string | null;
    takenAt: number;
    trusted: boolean;
    summary: Record<string, unknown>;
  }[];
}

export interface App {
  remediate(
    request: RemediationRequest,
    opts?: { deadline?: number; budgets?: FleetBudgets },
  ): Promise<RemediationResult>;
  approve(episodeId: string, by?: string, deadline?: number): Promise<EpisodeReport>;
  reconcile(episodeId: string, deadline?: number): Promise<EpisodeReport>;
  status(episodeId: string): Promise<EpisodeStatus | null>;
  history(filter: EpisodeFilter): Promise<Episode[]>;
}

function record(
  deps: AppDeps,
  code: string,
  reason: string,
  details: Record<string, unknown>,
): Promise<Decision> {
  return recordDecision(deps, { action: 'skip', code, reason, details });
}

async function notify(deps: AppDeps, req: RemediationRequest, result: RemediationResult): Promise<void> {
  if (!deps.notifier || result.episodes.length === 0) return;
  const lines = result.episodes.map(
    (e) => `${e.instanceId}: ${e.outcome ?? e.state ?? 'no episode'} (${e.code}) ${e.reason}`,
  );
  // a failing webhook must not fail the remediation it reports on
  await deps.notifier
    .notify({
      title: `memfrag ${req.runbook}: ${req.reason}`,
      ...(result.runId ? { runId: result.runId } : {}),
      lines,
    })
    .catch(() => {});
}

/** Creates the use cases over an engine and the ports. */
export function createApp(deps: AppDeps): App {
  return {
    async remediate(request, opts = {}) {
      if (!request.firing) {
        const d = await record(
          deps,
          'not-firing',
          `a recovery notification (${request.reason}): nothing to do`,
          { dedupKey: request.dedupKey },
        );
        return { runId: null, episodes: [], decisions: [d], unresolved: [] };
      }
      const { instanceIds, unresolved } = await resolveNodes(request, deps.resolver);
      const decisions: Decision[] = [];
      if (unresolved.length > 0) {
        decisions.push(
          await record(
            deps,
            'target-unresolved',
            `${unresolved.length} node reference(s) matched no instance`,
            { unresolved },
          ),
        );
      }
      const requests = instanceIds.map((id) => toEpisodeRequest(request, id, opts.deadline));
      let result: RemediationResult;
      if (requests.length === 1 && request.source !== 'sweep' && !opts.budgets) {
        result = {
          runId: null,
          episodes: [await deps.engine.runEpisode(requests[0]!)],
          decisions,
          unresolved,
        };
      } else {
        const kind = request.source === 'sweep' ? 'sweep' : request.source === 'manual' ? 'manual' : 'alarm';
        const budgets: FleetBudgets = {
          ...opts.budgets,
          ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
        };
        const run: RunReport = await deps.engine.runFleet(requests, budgets, kind);
        result = {
          runId: run.runId,
          episodes: run.episodes,
          decisions: [...decisions, ...run.decisions],
          unresolved,
        };
      }
      await notify(deps, request, result);
      return result;
    },
    approve: (episodeId, by, deadline) =>
      deps.engine.approve(episodeId, {
        ...(by ? { by } : {}),
        ...(deadline !== undefined ? { deadline } : {}),
      }),
    reconcile: (episodeId, deadline) =>
      deps.engine.reconcile(episodeId, deadline !== undefined ? { deadline } : {}),
    async status(episodeId) {
      const episode = await deps.store.getEpisode(episodeId);
      if (!episode) return null;
      const [stages, decisions, effects, snaps] = await Promise.all([
        deps.store.listStages(episodeId),
        deps.store.listDecisions({ episodeId }),
        deps.store.listEffects(episodeId),
        deps.store.listSnapshots({ episodeId }),
      ]);
      const snapshots = snaps.map(({ id, stageId, takenAt, trusted, summary }) => ({
        id,
        stageId,
        takenAt,
        trusted,
        summary,
      }));
      return { episode, stages, decisions, effects, snapshots };
    },
    history: (filter) => deps.store.listEpisodes(filter),
  };
}
