import type { EmulatedNode } from '../emulatedNode';
import { applyFilters, checkIds, optFilters, optStringList, paging, rejectUnknown } from '../params';
import type { ActionHandler } from '../service';

const FILTERS = ['instance-id', 'private-ip-address', 'instance-name', 'instance-state'];

function state(n: EmulatedNode): string {
  return n.faults.instanceState ?? 'RUNNING';
}

function field(n: EmulatedNode, name: string): string | undefined {
  if (name === 'instance-id') return n.instanceId;
  if (name === 'private-ip-address') return n.spec.privateIp;
  if (name === 'instance-name') return n.spec.hostname;
  if (name === 'instance-state') return state(n);
  if (name.startsWith('tag:')) return n.spec.tags[name.slice(4)];
  return undefined;
}

/** CVM DescribeInstances (2017-03-12): ids or filters (incl. `tag:<key>`), paged; never builds a node's model. */
export const describeInstances: ActionHandler = (p, svc) => {
  rejectUnknown(p, ['InstanceIds', 'Filters', 'Limit', 'Offset']);
  const tagNames = Array.isArray(p.Filters)
    ? (p.Filters as { Name?: unknown }[])
        .map((f) => f?.Name)
        .filter((n): n is string => typeof n === 'string' && n.startsWith('tag:'))
    : [];
  const filters = optFilters(p, [...FILTERS, ...tagNames], 'InstanceIds');
  const ids = optStringList(p, 'InstanceIds', 100);
  if (ids) checkIds(ids, 'ins', 'InvalidInstanceId.Malformed');
  const { limit, offset } = paging(p);
  const source = ids
    ? ids.map((id) => svc.nodes.get(id)).filter((n): n is EmulatedNode => n !== undefined)
    : svc.nodeList;
  const matched = applyFilters(source, filters, field);
  return {
    TotalCount: matched.length,
    InstanceSet: matched.slice(offset, offset + limit).map((n) => ({
      InstanceId: n.instanceId,
      InstanceName: n.spec.hostname,
      InstanceState: state(n),
      PrivateIpAddresses: [n.spec.privateIp],
      Memory: Math.round(n.spec.memoryMiB / 1024),
      OsName: n.spec.kernel === '3.10' ? 'CentOS 7.9 64bit' : 'TencentOS Server 3.1',
      Tags: Object.entries(n.spec.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  };
};
