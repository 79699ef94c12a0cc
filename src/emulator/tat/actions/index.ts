import type { ActionHandler } from '../service';
import { cancelInvocation } from './cancelInvocation';
import { createCommand } from './createCommand';
import { describeAutomationAgentStatus } from './describeAutomationAgentStatus';
import { describeClusterInstances } from './describeClusterInstances';
import { describeInstances } from './describeInstances';
import { describeInvocations } from './describeInvocations';
import { describeInvocationTasks } from './describeInvocationTasks';
import { invokeCommand } from './invokeCommand';
import { runCommand } from './runCommand';

/**
 * The actions the emulator answers, by `X-TC-Action`: TAT's, plus CVM DescribeInstances and TKE
 * DescribeClusterInstances for target resolution (their action names do not collide with TAT's).
 */
export const ACTIONS: Record<string, ActionHandler> = {
  RunCommand: runCommand,
  CreateCommand: createCommand,
  InvokeCommand: invokeCommand,
  DescribeInvocations: describeInvocations,
  DescribeInvocationTasks: describeInvocationTasks,
  DescribeAutomationAgentStatus: describeAutomationAgentStatus,
  CancelInvocation: cancelInvocation,
  DescribeInstances: describeInstances,
  DescribeClusterInstances: describeClusterInstances,
};

/** API versions of the non-TAT actions (everything else is TAT's 2020-10-28). */
export const ACTION_VERSIONS: Record<string, string> = {
  DescribeInstances: '2017-03-12',
  DescribeClusterInstances: '2018-05-25',
};
