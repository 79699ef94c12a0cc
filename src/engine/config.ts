/** Engine settings: leases, cooldowns, attempt limits, gates and compaction budgets, with safe defaults. */
import * as z from 'zod/mini';
import '../zodEnglish';

const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/));
// `z.number().check(z.int(), …)` rather than `z.int()`: a non-number then reports "expected number", as before
const int = (...checks: z.core.$ZodCheck<number>[]) => z.number().check(z.int(), ...checks);

/** A weekly UTC window, `HH:MM`-`HH:MM`; an end before the start runs past midnight. */
export const MaintenanceWindowSchema = z.strictObject({
  /** 0 = Sunday .. 6 = Saturday (UTC); absent = every day */
  days: z.optional(z.array(int(z.minimum(0), z.maximum(6)))),
  start: hhmm,
  end: hhmm,
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

/** A change freeze: no remediation from `from` (inclusive) to `to` (exclusive), epoch ms. */
export const ChangeFreezeSchema = z.strictObject({
  from: int(),
  to: int(),
  reason: z._default(z.string(), 'change freeze'),
});
export type ChangeFreeze = z.infer<typeof ChangeFreezeSchema>;

/** Every engine setting with its default. */
export const EngineConfigSchema = z.strictObject({
  /** per-node lease; a run renews it before every stage, so it must outlast the longest stage + re-probe */
  leaseTtlMs: z._default(int(z.positive()), 20 * 60_000),
  /** no new remediation episode for a node this long after the last one closed */
  cooldownMs: z._default(int(z.minimum(0)), 30 * 60_000),
  /** more remediation episodes than `max` within `windowMs` means the node keeps refragmenting: stop and recommend */
  attemptLimit: z.prefault(
    z.strictObject({
      max: z._default(int(z.positive()), 3),
      windowMs: z._default(int(z.positive()), 24 * 3_600_000),
    }),
    {},
  ),
  /** approval before compaction: the episode waits in awaiting-approval up to `timeoutMs` */
  approval: z.prefault(
    z.strictObject({
      compaction: z._default(z.boolean(), false),
      timeoutMs: z._default(int(z.positive()), 3_600_000),
    }),
    {},
  ),
  /** remediation only inside one of these windows (none = any time) */
  windows: z._default(z.array(MaintenanceWindowSchema), []),
  freezes: z._default(z.array(ChangeFreezeSchema), []),
  /** compaction slots held across all function instances (store semaphore `compact`) */
  maxConcurrentCompactions: z._default(int(z.positive()), 5),
  slotTtlMs: z._default(int(z.positive()), 20 * 60_000),
  /** kept free before a deadline for recording and releasing */
  deadlineMarginMs: z._default(int(z.minimum(0)), 5_000),
  /** how long a trigger's dedup key maps to its episode */
  dedupTtlMs: z._default(int(z.positive()), 3_600_000),
});
export type EngineConfig = z.infer<typeof EngineConfigSchema>;
/** What a caller may pass: every field optional. */
export type EngineConfigInput = z.input<typeof EngineConfigSchema>;

/** Validates engine settings and fills the defaults. */
export function engineConfig(input: EngineConfigInput = {}): EngineConfig {
  return EngineConfigSchema.parse(input);
}
