/**
 * The four TAT actions the executor needs, typed, on top of the shared cloud caller (limiter, retry,
 * credentials). The only file that imports the TAT SDK client.
 */
import { Client } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tat/v20201028/tat_client';
import type {
  AutomationAgentInfo,
  CancelInvocationRequest,
  DescribeAutomationAgentStatusRequest,
  DescribeAutomationAgentStatusResponse,
  DescribeInvocationTasksRequest,
  DescribeInvocationTasksResponse,
  InvocationTask,
  RunCommandRequest,
  RunCommandResponse,
} from 'tencentcloud-sdk-nodejs/tencentcloud/services/tat/v20201028/tat_models';
import { type CloudApiOptions, createCloudApi, type SdkClientClass } from '../cloud/cloudApi';

export type { AutomationAgentInfo, InvocationTask };

/** TAT list APIs return at most 100 items per page. */
export const TAT_PAGE_LIMIT = 100;

/** The TAT calls used by the executor. */
export interface TatApi {
  describeAgents(instanceIds: string[], signal?: AbortSignal): Promise<AutomationAgentInfo[]>;
  runCommand(req: RunCommandRequest, signal?: AbortSignal): Promise<{ invocationId: string }>;
  /** One page of tasks of up to 5 invocations (a filter holds at most 5 values). */
  describeTasks(
    invocationIds: string[],
    offset: number,
    signal?: AbortSignal,
  ): Promise<{ total: number; tasks: InvocationTask[] }>;
  cancelInvocation(invocationId: string, signal?: AbortSignal): Promise<void>;
}

/** Builds the TAT caller for `opts.region` (and `opts.endpoint`, e.g. the emulator). */
export function createTatApi(opts: CloudApiOptions): TatApi {
  const api = createCloudApi('tat', Client as unknown as SdkClientClass, opts);
  return {
    async describeAgents(instanceIds, signal) {
      // InstanceIds takes at most 100 ids; with ids given, Limit still defaults to 20
      const req: DescribeAutomationAgentStatusRequest = { InstanceIds: instanceIds, Limit: TAT_PAGE_LIMIT };
      const res = await api.call<DescribeAutomationAgentStatusResponse>(
        'DescribeAutomationAgentStatus',
        req,
        'read',
        signal,
      );
      return res.AutomationAgentSet ?? [];
    },
    async runCommand(req, signal) {
      const res = await api.call<RunCommandResponse>('RunCommand', req, 'write', signal);
      if (!res.InvocationId) throw new Error('RunCommand answered without an InvocationId');
      return { invocationId: res.InvocationId };
    },
    async describeTasks(invocationIds, offset, signal) {
      const req: DescribeInvocationTasksRequest = {
        Filters: [{ Name: 'invocation-id', Values: invocationIds }],
        HideOutput: false,
        Limit: TAT_PAGE_LIMIT,
        Offset: offset,
      };
      const res = await api.call<DescribeInvocationTasksResponse>(
        'DescribeInvocationTasks',
        req,
        'read',
        signal,
      );
      return { total: res.TotalCount ?? 0, tasks: res.InvocationTaskSet ?? [] };
    },
    async cancelInvocation(invocationId, signal) {
      const req: CancelInvocationRequest = { InvocationId: invocationId };
      await api.call('CancelInvocation', req, 'write', signal);
    },
  };
}
