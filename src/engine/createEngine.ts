/**
 * The engine's entry points for the CLI, cloud functions and sweeps: one episode, a fleet run with canary,
 * budgets and a circuit breaker, approval of a waiting episode, and reconciliation of an interrupted one.
 */
import { getRunbook } from '../../runbooks/builtin';
import { InputError } from '../errors';
import type { Episode } from '../ports';
import { admit } from './admit';
import { bareReport, expireApproval, newContext, reconcileStart, reportOf } from './context';
import { closeEpisode } from './finish';
import { newId } from './ids';
import { decide } from './record';
import { runBatch } from './runBatch';
import type {
  EngineDeps,
  EpisodeContext,
  EpisodeReport,
  EpisodeRequest,
  FleetBudgets,
  FleetState,
  RunReport,
} from './types';

export interface Engine {
  /** Runs (or joins) the episode for one node to its end, a park (approval, deadline) or a recorded refusal. */
  runEpisode(request: EpisodeRequest): Promise<EpisodeReport>;
  /** Runs many nodes: batched executor calls, canary batch first, compaction budget, circuit breaker. */
  runFleet(
    requests: EpisodeRequest[],
    budgets?: FleetBudgets,
    kind?: 'sweep' | 'manual' | 'alarm' | 'shard',
  ): Promise<RunReport>;
  /** Approves a waiting episode and continues it (re-probe first); an expired wait closes it as skipped. */
  approve(episodeId: string, opts?: { by?: string; deadline?: number }): Promise<EpisodeReport>;
  /** Continues an open or interrupted episode from a fresh probe. */
  reconcile(episodeId: string, opts?: { deadline?: number }): Promise<EpisodeReport>;
}

function fleetState(deps: EngineDeps, runId: string | null, size: number, budgets: FleetBudgets): FleetState {
  const { count, percent } = budgets.maxConcurrentCompactions ?? {};
  const limits = [deps.config.maxConcurrentCompactions];
  if (count !== undefined) limits.push(count);
  if (percent !== undefined) limits.push(Math.ceil((percent * size) / 100));
  const state: FleetState = {
    runId,
    errors: 0,
    maxErrors: budgets.maxErrors ?? Number.POSITIVE_INFINITY,
    circuitOpen: false,
    compactionChunk: Math.max(1, Math.min(...limits)),
    decisions: [],
  };
  if (budgets.deadline !== undefined) state.deadline = budgets.deadline;
  return state;
}

async function loadForContinue(deps: EngineDeps, episodeId: string): Promise<Episode> {
  const ep = await deps.store.getEpisode(episodeId);
  if (!ep) throw new InputError(`no episode ${episodeId}`, { field: 'episodeId', statusCode: 404 });
  return ep;
}

// takes the lease for an existing episode and runs it from a fresh probe
async function continueEpisode(
  deps: EngineDeps,
  ctx: EpisodeContext,
  deadline?: number,
): Promise<EpisodeReport> {
  const fleet = fleetState(deps, ctx.episode.runId, 1, deadline === undefined ? {} : { deadline });
  if (
    !(await deps.store.acquireLease(
      `node:${ctx.episode.instanceId}`,
      ctx.holder,
      deps.config.leaseTtlMs,
      deps.clock.now(),
    ))
  ) {
    await decide(
      deps,
      { ctx },
      'skip',
      'lease-held',
      'another invocation holds the node lease and runs this episode',
    );
    return reportOf(ctx);
  }
  // re-read under the lease: another invocation may have finished the episode since we loaded it
  const fresh = await deps.store.getEpisode(ctx.episode.id);
  if (!fresh || fresh.state === 'closed') {
    await deps.store.releaseLease(`node:${ctx.episode.instanceId}`, ctx.holder);
    return bareReport(
      ctx.request,
      'closed',
      `episode ${ctx.episode.id} was closed by another invocation`,
      fresh ?? ctx.episode,
    );
  }
  ctx.episode = fresh;
  await reconcileStart(deps, ctx);
  await runBatch(deps, fleet, [ctx]);
  return reportOf(ctx);
}

// canary gate: the share of canary episodes that acted and resolved/improved, and no regression
async function canaryPasses(
  deps: EngineDeps,
  fleet: FleetState,
  canary: EpisodeContext[],
  minRatio: number,
): Promise<boolean> {
  const acted = canary.filter((c) => c.done.length > 0);
  const good = acted.filter((c) => c.episode.outcome === 'resolved' || c.episode.outcome === 'improved');
  // an unreachable or failing canary node counts against the gate too
  const bad = canary.filter((c) => c.episode.outcome === 'regressed' || c.episode.outcome === 'failed');
  const ratio = acted.length === 0 ? 1 : good.length / acted.length;
  const pass = bad.length === 0 && ratio >= minRatio;
  const reason = `canary: ${acted.length} of ${canary.length} nodes remediated, ${good.length} resolved/improved, ${bad.length} regressed/failed (need ${Math.round(minRatio * 100)}% and no regression)`;
  await decide(deps, { fleet }, pass ? 'act' : 'stop', pass ? 'canary-passed' : 'canary-failed', reason, {
    acted: acted.length,
    good: good.length,
    bad: bad.length,
  });
  return pass;
}

