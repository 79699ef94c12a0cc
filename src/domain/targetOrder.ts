import type { Rules } from './rules';
import type { AllocationFailure } from './types';

/** The order a diagnosis judges at, and where it came from. */
export interface TargetOrder {
  order: number;
  source: 'configured' | 'log' | 'default';
  /** the log failure that set it, when `source` is `log` */
  failure?: AllocationFailure;
}

/** The failure printed last in the log (highest line): the log is in time order. */
export function mostRecentFailure(failures: readonly AllocationFailure[]): AllocationFailure | undefined {
  return failures.reduce<AllocationFailure | undefined>(
    (last, f) => (!last || f.line >= last.line ? f : last),
    undefined,
  );
}

/**
 * Configured order first; else the most recent failure above order 0 (an order-0 failure means no page at
 * all, i.e. exhaustion, and says nothing about which order fragmentation blocks); else the default.
 */
export function resolveTargetOrder(rules: Rules, failures: readonly AllocationFailure[]): TargetOrder {
  if (rules.targetOrder !== undefined) return { order: rules.targetOrder, source: 'configured' };
  const failure = mostRecentFailure(failures.filter((f) => f.order > 0));
  if (failure) return { order: failure.order, source: 'log', failure };
  return { order: rules.defaultOrder, source: 'default' };
}

/** NUMA node ids in a `mems_allowed` / nodemask list such as `0`, `0-1`, `0,2-3`; empty when unparsable. */
export function parseNodeList(text: string | undefined): number[] {
  if (!text || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(text)) return [];
  const nodes: number[] = [];
  for (const part of text.split(',')) {
    const [lo, hi] = part.split('-').map(Number) as [number, number | undefined];
    for (let n = lo; n <= (hi ?? lo) && nodes.length < 1024; n++) nodes.push(n);
  }
  return nodes;
}
