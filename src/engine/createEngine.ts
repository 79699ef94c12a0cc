/**
 * The engine's entry points for the CLI, cloud functions and sweeps: one episode, a fleet run with canary,
 * budgets and a circuit breaker, approval of a waiting episode, and reconciliation of an interrupted one.
 */
import { getRunbook } from '../../runbooks/builtin';
import { InputError } from '../errors';
import type { Episode } from '../ports';
import { admit } from './admit';
import { runWithCanary } from './canary';
import { bareReport, expireApproval, newContext, reconcileStart, reportOf } from './context';
import { guarded } from './guarded';
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

/**
 * Takes (or renews) the node lease for an existing episode and re-reads it under the lease (another
 * invocation may have finished it since we loaded it): 'ok' with ctx.episode fresh, else the report to answer.
 */
async function leaseFor(deps: EngineDeps, ctx: EpisodeContext): Promise<'ok' | EpisodeReport> {
  const key = `node:${ctx.episode.instanceId}`;
  if (!(await deps.store.acquireLease(key, ctx.holder, deps.config.leaseTtlMs, deps.clock.now()))) {
    await decide(
      deps,
      { ctx },
      'skip',
      'lease-held',
      'another invocation holds the node lease and runs this episode',
    );
    return reportOf(ctx);
  }
  const fresh = await deps.store.getEpisode(ctx.episode.id);
  if (!fresh || fresh.state === 'closed') {
    await deps.store.releaseLease(key, ctx.holder);
    return bareReport(
      ctx.request,
      'closed',
      `episode ${ctx.episode.id} was closed by another invocation`,
      fresh ?? ctx.episode,
    );
  }
  ctx.episode = fresh;
  return 'ok';
}

// takes the lease for an existing episode and runs it from a fresh probe
async function continueEpisode(
  deps: EngineDeps,
  ctx: EpisodeContext,
  deadline?: number,
): Promise<EpisodeReport> {
  const fleet = fleetState(deps, ctx.episode.runId, 1, deadline === undefined ? {} : { deadline });
  const leased = await leaseFor(deps, ctx);
  if (leased !== 'ok') return leased;
  await reconcileStart(deps, ctx);
  await guarded(deps, [ctx], () => runBatch(deps, fleet, [ctx]));
  return reportOf(ctx);
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
    const ctxs: EpisodeContext[] = [];
    try {
      await guarded(deps, ctxs, async () => {
        for (const r of requests) {
          const a = await admit(deps, fleet, r);
          reports.push('ctx' in a ? a.ctx : a.report);
          if ('ctx' in a) ctxs.push(a.ctx);
        }
        if ((budgets.canary?.size ?? 0) > 0 && budgets.canary)
          await runWithCanary(deps, fleet, ctxs, budgets.canary);
        else await runBatch(deps, fleet, ctxs);
      });
    } catch (err) {
      await deps.store.updateRun(runId, { state: 'stopped', endedAt: deps.clock.now() }).catch(() => {});
      throw err;
    }
    const episodes = reports.map((r) => ('holder' in r ? reportOf(r) : r));
    const stopped = ['canary-failed', 'canary-inconclusive'];
    const state =
      fleet.circuitOpen || fleet.decisions.some((d) => stopped.includes(d.code)) ? 'stopped' : 'done';
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
      await guarded(deps, [a.ctx], () => runBatch(deps, fleet, [a.ctx]));
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
      // the approval is recorded only under the node lease: a busy node leaves the wait (and its expiry) as it was
      const leased = await leaseFor(deps, ctx);
      if (leased !== 'ok') return leased;
      const fresh = ctx.episode;
      if (fresh.state !== 'awaiting-approval') {
        await deps.store.releaseLease(`node:${fresh.instanceId}`, ctx.holder);
        throw new InputError(`episode ${episodeId} is ${fresh.state}, not awaiting approval`, {
          field: 'episodeId',
          statusCode: 409,
        });
      }
      const now = deps.clock.now();
      ctx.episode = await deps.store.updateEpisode(ep.id, {
        summary: { ...(fresh.summary ?? {}), approvedAt: now, approvedBy: opts.by ?? 'operator' },
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
