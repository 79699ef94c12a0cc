/**
 * Runs one remediation stage kind on many nodes: one executor call per distinct command, then one re-probe
 * call, then the effect of each. Compaction takes fleet slots first, in chunks.
 */
import { renderCommand } from '../../runbooks/renderCommand';
import type { EffectClass, RunbookStage } from '../../runbooks/runbook';
import { parseStageReport, type StageReport } from '../../runbooks/stageReport';
import type { PlanStage } from '../domain/types';
import type { TaskResult } from '../ports';
import { closeEpisode } from './finish';
import { newId } from './ids';
import { measureEffect } from './measureEffect';
import { probeAll, renewLeases } from './probeStep';
import { decide, endStage, startStage } from './record';
import type { EngineDeps, EpisodeContext, FleetState } from './types';

/** One episode's pick for this round. */
export interface StagePick {
  ctx: EpisodeContext;
  stage: RunbookStage;
  plan: PlanStage;
  why: string;
}

// the script parameters a pick needs, apart from the marker ids
function scriptParams(p: StagePick): Record<string, unknown> {
  if (p.stage.kind === 'drop_caches') {
    // dirty page-cache folios stop compaction's migrate scanner for the whole zone (docs/real-kernel.md §3):
    // when compaction is planned next, write them back first so the drop frees them
    const compactionNext = p.ctx.current?.diagnosis?.plan.some((s) => s.kind === 'compact') ?? false;
    return { mode: p.ctx.params.dropCaches.mode, sync: p.ctx.params.dropCaches.sync || compactionNext };
  }
  const nodes =
    p.ctx.params.compaction.scope === 'nodes' && p.plan.nodes?.length
      ? [...p.plan.nodes].sort((a, b) => a - b)
      : 'all';
  return { nodes };
}

