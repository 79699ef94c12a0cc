/**
 * The worker's use case: continue one episode from a fresh probe, or run one shard of a fleet run, to the end
 * or to the deadline. SCF retries async events twice, so both are idempotent: a closed episode answers
 * closed, a held lease is recorded, and a shard's per-node dedup keys map a retry onto the first episodes.
 */
import type { Engine } from '../engine/createEngine';
import type { EpisodeReport, FleetBudgets } from '../engine/types';
import { InputError, MemfragError } from '../errors';
import type { Clock, Store } from '../ports';
import type { RemediationRequest, RunbookParams } from '../triggers/request';
import { toEpisodeRequest } from './toEpisodeRequest';
import type { WorkerPayload } from './workerPayload';

/** What the worker needs. */
export interface WorkDeps {
  engine: Engine;
  store: Store;
  clock: Clock;
  budgets: FleetBudgets;
}

/** What one worker invocation did. */
export type WorkResult =
  | { kind: 'episode'; ok: true; report: EpisodeReport }
  | {
      kind: 'shard';
      ok: true;
      runId: string;
      parentRunId: string;
      state: string;
      outcomes: Record<string, number>;
    }
  | { kind: WorkerPayload['kind']; ok: false; error: string };

function tally(reports: EpisodeReport[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reports) {
    const k = r.outcome ?? r.code;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

async function runShard(
  deps: WorkDeps,
  p: Extract<WorkerPayload, { kind: 'shard' }>,
  deadline: number,
): Promise<WorkResult> {
  if (!(await deps.store.getRun(p.parentRunId))) {
    return { kind: 'shard', ok: false, error: `no parent run ${p.parentRunId}` };
  }
  const t = p.request;
  const req: RemediationRequest = {
    source: t.source,
    runbook: t.runbook,
    reason: t.reason,
    dedupKey: t.dedupKey,
    dryRun: t.dryRun,
    firing: true,
    nodes: [],
    // zod's optional keys may hold undefined; the request type has them absent
    params: Object.fromEntries(Object.entries(t.params).filter(([, v]) => v !== undefined)) as RunbookParams,
    ...(t.stages ? { stages: t.stages } : {}),
    ...(t.approve !== undefined ? { approve: t.approve } : {}),
  };
  const requests = p.instanceIds.map((id) => toEpisodeRequest(req, id, deadline));
  const run = await deps.engine.runFleet(requests, { ...deps.budgets, deadline }, 'shard');
  await deps.store.updateRun(run.runId, { parentId: p.parentRunId });
  return {
    kind: 'shard',
    ok: true,
    runId: run.runId,
    parentRunId: p.parentRunId,
    state: run.state,
    outcomes: tally(run.episodes),
  };
}

/** Runs one unit of work; input the caller cannot fix by retrying comes back as `ok: false`, not thrown. */
export async function work(deps: WorkDeps, payload: WorkerPayload, deadline: number): Promise<WorkResult> {
  try {
    if (payload.kind === 'shard') return await runShard(deps, payload, deadline);
    const report = await deps.engine.reconcile(payload.episodeId, { deadline });
    // the node lease was still held (e.g. by the alarm that handed the episode over): throwing makes SCF
    // retry the event, where answering would drop an episode nobody runs
    if (report.code === 'lease-held' && report.state !== 'closed')
      throw new MemfragError(`episode ${payload.episodeId}: the node lease is held by another invocation`);
    return { kind: 'episode', ok: true, report };
  } catch (err) {
    // an unknown episode or a bad parameter fails the same way on every retry: answer, do not throw
    if (err instanceof InputError) return { kind: payload.kind, ok: false, error: err.message };
    throw err;
  }
}
