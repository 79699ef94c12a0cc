/**
 * A runbook is validated data: the probe it verifies with and its remediation stages, each with its script,
 * timeout, the verdicts that allow it, the verification after it, and when to escalate or stop.
 */
import * as z from 'zod/mini';
import { StageKind, Verdict } from '../src/domain/types';
import '../src/zodEnglish';
import { ScriptName } from './scripts';

const idString = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/));
// `z.number().check(z.int(), …)` rather than `z.int()`: a non-number then reports "expected number", as before
const int = (...checks: z.core.$ZodCheck<number>[]) => z.number().check(z.int(), ...checks);

/** Runbook parameters with safe defaults; a request may override them, nothing else. */
export const RunbookParamsSchema = z.strictObject({
  dropCaches: z.prefault(
    z.strictObject({
      /** 1 page cache, 2 reclaimable slab, 3 both (the TKE guide's `echo 3`) */
      mode: z._default(z.union([z.literal(1), z.literal(2), z.literal(3)]), 3),
      /** `sync` first frees more but adds write I/O and can block for long on dirty-heavy nodes: off by default */
      sync: z._default(z.boolean(), false),
    }),
    {},
  ),
  compaction: z.prefault(
    z.strictObject({
      /** `nodes`: only the NUMA nodes the diagnosis names (global when it names none); `global`: compact_memory */
      scope: z._default(z.enum(['nodes', 'global']), 'nodes'),
    }),
    {},
  ),
  /** the allocation order that must be served; absent = the diagnosis' own target order */
  // 1..13: arm64 with 64 KiB pages has orders up to 13; order 0 failing is exhaustion, not fragmentation
  targetOrder: z.optional(int(z.minimum(1), z.maximum(13))),
  /** read /proc/pagetypeinfo in the probe (root-only, takes zone locks): needed to tell unmovable fragmentation */
  pagetypeinfo: z._default(z.boolean(), true),
});
export type RunbookParams = z.infer<typeof RunbookParamsSchema>;

/** What a stage's measured effect leads to next. */
export const EffectClass = {
  Resolved: 'resolved',
  Improved: 'improved',
  NoEffect: 'no-effect',
  Regressed: 'regressed',
  Failed: 'failed',
} as const;
export type EffectClass = (typeof EffectClass)[keyof typeof EffectClass];

const effectClass = z.enum(Object.values(EffectClass) as [EffectClass, ...EffectClass[]]);
const verdict = z.enum(Object.values(Verdict) as [Verdict, ...Verdict[]]);

/** One remediation stage of a runbook. */
export const RunbookStageSchema = z.strictObject({
  kind: z.enum(Object.values(StageKind) as [StageKind, ...StageKind[]]),
  script: z.enum([ScriptName.DropCaches, ScriptName.Compact]),
  timeoutSeconds: int(z.minimum(1), z.maximum(3600)),
  /** the verdicts under which the stage may run at all */
  allowedVerdicts: z.array(verdict).check(z.minLength(1)),
  /** the verification that follows the stage: the same probe, evaluated again */
  verify: z._default(z.literal('reprobe'), 'reprobe'),
  /** go on to the next planned stage only after these effects of this one */
  escalateOn: z._default(z.array(effectClass), ['improved', 'no-effect']),
  /** end the episode after these effects of this one (resolved always ends it) */
  stopOn: z._default(z.array(effectClass), ['resolved', 'regressed', 'failed']),
  /** may need an operator's approval first (when the engine's approval gate is on) */
  approvable: z._default(z.boolean(), false),
});
export type RunbookStage = z.infer<typeof RunbookStageSchema>;

/** A whole runbook. */
export const RunbookSchema = z
  .strictObject({
    name: idString,
    /** the problem an episode of this runbook is about; one open episode per (node, problem) */
    problem: idString,
    description: z.string().check(z.minLength(1)),
    probe: z.strictObject({ timeoutSeconds: int(z.minimum(1), z.maximum(600)) }),
    stages: z.array(RunbookStageSchema),
    params: z.prefault(RunbookParamsSchema, {}),
  })
  .check(
    z.superRefine((rb, ctx) => {
      const kinds = rb.stages.map((s) => s.kind);
      if (new Set(kinds).size !== kinds.length)
        ctx.addIssue({ code: 'custom', message: 'a stage kind appears twice' });
      for (const s of rb.stages) {
        const expected = s.kind === StageKind.DropCaches ? ScriptName.DropCaches : ScriptName.Compact;
        if (s.script !== expected)
          ctx.addIssue({ code: 'custom', message: `stage ${s.kind} must run ${expected}` });
      }
    }),
  );
export type Runbook = z.infer<typeof RunbookSchema>;
