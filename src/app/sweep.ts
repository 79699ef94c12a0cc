/**
 * The timer sweep and the manual API's start: resolve the nodes, then run them here or shard them out
 * (fleetRuns). A sweep's dedup key is its timer tick, so SCF's async retries of one tick join its episodes.
 */

import type { Config } from '../config';
import type { NodeRef, RemediationRequest } from '../triggers/request';
import { type FleetRunDeps, type FleetRunResult, noFleet, resolveFleet, runOrShard } from './fleetRuns';
import { recordDecision } from './recordDecision';
import { resolveNodes } from './resolveNodes';

/** What the sweep needs beyond a fleet run's deps. */
export interface SweepDeps extends FleetRunDeps {
  fleet: Config['fleet'];
  /** the configuration's defaults (dry run, target order) applied to a request */
  defaults: (req: RemediationRequest) => RemediationRequest;
}

/** A sweep that found nothing to cover. */
export interface EmptySweep {
  mode: 'empty';
  reason: string;
}

/** Sweeps the configured fleet; `tick` names this timer firing (its retries share it). */
export async function sweep(
  deps: SweepDeps,
  opts: { tick: string; deadline: number },
): Promise<FleetRunResult | EmptySweep> {
  if (deps.fleet.length === 0) {
    const d = await noFleet(deps, 'MEMFRAG_FLEET is empty: the sweep covers nothing');
    return { mode: 'empty', reason: d.reason };
  }
  const ids = await resolveFleet(deps.fleet, deps.resolver);
  if (ids.length === 0) {
    const d = await noFleet(deps, 'the fleet selectors matched no instance');
    return { mode: 'empty', reason: d.reason };
  }
  const req: RemediationRequest = deps.defaults({
    source: 'sweep',
    firing: true,
    nodes: [],
    runbook: 'fragmentation',
    reason: `scheduled sweep ${opts.tick}`,
    dedupKey: `sweep:${opts.tick}`,
    dryRun: false,
    params: {},
  });
  return runOrShard(deps, req, ids, [], { deadline: opts.deadline, inlineLimit: deps.shardSize });
}

async function recordUnresolved(deps: FleetRunDeps, unresolved: NodeRef[]): Promise<void> {
  if (unresolved.length === 0) return;
  await recordDecision(deps, {
    action: 'skip',
    code: 'target-unresolved',
    reason: `${unresolved.length} node reference(s) matched no instance`,
    details: { unresolved },
  });
}

/** Starts a manual run: resolved here, run here when small, else sharded to the worker. */
export async function startRun(
  deps: FleetRunDeps & Pick<SweepDeps, 'defaults'> & { inlineLimit: number },
  request: RemediationRequest,
  deadline: number,
): Promise<FleetRunResult> {
  const req = deps.defaults(request);
  const { instanceIds, unresolved } = await resolveNodes(req, deps.resolver);
  await recordUnresolved(deps, unresolved);
  return runOrShard(deps, req, instanceIds, unresolved, { deadline, inlineLimit: deps.inlineLimit });
}
