/**
 * Runs over many nodes: the timer sweep and the manual API's large runs. What fits in one invocation runs
 * here through the engine's fleet run; a larger set becomes a parent run whose shards go to the worker.
 */

import { newId } from '../engine/ids';
import type { FleetBudgets } from '../engine/types';
import type { Decision, Store, TargetResolver, TargetSelector } from '../ports';
import type { NodeRef, RemediationRequest } from '../triggers/request';
import type { App, RemediationResult } from './createApp';
import { type DispatchDeps, dispatchEpisode, dispatchShard } from './dispatch';
import { recordDecision } from './recordDecision';
import type { ShardTemplate } from './workerPayload';

/** Nodes per worker shard when a set is too large for one invocation. */
export const DEFAULT_SHARD_SIZE = 500;

/**
 * Less time than this before the deadline and nothing runs inline: the engine would refuse even the probe
 * (its 60 s worst case plus the engine's margin), so the work goes straight to the worker.
 */
export const INLINE_MIN_MS = 70_000;

/** What fleet runs need. */
export interface FleetRunDeps extends DispatchDeps {
  app: App;
  store: Store;
  resolver?: TargetResolver;
  budgets: FleetBudgets;
  /** nodes per worker shard */
  shardSize: number;
}

/** A run that was sharded out to the worker. */
export interface ShardedRun {
  runId: string;
  shards: number;
  nodes: number;
}

/** A sweep's or a start request's result: run here, or sharded. */
export type FleetRunResult =
  | ({ mode: 'inline'; continued: string[] } & RemediationResult)
  | ({ mode: 'sharded' } & ShardedRun & { unresolved: NodeRef[] });

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The instance ids the configured fleet selectors name (without a resolver only instance ids resolve). */
export async function resolveFleet(
  selectors: TargetSelector[],
  resolver?: TargetResolver,
): Promise<string[]> {
  const ids: string[] = [];
  for (const s of selectors) {
    if (s.kind === 'instances' && !resolver) ids.push(...s.instanceIds);
    else if (resolver) ids.push(...(await resolver.resolve(s)).map((t) => t.instanceId));
  }
  return [...new Set(ids)];
}

function template(req: RemediationRequest): ShardTemplate {
  return {
    source: req.source === 'sweep' ? 'sweep' : 'manual',
    runbook: req.runbook,
    reason: req.reason,
    dedupKey: req.dedupKey,
    dryRun: req.dryRun,
    ...(req.stages ? { stages: req.stages } : {}),
    ...(req.approve !== undefined ? { approve: req.approve } : {}),
    params: req.params,
  };
}

/** Opens a parent run and hands each shard of `instanceIds` to the worker. */
export async function shardOut(
  deps: FleetRunDeps,
  req: RemediationRequest,
  instanceIds: string[],
): Promise<ShardedRun> {
  const runId = newId('run');
  const parts = chunks(instanceIds, deps.shardSize);
  await deps.store.addRun({
    id: runId,
    kind: req.source === 'sweep' ? 'sweep' : 'manual',
    parentId: null,
    state: 'running',
    startedAt: deps.clock.now(),
    endedAt: null,
    summary: { nodes: instanceIds.length, shards: parts.length, reason: req.reason },
  });
  for (const [i, part] of parts.entries()) {
    await dispatchShard(
      deps,
      { kind: 'shard', parentRunId: runId, instanceIds: part, request: template(req) },
      i,
    );
  }
  // the parent's own work (the fan-out) is done; each shard is a child run with this parent id
  await deps.store.updateRun(runId, { state: 'done', endedAt: deps.clock.now() });
  return { runId, shards: parts.length, nodes: instanceIds.length };
}

/** Runs `req` on `instanceIds` here when at most `inlineLimit` and time allows, else shards them out. */
export async function runOrShard(
  deps: FleetRunDeps,
  req: RemediationRequest,
  instanceIds: string[],
  unresolved: NodeRef[],
  opts: { deadline: number; inlineLimit: number },
): Promise<FleetRunResult> {
  const tooShort = opts.deadline - deps.clock.now() < INLINE_MIN_MS;
  if (instanceIds.length > opts.inlineLimit || tooShort) {
    return { mode: 'sharded', ...(await shardOut(deps, req, instanceIds)), unresolved };
  }
  const nodes = instanceIds.map((instanceId) => ({ kind: 'instance' as const, instanceId }));
  const { cluster: _c, tags: _t, ...rest } = req;
  const result = await deps.app.remediate(
    { ...rest, nodes },
    { deadline: opts.deadline, budgets: deps.budgets },
  );
  // an episode parked at this invocation's deadline (a stage needs longer than is left) goes to the worker
  const continued: string[] = [];
  for (const e of result.episodes) {
    if (e.episodeId && e.state === 'open' && e.code === 'deadline') {
      await dispatchEpisode(deps, e.episodeId, e.instanceId);
      continued.push(e.episodeId);
    }
  }
  return { mode: 'inline', continued, ...result, unresolved };
}

/** Records a sweep that had nothing to cover. */
export function noFleet(deps: FleetRunDeps, why: string): Promise<Decision> {
  return recordDecision(deps, { action: 'skip', code: 'empty-fleet', reason: why });
}
