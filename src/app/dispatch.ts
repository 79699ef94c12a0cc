/**
 * Handing an episode to the worker, at most once per burst: the hand-off is recorded as a decision on the
 * episode, and a later trigger that joins the episode dispatches again only when the last hand-off failed or
 * is old enough that its worker should have taken the node lease by now.
 */

import type { Clock, Decision, Episode, Invoker, Store } from '../ports';
import { recordDecision } from './recordDecision';
import type { WorkerPayload } from './workerPayload';

/** A recorded hand-off younger than this is trusted to be running or about to run. */
export const DISPATCH_FRESH_MS = 120_000;

/** What dispatching needs. */
export interface DispatchDeps {
  store: Store;
  clock: Clock;
  invoker: Invoker;
  workerFunction: string;
}

async function note(
  deps: DispatchDeps,
  on: { episodeId?: string; instanceId?: string; runId?: string },
  code: string,
  reason: string,
  details: Record<string, unknown> | null = null,
): Promise<Decision> {
  return recordDecision(deps, { ...on, action: 'dispatch', code, reason, details });
}

const failed = (d: Decision) => d.code === 'worker-invoke-failed';

/**
 * True when the episode should be handed to a worker now: its last hand-off failed or is stale, or it never
 * had one and its opener cannot still be about to make it (`openerDone`: we hold the lease the opener held
 * until after its hand-off; else only an episode older than the fresh window counts as stranded).
 */
export async function needsDispatch(
  deps: DispatchDeps,
  episode: Pick<Episode, 'id' | 'createdAt'>,
  openerDone: boolean,
): Promise<boolean> {
  const now = deps.clock.now();
  const ds = await deps.store.listDecisions({ episodeId: episode.id });
  const last = ds
    .filter((d) => d.code === 'worker-invoked' || d.code === 'worker-invoke-failed')
    // a failure is recorded after its own hand-off, possibly in the same millisecond: it wins a tie
    .reduce<Decision | null>((a, d) => (a && (a.at > d.at || (a.at === d.at && failed(a))) ? a : d), null);
  if (last?.code === 'worker-invoke-failed') return true;
  if (last) return now - last.at > DISPATCH_FRESH_MS;
  return openerDone || now - episode.createdAt > DISPATCH_FRESH_MS;
}

/**
 * Records the hand-off, runs `beforeInvoke` (the caller lets go of the node lease there: the worker may
 * start before the invoke call returns), then invokes the worker; a failed invoke is recorded and rethrown.
 */
export async function dispatchEpisode(
  deps: DispatchDeps,
  episodeId: string,
  instanceId: string,
  beforeInvoke: () => Promise<void> = async () => {},
): Promise<void> {
  await note(deps, { episodeId, instanceId }, 'worker-invoked', `handed to ${deps.workerFunction}`);
  await beforeInvoke();
  const payload: WorkerPayload = { kind: 'episode', episodeId };
  try {
    await deps.invoker.invokeAsync(deps.workerFunction, payload);
  } catch (err) {
    await note(
      deps,
      { episodeId, instanceId },
      'worker-invoke-failed',
      `invoking ${deps.workerFunction} failed`,
      {
        error: err instanceof Error ? err.name : 'error',
      },
    );
    throw err;
  }
}

/** Invokes the worker for one shard and records it on the parent run. */
export async function dispatchShard(
  deps: DispatchDeps,
  payload: Extract<WorkerPayload, { kind: 'shard' }>,
  index: number,
): Promise<void> {
  await deps.invoker.invokeAsync(deps.workerFunction, payload);
  await note(
    deps,
    { runId: payload.parentRunId },
    'shard-invoked',
    `shard ${index + 1} (${payload.instanceIds.length} nodes) handed to ${deps.workerFunction}`,
    { index, size: payload.instanceIds.length },
  );
}
