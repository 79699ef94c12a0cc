/**
 * EventBridge deliveries (CloudEvents 1.0): CVM events such as `cvm:ErrorEvent:GuestOom` carry the
 * instance in `data.instanceId` or the `subject`; a Cloud Monitor alarm forwarded through EventBridge
 * carries the alarm body in `data`.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import { fromCloudMonitor, looksLikeCloudMonitor } from './cloudMonitor';
import { INSTANCE_ID, looseString, parseWith } from './parseWith';
import type { RemediationRequest } from './request';

export const CloudEventSchema = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  source: z.string(),
  type: z.string(),
  subject: z.optional(z.string()),
  time: z.optional(looseString),
  region: z.optional(z.string()),
  data: z.optional(z.unknown()),
});

/** True when the body is a CloudEvents envelope. */
export function looksLikeCloudEvent(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'specversion' in body;
}

/** Normalizes one CloudEvents delivery. */
export function fromEventBridge(body: unknown): RemediationRequest {
  const e = parseWith(CloudEventSchema, body, 'EventBridge event');
  if (looksLikeCloudMonitor(e.data)) {
    return { ...fromCloudMonitor(e.data), source: 'eventbridge' };
  }
  const data = (typeof e.data === 'object' && e.data !== null ? e.data : {}) as Record<string, unknown>;
  const fromData = typeof data.instanceId === 'string' ? data.instanceId : undefined;
  const fromSubject = e.subject?.match(/(ins-[a-z0-9]{8})$/)?.[1];
  const instanceId = fromData ?? fromSubject;
  if (!instanceId || !INSTANCE_ID.test(instanceId)) {
    throw new InputError('EventBridge event: data.instanceId: missing or not an instance id (ins-xxxxxxxx)', {
      field: 'data.instanceId',
    });
  }
  const recovered = /recover|resolved/i.test(e.type);
  return {
    source: 'eventbridge',
    firing: !recovered,
    nodes: [{ kind: 'instance', instanceId }],
    runbook: 'fragmentation',
    reason: `EventBridge event ${e.type} from ${e.source}`.slice(0, 500),
    dedupKey: `eb:${e.id}`,
    dryRun: false,
    params: {},
  };
}