function groupByParams(picks: StagePick[]): StagePick[][] {
  const groups = new Map<string, StagePick[]>();
  for (const p of picks) {
    const k = JSON.stringify(scriptParams(p));
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  return [...groups.values()];
}

function stageState(result: TaskResult, report: StageReport | null): 'done' | 'failed' | 'skipped' {
  if (report?.status === 'done' || report?.status === 'already-done') return 'done';
  if (report?.status === 'locked') return 'skipped';
  return result.outcome === 'success' && report ? 'done' : 'failed';
}

/** Sends one command (shared marker ids) to a group and records each node's stage; returns the picks that ran. */
interface Ran {
  pick: StagePick;
  stageId: string;
  report: StageReport | null;
  result: Record<string, unknown>;
}

async function runGroup(deps: EngineDeps, fleet: FleetState, group: StagePick[]): Promise<Ran[]> {
  const stageId = newId('st');
  // one command for the whole group: the marker is keyed by the run when several episodes share it
  const markerEpisode =
    group.length === 1 ? group[0]!.ctx.episode.id : (fleet.runId ?? group[0]!.ctx.episode.id);
  const params = scriptParams(group[0]!);
  const command = renderCommand(group[0]!.stage.script, {
    episode: markerEpisode,
    stage: stageId,
    ...params,
  });
  const ids: string[] = [];
  for (const [i, p] of group.entries()) {
    await decide(deps, { ctx: p.ctx }, 'act', p.stage.kind, p.why, {
      params,
      marker: { episode: markerEpisode, stage: stageId },
    });
    ids.push(i === 0 ? stageId : newId('st'));
    await startStage(deps, p.ctx, p.stage.kind, ids[i]);
  }
  const timeoutSeconds = group[0]!.stage.timeoutSeconds;
  const opts =
    fleet.deadline === undefined ? { timeoutSeconds } : { timeoutSeconds, deadline: fleet.deadline };
  const results = await deps.executor.run(
    command,
    group.map((p) => p.ctx.episode.instanceId),
    opts,
  );
  const ran: Ran[] = [];
  for (const [i, p] of group.entries()) {
    const result = results[i]!;
    const parsed = parseStageReport(result.output);
    const report = parsed.ok ? parsed.value : null;
    const state = stageState(result, report);
    const recorded = {
      task: result.outcome,
      status: report?.status ?? null,
      error: report?.error ?? result.error ?? (parsed.ok ? null : parsed.error.message),
      stallMs: report?.stallMs ?? null,
      marker: { episode: markerEpisode, stage: stageId },
      params,
    };
    await endStage(deps, ids[i]!, state, recorded);
    if (state === 'done') ran.push({ pick: p, stageId: ids[i]!, report, result: recorded });
    else if (state === 'skipped') {
      await closeEpisode(deps, p.ctx, {
        action: 'skip',
        code: 'node-locked',
        reason: 'another memfrag stage held the node lock; nothing was written',
      });
    } else {
      fleet.errors++;
      p.ctx.failed = true;
      p.ctx.done.push({ kind: p.stage.kind, effect: 'failed' });
      await decide(
        deps,
        { ctx: p.ctx },
        'record',
        'stage-failed',
        `${p.stage.kind} failed: ${report?.error ?? result.error ?? result.outcome}`,
      );
    }
  }
  return ran;
}

/** Re-probes the nodes whose stage ran and records each stage's effect. */
async function verify(deps: EngineDeps, fleet: FleetState, ran: Ran[]): Promise<void> {
  const before = new Map(ran.map((r) => [r.pick.ctx, r.pick.ctx.current?.diagnosis ?? null]));
  await probeAll(
    deps,
    fleet,
    ran.map((r) => r.pick.ctx),
    'reprobe',
  );
  for (const { pick, stageId, report, result } of ran) {
    const { ctx } = pick;
    if (ctx.finished) continue;
    const b = before.get(ctx) ?? null;
    const after = ctx.current?.trusted ? ctx.current.diagnosis : null;
    let cls: EffectClass = 'failed';
    if (b && after) {
      const effect = measureEffect(b, after, report ?? undefined);
      cls = effect.class;
      await deps.store.addEffect({
        id: newId('eff'),
        episodeId: ctx.episode.id,
        stageId,
        instanceId: ctx.episode.instanceId,
        at: deps.clock.now(),
        effect: { stage: pick.stage.kind, ...effect },
      });
      await decide(deps, { ctx }, 'measure', `effect-${cls}`, `${pick.stage.kind}: ${effect.reason}`, {
        stallMs: effect.stallMs ?? null,
      });
    }
    ctx.done.push({ kind: pick.stage.kind, effect: cls });
    await deps.store.updateStage(stageId, { result: { ...result, effect: cls } });
  }
}

// renews the node leases (and compaction slots) of a group right before its command: groups run one after
// another, each up to its stage timeout, and every lease and slot must outlast the group that needs it
async function renewGroup(deps: EngineDeps, group: StagePick[], compact: boolean): Promise<StagePick[]> {
  const live = await renewLeases(
    deps,
    group.map((p) => p.ctx),
  );
  const kept: StagePick[] = [];
  // a slot that expired and went to another run is not ours to compact with any more
  for (const p of group) if (live.includes(p.ctx) && (!compact || (await takeSlot(deps, p)))) kept.push(p);
  return kept;
}

/**
 * Runs `picks` (all of one stage kind). Compaction runs one chunk bounded by fleet slots and the run's budget;
 * the picks left over are probed again (one call) and decided again next round on that fresh evidence (so
 * gates and the deadline are checked again too).
 */
export async function runStageKind(deps: EngineDeps, fleet: FleetState, picks: StagePick[]): Promise<void> {
  const live = await renewLeases(
    deps,
    picks.map((p) => p.ctx),
  );
  const pending = picks.filter((p) => live.includes(p.ctx));
  if (pending.length === 0) return;
  const compact = pending[0]!.stage.kind === 'compact';
  const granted: StagePick[] = [];
  for (const p of pending) {
    if (!compact) granted.push(p);
    else if (granted.length < fleet.compactionChunk && (await takeSlot(deps, p))) granted.push(p);
  }
  if (granted.length === 0) {
    const reason = `all ${deps.config.maxConcurrentCompactions} compaction slots are held by other runs`;
    for (const p of pending)
      await closeEpisode(deps, p.ctx, { action: 'skip', code: 'budget-exhausted', reason });
    return;
  }
  try {
    const ran = [];
    for (const group of groupByParams(granted)) {
      const kept = await renewGroup(deps, group, compact);
      if (kept.length > 0) ran.push(...(await runGroup(deps, fleet, kept)));
    }
    await verify(deps, fleet, ran);
  } finally {
    if (compact) for (const p of granted) await deps.store.releaseSlot('compact', p.ctx.holder);
  }
  const deferred = pending.filter((p) => !granted.includes(p) && !p.ctx.finished);
  if (deferred.length > 0 && !fleet.circuitOpen)
    await probeAll(
      deps,
      fleet,
      deferred.map((p) => p.ctx),
      'reprobe',
    );
}

function takeSlot(deps: EngineDeps, p: StagePick): Promise<boolean> {
  const { maxConcurrentCompactions: limit, slotTtlMs } = deps.config;
  return deps.store.acquireSlot('compact', p.ctx.holder, limit, slotTtlMs, deps.clock.now());
}
