/**
 * The use cases behind the four cloud functions (and `memfrag serve`): the alarm quick path, the worker,
 * the sweep, the manual API's start and run status, over createApp's remediate/approve/status/history.
 */
import type { EngineDeps, FleetBudgets } from '../engine/types';
import type { Episode, Invoker, RunRecord, TargetSelector } from '../ports';
import type { RemediationRequest } from '../triggers/request';
import { type App, type AppDeps, createApp } from './createApp';
import { dispatchEpisode } from './dispatch';
import { DEFAULT_SHARD_SIZE, type FleetRunResult } from './fleetRuns';
import { type AlarmResult, openEpisodes } from './openEpisodes';
import { type EmptySweep, startRun, sweep } from './sweep';
import { type WorkResult, work } from './work';
import type { WorkerPayload } from './workerPayload';

/** Manual runs up to this many nodes run inside the API call; more go to the worker. */
export const DEFAULT_INLINE_LIMIT = 10;

/** The ports and settings of the functions' use cases. */
export interface FunctionsAppDeps extends AppDeps {
  engineDeps: EngineDeps;
  invoker: Invoker;
  workerFunction: string;
  fleet: TargetSelector[];
  budgets: FleetBudgets;
  /** plan and record only, for every trigger */
  dryRun: boolean;
  /** the allocation order to serve when a request names none (MEMFRAG_TARGET_ORDER) */
  targetOrder?: number;
  shardSize?: number;
  inlineLimit?: number;
}

/** A run record with its shards (child runs) and the episodes and decisions of both. */
export interface RunStatus {
  run: RunRecord;
  children: RunRecord[];
  episodes: Episode[];
  decisions: Awaited<ReturnType<AppDeps['store']['listDecisions']>>;
}

/** The functions' use cases. */
export interface FunctionsApp extends App {
  alarm(requests: RemediationRequest[]): Promise<AlarmResult>;
  work(payload: WorkerPayload, deadline: number): Promise<WorkResult>;
  sweep(tick: string, deadline: number): Promise<FleetRunResult | EmptySweep>;
  startRun(request: RemediationRequest, deadline: number): Promise<FleetRunResult>;
  run(runId: string): Promise<RunStatus | null>;
}

/** Creates the functions' use cases over the ports. */
export function createFunctionsApp(deps: FunctionsAppDeps): FunctionsApp {
  const app = createApp(deps);
  const defaults = (r: RemediationRequest): RemediationRequest => ({
    ...r,
    dryRun: r.dryRun || deps.dryRun,
    params:
      deps.targetOrder !== undefined && r.params.targetOrder === undefined
        ? { ...r.params, targetOrder: deps.targetOrder }
        : r.params,
  });
  const fleetDeps = {
    ...deps,
    defaults,
    app,
    shardSize: deps.shardSize ?? DEFAULT_SHARD_SIZE,
    inlineLimit: deps.inlineLimit ?? DEFAULT_INLINE_LIMIT,
  };
  return {
    ...app,
    async approve(episodeId, by, deadline) {
      const report = await app.approve(episodeId, by, deadline);
      // approved, but this call is too short for the next stage: the worker continues (approval is stored)
      if (report.state === 'open' && report.code === 'deadline')
        await dispatchEpisode(deps, episodeId, report.instanceId);
      return report;
    },
    alarm: (requests) => openEpisodes(deps, requests.map(defaults)),
    async work(payload, deadline) {
      const result = await work(deps, payload, deadline);
      if (result.ok && result.kind === 'episode' && result.report.state === 'closed' && deps.notifier) {
        const r = result.report;
        const summary = {
          title: `memfrag episode ${r.outcome ?? r.code}`,
          instanceId: r.instanceId,
          lines: [r.reason],
          ...(r.episodeId ? { episodeId: r.episodeId } : {}),
          ...(r.outcome ? { outcome: r.outcome } : {}),
          ...(r.verdict ? { verdict: r.verdict } : {}),
        };
        // a failing webhook must not fail (and so retry) the episode it reports on
        await deps.notifier.notify(summary).catch(() => {});
      }
      return result;
    },
    sweep: (tick, deadline) => sweep(fleetDeps, { tick, deadline }),
    startRun: (request, deadline) => startRun(fleetDeps, request, deadline),
    async run(runId) {
      const run = await deps.store.getRun(runId);
      if (!run) return null;
      const shards = await deps.store.listRuns({ kind: 'shard', since: run.startedAt, limit: 1000 });
      const children = shards.filter((r) => r.parentId === runId);
      const ids = [runId, ...children.map((c) => c.id)];
      const episodes = (
        await Promise.all(ids.map((id) => deps.store.listEpisodes({ runId: id, limit: 1000 })))
      ).flat();
      const decisions = (await Promise.all(ids.map((id) => deps.store.listDecisions({ runId: id })))).flat();
      return { run, children, episodes, decisions };
    },
  };
}
