import type { ActionHandler } from '../service';
import { cancelInvocation } from './cancelInvocation';
import { createCommand } from './createCommand';
import { describeAutomationAgentStatus } from './describeAutomationAgentStatus';
import { describeInvocations } from './describeInvocations';
import { describeInvocationTasks } from './describeInvocationTasks';
import { invokeCommand } from './invokeCommand';
import { runCommand } from './runCommand';

/** The TAT actions the emulator answers, by `X-TC-Action`. */
export const ACTIONS: Record<string, ActionHandler> = {
  RunCommand: runCommand,
  CreateCommand: createCommand,
  InvokeCommand: invokeCommand,
  DescribeInvocations: describeInvocations,
  DescribeInvocationTasks: describeInvocationTasks,
  DescribeAutomationAgentStatus: describeAutomationAgentStatus,
  CancelInvocation: cancelInvocation,
};