/** Creates the engine over its ports. */
export function createEngine(deps: EngineDeps): Engine {
  async function runFleet(
    requests: EpisodeRequest[],
    budgets: FleetBudgets = {},
    kind: 'sweep' | 'manual' | 'alarm' | 'shard' = 'manual',
  ): Promise<RunReport> {
    for (const r of requests) getRunbook(r.runbook ?? 'fragmentation');
    const runId = newId('run');
    await deps.store.addRun({
      id: runId,
      kind,
      parentId: null,
      state: 'running',
      startedAt: deps.clock.now(),
      endedAt: null,
      summary: null,
    });
    const fleet = fleetState(deps, runId, requests.length, budgets);
    const reports: (EpisodeReport | EpisodeContext)[] = [];
    for (const r of requests) {
      const a = await admit(deps, fleet, r);
      reports.push('ctx' in a ? a.ctx : a.report);
    }
    const ctxs = reports.filter((r): r is EpisodeContext => 'holder' in r);
    const size = budgets.canary?.size ?? 0;
    const canary = ctxs.filter((c) => !c.episode.dryRun).slice(0, size);
    let rest = ctxs.filter((c) => !canary.includes(c));
    if (canary.length > 0) {
      await runBatch(deps, fleet, canary);
      if (!(await canaryPasses(deps, fleet, canary, budgets.canary?.minSuccessRatio ?? 0.5))) {
        for (const c of rest)
          await closeEpisode(deps, c, {
            action: 'skip',
            code: 'canary-failed',
            reason: 'the canary batch did not show enough effect: the rest of the run is cancelled',
          });
        rest = [];
      }
    }
    await runBatch(deps, fleet, rest);
    const episodes = reports.map((r) => ('holder' in r ? reportOf(r) : r));
    const state =
      fleet.circuitOpen || fleet.decisions.some((d) => d.code === 'canary-failed') ? 'stopped' : 'done';
    await deps.store.updateRun(runId, {
      state,
      endedAt: deps.clock.now(),
      summary: { errors: fleet.errors, outcomes: episodes.map((e) => e.outcome) },
    });
    return { runId, state, episodes, decisions: fleet.decisions, errors: fleet.errors };
  }

  return {
    runFleet,
    async runEpisode(request) {
      const fleet = fleetState(
        deps,
        null,
        1,
        request.deadline === undefined ? {} : { deadline: request.deadline },
      );
      const a = await admit(deps, fleet, request);
      if ('report' in a) return a.report;
      await runBatch(deps, fleet, [a.ctx]);
      return reportOf(a.ctx);
    },
    async approve(episodeId, opts = {}) {
      const ep = await loadForContinue(deps, episodeId);
      const ctx = newContext(
        {
          instanceId: ep.instanceId,
          runbook: ep.runbook,
          trigger: 'manual',
          reason: `approval by ${opts.by ?? 'operator'}`,
        },
        getRunbook(ep.runbook),
        ep,
        true,
      );
      if (ep.state !== 'awaiting-approval')
        throw new InputError(`episode ${episodeId} is ${ep.state}, not awaiting approval`, {
          field: 'episodeId',
          statusCode: 409,
        });
      if (ep.waitUntil !== null && deps.clock.now() > ep.waitUntil) {
        await expireApproval(deps, ctx);
        return reportOf(ctx);
      }
      const now = deps.clock.now();
      ctx.episode = await deps.store.updateEpisode(ep.id, {
        summary: { ...(ep.summary ?? {}), approvedAt: now, approvedBy: opts.by ?? 'operator' },
        waitUntil: null,
        now,
      });
      ctx.approved = true;
      await decide(deps, { ctx }, 'approve', 'approved', `approved by ${opts.by ?? 'operator'}`);
      return continueEpisode(deps, ctx, opts.deadline);
    },
    async reconcile(episodeId, opts = {}) {
      const ep = await loadForContinue(deps, episodeId);
      const ctx = newContext(
        { instanceId: ep.instanceId, runbook: ep.runbook, trigger: 'manual', reason: 'reconcile' },
        getRunbook(ep.runbook),
        ep,
        true,
      );
      if (ep.state === 'closed')
        return bareReport(ctx.request, 'closed', `episode ${ep.id} is closed (${ep.outcome})`, ep);
      if (ep.state === 'awaiting-approval') {
        if (ep.waitUntil !== null && deps.clock.now() > ep.waitUntil) await expireApproval(deps, ctx);
        return reportOf(ctx, ctx.code === 'admitted' ? 'awaiting-approval' : ctx.code);
      }
      return continueEpisode(deps, ctx, opts.deadline);
    },
  };
}
