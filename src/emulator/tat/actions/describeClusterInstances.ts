import { apiError } from '../apiError';
import { paging, rejectUnknown, reqString } from '../params';
import type { ActionHandler } from '../service';

/** TKE DescribeClusterInstances (2018-05-25): the WORKER nodes of one cluster from the fleet spec, paged. */
export const describeClusterInstances: ActionHandler = (p, svc) => {
  rejectUnknown(p, ['ClusterId', 'Offset', 'Limit', 'InstanceIds', 'InstanceRole', 'Filters']);
  const clusterId = reqString(p, 'ClusterId');
  const members = svc.nodeList.filter((n) => n.spec.clusterId === clusterId);
  if (members.length === 0)
    throw apiError('InvalidParameter.ClusterNotFound', `Cluster ${clusterId} not found.`);
  const role = p.InstanceRole ?? 'WORKER';
  const { limit, offset } = paging(p);
  const workers = role === 'WORKER' ? members : [];
  return {
    TotalCount: workers.length,
    InstanceSet: workers.slice(offset, offset + limit).map((n) => ({
      InstanceId: n.instanceId,
      InstanceRole: 'WORKER',
      InstanceState: n.faults.instanceState === 'STOPPED' ? 'failed' : 'running',
      LanIP: n.spec.privateIp,
      FailedReason: '',
      DrainStatus: '',
      CreatedTime: '2026-01-01T00:00:00Z',
    })),
  };
};
