/**
 * The measured effect of a remediation stage: per zone, before -> after, at the target order of the
 * diagnosis that called for the stage, and one outcome word for the record.
 */

import type { Outcome } from '../ports';
import { blocksAtOrAbove, pagesAtOrAbove } from './contigPageInfo';
import { countsZone, defaultRules, type Rules } from './rules';
import { type Diagnosis, Verdict } from './types';
import { unusableIndex } from './unusableIndex';

/** A before -> after pair. */
export interface Change {
  before: number;
  after: number;
}

/** One zone's change at the target order. */
export interface ZoneEffect {
  node: number;
  zone: string;
  /** free pages in blocks of order >= the target order */
  freePagesAtOrAbove: Change;
  /** free blocks of order >= the target order */
  blocksAtOrAbove: Change;
  /** unusable index (x1000) at the target order */
  unusableIndex: Change;
}

/** The outcomes a measured effect can have: the subset of the store's `Outcome` decided here. */
export const EffectOutcome = {
  Resolved: 'resolved',
  Improved: 'improved',
  NoEffect: 'no-effect',
  Regressed: 'regressed',
} as const satisfies Record<string, Outcome>;
export type EffectOutcome = (typeof EffectOutcome)[keyof typeof EffectOutcome];

/** A stage's measured effect: per zone and in total, with its outcome and a one-line summary. */
export interface Effect {
  targetOrder: number;
  verdict: { before: Verdict; after: Verdict };
  /** the after-diagnosis could be measured (its verdict is not `unknown`) */
  comparable: boolean;
  zones: ZoneEffect[];
  /** summed over the counted zones present before and after */
  total: { freePagesAtOrAbove: Change; blocksAtOrAbove: Change };
  outcome: EffectOutcome;
  summary: string;
}

/** How to measure an effect. */
export interface EffectOptions {
  /** judge at this order instead of the before-diagnosis's */
  targetOrder?: number;
  /** which zones are summed into `total` (`countsZone`); default: the default rules */
  rules?: Rules;
  /** smallest relative change (x1000) of free pages at/above the order that counts as a change; default 100 = 10% */
  minChange?: number;
}

/** Per-zone changes for the zones present in both diagnoses. */
function zoneEffects(before: Diagnosis, after: Diagnosis, order: number): ZoneEffect[] {
  return before.zones.flatMap((b) => {
    const a = after.zones.find((z) => z.node === b.node && z.zone === b.zone);
    if (!a) return [];
    return [
      {
        node: b.node,
        zone: b.zone,
        freePagesAtOrAbove: { before: pagesAtOrAbove(b.free, order), after: pagesAtOrAbove(a.free, order) },
        blocksAtOrAbove: { before: blocksAtOrAbove(b.free, order), after: blocksAtOrAbove(a.free, order) },
        unusableIndex: { before: unusableIndex(b.free, order), after: unusableIndex(a.free, order) },
      },
    ];
  });
}

/**
 * `resolved` when the after-verdict is healthy; else `improved` / `regressed` when the free pages in blocks
 * at or above the order rose / fell by at least `minChange`; else `no-effect` (also when `after` is unknown:
 * an untrusted probe proves nothing).
 */
export function classifyEffect(
  after: Diagnosis,
  total: Change,
  minChange = 100,
  minPages = 0,
): EffectOutcome {
  if (after.verdict === Verdict.Healthy) return EffectOutcome.Resolved;
  if (after.verdict === Verdict.Unknown) return EffectOutcome.NoEffect;
  const delta = total.after - total.before;
  // Relative to the larger side, so a rise from 0 counts and a fall to 0 counts.
  const scale = Math.max(total.before, total.after);
  if (scale === 0 || Math.abs(delta) * 1000 < scale * minChange) return EffectOutcome.NoEffect;
  // a rise from nothing to a handful of blocks is relatively huge but serves no workload
  if (Math.abs(delta) < minPages) return EffectOutcome.NoEffect;
  return delta > 0 ? EffectOutcome.Improved : EffectOutcome.Regressed;
}

/** Before -> after of a stage, per zone and in total, with its outcome. */
export function effect(before: Diagnosis, after: Diagnosis, opts: EffectOptions = {}): Effect {
  const order = opts.targetOrder ?? before.targetOrder;
  const zones = zoneEffects(before, after, order);
  const rules = opts.rules ?? defaultRules;
  const counted = zones.filter((z) =>
    before.zones.some((b) => b.node === z.node && b.zone === z.zone && countsZone(b, rules)),
  );
  const sum = (pick: (z: ZoneEffect) => Change): Change => ({
    before: counted.reduce((s, z) => s + pick(z).before, 0),
    after: counted.reduce((s, z) => s + pick(z).after, 0),
  });
  const total = {
    freePagesAtOrAbove: sum((z) => z.freePagesAtOrAbove),
    blocksAtOrAbove: sum((z) => z.blocksAtOrAbove),
  };
  // at least 4 allocations of the target order must be gained (or lost) to count as a change
  const outcome = classifyEffect(after, total.freePagesAtOrAbove, opts.minChange, 4 << order);
  const pages = total.freePagesAtOrAbove;
  return {
    targetOrder: order,
    verdict: { before: before.verdict, after: after.verdict },
    comparable: after.verdict !== Verdict.Unknown,
    zones,
    total,
    outcome,
    summary: `${outcome}: free pages in blocks of order >= ${order} ${pages.before} -> ${pages.after}; verdict ${before.verdict} -> ${after.verdict}.`,
  };
}
