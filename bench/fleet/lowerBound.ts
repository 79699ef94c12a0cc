/** The lower bounds a fleet sweep is judged against (the definitions, made exact here). */

/** TAT limits that set the floor: instances per RunCommand, tasks per page, requests/s per API. */
export const TAT_LIMITS = { runBatch: 200, pageSize: 100, perSecond: 20 } as const;

/** The fewest calls and the shortest wall time any sweeper could achieve. */
export interface LowerBound {
  runCommands: number;
  describePages: number;
  /** one RunCommand per 200 instances plus one DescribeInvocationTasks page per 100 tasks (one poll) */
  calls: number;
  /** the busiest API's minimum calls at its rate limit, ms */
  rateFloorMs: number;
  /** slowest node's command time + one poll interval + the rate-limit floor, ms */
  wallMs: number;
}

/**
 * Lower bounds for `nodes` instances. The rate-limit floor is the busiest API's minimum calls at 20/s: per-API
 * limits are independent, so reading early batches can overlap sending later ones; the floor is not their sum.
 */
export function lowerBound(nodes: number, slowestCommandMs: number, pollIntervalMs: number): LowerBound {
  const runCommands = Math.ceil(nodes / TAT_LIMITS.runBatch);
  const describePages = Math.ceil(nodes / TAT_LIMITS.pageSize);
  const rateFloorMs = (Math.max(runCommands, describePages) / TAT_LIMITS.perSecond) * 1000;
  return {
    runCommands,
    describePages,
    calls: runCommands + describePages,
    rateFloorMs,
    wallMs: slowestCommandMs + pollIntervalMs + rateFloorMs,
  };
}

/** The fewest calls of the naive loop: one RunCommand and at least one poll per instance. */
export function naiveLowerBoundCalls(nodes: number): number {
  return 2 * nodes;
}
