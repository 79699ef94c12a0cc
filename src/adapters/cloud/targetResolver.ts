/**
 * Resolves how a request names its nodes (instance ids, private IPs, a TKE cluster, CVM tags) to CVM
 * instances, through CVM DescribeInstances and TKE DescribeClusterInstances with the same limiter, retry
 * and error mapping as the TAT adapter. The only file that imports the CVM and TKE SDK clients.
 */
import { Client as CvmClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_client';
import type {
  DescribeInstancesRequest,
  DescribeInstancesResponse,
  Instance,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/cvm/v20170312/cvm_models';
import { Client as TkeClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_client';
import type {
  DescribeClusterInstancesRequest,
  DescribeClusterInstancesResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tke/v20180525/tke_models';
import type { Target, TargetResolver, TargetSelector } from '../../ports';
import { type CloudApiOptions, createCloudApi, type SdkClientClass } from './cloudApi';

/** CVM and TKE list APIs return at most 100 items per page; a filter holds at most 5 values. */
const PAGE = 100;
const FILTER_VALUES = 5;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toTarget(i: Instance): Target {
  const ip = i.PrivateIpAddresses?.[0];
  return {
    instanceId: i.InstanceId ?? '',
    ...(ip ? { privateIp: ip } : {}),
    ...(i.InstanceName ? { name: i.InstanceName } : {}),
  };
}

/** Builds a resolver for `opts.region` (and `opts.endpoint`, e.g. the emulator, for both services). */
export function createTargetResolver(opts: CloudApiOptions): TargetResolver {
  const cvm = createCloudApi('cvm', CvmClient as unknown as SdkClientClass, opts);
  const tke = createCloudApi('tke', TkeClient as unknown as SdkClientClass, opts);

  async function describeAll(base: DescribeInstancesRequest): Promise<Instance[]> {
    const out: Instance[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await cvm.call<DescribeInstancesResponse>(
        'DescribeInstances',
        { ...base, Offset: offset, Limit: PAGE },
        'read',
      );
      out.push(...(res.InstanceSet ?? []));
      if (offset + PAGE >= (res.TotalCount ?? 0) || (res.InstanceSet ?? []).length === 0) return out;
    }
  }

  async function byIds(ids: readonly string[]): Promise<Target[]> {
    const found: Instance[] = [];
    for (const part of chunks(ids, PAGE)) found.push(...(await describeAll({ InstanceIds: part })));
    return found.map(toTarget);
  }

  async function byIps(ips: readonly string[]): Promise<Target[]> {
    const found: Instance[] = [];
    for (const part of chunks(ips, FILTER_VALUES)) {
      found.push(...(await describeAll({ Filters: [{ Name: 'private-ip-address', Values: part }] })));
    }
    return found.map(toTarget);
  }

  async function byCluster(clusterId: string): Promise<Target[]> {
    const out: Target[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const req: DescribeClusterInstancesRequest = {
        ClusterId: clusterId,
        Offset: offset,
        Limit: PAGE,
        InstanceRole: 'WORKER',
      };
      const res = await tke.call<DescribeClusterInstancesResponse>('DescribeClusterInstances', req, 'read');
      for (const i of res.InstanceSet ?? []) {
        if (!i.InstanceId?.startsWith('ins-')) continue; // native nodes (np-...) are not addressable by TAT
        out.push({
          instanceId: i.InstanceId,
          clusterId,
          ...(i.LanIP ? { privateIp: i.LanIP, nodeName: i.LanIP } : {}),
        });
      }
      if (offset + PAGE >= (res.TotalCount ?? 0) || (res.InstanceSet ?? []).length === 0) return out;
    }
  }

  async function byTags(tags: Record<string, string>): Promise<Target[]> {
    const Filters = Object.entries(tags).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] }));
    return (await describeAll({ Filters })).map(toTarget);
  }

  return {
    async resolve(selector: TargetSelector): Promise<Target[]> {
      switch (selector.kind) {
        case 'instances':
          return byIds(selector.instanceIds);
        case 'private-ips':
          return byIps(selector.ips);
        case 'cluster':
          return byCluster(selector.clusterId);
        case 'tags':
          return byTags(selector.tags);
        case 'all':
          return (await describeAll({})).map(toTarget);
      }
    },
  };
}
