/**
 * The manual runbook API's own request body (also what the CLI builds). Strict: an unknown key is a
 * typo and answers 400 naming it, rather than being silently ignored.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import { INSTANCE_ID, IPV4, parseWith } from './parseWith';
import type { NodeRef, RemediationRequest } from './request';

const TAG = /^[A-Za-z0-9_.:/=+@ -]{1,127}$/;

export const RunbookParamsSchema = z.strictObject({
  dropCachesMode: z.optional(z.union([z.literal(1), z.literal(2), z.literal(3)])),
  syncFirst: z.optional(z.boolean()),
  compactScope: z.optional(z.enum(['global', 'numa'])),
  targetOrder: z.optional(z.int().check(z.minimum(1), z.maximum(13))),
});

export const ManualRequestSchema = z.strictObject({
  runbook: z.optional(z.enum(['fragmentation', 'diagnose'])),
  instanceIds: z.optional(
    z
      .array(z.string().check(z.regex(INSTANCE_ID, 'must look like ins-xxxxxxxx')))
      .check(z.minLength(1), z.maxLength(10000)),
  ),
  privateIps: z.optional(
    z
      .array(z.string().check(z.regex(IPV4, 'must be an IPv4 address')))
      .check(z.minLength(1), z.maxLength(10000)),
  ),
  cluster: z.optional(z.string().check(z.regex(/^cls-[a-z0-9]{8}$/, 'must look like cls-xxxxxxxx'))),
  tags: z.optional(z.record(z.string().check(z.regex(TAG)), z.string().check(z.regex(TAG)))),
  dryRun: z.optional(z.boolean()),
  stages: z.optional(z.array(z.enum(['drop_caches', 'compact'])).check(z.minLength(1), z.maxLength(2))),
  approve: z.optional(z.boolean()),
  reason: z.string().check(z.minLength(1), z.maxLength(500)),
  idempotencyKey: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and ._:- only')),
  ),
  params: z.optional(RunbookParamsSchema),
});
export type ManualRequest = z.infer<typeof ManualRequestSchema>;

/** Normalizes a manual start request; `requestId` (the platform's) dedups when no idempotency key is given. */
export function fromManual(body: unknown, requestId: string): RemediationRequest {
  const m = parseWith(ManualRequestSchema, body, 'request');
  const nodes: NodeRef[] = [
    ...(m.instanceIds ?? []).map((instanceId) => ({ kind: 'instance' as const, instanceId })),
    ...(m.privateIps ?? []).map((ip) => ({ kind: 'private-ip' as const, ip })),
  ];
  if (nodes.length === 0 && !m.cluster && !m.tags) {
    throw new InputError('request: instanceIds: name the nodes (instanceIds, privateIps, cluster or tags)', {
      field: 'instanceIds',
    });
  }
  const params = m.params ?? {};
  return {
    source: 'manual',
    firing: true,
    nodes,
    ...(m.cluster ? { cluster: m.cluster } : {}),
    ...(m.tags ? { tags: m.tags } : {}),
    runbook: m.runbook ?? 'fragmentation',
    reason: m.reason,
    dedupKey: `manual:${m.idempotencyKey ?? requestId}`,
    dryRun: m.dryRun ?? false,
    ...(m.stages ? { stages: m.stages } : {}),
    ...(m.approve !== undefined ? { approve: m.approve } : {}),
    params: {
      ...(params.dropCachesMode !== undefined ? { dropCachesMode: params.dropCachesMode } : {}),
      ...(params.syncFirst !== undefined ? { syncFirst: params.syncFirst } : {}),
      ...(params.compactScope !== undefined ? { compactScope: params.compactScope } : {}),
      ...(params.targetOrder !== undefined ? { targetOrder: params.targetOrder } : {}),
    },
  };
}
