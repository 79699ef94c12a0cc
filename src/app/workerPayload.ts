/**
 * What alarm, invoke and sweep hand to the worker (SCF async Invoke): one episode to run, or one shard of a
 * fleet run. Validated on arrival because an async event is as untrusted as any other input.
 */
import * as z from 'zod/mini';
import { INSTANCE_ID, parseWith } from '../triggers/parseWith';

const ID = /^[a-z]{1,27}-[0-9a-f-]{36}$/;

/** The parts of a remediation request a shard carries (the nodes are the shard's instance ids). */
export const ShardTemplateSchema = z.strictObject({
  source: z.enum(['manual', 'sweep']),
  runbook: z.enum(['fragmentation', 'diagnose']),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  dedupKey: z.string().check(z.minLength(1), z.maxLength(200)),
  dryRun: z.boolean(),
  stages: z.optional(z.array(z.enum(['drop_caches', 'compact']))),
  approve: z.optional(z.boolean()),
  params: z.strictObject({
    dropCachesMode: z.optional(z.union([z.literal(1), z.literal(2), z.literal(3)])),
    syncFirst: z.optional(z.boolean()),
    compactScope: z.optional(z.enum(['global', 'numa'])),
    targetOrder: z.optional(z.int().check(z.minimum(0), z.maximum(13))),
  }),
});
export type ShardTemplate = z.infer<typeof ShardTemplateSchema>;

export const WorkerPayloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('episode'), episodeId: z.string().check(z.regex(ID)) }),
  z.strictObject({
    kind: z.literal('shard'),
    parentRunId: z.string().check(z.regex(ID)),
    instanceIds: z.array(z.string().check(z.regex(INSTANCE_ID))).check(z.minLength(1), z.maxLength(2000)),
    request: ShardTemplateSchema,
  }),
]);
/** One unit of worker work. */
export type WorkerPayload = z.infer<typeof WorkerPayloadSchema>;

/** Parses a worker event: the payload object itself, or its JSON text (SCF's ClientContext). */
export function parseWorkerPayload(event: unknown): WorkerPayload {
  let body = event;
  if (typeof event === 'string') {
    try {
      body = JSON.parse(event) as unknown;
    } catch {
      body = event;
    }
  }
  return parseWith(WorkerPayloadSchema, body, 'worker payload');
}
