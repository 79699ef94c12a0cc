/** Engine settings: leases, cooldowns, attempt limits, gates and compaction budgets, with safe defaults. */
import { z } from 'zod';

/** A weekly UTC window, `HH:MM`-`HH:MM`; an end before the start runs past midnight. */
export const MaintenanceWindowSchema = z.strictObject({
  /** 0 = Sunday .. 6 = Saturday (UTC); absent = every day */
  days: z.array(z.number().int().min(0).max(6)).optional(),
  start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>;

/** A change freeze: no remediation from `from` (inclusive) to `to` (exclusive), epoch ms. */
export const ChangeFreezeSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  reason: z.string().default('change freeze'),
});
export type ChangeFreeze = z.infer<typeof ChangeFreezeSchema>;

export const EngineConfigSchema = z.strictObject({
  /** per-node lease; a run renews it before every stage, so it must outlast the longest stage + re-probe */
  leaseTtlMs: z
    .number()
    .int()
    .positive()
    .default(20 * 60_000),
  /** no new remediation episode for a node this long after the last one closed */
  cooldownMs: z
    .number()
    .int()
    .min(0)
    .default(30 * 60_000),
  /** more remediation episodes than `max` within `windowMs` means the node keeps refragmenting: stop and recommend */
  attemptLimit: z
    .strictObject({
      max: z.number().int().positive().default(3),
      windowMs: z
        .number()
        .int()
        .positive()
        .default(24 * 3_600_000),
    })
    .prefault({}),
  /** approval before compaction: the episode waits in awaiting-approval up to `timeoutMs` */
  approval: z
    .strictObject({
      compaction: z.boolean().default(false),
      timeoutMs: z.number().int().positive().default(3_600_000),
    })
    .prefault({}),
  /** remediation only inside one of these windows (none = any time) */
  windows: z.array(MaintenanceWindowSchema).default([]),
  freezes: z.array(ChangeFreezeSchema).default([]),
  /** compaction slots held across all function instances (store semaphore `compact`) */
  maxConcurrentCompactions: z.number().int().positive().default(5),
  slotTtlMs: z
    .number()
    .int()
    .positive()
    .default(20 * 60_000),
  /** kept free before a deadline for recording and releasing */
  deadlineMarginMs: z.number().int().min(0).default(5_000),
  /** how long a trigger's dedup key maps to its episode */
  dedupTtlMs: z.number().int().positive().default(3_600_000),
});
export type EngineConfig = z.infer<typeof EngineConfigSchema>;
/** What a caller may pass: every field optional. */
export type EngineConfigInput = z.input<typeof EngineConfigSchema>;

/** Validates engine settings and fills the defaults. */
export function engineConfig(input: EngineConfigInput = {}): EngineConfig {
  return EngineConfigSchema.parse(input);
}
