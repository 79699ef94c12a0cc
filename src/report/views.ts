/**
 * Typed views of the JSON the engine stores in `Snapshot.summary`, `StageRecord.result` and
 * `EffectRecord.effect`. Parsed leniently: a record written by an older or newer engine, or cut short,
 * still renders with what it has instead of breaking the whole report.
 */
import { z } from 'zod';

const num = z.number().catch(0);
const nums = z.array(z.number()).catch([]);

const ZoneSchema = z.object({
  node: num,
  zone: z.string().catch('?'),
  free: nums,
  freePages: num,
  freePagesAtOrAbove: num,
  unusableIndex: nums,
});
/** One zone of a snapshot: free blocks per order and the unusable index per order (0..1000). */
export type ZoneView = z.infer<typeof ZoneSchema>;

const SummarySchema = z.object({
  verdict: z.string().catch('unknown'),
  targetOrder: z.number().int().min(0).max(20).nullable().catch(null),
  worst: z.object({ node: z.number(), zone: z.string() }).nullable().catch(null),
  reasons: z.array(z.string()).catch([]),
  problems: z.array(z.string()).catch([]),
  zones: z.array(ZoneSchema.nullable().catch(null)).catch([]),
});

/** What a snapshot's summary says, with defaults for anything missing. */
export interface SummaryView {
  verdict: string;
  targetOrder: number | null;
  worst: { node: number; zone: string } | null;
  reasons: string[];
  problems: string[];
  zones: ZoneView[];
}

/** Reads a stored snapshot summary. */
export function readSummary(summary: unknown): SummaryView {
  const p = SummarySchema.safeParse(summary ?? {});
  if (!p.success)
    return { verdict: 'unknown', targetOrder: null, worst: null, reasons: [], problems: [], zones: [] };
  return { ...p.data, zones: p.data.zones.filter((z): z is ZoneView => z !== null) };
}

const optNum = z.number().nullable().catch(null);
const optStr = z.string().nullable().catch(null);

const StageResultSchema = z.object({
  task: optStr,
  status: optStr,
  error: optStr,
  stallMs: optNum,
  effect: optStr,
  verdict: optStr,
});
/** What a stage's result says: task outcome, script status, stall, effect class, error. */
export type StageResultView = z.infer<typeof StageResultSchema>;

const EMPTY_RESULT: StageResultView = {
  task: null,
  status: null,
  error: null,
  stallMs: null,
  effect: null,
  verdict: null,
};

/** Reads a stored stage result. */
export function readStageResult(result: unknown): StageResultView {
  const p = StageResultSchema.safeParse(result ?? {});
  return p.success ? p.data : EMPTY_RESULT;
}

const change = z.object({ before: z.number(), after: z.number() });

// the domain's `{ before, after }` pairs, or the flat fields of engines before it
const EffectZoneSchema = z.preprocess(
  (z0) => {
    const v = (z0 ?? {}) as Record<string, unknown>;
    const pair = (k: string) => change.safeParse(v[k]).data;
    return {
      node: v.node,
      zone: v.zone,
      freePagesAtOrAboveBefore: pair('freePagesAtOrAbove')?.before ?? v.freePagesAtOrAboveBefore,
      freePagesAtOrAboveAfter: pair('freePagesAtOrAbove')?.after ?? v.freePagesAtOrAboveAfter,
      unusableIndexBefore: pair('unusableIndex')?.before ?? v.unusableIndexBefore,
      unusableIndexAfter: pair('unusableIndex')?.after ?? v.unusableIndexAfter,
    };
  },
  z.object({
    node: num,
    zone: z.string().catch('?'),
    freePagesAtOrAboveBefore: num,
    freePagesAtOrAboveAfter: num,
    unusableIndexBefore: optNum,
    unusableIndexAfter: optNum,
  }),
);

const EffectSchema = z.object({
  stage: z.string().catch('?'),
  class: z.string().catch('unknown'),
  reason: z.string().catch(''),
  targetOrder: optNum,
  stallMs: optNum,
  pageCacheDroppedKb: optNum,
  slabDroppedKb: optNum,
  zones: z.array(EffectZoneSchema).catch([]),
});
/** The measured effect of one stage. */
export type EffectView = z.infer<typeof EffectSchema>;

/** Reads a stored effect. */
export function readEffect(effect: unknown): EffectView {
  const p = EffectSchema.safeParse(effect ?? {});
  return p.success
    ? p.data
    : {
        stage: '?',
        class: 'unknown',
        reason: '',
        targetOrder: null,
        stallMs: null,
        pageCacheDroppedKb: null,
        slabDroppedKb: null,
        zones: [],
      };
}
