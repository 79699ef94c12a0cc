/**
 * Tencent Cloud Monitor alarm callbacks (metric and event kinds). Fields arrive as strings or numbers,
 * `alarmStatus` "1" = firing, "0" = recovered; retries and re-notifications of one alarm occurrence share
 * policy, object, metric/event and first-occurrence time, which is what the dedup key is made of.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import { INSTANCE_ID, IPV4, looseString, parseWith } from './parseWith';
import type { NodeRef, RemediationRequest } from './request';

const Dimensions = z.looseObject({
  unInstanceId: z.optional(z.string()),
  un_instance_id: z.optional(z.string()),
  objName: z.optional(z.string()),
  node: z.optional(z.string()),
  tke_cluster_instance_id: z.optional(z.string()),
  objDetail: z.optional(z.looseObject({ deviceLanIp: z.optional(z.string()) })),
});

export const CloudMonitorAlarmSchema = z.looseObject({
  sessionId: z.optional(z.string()),
  alarmStatus: looseString.check(
    z.refine((v) => v === '0' || v === '1', 'must be "1" (firing) or "0" (recovered)'),
  ),
  alarmType: z.enum(['metric', 'event']),
  alarmObjInfo: z.looseObject({
    region: z.optional(z.string()),
    namespace: z.optional(z.string()),
    dimensions: Dimensions,
  }),
  alarmPolicyInfo: z.looseObject({
    policyId: z.optional(z.string()),
    policyName: z.optional(z.string()),
    policyType: z.optional(z.string()),
    conditions: z.optional(
      z.looseObject({
        metricName: z.optional(z.string()),
        metricShowName: z.optional(z.string()),
        eventName: z.optional(z.string()),
        eventShowName: z.optional(z.string()),
        calcType: z.optional(z.string()),
        calcValue: z.optional(looseString),
        currentValue: z.optional(looseString),
        unit: z.optional(z.string()),
      }),
    ),
  }),
  firstOccurTime: z.optional(looseString),
  durationTime: z.optional(looseString),
  recoverTime: z.optional(looseString),
});
export type CloudMonitorAlarm = z.infer<typeof CloudMonitorAlarmSchema>;

/** True when the body has the shape of a Cloud Monitor callback (used to route an untyped body). */
export function looksLikeCloudMonitor(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'alarmType' in body && 'alarmObjInfo' in body;
}

function nodeOf(d: z.infer<typeof Dimensions>): NodeRef | null {
  const id = d.unInstanceId ?? d.un_instance_id;
  if (id && INSTANCE_ID.test(id)) return { kind: 'instance', instanceId: id };
  const ip = d.objDetail?.deviceLanIp ?? d.objName?.split('#')[0];
  if (ip && IPV4.test(ip)) return { kind: 'private-ip', ip };
  if (d.node && IPV4.test(d.node)) return { kind: 'private-ip', ip: d.node };
  if (d.node)
    return {
      kind: 'node-name',
      nodeName: d.node,
      ...(d.tke_cluster_instance_id ? { clusterId: d.tke_cluster_instance_id } : {}),
    };
  return null;
}

function refKey(n: NodeRef): string {
  return n.kind === 'instance' ? n.instanceId : n.kind === 'private-ip' ? n.ip : n.nodeName;
}

/** Normalizes one Cloud Monitor callback body. */
export function fromCloudMonitor(body: unknown): RemediationRequest {
  const a = parseWith(CloudMonitorAlarmSchema, body, 'Cloud Monitor alarm');
  const node = nodeOf(a.alarmObjInfo.dimensions);
  if (!node) {
    throw new InputError(
      'Cloud Monitor alarm: alarmObjInfo.dimensions: no instance id, private IP or node name to act on',
      {
        field: 'alarmObjInfo.dimensions',
      },
    );
  }
  const c = a.alarmPolicyInfo.conditions;
  const what = a.alarmType === 'metric' ? (c?.metricName ?? 'metric') : (c?.eventName ?? 'event');
  const shown =
    a.alarmType === 'metric' ? (c?.metricShowName ?? what).trim() : (c?.eventShowName ?? what).trim();
  const firing = a.alarmStatus === '1';
  const policy = a.alarmPolicyInfo.policyId ?? a.alarmPolicyInfo.policyName ?? 'policy';
  const value = c?.currentValue !== undefined ? ` = ${c.currentValue}${c.unit ?? ''}` : '';
  return {
    source: 'cloud-monitor',
    firing,
    nodes: [node],
    runbook: 'fragmentation',
    reason: `Cloud Monitor ${a.alarmType} alarm "${shown}"${value} ${firing ? 'firing' : 'recovered'} (policy ${policy})`,
    dedupKey: `cm:${policy}:${refKey(node)}:${what}:${a.firstOccurTime ?? a.sessionId ?? ''}${firing ? '' : ':recovered'}`,
    dryRun: false,
    params: {},
  };
}
