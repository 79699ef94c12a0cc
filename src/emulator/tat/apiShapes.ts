import type { InvocationRecord, TaskRecord, TatStore } from './records';
import { aggregateInvocationStatus } from './taskStatus';

/** Turns stored records into the response shapes of the SDK's `tat_models` (times as in the official examples). */

/** `YYYY-MM-DDThh:mm:ss+00:00`, or null. */
export function tatTime(ms: number | null): string | null {
  if (ms === null) return null;
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/** `InvocationTask`, with `TaskResult.Output` only when `hideOutput` is false (hidden output is ""). */
export function toInvocationTask(t: TaskRecord, hideOutput: boolean): Record<string, unknown> {
  return {
    InvocationId: t.InvocationId,
    InvocationTaskId: t.InvocationTaskId,
    CommandId: t.CommandId,
    TaskStatus: t.status,
    InstanceId: t.InstanceId,
    TaskResult: {
      ExitCode: t.exitCode,
      Output: hideOutput ? '' : t.output.toString('base64'),
      ExecStartTime: tatTime(t.execStartTime),
      ExecEndTime: tatTime(t.execEndTime),
      Dropped: t.dropped,
      OutputUrl: '',
      OutputUploadCOSErrorInfo: '',
    },
    StartTime: tatTime(t.startTime),
    EndTime: tatTime(t.endTime),
    CreatedTime: tatTime(t.createdAt),
    UpdatedTime: tatTime(t.updatedAt),
    CommandDocument: {
      Content: t.content,
      CommandType: t.CommandType,
      Timeout: t.Timeout,
      WorkingDirectory: t.WorkingDirectory,
      Username: t.Username,
      OutputCOSBucketUrl: t.OutputCOSBucketUrl,
      OutputCOSKeyPrefix: t.OutputCOSKeyPrefix,
    },
    ErrorInfo: t.errorInfo,
    InvocationSource: 'USER',
    CommandName: t.CommandName,
  };
}

function latest(values: (number | null)[], pick: (a: number, b: number) => number): number | null {
  const nums = values.filter((v): v is number => v !== null);
  return nums.length === 0 ? null : nums.reduce((a, b) => pick(a, b));
}

/** `Invocation`, with its status rolled up from its tasks. */
export function toInvocation(inv: InvocationRecord, store: TatStore): Record<string, unknown> {
  const tasks = inv.taskIds.map((id) => store.tasks.get(id)).filter((t): t is TaskRecord => t !== undefined);
  const status = aggregateInvocationStatus(tasks.map((t) => t.status));
  const done = status !== 'PENDING' && status !== 'RUNNING' && status !== 'CANCELLING';
  return {
    InvocationId: inv.InvocationId,
    CommandId: inv.CommandId,
    CommandName: inv.CommandName,
    InvocationStatus: status,
    InvocationTaskBasicInfoSet: tasks.map((t) => ({
      InvocationTaskId: t.InvocationTaskId,
      TaskStatus: t.status,
      InstanceId: t.InstanceId,
    })),
    Description: inv.Description,
    StartTime: tatTime(
      latest(
        tasks.map((t) => t.startTime),
        Math.min,
      ) ?? inv.createdAt,
    ),
    EndTime: done
      ? tatTime(
          latest(
            tasks.map((t) => t.endTime),
            Math.max,
          ),
        )
      : null,
    CreatedTime: tatTime(inv.createdAt),
    UpdatedTime: tatTime(latest([inv.createdAt, ...tasks.map((t) => t.updatedAt)], Math.max)),
    Parameters: inv.Parameters,
    DefaultParameters: inv.DefaultParameters,
    InstanceKind: 'CVM',
    Username: inv.Username,
    InvocationSource: 'USER',
    CommandContent: inv.CommandContent,
    CommandType: inv.CommandType,
    Timeout: inv.Timeout,
    WorkingDirectory: inv.WorkingDirectory,
    OutputCOSBucketUrl: inv.OutputCOSBucketUrl,
    OutputCOSKeyPrefix: inv.OutputCOSKeyPrefix,
  };
}
