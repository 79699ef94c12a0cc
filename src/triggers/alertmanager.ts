/**
 * Prometheus Alertmanager webhooks (payload version 4), as TKE managed Prometheus delivers them. Each
 * alert becomes one request; the node comes from its labels: an instance id, a node name, or the IP of
 * an `instance` label such as `10.0.0.12:9100`.
 */
import * as z from 'zod/mini';
import { InputError } from '../errors';
import { INSTANCE_ID, IPV4, parseWith } from './parseWith';
import type { NodeRef, RemediationRequest } from './request';

const Alert = z.looseObject({
  status: z.enum(['firing', 'resolved']),
  labels: z.record(z.string(), z.string()),
  annotations: z.optional(z.record(z.string(), z.string())),
  startsAt: z.optional(z.string()),
  endsAt: z.optional(z.string()),
  fingerprint: z.optional(z.string()),
});

export const AlertmanagerSchema = z.looseObject({
  version: z.literal('4'),
  status: z.optional(z.string()),
  receiver: z.optional(z.string()),
  groupKey: z.optional(z.string()),
  alerts: z.array(Alert).check(z.minLength(1), z.maxLength(1000)),
});

/** True when the body has the shape of an Alertmanager webhook. */
export function looksLikeAlertmanager(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'alerts' in body && 'version' in body;
}

const ID_LABELS = ['instance_id', 'instanceId', 'unInstanceId', 'un_instance_id', 'node_instance_id'];

function nodeOf(labels: Record<string, string>): NodeRef | null {
  for (const key of ID_LABELS) {
    const v = labels[key];
    if (v && INSTANCE_ID.test(v)) return { kind: 'instance', instanceId: v };
  }
  const providerId = labels.provider_id?.match(/(ins-[a-z0-9]{8})$/)?.[1];
  if (providerId) return { kind: 'instance', instanceId: providerId };
  const node = labels.node ?? labels.nodename ?? labels.kubernetes_node;
  if (node && IPV4.test(node)) return { kind: 'private-ip', ip: node };
  const host = labels.instance?.replace(/:\d+$/, '');
  if (host && IPV4.test(host)) return { kind: 'private-ip', ip: host };
  if (node)
    return { kind: 'node-name', nodeName: node, ...(labels.cluster ? { clusterId: labels.cluster } : {}) };
  return null;
}

/** Normalizes one Alertmanager webhook body into one request per alert. */
export function fromAlertmanager(body: unknown): RemediationRequest[] {
  const m = parseWith(AlertmanagerSchema, body, 'Alertmanager webhook');
  return m.alerts.map((alert, i) => {
    const node = nodeOf(alert.labels);
    if (!node) {
      throw new InputError(
        `Alertmanager webhook: alerts.${i}.labels: no instance id, node or instance IP label to act on`,
        { field: `alerts.${i}.labels` },
      );
    }
    const name = alert.labels.alertname ?? 'alert';
    const firing = alert.status === 'firing';
    const summary = alert.annotations?.summary ?? alert.annotations?.description ?? '';
    const identity = alert.fingerprint ?? `${name}:${JSON.stringify(node)}`;
    return {
      source: 'alertmanager' as const,
      firing,
      nodes: [node],
      runbook: 'fragmentation' as const,
      reason:
        `Prometheus alert ${name} ${firing ? 'firing' : 'resolved'}${summary ? `: ${summary}` : ''}`.slice(
          0,
          500,
        ),
      dedupKey: `am:${identity}:${alert.startsAt ?? ''}${firing ? '' : ':resolved'}`,
      dryRun: false,
      params: {},
    };
  });
}
